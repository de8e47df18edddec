"""The seed's figures replace earlier copies rather than duplicating them, and keep each row's source."""

from decimal import Decimal

import pytest

from plans import seed
from plans.models import ImportBatch, Indicator, Municipality, Observation

pytestmark = pytest.mark.django_db


def test_loading_again_replaces_copied_figures_and_never_duplicates(seeded):
    indicator = Indicator.objects.get(code="population_1jan")
    gjovik = Municipality.objects.get(number="3407")
    copied = Observation.objects.get(indicator=indicator, municipality=gjovik, year=2023)
    # What the first seed stored: a Wikipedia copy labelled as SSB.
    copied.value, copied.source, copied.source_url, copied.table_id = (
        Decimal(30000),
        "wikipedia.com (oppgir SSB som kilde)",
        "http://wikipedia.com/wiki/Gjøvik",
        "",
    )
    copied.save()
    count = Observation.objects.count()
    result = seed.load_found_indicators()
    assert Observation.objects.count() == count
    assert result["stored"] == 0 and result["replaced"] >= 40
    copied.refresh_from_db()
    assert (copied.value, copied.source, copied.table_id) == (Decimal(30563), "SSB tabell 07459", "07459")
    assert copied.source_url.startswith("https://github.com/niphr/csdata/")


def test_a_figure_written_by_an_import_is_left_alone(seeded):
    indicator = Indicator.objects.get(code="population_1jan")
    batch = ImportBatch.objects.create(
        indicator=indicator,
        kind="fetch",
        created_by="x",
        file_sha256="0" * 64,
        table_id="07459",
        measure="Personer1",
        source="SSB tabell 07459",
        source_url="https://data.ssb.no/api/pxwebapi/v2/tables/07459/data",
    )
    obs = Observation.objects.get(indicator=indicator, municipality__number="3407", year=2025)
    obs.value, obs.batch, obs.source_url = Decimal(31176), batch, batch.source_url
    obs.save()
    seed.load_found_indicators()
    obs.refresh_from_db()
    assert obs.value == Decimal(31176) and obs.source_url == batch.source_url


def test_the_seed_holds_every_population_figure_2019_to_2026_for_the_five_municipalities(seeded):
    years = set(
        Observation.objects.filter(indicator__code="population_1jan", municipality__in_region=True).values_list(
            "municipality__number", "year"
        )
    )
    numbers = Municipality.objects.filter(in_region=True).values_list("number", flat=True)
    assert years == {(number, year) for number in numbers for year in range(2019, 2027)}


def test_the_data_lives_in_the_project_not_in_the_shared_folder():
    assert seed.FOUND_CSV.is_relative_to(seed.Path(seed.__file__).resolve().parent)
    assert "shared" not in seed.FOUND_CSV.read_text(encoding="utf-8")
