"""Member pages under /min-side/arbeidsgrupper/ (the public ones are in workgroups/urls.py)."""

from django.urls import path

from workgroups.views import commitments, room

app_name = "workgroups-member"

urlpatterns = [
    path("", commitments.member_index, name="index"),
    path("forpliktelse/<int:pk>/", commitments.commitment_detail, name="commitment"),
    path("forpliktelse/<int:pk>/avslutt/", commitments.commitment_end, name="commitment-end"),
    path("forpliktelse/<int:pk>/deltakere/", commitments.participant_add, name="participant-add"),
    path(
        "forpliktelse/<int:pk>/deltakere/<int:participant_pk>/fjern/",
        commitments.participant_remove,
        name="participant-remove",
    ),
    path("forpliktelse/<int:pk>/bli-med/", commitments.participant_signup, name="participant-signup"),
    path("<slug:slug>/", room.room, name="room"),
    path("<slug:slug>/kalender.ics", room.workgroup_ics, name="calendar"),
    path("<slug:slug>/moter/<int:meeting_pk>/svar/", room.meeting_rsvp, name="meeting-rsvp"),
    path("<slug:slug>/moter/<int:meeting_pk>.ics", room.meeting_ics, name="meeting-calendar"),
]
