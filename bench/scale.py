"""Synthetic data at a realistic scale, for the benchmark and the flat-query tests.

`load_scale()` adds N member companies with their representatives, commitments and
participants, workgroups up to a total, meetings with answers, news posts, and twenty years
of observations for the region's five municipalities and a few hundred others. It is
deterministic (one seeded random generator; no clock-dependent choices except dates
relative to today) and fast: everything goes in with bulk_create, the password is hashed
once, and the page-cache version is bumped once at the end instead of per row.

Every row it makes carries a marker so `wipe_scale()` removes only synthetic data:
users at @skala.example, companies with a website under .skala.example, workgroups and
news with slugs starting with "skala-", meetings titled "… (skala)", municipalities
numbered 9001 and up (no Norwegian municipality has a 9xxx number) and observations whose
source is SCALE_SOURCE.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum.no import orgnr as stdnum_orgnr

from core.apps import content_signals_paused
from invekst.models import NewsPost
from invekst.seed import seed_content
from members.models import Company, Invitation, MembershipEvent, Representative, User
from plans.models import Indicator, Municipality, Observation
from workgroups.models import (
    Commitment,
    CommitmentReminder,
    Competence,
    CompetenceNeed,
    Meeting,
    MeetingResponse,
    Participant,
    Workgroup,
)

SCALE_EMAIL_DOMAIN = "skala.example"
SCALE_WEBSITE_SUFFIX = ".skala.example/"
SCALE_SLUG_PREFIX = "skala-"
SCALE_MEETING_SUFFIX = " (skala)"
SCALE_SOURCE = "Syntetiske skaladata (seed_scale)"
SCALE_PASSWORD = "skala-passord-2026"
FIRST_SCALE_MUNICIPALITY = 9001
LAST_OBSERVATION_YEAR = 2025
BATCH = 2000

PLACE_PREFIXES = [
    "Mjøs",
    "Toten",
    "Gjøvik",
    "Hunn",
    "Biri",
    "Raufoss",
    "Lena",
    "Skreia",
    "Dokka",
    "Hov",
    "Kapp",
    "Eina",
    "Bøverbru",
    "Snertingdal",
    "Redalen",
    "Vardal",
    "Kolbu",
    "Reinsvoll",
    "Odnes",
    "Torpa",
    "Fluberg",
    "Nordsinni",
    "Hunndal",
    "Kallerud",
    "Bråstad",
    "Hoff",
    "Sillongen",
    "Vismunda",
]
TRADES = [
    ("Bygg", "41.200", "Oppføring av bygninger"),
    ("Elektro", "43.210", "Elektrisk installasjonsarbeid"),
    ("Regnskap", "69.201", "Regnskap og bokføring"),
    ("Transport", "49.410", "Godstransport på vei"),
    ("Mekaniske", "25.620", "Bearbeiding av metaller"),
    ("Data", "62.010", "Programmeringstjenester"),
    ("Rør", "43.220", "VVS-arbeid"),
    ("Maskin", "28.990", "Produksjon av spesialmaskiner"),
    ("Trelast", "16.100", "Saging og høvling av tre"),
    ("Eiendom", "68.209", "Utleie av egen eiendom"),
    ("Helse", "86.211", "Allmenn legetjeneste"),
    ("Rådgivning", "70.220", "Bedriftsrådgivning"),
    ("Bakeri", "10.710", "Produksjon av brød og ferske konditorvarer"),
    ("Entreprenør", "42.110", "Bygging av veier og motorveier"),
    ("Industri", "25.990", "Produksjon av metallvarer"),
    ("Plast", "22.290", "Produksjon av plastprodukter"),
    ("Solenergi", "35.110", "Produksjon av elektrisitet"),
    ("Sikkerhet", "80.100", "Private vakttjenester"),
    ("Landbruk", "01.110", "Dyrking av korn"),
    ("Økonomi", "69.202", "Revisjon"),
    ("Cyber", "62.020", "Konsulentvirksomhet tilknyttet informasjonsteknologi"),
    ("Mat", "10.890", "Produksjon av næringsmidler"),
]
FORMS = ["AS", "AS", "AS", "AS", "ANS", "SA", "Holding AS", "Gruppen AS", "og Sønn AS", "Service AS"]
FIRST_NAMES = [
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Anne",
    "Per",
    "Marit",
    "Jon",
    "Hilde",
    "Knut",
    "Silje",
    "Erik",
    "Nina",
    "Terje",
    "Randi",
    "Håkon",
    "Tone",
    "Øystein",
    "Liv",
    "Bjørn",
    "Åse",
    "Geir",
    "Sigrid",
    "Trond",
    "Ragnhild",
    "Espen",
    "Mari",
    "Arne",
    "Solveig",
    "Jørgen",
    "Kristin",
    "Magnus",
    "Eva",
    "Stian",
    "Ida",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Haugen",
    "Bakken",
    "Lien",
    "Dahl",
    "Moen",
    "Sveen",
    "Røste",
    "Hovde",
    "Sæther",
    "Ødegård",
    "Aas",
    "Kolbjørnsen",
    "Brenden",
    "Lunde",
    "Hagen",
    "Bråten",
    "Nordby",
    "Rud",
    "Stensrud",
    "Engen",
]
TITLES = ["daglig leder", "økonomisjef", "prosjektleder", "salgssjef", "HR-ansvarlig", "rådgiver", "styreleder", ""]
MUNICIPALITY_PARTS = (
    ["Nord", "Sør", "Øst", "Vest", "Øvre", "Nedre", "Store", "Lille", ""],
    ["fjell", "dal", "vik", "sund", "land", "berg", "stad", "rud", "holm", "heim", "nes", "ås", "eid", "foss"],
    ["Rings", "Bjør", "Hol", "Lom", "Sel", "Skjå", "Våg", "Tolg", "Sig", "Ryg", "Brand", "Kvam", "Hjart", "Nes"],
)
# Region municipalities: rough population and postal code/place, for plausible figures.
REGION_FACTS = {
    "3407": (31000, "2815", "Gjøvik"),
    "3442": (15000, "2850", "Lena"),
    "3443": (13500, "2830", "Raufoss"),
    "3447": (5600, "2860", "Hov"),
    "3448": (6600, "2870", "Dokka"),
}
# Per indicator code: (share of population, yearly drift). Rates use (level, spread) in per cent.
INDICATOR_SCALE = {
    "population_1jan": (1.0, 0.003),
    "private_sector_jobs": (0.30, 0.005),
    "total_jobs_year_end": (0.45, 0.004),
    "new_businesses": (0.006, 0.02),
    "businesses_total": (0.09, 0.01),
}
RATE_INDICATORS = {"etableringsfrekvens": (10.0, 1.5)}
MEETING_PLACES = ["Gjøvik rådhus", "Fjellhallen", "Campus Gjøvik", "Raufoss Industripark", "Lena kulturhus"]


@dataclass(frozen=True)
class ScaleSpec:
    companies: int = 10_000
    workgroups: int = 20
    meetings: int = 300
    news: int = 200
    other_municipalities: int = 350
    years: int = 20
    seed: int = 2026
    counts: dict = field(default_factory=dict, compare=False)


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum() and c.isascii())


def orgnr_numbers(count: int, *, start: int = 80_000_000, taken: set[str] = frozenset()):
    """`count` valid organisation numbers from `start`, skipping those in `taken`.

    python-stdnum checks the MOD11 check digit; an eight-digit base with no valid ninth digit is skipped.
    """
    numbers = []
    base = start
    while len(numbers) < count:
        valid = [f"{base}{digit}" for digit in "0123456789" if stdnum_orgnr.is_valid(f"{base}{digit}")]
        base += 1
        numbers.extend(number for number in valid[:1] if number not in taken)
    return numbers


def scale_data_present() -> bool:
    return (
        Company.objects.filter(website__endswith=SCALE_WEBSITE_SUFFIX).exists()
        or User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).exists()
    )


def _municipality_name(rng: random.Random, used: set[str]) -> str:
    prefixes, suffixes, stems = MUNICIPALITY_PARTS
    while True:
        name = f"{rng.choice(prefixes)} {rng.choice(stems)}{rng.choice(suffixes)}".strip()
        name = name[0].upper() + name[1:]
        if name not in used:
            used.add(name)
            return name


@transaction.atomic
def load_scale(spec: ScaleSpec) -> dict[str, int]:
    """Add the synthetic data `spec` describes; answer how many rows of each kind were made."""
    rng = random.Random(spec.seed)
    counts: dict[str, int] = {}
    with content_signals_paused():
        seed_content()
        today = timezone.localdate()
        now = timezone.now()

        # Municipalities outside the region, and observations for all of them.
        used_names = set(Municipality.objects.values_list("name", flat=True))
        others = Municipality.objects.bulk_create(
            [
                Municipality(
                    number=str(FIRST_SCALE_MUNICIPALITY + i),
                    name=_municipality_name(rng, used_names),
                    in_region=False,
                    order=100 + i,
                )
                for i in range(spec.other_municipalities)
            ],
            batch_size=BATCH,
        )
        counts["municipalities"] = len(others)
        region = list(Municipality.objects.filter(in_region=True).order_by("order", "number"))
        counts["observations"] = _observations(rng, spec, region + others)

        # Workgroups up to the total, each needing a few competences.
        competences = _competences()
        have = Workgroup.objects.exclude(slug__startswith=SCALE_SLUG_PREFIX).count()
        new_groups = Workgroup.objects.bulk_create(
            [
                Workgroup(
                    name=f"{rng.choice(PLACE_PREFIXES)} {rng.choice(['næringsforum', 'vekst', 'samferdsel', 'kompetanse', 'innovasjon', 'byutvikling'])}",
                    slug=f"{SCALE_SLUG_PREFIX}{i + 1:03d}",
                    summary="Syntetisk arbeidsgruppe for ytelsestester.",
                    order=10 + i,
                )
                for i in range(max(0, spec.workgroups - have))
            ]
        )
        counts["workgroups"] = len(new_groups)
        CompetenceNeed.objects.bulk_create(
            [
                CompetenceNeed(workgroup=group, competence=competence)
                for group in new_groups
                for competence in rng.sample(competences, min(3, len(competences)))
            ]
        )
        workgroups = list(Workgroup.objects.active().order_by("order", "pk"))

        # Companies and their representatives (users with one shared, pre-hashed password).
        taken = set(Company.objects.filter(orgnr__startswith="8").values_list("orgnr", flat=True))
        numbers = orgnr_numbers(spec.companies, taken=taken)
        statuses = [Company.Status.ACTIVE] * 88 + [Company.Status.APPLICANT] * 5
        statuses += [Company.Status.RESIGNED] * 4 + [Company.Status.LAPSED] * 3
        weights = [REGION_FACTS.get(m.number, (3000,))[0] for m in region]
        companies = []
        for i, orgnr in enumerate(numbers):
            prefix, (trade, nace, industry), form = rng.choice(PLACE_PREFIXES), rng.choice(TRADES), rng.choice(FORMS)
            in_region = not others or rng.random() < 0.85
            municipality = rng.choices(region, weights)[0] if in_region and region else rng.choice(others)
            _, postal_code, postal_place = REGION_FACTS.get(municipality.number, (0, "", municipality.name))
            companies.append(
                Company(
                    orgnr=orgnr,
                    name=f"{prefix} {trade} {form}",
                    status=rng.choice(statuses),
                    visiting_address=f"{rng.choice(PLACE_PREFIXES)}vegen {rng.randint(1, 120)}",
                    postal_code=postal_code,
                    postal_place=postal_place,
                    municipality=municipality,
                    industry_code=nace,
                    industry=f"{nace} {industry}",
                    employees=int(rng.lognormvariate(2.3, 1.1)) + 1,
                    website=f"https://{_ascii(prefix + trade)}{i}{SCALE_WEBSITE_SUFFIX}",
                    show_in_directory=rng.random() < 0.9,
                )
            )
        companies = Company.objects.bulk_create(companies, batch_size=BATCH)
        counts["companies"] = len(companies)

        password = make_password(SCALE_PASSWORD)
        people_per_company = [rng.randint(1, 5) for _ in companies]
        users = []
        for n in range(sum(people_per_company)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append(
                User(
                    email=f"{_ascii(first)}.{_ascii(last)}.{n + 1}@{SCALE_EMAIL_DOMAIN}",
                    name=f"{first} {last}",
                    password=password,
                    show_email=rng.random() < 0.3,
                )
            )
        users = User.objects.bulk_create(users, batch_size=BATCH)
        counts["users"] = len(users)
        _verified_addresses(users)

        representatives, people = [], iter(users)
        for company, size in zip(companies, people_per_company, strict=True):
            for k in range(size):
                representatives.append(
                    Representative(
                        user=next(people),
                        company=company,
                        role=Representative.Role.ADMIN if k == 0 else Representative.Role.MEMBER,
                        title=rng.choice(TITLES),
                    )
                )
        representatives = Representative.objects.bulk_create(representatives, batch_size=BATCH)
        counts["representatives"] = len(representatives)
        by_company: dict[int, list[Representative]] = {}
        for representative in representatives:
            by_company.setdefault(representative.company_id, []).append(representative)

        MembershipEvent.objects.bulk_create(
            [
                MembershipEvent(
                    company=company, from_status="", to_status=Company.Status.APPLICANT, note="Søknad (skaladata)"
                )
                for company in companies
            ]
            + [
                MembershipEvent(
                    company=company,
                    from_status=Company.Status.APPLICANT,
                    to_status=company.status,
                    note="Skaladata",
                )
                for company in companies
                if company.status != Company.Status.APPLICANT
            ],
            batch_size=BATCH,
        )

        counts.update(_commitments(rng, companies, by_company, workgroups, competences, today))
        counts.update(_meetings(rng, spec, workgroups, now))
        counts["news"] = _news(rng, spec, now)
    return counts


def _verified_addresses(users) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=BATCH
    )


def _competences() -> list[Competence]:
    if not Competence.objects.exists():
        from invekst.demo import COMPETENCES

        Competence.objects.bulk_create(
            Competence(name=name, description=description, order=order)
            for order, (name, description) in enumerate(COMPETENCES)
        )
    return list(Competence.objects.order_by("order", "pk"))


def _observations(rng: random.Random, spec: ScaleSpec, municipalities) -> int:
    indicators = list(Indicator.objects.order_by("code"))
    years = range(LAST_OBSERVATION_YEAR - spec.years + 1, LAST_OBSERVATION_YEAR + 1)
    rows = []
    for municipality in municipalities:
        population = REGION_FACTS.get(municipality.number, (rng.randint(900, 40000),))[0]
        for indicator in indicators:
            if indicator.code in RATE_INDICATORS:
                level, spread = RATE_INDICATORS[indicator.code]
                values = [Decimal(f"{max(0.5, rng.gauss(level, spread)):.1f}") for _ in years]
            else:
                share, drift = INDICATOR_SCALE.get(indicator.code, (0.1, 0.01))
                value, values = population * share * (1 - drift * spec.years / 2), []
                for _ in years:
                    value *= 1 + rng.gauss(drift, abs(drift) + 0.002)
                    values.append(Decimal(max(0, round(value))))
            rows.extend(
                Observation(
                    indicator=indicator,
                    municipality=municipality,
                    year=year,
                    value=value,
                    source=SCALE_SOURCE,
                )
                for year, value in zip(years, values, strict=True)
            )
    # Real figures already stored for a region municipality win: conflicts are skipped.
    Observation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return Observation.objects.filter(source=SCALE_SOURCE).count()


def _commitments(rng, companies, by_company, workgroups, competences, today: date) -> dict[str, int]:
    """A commitment with 1–3 participants for most active companies; a few ended ones as history."""
    commitments, planned = [], []
    for company in companies:
        if company.status != Company.Status.ACTIVE or rng.random() >= 0.85 or not workgroups:
            continue
        people = by_company[company.pk]
        group = rng.choice(workgroups)
        start = today - timedelta(days=rng.randint(30, 3 * 365))
        commitments.append(
            Commitment(
                company=company,
                workgroup=group,
                start_date=start,
                hours_per_year=rng.choice([20, 40, 60, 80, 100, 150, 200]),
                created_by_id=people[0].user_id,
            )
        )
        planned.append(rng.sample(people, min(len(people), rng.randint(1, 3))))
        if rng.random() < 0.05:
            other = rng.choice(workgroups)
            if other.pk != group.pk:
                ended = start - timedelta(days=rng.randint(1, 200))
                commitments.append(
                    Commitment(
                        company=company,
                        workgroup=other,
                        start_date=ended - timedelta(days=365),
                        end_date=ended,
                        hours_per_year=40,
                        created_by_id=people[0].user_id,
                    )
                )
                planned.append(people[:1])
    commitments = Commitment.objects.bulk_create(commitments, batch_size=BATCH)
    through = Commitment.competences.through
    through.objects.bulk_create(
        [
            through(commitment=commitment, competence=competence)
            for commitment in commitments
            for competence in rng.sample(competences, rng.randint(1, min(2, len(competences))) if competences else 0)
        ],
        batch_size=BATCH,
    )
    participants = []
    for commitment, people in zip(commitments, planned, strict=True):
        joined = timezone.make_aware(datetime.combine(commitment.start_date, time(9)))
        for person in people:
            participants.append(
                Participant(
                    commitment=commitment,
                    representative=person,
                    competence=rng.choice(["", "Økonomi", "Logistikk", "Jus", "Kommunikasjon", "Ikt"]),
                    joined_at=joined,
                    left_at=(joined + timedelta(days=300)) if commitment.end_date else None,
                )
            )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    return {"commitments": len(commitments), "participants": len(participants)}


def _meetings(rng, spec: ScaleSpec, workgroups, now) -> dict[str, int]:
    """Meetings spread over the workgroups, half of them past with minutes; answers to upcoming ones."""
    if not workgroups:
        return {"meetings": 0, "meeting_responses": 0}
    meetings = []
    for i in range(spec.meetings):
        group = workgroups[i % len(workgroups)]
        days = rng.randint(1, 400) * (1 if i % 2 else -1)
        start = (now + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
        start = start.replace(hour=rng.choice([8, 9, 12, 14]))
        meetings.append(
            Meeting(
                workgroup=group,
                title=f"Arbeidsmøte {i + 1} – {group.name}{SCALE_MEETING_SUFFIX}",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place=rng.choice(MEETING_PLACES),
                agenda="1. Referat fra forrige møte\n2. Status\n3. Eventuelt",
                minutes="" if days > 0 else "Møtet gikk gjennom status. Neste steg er avtalt.",
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    people: dict[int, list[int]] = {}
    for workgroup_id, representative_id in (
        Participant.objects.active().values_list("commitment__workgroup_id", "representative_id").order_by("pk")
    ):
        people.setdefault(workgroup_id, []).append(representative_id)
    answers = MeetingResponse.Answer.values
    responses = [
        MeetingResponse(meeting=meeting, representative_id=representative_id, answer=rng.choice(answers))
        for meeting in meetings
        if meeting.starts_at > now
        for representative_id in rng.sample(
            people.get(meeting.workgroup_id, []), min(8, len(people.get(meeting.workgroup_id, [])))
        )
    ]
    MeetingResponse.objects.bulk_create(responses, batch_size=BATCH)
    return {"meetings": len(meetings), "meeting_responses": len(responses)}


def _news(rng, spec: ScaleSpec, now) -> int:
    topics = ["RV4", "sykehuset", "fagskolen", "næringsplanen", "etableringer", "boligbygging", "jernbanen"]
    posts = []
    for i in range(spec.news):
        topic = rng.choice(topics)
        posts.append(
            NewsPost(
                title=f"Nytt om {topic} ({i + 1}, skala)",
                slug=f"{SCALE_SLUG_PREFIX}nyhet-{i + 1:04d}",
                lead=f"Kort oppsummering om {topic} for medlemmene.",
                body="\n\n".join(f"Avsnitt {k + 1} om {topic}." for k in range(rng.randint(2, 6))),
                status=NewsPost.Status.PUBLISHED if rng.random() < 0.95 else NewsPost.Status.DRAFT,
                published_at=now - timedelta(days=i * 2 + 1, hours=rng.randint(0, 20)),
            )
        )
    return len(NewsPost.objects.bulk_create(posts, batch_size=BATCH))


@transaction.atomic
def wipe_scale() -> dict[str, int]:
    """Delete the synthetic data (and only it); answer how many rows of each kind went."""
    from allauth.account.models import EmailAddress

    users = User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)
    companies = Company.objects.filter(website__endswith=SCALE_WEBSITE_SUFFIX)
    workgroups = Workgroup.objects.filter(slug__startswith=SCALE_SLUG_PREFIX)
    meetings = Meeting.objects.filter(title__endswith=SCALE_MEETING_SUFFIX)
    municipalities = Municipality.objects.filter(in_region=False, number__gte=str(FIRST_SCALE_MUNICIPALITY))
    municipalities = municipalities.filter(number__regex=r"^9[0-9]{3}$")
    gone: dict[str, int] = {}
    with content_signals_paused():
        # In dependency order, so PROTECT never objects; no per-row signals.
        steps = [
            ("meeting_responses", MeetingResponse.objects.filter(meeting__in=meetings)),
            ("meeting_responses", MeetingResponse.objects.filter(representative__user__in=users)),
            ("meeting_responses", MeetingResponse.objects.filter(representative__company__in=companies)),
            ("meetings", meetings),
            ("participants", Participant.objects.filter(commitment__company__in=companies)),
            ("participants", Participant.objects.filter(representative__user__in=users)),
            ("participants", Participant.objects.filter(representative__company__in=companies)),
            (
                "commitment_competences",
                Commitment.competences.through.objects.filter(commitment__company__in=companies),
            ),
            ("commitments", Commitment.objects.filter(company__in=companies)),
            ("reminders", CommitmentReminder.objects.filter(company__in=companies)),
            ("membership_events", MembershipEvent.objects.filter(company__in=companies)),
            ("invitations", Invitation.objects.filter(company__in=companies)),
            ("representatives", Representative.objects.filter(user__in=users)),
            ("representatives", Representative.objects.filter(company__in=companies)),
            ("email_addresses", EmailAddress.objects.filter(user__in=users)),
            ("users", users),
            ("companies", companies),
            ("competence_needs", CompetenceNeed.objects.filter(workgroup__in=workgroups)),
            ("workgroups", workgroups),
            ("news", NewsPost.objects.filter(slug__startswith=SCALE_SLUG_PREFIX)),
            ("observations", Observation.objects.filter(source=SCALE_SOURCE)),
            ("municipalities", municipalities),
        ]
        for name, queryset in steps:
            gone[name] = gone.get(name, 0) + queryset.delete()[0]
    return gone
