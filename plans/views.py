from django.shortcuts import get_object_or_404, render

from plans.models import Municipality, StrategicPlan, Target


def strategy(request):
    plan = StrategicPlan.objects.current()
    context = {
        "plan": plan,
        "focus_areas": plan.focus_areas.all() if plan else [],
        "targets": plan.targets.all() if plan else [],
        "municipalities": Municipality.objects.filter(in_region=True),
    }
    return render(request, "plans/strategy.html", context)


def target_detail(request, slug):
    target = get_object_or_404(Target.objects.select_related("plan"), slug=slug)
    return render(request, "plans/target_detail.html", {"target": target, "plan": target.plan})
