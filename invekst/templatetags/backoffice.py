"""The secretariat's dashboard on the admin index: the numbers they used to count by hand."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from invekst.models import ContactMessage
from members.models import Company
from workgroups.models import Workgroup, companies_without_valid_commitment

register = template.Library()


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag(takes_context=True)
def secretariat_dashboard(context) -> dict:
    """Counts and links for the admin index; five queries whatever the size of the data.

    Each figure is shown only to someone who may open the list it links to.
    """
    user = context["request"].user
    board: dict = {"cards": [], "workgroups": None}
    if user.has_perm("members.view_company"):
        counts = Company.objects.aggregate(
            active=Count("pk", filter=Q(status=Company.Status.ACTIVE)),
            applicants=Count("pk", filter=Q(status=Company.Status.APPLICANT)),
        )
        changelist = "admin:members_company_changelist"
        board["cards"] += [
            {
                "key": "active",
                "count": counts["active"],
                "url": _url(changelist, status=Company.Status.ACTIVE),
            },
            {
                "key": "applicants",
                "count": counts["applicants"],
                "url": _url(changelist, status=Company.Status.APPLICANT),
                "warn": counts["applicants"] > 0,
            },
            {
                "key": "no-commitment",
                "count": companies_without_valid_commitment().count(),
                "url": _url(changelist, status=Company.Status.ACTIVE, obligation="missing"),
            },
        ]
        board["cards"][-1]["warn"] = board["cards"][-1]["count"] > 0
    if user.has_perm("invekst.view_contactmessage"):
        unhandled = ContactMessage.objects.filter(handled=False).count()
        board["cards"].append(
            {
                "key": "contact",
                "count": unhandled,
                "url": _url("admin:invekst_contactmessage_changelist", handled="no"),
                "warn": unhandled > 0,
            }
        )
    if user.has_perm("workgroups.view_workgroup"):
        can_see_people = user.has_perm("workgroups.view_participant")
        rows = []
        for workgroup in Workgroup.objects.active().with_totals().order_by("order", "name"):
            url = (
                _url(
                    "admin:workgroups_participant_changelist",
                    commitment__workgroup__id__exact=workgroup.pk,
                    active="yes",
                )
                if can_see_people
                else reverse("admin:workgroups_workgroup_change", args=[workgroup.pk])
            )
            rows.append({"workgroup": workgroup, "url": url})
        board["workgroups"] = rows
    board["can_mail"] = user.has_perm("invekst.add_segmentmailing")
    board["can_import"] = user.has_perm("members.add_company")
    return board
