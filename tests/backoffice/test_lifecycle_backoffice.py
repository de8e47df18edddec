"""Issue 15.4, 15.7 and 15.10 in the back office: yes/no in the member list, readable history,
a lapsed member's commitments end, and no spreadsheet formula leaves in an export."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.apps import apps
from django.contrib import admin

from core import spreadsheet
from members import services as member_services
from members.models import Company
from tests.factories import orgnrs
from workgroups.models import Commitment, Participant
from workgroups.resources import CompanyResource

pytestmark = pytest.mark.django_db

HEADERS = ["organisasjonsnummer", "navn", "kommune", "vis i medlemslisten"]


def import_rows(rows, user):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return CompanyResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


# --- 4: «ja»/«nei» in the member list ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("ja", True),
        ("Ja", True),
        ("yes", True),
        ("true", True),
        ("1", True),
        ("nei", False),
        ("NEI", False),
        ("no", False),
        ("false", False),
        ("0", False),
        ("", True),
    ],
)
def test_yes_and_no_are_read_as_written(seeded, staff, cell, shown):
    [orgnr] = orgnrs(1, start=92_000_000)
    result = import_rows([[orgnr, "Ja-Nei AS", "Gjøvik", cell]], staff)
    assert not result.has_validation_errors() and not result.has_errors()
    assert Company.objects.get(orgnr=orgnr).show_in_directory is shown


def test_anything_else_is_a_clear_row_error_and_nothing_is_stored(seeded, staff):
    numbers = orgnrs(2, start=92_000_000)
    result = import_rows([[numbers[0], "God AS", "Gjøvik", "ja"], [numbers[1], "Tvil AS", "Gjøvik", "kanskje"]], staff)
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert "«kanskje» er ikke ja eller nei" in str(invalid.error_dict)
    assert not Company.objects.filter(orgnr__in=numbers).exists()


def test_the_export_writes_ja_and_nei(company):
    company.show_in_directory = False
    company.save()
    dataset = CompanyResource().export(Company.objects.all())
    assert dataset.dict[0]["vis i medlemslisten"] == "nei"


# --- 7: readable history, lapsed commitments -------------------------------------------------


def test_the_company_history_shows_labels_and_a_dash_not_codes_and_none(client, login, superuser, seeded, staff):
    [orgnr] = orgnrs(1, start=93_000_000)
    company = Company.objects.create(orgnr=orgnr, name="Historikk AS", status=Company.Status.APPLICANT)
    member_services.membership_approve(company=company, changed_by=None, base_url="http://testserver/")
    company.employees = 12
    company.save()
    html = login(superuser).get(f"/admin/members/company/{company.pk}/history/").content.decode()
    assert "søker &nbsp;&rarr;&nbsp;&nbsp;aktivt medlem" in " ".join(html.split())
    assert ">active<" not in html and ">applicant<" not in html
    assert "None" not in html
    assert "—" in html


def test_a_lapsed_or_resigned_company_s_commitments_end_with_history_kept(
    seeded, company, company_admin, participation, staff
):
    commitment = participation.commitment
    member_services.membership_lapse(company=company, changed_by=staff, note="Ubetalt", base_url="http://testserver/")
    commitment.refresh_from_db()
    assert commitment.end_date is not None
    assert Participant.objects.get(pk=participation.pk).left_at is not None
    assert not Commitment.objects.active().filter(company=company).exists()
    assert Commitment.objects.filter(pk=commitment.pk).exists()


# --- 10: no formula leaves in a spreadsheet ---------------------------------------------------

EVIL = ['=HYPERLINK("http://x","klikk")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("value", EVIL)
def test_a_formula_cell_is_neutralised(value):
    assert spreadsheet.neutralise(value) == "'" + value
    assert spreadsheet.restore(spreadsheet.neutralise(value)) == value


def test_plain_values_are_left_alone():
    for value in ("Mjøsbedriften AS", "999999980", 12, None, "", "a=b"):
        assert spreadsheet.neutralise(value) == value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_member_list_export_writes_no_formula(client, login, staff, company, fmt):
    company.name = EVIL[0]
    company.industry = "+47 bransje"
    company.save()
    login(staff)
    response = client.post(
        "/admin/members/company/export/",
        {
            "format": {"csv": "0", "xlsx": "1"}[fmt],
            **{f"companyresource_{f}": "on" for f in ("orgnr", "name", "industry")},
        },
    )
    assert response.status_code == 200
    content = b"".join(response) if response.streaming else response.content
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'" + EVIL[0] in cells
    assert "'+47 bransje" in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith(spreadsheet.FORMULA_STARTS)]


def test_the_exported_formula_text_imports_back_as_it_was(seeded, staff):
    [orgnr] = orgnrs(1, start=94_000_000)
    import_rows([[orgnr, "'" + EVIL[0], "Gjøvik", "ja"]], staff)
    assert Company.objects.get(orgnr=orgnr).name == EVIL[0]


def test_the_missing_commitments_csv_writes_no_formula(client, login, staff, company, company_admin):
    company.name = "@SUM(1+1)"
    company.save()
    response = login(staff).get("/admin/workgroups/commitment/uten-gyldig-forpliktelse/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["999999980", "'@SUM(1+1)", "Gjøvik", "admin@mjosbedriften.no"] in rows


def test_every_import_export_admin_exports_through_the_safe_formats():
    registered = [admin.site.get_model_admin(model) for model in apps.get_models() if admin.site.is_registered(model)]
    exporting = [model_admin for model_admin in registered if hasattr(model_admin, "get_export_formats")]
    assert exporting, "the company admin exports"
    for model_admin in exporting:
        for fmt in model_admin.get_export_formats():
            assert issubclass(fmt, (spreadsheet.CSV, spreadsheet.XLSX)), (model_admin, fmt)
