import urllib.error

from members import brreg
from tests.utils import recorded


def test_it_reads_name_address_municipality_industry_and_employees(register):
    register.replies["912345602"] = recorded(200)
    result = brreg.lookup("912345602")
    assert result.found
    assert result.unit == brreg.Unit(
        orgnr="912345602",
        name="Mjøsløftet Teknologi AS",
        address="Teknologivegen 22",
        postal_code="2815",
        postal_place="Gjøvik",
        municipality_number="3407",
        industry_code="62.010",
        industry="Programmeringstjenester",
        employees=23,
        website="https://www.mjosloftet.no",
    )


def test_a_removed_unit_answers_removed(register):
    register.replies["912345610"] = recorded(410)
    assert brreg.lookup("912345610").outcome == brreg.Outcome.REMOVED


def test_an_unknown_number_answers_not_found(register):
    assert brreg.lookup("912345629").outcome == brreg.Outcome.NOT_FOUND


def test_a_timeout_or_refused_connection_answers_unavailable(register):
    register.replies["912345602"] = TimeoutError("timed out")
    assert brreg.lookup("912345602").outcome == brreg.Outcome.UNAVAILABLE
    register.replies["912345602"] = urllib.error.URLError("connection refused")
    assert brreg.lookup("912345602").outcome == brreg.Outcome.UNAVAILABLE


def test_a_server_error_or_broken_json_answers_unavailable(register):
    register.replies["912345602"] = (503, b"<html>maintenance</html>")
    assert brreg.lookup("912345602").outcome == brreg.Outcome.UNAVAILABLE
    register.replies["912345602"] = (200, b"<html>not json</html>")
    assert brreg.lookup("912345602").outcome == brreg.Outcome.UNAVAILABLE


def test_a_unit_without_registered_employees_has_none(register):
    status, body = recorded(200)
    body = body.replace(b'"harRegistrertAntallAnsatte": true', b'"harRegistrertAntallAnsatte": false')
    register.replies["912345602"] = (status, body)
    assert brreg.lookup("912345602").unit.employees is None


def test_fetch_uses_a_short_timeout_and_the_documented_url(monkeypatch):
    seen = {}

    class Response:
        status = 200

        def read(self, limit):
            return b"{}"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        seen["url"], seen["timeout"] = request.full_url, timeout
        return Response()

    monkeypatch.setattr(brreg.urllib.request, "urlopen", fake_urlopen)
    assert brreg.fetch("912345602") == (200, b"{}")
    assert seen == {"url": "https://data.brreg.no/enhetsregisteret/api/enheter/912345602", "timeout": 3}
