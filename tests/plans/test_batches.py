"""Import batches: every import records who, when, what; a batch can be undone, restoring what it replaced."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from plans import ssb
from plans.models import ImportBatch, Indicator, Observation
from plans.services import UndoRefused, import_batch_undo, observations_import

pytestmark = pytest.mark.django_db


def answer(values, years=("2024", "2027"), measure="Personer1", table="07459", source="Statistisk sentralbyrå"):
    """A JSON-stat2 answer for Gjøvik and Østre Toten; 2027 is a year the seed does not have."""
    regions = {"K-3407": "Gjøvik", "K-3442": "Østre Toten"}
    return json.dumps(
        {
            "class": "dataset",
            "label": f"{table}: Befolkning",
            "source": source,
            "id": ["Region", "ContentsCode", "Tid"],
            "size": [2, 1, len(years)],
            "dimension": {
                "Region": {"category": {"index": {c: i for i, c in enumerate(regions)}, "label": regions}},
                "ContentsCode": {"category": {"index": {measure: 0}, "label": {measure: measure}}},
                "Tid": {"category": {"index": {y: i for i, y in enumerate(years)}, "label": {y: y for y in years}}},
            },
            "extension": {"px": {"tableid": table}},
            "value": values,
        }
    ).encode()


def do_import(content, **kwargs):
    indicator = Indicator.objects.get(code="population_1jan")
    return observations_import(
        indicator=indicator,
        table=ssb.parse(content),
        content=content,
        created_by=kwargs.pop("created_by", "test"),
        kind=kwargs.pop("kind", ImportBatch.Kind.COMMAND),
        **kwargs,
    )


def population():
    return {
        (o.municipality.number, o.year): (o.value, o.source_url)
        for o in Observation.objects.filter(indicator__code="population_1jan").select_related("municipality")
    }


def test_a_batch_records_who_when_hash_table_source_and_counts(seeded):
    content = answer([30903, 31500, 14840, None])  # Gjøvik 2024 unchanged value, 2027 new; Toten 2027 missing
    report = do_import(content, created_by="kari@invekst.no", file_name="svar.json")
    batch = report.batch
    assert batch.created_by == "kari@invekst.no" and batch.created_at is not None
    assert batch.file_sha256 == __import__("hashlib").sha256(content).hexdigest()
    assert (batch.table_id, batch.measure, batch.source) == ("07459", "Personer1", "SSB tabell 07459")
    assert batch.source_url == "https://www.ssb.no/statbank/table/07459"
    # Gjøvik 2024 and Toten 2024 change source (csdata extract -> SSB), Gjøvik 2027 is new, Toten 2027 missing.
    assert (batch.added, batch.changed, batch.skipped) == (1, 2, 1)
    assert Observation.objects.get(municipality__number="3407", year=2027).batch == batch


def test_a_mismatched_measure_is_refused_naming_both_and_nothing_is_stored(seeded, tmp_path):
    path = tmp_path / "endring.json"
    path.write_bytes(answer([1, 2, 3, 4], measure="Endring"))
    before = population()
    with pytest.raises(CommandError) as error:
        call_command("import_ssb", str(path), stdout=StringIO())
    assert str(error.value) == (
        "endring.json: Filen inneholder tabell 07459, statistikkvariabel Endring, men «Folketall 1. januar» er "
        "tabell 07459, statistikkvariabel Personer1. Ingenting ble importert."
    )
    assert population() == before
    assert not ImportBatch.objects.exists()


def test_a_population_file_is_refused_as_number_of_businesses(seeded, tmp_path):
    businesses = Indicator.objects.get(code="businesses_total")
    businesses.table_id, businesses.measure = "10308", "Bedrifter"
    businesses.save()
    path = tmp_path / "folketall.json"
    path.write_bytes(answer([1, 2, 3, 4]))
    with pytest.raises(CommandError, match="Filen inneholder tabell 07459, statistikkvariabel Personer1, men «Antall"):
        call_command("import_ssb", str(path), "--indicator", "businesses_total", stdout=StringIO())
    assert not Observation.objects.filter(indicator=businesses).exists()


def test_a_json_stat_file_that_is_not_ssbs_is_refused(seeded, tmp_path):
    path = tmp_path / "ikke-ssb.json"
    path.write_bytes(answer([1, 2, 3, 4], source="ikke SSB-tall"))
    with pytest.raises(CommandError, match="kommer fra «ikke SSB-tall», ikke fra Statistisk sentralbyrå"):
        call_command("import_ssb", str(path), stdout=StringIO())
    assert not ImportBatch.objects.exists()


def test_undo_removes_added_rows_and_restores_earlier_values_and_sources(seeded):
    before = population()
    report = do_import(answer([30000, 31500, 14000, 15000]))
    assert population() != before
    import_batch_undo(batch=report.batch, undone_by="kari@invekst.no")
    assert population() == before
    restored = Observation.objects.get(municipality__number="3407", year=2024)
    assert restored.batch is None and restored.source == "SSB tabell 07459"
    batch = ImportBatch.objects.get()
    assert batch.undone_by == "kari@invekst.no" and batch.undone_at is not None


def test_undoing_an_older_batch_after_a_newer_one_changed_the_same_figure_is_refused(seeded):
    first = do_import(answer([30000, 31500, 14000, 15000])).batch
    second = do_import(answer([30001, 31500, 14000, 15000])).batch
    with pytest.raises(UndoRefused, match="Gjøvik 2024 er endret etter denne importen"):
        import_batch_undo(batch=first, undone_by="x")
    assert Observation.objects.get(municipality__number="3407", year=2024).value == Decimal(30001)
    # Undo in order, newest first, and everything is back.
    import_batch_undo(batch=second, undone_by="x")
    import_batch_undo(batch=first, undone_by="x")
    assert Observation.objects.get(municipality__number="3407", year=2024).value == Decimal(30903)
    assert not Observation.objects.filter(year=2027).exists()
    with pytest.raises(UndoRefused, match="allerede angret"):
        import_batch_undo(batch=first, undone_by="x")


def test_the_secretariat_undoes_a_batch_in_admin(client, seeded, secretariat, login):
    before = population()
    batch = do_import(answer([30000, 31500, 14000, 15000])).batch
    login(secretariat)
    page = client.get(reverse("admin:plans_importbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("admin:plans_importbatch_undo", args=[batch.pk]) in html and batch.file_sha256 in html
    confirm = client.get(reverse("admin:plans_importbatch_undo", args=[batch.pk]))
    assert "Ja, angre importen" in confirm.content.decode()
    assert population() != before  # a GET changes nothing
    done = client.post(reverse("admin:plans_importbatch_undo", args=[batch.pk]), follow=True)
    assert "Importen er angret: 2 rader er fjernet og 2 tidligere verdier gjenopprettet." in done.content.decode()
    assert population() == before
    assert client.get(reverse("admin:plans_importbatch_changelist")).status_code == 200


def test_a_member_without_rights_cannot_undo(client, seeded, company_admin, login):
    batch = do_import(answer([30000, 31500, 14000, 15000])).batch
    login(company_admin)
    response = client.post(reverse("admin:plans_importbatch_undo", args=[batch.pk]))
    assert response.status_code == 302 and "/login/" in response.url  # not staff: sent to the admin login
    assert not ImportBatch.objects.filter(undone_at__isnull=False).exists()


def test_a_figure_edited_in_admin_after_an_import_blocks_its_undo(client, seeded, secretariat, login):
    batch = do_import(answer([30000, 31500, 14000, 15000])).batch
    obs = Observation.objects.get(municipality__number="3407", year=2024)
    login(secretariat)
    url = reverse("admin:plans_observation_change", args=[obs.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.pop("imported_at")
    data.update(imported_at_0="2026-01-02", imported_at_1="10:00:00", source="Rettet for hånd")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obs.refresh_from_db()
    assert obs.batch is None and obs.source == "Rettet for hånd"
    with pytest.raises(UndoRefused, match="Gjøvik 2024 er endret etter denne importen"):
        import_batch_undo(batch=batch, undone_by="x")
