"""/min-side/mine-data/: export my personal data, delete (anonymise) my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from members.accounts.services import EXPORT_SECTIONS, personal_data_export, register_export_section
from members.models import PrivacyAcceptance, Representative, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

MY_DATA = reverse("accounts:my-data")
EXPORT = reverse("accounts:my-data-export")
DELETE = reverse("accounts:delete-account")


@pytest.mark.parametrize("url", [MY_DATA, EXPORT])
def test_anonymous_is_sent_to_login(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_anonymous_cannot_delete(client, seeded):
    response = client.post(DELETE, {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_delete_requires_post(client, login, company_member):
    login(company_member)
    assert client.get(DELETE).status_code == 405


def test_my_data_page_shows_my_data_in_norwegian(client, login, company_member):
    login(company_member)
    html = client.get(MY_DATA).content.decode()
    assert "Mine data" in html
    assert "Ola Medlem" in html
    assert "Mjøsbedriften AS" in html
    assert "Slett kontoen min" in html


def test_export_contains_my_data_and_nothing_of_other_users(client, login, company_member, company_admin, outsider):
    PrivacyAcceptance.objects.create(user=company_member, version="2026-11")
    PrivacyAcceptance.objects.create(user=outsider, version="2020-01")
    EmailAddress.objects.create(user=company_member, email="ola@privat.no", verified=False, primary=False)
    company_member.phone = "+47 912 34 567"
    company_member.save()
    login(company_member)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="invekst-mine-data-')
    data = json.loads(response.content)
    assert data["user"]["email"] == "member@mjosbedriften.no"
    assert data["user"]["name"] == "Ola Medlem"
    assert data["user"]["phone"] == "+47 912 34 567"
    assert data["email_addresses"] == [
        {"email": "member@mjosbedriften.no", "verified": True, "primary": True},
        {"email": "ola@privat.no", "verified": False, "primary": False},
    ]
    assert [a["version"] for a in data["privacy_acceptances"]] == ["2026-11"]
    assert data["representations"] == [
        {
            "company": {"name": "Mjøsbedriften AS", "orgnr": "999999980", "status": "active"},
            "role": "member",
            "title": "",
            "added": data["representations"][0]["added"],
        }
    ]
    raw = response.content.decode()
    for foreign in ("admin@mjosbedriften.no", "Kari Admin", "admin@totenbedriften.no", "Totenbedriften", "2020-01"):
        assert foreign not in raw


def test_export_lists_second_factors_without_their_secrets(client, login, company_member):
    secret = generate_totp_secret()
    TOTP.activate(company_member, secret)
    login(company_member)
    data = client.get(EXPORT).json()
    assert [a["type"] for a in data["two_factor_authenticators"]] == ["totp"]
    assert secret not in client.get(EXPORT).content.decode()


def test_other_apps_can_add_export_sections(company_member):
    def workgroup_section(user):
        return "workgroups", [f"section for {user.email}"]

    register_export_section(workgroup_section)
    try:
        data = personal_data_export(user=company_member)
    finally:
        EXPORT_SECTIONS.remove(workgroup_section)
    assert data["workgroups"] == ["section for member@mjosbedriften.no"]


def test_delete_anonymises_me_keeps_company_history_and_logs_me_out(client, login, company_member, company_admin):
    TOTP.activate(company_member, generate_totp_secret())
    PrivacyAcceptance.objects.create(user=company_member, version="2026-11")
    company_member.phone = "+47 912 34 567"
    company_member.save()
    other_session = Client()
    other_session.force_login(company_member, backend="django.contrib.auth.backends.ModelBackend")
    login(company_member)

    response = client.post(DELETE, {"confirm": "on", "password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("accounts:account-deleted"), 302)]
    assert "Kontoen din er slettet" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=company_member.pk)
    assert user.email == f"slettet-{user.pk}@anonymisert.invalid"
    assert user.name == ""
    assert user.phone == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    representative = Representative.objects.get(user=user)
    assert representative.company.name == "Mjøsbedriften AS"
    assert PrivacyAcceptance.objects.filter(user=user).count() == 1
    # The other browser's session ends too.
    assert other_session.get(MY_DATA).status_code == 302
    # The person cannot log in any more, with either address.
    for login_value in ("member@mjosbedriften.no", user.email):
        client.post(reverse("account_login"), {"login": login_value, "password": PASSWORD})
        assert "_auth_user_id" not in client.session


def test_a_new_account_can_reuse_the_address_of_a_deleted_one(client, login, company_member, company_admin):
    login(company_member)
    client.post(DELETE, {"confirm": "on", "password": PASSWORD})
    make_user("member@mjosbedriften.no")
    assert User.objects.filter(email="member@mjosbedriften.no").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": PASSWORD}, "confirm", "Kryss av for å bekrefte at du vil slette kontoen din."),
        ({"confirm": "on"}, "password", "Skriv passordet ditt for å bekrefte."),
        ({"confirm": "on", "password": "wrong"}, "password", "Passordet er ikke riktig."),
        ({"confirm": "on", "password": "wr\x00ong"}, "password", "Null-tegn er ikke tillatt."),
    ],
    ids=["no-confirm", "no-password", "wrong-password", "nul-byte"],
)
def test_delete_needs_confirmation_and_my_password(client, login, company_member, data, field, message):
    login(company_member)
    response = client.post(DELETE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    user = User.objects.get(pk=company_member.pk)
    assert user.is_active
    assert user.email == "member@mjosbedriften.no"


def test_delete_is_refused_for_the_last_admin_of_an_active_company(client, login, company_admin):
    login(company_admin)
    page = client.get(MY_DATA).content.decode()
    assert "Du kan ikke slette kontoen din ennå." in page
    assert DELETE not in page

    response = client.post(DELETE, {"confirm": "on", "password": PASSWORD})

    assert response.status_code == 409
    assert "Du er eneste hovedkontakt for denne aktive medlemsbedriften" in response.content.decode()
    user = User.objects.get(pk=company_admin.pk)
    assert user.is_active
    assert user.email == "admin@mjosbedriften.no"
    assert "_auth_user_id" in client.session


def test_delete_is_allowed_when_another_admin_remains(client, login, company, company_admin):
    colleague = make_user("kollega@mjosbedriften.no")
    Representative.objects.create(user=colleague, company=company, role=Representative.Role.ADMIN)
    login(company_admin)
    response = client.post(DELETE, {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.get(pk=company_admin.pk).is_active


def test_an_inactive_colleague_does_not_count_as_the_remaining_admin(client, login, company, company_admin):
    colleague = make_user("borte@mjosbedriften.no", is_active=False)
    Representative.objects.create(user=colleague, company=company, role=Representative.Role.ADMIN)
    login(company_admin)
    assert client.post(DELETE, {"confirm": "on", "password": PASSWORD}).status_code == 409


def test_the_admin_of_a_resigned_company_may_delete(client, login, company, company_admin):
    company.status = company.Status.RESIGNED
    company.save()
    login(company_admin)
    assert client.post(DELETE, {"confirm": "on", "password": PASSWORD}).status_code == 302
    assert Representative.objects.filter(company=company).count() == 1
