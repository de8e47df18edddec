"""Back-office lists and the dashboard cost the same number of queries for 10 or 1000 companies."""

import pytest

from members.models import Company, Representative
from tests.factories import make_user, orgnrs
from tests.utils import count_queries
from workgroups.models import Commitment, Participant, Workgroup


def grow(count: int, *, start: int) -> None:
    """`count` active companies, each with a main contact taking part in a workgroup."""
    workgroups = list(Workgroup.objects.all())
    numbers = orgnrs(start + count)[start:]
    companies = Company.objects.bulk_create(
        Company(orgnr=orgnr, name=f"Bedrift {start + i} AS", status="active", industry=f"Bransje {i % 7}")
        for i, orgnr in enumerate(numbers)
    )
    users = [make_user(f"person{start + i}@example.no", name=f"Person {start + i}") for i in range(min(count, 20))]
    representatives = Representative.objects.bulk_create(
        Representative(user=users[i % len(users)], company=company, role="admin") for i, company in enumerate(companies)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(company=company, workgroup=workgroups[i % len(workgroups)], hours_per_year=10)
        for i, company in enumerate(companies)
    )
    Participant.objects.bulk_create(
        Participant(commitment=commitment, representative=representative)
        for commitment, representative in zip(commitments, representatives, strict=True)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/members/company/",  # municipality per row
        "/admin/members/company/?status=all&q=Bedrift",  # search across representatives
        "/admin/workgroups/commitment/",  # company, workgroup and people per row
        "/admin/workgroups/participant/",  # person, company and workgroup per row
        "/admin/members/representative/",  # user and company per row
        "/admin/",  # the dashboard: counts and workgroup totals
    ],
)
def test_back_office_lists_do_not_grow_with_the_data(client, login, seeded, staff, url):
    login(staff)
    grow(10, start=0)
    small = count_queries(client, url)
    grow(990, start=10)
    assert Company.objects.count() == 1000
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries for 10 companies, {large} for 1000"
