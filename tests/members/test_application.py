import pytest
from django.core import mail

from members.models import Company, MembershipEvent, Representative
from plans.models import Municipality
from tests.factories import make_user
from tests.utils import recorded

URL = "/bli-medlem/"


@pytest.fixture
def applicant(seeded):
    return make_user("soker@mjosloftet.no", name="Siri Søker")


def application(**overrides):
    data = {
        "orgnr": "912345602",
        "name": "Mjøsløftet Teknologi AS",
        "visiting_address": "Teknologivegen 22",
        "postal_code": "2815",
        "postal_place": "Gjøvik",
        "municipality": str(Municipality.objects.get(number="3407").pk),
        "industry": "Programmeringstjenester",
        "employees": "23",
        "website": "https://mjosloftet.no",
        "motivation": "Vi vil bidra med IT-kompetanse i arbeidsgruppen for næringsplan.",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login_and_back(client, seeded):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/bli-medlem/"


def test_the_form_lists_all_municipalities_with_the_region_first(client, login, applicant):
    Municipality.objects.create(number="0301", name="Oslo", in_region=False)
    response = login(applicant).get(URL)
    choices = [label for value, label in response.context["form"].fields["municipality"].choices if value]
    assert choices[:5] == [
        "Gjøvik (3407)",
        "Østre Toten (3442)",
        "Vestre Toten (3443)",
        "Søndre Land (3447)",
        "Nordre Land (3448)",
    ]
    assert choices[-1] == "Oslo (0301)"


def test_an_application_creates_an_applicant_with_the_applicant_as_admin_and_mails_both(
    client, login, applicant, django_capture_on_commit_callbacks, settings
):
    settings.SECRETARIAT_EMAIL = "line@gjovikby.no"
    login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, application(orgnr="912 345 602"), follow=True)

    assert response.redirect_chain == [("/min-side/", 302)]
    company = Company.objects.get()
    assert company.orgnr == "912345602"
    assert company.status == Company.Status.APPLICANT
    assert company.motivation.startswith("Vi vil bidra")
    representative = Representative.objects.get()
    assert (representative.user, representative.company, representative.role) == (applicant, company, "admin")
    event = MembershipEvent.objects.get()
    assert (event.from_status, event.to_status, event.changed_by) == ("", "applicant", applicant)

    assert "Takk! Vi har mottatt søknaden fra Mjøsløftet Teknologi AS" in response.content.decode()
    assert "venter på godkjenning" in response.content.decode()
    secretariat_mail, confirmation = mail.outbox
    assert secretariat_mail.to == ["line@gjovikby.no"]
    assert secretariat_mail.reply_to == ["soker@mjosloftet.no"]
    assert secretariat_mail.subject == "Medlemssøknad: Mjøsløftet Teknologi AS"
    assert "912345602" in secretariat_mail.body
    assert "IT-kompetanse" in secretariat_mail.body
    assert f"/admin/members/company/{company.pk}/change/" in secretariat_mail.body
    assert confirmation.to == ["soker@mjosloftet.no"]
    assert "http://testserver/min-side/" in confirmation.body


def test_no_mail_leaves_before_the_transaction_commits(client, login, applicant, django_capture_on_commit_callbacks):
    login(applicant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(URL, application())
    mails = [c for c in callbacks if getattr(c, "__name__", "") == "send"]  # not the page-cache bump
    assert len(mails) == 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("orgnr", "912345603", "912345603 har feil kontrollsiffer"),
        ("orgnr", "91234560", "Et organisasjonsnummer har nøyaktig ni siffer."),
        ("orgnr", "abcæøå123", "Et organisasjonsnummer har nøyaktig ni siffer."),
        ("orgnr", "", "Skriv bedriftens organisasjonsnummer."),
        ("orgnr", "91234\x00602", "Et organisasjonsnummer har nøyaktig ni siffer."),
        ("name", "A" * 201, "Sørg for at denne verdien har 200 eller færre tegn"),
        ("name", "Mjøs\x00AS", "Null-tegn er ikke tillatt."),
        ("postal_code", "28150", "Et postnummer har fire siffer."),
        ("postal_code", "28a5", "Et postnummer har fire siffer."),
        ("municipality", "", "Velg kommune."),
        ("municipality", "999999", "Velg et gyldig valg"),
        ("employees", "-1", "Verdien må være større enn eller lik 0."),
        ("website", "ikke en adresse", "Oppgi en gyldig nettadresse."),
        ("motivation", "", "Fortell kort hvorfor dere vil bli med."),
        ("motivation", "x" * 4001, "Sørg for at denne verdien har 4000 eller færre tegn"),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(client, login, applicant, field, value, error):
    response = login(applicant).post(URL, application(**{field: value}))
    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors[field]), response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Company.objects.exists()
    assert not Representative.objects.exists()
    assert mail.outbox == []


def test_unicode_names_and_fullwidth_digits_are_accepted(client, login, applicant):
    login(applicant).post(URL, application(orgnr="９１２３４５６０２", name="Ærlige Øyvind & Åse AS – «Mjøs»"))
    company = Company.objects.get()
    assert company.orgnr == "912345602"
    assert company.name == "Ærlige Øyvind & Åse AS – «Mjøs»"


def test_a_registered_org_number_asks_for_an_invitation_and_creates_nothing(
    client, login, applicant, company, company_admin
):
    response = login(applicant).post(URL, application(orgnr=company.orgnr))
    assert response.status_code == 200
    assert response.context["form"].errors["orgnr"] == [
        "Dette organisasjonsnummeret er allerede registrert hos INVEKST. "
        "Be bedriftens hovedkontakt om å invitere deg som kollega."
    ]
    assert Company.objects.count() == 1
    assert not Representative.objects.filter(user=applicant).exists()
    assert mail.outbox == []


def test_the_lookup_button_fills_the_form_without_javascript(client, login, applicant, register):
    register.replies["912345602"] = recorded(200)
    response = login(applicant).post(URL, {"orgnr": "912 345 602", "motivation": "Kompetanse", "lookup": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["name"] == "Mjøsløftet Teknologi AS"
    assert form.initial["municipality"] == Municipality.objects.get(number="3407").pk
    assert form.initial["motivation"] == "Kompetanse"  # what the user typed is kept
    html = response.content.decode()
    assert 'value="Teknologivegen 22"' in html
    assert "Vi fant bedriften i Brønnøysundregistrene" in html
    assert not Company.objects.exists()


def test_the_lookup_explains_a_removed_unit(client, login, applicant, register):
    register.replies["912345610"] = recorded(410)
    response = login(applicant).post(URL, {"orgnr": "912345610", "lookup": "1"})
    assert "er slettet fra Brønnøysundregistrene" in response.content.decode()


def test_when_the_register_is_down_the_form_still_works_by_hand(client, login, applicant, register):
    register.replies["912345602"] = OSError("unreachable")
    login(applicant)
    response = client.post(URL, {"orgnr": "912345602", "lookup": "1"})
    assert "Fyll ut skjemaet selv" in response.content.decode()
    response = client.post(URL, application())
    assert response.status_code == 302
    assert Company.objects.filter(orgnr="912345602").exists()


def test_the_lookup_button_shows_a_bad_check_digit_without_other_errors(client, login, applicant, register):
    response = login(applicant).post(URL, {"orgnr": "912345603", "lookup": "1"})
    form = response.context["form"]
    assert list(form.errors) == ["orgnr"]
    assert "feil kontrollsiffer" in form.errors["orgnr"][0]
    assert register.calls == []


def test_the_json_lookup_answers_form_values(client, login, applicant, register):
    register.replies["912345602"] = recorded(200)
    data = login(applicant).get("/bli-medlem/oppslag/", {"orgnr": "912345602"}).json()
    assert data["outcome"] == "found"
    assert data["fields"]["name"] == "Mjøsløftet Teknologi AS"
    assert data["fields"]["municipality"] == Municipality.objects.get(number="3407").pk
    assert data["fields"]["employees"] == 23


def test_the_json_lookup_rejects_a_bad_number(client, login, applicant, register):
    response = login(applicant).get("/bli-medlem/oppslag/", {"orgnr": "912345603"})
    assert response.status_code == 400
    assert "feil kontrollsiffer" in response.json()["message"]
    assert register.calls == []


def test_the_json_lookup_is_rate_limited(client, login, applicant, register):
    login(applicant)
    statuses = [client.get("/bli-medlem/oppslag/", {"orgnr": "912345602"}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert len(register.calls) == 30
