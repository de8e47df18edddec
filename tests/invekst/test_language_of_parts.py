"""English pages mark the secretariat's Norwegian texts lang="nb"; Norwegian pages need no mark."""

from datetime import timedelta

import pytest
from django.utils import timezone

from invekst.models import NewsPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(seeded):
    return NewsPost.objects.create(
        title="Nytt fra styret",
        slug="nytt-fra-styret",
        lead="Styret har vedtatt årsplanen.",
        body="Årsplanen legger vekt på samferdsel.",
        status=NewsPost.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )


def test_in_english_the_news_text_is_marked_norwegian(client, post):
    client.cookies["django_language"] = "en"
    body = client.get("/aktuelt/nytt-fra-styret/").content.decode()
    assert '<html lang="en">' in body
    assert '<h1 lang="nb">Nytt fra styret</h1>' in body
    assert '<p class="lead" lang="nb">Styret har vedtatt årsplanen.</p>' in body
    assert '<div lang="nb"><p>Årsplanen legger vekt på samferdsel.</p></div>' in body


def test_in_norwegian_nothing_is_marked(client, post):
    body = client.get("/aktuelt/nytt-fra-styret/").content.decode()
    assert '<html lang="nb">' in body
    assert "<h1>Nytt fra styret</h1>" in body
    assert 'lang="nb">Nytt' not in body
