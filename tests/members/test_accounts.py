"""Accounts: signup with privacy consent, e-mail verification, login, reset, admin MFA rule."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from members.models import PrivacyAcceptance, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Åse Ødegård",
    "email": "ase@eksempel.no",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_privacy": "on",
}


def signup(client, **changes):
    data = {**SIGNUP, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("account_signup"), data)


def test_signup_stores_the_name_and_the_privacy_acceptance_with_version_and_time(client, seeded):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="ase@eksempel.no")
    assert user.name == "Åse Ødegård"
    acceptance = PrivacyAcceptance.objects.get(user=user)
    assert acceptance.version == django_settings.PRIVACY_STATEMENT_VERSION
    assert acceptance.accepted_at is not None
    assert acceptance.accepted_at >= user.date_joined


def test_signup_without_privacy_acceptance_creates_no_user_and_explains_next_to_the_field(client, seeded):
    response = signup(client, accept_privacy=None)
    assert response.status_code == 200
    assert response.context["form"].errors["accept_privacy"] == [
        "Du må godta personvernerklæringen for å opprette en konto."
    ]
    html = response.content.decode()
    assert 'id="id_accept_privacy_error"' in html
    assert 'aria-describedby="id_accept_privacy_helptext id_accept_privacy_error"' in html
    assert not User.objects.exists()
    assert not PrivacyAcceptance.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "x" * 151}, "name"),
        ({"name": "Kari\x00Nordmann"}, "name"),
        ({"name": "   "}, "name"),
        ({"email": "kari\x00@eksempel.no"}, "email"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"password2": "something-else-entirely"}, "password2"),
    ],
    ids=["name-too-long", "name-nul-byte", "name-blank", "email-nul-byte", "email-invalid", "passwords-differ"],
)
def test_bad_signup_input_gives_a_field_error_and_writes_nothing(client, seeded, changes, field):
    response = signup(client, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not PrivacyAcceptance.objects.exists()
    assert mail.outbox == []


def test_signup_accepts_unicode_names(client, seeded):
    signup(client, name="Zoë Þórsdóttir-Ålien 李")
    assert User.objects.get().name == "Zoë Þórsdóttir-Ålien 李"


def test_signup_sends_an_email_verification_mail(client, seeded):
    signup(client)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ase@eksempel.no"]
    assert "/konto/confirm-email/" in message.body
    assert not EmailAddress.objects.get(email="ase@eksempel.no").verified


def test_with_mandatory_verification_signup_does_not_log_in_before_the_address_is_confirmed(client, seeded, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = signup(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session


def test_signup_page_is_in_norwegian_in_our_layout(client, seeded):
    html = client.get(reverse("account_signup")).content.decode()
    assert '<html lang="nb">' in html
    assert "Registrer deg" in html
    assert "Fullt navn" in html
    assert 'class="site-header"' in html
    assert '<label for="id_email">E-post</label>' in html


def test_login_by_email_and_password(client, company_member):
    response = client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(company_member.pk)


def test_wrong_password_gives_a_norwegian_error(client, company_member):
    response = client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": "wrong"})
    assert response.status_code == 200
    assert "E-postadressen og/eller passordet du oppgav er feil." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_rate_limit_stops_guessing_even_with_the_right_password(client, company_member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": PASSWORD})
    assert "For mange mislykkede innloggingsforsøk. Prøv igjen om noen minutter." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link(client, company_member):
    response = client.post(reverse("account_reset_password"), {"email": "member@mjosbedriften.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@mjosbedriften.no"]
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_logout_ends_the_session(client, login, company_member):
    login(company_member)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_links_the_signed_in_user_to_my_page(client, login, company_member):
    login(company_member)
    html = client.get(reverse("home")).content.decode()
    assert (
        f'<a href="{reverse("members:dashboard")}">Min side<span class="visually-hidden"> (Ola Medlem)</span></a>'
        in html
    )


# Admin: staff need a second factor in production (settings.ADMIN_REQUIRE_MFA).


def activate_totp(user):
    TOTP.activate(user, generate_totp_secret())


def test_staff_without_second_factor_is_sent_to_mfa_setup_when_required(client, login, secretariat, settings):
    settings.ADMIN_REQUIRE_MFA = True
    login(secretariat)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "krever tofaktorautentisering" in response.content.decode()


def test_staff_with_an_authenticator_app_enters_the_admin_when_required(client, login, secretariat, settings):
    settings.ADMIN_REQUIRE_MFA = True
    activate_totp(secretariat)
    login(secretariat)
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_alone_do_not_satisfy_the_admin_rule(client, login, superuser, settings):
    settings.ADMIN_REQUIRE_MFA = True
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"})
    login(superuser)
    assert client.get("/admin/members/user/").url == reverse("mfa_activate_totp")


def test_staff_enter_the_admin_without_second_factor_when_not_required(client, login, secretariat, settings):
    settings.ADMIN_REQUIRE_MFA = False
    login(secretariat)
    assert client.get("/admin/").status_code == 200


def test_non_staff_are_not_sent_to_mfa_setup(client, login, company_member, settings):
    settings.ADMIN_REQUIRE_MFA = True
    login(company_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_login_goes_through_allauth_login(client, seeded):
    response = client.get(reverse("admin:login") + "?next=/admin/members/user/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fmembers%2Fuser%2F"


def test_admin_login_form_cannot_be_posted_to(client, seeded):
    make_user("staff@invekst.no", is_staff=True)
    response = client.post(reverse("admin:login"), {"username": "staff@invekst.no", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_configured_rate_limits_are_valid_allauth_actions_and_rates(settings):
    from allauth.account import app_settings as account_settings
    from allauth.core.internal.ratelimit import parse_rates

    configured = dict(settings.ACCOUNT_RATE_LIMITS)
    settings.ACCOUNT_RATE_LIMITS = {}
    known_actions = set(account_settings.RATE_LIMITS)
    # allauth silently ignores unknown actions, so a typo would switch a limit off.
    for action, rates in configured.items():
        assert action in known_actions, action
        assert parse_rates(rates)
    settings.ACCOUNT_RATE_LIMITS = configured
    assert account_settings.RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
