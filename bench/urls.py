"""The portal's URLs plus /bench-admin/: stock Django admin on Company, for the benchmark only.

A plain ModelAdmin with the same list_display as ours, on a separate AdminSite, so `make
bench` can put the company changelist next to what Django gives out of the box, on the same
model, data, process and settings.
"""

from django.contrib import admin
from django.urls import path

from invekst.urls import handler400, handler404, handler500  # noqa: F401
from invekst.urls import urlpatterns as portal_urlpatterns
from members.admin import CompanyAdmin
from members.models import Company

stock_site = admin.AdminSite(name="stock-admin")


@admin.register(Company, site=stock_site)
class StockCompanyAdmin(admin.ModelAdmin):
    list_display = CompanyAdmin.list_display
    change_list_template = "admin/change_list.html"  # Django's, not our override for the company list


urlpatterns = [path("bench-admin/", stock_site.urls), *portal_urlpatterns]
