"""Fictional demo data for a local first run. Never loaded by a migration.

Everything here is clearly named as an example. Running it again changes nothing.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from events.models import Event, Registration
from invekst.models import NewsPost
from members.models import Company, Representative, User
from plans.models import Municipality
from workgroups.models import Commitment, Competence, CompetenceNeed, Meeting, Participant, Workgroup

DEMO_PASSWORD = "invekst-demo-2026"
SECRETARIAT_GROUP = "Sekretariat"

SECRETARIAT_EMAIL = "sekretariat@demo.invekst.no"
COMPANY_ADMIN_EMAIL = "kari.admin@demo.invekst.no"
COMPANY_MEMBER_EMAIL = "ola.medlem@demo.invekst.no"

COMPANIES = [
    # orgnr (valid check digit, fictional), name, municipality number, status, industry
    ("999999980", "Eksempelbedrift Mjøsa AS (demo)", "3407", Company.Status.ACTIVE, "Industri"),
    ("999999972", "Eksempel Toten Teknologi AS (demo)", "3442", Company.Status.ACTIVE, "Ikt/cyber"),
    ("999999964", "Eksempel Helse Vestre Toten AS (demo)", "3443", Company.Status.APPLICANT, "Helsefag"),
]

NEWS = [
    (
        "velkommen-til-den-nye-portalen",
        "Velkommen til den nye portalen (demo)",
        "Eksempelnyhet: Her følger du strategien, arbeidsgruppene og nyheter fra Næringslaget INVEKST.",
        "Dette er en eksempelnyhet som bare finnes i demodataene.\n\n"
        "Medlemsbedriftene kan nå logge inn på Min side for å holde bedriftsprofilen oppdatert.",
    ),
    (
        "arbeidsgruppene-i-gang",
        "Arbeidsgruppene er i gang (demo)",
        "Eksempelnyhet: De fem arbeidsgruppene har hatt sine første møter.",
        "Dette er en eksempelnyhet som bare finnes i demodataene.",
    ),
]


COMPETENCES = [
    # name, description
    ("Samferdsel og infrastruktur", "Planlegging av vei, bane og kollektivtransport."),
    ("Jus og offentlige prosesser", "Plan- og bygningsloven, høringer, offentlige anskaffelser."),
    ("Økonomi og finansiering", "Kalkyler, finansieringsmodeller, bompenger og tilskudd."),
    ("Kommunikasjon og samfunnskontakt", "Presse, sosiale medier og dialog med politikere."),
    ("Industri og produksjon", "Vareproduksjon, logistikk og leverandørkjeder."),
    ("Ikt og digitalisering", "Digitale tjenester, cybersikkerhet og data."),
    ("Helse og omsorg", "Helsefag, sykehus og kommunale helsetjenester."),
    ("Utdanning og kompetanse", "Høyere utdanning, fagskole og rekruttering."),
]


def _load_workgroup_demo(*, company: Company, admin: User) -> None:
    """Competences, an RV4 commitment with the demo admin as participant, and a meeting."""
    if not Competence.objects.exists():
        Competence.objects.bulk_create(
            Competence(name=name, description=description, order=order)
            for order, (name, description) in enumerate(COMPETENCES)
        )
    rv4 = Workgroup.objects.filter(slug="rv4").first()
    if rv4 is None:
        return
    needed = list(Competence.objects.filter(name__in=[name for name, _ in COMPETENCES[:4]]))
    for competence in needed:
        CompetenceNeed.objects.get_or_create(workgroup=rv4, competence=competence)
    commitment = Commitment.objects.active().filter(company=company, workgroup=rv4).first()
    if commitment is None:
        commitment = Commitment.objects.create(
            company=company,
            workgroup=rv4,
            hours_per_year=40,
            competence_note="Erfaring fra godstransport på RV4 (demo).",
            created_by=admin,
        )
        commitment.competences.set(needed[:2])
    representative = Representative.objects.get(user=admin, company=company)
    if not commitment.participants.filter(representative=representative, left_at__isnull=True).exists():
        Participant.objects.create(
            commitment=commitment, representative=representative, competence="Logistikk og transport (demo)"
        )
    if not Meeting.objects.filter(workgroup=rv4, starts_at__gte=timezone.now()).exists():
        start = (timezone.localtime() + timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
        Meeting.objects.create(
            workgroup=rv4,
            title="Arbeidsmøte RV4 (demo)",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Gjøvik rådhus, møterom 2",
            agenda="1. Status for RV4-utbyggingen\n2. Innspill til høring\n3. Eventuelt",
        )


EVENTS = [
    # slug, title, summary, days ahead, hour, hours long, place, capacity, audience, guests per company
    (
        "frokostmote-rv4",
        "Frokostmøte: Hva betyr ny RV4 for næringslivet? (demo)",
        "Eksempelarrangement: Statens vegvesen orienterer om RV4-utbyggingen, med tid til spørsmål.",
        10,
        7,
        2,
        "Gjøvik rådhus, bystyresalen",
        40,
        Event.Audience.OPEN,
        0,
    ),
    (
        "medlemsmote-vinter",
        "Medlemsmøte og julemingling (demo)",
        "Eksempelarrangement: Status fra arbeidsgruppene, og mingling for medlemsbedriftene.",
        20,
        17,
        3,
        "Eksempelbedrift Mjøsa AS, kantina",
        3,
        Event.Audience.MEMBERS,
        2,
    ),
    (
        "bedriftsbesok-raufoss",
        "Bedriftsbesøk på Raufoss industripark (demo)",
        "Eksempelarrangement: Omvisning og samtale om kompetansebehov i industrien.",
        35,
        12,
        3,
        "Raufoss industripark",
        None,
        Event.Audience.OPEN,
        0,
    ),
]


def _load_event_demo(*, member: User, company: Company) -> None:
    """Three upcoming events (one members-only and nearly full); the demo member is registered for one."""
    now = timezone.localtime()
    for slug, title, summary, days, hour, hours, place, capacity, audience, guests in EVENTS:
        start = (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        event, created = Event.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "description": "Dette er et eksempelarrangement som bare finnes i demodataene.\n\n"
                "Påmeldingen virker: prøv den som gjest eller logget inn som medlem.",
                "starts_at": start,
                "ends_at": start + timedelta(hours=hours),
                "place": place,
                "capacity": capacity,
                "audience": audience,
                "guests_per_company": guests,
                "registration_deadline": start - timedelta(days=1),
                "is_published": True,
            },
        )
        if not created and event.ends_at < timezone.now():
            # An old demo database: move the event ahead again, so the demo always has upcoming events.
            event.starts_at, event.ends_at = start, start + timedelta(hours=hours)
            event.registration_deadline = start - timedelta(days=1)
            event.save(update_fields=["starts_at", "ends_at", "registration_deadline", "updated_at"])
    members_meeting = Event.objects.get(slug="medlemsmote-vinter")
    if not members_meeting.registrations.filter(user=member).exists():
        Registration.objects.create(
            event=members_meeting,
            user=member,
            company=company,
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )


def _user(email: str, name: str, **extra) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        _verify_email(user)
    return user


def _verify_email(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


@transaction.atomic
def load_demo() -> dict[str, str]:
    """Create the demo logins, companies and news; answer the logins."""
    secretariat = _user(SECRETARIAT_EMAIL, "Sekretariatet (demo)", is_staff=True)
    # Staff in the «Sekretariat» group, never a superuser: the demo shows what the secretariat
    # really may do. An older demo database made this user a superuser; undo that.
    if secretariat.is_superuser or not secretariat.is_staff:
        secretariat.is_superuser = False
        secretariat.is_staff = True
        secretariat.save(update_fields=["is_superuser", "is_staff"])
    group = Group.objects.filter(name=SECRETARIAT_GROUP).first()
    if group is not None:
        secretariat.groups.add(group)
    admin = _user(COMPANY_ADMIN_EMAIL, "Kari Eksempel (demo)")
    member = _user(COMPANY_MEMBER_EMAIL, "Ola Eksempel (demo)")
    municipalities = {m.number: m for m in Municipality.objects.all()}
    companies = []
    for orgnr, name, number, status, industry in COMPANIES:
        company, _ = Company.objects.get_or_create(
            orgnr=orgnr,
            defaults={
                "name": name,
                "status": status,
                "municipality": municipalities.get(number),
                "industry": industry,
                "employees": 25,
                "visiting_address": "Eksempelveien 1",
            },
        )
        companies.append(company)
    Representative.objects.get_or_create(user=admin, company=companies[0], defaults={"role": Representative.Role.ADMIN})
    Representative.objects.get_or_create(
        user=member, company=companies[0], defaults={"role": Representative.Role.MEMBER}
    )
    now = timezone.now()
    for days, (slug, title, lead, body) in enumerate(NEWS):
        NewsPost.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "lead": lead,
                "body": body,
                "status": NewsPost.Status.PUBLISHED,
                "published_at": now - timedelta(days=days * 7),
            },
        )
    _load_workgroup_demo(company=companies[0], admin=admin)
    _load_event_demo(member=member, company=companies[0])
    return {
        "secretariat": SECRETARIAT_EMAIL,
        "company admin": COMPANY_ADMIN_EMAIL,
        "company member": COMPANY_MEMBER_EMAIL,
        "password": DEMO_PASSWORD,
    }
