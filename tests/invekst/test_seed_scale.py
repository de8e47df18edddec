"""seed_scale: realistic volume, valid organisation numbers, deterministic, refuses to run twice."""

import pytest
from django.core.management import CommandError, call_command
from stdnum.no import orgnr as stdnum_orgnr

from bench.scale import SCALE_SOURCE, ScaleSpec, load_scale, orgnr_numbers, wipe_scale
from bench.seed_scale import Command as SeedScale
from invekst.models import NewsPost
from members.models import Company, Representative, User
from plans.models import Indicator, Municipality, Observation
from workgroups.models import Commitment, Meeting, Participant, Workgroup

pytestmark = pytest.mark.django_db

SMALL = ScaleSpec(companies=50, meetings=30, news=12, other_municipalities=8, years=4)


def fingerprint() -> dict:
    return {
        "companies": list(
            Company.objects.order_by("orgnr").values_list("orgnr", "name", "status", "municipality__number")
        ),
        "users": list(User.objects.order_by("email").values_list("email", "name")),
        "roles": list(
            Representative.objects.order_by("user__email").values_list("user__email", "company__orgnr", "role")
        ),
        "commitments": list(
            Commitment.objects.order_by("company__orgnr", "start_date").values_list(
                "company__orgnr", "workgroup__slug", "hours_per_year", "end_date"
            )
        ),
        "participants": Participant.objects.count(),
        "meetings": list(Meeting.objects.order_by("title").values_list("title", "place")),
        "observations": list(
            Observation.objects.filter(source=SCALE_SOURCE)
            .order_by("indicator__code", "municipality__number", "year")
            .values_list("indicator__code", "municipality__number", "year", "value")
        ),
    }


def test_loads_the_requested_volume_with_valid_org_numbers(seeded):
    counts = load_scale(SMALL)
    companies = Company.objects.filter(website__endswith=".skala.example/")
    assert companies.count() == counts["companies"] == 50
    assert all(stdnum_orgnr.is_valid(n) for n in companies.values_list("orgnr", flat=True))
    assert not companies.filter(representatives__isnull=True).exists()
    per_company = Representative.objects.filter(company__in=companies).count() / 50
    assert 2 <= per_company <= 4
    assert User.objects.filter(email__endswith="@skala.example").count() == counts["users"]
    assert Workgroup.objects.active().count() == 20
    assert Meeting.objects.count() == 30
    assert NewsPost.objects.filter(slug__startswith="skala-").count() == 12
    assert Municipality.objects.filter(in_region=False).count() == 8
    assert Municipality.objects.filter(in_region=True).count() == 5
    # Every indicator has 4 years for all 13 municipalities; real figures win where both exist.
    stored = Observation.objects.filter(year__gte=2022, year__lte=2025).count()
    assert stored == Indicator.objects.count() * 13 * 4
    # Most active companies have a commitment, each with 1 to 3 participants.
    active = companies.filter(status=Company.Status.ACTIVE)
    committed = active.filter(commitments__end_date__isnull=True).distinct().count()
    assert committed >= active.count() * 0.6
    for commitment in Commitment.objects.active().filter(company__in=companies):
        assert 1 <= commitment.participants.count() <= 3
        assert all(p.representative.company_id == commitment.company_id for p in commitment.participants.all())


def test_same_seed_gives_the_same_data(seeded):
    load_scale(SMALL)
    first = fingerprint()
    wipe_scale()
    load_scale(SMALL)
    assert fingerprint() == first
    wipe_scale()
    load_scale(ScaleSpec(**{**SMALL.__dict__, "seed": 7}))
    assert fingerprint()["users"] != first["users"]


def test_org_numbers_skip_bases_without_a_check_digit_and_taken_numbers():
    numbers = orgnr_numbers(30)
    assert len(set(numbers)) == 30
    assert all(stdnum_orgnr.is_valid(n) for n in numbers)
    assert numbers[0] not in orgnr_numbers(5, taken={numbers[0]})


def test_command_refuses_to_run_twice_and_reset_reloads(seeded, capsys):
    args = ["--companies", "10", "--meetings", "5", "--news", "3", "--other-municipalities", "2", "--years", "2"]
    call_command(SeedScale(), *args)
    with pytest.raises(CommandError, match="--reset"):
        call_command(SeedScale(), *args)
    call_command(SeedScale(), *args, "--reset")
    assert Company.objects.filter(website__endswith=".skala.example/").count() == 10


def test_wipe_removes_only_synthetic_data(seeded, company_admin, django_capture_on_commit_callbacks):
    load_scale(SMALL)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(SeedScale(), "--wipe")
    assert not User.objects.filter(email__endswith="@skala.example").exists()
    assert list(Company.objects.values_list("name", flat=True)) == ["Mjøsbedriften AS"]
    assert Workgroup.objects.count() == 5
    assert Municipality.objects.count() == 5
    assert not Observation.objects.filter(source=SCALE_SOURCE).exists()
    assert Observation.objects.exists()  # the real figures from the seed stay


def test_loading_in_bulk_moves_the_content_version_once(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        load_scale(SMALL)
    assert len(callbacks) == 1
