"""fetch_ssb against recorded PxWebApi v2 answers (no network here; see recorded/README.md)."""

import io
import urllib.error
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import CommandError, call_command

from plans import fetch
from plans.models import ImportBatch, Observation

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parent / "recorded"


class Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def ssb(monkeypatch):
    """Replace the network: each call answers the next recorded file (or raises), and remembers the request."""
    calls, answers = [], []

    def urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        result = answers.pop(0)
        if isinstance(result, Exception):
            raise result
        return Answer(result)

    monkeypatch.setattr(fetch.urllib.request, "urlopen", urlopen)
    return calls, answers


def run(*args):
    out = StringIO()
    call_command("fetch_ssb", *args, stdout=out)
    return out.getvalue()


def test_the_request_is_a_pxwebapi_v2_get_for_the_regions_merger_consistent_codes(seeded):
    url = run("--print-url", "--from-year", "2020", "--to-year", "2022")
    parts = urlsplit(url.strip())
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "data.ssb.no", "/api/pxwebapi/v2/tables/07459/data")
    assert dict(parse_qsl(parts.query)) == {
        "lang": "no",
        "outputFormat": "json-stat2",
        "valueCodes[Region]": "K-3407,K-3442,K-3443,K-3447,K-3448",
        "codelist[Region]": "agg_KommSummer",
        "outputValues[Region]": "aggregated",
        "valueCodes[ContentsCode]": "Personer1",
        "valueCodes[Tid]": "2020,2021,2022",
    }


def test_a_recorded_answer_is_imported_as_a_batch_with_the_request_as_its_source(seeded, ssb):
    calls, answers = ssb
    answers.append((RECORDED / "pxwebapi-v2-07459-agg_KommSummer-2019-2026.json").read_bytes())
    out = run("--from-year", "2019", "--to-year", "2026")
    batch = ImportBatch.objects.get()
    assert batch.kind == "fetch" and batch.created_by.startswith("manage.py fetch_ssb")
    assert batch.source_url == calls[0][0] and calls[0][1] == fetch.TIMEOUT
    # Same values as the extracts, now read from SSB itself: 40 figures get SSB's address as their source.
    assert (batch.added, batch.changed, batch.skipped) == (0, 40, 0)
    assert "0 nye, 40 endret, 0 uendret" in out
    obs = Observation.objects.get(municipality__number="3442", year=2025)
    assert (obs.value, obs.source, obs.table_id, obs.source_url) == (
        Decimal(14827),
        "SSB tabell 07459",
        "07459",
        calls[0][0],
    )
    # Fetching the same again changes nothing.
    answers.append((RECORDED / "pxwebapi-v2-07459-agg_KommSummer-2019-2026.json").read_bytes())
    assert "0 nye, 0 endret, 40 uendret" in run("--from-year", "2019", "--to-year", "2026")


def test_unreachable_ssb_fails_with_a_clear_message_and_imports_nothing(seeded, ssb):
    _, answers = ssb
    answers.append(urllib.error.URLError("[Errno -3] Temporary failure in name resolution"))
    before = list(Observation.objects.values_list("pk", "value", "source_url"))
    with pytest.raises(CommandError) as error:
        run()
    assert str(error.value) == (
        "Fikk ikke kontakt med SSB på data.ssb.no ([Errno -3] Temporary failure in name resolution). "
        "Sjekk nettverket, eller importer en lagret fil med import_ssb. Ingenting ble importert."
    )
    assert list(Observation.objects.values_list("pk", "value", "source_url")) == before
    assert not ImportBatch.objects.exists()


def test_a_timeout_and_a_refusal_from_ssb_are_explained(seeded, ssb):
    _, answers = ssb
    answers.append(TimeoutError("timed out"))
    with pytest.raises(CommandError, match="Fikk ikke kontakt med SSB"):
        run()
    body = (RECORDED / "pxwebapi-v2-error-400.json").read_bytes()
    answers.append(urllib.error.HTTPError("https://data.ssb.no/", 400, "Bad Request", {}, io.BytesIO(body)))
    with pytest.raises(CommandError, match="SSB svarte 400: Non-existent value: K-9999"):
        run()
    answers.append(urllib.error.HTTPError("https://data.ssb.no/", 429, "Too Many Requests", {}, io.BytesIO(b"")))
    with pytest.raises(CommandError, match="SSB svarte 429"):
        run()
    assert not ImportBatch.objects.exists()


def test_an_answer_with_another_measure_is_refused(seeded, ssb):
    _, answers = ssb
    answers.append((RECORDED / "pxwebapi-v2-07459-Endring.json").read_bytes())
    with pytest.raises(CommandError, match="statistikkvariabel Endring, men «Folketall 1. januar» er tabell 07459"):
        run()
    assert not ImportBatch.objects.exists()


def test_an_indicator_without_a_table_cannot_be_fetched(seeded, ssb):
    with pytest.raises(CommandError, match="har ingen SSB-tabell"):
        run("--indicator", "private_sector_jobs")
    assert ssb[0] == []
