"""Look up a unit in Enhetsregisteret (Brønnøysundregistrene's open data API).

GET https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr} answers 200 with JSON,
404 for an unknown number and 410 for a unit removed from the register. The adapter uses
only the standard library and a short timeout: the lookup is a convenience, and the
application form works by hand when the register is slow or down.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from enum import StrEnum

logger = logging.getLogger(__name__)

API_URL = "https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"
TIMEOUT_SECONDS = 3
MAX_BYTES = 256 * 1024


class Outcome(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    REMOVED = "removed"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Unit:
    """The parts of a register entry the application form can use."""

    orgnr: str
    name: str
    address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    municipality_number: str = ""
    industry_code: str = ""
    industry: str = ""
    employees: int | None = None
    website: str = ""


@dataclass(frozen=True)
class LookupResult:
    outcome: Outcome
    unit: Unit | None = None

    @property
    def found(self) -> bool:
        return self.outcome == Outcome.FOUND


def fetch(orgnr: str) -> tuple[int, bytes]:
    """(HTTP status, body) from the register; raises OSError when it cannot be reached."""
    request = urllib.request.Request(  # noqa: S310 - fixed https URL, orgnr is nine digits
        API_URL.format(orgnr=orgnr), headers={"Accept": "application/json", "User-Agent": "invekst-portal"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(MAX_BYTES)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(MAX_BYTES) if exc.fp else b""


def _title(value: str) -> str:
    """The register writes names and places in capitals; show them as people write them."""
    words = []
    for word in value.split():
        upper = word.upper()
        words.append(
            upper if upper in {"AS", "ASA", "ANS", "DA", "SA", "BA", "NUF", "ENK", "IKS", "KF"} else word.capitalize()
        )
    return " ".join(words)


def _website(value: str) -> str:
    if not value:
        return ""
    return value if value.startswith(("http://", "https://")) else f"https://{value}"


def parse(orgnr: str, data: dict) -> LookupResult:
    """Turn the register's JSON for one unit into a LookupResult."""
    if data.get("slettedato"):
        return LookupResult(Outcome.REMOVED)
    address = data.get("forretningsadresse") or data.get("postadresse") or {}
    industry = data.get("naeringskode1") or {}
    employees = data.get("antallAnsatte") if data.get("harRegistrertAntallAnsatte", True) else None
    unit = Unit(
        orgnr=str(data.get("organisasjonsnummer") or orgnr),
        name=_title(str(data.get("navn", ""))),
        address=", ".join(str(line) for line in address.get("adresse") or [] if line),
        postal_code=str(address.get("postnummer") or ""),
        postal_place=_title(str(address.get("poststed") or "")),
        municipality_number=str(address.get("kommunenummer") or ""),
        industry_code=str(industry.get("kode") or ""),
        industry=str(industry.get("beskrivelse") or ""),
        employees=employees if isinstance(employees, int) and employees >= 0 else None,
        website=_website(str(data.get("hjemmeside") or "")),
    )
    return LookupResult(Outcome.FOUND, unit)


def lookup(orgnr: str) -> LookupResult:
    """Look up one organisation number; never raises for network or data trouble."""
    try:
        status, body = fetch(orgnr)
    except (OSError, ValueError) as exc:  # URLError and timeouts are OSErrors
        logger.warning("Brønnøysund lookup of %s failed: %s", orgnr, exc)
        return LookupResult(Outcome.UNAVAILABLE)
    if status == 404:
        return LookupResult(Outcome.NOT_FOUND)
    if status == 410:
        return LookupResult(Outcome.REMOVED)
    if status != 200:
        logger.warning("Brønnøysund lookup of %s answered HTTP %s", orgnr, status)
        return LookupResult(Outcome.UNAVAILABLE)
    try:
        data = json.loads(body)
    except ValueError:
        logger.warning("Brønnøysund lookup of %s answered invalid JSON", orgnr)
        return LookupResult(Outcome.UNAVAILABLE)
    if not isinstance(data, dict):
        return LookupResult(Outcome.UNAVAILABLE)
    return parse(orgnr, data)
