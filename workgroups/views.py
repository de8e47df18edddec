from django.shortcuts import get_object_or_404, render

from workgroups.models import Workgroup


def workgroup_list(request):
    return render(request, "workgroups/workgroup_list.html", {"workgroups": Workgroup.objects.active()})


def workgroup_detail(request, slug):
    workgroup = get_object_or_404(Workgroup, slug=slug)
    return render(request, "workgroups/workgroup_detail.html", {"workgroup": workgroup})
