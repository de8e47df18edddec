"""The secretariat sees the outgoing e-mail queue and may send a failed message again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Sekretariat"
GRANTS = {"core": {"outgoingmessage": ("view", "change")}}


def grant(apps, schema_editor):
    core = apps.get_app_config("core")
    core.models_module = True
    create_permissions(core, apps=apps, verbosity=0)
    core.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, models in GRANTS.items():
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="core"))


class Migration(migrations.Migration):
    dependencies = [
        ("invekst", "0005_segment_recipient_message"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
