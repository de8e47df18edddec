"""The people of the member register in admin: users, representations, invitations and consents."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, LabelledModelAdmin
from members.models import Invitation, PrivacyAcceptance, Representative, User

# Only a superuser may touch what grants power: passwords, staff and superuser flags,
# groups and permissions. The secretariat edits names and contact details.
POWER_FIELDS = ("password", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(LabelledModelAdmin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name", "phone", "representations__company__name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "show_email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    secretariat_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personal info"), {"fields": ("name", "phone", "show_email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.secretariat_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *POWER_FIELDS, "last_login", "date_joined")

    def has_change_permission(self, request, obj=None):
        # Changing a staff member's e-mail would let a non-superuser take over the account
        # through a password reset; staff accounts are a superuser's business.
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Invitation)
class InvitationAdmin(LabelledModelAdmin):
    list_display = ("email", "company", "role", "invited_by", "created_at", "is_accepted_display")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    list_select_related = ("company", "invited_by")
    search_fields = ("email", "company__name", "company__orgnr")
    readonly_fields = ("company", "email", "role", "invited_by", "created_at", "accepted_at", "accepted_by")

    @admin.display(description=_("accepted"), boolean=True, ordering="accepted_at")
    def is_accepted_display(self, obj):
        return obj.is_accepted

    def has_add_permission(self, request):
        # Invitations go out from Min side, where the e-mail with the signed link is sent.
        return False


@admin.register(Representative)
class RepresentativeAdmin(HistoryAdmin):
    list_display = ("user", "email", "company", "role", "title", "created_at")
    list_filter = ("role", "company__status", "company__municipality")
    list_select_related = ("user", "company")
    search_fields = ("user__email", "user__name", "company__name", "company__orgnr")
    autocomplete_fields = ("user", "company")
    ordering = ("company__name", "user__email")
    date_hierarchy = "created_at"

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email


@admin.register(PrivacyAcceptance)
class PrivacyAcceptanceAdmin(LabelledModelAdmin):
    """Read-only proof of consent: rows are written at signup and never edited."""

    list_display = ("user", "version", "accepted_at")
    list_filter = ("version",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__name")
    readonly_fields = ("user", "version", "accepted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
