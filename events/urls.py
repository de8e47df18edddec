"""Events under /arrangementer/, the private calendar feeds under /kalender/, and the Min side page."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("arrangementer/", views.event_list, name="list"),
    path("arrangementer/kalender.ics", views.events_feed, name="calendar"),
    path("arrangementer/bekreft/<str:token>/", views.registration_confirm, name="confirm"),
    path("arrangementer/avmelding/<str:token>/", views.registration_cancel, name="cancel"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="detail"),
    path("arrangementer/<slug:slug>/kalender.ics", views.event_ics, name="event-calendar"),
    path("arrangementer/<slug:slug>/pamelding/", views.guest_register, name="register"),
    path("arrangementer/<slug:slug>/meld-pa/", views.member_register, name="member-register"),
    path("arrangementer/<slug:slug>/meld-av/", views.member_cancel, name="member-cancel"),
    path("kalender/<str:token>.ics", views.personal_feed, name="feed"),
    path("min-side/kalender/", views.subscriptions, name="subscriptions"),
    path("min-side/kalender/forny/", views.feed_renew, name="feed-renew"),
    path("min-side/kalender/varsler/", views.notices_set, name="notices"),
]
