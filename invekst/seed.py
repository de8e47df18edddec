"""The association's own content, created once from its own text (seed-page.txt).

Each section is created only while it is empty, so running the seed again never
duplicates rows and never overwrites what the secretariat has edited in admin.
"""

from django.db import transaction

from invekst.models import AssociationProfile
from plans import seed as plans_seed
from plans.models import FocusArea, Municipality, Observation, StrategicPlan, Target
from workgroups.models import Workgroup

MUNICIPALITIES = [
    # number, name, number before 2020
    ("3407", "Gjøvik", "0502"),
    ("3442", "Østre Toten", "0528"),
    ("3443", "Vestre Toten", "0529"),
    ("3447", "Søndre Land", "0536"),
    ("3448", "Nordre Land", "0538"),
]

PLAN = {
    "title": "Strategisk plan for Gjøvikregionen 2021–2025",
    "period_start": 2021,
    "period_end": 2025,
    "status": StrategicPlan.Status.DRAFT,
    "vision": "Gjøvikregionen er den mest attraktive bo- og etableringsregionen i Innlandet!",
    "summary": (
        "Strategisk plan for Gjøvikregionen 2021–2025 er spisset inn mot viktige fellestiltak. "
        "Den viderefører satsingen på industri, ikt/cyber, helsefag og bionæringer, "
        "med lite om andre bransjer."
    ),
    "scope_note": (
        "Planen erstatter altså ikke behovet for bredere kommunale næringsplaner.\n\n"
        "Planen skal til slutt vedtas i hvert kommunestyre."
    ),
}

FOCUS_AREAS = ["Industri", "Ikt/cyber", "Helsefag", "Bionæringer"]

TARGETS = [
    ("folketall", "Folketall", "Økt folketall med 1 % (+700 personer), og ingen kommune med nedgang"),
    (
        "private-arbeidsplasser",
        "Arbeidsplasser i privat sektor",
        "Årlig vekst på 0,5 % i arbeidsplasser i privat sektor",
    ),
    (
        "etableringer",
        "Etableringer",
        "Økt etableringsfrekvens med 1 %-poeng og flere nye og store bedriftsetableringer i Gjøvikregionen",
    ),
    (
        "samferdsel",
        "Samferdsel og infrastruktur",
        "Samferdsels- og infrastrukturprosjekter som reduserer reisetid og øker konkurranseevnen er vedtatt og igangsatt",
    ),
]

PROFILE = {
    "name": "Næringslaget INVEKST",
    "area": "Gjøvik og Toten",
    "purpose": (
        "Næringslaget INVEKST skal være et felleskap som sørger for at ulike aktører møtes for sammen "
        "å skape positiv utvikling og vekst for Gjøvik og Toten."
    ),
    "objective": "Attraktiv møteplass for de mest sentrale aktører i næringslivet.",
    "how_we_work": (
        "Næringslaget skal følge Byen vår Gjøviks styrevedtatte strategi og være en attraktiv arena for "
        "Gjøviks sentrale aktører i næringslivet. Næringslaget skal være en sterk stemme i viktige saker som "
        "påvirker byens utvikling: Relasjonsbygging – invitere til dialog og avklare grenseganger mot "
        "politikere og andre aktører med sterke interesser for Gjøvik, dette for sammen å koordinere hvor "
        "aktørene skal legge fokus alene eller i felleskap.\n\n"
        "Næringslaget skal være pådriver for langsiktig og målrettet utvikling av Gjøvik for å skape "
        "grunnlag for vekst, nyetableringer og flere arbeidsplasser. Det er derfor nedsatt fem "
        "arbeidsgrupper som skal ivareta disse oppgavene på best måte. Hver medlemsbedrift forplikter seg "
        "til å bidra med menneskelige ressurser og spisset kompetanse inn i valgt arbeidsgruppe."
    ),
    "contact_name": "Line Kildal",
    "contact_email": "line@gjovikby.no",
}

WORKGROUPS = [
    ("stor-kommune", "Stor-kommune", "Prioritert oppgave for 2020: kommunestrukturen i Gjøvikregionen."),
    (
        "rv4",
        "RV4",
        "Prioritert oppgave for 2020: riksvei 4 – samferdsel som reduserer reisetid og øker konkurranseevnen.",
    ),
    ("sykehus", "Sykehus", "Prioritert oppgave for 2020: sykehustilbudet i Gjøvikregionen."),
    ("naeringsplan", "Næringsplan", "Prioritert oppgave for 2020: strategisk plan for Gjøvikregionen 2021–2025."),
    ("ntnu-fagskole", "NTNU/Fagskole", "Prioritert oppgave for 2020: høyere utdanning og fagskole i Gjøvik."),
]


@transaction.atomic
def seed_content() -> list[str]:
    """Create every empty section of the seed content; answer which sections were created."""
    created = []
    if not Municipality.objects.filter(in_region=True).exists():
        for order, (number, name, former) in enumerate(MUNICIPALITIES):
            Municipality.objects.update_or_create(
                number=number, defaults={"name": name, "former_number": former, "in_region": True, "order": order}
            )
        created.append("municipalities")
    if not StrategicPlan.objects.exists():
        plan = StrategicPlan.objects.create(**PLAN)
        FocusArea.objects.bulk_create(
            FocusArea(plan=plan, name=name, order=order) for order, name in enumerate(FOCUS_AREAS)
        )
        Target.objects.bulk_create(
            Target(plan=plan, slug=slug, title=title, wording=wording, order=order)
            for order, (slug, title, wording) in enumerate(TARGETS)
        )
        created.append("plan")
    created.extend(plans_seed.seed_measurement())
    if not Observation.objects.exists():
        plans_seed.load_found_indicators()
        created.append("observations")
    if not AssociationProfile.objects.exists():
        AssociationProfile.objects.create(**PROFILE)
        created.append("profile")
    if not Workgroup.objects.exists():
        Workgroup.objects.bulk_create(
            Workgroup(slug=slug, name=name, summary=summary, order=order)
            for order, (slug, name, summary) in enumerate(WORKGROUPS)
        )
        created.append("workgroups")
    return created
