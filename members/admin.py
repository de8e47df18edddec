from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import HistoryAdmin, LabelledModelAdmin, LabelledTabularInline, SelectListFilter
from members import (
    admin_people,  # noqa: F401 (registers users, representations, invitations)
    services,
)
from members.forms import MainContactInvitationForm, StatusNoteForm
from members.models import Company, MembershipEvent, Representative
from plans.models import Municipality


class RepresentativeInline(LabelledTabularInline):
    model = Representative
    fields = ("user", "role", "title", "created_at")
    readonly_fields = ("created_at",)
    extra = 0
    can_delete = False  # a representative is removed through Min side, where history is checked
    autocomplete_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class MembershipEventInline(LabelledTabularInline):
    """The company's membership history, read-only: it changes only through the buttons above."""

    model = MembershipEvent
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    ordering = ("-changed_at", "-pk")
    verbose_name_plural = _("membership history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


# transition name in the URL -> (service, button label, target status)
TRANSITION_ACTIONS = {
    "approve": (services.membership_approve, _("Approve membership"), Company.Status.ACTIVE),
    "reject": (services.membership_reject, _("Reject application"), Company.Status.REJECTED),
    "resign": (services.membership_resign, _("Register resignation"), Company.Status.RESIGNED),
    "lapse": (services.membership_lapse, _("Register lapsed membership"), Company.Status.LAPSED),
}


class MembershipStatusFilter(admin.SimpleListFilter):
    """Membership status, showing active members unless asked otherwise: that is the list
    the secretariat works from. "All" shows every company, applicants and former members too."""

    title = _("membership status")
    parameter_name = "status"
    default = Company.Status.ACTIVE
    everything = "all"

    def lookups(self, request, model_admin):
        return (*Company.Status.choices, (self.everything, _("All")))

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        value = self.value()
        if value in Company.Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        # No "All" entry of Django's own: its link would drop the parameter and so fall
        # back to the default; ours is the explicit "all" choice in lookups().
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class MunicipalityFilter(SelectListFilter):
    """The municipalities that have companies, and "none" for the companies without one."""

    title = _("municipality")
    parameter_name = "municipality"
    none = "none"

    def choice_rows(self, model_admin):
        used = Municipality.objects.filter(Exists(Company.objects.filter(municipality=OuterRef("pk"))))
        return [*((m.pk, str(m)) for m in used), (self.none, model_admin.get_empty_value_display())]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.none:
            return queryset.filter(municipality=None)
        if value:
            return queryset.filter(municipality=value) if value.isdigit() else queryset.none()
        return queryset


class IndustryFilter(SelectListFilter):
    """The industries actually in use, from the companies' own free text."""

    title = _("industry")
    parameter_name = "industry"

    def choice_rows(self, model_admin):
        industries = Company.objects.exclude(industry="").order_by("industry").values_list("industry", flat=True)
        return [(industry, industry) for industry in industries.distinct() if industry.strip()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(industry=self.value())
        return queryset


@admin.register(Company)
class CompanyAdmin(HistoryAdmin):
    list_display = ("name", "orgnr", "status", "municipality", "industry")
    list_filter = (MembershipStatusFilter, MunicipalityFilter, IndustryFilter)
    list_select_related = ("municipality",)
    search_fields = ("name", "orgnr", "representatives__user__email", "representatives__user__name")
    ordering = ("name",)
    # 25 rows fill a laptop screen: the secretariat finds a company by search and filters,
    # not by paging through thousands, and a bulk action on "all on this page" touches only
    # rows it can see. The "N in total" figure would cost a COUNT of the whole table on
    # every page view.
    list_per_page = 25
    show_full_result_count = False
    # What the columns read; the rest of a company (its motivation text alone may be 4,000
    # characters) stays in the database.
    list_only = ("name", "orgnr", "status", "industry", "municipality__name", "municipality__number")
    inlines = (RepresentativeInline, MembershipEventInline)
    actions = ("approve_selected", "reject_selected", "resign_selected", "lapse_selected")
    history_list_display = ("status",)
    change_form_template = "admin/members/company/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        """Django's search over search_fields (each term in one of them), the people in a subquery.

        Django joins the representatives and their users into the list and then needs SELECT
        DISTINCT over all of it, once for the count and once for the page: ~37 ms each at
        10,000 companies. A subquery per term repeats no company, so the page query stops at
        its 25 rows. A term may match any of the company's people.
        """
        for term in smart_split(search_term):
            if term.startswith(('"', "'")) and term[0] == term[-1]:
                term = unescape_string_literal(term)
            people = Representative.objects.filter(company=OuterRef("pk")).filter(
                Q(user__email__icontains=term) | Q(user__name__icontains=term)
            )
            queryset = queryset.filter(Q(name__icontains=term) | Q(orgnr__icontains=term) | Exists(people))
        return queryset, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return super().get_paginator(request, queryset.only(*self.list_only), per_page, orphans, allow_empty_first_page)

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the lifecycle service, so it is always recorded.
        return (*super().get_readonly_fields(request, obj), "status")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # A company typed in by the secretariat starts as an application, like one from
            # the web form, so its history starts at the beginning too.
            services.membership_register(company=obj, registered_by=request.user)

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/membership/<slug:transition>/",
                self.admin_site.admin_view(self.membership_view),
                name="members_company_membership",
            ),
            path(
                "<int:object_id>/hovedkontakt/",
                self.admin_site.admin_view(self.main_contact_view),
                name="members_company_main_contact",
            ),
        ]
        return urls + super().get_urls()

    def main_contact_view(self, request, object_id: int):
        """Invite a person as the company's main contact: how an imported member gets started.

        The invitation is the same one a main contact sends from Min side, with the admin
        role; the person creates an account (or signs in) from the link. ?email= fills in the
        address (the link in a main-contact request from the application page).
        """
        company = self.get_object(request, str(object_id))
        if company is None:
            raise Http404
        if not self.has_change_permission(request, company):
            raise PermissionDenied
        change_url = reverse("admin:members_company_change", args=[company.pk])
        form = MainContactInvitationForm(
            request.POST or None, company=company, initial={"email": request.GET.get("email", "")[:254]}
        )
        if request.method == "POST" and form.is_valid():
            try:
                invitation = services.invitation_create(
                    company=company,
                    email=form.cleaned_data["email"],
                    role=Representative.Role.ADMIN,
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    _("An invitation to become main contact of %(company)s has been sent to %(email)s.")
                    % {"company": company, "email": invitation.email},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Invite main contact"),
            "subtitle": str(company),
            "company": company,
            "form": form,
            "main_contacts": list(company.representatives.admins().select_related("user")),
            "pending": list(company.invitations.pending().filter(role=Representative.Role.ADMIN)),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/members/company/main_contact.html", context, status=400 if form.errors else 200
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_invite_main_contact"] = obj.is_active
            context["membership_transitions"] = [
                (name, label)
                for name, (_service, label, to_status) in TRANSITION_ACTIONS.items()
                if to_status in services.TRANSITIONS.get(obj.status, ())
            ]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def membership_view(self, request, object_id: int, transition: str):
        """Confirm one lifecycle change of one company, with a note; POST applies it."""
        company = self.get_object(request, str(object_id))
        if company is None or transition not in TRANSITION_ACTIONS:
            raise Http404
        if not self.has_change_permission(request, company):
            raise PermissionDenied
        service, label, _to_status = TRANSITION_ACTIONS[transition]
        form = StatusNoteForm(request.POST or None)
        change_url = reverse("admin:members_company_change", args=[company.pk])
        if request.method == "POST" and form.is_valid():
            try:
                service(
                    company=company,
                    changed_by=request.user,
                    note=form.cleaned_data["note"],
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(company)s: %(status)s. The company's main contacts have been told by e-mail.")
                    % {"company": company, "status": company.get_status_display()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": label,
            "subtitle": str(company),
            "company": company,
            "form": form,
            "companies": [company],
            "change_url": change_url,
            "action": None,
        }
        return TemplateResponse(request, "admin/members/company/membership_confirm.html", context)

    def _bulk_transition(self, request, queryset, transition: str):
        service, label, to_status = TRANSITION_ACTIONS[transition]
        form = StatusNoteForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            done, refused = 0, []
            for company in queryset:
                try:
                    service(
                        company=company,
                        changed_by=request.user,
                        note=form.cleaned_data["note"],
                        base_url=request.build_absolute_uri("/"),
                    )
                except ValidationError:
                    refused.append(str(company))
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d company changed to “%(status)s”; its main contacts have been told by e-mail.",
                        "%(count)d companies changed to “%(status)s”; their main contacts have been told by e-mail.",
                        done,
                    )
                    % {"count": done, "status": Company.Status(to_status).label},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(
                    request,
                    _("Not changed, because their status does not allow it: %(names)s") % {"names": ", ".join(refused)},
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": label,
            "companies": list(queryset),
            "form": form,
            "action": f"{transition}_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "change_url": reverse("admin:members_company_changelist"),
        }
        return TemplateResponse(request, "admin/members/company/membership_confirm.html", context)

    @admin.action(description=_("Approve selected applications"), permissions=("change",))
    def approve_selected(self, request, queryset):
        return self._bulk_transition(request, queryset, "approve")

    @admin.action(description=_("Reject selected applications"), permissions=("change",))
    def reject_selected(self, request, queryset):
        return self._bulk_transition(request, queryset, "reject")

    @admin.action(description=_("Register resignation of selected members"), permissions=("change",))
    def resign_selected(self, request, queryset):
        return self._bulk_transition(request, queryset, "resign")

    @admin.action(description=_("Register lapsed membership of selected members"), permissions=("change",))
    def lapse_selected(self, request, queryset):
        return self._bulk_transition(request, queryset, "lapse")


@admin.register(MembershipEvent)
class MembershipEventAdmin(LabelledModelAdmin):
    """The membership history of all companies. Read-only: written by members.services."""

    list_display = ("changed_at", "company", "from_status", "to_status", "changed_by")
    list_filter = ("to_status", "from_status")
    list_select_related = ("company", "changed_by")
    search_fields = ("company__name", "company__orgnr", "changed_by__email", "note")
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
