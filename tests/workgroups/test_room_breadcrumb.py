"""The room's breadcrumb «Arbeidsgrupper» leads somewhere that opens for whoever sees the room."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOM = reverse("workgroups-member:room", args=["rv4"])


def _breadcrumb(body: str) -> str:
    match = re.search(r'<p class="breadcrumb"><a href="([^"]+)">Arbeidsgrupper</a>', body)
    assert match, "the room has no «Arbeidsgrupper» breadcrumb"
    return match.group(1).replace("&amp;", "&")


def test_the_secretariat_goes_back_to_its_workgroup_list(login, secretariat, participating):
    client = login(secretariat)
    room = client.get(ROOM)
    assert room.status_code == 200
    target = _breadcrumb(room.content.decode())
    assert client.get(target).status_code == 200


def test_a_participant_goes_back_to_the_company_s_workgroups(login, company_admin, participating):
    client = login(company_admin)
    target = _breadcrumb(client.get(ROOM).content.decode())
    response = client.get(target)
    assert response.status_code == 200
    assert "Mjøsbedriften AS" in response.content.decode()
