import pytest

from members.models import Company
from tests.factories import make_company, orgnrs
from tests.utils import count_queries

URL = "/medlemmer/"


def make_members(count: int, **extra):
    return [
        make_company(number, f"Medlem {i:03d} AS", industry="Industri", **extra)
        for i, number in enumerate(orgnrs(count, start=93_000_000))
    ]


def test_it_lists_active_members_that_allow_it_with_industry_municipality_and_website(client, seeded):
    make_company("912345602", "Synlig AS", industry="Programmeringstjenester", website="https://synlig.no")
    make_company("912345610", "Skjult AS", show_in_directory=False)
    make_company("912345629", "Søker AS", status=Company.Status.APPLICANT)
    make_company("912345637", "Utmeldt AS", status=Company.Status.RESIGNED)
    html = client.get(URL).content.decode()
    assert "Synlig AS" in html and "Programmeringstjenester" in html and "Gjøvik" in html
    assert 'href="https://synlig.no"' in html
    for hidden in ("Skjult AS", "Søker AS", "Utmeldt AS"):
        assert hidden not in html


def test_it_is_ordered_by_name_and_paginated_by_twenty(client, seeded):
    make_members(25)
    first = client.get(URL)
    names = [company.name for company in first.context["page"].object_list]
    assert names == sorted(names) and len(names) == 20
    assert "25 medlemsbedrifter" in first.content.decode()
    second = client.get(URL, {"side": "2"})
    assert [c.name for c in second.context["page"].object_list] == [f"Medlem {i:03d} AS" for i in range(20, 25)]


def test_it_searches_name_and_industry_and_keeps_the_search_when_paging(client, seeded):
    make_members(22)
    make_company("912345602", "Mjøsløftet AS", industry="Programmeringstjenester")
    assert [c.name for c in client.get(URL, {"q": "mjøsløft"}).context["page"].object_list] == ["Mjøsløftet AS"]
    assert [c.name for c in client.get(URL, {"q": "programmering"}).context["page"].object_list] == ["Mjøsløftet AS"]
    html = client.get(URL, {"q": "industri"}).content.decode()
    assert "?q=industri&amp;side=2" in html


@pytest.mark.parametrize("query", ["finnes-ikke", "a\x00b", "<script>", "x" * 500])
def test_a_search_without_hits_says_so(client, seeded, query):
    make_company("912345602", "Mjøsløftet AS")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "Ingen medlemsbedrifter passer til" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_a_page_that_does_not_exist_is_404(client, seeded):
    """As Django's ListView answers: each page has one address, so the cache keeps real pages only."""
    make_members(3)
    assert client.get(URL, {"side": "1"}).status_code == 200
    assert client.get(URL, {"side": "abc"}).status_code == 404
    assert client.get(URL, {"side": "999"}).status_code == 404


def test_the_query_count_is_the_same_for_ten_and_sixty_members(client, seeded):
    # Guards the N+1 of loading each company's municipality.
    make_members(10)
    ten = count_queries(client, URL)
    for i, number in enumerate(orgnrs(50, start=92_000_000)):
        make_company(number, f"Flere {i:03d} AS")
    assert count_queries(client, URL) == ten


def test_the_home_page_links_to_the_application_and_the_nav_to_the_members(client, seeded):
    html = client.get("/").content.decode()
    assert '<a class="button button-secondary" href="/bli-medlem/">Bli medlem</a>' in html
    assert '<a href="/medlemmer/">Medlemmer</a>' in html
