from django import template

from workgroups.models import Commitment

register = template.Library()


@register.inclusion_tag("workgroups/includes/company_commitments.html", takes_context=True)
def company_commitments(context, company):
    """The company's obligation status and active commitments, for the /min-side/ dashboard."""
    commitments = list(
        Commitment.objects.for_company(company)
        .active()
        .with_people()
        .select_related("workgroup")
        .order_by("workgroup__order", "workgroup__name")
    )
    user = context.get("user")
    is_admin = bool(
        user is not None and user.is_authenticated and company.representatives.admins().filter(user=user).exists()
    )
    return {
        "company": company,
        "commitments": commitments,
        "has_active": bool(commitments),
        "meets_obligation": any(c.people_count and c.workgroup.is_active for c in commitments),
        "is_admin": is_admin,
        "compact": True,
    }
