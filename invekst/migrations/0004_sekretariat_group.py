"""The «Sekretariat» group with exactly the permissions the secretariat needs.

view/add/change on the association's content; delete only where nothing of record is
lost (news, meetings, competences and the needs that use them, target rules edited
inline). No delete on companies, people or history; on users only view and change
(UserAdmin keeps passwords, staff/superuser flags, groups and permissions away from
anyone but a superuser); nothing on groups, permissions, e-mail addresses or MFA.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VAC = ("view", "add", "change")

GRANTS = {
    "invekst": {
        "associationprofile": ("view", "change"),
        "newspost": (*VAC, "delete"),
        "contactmessage": ("view", "change"),
        "segmentmailing": ("view", "add"),
        "segmentmailingrecipient": ("view",),
    },
    "members": {
        "user": ("view", "change"),
        "company": VAC,
        "representative": VAC,
        "membershipevent": ("view",),
        "invitation": ("view",),
        "privacyacceptance": ("view",),
    },
    "workgroups": {
        "workgroup": VAC,
        "competence": (*VAC, "delete"),
        "competenceneed": (*VAC, "delete"),
        "commitment": VAC,
        "participant": VAC,
        "meeting": (*VAC, "delete"),
        "meetingresponse": ("view",),
        "commitmentreminder": ("view",),
    },
    "plans": {
        "municipality": VAC,
        "strategicplan": VAC,
        "focusarea": VAC,
        "target": VAC,
        "targetrule": (*VAC, "delete"),
        "indicator": VAC,
        "observation": VAC,
        "counciladoption": VAC,
        "infrastructureproject": VAC,
    },
}

GROUP = "Sekretariat"


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so a fresh database
    # gets a complete group in one go.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign(Group, Permission):
    """Create the group if needed and give it exactly GRANTS (also used by tests after a flush)."""
    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = []
    for app_label, models in GRANTS.items():
        for model, actions in models.items():
            for action in actions:
                wanted.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )
    group.permissions.set(wanted)
    return group


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("invekst", "0003_segment_mailing"),
        ("members", "0004_history"),
        ("workgroups", "0003_history"),
        ("plans", "0003_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(grant, remove)]
