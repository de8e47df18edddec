"""The SSB import: valid files import, malformed files import nothing and say why."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from plans.models import Municipality, Observation

pytestmark = pytest.mark.django_db

REGIONS = {"K-3407": "Gjøvik", "K-3442": "Østre Toten"}


def jsonstat(values, regions=REGIONS, years=("2021", "2022"), status=None, size=None, extra_dims=None):
    dims = {
        "Region": {"category": {"index": {c: i for i, c in enumerate(regions)}, "label": regions}},
        "ContentsCode": {"category": {"index": {"Personer1": 0}, "label": {"Personer1": "Personer"}}},
        "Tid": {"category": {"index": {y: i for i, y in enumerate(years)}, "label": {y: y for y in years}}},
    }
    ids = ["Region", "ContentsCode", "Tid"]
    if extra_dims:
        dims.update(extra_dims)
        ids.insert(1, *extra_dims)
    data = {
        "class": "dataset",
        "label": "07459: Befolkning, etter region, statistikkvariabel og år",
        "source": "Statistisk sentralbyrå",
        "id": ids,
        "size": size or [len(dims[name]["category"]["index"]) for name in ids],
        "dimension": dims,
        "value": values,
        "extension": {"px": {"tableid": "07459"}},
    }
    if status:
        data["status"] = status
    return json.dumps(data, ensure_ascii=False)


def write(tmp_path, text, name="data.json", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("import_ssb", path, *args, stdout=out)
    return out.getvalue()


def values():
    return {(o.municipality.number, o.year): o.value for o in Observation.objects.select_related("municipality")}


def test_a_valid_jsonstat2_file_imports_with_its_source_and_reports_what_changed(seeded, tmp_path):
    Observation.objects.all().delete()
    path = write(tmp_path, jsonstat([30400, 30267, 14900, 14850]))
    out = run(path)
    assert values() == {
        ("3407", 2021): Decimal(30400),
        ("3407", 2022): Decimal(30267),
        ("3442", 2021): Decimal(14900),
        ("3442", 2022): Decimal(14850),
    }
    obs = Observation.objects.get(municipality__number="3407", year=2021)
    assert obs.source == "SSB tabell 07459"
    assert obs.source_url == "https://www.ssb.no/statbank/table/07459"
    assert obs.indicator.code == "population_1jan"
    assert "4 nye, 0 endret, 0 uendret" in out

    again = run(write(tmp_path, jsonstat([30400, 30300, 14900, 14850])))
    assert "0 nye, 1 endret, 3 uendret" in again
    assert "Endret: Gjøvik 2022 30\xa0267 → 30\xa0300" in again


def test_dry_run_changes_nothing(seeded, tmp_path):
    before = values()
    out = run(write(tmp_path, jsonstat([1, 2, 3, 4])), "--dry-run")
    assert "Prøvekjøring" in out
    assert values() == before


def test_an_import_replaces_the_seed_source_of_an_equal_value(seeded, tmp_path):
    seeded_obs = Observation.objects.get(indicator__code="population_1jan", municipality__number="3407", year=2023)
    assert seeded_obs.source_url.startswith("https://github.com/niphr/csdata/")  # an SSB extract
    regions = {"3407": "Gjøvik"}
    out = run(write(tmp_path, jsonstat([30563], regions=regions, years=("2023",))))
    seeded_obs.refresh_from_db()
    assert seeded_obs.source == "SSB tabell 07459"
    assert "Ny kilde: Gjøvik 2023" in out


def test_missing_markers_are_skipped_with_a_report_never_stored_as_zero(seeded, tmp_path):
    Observation.objects.all().delete()
    path = write(tmp_path, jsonstat([30400, None, None, 14850], status={"1": "..", "2": ":"}))
    out = run(path)
    assert values() == {("3407", 2021): Decimal(30400), ("3442", 2022): Decimal(14850)}
    assert "Hoppet over: Gjøvik 2022 er merket «..»" in out
    assert "Hoppet over: Østre Toten 2021 er merket «:»" in out


def test_an_unknown_municipality_code_creates_a_municipality_outside_the_region(seeded, tmp_path):
    out = run(write(tmp_path, jsonstat([1000, 1001], regions={"K-3405": "Lillehammer"})))
    lillehammer = Municipality.objects.get(number="3405")
    assert lillehammer.name == "Lillehammer" and not lillehammer.in_region
    assert "Ny kommune utenfor regionen: Lillehammer (3405)" in out


STATBANK = "https://www.ssb.no/statbank/table/07459"


def test_a_csv_export_with_its_source_columns_imports_each_row_with_its_own_source(seeded, tmp_path):
    Observation.objects.all().delete()
    text = (
        '"07459: Befolkning, etter region, statistikkvariabel og år"\n\n'
        '"region";"statistikkvariabel";"kilde";"kilde_url";"2021";"2022"\n'
        f'"3407 Gjøvik";"Personer1 Personer";"SSB tabell 07459";"{STATBANK}";30400;"30 267"\n'
        '"K-3442 Østre Toten";"Personer1 Personer";"Østre Toten kommune";"https://www.ostre-toten.kommune.no/";"..";14850\n'
    )
    out = run(write(tmp_path, text, "data.csv", "cp1252"))
    assert values() == {("3407", 2021): Decimal(30400), ("3407", 2022): Decimal(30267), ("3442", 2022): Decimal(14850)}
    gjovik = Observation.objects.get(municipality__number="3407", year=2021)
    assert (gjovik.source, gjovik.source_url, gjovik.table_id) == ("SSB tabell 07459", STATBANK, "07459")
    toten = Observation.objects.get(municipality__number="3442")
    # A row that is not SSB's is never labelled SSB.
    assert (toten.source, toten.table_id) == ("Østre Toten kommune", "")
    assert "Hoppet over: Østre Toten 2021" in out


def test_a_long_csv_imports(seeded, tmp_path):
    Observation.objects.all().delete()
    text = (
        "region;tabell;statistikkvariabel;kilde;kilde_url;år;Personer\n"
        f"3407 Gjøvik;07459;Personer1;SSB;{STATBANK};2021;30400\n"
        f"3442 Østre Toten;07459;Personer1;SSB;{STATBANK};2021;14900,0\n"
    )
    run(write(tmp_path, text, "long.csv"))
    assert Observation.objects.filter(indicator__code="population_1jan").count() == 2


def test_a_csv_without_source_columns_is_refused(seeded, tmp_path):
    before = values()
    text = '"07459: Befolkning"\nregion;statistikkvariabel;2021\n3407 Gjøvik;Personer1;30400\n'
    with pytest.raises(CommandError, match="kolonnene «kilde»"):
        run(write(tmp_path, text, "nosource.csv"))
    assert values() == before


def test_an_indicator_without_an_ssb_table_refuses_every_file(seeded, tmp_path):
    with pytest.raises(CommandError, match="har ingen SSB-tabell"):
        run(write(tmp_path, jsonstat([1, 2, 3, 4])), "--indicator", "private_sector_jobs")
    assert not Observation.objects.filter(indicator__code="private_sector_jobs", value=1).exists()


MALFORMED = [
    ("wrong shape", '{"class": "dataset", "value": [1]}', "Feil form"),
    ("size/value mismatch", jsonstat([1, 2, 3]), "skulle hatt 4 verdier"),
    ("size disagrees with categories", jsonstat([1, 2, 3, 4, 5, 6], size=[3, 1, 2]), "«size» sier 3"),
    ("unknown region", jsonstat([1, 2, 3, 4], regions={"K-3407": "Gjøvik", "34": "Innlandet"}), "Ukjent region 34"),
    ("non-numeric value", jsonstat([1, "mange", 3, 4]), "«mange» er ikke et tall"),
    ("not a year", jsonstat([1, 2, 3, 4], years=("2021K1", "2021K2")), "er ikke et år"),
    (
        "two categories in another dimension",
        jsonstat(
            [1] * 8,
            extra_dims={"Kjonn": {"category": {"index": {"1": 0, "2": 1}, "label": {"1": "Menn", "2": "Kvinner"}}}},
        ),
        "Kjonn har 2 kategorier",
    ),
    ("broken json", '{"class": "dataset", ', "ikke gyldig JSON"),
    ("csv without header", "Gjøvik;30400\n", "fant ingen overskriftsrad"),
    (
        "csv short row",
        "region;kilde;kilde_url;2021;2022\n3407 Gjøvik;SSB;https://ssb.no;30400\n",
        "linje 2 har 4 kolonner",
    ),
    (
        "csv unknown region",
        "region;kilde;kilde_url;2021\nHele landet;SSB;https://ssb.no;5400000\n",
        "Ukjent region Hele landet",
    ),
    (
        "csv non-numeric",
        "region;kilde;kilde_url;2021\n3407 Gjøvik;SSB;https://ssb.no;tretti\n",
        "«tretti» er ikke et tall",
    ),
    (
        "csv row without its source",
        "region;kilde;kilde_url;2021\n3407 Gjøvik;SSB;;30400\n",
        "Linje 2: hver rad trenger",
    ),
]


@pytest.mark.parametrize(("case", "text", "message"), MALFORMED, ids=[case for case, _, _ in MALFORMED])
def test_a_malformed_file_imports_nothing_and_names_the_problem(seeded, tmp_path, case, text, message):
    before = values()
    municipalities = Municipality.objects.count()
    # The first cells are fine: a partial import would store them.
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, text, "bad.csv" if not text.startswith("{") else "bad.json"))
    assert message in str(error.value)
    assert "Ingenting ble importert" in str(error.value)
    assert values() == before
    assert Municipality.objects.count() == municipalities


def test_an_unknown_indicator_is_refused(seeded, tmp_path):
    with pytest.raises(CommandError, match="finnes-ikke"):
        run(write(tmp_path, jsonstat([1, 2, 3, 4])), "--indicator", "finnes-ikke")
