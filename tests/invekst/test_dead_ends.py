"""No dead ends: a refusal, an expired form and the admin door each say what happened and where to go."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_refusal_is_a_norwegian_page_in_the_site_layout_with_a_way_on(login, company_member):
    # A plain member may not invite colleagues: that is the company admin's job.
    response = login(company_member).post("/min-side/kolleger/inviter/", {"email": "ny@mjosbedriften.no"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har ikke tilgang til denne siden" in body
    assert "member@mjosbedriften.no" in body  # who they are signed in as
    assert 'id="main"' in body and "skip-link" in body  # the site's own layout
    assert 'href="/min-side/"' in body and 'href="/"' in body
    assert "403 Forbidden" not in body


def test_a_refusal_in_english(login, company_member):
    client = login(company_member)
    client.cookies["django_language"] = "en"
    body = client.post("/min-side/kolleger/inviter/", {"email": "ny@mjosbedriften.no"}).content.decode()
    assert "You do not have access to this page" in body


def test_an_expired_form_says_to_go_back_and_reload_in_norwegian(seeded):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/kontakt/", {"name": "Nina", "email": "nina@example.no", "message": "Hei"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Skjemaet er utløpt" in body
    assert "Last inn siden på nytt" in body
    assert "Ingenting ble lagret" in body
    assert 'id="main"' in body
    assert "CSRF verification failed" not in body


def test_a_signed_in_member_opening_the_admin_is_told_it_is_for_the_secretariat(login, company_member):
    # Before: /admin/ → admin login → allauth login → (signed in) /admin/ → … a redirect loop.
    response = login(company_member).get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    body = response.content.decode()
    assert "bare for sekretariatet" in body
    assert 'href="/min-side/"' in body


def test_the_secretariat_still_enters_the_admin_and_strangers_still_log_in(client, login, secretariat):
    anonymous = client.get("/admin/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/konto/login/?next=")
    assert anonymous.status_code == 200
    staff = login(secretariat)
    assert staff.get("/admin/").status_code == 200
    assert staff.get("/admin/login/", follow=True).redirect_chain[-1][0] == "/admin/"
