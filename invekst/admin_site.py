"""The secretariat's admin site."""

from django.contrib import admin


class InvekstAdminSite(admin.AdminSite):
    """Django's admin site, branded for INVEKST."""

    site_header = "INVEKST sekretariat"
    site_title = "INVEKST sekretariat"
    index_title = "Sekretariatet"
