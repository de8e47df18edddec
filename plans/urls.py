from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.strategy, name="strategy"),
    path("rapport/<int:year>/", views.annual_report, name="report"),
    path("<slug:slug>/", views.target_detail, name="target"),
]
