from django.contrib import admin

from workgroups.models import Workgroup


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "order")
    list_filter = ("status",)
    list_editable = ("order",)
    search_fields = ("name", "summary", "mandate", "goals")
    prepopulated_fields = {"slug": ("name",)}
