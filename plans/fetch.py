"""Ask SSB's PxWebApi v2 for an indicator's table, for the region's municipalities.

The request is a GET with the selection in the URL (documented by SSB at
https://www.ssb.no/api/api-mot-statistikkbanken--brukerveiledning):

    https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2
      &valueCodes[Region]=K-3407,…&codelist[Region]=agg_KommSummer&outputValues[Region]=aggregated
      &valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=2019,…

Dimensions left out (sex, age) are eliminated, i.e. summed by SSB. The answer is a
JSON-stat2 dataset, parsed by plans.ssb. Network errors become FetchError with a message a
secretariat can act on; nothing here touches the database.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.utils.translation import gettext as _

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
TIMEOUT = 20
# agg_KommSummer is SSB's merger-consistent municipality grouping: codes K-3407 and so on,
# summed over the municipalities' history across the 2020 reform.
REGION_CODELIST = "agg_KommSummer"


class FetchError(RuntimeError):
    """SSB could not be asked or did not answer usefully; the message says what to do."""


def data_url(*, table_id: str, measure: str, municipality_numbers: Iterable[str], years: Iterable[int]) -> str:
    """The PxWebApi v2 GET address for one measure, some municipalities and years."""
    params = [
        ("lang", "no"),
        ("outputFormat", "json-stat2"),
        ("valueCodes[Region]", ",".join(f"K-{number}" for number in municipality_numbers)),
        ("codelist[Region]", REGION_CODELIST),
        ("outputValues[Region]", "aggregated"),
        ("valueCodes[ContentsCode]", measure),
        ("valueCodes[Tid]", ",".join(str(year) for year in years)),
    ]
    return f"{BASE_URL}/tables/{table_id}/data?" + urlencode(params, safe="[],-")


def fetch(url: str, *, opener: Callable | None = None, timeout: int = TIMEOUT) -> bytes:
    """The answer's bytes; FetchError with a clear message when SSB cannot be reached or refuses."""
    opener = opener or urllib.request.urlopen
    if not url.startswith(BASE_URL + "/"):
        raise FetchError(_("Only SSB's PxWebApi v2 (%(base)s) is asked.") % {"base": BASE_URL})
    # The scheme is fixed to https by the check above.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Accept": "application/json", "User-Agent": "invekst-portal"}
    )
    try:
        with opener(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = _error_detail(exc)
        if exc.code == 429:
            message = _("SSB answered 429 (too many requests; SSB allows about 30 a minute). Try again in a minute.")
        else:
            message = _("SSB answered %(status)s: %(detail)s") % {"status": exc.code, "detail": detail or exc.reason}
        raise FetchError(message) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            _(
                "Could not reach SSB at %(host)s (%(reason)s). Check the network, or import a saved file with import_ssb."
            )
            % {"host": "data.ssb.no", "reason": reason}
        ) from exc


def _error_detail(exc: urllib.error.HTTPError) -> str:
    """PxWebApi v2 explains errors in a JSON body with a title or detail; fall back to nothing."""
    try:
        body = json.loads(exc.read().decode("utf-8", "replace") or "{}")
    except (ValueError, OSError):
        return ""
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("title") or "")
    return ""
