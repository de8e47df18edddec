"""The printable annual report for the municipal councils."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Indicator, Municipality, Observation
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_the_strategy_page_links_to_the_reports(client, seeded):
    html = client.get(reverse("plans:strategy")).content.decode()
    for year in range(2021, 2026):
        assert f'href="{reverse("plans:report", args=[year])}"' in html


def test_the_2025_report_has_one_section_per_target_with_verdict_chart_table_and_sources(client, seeded):
    response = client.get(reverse("plans:report", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="report-section report-target"') == 4
    population = html.split('id="target-folketall"')[1].split('class="report-section')[0]
    assert "Delvis nådd" in population
    assert "Fra 70\xa0885 i 2021 til 71\xa0792 i 2025" in population
    assert 'role="img"' in population  # the chart
    assert population.count("SSB tabell 07459") == 35  # 2019–2025 × 5 municipalities, each with its source
    assert "<td>2026</td>" not in population and "<td>2025</td>" in population  # later years are left out
    assert "github.com/niphr/csdata" in population and "lagret " in population
    assert "Måles ikke ennå" in html.split('id="target-etableringer"')[1]
    assert "«torsdag 4. mars» – kilden oppgir ikke årstall" in html
    assert "@media print" not in html  # the print stylesheet is in site.css, not inline (CSP)


def test_an_earlier_years_report_judges_during_the_period(client, seeded):
    html = client.get(reverse("plans:report", args=[2023])).content.decode()
    population = html.split('id="target-folketall"')[1].split('class="report-section')[0]
    assert "Nådd" not in population and "Ikke nådd" not in population
    assert "Ikke i rute" in population  # Østre Toten and Nordre Land below 2021 in 2023


@pytest.mark.parametrize("year", [2019, 2020, 2027, 2100])
def test_no_report_outside_the_plan_years_that_have_begun(client, seeded, year):
    assert client.get(reverse("plans:report", args=[year])).status_code == 404


def test_report_query_count_is_the_same_with_more_data(client, seeded):
    # Guards against a query per target, municipality or figure in the report's sections and tables.
    url = reverse("plans:report", args=[2025])
    small = count_queries(client, url)
    indicator = Indicator.objects.get(code="private_sector_jobs")
    for year in range(1990, 2026):
        for municipality in Municipality.objects.filter(in_region=True):
            Observation.objects.update_or_create(
                indicator=indicator, municipality=municipality, year=year, defaults={"value": Decimal(1000 + year)}
            )
    assert count_queries(client, url) == small
