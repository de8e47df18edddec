"""The secretariat edits people's names and contact details, never what grants power."""

import pytest

from members.models import User
from tests.factories import PASSWORD


def change_url(user):
    return f"/admin/members/user/{user.pk}/change/"


def test_the_secretariat_cannot_open_the_password_form(client, login, staff, company_admin):
    login(staff)
    assert client.get(f"/admin/members/user/{company_admin.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/members/user/{company_admin.pk}/password/",
        {"password1": "ny-passord-som-er-langt", "password2": "ny-passord-som-er-langt", "usable_password": "true"},
    )
    assert response.status_code == 403
    company_admin.refresh_from_db()
    assert company_admin.check_password(PASSWORD)


def test_a_superuser_can_open_the_password_form(client, login, superuser, company_admin):
    assert login(superuser).get(f"/admin/members/user/{company_admin.pk}/password/").status_code == 200


def test_the_secretariat_changes_a_name_but_not_the_flags_groups_or_password(client, login, staff, company_admin):
    login(staff)
    page = client.get(change_url(company_admin)).content.decode()
    assert 'name="name"' in page
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "password"):
        assert f'name="{field}"' not in page
    assert "/password/" not in page
    response = client.post(
        change_url(company_admin),
        {
            "email": company_admin.email,
            "name": "Kari Nordmann",
            "phone": "",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [staff.groups.get().pk],
        },
    )
    assert response.status_code == 302
    company_admin.refresh_from_db()
    assert company_admin.name == "Kari Nordmann"
    assert not company_admin.is_superuser
    assert not company_admin.is_staff
    assert not company_admin.groups.exists()


@pytest.mark.parametrize("target", ["staff", "superuser"])
def test_the_secretariat_cannot_change_a_staff_account(client, login, staff, superuser, target):
    other = {"staff": User.objects.create_user(email="kollega@invekst.no", is_staff=True), "superuser": superuser}[
        target
    ]
    login(staff)
    page = client.get(change_url(other)).content.decode()
    assert 'name="email"' not in page  # shown read-only: an e-mail change would hand over the account
    response = client.post(change_url(other), {"email": "meg@invekst.no", "name": "x"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.email != "meg@invekst.no"


def test_a_superuser_still_sees_every_field(client, login, superuser, company_admin):
    page = login(superuser).get(change_url(company_admin)).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' in page


def test_the_secretariat_cannot_touch_groups_or_permissions(client, login, staff):
    login(staff)
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 403
    assert not staff.has_perm("auth.change_permission")
    assert not staff.has_perm("members.add_user")
    assert not staff.has_perm("members.delete_company")
