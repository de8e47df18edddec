from django.contrib import admin
from django.urls import include, path

from invekst import views
from invekst.language import switch_language

urlpatterns = [
    path("", views.home, name="home"),
    path("om-oss/", views.about, name="about"),
    path("aktuelt/", views.news_list, name="news-list"),
    path("aktuelt/<slug:slug>/", views.news_detail, name="news-detail"),
    path("kontakt/", views.contact, name="contact"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("strategi/", include("plans.urls")),
    path("arbeidsgrupper/", include("workgroups.urls")),
    path("min-side/arbeidsgrupper/", include("workgroups.member_urls")),
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/sprak/<str:code>/", switch_language, name="switch-language"),
    path("min-side/mine-data/", include("members.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "invekst.views.bad_request"
handler403 = "invekst.views.permission_denied"
handler404 = "invekst.views.page_not_found"
handler500 = "invekst.views.server_error"
