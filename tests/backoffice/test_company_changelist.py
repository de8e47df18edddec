"""The company list at scale: Django's rows, cheaper; filter choices and the count from the cache."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members import services
from members.models import Company, Representative
from plans.models import Municipality
from plans.templatetags.lean_admin import lean_rows
from tests.conftest import make_company, make_user

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


@pytest.mark.parametrize(
    "query",
    ["", "?status=all", "?status=all&o=-2.1&municipality=none", "?status=all&q=AS&industry=IKT"],
)
def test_the_lean_rows_are_djangos_rows_to_the_byte(client, login, staff, companies, query):
    cl = login(staff).get(URL + query).context["cl"]
    with translation.override("nb"):
        ours = lean_rows(cl)
        django = [[*cells] for cells in results(cl)]
    assert ours is not None, "the company list fell back to Django's renderer"
    assert ["".join(row) for row in ours] == ["".join(cells) for cells in django]
    assert len(ours) == len(cl.result_list) > 0


def test_the_checkbox_is_djangos_checkbox(companies):
    model_admin = admin.site._registry[Company]
    with translation.override("nb"):
        for company in companies:
            assert model_admin.action_checkbox(company) == admin.ModelAdmin.action_checkbox(model_admin, company)


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


def test_a_repeat_view_reads_filters_and_count_from_the_cache(client, login, staff, companies):
    login(staff).get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    tables = {table for query in ctx.captured_queries for table in re.findall(r'FROM "(\w+)"', query["sql"])}
    # The session, the user and their permissions, and the page of companies: nothing for
    # the filters (municipalities in use, industries, workgroups) and no COUNT.
    assert tables <= {"django_session", "members_user", "auth_permission", "auth_group", "members_company"}
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"] or "DISTINCT" in q["sql"]]


def test_a_committed_change_shows_in_the_filters_and_the_count(
    client, login, staff, companies, django_capture_on_commit_callbacks
):
    login(staff)
    assert client.get(URL).context["cl"].result_count == 2
    vestre_toten = Municipality.objects.get(number="3443")
    with django_capture_on_commit_callbacks(execute=True):
        Company.objects.create(
            orgnr="999999948",
            name="Raufossbedriften AS",
            status="active",
            industry="Reiseliv",
            municipality=vestre_toten,
        )
    response = client.get(URL)
    assert response.context["cl"].result_count == 3
    html = response.content.decode()
    assert "Vestre Toten (3443)" in options(html, "municipality")
    assert "Reiseliv" in options(html, "industry")


def test_an_uncommitted_change_is_not_seen_so_the_cache_is_what_answers(client, login, staff, companies):
    login(staff)
    client.get(URL)
    make_company("999999948", "Raufossbedriften AS", industry="Reiseliv")  # no commit, so no version bump
    response = client.get(URL)
    assert response.context["cl"].result_count == 2
    assert "Reiseliv" not in options(response.content.decode(), "industry")


def test_a_status_change_through_the_lifecycle_moves_the_count(
    client, login, staff, companies, django_capture_on_commit_callbacks
):
    login(staff)
    assert client.get(URL).context["cl"].result_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_resign(company=companies[0], changed_by=staff, note="", base_url="http://testserver/")
    assert client.get(URL).context["cl"].result_count == 1


def test_a_search_is_counted_afresh(client, login, staff, companies):
    person = make_user("ola@lillebedrift.no", name="Ola Nordmann")
    Representative.objects.create(user=person, company=companies[3])
    login(staff)
    assert client.get(URL + "?status=all&q=Nordmann").context["cl"].result_count == 1
    person.name = "Ola Hansen"
    person.save()  # not committed in this test, so no version bump
    assert client.get(URL + "?status=all&q=Nordmann").context["cl"].result_count == 0


def test_the_workgroup_filters_find_the_companies_taking_part(client, login, staff, participation, other_company, rv4):
    login(staff)

    def names(query):
        return [c.name for c in client.get(URL + query).context["cl"].result_list]

    assert names(f"?workgroup={rv4.pk}") == ["Mjøsbedriften AS"]
    assert names("?obligation=met") == ["Mjøsbedriften AS"]
    assert names("?obligation=missing") == ["Totenbedriften AS"]
    assert names("?obligation=") == ["Mjøsbedriften AS", "Totenbedriften AS"]


def actions(response) -> str:
    return re.search(r'<div class="actions">.*?</div>', response.content.decode(), re.S).group(0)


def test_the_action_drop_down_comes_from_the_cache_per_set_of_actions(client, login, staff, superuser, companies):
    login(staff)
    first = actions(client.get(URL))
    assert actions(client.get(URL)) == first
    assert '<option value="approve_selected">Godkjenn valgte søknader</option>' in first
    assert "delete_selected" not in first  # the secretariat may not delete companies
    cache.clear()
    assert actions(client.get(URL)) == first  # the same when rendered afresh
    login(superuser)
    assert 'value="delete_selected"' in actions(client.get(URL))  # another set of actions, another entry


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
