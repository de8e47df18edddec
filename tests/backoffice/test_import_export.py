"""The member list as a file: a clean file imports, a bad one imports nothing and says why, and
an export imports back unchanged, as CSV and as XLSX."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Company, MembershipEvent
from tests.factories import orgnrs
from workgroups.resources import CompanyResource

IMPORT_URL = "/admin/members/company/import/"
PROCESS_URL = "/admin/members/company/process_import/"
EXPORT_URL = "/admin/members/company/export/"
FORMATS = {"csv": "0", "xlsx": "1"}
HEADERS = ["organisasjonsnummer", "navn", "kommune", "bransje", "ansatte"]


def as_file(rows: list[list], fmt: str = "csv", headers=HEADERS) -> SimpleUploadedFile:
    dataset = tablib.Dataset(*rows, headers=headers)
    if fmt == "csv":
        return SimpleUploadedFile("medlemmer.csv", dataset.export("csv").encode(), content_type="text/csv")
    return SimpleUploadedFile("medlemmer.xlsx", dataset.export("xlsx"), content_type="application/octet-stream")


def preview(client, upload, fmt="csv"):
    return client.post(IMPORT_URL, {"import_file": upload, "format": FORMATS[fmt]})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {**form.initial}, follow=True)


@pytest.fixture
def numbers():
    return orgnrs(3, start=91_000_000)


def test_a_clean_member_list_imports_after_the_preview_as_active_members(client, login, staff, seeded, numbers):
    login(staff)
    upload = as_file(
        [
            [numbers[0], "Raufoss Industri AS", "Vestre Toten", "Industri", "120"],
            [f"{numbers[1][:3]} {numbers[1][3:6]} {numbers[1][6:]}", "Toten Data AS", "3442", "Ikt", ""],
        ]
    )
    response = preview(client, upload)
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert not Company.objects.filter(orgnr__in=numbers).exists()  # the preview is a dry run
    done = confirm(client, response)
    assert done.status_code == 200
    raufoss = Company.objects.get(orgnr=numbers[0])
    assert (raufoss.name, raufoss.status, raufoss.municipality.number, raufoss.employees) == (
        "Raufoss Industri AS",
        Company.Status.ACTIVE,
        "3443",
        120,
    )
    assert Company.objects.get(orgnr=numbers[1]).municipality.name == "Østre Toten"
    event = MembershipEvent.objects.get(company=raufoss)
    assert (event.from_status, event.to_status, event.changed_by) == ("", "active", staff)
    assert raufoss.history.get().history_user == staff


def test_a_file_with_bad_rows_imports_nothing_and_names_each_problem(client, login, staff, seeded, numbers):
    login(staff)
    wrong_check_digit = numbers[2][:8] + str((int(numbers[2][8]) + 1) % 10)
    upload = as_file(
        [
            [numbers[0], "Gode Bedrift AS", "Gjøvik", "", ""],
            [wrong_check_digit, "Feil Sjekksiffer AS", "Gjøvik", "", ""],
            [numbers[1], "Ukjent Kommune AS", "Oslo", "", ""],
            [numbers[0], "Gode Bedrift AS igjen", "Gjøvik", "", ""],
        ]
    )
    response = preview(client, upload)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    invalid = {row.number: row for row in response.context["result"].invalid_rows}
    assert sorted(invalid) == [2, 3, 4]
    html = response.content.decode()
    assert f"{wrong_check_digit} har feil kontrollsiffer" in html
    assert "Ukjent kommune «Oslo»" in html
    assert f"Organisasjonsnummer {numbers[0]} står også på rad 1 i filen." in html
    assert not Company.objects.filter(orgnr__in=[*numbers, wrong_check_digit]).exists()
    assert not MembershipEvent.objects.exists()


def test_a_real_import_with_one_bad_row_stores_nothing(seeded, staff, numbers):
    """The import is one transaction: even without the preview, one bad row stores nothing."""
    dataset = tablib.Dataset(
        [numbers[0], "Gode Bedrift AS", "Gjøvik", "", ""],
        [numbers[1], "", "Narnia", "", ""],
        headers=HEADERS,
    )
    result = CompanyResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=staff
    )
    assert result.has_validation_errors()
    assert not Company.objects.filter(orgnr__in=numbers).exists()
    assert not MembershipEvent.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(client, login, staff, everything, company, fmt):
    login(staff)
    company.industry = "Industri"
    company.employees = 42
    company.website = "https://mjosbedriften.no"
    company.save()
    response = client.post(EXPORT_URL, {"format": FORMATS[fmt], **{f"companyresource_{f}": "on" for f in FIELDS}})
    assert response.status_code == 200, response.content[:500]
    content = b"".join(response) if response.streaming else response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        header, first = rows[0], rows[1]
        assert header[:3] == ["organisasjonsnummer", "navn", "kommune"]
        assert first[0] == company.orgnr
        assert "Kari Admin <admin@mjosbedriften.no>" in ";".join(first)
        assert "RV4: 40 timer/år" in ";".join(first)
    before = list(Company.objects.order_by("pk").values())
    upload = SimpleUploadedFile(f"medlemmer.{fmt}", content)
    result = preview(client, upload, fmt).context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == Company.objects.filter(status="active").count()
    assert list(Company.objects.order_by("pk").values()) == before


FIELDS = [
    "orgnr",
    "name",
    "municipality",
    "industry_code",
    "industry",
    "employees",
    "visiting_address",
    "postal_code",
    "postal_place",
    "website",
    "show_in_directory",
    "status",
    "representatives",
    "commitments",
]
