from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class InvekstConfig(AppConfig):
    name = "invekst"
    verbose_name = "INVEKST"

    def ready(self):
        from invekst import personal_data  # noqa: F401 (registers its export sections and deletion steps)


class InvekstAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site class as admin.site."""

    default = False  # InvekstConfig stays the invekst app's configuration
    default_site = "invekst.admin_site.InvekstAdminSite"
