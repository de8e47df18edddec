from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Indicator, Municipality, Observation, StrategicPlan
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _years(first: int, last: int) -> None:
    """Population and private jobs for every region municipality, each year in [first, last]."""
    municipalities = list(Municipality.objects.filter(in_region=True))
    Observation.objects.bulk_create(
        [
            Observation(
                indicator=indicator, municipality=m, year=year, value=Decimal(10000 + year), source="SSB tabell 07459"
            )
            for indicator in Indicator.objects.filter(code__in=("population_1jan", "private_sector_jobs"))
            for year in range(first, last + 1)
            for m in municipalities
        ],
        update_conflicts=True,
        unique_fields=["indicator", "municipality", "year"],
        update_fields=["value", "source"],
    )


def _count(client, url):
    return count_queries(client, url)


@pytest.mark.parametrize("url", ["/strategi/", "/strategi/folketall/", "/"])
def test_query_count_is_the_same_with_5_and_50_years_of_data(client, seeded, url):
    # Guards against a query per target, rule, municipality or year in the progress cards and charts.
    _years(2021, 2025)
    small = _count(client, url)
    _years(1976, 2025)
    assert _count(client, url) == small


def test_seeded_targets_say_honestly_that_the_baseline_is_missing(client, seeded):
    html = client.get(reverse("plans:strategy")).content.decode()
    assert html.count("Ikke nok data") >= 3
    assert (
        "tallet for 2021 (basisåret) mangler for Gjøvik, Østre Toten, Vestre Toten, Søndre Land og Nordre Land" in html
    )
    # Region figures exist only where all five have a year: 2023–2025 in the seed data.
    assert "70\xa0185 (2025)" in html or "71\xa0792 (2025)" in html
    assert "Av 3 prosjekter er 0 vedtatt og 0 igangsatt" in html
    assert "Ikke registrert" in html  # no council adoption is registered
    assert html.count('role="img"') == 1  # a chart only where region figures exist (population)


def test_home_shows_each_target_status_and_sentence(client, seeded):
    html = client.get("/").content.decode()
    assert html.count('class="target-sentence"') == 4
    assert "Ikke nok data" in html


def test_target_page_table_lists_every_observation_with_its_source(client, seeded):
    response = client.get(reverse("plans:target", args=["folketall"]))
    html = response.content.decode()
    observations = Observation.objects.filter(indicator__code="population_1jan").select_related("municipality")
    rows = response.context["rows"]
    municipal = [(r.year, r.name, r.value, r.source_url) for r in rows if not r.is_region]
    assert sorted(municipal) == sorted((o.year, o.municipality.name, o.value, o.source_url) for o in observations)
    for obs in observations:
        assert f'href="{obs.source_url.replace("&", "&amp;")}"' in html
    region = {r.year: r.value for r in rows if r.is_region}
    assert sorted(region) == [2023, 2024, 2025]
    assert region[2025] == Decimal(31175 + 14827 + 13649 + 5597 + 6544)
    assert "Sist oppdatert" in html
    assert 'class="chart-target"' not in html.split("Per kommune")[0]  # no target line without a baseline


def test_target_page_draws_the_target_line_when_the_baseline_exists(client, seeded):
    _years(2021, 2023)
    html = client.get(reverse("plans:target", args=["folketall"])).content.decode()
    assert 'class="chart-target" data-year="2025"' in html
    assert "I rute" in html or "Ikke i rute" in html


def test_adoption_is_shown_per_municipality(client, seeded):
    plan = StrategicPlan.objects.current()
    gjovik = Municipality.objects.get(number="3407")
    plan.adoptions.create(municipality=gjovik, adopted=True, adopted_on="2021-06-17", case_reference="21/123")
    html = client.get(reverse("plans:strategy")).content.decode()
    assert "21/123" in html and "17. juni 2021" in html


def test_secretariat_previews_then_confirms_an_upload(client, seeded, superuser, login):
    login(superuser)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:plans_observation_import")
    indicator = Indicator.objects.get(code="population_1jan")
    upload = SimpleUploadedFile("f.csv", "region;2021\n3407 Gjøvik;30400\n".encode())
    preview = client.post(url, {"file": upload, "indicator": indicator.pk})
    assert preview.status_code == 200
    assert "Ny: Gjøvik 2021" in preview.content.decode()
    assert not Observation.objects.filter(year=2021, indicator__code="population_1jan").exists()
    done = client.post(url, {"payload": preview.context["payload"]})
    assert done.status_code == 302
    assert Observation.objects.get(year=2021, indicator__code="population_1jan").value == Decimal(30400)


def test_upload_with_errors_shows_them_and_imports_nothing(client, seeded, superuser, login):
    login(superuser)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:plans_observation_import")
    indicator = Indicator.objects.get(code="population_1jan")
    upload = SimpleUploadedFile("f.csv", "region;2021\n3407 Gjøvik;mange\n".encode())
    response = client.post(url, {"file": upload, "indicator": indicator.pk})
    assert "«mange» er ikke et tall" in response.content.decode()
    assert not Observation.objects.filter(year=2021, indicator__code="population_1jan").exists()


def test_a_tampered_payload_is_refused(client, seeded, superuser, login):
    login(superuser)
    response = client.post(reverse("admin:plans_observation_import"), {"payload": "tampered"})
    assert response.status_code == 302
    assert not Observation.objects.filter(year=2021, indicator__code="population_1jan").exists()


def test_observation_changelist_links_to_the_upload_form(client, seeded, superuser, login):
    login(superuser)
    changelist = client.get(reverse("admin:plans_observation_changelist")).content.decode()
    assert reverse("admin:plans_observation_import") in changelist
    form = client.get(reverse("admin:plans_observation_import"))
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()


def test_target_rules_are_editable_inline_in_admin(client, seeded, superuser, login):
    login(superuser)
    from plans.models import Target

    target = Target.objects.get(slug="folketall")
    html = client.get(reverse("admin:plans_target_change", args=[target.pk])).content.decode()
    assert html.count('name="rules-') >= 3 * 4
