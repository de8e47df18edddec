"""Builders for test data: organisation numbers, users, companies and their representatives.

Plain functions to import (`from tests.factories import make_user`); the fixtures that use
them live in the conftest files, which hold fixtures only.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone
from stdnum.no import orgnr as stdnum_orgnr

from members.models import Company, Representative, User
from plans.models import Municipality
from workgroups.models import Commitment, Competence, CompetenceNeed, Participant, Workgroup

PASSWORD = "correct-horse-battery-staple"


def orgnrs(count: int, *, start: int = 80_000_000) -> list[str]:
    """The first `count` valid organisation numbers whose first eight digits are `start` or more.

    python-stdnum checks the MOD11 check digit; an eight-digit base with no valid ninth digit is skipped.
    """
    found, base = [], start
    while len(found) < count:
        valid = [f"{base}{digit}" for digit in "0123456789" if stdnum_orgnr.is_valid(f"{base}{digit}")]
        found.extend(valid[:1])
        base += 1
    return found


def make_user(email: str, **extra) -> User:
    """A user with the shared test PASSWORD and a verified primary e-mail address."""
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_company(orgnr: str, name: str, status=Company.Status.ACTIVE, **extra) -> Company:
    """A company (active unless told otherwise) in Gjøvik."""
    extra.setdefault("municipality", Municipality.objects.filter(number="3407").first())
    return Company.objects.create(orgnr=orgnr, name=name, status=status, **extra)


def make_representative(email: str, company: Company, role=Representative.Role.MEMBER, **user_fields) -> Representative:
    """A new user acting for `company` with `role`."""
    user = make_user(email, **user_fields)
    return Representative.objects.create(user=user, company=company, role=role)


def rep(user: User, company: Company | None = None) -> Representative:
    """The user's representation (of `company`, when the user represents several)."""
    return Representative.objects.get(user=user, **({"company": company} if company else {}))


def grow_room(workgroup: Workgroup, total: int) -> None:
    """Grow `workgroup` to `total` participants in as many companies, with needs, offers and meetings."""
    have = Participant.objects.count()
    for i, number in enumerate(orgnrs(total, start=70_000_000)[have:], start=have):
        company = Company.objects.create(orgnr=number, name=f"Bedrift {i}", status="active")
        user = make_user(f"p{i}@example.no", name=f"Person {i}", show_email=bool(i % 2))
        representative = Representative.objects.create(user=user, company=company)
        commitment = Commitment.objects.create(company=company, workgroup=workgroup, hours_per_year=i)
        competence = Competence.objects.create(name=f"Kompetanse {i}")
        CompetenceNeed.objects.create(workgroup=workgroup, competence=competence)
        commitment.competences.add(competence)
        Participant.objects.create(commitment=commitment, representative=representative, competence="X")
        start = timezone.now() + timedelta(days=i + 1)
        workgroup.meetings.create(starts_at=start, ends_at=start + timedelta(hours=1))
