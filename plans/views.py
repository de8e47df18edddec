from django.shortcuts import get_object_or_404, render

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
        context.update(
            focus_areas=plan.focus_areas.all(),
            targets=progress.plan_progress(plan),
            adoptions=[(m, adoptions.get(m.pk)) for m in municipalities],
            projects=plan.projects.all(),
        )
    return render(request, "plans/strategy.html", context)


@public_page
def target_detail(request, slug):
    target = get_object_or_404(Target.objects.select_related("plan"), slug=slug)
    context = {"target": target, "plan": target.plan, **progress.target_detail(target)}
    return render(request, "plans/target_detail.html", context)
