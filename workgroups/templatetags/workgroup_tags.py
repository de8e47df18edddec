from django import template

from members.models import Representative
from workgroups.models import Commitment

register = template.Library()


def _active_commitments(company_ids):
    return (
        Commitment.objects.filter(company_id__in=company_ids)
        .active()
        .with_people()
        .select_related("workgroup")
        .order_by("workgroup__order", "workgroup__name")
    )


def _commitments_by_company(user, representations=None) -> tuple[dict[int, list[Commitment]], set[int]]:
    """Active commitments of each of the user's companies, and where the user is admin.

    One query when the page already has the user's representations (the dashboard's), two otherwise.
    """
    if representations is not None:
        roles = {r.company_id: r.role for r in representations if r.user_id == user.pk}
    else:
        roles = dict(Representative.objects.filter(user=user).values_list("company_id", "role"))
    by_company: dict[int, list[Commitment]] = {pk: [] for pk in roles}
    for commitment in _active_commitments(list(roles)):
        by_company[commitment.company_id].append(commitment)
    return by_company, {pk for pk, role in roles.items() if role == Representative.Role.ADMIN}


@register.inclusion_tag("workgroups/includes/company_commitments.html", takes_context=True)
def company_commitments(context, company):
    """The company's obligation status and active commitments, for the /min-side/ dashboard.

    The dashboard shows one card per company the user represents: the commitments of all of
    them are read at the first card, in two queries, and kept on the request.
    """
    user = context.get("user")
    request = context.get("request")
    if user is None or not user.is_authenticated:
        by_company, admin_of = {}, set()
    elif request is not None:
        if not hasattr(request, "_company_commitments"):
            request._company_commitments = _commitments_by_company(user, context.get("representations"))
        by_company, admin_of = request._company_commitments
    else:
        by_company, admin_of = _commitments_by_company(user)
    # A company the user does not represent: its own commitments, and never as admin.
    commitments = by_company.get(company.pk)
    if commitments is None:
        commitments = list(_active_commitments([company.pk]))
    return {
        "company": company,
        "commitments": commitments,
        "has_active": bool(commitments),
        "meets_obligation": any(c.people_count and c.workgroup.is_active for c in commitments),
        "is_admin": company.pk in admin_of,
        "compact": True,
    }
