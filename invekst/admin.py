from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from invekst.models import AssociationProfile, ContactMessage, NewsPost


@admin.register(AssociationProfile)
class AssociationProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "contact_name", "contact_email")


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "lead", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_at"
    ordering = ("-published_at",)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "name", "email", "organisation", "created_at", "handled", "handled_by")
    list_filter = ("handled",)
    list_select_related = ("handled_by",)
    search_fields = ("subject", "name", "email", "organisation", "message")
    date_hierarchy = "created_at"
    readonly_fields = (
        "name",
        "email",
        "organisation",
        "subject",
        "message",
        "consent_version",
        "created_at",
        "handled_by",
        "handled_at",
    )
    fields = readonly_fields[:6] + ("handled",) + readonly_fields[6:]
    actions = ("mark_handled",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark selected messages as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled=False).update(handled=True, handled_by=request.user, handled_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d message marked as handled.", "%(count)d messages marked as handled.", count)
            % {"count": count},
        )

    def save_model(self, request, obj, form, change):
        if "handled" in form.changed_data:
            obj.handled_by = request.user if obj.handled else None
            obj.handled_at = timezone.now() if obj.handled else None
        super().save_model(request, obj, form, change)
