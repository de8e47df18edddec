"""Public workgroup pages: totals and coverage, never a person's name."""

import pytest

from tests.factories import grow_room, rep
from tests.utils import count_queries
from workgroups.models import Participant

pytestmark = pytest.mark.django_db


def test_detail_shows_totals_and_gaps_but_no_names(client, participating, outsider_participating, rv4_needs, colleague):
    Participant.objects.create(commitment=participating.commitment, representative=rep(colleague))
    participating.commitment.competences.set([rv4_needs[0]])
    body = client.get("/arbeidsgrupper/rv4/").content.decode()
    assert "<dt>Bedrifter</dt><dd>2</dd>" in body
    assert "<dt>Personer</dt><dd>3</dd>" in body
    assert "<dt>Timer per år</dt><dd>50</dd>" in body
    assert "Kompetansedekning" in body
    assert "Mangler" in body and "Dekket" in body
    for name in ("Kari Admin", "Kari Kollega", "Per Utenfor", "@mjosbedriften.no", "Logistikk"):
        assert name not in body


def test_list_shows_totals_per_workgroup(client, participating, rv4_needs):
    body = client.get("/arbeidsgrupper/").content.decode()
    assert "<dt>Personer</dt><dd>1</dd>" in body
    assert "3 kompetansebehov er ikke dekket ennå" in body
    assert "Kari Admin" not in body


@pytest.mark.parametrize("url", ["/arbeidsgrupper/", "/arbeidsgrupper/rv4/"])
def test_public_query_count_is_flat_with_commitments(client, rv4, url):
    # Guards against a query per commitment, participant or competence on public pages.
    grow_room(rv4, 3)
    small = count_queries(client, url)
    grow_room(rv4, 30)
    assert count_queries(client, url) == small
