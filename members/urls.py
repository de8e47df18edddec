from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("bli-medlem/", views.apply, name="apply"),
    path("bli-medlem/oppslag/", views.lookup, name="lookup"),
    path("bli-medlem/hovedkontakt/", views.main_contact_request, name="main-contact-request"),
    path("medlemmer/", views.directory, name="directory"),
    path("min-side/", views.dashboard, name="dashboard"),
    path("min-side/bedrift/", views.company, name="company"),
    path("min-side/kolleger/", views.colleagues, name="colleagues"),
    path("min-side/kolleger/inviter/", views.colleague_invite, name="colleague-invite"),
    path("min-side/kolleger/<int:pk>/rolle/", views.colleague_role, name="colleague-role"),
    path("min-side/kolleger/<int:pk>/fjern/", views.colleague_remove, name="colleague-remove"),
    path("min-side/invitasjoner/<int:pk>/trekk-tilbake/", views.invitation_cancel, name="invitation-cancel"),
    path("min-side/invitasjon/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
