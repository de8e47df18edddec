from django.contrib import admin

from plans.models import FocusArea, Municipality, StrategicPlan, Target


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "former_number", "in_region", "order")
    list_filter = ("in_region",)
    search_fields = ("name", "number", "former_number")
    list_editable = ("order",)


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    prepopulated_fields = {"slug": ("title",)}


@admin.register(StrategicPlan)
class StrategicPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "period_start", "period_end", "status")
    list_filter = ("status",)
    inlines = (FocusAreaInline, TargetInline)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "target_year", "order")
    list_select_related = ("plan",)
    search_fields = ("title", "wording")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "plan", "order")
    list_select_related = ("plan",)
