"""Access helpers: every member view fetches objects through the signed-in user's companies.

An object of another company answers 404; a write without the needed role answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from members.models import Company, Representative

COMPANY_PARAMETER = "bedrift"


def company_pk(request) -> int | None:
    """Which of the user's companies a page is about (?bedrift=<id>), when they have several."""
    value = request.GET.get(COMPANY_PARAMETER) or request.POST.get(COMPANY_PARAMETER)
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def get_representative(user, *, company_pk: int | None = None, active_first: bool = False) -> Representative:
    """The user's representation (of company_pk if given); 404 when there is none.

    Without company_pk: an admin role first, so a user who is admin anywhere acts as admin;
    with active_first, an active member company before all else (the workgroup pages, which
    only active members reach: someone who is member of an active company and admin of an
    applicant lands on the company that can use them).
    """
    if not user.is_authenticated:
        raise Http404
    representations = Representative.objects.select_related("company", "company__municipality").filter(user=user)
    if company_pk is not None:
        representations = representations.filter(company_id=company_pk)
    order = ["role", "created_at"]  # "admin" sorts before "member"
    if active_first:
        representations = representations.annotate(
            inactive_company=Case(
                When(company__status=Company.Status.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order.insert(0, "inactive_company")
    representative = representations.order_by(*order).first()
    if representative is None:
        raise Http404
    return representative


def require_admin(representative: Representative) -> None:
    """403 unless the representative is the company's admin (hovedkontakt)."""
    if not representative.is_admin:
        raise PermissionDenied


def require_active(representative: Representative) -> None:
    """403 unless the company is an active member: only they reach workgroup features."""
    if not representative.company.is_active:
        raise PermissionDenied
