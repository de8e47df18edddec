from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # The personal-data export (members) learns what events store about a person.
        from events.export import registrations_section
        from members.accounts.services import register_export_section

        register_export_section(registrations_section)
