from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.cache import public_page
from plans import progress
from plans.models import Municipality, StrategicPlan, Target


@public_page
def strategy(request):
    plan = StrategicPlan.objects.current()
    context = {"plan": plan, "municipalities": Municipality.objects.filter(in_region=True)}
    if plan:
        municipalities = list(context["municipalities"])
        adoptions = {a.municipality_id: a for a in plan.adoptions.all()}
        projects = list(plan.projects.all())
        context.update(
            focus_areas=plan.focus_areas.all(),
            targets=progress.plan_progress(plan),
            adoptions=[(m, adoptions.get(m.pk)) for m in municipalities],
            projects=[p for p in projects if p.counts_for_target],
            other_decisions=[p for p in projects if not p.counts_for_target],
            report_years=report_years(plan),
        )
    return render(request, "plans/strategy.html", context)


@public_page
def target_detail(request, slug):
    target = get_object_or_404(Target.objects.select_related("plan"), slug=slug)
    context = {"target": target, "plan": target.plan, **progress.target_detail(target)}
    return render(request, "plans/target_detail.html", context)


def report_years(plan: StrategicPlan) -> list[int]:
    """The years a report exists for: the plan's years that have begun, newest first."""
    last = min(plan.period_end, timezone.localdate().year)
    return list(range(last, plan.period_start - 1, -1))


def annual_report(request, year: int):
    plan = StrategicPlan.objects.current()
    if plan is None or year not in report_years(plan):
        raise Http404("No report for that year.")
    adoptions = {a.municipality_id: a for a in plan.adoptions.all()}
    context = {
        "plan": plan,
        "year": year,
        "sections": progress.annual_report(plan, year=year),
        "adoptions": [(m, adoptions.get(m.pk)) for m in Municipality.objects.filter(in_region=True)],
        "projects": [p for p in plan.projects.all() if p.counts_for_target],
        "generated": timezone.localdate(),
    }
    return render(request, "plans/report.html", context)
