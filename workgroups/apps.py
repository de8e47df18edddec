from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workgroups"
    verbose_name = _("Workgroups")

    def ready(self):
        from members.services import register_membership_ended
        from workgroups import (
            personal_data,  # noqa: F401 (registers its export sections and deletion steps)
            services,
        )

        register_membership_ended(services.commitments_end_for_company)
