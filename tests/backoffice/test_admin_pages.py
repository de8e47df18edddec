"""Every admin page the secretariat works in opens, and the ones it must not reach are closed."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from members.models import User

# Models the secretariat has no business with: accounts' power and second factors, and the
# background machinery (task results, scheduled runs) that is for technical operations.
FORBIDDEN = {
    "auth.group",
    "account.emailaddress",
    "mfa.authenticator",
    "core.scheduledrun",
    "django_tasks_database.dbtaskresult",
}

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def some_object(model, company_admin):
    if model is User:
        return company_admin  # a member's account; staff accounts are a superuser's business
    if model is Group:
        return Group.objects.get(name="Sekretariat")
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} to open; add one to the `everything` fixture"
    return obj


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_forbidden_list_names_registered_models():
    registered = {model._meta.label_lower for model, _ in REGISTRY}
    assert registered >= FORBIDDEN


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _ in REGISTRY])
def test_every_admin_page_renders_for_the_secretariat(
    client, login, everything, staff, company_admin, model, model_admin
):
    login(staff)
    if model._meta.label_lower in FORBIDDEN:
        assert client.get(url(model, "changelist")).status_code == 403
        assert client.get(url(model, "add")).status_code == 403
        return
    assert client.get(url(model, "changelist")).status_code == 200
    obj = some_object(model, company_admin)
    assert client.get(url(model, "change", obj.pk)).status_code == 200
    assert client.get(url(model, "history", obj.pk)).status_code == 200
    request = RequestFactory().get("/")
    request.user = staff
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert client.get(url(model, "add")).status_code == expected


def test_the_secretariat_sees_its_models_on_the_admin_index(client, login, everything, staff):
    html = login(staff).get("/admin/").content.decode()
    for path in ("/admin/members/company/", "/admin/workgroups/participant/", "/admin/invekst/segmentmailing/"):
        assert path in html
    assert "/admin/auth/group/" not in html


def test_the_secretariat_deletes_a_news_draft_but_not_a_published_post(client, login, staff, seeded):
    from invekst.models import NewsPost

    draft = NewsPost.objects.create(title="Utkast", slug="utkast", lead="Kort", body="Tekst")
    published = NewsPost.objects.create(
        title="Publisert", slug="publisert", lead="Kort", body="Tekst", status=NewsPost.Status.PUBLISHED
    )
    login(staff)
    assert client.post(f"/admin/invekst/newspost/{published.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/invekst/newspost/{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    assert list(NewsPost.objects.values_list("slug", flat=True)) == ["publisert"]


def test_the_contact_list_starts_with_the_unhandled_and_records_who_handled_them(client, login, staff, seeded):
    from invekst.models import ContactMessage

    def message(subject):
        return ContactMessage.objects.create(
            name="Nina", email="nina@example.no", subject=subject, message="Hei", consent_version="2026-11"
        )

    old, new = message("Gammel"), message("Ny")
    login(staff)
    client.post("/admin/invekst/contactmessage/?handled=no", {"action": "mark_handled", "_selected_action": [old.pk]})
    old.refresh_from_db()
    assert (old.handled, old.handled_by) == (True, staff)
    unhandled = client.get("/admin/invekst/contactmessage/?handled=no").context["cl"].result_list
    assert list(unhandled) == [new]
