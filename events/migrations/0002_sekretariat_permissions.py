"""The «Sekretariat» group may manage events and read the new records of this app.

Events: view/add/change, and delete (the admin refuses to delete an event that has
registrations; unpublish it instead). Registrations: view, and change for the "cancel"
action (every field is read only). Messages to attendees and calendar feeds: view only.
Meeting notice preferences (workgroups): view only; each person sets their own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "events": {
        "event": ("view", "add", "change", "delete"),
        "registration": ("view", "change"),
        "eventmessage": ("view",),
        "calendarfeed": ("view",),
    },
    "workgroups": {
        "meetingnoticepreference": ("view",),
    },
}

GROUP = "Sekretariat"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign(Group, Permission):
    """Add GRANTS to the group when it exists (also used by tests after a flush)."""
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return None
    for app_label, models in GRANTS.items():
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )
    return group


def remove(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    for app_label, models in GRANTS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("workgroups", "0004_meetingnoticepreference"),
        ("invekst", "0004_sekretariat_group"),
    ]

    operations = [migrations.RunPython(grant, remove)]
