"""A company's commitments to workgroups, on Min side: everything through the user's company."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import COMPANY_PARAMETER, company_pk, get_representative, require_active, require_admin
from members.models import Company, Representative
from workgroups import services
from workgroups.forms import CommitmentCreateForm, CommitmentUpdateForm, ParticipantAddForm, SelfSignupForm
from workgroups.models import Commitment, Participant


def _member(request) -> Representative:
    """The representation the page is about: ?bedrift= when given, else an active company first.

    A person may represent several companies (a member of an active one and the admin of an
    applicant, say); the page acts for the chosen one, never for whichever comes first.
    """
    representative = get_representative(request.user, company_pk=company_pk(request), active_first=True)
    require_active(representative)
    return representative


def _member_commitment(request, pk: int) -> tuple[Representative, Commitment]:
    """A commitment of one of the user's companies (404 otherwise), and the user's representation of that company."""
    commitment = get_object_or_404(
        Commitment.objects.filter(company__representatives__user=request.user).select_related("workgroup", "company"),
        pk=pk,
    )
    representative = get_representative(request.user, company_pk=commitment.company_id)
    require_active(representative)
    return representative, commitment


def _index_url(company) -> str:
    return f"{reverse('workgroups-member:index')}?{urlencode({COMPANY_PARAMETER: company.pk})}"


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _say(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.warning(request, message)


@login_required
def member_index(request):
    representative = _member(request)
    company = representative.company
    commitments = list(
        Commitment.objects.for_company(company)
        .with_people()
        .select_related("workgroup")
        .prefetch_related("competences")
        .order_by("end_date", "workgroup__order", "-start_date")
    )
    valid = Commitment.objects.for_company(company).valid().exists()
    form = None
    if representative.is_admin:
        form = CommitmentCreateForm(request.POST or None, company=company)
        if request.method == "POST" and form.is_valid():
            try:
                commitment = services.commitment_create(company=company, created_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(company)s is now committed to %(workgroup)s. Add the people who will take part.")
                    % {"company": company.name, "workgroup": commitment.workgroup.name},
                )
                return redirect(commitment)
    elif request.method == "POST":
        require_admin(representative)
    my_participations = set(
        Participant.objects.active().filter(representative=representative).values_list("commitment_id", flat=True)
    )
    return render(
        request,
        "workgroups/member/index.html",
        {
            "representative": representative,
            "company": company,
            "active_commitments": [c for c in commitments if c.is_active],
            "ended_commitments": [c for c in commitments if not c.is_active],
            "meets_obligation": valid,
            "my_participations": my_participations,
            "form": form,
            "other_companies": list(
                Representative.objects.filter(user=request.user, company__status=Company.Status.ACTIVE)
                .exclude(company=company)
                .select_related("company")
                .order_by("company__name")
            ),
        },
    )


@login_required
def commitment_detail(request, pk):
    representative, commitment = _member_commitment(request, pk)
    update_form = add_form = None
    if representative.is_admin and commitment.is_active:
        update_form = CommitmentUpdateForm(
            request.POST or None,
            initial={
                "hours_per_year": commitment.hours_per_year,
                "competences": list(commitment.competences.all()),
                "competence_note": commitment.competence_note,
            },
        )
        add_form = ParticipantAddForm(commitment=commitment)
        if request.method == "POST" and update_form.is_valid():
            try:
                services.commitment_update(commitment=commitment, **update_form.cleaned_data)
            except ValidationError as error:
                _apply_errors(update_form, error)
            else:
                messages.success(request, _("The commitment is updated."))
                return redirect(commitment)
    elif request.method == "POST":
        require_admin(representative)
        _say(request, ValidationError(_("This commitment has ended.")))
        return redirect(commitment)
    return _render_commitment(request, representative, commitment, update_form=update_form, add_form=add_form)


def _render_commitment(request, representative, commitment, *, update_form=None, add_form=None, status=200):
    participants = list(commitment.participants.select_related("representative__user").order_by("left_at", "joined_at"))
    me = next(
        (p for p in participants if p.representative_id == representative.pk and p.left_at is None),
        None,
    )
    return render(
        request,
        "workgroups/member/commitment_detail.html",
        {
            "representative": representative,
            "commitment": commitment,
            "competences": list(commitment.competences.all()),
            "active_participants": [p for p in participants if p.left_at is None],
            "former_participants": [p for p in participants if p.left_at is not None],
            "me": me,
            "update_form": update_form,
            "add_form": add_form,
            "signup_form": SelfSignupForm() if commitment.is_active and me is None else None,
        },
        status=status,
    )


@login_required
@require_POST
def participant_add(request, pk):
    representative, commitment = _member_commitment(request, pk)
    require_admin(representative)
    form = ParticipantAddForm(request.POST, commitment=commitment)
    if form.is_valid():
        try:
            participant = services.participant_add(
                commitment=commitment,
                representative=form.cleaned_data["representative"],
                competence=form.cleaned_data["competence"],
                added_by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s now takes part in %(workgroup)s.")
                % {"person": participant.representative.user, "workgroup": commitment.workgroup.name},
            )
            return redirect(commitment)
    update_form = (
        CommitmentUpdateForm(
            initial={
                "hours_per_year": commitment.hours_per_year,
                "competences": list(commitment.competences.all()),
                "competence_note": commitment.competence_note,
            }
        )
        if commitment.is_active
        else None
    )
    return _render_commitment(request, representative, commitment, update_form=update_form, add_form=form, status=400)


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    representative, commitment = _member_commitment(request, pk)
    participant = get_object_or_404(commitment.participants.select_related("representative__user"), pk=participant_pk)
    if participant.representative_id != representative.pk:
        require_admin(representative)
    try:
        services.participant_remove(participant=participant, removed_by=request.user)
    except ValidationError as error:
        _say(request, error)
    else:
        if participant.representative_id == representative.pk:
            messages.success(request, _("You have left %(workgroup)s.") % {"workgroup": commitment.workgroup.name})
        else:
            messages.success(
                request,
                _("%(person)s no longer takes part in %(workgroup)s.")
                % {"person": participant.representative.user, "workgroup": commitment.workgroup.name},
            )
    return redirect(commitment)


@login_required
@require_POST
def participant_signup(request, pk):
    representative, commitment = _member_commitment(request, pk)
    form = SelfSignupForm(request.POST)
    if form.is_valid():
        try:
            services.participant_self_signup(
                commitment=commitment, representative=representative, competence=form.cleaned_data["competence"]
            )
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(
                request,
                _("You now take part in %(workgroup)s.") % {"workgroup": commitment.workgroup.name},
            )
            return redirect("workgroups-member:room", slug=commitment.workgroup.slug)
    else:
        _say(request, ValidationError(list(form.errors.get("competence", []))))
    return redirect(commitment)


@login_required
def commitment_end(request, pk):
    representative, commitment = _member_commitment(request, pk)
    require_admin(representative)
    if request.method == "POST":
        try:
            services.commitment_end(commitment=commitment, ended_by=request.user)
        except ValidationError as error:
            _say(request, error)
        else:
            messages.success(
                request,
                _("The commitment to %(workgroup)s has ended. It stays in the company's history.")
                % {"workgroup": commitment.workgroup.name},
            )
        return redirect(_index_url(commitment.company))
    if not commitment.is_active:
        _say(request, ValidationError(_("This commitment has ended.")))
        return redirect(commitment)
    people = commitment.participants.filter(left_at__isnull=True).count()
    return render(
        request,
        "workgroups/member/commitment_end.html",
        {"commitment": commitment, "people": people},
    )
