"""The «Sekretariat» group from the migration, and the demo secretariat who uses it."""

from django.contrib.auth.models import Group

from invekst.demo import SECRETARIAT_EMAIL, load_demo
from members.models import User


def test_the_demo_secretariat_is_staff_in_the_group_and_not_a_superuser(seeded):
    User.objects.create(email=SECRETARIAT_EMAIL, is_staff=True, is_superuser=True)  # an older demo database
    load_demo()
    user = User.objects.get(email=SECRETARIAT_EMAIL)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Sekretariat"]
    assert user.has_perm("members.change_company")


def test_the_group_grants_no_power_over_accounts_and_no_deletion_of_history(db):
    perms = set(Group.objects.get(name="Sekretariat").permissions.values_list("content_type__app_label", "codename"))
    assert ("members", "view_user") in perms and ("members", "change_user") in perms
    assert ("invekst", "delete_newspost") in perms and ("workgroups", "delete_meeting") in perms
    assert not {p for p in perms if p[0] in {"auth", "account", "mfa", "sessions", "admin", "contenttypes"}}
    forbidden_deletes = {
        "company",
        "representative",
        "commitment",
        "participant",
        "membershipevent",
        "user",
        "observation",
        "target",
        "segmentmailing",
    }
    assert not {codename for _, codename in perms if codename.startswith("delete_")} & {
        f"delete_{m}" for m in forbidden_deletes
    }
    assert not {codename for _, codename in perms if codename.startswith(("add_historical", "change_historical"))}
