"""Access helpers: every member view fetches objects through the signed-in user's companies.

An object of another company answers 404; a write without the needed role answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.models import Representative


def get_representative(user, *, company_pk: int | None = None) -> Representative:
    """The user's representation (of company_pk if given); 404 when there is none."""
    if not user.is_authenticated:
        raise Http404
    representations = Representative.objects.select_related("company", "company__municipality").filter(user=user)
    if company_pk is not None:
        representations = representations.filter(company_id=company_pk)
    representative = representations.order_by("role", "created_at").first()
    # "admin" sorts before "member": a user who is admin anywhere acts as admin first.
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
