"""The company list at scale: Django's rows, cheaper; filter choices and the count from the cache."""

import re

import pytest

from members import services
from members.models import Company, Representative
from plans.models import Municipality
from tests.factories import make_company, make_user

URL = "/admin/members/company/"


@pytest.fixture
def companies(seeded):
    """Companies with every kind of cell: no municipality, blank industry, markup in the name."""
    toten = Municipality.objects.get(number="3442")
    return [
        make_company("999999980", "Mjøsbedriften AS", industry="Bygg & anlegg"),
        make_company("999999972", "<b>Totenbedriften</b> AS", status=Company.Status.APPLICANT, industry="   "),
        Company.objects.create(orgnr="999999964", name="Uten kommune AS", status="resigned", industry="IKT"),
        Company.objects.create(orgnr="999999956", name="Lillebedrift AS", status="active", municipality=toten),
    ]


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    assert select, f"no {name} drop-down"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_regression_the_rows_are_djangos_own(client, login, staff, companies):
    """No re-rendering of the admin's rows through private APIs: Django's own template and tags."""
    response = login(staff).get(URL + "?status=all")
    assert "admin/change_list_results.html" in [t.name for t in response.templates]
    assert len(response.context["cl"].result_list) == 4


def test_the_rows_escape_what_companies_typed(client, login, staff, companies):
    html = login(staff).get(URL + "?status=all").content.decode()
    assert "&lt;b&gt;Totenbedriften&lt;/b&gt; AS" in html
    assert "<b>Totenbedriften</b>" not in html
    assert "Bygg &amp; anlegg" in html


def test_the_municipality_filter_offers_the_municipalities_with_companies(client, login, staff, companies):
    html = login(staff).get(URL).content.decode()
    assert options(html, "municipality") == ["Alle", "Gjøvik (3407)", "Østre Toten (3442)", "-"]
    assert Municipality.objects.count() == 5  # the three others have no companies and are not offered
    assert options(html, "industry") == ["Alle", "Bygg &amp; anlegg", "IKT"]
    assert options(html, "workgroup")[:3] == ["Alle", "Stor-kommune", "RV4"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?status=all&municipality={toten}", ["Lillebedrift AS"]),
        ("?status=all&municipality=none", ["Uten kommune AS"]),
        (
            "?status=all&municipality=",
            ["<b>Totenbedriften</b> AS", "Lillebedrift AS", "Mjøsbedriften AS", "Uten kommune AS"],
        ),
        ("?status=all&municipality=abc", []),
        ("?status=all&industry=IKT", ["Uten kommune AS"]),
        ("?status=all&workgroup=abc", []),
        ("?municipality={toten}", ["Lillebedrift AS"]),
    ],
)
def test_the_drop_down_filters_filter(client, login, staff, companies, query, names):
    toten = Municipality.objects.get(number="3442").pk
    response = login(staff).get(URL + query.format(toten=toten))
    assert response.status_code == 200
    assert [c.name for c in response.context["cl"].result_list] == names


def test_the_drop_down_keeps_the_rest_of_the_list_and_shows_the_choice(client, login, staff, companies):
    toten = Municipality.objects.get(number="3442").pk
    html = login(staff).get(f"{URL}?status=all&q=AS&industry=IKT&municipality={toten}&o=2").content.decode()
    form = re.search(r'<form method="get" class="select-filter">(.*?)</form>', html, re.S).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert hidden == {"status": "all", "q": "AS", "industry": "IKT", "o": "2"}
    assert f'<option value="{toten}" selected>Østre Toten (3442)</option>' in form
    assert '<option value="" selected>' not in form


def test_the_drop_downs_show_counts_when_asked(client, login, staff, companies):
    html = login(staff).get(URL + "?status=all&_facets=1").content.decode()
    assert "Gjøvik (3407) (2)" in options(html, "municipality")
    assert "IKT (1)" in options(html, "industry")


def test_a_new_company_shows_in_the_filters_and_the_count(client, login, staff, companies):
    login(staff)
    assert client.get(URL).context["cl"].result_count == 2
    vestre_toten = Municipality.objects.get(number="3443")
    Company.objects.create(
        orgnr="999999948", name="Raufossbedriften AS", status="active", industry="Reiseliv", municipality=vestre_toten
    )
    response = client.get(URL)
    assert response.context["cl"].result_count == 3
    html = response.content.decode()
    assert "Vestre Toten (3443)" in options(html, "municipality")
    assert "Reiseliv" in options(html, "industry")


def test_a_status_change_through_the_lifecycle_moves_the_count(client, login, staff, companies):
    login(staff)
    assert client.get(URL).context["cl"].result_count == 2
    services.membership_resign(company=companies[0], changed_by=staff, note="", base_url="http://testserver/")
    assert client.get(URL).context["cl"].result_count == 1


def test_the_workgroup_filters_find_the_companies_taking_part(client, login, staff, participation, other_company, rv4):
    login(staff)

    def names(query):
        return [c.name for c in client.get(URL + query).context["cl"].result_list]

    assert names(f"?workgroup={rv4.pk}") == ["Mjøsbedriften AS"]
    assert names("?obligation=met") == ["Mjøsbedriften AS"]
    assert names("?obligation=missing") == ["Totenbedriften AS"]
    assert names("?obligation=") == ["Mjøsbedriften AS", "Totenbedriften AS"]


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("lille", ["Lillebedrift AS"]),  # the company's name
        ("99999996", ["Uten kommune AS"]),  # its organisation number
        ("nordmann", ["Lillebedrift AS"]),  # a person's name
        ("@MJOS.example", ["Mjøsbedriften AS"]),  # a person's e-mail address, any case
        ("ola lille", ["Lillebedrift AS"]),  # every term, each in one of the fields
        ("ola mjøs", ["Mjøsbedriften AS"]),
        ('"ola nordmann"', ["Lillebedrift AS"]),  # a quoted phrase is one term
        ("ola toten", []),
    ],
)
def test_the_search_finds_companies_by_their_own_fields_and_their_people(
    client, login, staff, companies, search, names
):
    people = (
        (companies[3], "Ola Nordmann", "ola@lille.example"),
        (companies[0], "Ola Mjøs", "ola@mjos.example"),
        (companies[0], "Kari Mjøs", "kari@mjos.example"),
    )
    for company, name, email in people:
        Representative.objects.create(user=make_user(email, name=name), company=company)
    cl = login(staff).get(URL, {"status": "all", "q": search}).context["cl"]
    assert [c.name for c in cl.result_list] == names  # two matching people, still one row
    assert cl.result_count == len(names)
