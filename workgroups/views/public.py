"""Public workgroup pages: totals and coverage, never a person's name."""

from django.shortcuts import get_object_or_404, render

from core.cache import public_page
from workgroups.models import Workgroup, competence_coverage


@public_page
def workgroup_list(request):
    workgroups = list(Workgroup.objects.active().with_totals())
    coverage = competence_coverage(w.pk for w in workgroups)
    for workgroup in workgroups:
        workgroup.coverage = coverage[workgroup.pk]
        workgroup.gap_count = sum(1 for row in workgroup.coverage if row.is_gap)
    return render(request, "workgroups/workgroup_list.html", {"workgroups": workgroups})


@public_page
def workgroup_detail(request, slug):
    workgroup = get_object_or_404(Workgroup.objects.with_totals(), slug=slug)
    return render(
        request,
        "workgroups/workgroup_detail.html",
        {"workgroup": workgroup, "coverage": competence_coverage([workgroup.pk])[workgroup.pk]},
    )
