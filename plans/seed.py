"""Seed data for measuring the plan: indicators, the targets' rules, example projects, and
the figures found in public sources (plans/data/indicators-found.csv, see its README).

Every function fills only what is empty, so running the seed again changes nothing the
secretariat has edited.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction

from plans.models import Indicator, InfrastructureProject, Municipality, Observation, StrategicPlan, TargetRule

FOUND_CSV = Path(__file__).resolve().parent / "data" / "indicators-found.csv"

INDICATORS = [
    {
        "code": "population_1jan",
        "name": "Folketall 1. januar",
        "unit": "personer",
        "definition": "Antall personer bosatt i kommunen 1. januar.",
        "source": "SSB tabell 07459",
        "source_url": "https://www.ssb.no/statbank/table/07459",
    },
    {
        "code": "private_sector_jobs",
        "name": "Arbeidsplasser i privat sektor",
        "unit": "arbeidsforhold",
        "definition": (
            "Arbeidsforhold i privat sektor med arbeidssted i kommunen. Tallene vi har er for Gjøvik, "
            "fra Byregnskapet, som bygger på SSB."
        ),
        "source": "Byregnskapet (SSB)",
        "source_url": "https://www.byregnskapet.no/post/n%C3%A6ringslivet-i-gj%C3%B8vik-vokser",
    },
    {
        "code": "total_jobs_year_end",
        "name": "Arbeidsplasser ved årsslutt, alle sektorer",
        "unit": "arbeidsforhold",
        "definition": "Arbeidsforhold med arbeidssted i kommunen ved utgangen av året, alle sektorer.",
        "source": "Byregnskapet (SSB)",
        "source_url": "https://www.byregnskapet.no/post/det-skapes-jobber-som-aldri-f%C3%B8r",
    },
    {
        "code": "new_businesses",
        "name": "Nye bedrifter",
        "unit": "bedrifter",
        "definition": "Nye bedrifter etablert i kommunen i løpet av året.",
        "source": "Byregnskapet (SSB)",
        "source_url": "https://www.byregnskapet.no/post/det-skapes-jobber-som-aldri-f%C3%B8r",
    },
    {
        "code": "businesses_total",
        "name": "Antall bedrifter",
        "unit": "bedrifter",
        "definition": (
            "Antall bedrifter i kommunen. For Gjøvikregionen som helhet er det publisert regiontall for "
            "2010–2018 (6 843 bedrifter i 2010 og 7 791 i 2018, gjovikregionen.no). De er fra før "
            "planperioden og lagres ikke som observasjoner, fordi regiontall alltid beregnes fra de fem "
            "kommunene; alle tallene står i plans/data/indicators-found.csv."
        ),
        "source": "Gjøvikregionen",
        "source_url": "http://www.gjovikregionen.no/blog/aktuelt/vekst-i-antall-bedrifter/",
    },
    {
        "code": "etableringsfrekvens",
        "name": "Etableringsfrekvens",
        "unit": "prosent",
        "definition": (
            "Nye foretak som andel av de eksisterende foretakene (Telemarksforskings definisjon). Vi har "
            "ikke funnet publiserte tall for kommunene i regionen ennå. Regiontallet er det uvektede "
            "gjennomsnittet av de fem kommunene."
        ),
        "source": "Telemarksforsking",
        "source_url": "https://www.telemarksforsking.no/",
        "aggregation": Indicator.Aggregation.MEAN,
    },
]

# target slug -> (indicator code, rule, value, baseline year). The plan runs 2021–2025:
# population is counted on 1 January, so 1 January 2021 is the start; jobs and the
# establishment frequency are yearly figures, so 2020 is the last year before the plan.
RULES = {
    "folketall": [
        ("population_1jan", TargetRule.Rule.RELATIVE_GROWTH, Decimal("1"), 2021),
        ("population_1jan", TargetRule.Rule.ABSOLUTE_GROWTH, Decimal("700"), 2021),
        ("population_1jan", TargetRule.Rule.NO_DECLINE, None, 2021),
    ],
    "private-arbeidsplasser": [
        ("private_sector_jobs", TargetRule.Rule.ANNUAL_GROWTH, Decimal("0.5"), 2020),
    ],
    "etableringer": [
        ("etableringsfrekvens", TargetRule.Rule.POINT_CHANGE, Decimal("1"), 2020),
    ],
    "samferdsel": [
        (None, TargetRule.Rule.MILESTONES, None, None),
    ],
}

UNVERIFIED = (
    " Status og datoer er ikke verifisert: prosjektet står som foreslått til sekretariatet har "
    "registrert et bekreftet vedtak eller en bekreftet byggestart."
)
PROJECTS = [
    (
        "Rv4 sør for Gjøvik (mot Hadeland og Oslo)",
        "Utbygging av riksvei 4 for kortere reisetid mellom Gjøvikregionen og Oslo." + UNVERIFIED,
    ),
    (
        "Rv4 nord for Gjøvik (mot Mjøsbrua og E6)",
        "Utbedring av riksvei 4 mellom Gjøvik og E6 ved Mjøsbrua." + UNVERIFIED,
    ),
    (
        "Gjøvikbanen",
        "Kortere reisetid og flere avganger på jernbanen mellom Gjøvik og Oslo." + UNVERIFIED,
    ),
]


@transaction.atomic
def seed_measurement(plan: StrategicPlan | None = None) -> list[str]:
    """Create missing indicators, the rules of targets that have none, and example projects."""
    created = []
    for spec in INDICATORS:
        _, made = Indicator.objects.get_or_create(code=spec["code"], defaults=spec)
        if made and "indicators" not in created:
            created.append("indicators")
    plan = plan or StrategicPlan.objects.current()
    if plan is None:
        return created
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for target in plan.targets.filter(rules__isnull=True):
        for order, (code, rule, value, baseline_year) in enumerate(RULES.get(target.slug, [])):
            TargetRule.objects.create(
                target=target,
                indicator=indicators.get(code) if code else None,
                rule=rule,
                value=value,
                baseline_year=baseline_year,
                order=order,
            )
            if "rules" not in created:
                created.append("rules")
    if not plan.projects.exists():
        InfrastructureProject.objects.bulk_create(
            InfrastructureProject(plan=plan, name=name, description=description, order=order)
            for order, (name, description) in enumerate(PROJECTS)
        )
        created.append("projects")
    return created


def _source(url: str, indicator: Indicator) -> str:
    host = urlsplit(url).hostname or url
    if indicator.code == "population_1jan":
        return f"{host} (oppgir SSB som kilde)"
    return host


@transaction.atomic
def load_found_indicators(path: Path = FOUND_CSV) -> dict[str, int]:
    """Store the figures found in public sources as observations, each with its page as source.

    Rows without a municipality code are region totals: region figures are always derived
    from the municipalities, so those rows are skipped here (the indicator's definition
    cites them as context). Answers how many rows were stored and skipped.
    """
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    municipalities = {m.number: m for m in Municipality.objects.all()}
    stored = skipped = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            indicator = indicators.get(row["indicator"])
            municipality = municipalities.get(row["municipality_code"].strip())
            if indicator is None or municipality is None:
                skipped += 1
                continue
            Observation.objects.update_or_create(
                indicator=indicator,
                municipality=municipality,
                year=int(row["year"]),
                defaults={
                    "value": Decimal(row["value"]),
                    "source": _source(row["source_url"], indicator),
                    "source_url": row["source_url"],
                },
            )
            stored += 1
    return {"stored": stored, "skipped": skipped}
