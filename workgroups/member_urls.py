"""Member pages under /min-side/arbeidsgrupper/ (the public ones are in workgroups/urls.py)."""

from django.urls import path

from workgroups import views

app_name = "workgroups-member"

urlpatterns = [
    path("", views.member_index, name="index"),
    path("forpliktelse/<int:pk>/", views.commitment_detail, name="commitment"),
    path("forpliktelse/<int:pk>/avslutt/", views.commitment_end, name="commitment-end"),
    path("forpliktelse/<int:pk>/deltakere/", views.participant_add, name="participant-add"),
    path(
        "forpliktelse/<int:pk>/deltakere/<int:participant_pk>/fjern/",
        views.participant_remove,
        name="participant-remove",
    ),
    path("forpliktelse/<int:pk>/bli-med/", views.participant_signup, name="participant-signup"),
    path("<slug:slug>/", views.room, name="room"),
    path("<slug:slug>/kalender.ics", views.workgroup_ics, name="calendar"),
    path("<slug:slug>/moter/<int:meeting_pk>/svar/", views.meeting_rsvp, name="meeting-rsvp"),
    path("<slug:slug>/moter/<int:meeting_pk>.ics", views.meeting_ics, name="meeting-calendar"),
]
