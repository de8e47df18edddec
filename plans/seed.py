"""Seed data for measuring the plan: indicators, the targets' rules, example projects, and
the figures found in public sources (plans/data/indicators-found.csv, see its README).

Every function fills only what is empty, so running the seed again changes nothing the
secretariat has edited. The functions take an app registry, so the data migration that
replaced the first, Wikipedia-copied figures runs the same code against historical models.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.apps import apps as global_apps
from django.db import transaction

from plans.models import Indicator, TargetRule

FOUND_CSV = Path(__file__).resolve().parent / "data" / "indicators-found.csv"

INDICATORS = [
    {
        "code": "population_1jan",
        "name": "Folketall 1. januar",
        "unit": "personer",
        "definition": "Antall personer bosatt i kommunen 1. januar.",
        "source": "SSB tabell 07459",
        "source_url": "https://www.ssb.no/statbank/table/07459",
        "table_id": "07459",
        "measure": "Personer1",
    },
    {
        "code": "private_sector_jobs",
        "name": "Arbeidsplasser i privat sektor",
        "unit": "arbeidsforhold",
        "definition": (
            "Arbeidsforhold i privat sektor med arbeidssted i kommunen. Tallene vi har er for Gjøvik, fra Byregnskapet."
        ),
        "source": "Byregnskapet",
        "source_url": "https://www.byregnskapet.no/post/n%C3%A6ringslivet-i-gj%C3%B8vik-vokser",
    },
    {
        "code": "total_jobs_year_end",
        "name": "Arbeidsplasser ved årsslutt, alle sektorer",
        "unit": "arbeidsforhold",
        "definition": "Arbeidsforhold med arbeidssted i kommunen ved utgangen av året, alle sektorer.",
        "source": "Byregnskapet",
        "source_url": "https://www.byregnskapet.no/post/det-skapes-jobber-som-aldri-f%C3%B8r",
    },
    {
        "code": "new_businesses",
        "name": "Nye bedrifter",
        "unit": "bedrifter",
        "definition": "Nye bedrifter etablert i kommunen i løpet av året.",
        "source": "Byregnskapet",
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

# target slug -> (part of the wording, indicator code, rule, value, baseline year). The plan runs
# 2021–2025: population is counted on 1 January, so 1 January 2021 is the start; jobs and the
# establishment frequency are yearly figures, so 2020 is the last year before the plan. Every
# part of a target's wording is listed; a part nothing measures yet is «unmeasured».
RULES = {
    "folketall": [
        ("Økt folketall med 1 %", "population_1jan", TargetRule.Rule.RELATIVE_GROWTH, Decimal("1"), 2021),
        ("+700 personer", "population_1jan", TargetRule.Rule.ABSOLUTE_GROWTH, Decimal("700"), 2021),
        ("ingen kommune med nedgang", "population_1jan", TargetRule.Rule.NO_DECLINE, None, 2021),
    ],
    "private-arbeidsplasser": [
        (
            "Årlig vekst på 0,5 % i arbeidsplasser i privat sektor",
            "private_sector_jobs",
            TargetRule.Rule.ANNUAL_GROWTH,
            Decimal("0.5"),
            2020,
        ),
    ],
    "etableringer": [
        (
            "Økt etableringsfrekvens med 1 %-poeng",
            "etableringsfrekvens",
            TargetRule.Rule.POINT_CHANGE,
            Decimal("1"),
            2020,
        ),
        ("flere nye og store bedriftsetableringer", None, TargetRule.Rule.UNMEASURED, None, None),
    ],
    "samferdsel": [
        ("prosjekter som reduserer reisetid er vedtatt og igangsatt", None, TargetRule.Rule.MILESTONES, None, None),
    ],
}

NTP_REPORT = ("Gjøvikregionens årsrapport 2021", "https://www.gjovikregionen.no/blog/aktuelt/arsrapport-2021/")
# Each fact from plans/data/projects-found.md, with its source and the date as the source prints it.
# «verified»: the source confirms the status; only those count towards the transport target.
PROJECTS = [
    {
        "name": "Rv4 Mjøsbrua–Hunndalen (firefelt med tunnel under Gjøvik)",
        "description": (
            "Regjeringen valgte Nye Veier til å bygge firefelts vei Hunndalen–Mjøsbrua med tunnel under Gjøvik. "
            "Prosjektet er med i Nasjonal transportplan 2022–2033. Ingen kilde vi har bekrefter byggestart."
        ),
        "status": "adopted",
        "verified": True,
        "source": "Gjøvik kommune: «Jubler for ny riksveg»",
        "source_url": "https://www.gjovik.kommune.no/",
        "source_date": "«torsdag 4. mars» – kilden oppgir ikke årstall (2021 etter NTP 2022–2033)",
    },
    {
        "name": "Rv4 Roa–Gran grense",
        "description": (
            "Om lag 26 km, om lag 1 980 millioner kroner, av dette 1 303 millioner fra bompenger "
            "(Prop. 23 S (2020–2021)). Med i Nasjonal transportplan 2022–2033. Ingen kilde vi har bekrefter byggestart."
        ),
        "status": "adopted",
        "verified": True,
        "source": "Prop. 23 S (2020–2021), regjeringen.no; " + NTP_REPORT[0],
        "source_url": NTP_REPORT[1],
        "source_date": "2021 (årsrapporten); proposisjonen er fra stortingssesjonen 2020–2021",
    },
    {
        "name": "Firefelts rv4 hele veien Oslo–Mjøsbrua",
        "description": "NTP 2022–2033 omfatter ikke firefelts rv4 fra Oslo til Mjøsbrua, bare de to strekningene over.",
        "status": "proposed",
        "verified": True,
        "source": NTP_REPORT[0],
        "source_url": NTP_REPORT[1],
        "source_date": "2021",
    },
    {
        "name": "Gjøvikbanen: timesavganger",
        "description": "Planlagt timesavganger på Gjøvikbanen fra høsten 2022. Vi har ingen kilde som bekrefter at det skjedde.",
        "status": "proposed",
        "verified": False,
        "source": NTP_REPORT[0],
        "source_url": NTP_REPORT[1],
        "source_date": "2021 (planlagt fra høsten 2022)",
    },
    {
        "name": "Sykehus: nytt hovedsykehus ved Moelv",
        "description": (
            "5. mai 2021 vedtok styret i Sykehuset Innlandet (7–3) ett hovedsykehus ved Moelv; sykehusene på "
            "Gjøvik, Hamar, Reinsvoll og Sanderud skal legges ned. 15. juni 2021 besluttet helseministeren Moelv i "
            "foretaksmøtet i Helse Sør-Øst, med et akuttsykehus i Lillehammer."
        ),
        "status": "adopted",
        "verified": True,
        "counts_for_target": False,
        "source": "vigga.no; NTB/NPK i fjordabladet.no og fjuken.no",
        "source_url": "https://www.vigga.no/",
        "source_date": "5. mai 2021 og 15. juni 2021",
    },
    {
        "name": "Kommunesammenslåing Gjøvik og Totenkommunene utredes",
        "description": (
            "Folkeavstemningen i 2016 endte med nei. Gjøvik kommunestyre vedtok 35–6 å utrede sammenslåing med "
            "Østre og Vestre Toten; Østre Toten gjorde samme vedtak."
        ),
        "status": "proposed",
        "verified": True,
        "counts_for_target": False,
        "source": "Gjøvik kommune: «Flertall for å utrede kommunesammenslåing»",
        "source_url": "https://www.gjovik.kommune.no/aktuelt/flertall-for-a-utrede-kommunesammenslaing.52386.aspx",
        "source_date": "Østre Toten: «onsdag 22. mai» – kilden oppgir ikke årstall",
    },
    {
        "name": "Fagskolen Innlandet på Campus Gjøvik",
        "description": (
            "Fagskolen Innlandet er en del av Campus Gjøvik i NTNUs campusutvikling og fikk 60 nye studieplasser "
            "fra høsten 2023."
        ),
        "status": "started",
        "verified": True,
        "counts_for_target": False,
        "source": "Fagskolen Innlandet: «Veksten fortsetter»",
        "source_url": "https://fagskolen-innlandet.no/nyheter/veksten-fortsetter",
        "source_date": "høsten 2023",
    },
]
# The first seed's illustrative projects, unverified and without sources; the migration that
# brought the sourced facts removes them where the secretariat has not touched them.
OLD_EXAMPLE_PROJECTS = (
    "Rv4 sør for Gjøvik (mot Hadeland og Oslo)",
    "Rv4 nord for Gjøvik (mot Mjøsbrua og E6)",
    "Gjøvikbanen",
)


@transaction.atomic
def seed_measurement(plan=None, *, apps=global_apps) -> list[str]:
    """Create missing indicators, the rules of targets that have none, and the sourced projects."""
    Indicator = apps.get_model("plans", "Indicator")  # noqa: N806 — a model class
    StrategicPlan = apps.get_model("plans", "StrategicPlan")  # noqa: N806
    TargetRule = apps.get_model("plans", "TargetRule")  # noqa: N806
    InfrastructureProject = apps.get_model("plans", "InfrastructureProject")  # noqa: N806
    created = []
    for spec in INDICATORS:
        _, made = Indicator.objects.get_or_create(code=spec["code"], defaults=spec)
        if made and "indicators" not in created:
            created.append("indicators")
    plan = plan or StrategicPlan.objects.order_by("-period_start").first()
    if plan is None:
        return created
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for target in plan.targets.filter(rules__isnull=True):
        for order, (part, code, rule, value, baseline_year) in enumerate(RULES.get(target.slug, [])):
            TargetRule.objects.create(
                target=target,
                part=part,
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
            InfrastructureProject(plan=plan, order=order, **spec) for order, spec in enumerate(PROJECTS)
        )
        created.append("projects")
    return created


@transaction.atomic
def load_found_indicators(path: Path = FOUND_CSV, *, apps=global_apps) -> dict[str, int]:
    """Store the figures found in public sources as observations, each with its own source.

    Replaces rather than duplicates: an existing figure for the same indicator, municipality
    and year gets the new value and source, unless an import batch wrote it (a figure read
    from SSB itself stays). Rows without a municipality code are region totals: region
    figures are always derived from the municipalities, so those rows are skipped here.
    Answers how many rows were stored, replaced and skipped.
    """
    Indicator = apps.get_model("plans", "Indicator")  # noqa: N806
    Municipality = apps.get_model("plans", "Municipality")  # noqa: N806
    Observation = apps.get_model("plans", "Observation")  # noqa: N806
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    municipalities = {m.number: m for m in Municipality.objects.all()}
    existing = {(o.indicator_id, o.municipality_id, o.year): o for o in Observation.objects.all()}
    counts = {"stored": 0, "replaced": 0, "skipped": 0}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            indicator = indicators.get(row["indicator"])
            municipality = municipalities.get(row["municipality_code"].strip())
            if indicator is None or municipality is None:
                counts["skipped"] += 1
                continue
            values = {
                "value": Decimal(row["value"]),
                "source": row["source"],
                "source_url": row["source_url"],
                "table_id": row["table_id"],
            }
            current = existing.get((indicator.pk, municipality.pk, int(row["year"])))
            if current is None:
                Observation.objects.create(
                    indicator=indicator, municipality=municipality, year=int(row["year"]), **values
                )
                counts["stored"] += 1
            elif current.batch_id is None:
                for name, value in values.items():
                    setattr(current, name, value)
                current.save(update_fields=list(values))
                counts["replaced"] += 1
            else:
                counts["skipped"] += 1
    return counts
