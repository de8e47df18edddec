"""Every page in the URL contract issues the same number of queries at two data sizes.

The data comes from the same generator as the benchmark (bench.scale), at 10 and at 200
member companies, with workgroups, participants, meetings, news and observations growing
too; the signed-in persona's own company grows as well (colleagues, invitations, other
companies represented, participants in its workgroup). A page whose count grows has an
N+1 query: fix it with select_related, prefetch_related or an annotation.
"""

import pytest
from django.test import Client
from django.utils import timezone

from bench.scale import ScaleSpec, load_scale, wipe_scale
from invekst.models import NewsPost
from members.models import Company, Invitation, Representative, User
from tests.utils import count_queries
from workgroups.models import Commitment, Participant, Workgroup

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"

SIZES = {
    "small": ScaleSpec(companies=10, workgroups=8, meetings=10, news=5, other_municipalities=3, years=3),
    "large": ScaleSpec(companies=200, workgroups=20, meetings=80, news=40, other_municipalities=30, years=8),
}
# Growth of the persona's own company: colleagues, pending invitations, other companies represented.
OWN = {"small": (2, 1, 0), "large": (12, 5, 3)}

PAGES = [
    ("/", None),
    ("/strategi/", None),
    ("/strategi/folketall/", None),
    ("/om-oss/", None),
    ("/arbeidsgrupper/", None),
    ("/arbeidsgrupper/rv4/", None),
    ("/aktuelt/", None),
    ("/aktuelt/fast-nyhet/", None),
    ("/kontakt/", None),
    ("/medlemmer/", None),
    ("/bli-medlem/", "company_admin"),
    ("/personvern/", None),
    ("/tilgjengelighet/", None),
    ("/min-side/", "company_admin"),
    ("/min-side/bedrift/", "company_admin"),
    ("/min-side/kolleger/", "company_admin"),
    ("/min-side/arbeidsgrupper/rv4/", "company_admin"),
    ("/min-side/mine-data/", "company_admin"),
    ("/admin/", "superuser"),
    ("/admin/members/company/", "superuser"),
    ("/robots.txt", None),
    ("/healthz", None),
]


def grow(size: str, company: Company, admin: User) -> None:
    """Replace the synthetic data with `size`, and grow the persona's company with it."""
    wipe_scale()
    Invitation.objects.filter(email__endswith="@skala.example").delete()
    load_scale(SIZES[size])
    colleagues, invitations, elsewhere = OWN[size]
    people = []
    for i in range(colleagues):
        user = User.objects.create(email=f"kollega{i}.{size}@skala.example", name=f"Kollega {i}")
        people.append(Representative.objects.create(user=user, company=company, title="rådgiver"))
    for i in range(invitations):
        Invitation.objects.create(company=company, email=f"invitert{i}.{size}@skala.example", invited_by=admin)
    for other in Company.objects.filter(website__endswith=".skala.example/").order_by("orgnr")[:elsewhere]:
        Representative.objects.create(user=admin, company=other)
    commitment = Commitment.objects.active().get(company=company)
    Participant.objects.bulk_create(
        Participant(commitment=commitment, representative=person, joined_at=timezone.now()) for person in people
    )


@pytest.fixture
def site(seeded, company_admin):
    company = company_admin.representations.get().company
    commitment = Commitment.objects.create(
        company=company, workgroup=Workgroup.objects.get(slug="rv4"), hours_per_year=40
    )
    Participant.objects.create(commitment=commitment, representative=company_admin.representations.get())
    NewsPost.objects.create(title="Fast nyhet", slug="fast-nyhet", lead="L", body="B", status="published")
    return company, company_admin


def test_every_page_costs_the_same_queries_at_10_and_200_companies(site, company_admin, superuser):
    """Each size is loaded once and every page counted on it: loading the data is what takes the time."""
    company, admin = site
    clients = {None: Client(), "company_admin": Client(), "superuser": Client()}
    clients["company_admin"].force_login(company_admin, backend=BACKEND)
    clients["superuser"].force_login(superuser, backend=BACKEND)
    counts = {}
    for size in SIZES:
        grow(size, company, admin)
        for url, persona in PAGES:
            if size == "small":
                clients[persona].get(url)  # warm process-wide caches (content types, translations)
            counts[size, url] = count_queries(clients[persona], url)
    grown = [
        f"{url}: {counts['small', url]} queries at 10 companies, {counts['large', url]} at 200"
        for url, _ in PAGES
        if counts["small", url] != counts["large", url]
    ]
    assert not grown, "\n".join(grown)
