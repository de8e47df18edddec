"""Oversized bodies and uploads are refused cleanly: 413 or a field error, never 500, nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from invekst.models import ContactMessage
from plans.models import Indicator, Observation

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
TOO_LARGE = "Det var mer enn vi kan ta imot"


def _contact_body(message_size: int) -> bytes:
    return b"name=Kari&email=kari%40example.no&subject=Hei&consent=on&message=" + b"x" * message_size


def test_a_body_over_the_limit_answers_413_with_a_calm_page_and_stores_nothing(client, seeded, settings):
    body = _contact_body(settings.MAX_REQUEST_BODY)
    response = client.generic("POST", reverse("contact"), body, content_type=FORM)
    assert response.status_code == 413
    html = response.content.decode()
    assert TOO_LARGE in html
    assert 'class="site-header"' in html  # the site's own layout, not a bare error
    assert ContactMessage.objects.count() == 0


def test_the_413_page_carries_the_security_headers(client, seeded, settings):
    response = client.generic("POST", reverse("contact"), _contact_body(settings.MAX_REQUEST_BODY), content_type=FORM)
    assert response.status_code == 413
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_limit_is_a_setting(seeded, settings):
    settings.MAX_REQUEST_BODY = 1000
    client = Client()  # middleware reads the setting when the client loads it
    assert client.generic("POST", reverse("contact"), _contact_body(1000), content_type=FORM).status_code == 413
    response = client.generic("POST", reverse("contact"), _contact_body(10), content_type=FORM)
    assert response.status_code != 413


def test_a_form_over_djangos_field_limit_answers_413_not_500(client, seeded, settings):
    """Between DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) and MAX_REQUEST_BODY: Django's RequestDataTooBig."""
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1000
    assert size < settings.MAX_REQUEST_BODY
    response = client.generic("POST", reverse("contact"), _contact_body(size), content_type=FORM)
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_too_many_fields_answer_400_not_500(client, seeded, settings):
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)).encode()
    response = client.generic("POST", reverse("contact"), body, content_type=FORM)
    assert response.status_code == 400
    assert "Vi klarte ikke å lese det som ble sendt" in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_a_disallowed_host_answers_the_400_page(client, seeded):
    response = client.get("/", HTTP_HOST="angriper.example")
    assert response.status_code == 400
    assert "Vi klarte ikke å lese det som ble sendt" in response.content.decode()


@pytest.mark.parametrize(("value", "status"), [("abc", 400), ("-5", 400), ("", 200), ("99999999999999999999999", 413)])
def test_a_strange_content_length_is_no_500(seeded, value, status):
    client = Client()
    response = client.generic("POST", reverse("contact"), b"name=Kari", content_type=FORM, CONTENT_LENGTH=value)
    assert response.status_code == status
    assert ContactMessage.objects.count() == 0


# --- the SSB upload in the admin ---------------------------------------------------------


@pytest.fixture
def importer(client, superuser):
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _upload(client, size: int):
    indicator = Indicator.objects.first()
    upload = SimpleUploadedFile("stor.json", b" " * size, content_type="application/json")
    return client.post(reverse("admin:plans_observation_import"), {"file": upload, "indicator": indicator.pk})


def test_an_upload_over_two_megabytes_gets_a_field_error(importer, seeded):
    before = Observation.objects.count()
    response = _upload(importer, 3 * 1024 * 1024)
    assert response.status_code == 200
    assert "Filen er større enn 2 MB." in response.content.decode()
    assert Observation.objects.count() == before


def test_an_upload_over_the_request_limit_answers_413(importer, seeded, settings):
    before = Observation.objects.count()
    response = _upload(importer, settings.MAX_REQUEST_BODY + 1)
    assert response.status_code == 413
    assert Observation.objects.count() == before
