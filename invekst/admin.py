from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import LabelledModelAdmin, LabelledTabularInline
from core.models import OutgoingMessage
from invekst import services
from invekst.forms import SegmentMailingForm
from invekst.models import AssociationProfile, ContactMessage, NewsPost, SegmentMailing, SegmentMailingRecipient


@admin.register(AssociationProfile)
class AssociationProfileAdmin(LabelledModelAdmin):
    list_display = ("name", "contact_name", "contact_email")


@admin.register(NewsPost)
class NewsPostAdmin(LabelledModelAdmin):
    list_display = ("title", "status", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "lead", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_at"
    ordering = ("-published_at",)

    def view_on_site(self, obj):
        # A draft or a scheduled post is not on the site yet: no link that answers 404.
        if obj.status == NewsPost.Status.PUBLISHED and obj.published_at <= timezone.now():
            return obj.get_absolute_url()
        return None

    def has_delete_permission(self, request, obj=None):
        # The secretariat may throw away drafts; a published post has been read and linked to.
        if obj is not None and obj.status == NewsPost.Status.PUBLISHED and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)  # the bulk delete does not ask per post
        return actions


class HandledFilter(admin.SimpleListFilter):
    title = _("handled")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return (("no", _("Not handled")), ("yes", _("Handled")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(handled=False)
        if self.value() == "yes":
            return queryset.filter(handled=True)
        return queryset


@admin.register(ContactMessage)
class ContactMessageAdmin(LabelledModelAdmin):
    list_display = ("subject", "name", "email", "organisation", "created_at", "handled", "handled_by", "handled_at")
    list_filter = (HandledFilter, "handled_by")
    list_select_related = ("handled_by",)
    search_fields = ("subject", "name", "email", "organisation", "message")
    date_hierarchy = "created_at"
    ordering = ("handled", "-created_at")
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
    actions = ("mark_handled", "mark_unhandled")

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark selected messages as handled"), permissions=("change",))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled=False).update(handled=True, handled_by=request.user, handled_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d message marked as handled.", "%(count)d messages marked as handled.", count)
            % {"count": count},
        )

    @admin.action(description=_("Mark selected messages as not handled"), permissions=("change",))
    def mark_unhandled(self, request, queryset):
        count = queryset.filter(handled=True).update(handled=False, handled_by=None, handled_at=None)
        self.message_user(
            request,
            ngettext("%(count)d message marked as not handled.", "%(count)d messages marked as not handled.", count)
            % {"count": count},
        )

    def save_model(self, request, obj, form, change):
        if "handled" in form.changed_data:
            obj.handled_by = request.user if obj.handled else None
            obj.handled_at = timezone.now() if obj.handled else None
        super().save_model(request, obj, form, change)


class SegmentMailingRecipientInline(LabelledTabularInline):
    model = SegmentMailingRecipient
    fields = ("email", "user", "delivery")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "message")

    @admin.display(description=_("status"))
    def delivery(self, obj):
        # No message: sent before the queue existed, or sent and since pruned.
        if obj.message is None:
            return OutgoingMessage.Status.SENT.label
        label = obj.message.get_status_display()
        if obj.message.status != OutgoingMessage.Status.SENT and obj.message.last_error:
            return f"{label}: {obj.message.last_error}"
        return label


def _delivered():
    return Q(recipients__message__isnull=True) | Q(recipients__message__status=OutgoingMessage.Status.SENT)


@admin.register(SegmentMailing)
class SegmentMailingAdmin(LabelledModelAdmin):
    """What the secretariat e-mailed to whom. Read-only; "add" composes, previews and sends."""

    list_display = ("subject", "segment_label", "recipient_count", "progress", "sent_by", "sent_at")
    list_filter = ("segment",)
    list_select_related = ("sent_by",)
    search_fields = ("subject", "body", "recipients__email")
    date_hierarchy = "sent_at"
    ordering = ("-sent_at",)
    fields = ("segment_label", "subject", "body", "sent_by", "sent_at", "recipient_count", "progress")
    readonly_fields = fields
    inlines = (SegmentMailingRecipientInline,)

    def get_queryset(self, request):
        # Each mailing's progress in the same query as the list (no query per row).
        return (
            super()
            .get_queryset(request)
            .annotate(
                delivered=Count("recipients", filter=_delivered()),
                failed=Count("recipients", filter=Q(recipients__message__status=OutgoingMessage.Status.FAILED)),
            )
        )

    @admin.display(description=_("progress"))
    def progress(self, obj):
        """«38 of 40 sent, 2 failed»: the messages leave one by one through the worker."""
        text = _("%(delivered)d of %(count)d sent") % {"delivered": obj.delivered, "count": obj.recipient_count}
        if obj.failed:
            text += ", " + ngettext("%(failed)d failed", "%(failed)d failed", obj.failed) % {"failed": obj.failed}
        return text

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Compose (GET), preview the recipients (POST "preview"), send (POST "send")."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = SegmentMailingForm(request.POST)
        else:
            form = SegmentMailingForm(initial={k: request.GET[k] for k in ("segment", "workgroup") if k in request.GET})
        recipients = None
        if request.method == "POST" and "edit" not in request.POST and form.is_valid():
            data = form.cleaned_data
            if "send" in request.POST:
                try:
                    mailing = services.segment_mailing_send(
                        segment=data["segment"],
                        workgroup=data["workgroup"],
                        subject=data["subject"],
                        body=data["body"],
                        sent_by=request.user,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "The e-mail is on its way to %(count)d person; its progress is shown below.",
                            "The e-mail is on its way to %(count)d people; its progress is shown below.",
                            mailing.recipient_count,
                        )
                        % {"count": mailing.recipient_count},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:invekst_segmentmailing_change", args=[mailing.pk]))
            recipients = services.segment_recipients(segment=data["segment"], workgroup=data["workgroup"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("E-mail to a segment") if recipients is None else _("Check and send"),
            "form": form,
            "recipients": recipients,
            "segment_label": services.segment_label(
                segment=form.cleaned_data["segment"], workgroup=form.cleaned_data["workgroup"]
            )
            if recipients is not None
            else "",
            "changelist_url": reverse("admin:invekst_segmentmailing_changelist"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/invekst/segmentmailing/compose.html", context)
