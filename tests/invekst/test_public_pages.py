import pytest
from django.urls import reverse

from invekst.models import NewsPost

pytestmark = pytest.mark.django_db

# (url name, args, a piece of seed content the page must show)
PUBLIC_PAGES = [
    ("home", [], "Gjøvikregionen er den mest attraktive bo- og etableringsregionen i Innlandet!"),
    ("plans:strategy", [], "Økt folketall med 1 % (+700 personer), og ingen kommune med nedgang"),
    ("plans:target", ["folketall"], "Økt folketall med 1 %"),
    ("about", [], "Attraktiv møteplass for de mest sentrale aktører i næringslivet"),
    ("workgroups:list", [], "NTNU/Fagskole"),
    ("workgroups:detail", ["rv4"], "RV4"),
    ("news-list", [], "Næringslaget INVEKST"),
    ("contact", [], "line@gjovikby.no"),
    ("privacy", [], "line@gjovikby.no"),
    ("accessibility", [], "WCAG 2.1"),
]

CHROME = {
    "nb": ["Hopp til hovedinnholdet", "Arbeidsgrupper", "Personvernerklæring"],
    "en": ["Skip to main content", "Workgroups", "Privacy statement"],
}


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(("name", "args", "content"), PUBLIC_PAGES)
def test_public_page_shows_seed_content_in_both_languages(client, seeded, name, args, content, language):
    response = client.get(reverse(name, args=args), headers={"accept-language": language})
    assert response.status_code == 200
    html = response.content.decode()
    assert content in html
    assert f'<html lang="{language}">' in html
    for text in CHROME[language]:
        assert text in html


def test_strategy_page_shows_plan_facts(client, seeded):
    html = client.get(reverse("plans:strategy")).content.decode()
    for text in [
        "Strategisk plan for Gjøvikregionen 2021–2025",
        "under arbeid",
        "Ikt/cyber",
        "Bionæringer",
        "erstatter altså ikke behovet for bredere kommunale næringsplaner",
        "vedtas i hvert kommunestyre",
        "Årlig vekst på 0,5 % i arbeidsplasser i privat sektor",
        "Samferdsels- og infrastrukturprosjekter som reduserer reisetid",
        "Østre Toten (3442)",
        "Nordre Land (3448)",
    ]:
        assert text in html


def test_language_switcher_link_sets_english_and_back(client, seeded):
    html = client.get("/om-oss/").content.decode()
    assert 'href="/i18n/sprak/en/?next=/om-oss/"' in html
    response = client.get("/i18n/sprak/en/", {"next": "/om-oss/"})
    assert response.status_code == 302
    assert response["Location"] == "/om-oss/"
    assert "About Næringslaget INVEKST" in client.get("/om-oss/").content.decode()
    client.get("/i18n/sprak/nb/", {"next": "/om-oss/"})
    assert "Om Næringslaget INVEKST" in client.get("/om-oss/").content.decode()


def test_language_switcher_refuses_foreign_redirects_and_unknown_languages(client, seeded):
    client.get("/i18n/sprak/xx/", {"next": "/om-oss/"})
    assert "Om Næringslaget INVEKST" in client.get("/om-oss/").content.decode()
    response = client.get("/i18n/sprak/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_djangos_set_language_still_works(client, seeded):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/om-oss/"})
    assert response.status_code == 302
    assert "About Næringslaget INVEKST" in client.get("/om-oss/").content.decode()


def test_news_shows_published_posts_only(client, seeded):
    NewsPost.objects.create(title="Synlig nyhet", slug="synlig", lead="Ingress", body="Tekst", status="published")
    NewsPost.objects.create(title="Utkast", slug="utkast", lead="Ingress", body="Tekst", status="draft")
    html = client.get(reverse("news-list")).content.decode()
    assert "Synlig nyhet" in html
    assert "Utkast" not in html
    assert client.get(reverse("news-detail", args=["synlig"])).status_code == 200
    assert client.get(reverse("news-detail", args=["utkast"])).status_code == 404


def test_news_list_paginates(client, seeded):
    for i in range(12):
        NewsPost.objects.create(title=f"Nyhet {i}", slug=f"nyhet-{i}", lead="L", body="B", status="published")
    first = client.get(reverse("news-list")).content.decode()
    assert "Side 1 av 2" in first
    second = client.get(reverse("news-list"), {"side": 2}).content.decode()
    assert second.count('class="news-item"') == 2


def test_unknown_page_uses_the_custom_404(client, seeded):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_answers_for_any_host_name(client):
    # Load balancers probe by IP address, which is not in ALLOWED_HOSTS.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
