from django.urls import path

from workgroups.views import public

app_name = "workgroups"

urlpatterns = [
    path("", public.workgroup_list, name="list"),
    path("<slug:slug>/", public.workgroup_detail, name="detail"),
]
