from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import ratelimit
from core.cache import public_page
from core.pagination import page_or_404
from members import brreg, services
from members.access import company_pk, get_representative, require_admin
from members.forms import ApplicationForm, CompanyProfileForm, InvitationForm, OrgnrForm, RoleForm
from members.models import Company, Invitation, Representative, User
from plans.models import Municipality

DIRECTORY_PER_PAGE = 20
LOOKUP_RATE = "30/m"
INVITATION_ACCEPT_RATE = "20/h"
MAIN_CONTACT_REQUEST_RATE = "3/h"

LOOKUP_MESSAGES = {
    brreg.Outcome.FOUND: gettext_lazy(
        "We found the company in Brønnøysundregistrene and filled in the form. Check the details."
    ),
    brreg.Outcome.NOT_FOUND: gettext_lazy(
        "Brønnøysundregistrene does not know this organisation number. Fill in the form by hand."
    ),
    brreg.Outcome.REMOVED: gettext_lazy(
        "This unit has been removed from Brønnøysundregistrene. Check the organisation number."
    ),
    brreg.Outcome.UNAVAILABLE: gettext_lazy(
        "Brønnøysundregistrene could not be reached just now. Fill in the form by hand; we check the details anyway."
    ),
}


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _lookup_fields(unit: brreg.Unit) -> dict:
    """Form values from a register entry (the municipality by its current or former number)."""
    municipality = (
        Municipality.objects.filter(Q(number=unit.municipality_number) | Q(former_number=unit.municipality_number))
        .order_by("-in_region")
        .first()
        if unit.municipality_number
        else None
    )
    fields = {
        "orgnr": unit.orgnr,
        "name": unit.name,
        "visiting_address": unit.address,
        "postal_code": unit.postal_code,
        "postal_place": unit.postal_place,
        "municipality": municipality.pk if municipality else "",
        "industry_code": unit.industry_code,
        "industry": f"{unit.industry_code} {unit.industry}".strip() if unit.industry else "",
        "employees": unit.employees if unit.employees is not None else "",
        "website": unit.website,
    }
    return {key: value for key, value in fields.items() if value not in ("", None)}


def _lookup_message(outcome: brreg.Outcome) -> str:
    return str(LOOKUP_MESSAGES[outcome])


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    lookup_notice = None
    if request.method == "POST" and "lookup" in request.POST:
        # Without JavaScript: look the number up and show the form again, pre-filled.
        posted = {name: request.POST.get(name, "") for name in ApplicationForm.Meta.fields}
        orgnr_form = OrgnrForm(request.POST)
        if not ratelimit.hit(request, action="brreg-lookup", rate=LOOKUP_RATE):
            lookup_notice = _("You have made many lookups in a short time. Fill in the form by hand, or wait a minute.")
            form = ApplicationForm(initial=posted)
        elif orgnr_form.is_valid():
            result = brreg.lookup(orgnr_form.cleaned_data["orgnr"])
            lookup_notice = _lookup_message(result.outcome)
            posted["orgnr"] = orgnr_form.cleaned_data["orgnr"]
            if result.found:
                posted.update(_lookup_fields(result.unit))
            form = ApplicationForm(initial=posted)
        else:
            # Show only the number's error: the rest of the form has not been filled in yet.
            form = ApplicationForm(initial=posted)
            form._errors = ErrorDict(orgnr=orgnr_form.errors["orgnr"])
        return render(request, "members/apply.html", {"form": form, "lookup_notice": lookup_notice})

    # A rejected or former member applies on its own row again (services.membership_apply).
    reopens = services.reapplying_company(request.POST.get("orgnr", "")) if request.method == "POST" else None
    form = ApplicationForm(request.POST or None, instance=reopens)
    if request.method == "POST" and form.is_valid():
        company = services.membership_apply(
            company=form.save(commit=False), applicant=request.user, base_url=_base_url(request)
        )
        messages.success(
            request,
            _(
                "Thank you! We have received the application from %(company)s. The secretariat will review it, "
                "and you will hear from us by e-mail."
            )
            % {"company": company.name},
        )
        return redirect("members:dashboard")
    without_main_contact = None
    if request.method == "POST" and "orgnr" in form.errors:
        without_main_contact = services.company_without_main_contact(request.POST.get("orgnr", ""))
    return render(
        request,
        "members/apply.html",
        {"form": form, "lookup_notice": lookup_notice, "without_main_contact": without_main_contact},
    )


@login_required
@require_POST
def main_contact_request(request):
    """Someone from a member company that has no main contact asks the secretariat to become it."""
    company = services.company_without_main_contact(request.POST.get("orgnr", ""))
    if company is None:
        messages.error(
            request,
            _("That company has a main contact, or is not a member. Ask its main contact to invite you."),
        )
        return redirect("members:apply")
    if not ratelimit.hit(request, action="main-contact-request", rate=MAIN_CONTACT_REQUEST_RATE):
        messages.error(request, _("You have sent several requests in a short time. Wait an hour and try again."))
        return redirect("members:dashboard")
    services.main_contact_request(company=company, user=request.user, base_url=_base_url(request))
    messages.success(
        request,
        _(
            "Thank you! The secretariat has been asked to make you main contact of %(company)s. "
            "You will get an invitation by e-mail when it is done."
        )
        % {"company": company.name},
    )
    return redirect("members:dashboard")


@login_required
@require_GET
def lookup(request):
    """JSON for static/js/brreg-lookup.js: the register entry as form values, or why not."""
    if not ratelimit.hit(request, action="brreg-lookup", rate=LOOKUP_RATE):
        return JsonResponse(
            {"outcome": "limited", "message": _("You have made many lookups in a short time. Wait a minute.")},
            status=429,
        )
    form = OrgnrForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"outcome": "invalid", "message": " ".join(form.errors["orgnr"])}, status=400)
    result = brreg.lookup(form.cleaned_data["orgnr"])
    return JsonResponse(
        {
            "outcome": str(result.outcome),
            "message": _lookup_message(result.outcome),
            "fields": _lookup_fields(result.unit) if result.found else {},
        }
    )


@login_required
@require_GET
def dashboard(request):
    representations = list(
        Representative.objects.filter(user=request.user)
        .select_related("company", "company__municipality")
        .prefetch_related(
            Prefetch(
                "company__representatives",
                queryset=Representative.objects.current()
                .select_related("user")
                .order_by("role", "user__name", "user__email"),
            )
        )
        .order_by("company__name")
    )
    return render(request, "members/dashboard.html", {"representations": representations})


@login_required
@require_http_methods(["GET", "POST"])
def company(request):
    representative = get_representative(request.user, company_pk=company_pk(request))
    company = representative.company
    form = None
    if representative.is_admin:
        form = CompanyProfileForm(request.POST or None, instance=company)
    if request.method == "POST":
        require_admin(representative)
        if form.is_valid():
            form.save()
            messages.success(request, _("The company profile is saved."))
            return redirect(_scoped(reverse("members:company"), company))
    return render(request, "members/company.html", {"representative": representative, "company": company, "form": form})


def _scoped(url: str, company: Company) -> str:
    return f"{url}?{urlencode({'bedrift': company.pk})}"


def _colleagues_context(representative: Representative, invite_form=None) -> dict:
    company = representative.company
    context = {
        "representative": representative,
        "company": company,
        "colleagues": company.representatives.current()
        .select_related("user")
        .order_by("role", "user__name", "user__email"),
        "roles": Representative.Role.choices,
    }
    if representative.is_admin:
        context["invitations"] = company.invitations.pending().select_related("invited_by")
        if company.is_active:
            context["invite_form"] = invite_form or InvitationForm(company=company)
        else:
            context["invitations_closed"] = services.NOT_ACTIVE_INVITATIONS
    return context


@login_required
@require_GET
def colleagues(request):
    representative = get_representative(request.user, company_pk=company_pk(request))
    return render(request, "members/colleagues.html", _colleagues_context(representative))


@login_required
@require_POST
def colleague_invite(request):
    representative = get_representative(request.user, company_pk=company_pk(request))
    require_admin(representative)
    if not representative.company.is_active:
        # The page says why; nothing is stored and no mail leaves.
        return render(request, "members/colleagues.html", _colleagues_context(representative), status=403)
    form = InvitationForm(request.POST, company=representative.company)
    if not form.is_valid():
        return render(request, "members/colleagues.html", _colleagues_context(representative, form))
    try:
        invitation = services.invitation_create(
            company=representative.company,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            base_url=_base_url(request),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "members/colleagues.html", _colleagues_context(representative, form), status=403)
    messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
    return redirect(_scoped(reverse("members:colleagues"), representative.company))


def _colleague(request, pk: int) -> tuple[Representative, Representative]:
    """(the signed-in admin, the colleague): 404 outside the user's companies, 403 without the admin role."""
    target = get_object_or_404(
        Representative.objects.current()
        .select_related("user", "company")
        .filter(company__representatives__user=request.user),
        pk=pk,
    )
    actor = get_representative(request.user, company_pk=target.company_id)
    require_admin(actor)
    return actor, target


@login_required
@require_POST
def colleague_role(request, pk: int):
    actor, target = _colleague(request, pk)
    form = RoleForm(request.POST)
    url = _scoped(reverse("members:colleagues"), actor.company)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect(url)
    try:
        services.representative_change_role(
            representative=target, role=form.cleaned_data["role"], changed_by=request.user, base_url=_base_url(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": target.user, "role": Representative.Role(form.cleaned_data["role"]).label},
        )
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def colleague_remove(request, pk: int):
    actor, target = _colleague(request, pk)
    url = _scoped(reverse("members:colleagues"), actor.company)
    if request.method == "POST":
        try:
            services.representative_remove(representative=target, removed_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(url)
        if target.user_id == request.user.id:
            messages.success(request, _("You no longer represent %(company)s.") % {"company": actor.company})
            return redirect("members:dashboard")
        messages.success(request, _("%(name)s has been removed from the company.") % {"name": target.user})
        return redirect(url)
    return render(request, "members/colleague_remove.html", {"actor": actor, "target": target})


@login_required
@require_POST
def invitation_cancel(request, pk: int):
    invitation = get_object_or_404(
        Invitation.objects.pending().filter(company__representatives__user=request.user).distinct(), pk=pk
    )
    actor = get_representative(request.user, company_pk=invitation.company_id)
    require_admin(actor)
    services.invitation_cancel(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect(_scoped(reverse("members:colleagues"), actor.company))


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    if not ratelimit.hit(request, action="invitation-accept", rate=INVITATION_ACCEPT_RATE):
        return render(request, "members/invitation_accept.html", {"problem": "limited"}, status=429)
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as exc:
        return render(request, "members/invitation_accept.html", {"problem": exc.code}, status=400)

    here = request.get_full_path()
    if not request.user.is_authenticated:
        if User.objects.filter(email__iexact=invitation.email).exists():
            messages.info(
                request,
                _("Log in as %(email)s to accept the invitation from %(company)s.")
                % {"email": invitation.email, "company": invitation.company},
            )
            return redirect(f"{reverse('account_login')}?{urlencode({'next': here})}")
        # The link reached this inbox, so allauth may treat the address as verified.
        request.session["account_verified_email"] = invitation.email
        messages.info(
            request,
            _("Create your account to accept the invitation from %(company)s.") % {"company": invitation.company},
        )
        return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email, 'next': here})}")

    if invitation.email.casefold() != request.user.email.casefold():
        return render(
            request,
            "members/invitation_accept.html",
            {"problem": "wrong_user", "invitation": invitation},
            status=403,
        )
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationError as exc:
            return render(request, "members/invitation_accept.html", {"problem": exc.code}, status=400)
        messages.success(request, _("Welcome! You now represent %(company)s.") % {"company": invitation.company})
        return redirect("members:dashboard")
    return render(request, "members/invitation_accept.html", {"invitation": invitation})


@require_GET
@public_page
def directory(request):
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    companies = Company.objects.listed().select_related("municipality").order_by("name", "pk")
    if query:
        companies = companies.filter(Q(name__icontains=query) | Q(industry__icontains=query))
    page = page_or_404(Paginator(companies, DIRECTORY_PER_PAGE), request.GET.get("side"))
    return render(
        request,
        "members/directory.html",
        {"page": page, "query": query, "query_string": urlencode({"q": query}) if query else ""},
    )
