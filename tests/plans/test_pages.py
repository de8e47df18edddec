import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import ImportBatch, Indicator, Municipality, Observation, StrategicPlan
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


def test_strategy_page_gives_the_population_verdict_on_the_real_baseline(client, seeded):
    # Today is after the plan period (2021–2025): verdicts are final, never «i rute».
    html = client.get(reverse("plans:strategy")).content.decode()
    card = html.split('<li class="card target-card">')[1]
    assert "Delvis nådd" in card
    assert "Fra 70\xa0885 i 2021 til 71\xa0792 i 2025 (+907, +1,28 %)" in card
    assert "Østre Toten (14\xa0871 → 14\xa0827) og Nordre Land (6\xa0581 → 6\xa0544)" in card
    assert "I rute" not in html and "Ikke i rute" not in html


def test_every_part_of_every_target_is_listed_and_unmeasured_parts_say_so(client, seeded):
    html = client.get(reverse("plans:strategy")).content.decode()
    for part in ("Økt folketall med 1 %", "+700 personer", "Ingen kommune med nedgang", "Økt etableringsfrekvens"):
        assert part in html
    assert "Flere nye og store bedriftsetableringer" in html
    assert "Måles ikke ennå: ingen indikator måler «flere nye og store bedriftsetableringer» ennå." in html
    assert "Ikke nok data: tallet for 2020 (basisåret) mangler" in html  # private jobs: no baseline


def test_transport_target_counts_only_sourced_projects_and_shows_each_source(client, seeded):
    html = client.get(reverse("plans:strategy")).content.decode()
    assert "Av 3 prosjekter med bekreftet status er 2 vedtatt og 0 bekreftet igangsatt" in html
    assert "1 prosjekt har ingen bekreftet status og telles ikke med" in html
    assert "«torsdag 4. mars» – kilden oppgir ikke årstall" in html
    assert "Status ikke bekreftet" in html
    assert "Andre vedtak som betyr noe for regionen" in html and "Moelv" in html


def test_home_shows_each_target_status_and_sentence(client, seeded):
    html = client.get("/").content.decode()
    assert html.count('class="target-sentence"') == 4
    assert "Delvis nådd" in html and "Ikke nok data" in html


def test_target_page_table_lists_every_observation_with_its_table_and_where_it_was_read(client, seeded):
    response = client.get(reverse("plans:target", args=["folketall"]))
    html = response.content.decode()
    observations = Observation.objects.filter(indicator__code="population_1jan").select_related("municipality")
    rows = response.context["rows"]
    municipal = [(r.year, r.name, r.value, r.source_url) for r in rows if not r.is_region]
    assert sorted(municipal) == sorted((o.year, o.municipality.name, o.value, o.source_url) for o in observations)
    for obs in observations:
        assert f'href="{obs.source_url}"' in html
        assert obs.source == "SSB tabell 07459" and obs.table_id == "07459"
    assert "github.com/folkehelseinstituttet/fhidata" in html and "github.com/niphr/csdata" in html
    region = {r.year: r.value for r in rows if r.is_region}
    assert sorted(region) == list(range(2019, 2027))
    assert region[2021] == Decimal(70885) and region[2025] == Decimal(71792) and region[2026] == Decimal(72000)
    assert "Sist oppdatert" in html
    assert 'class="chart-target" data-year="2025"' in html
    assert "rull sideveis" in html  # the scroll hint for phones


def test_nothing_is_labelled_ssb_that_was_not_read_from_ssb_or_an_ssb_extract(client, seeded):
    extracts = ("https://github.com/folkehelseinstituttet/fhidata/", "https://github.com/niphr/csdata/")
    for obs in Observation.objects.all():
        if "SSB" in obs.source:
            assert obs.source_url.startswith(extracts), obs
        else:
            assert obs.table_id == "", obs
    assert not Indicator.objects.filter(source__contains="SSB").exclude(code="population_1jan").exists()


def test_value_axis_starts_at_zero(client, seeded):
    html = client.get(reverse("plans:target", args=["folketall"])).content.decode()
    chart = html.split('<svg class="chart"')[1].split("</svg>")[0]
    y_ticks = re.findall(
        r'<text class="chart-tick" x="[\d.]+" y="([\d.]+)" text-anchor="end"[^>]*>([^<]+)</text>', chart
    )
    lowest = max(y_ticks, key=lambda tick: float(tick[0]))  # SVG y grows downwards
    assert lowest[1] == "0"
    assert "Verdiaksen starter på null." in chart


def test_adoption_is_shown_per_municipality(client, seeded):
    plan = StrategicPlan.objects.current()
    gjovik = Municipality.objects.get(number="3407")
    plan.adoptions.create(municipality=gjovik, adopted=True, adopted_on="2021-06-17", case_reference="21/123")
    html = client.get(reverse("plans:strategy")).content.decode()
    assert "21/123" in html and "17. juni 2021" in html


JSON_2021 = json.dumps(
    {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning, etter region, statistikkvariabel og år",
        "source": "Statistisk sentralbyrå",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [1, 1, 1],
        "dimension": {
            "Region": {"category": {"index": {"K-3407": 0}, "label": {"K-3407": "Gjøvik"}}},
            "ContentsCode": {"category": {"index": {"Personer1": 0}, "label": {"Personer1": "Personer"}}},
            "Tid": {"category": {"index": {"2021": 0}, "label": {"2021": "2021"}}},
        },
        "extension": {"px": {"tableid": "07459"}},
        "value": [30400],
    }
)


def test_secretariat_previews_then_confirms_an_upload_as_a_batch(client, seeded, secretariat, login):
    login(secretariat)
    url = reverse("admin:plans_observation_import")
    indicator = Indicator.objects.get(code="population_1jan")
    upload = SimpleUploadedFile("svar.json", JSON_2021.encode())
    preview = client.post(url, {"file": upload, "indicator": indicator.pk})
    assert preview.status_code == 200
    assert "Endret: Gjøvik 2021 30\xa0395 → 30\xa0400" in preview.content.decode()
    assert Observation.objects.get(year=2021, municipality__number="3407", indicator=indicator).value == 30395
    assert not ImportBatch.objects.exists()
    done = client.post(url, {"payload": preview.context["payload"]})
    batch = ImportBatch.objects.get()
    assert done.status_code == 302 and done.url == reverse("admin:plans_importbatch_change", args=[batch.pk])
    assert (batch.created_by, batch.kind, batch.table_id, batch.measure) == (
        "sekretariat@invekst.no",
        "upload",
        "07459",
        "Personer1",
    )
    assert batch.file_name == "svar.json" and len(batch.file_sha256) == 64
    assert (batch.added, batch.changed, batch.skipped) == (0, 1, 0)
    assert Observation.objects.get(year=2021, municipality__number="3407", indicator=indicator).value == 30400


def test_a_mismatched_upload_is_refused_next_to_the_field_naming_table_and_measure(client, seeded, secretariat, login):
    login(secretariat)
    indicator = Indicator.objects.get(code="population_1jan")
    indicator.table_id, indicator.measure = "07459", "Personer1"
    businesses = Indicator.objects.get(code="businesses_total")
    businesses.table_id, businesses.measure = "10308", "Bedrifter"
    businesses.save()
    upload = SimpleUploadedFile("svar.json", JSON_2021.encode())
    response = client.post(reverse("admin:plans_observation_import"), {"file": upload, "indicator": businesses.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Filen inneholder tabell 07459, statistikkvariabel Personer1, men «Antall bedrifter» er tabell 10308, "
        "statistikkvariabel Bedrifter."
    ) in html
    assert 'id="id_file_error"' in html or "errorlist" in html.split('name="file"')[0][-600:]
    assert not ImportBatch.objects.exists()
    assert not Observation.objects.filter(indicator=businesses).exists()


def test_upload_with_errors_shows_them_and_imports_nothing(client, seeded, secretariat, login):
    login(secretariat)
    url = reverse("admin:plans_observation_import")
    indicator = Indicator.objects.get(code="population_1jan")
    upload = SimpleUploadedFile("f.csv", "region;kilde;kilde_url;2021\n3407 Gjøvik;SSB;https://ssb.no;mange\n".encode())
    response = client.post(url, {"file": upload, "indicator": indicator.pk})
    assert "«mange» er ikke et tall" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_tampered_payload_is_refused(client, seeded, secretariat, login):
    login(secretariat)
    before = list(Observation.objects.values_list("pk", "value"))
    response = client.post(reverse("admin:plans_observation_import"), {"payload": "tampered"})
    assert response.status_code == 302
    assert list(Observation.objects.values_list("pk", "value")) == before
    assert not ImportBatch.objects.exists()


def test_observation_changelist_links_to_the_upload_form(client, seeded, secretariat, login):
    login(secretariat)
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
