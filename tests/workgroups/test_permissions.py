"""Every member URL × persona: anonymous → login, outsider → 404, member without the role → 403.

The outsider is the admin of another active company that does not take part in RV4.
"""

import pytest
from django.urls import reverse

from workgroups.models import Commitment, MeetingResponse, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(company_admin, company_member, outsider, secretariat, participating, meeting, colleague):
    return {
        "commitment": participating.commitment,
        "participant": participating,
        "meeting": meeting,
        "users": {
            "admin": company_admin,
            "member": company_member,
            "outsider": outsider,
            "secretariat": secretariat,
        },
    }


def _urls(world):
    c, p, m = world["commitment"].pk, world["participant"].pk, world["meeting"].pk
    return {
        "index": reverse("workgroups-member:index"),
        "commitment": reverse("workgroups-member:commitment", args=[c]),
        "end": reverse("workgroups-member:commitment-end", args=[c]),
        "add": reverse("workgroups-member:participant-add", args=[c]),
        "remove": reverse("workgroups-member:participant-remove", args=[c, p]),
        "signup": reverse("workgroups-member:participant-signup", args=[c]),
        "room": reverse("workgroups-member:room", args=["rv4"]),
        "rsvp": reverse("workgroups-member:meeting-rsvp", args=["rv4", m]),
        "ics": reverse("workgroups-member:meeting-calendar", args=["rv4", m]),
        "feed": reverse("workgroups-member:calendar", args=["rv4"]),
    }


# (url name, method, persona) -> expected status. 302 to the page itself after a POST is success.
MATRIX = [
    ("index", "get", "admin", 200),
    ("index", "get", "member", 200),
    ("index", "get", "outsider", 200),  # sees its own company's page, not ours
    ("index", "get", "secretariat", 404),  # staff without a company have no member page
    ("commitment", "get", "admin", 200),
    ("commitment", "get", "member", 200),
    ("commitment", "get", "outsider", 404),
    ("commitment", "get", "secretariat", 404),
    ("commitment", "post", "member", 403),
    ("commitment", "post", "outsider", 404),
    ("end", "get", "admin", 200),
    ("end", "get", "member", 403),
    ("end", "get", "outsider", 404),
    ("end", "post", "member", 403),
    ("end", "post", "outsider", 404),
    ("add", "get", "admin", 405),
    ("add", "post", "member", 403),
    ("add", "post", "outsider", 404),
    ("remove", "post", "member", 403),
    ("remove", "post", "outsider", 404),
    ("signup", "post", "outsider", 404),
    ("signup", "get", "member", 405),
    ("room", "get", "admin", 200),
    ("room", "get", "member", 403),
    ("room", "get", "outsider", 403),
    ("room", "get", "secretariat", 200),
    ("rsvp", "post", "member", 403),
    ("rsvp", "post", "outsider", 403),
    ("rsvp", "get", "admin", 405),
    ("ics", "get", "admin", 200),
    ("ics", "get", "outsider", 403),
    ("ics", "get", "secretariat", 200),
    ("feed", "get", "admin", 200),
    ("feed", "get", "member", 403),
    ("feed", "get", "secretariat", 200),
]


@pytest.mark.parametrize(("name", "method", "persona", "expected"), MATRIX)
def test_permission_matrix(client, login, world, name, method, persona, expected):
    url = _urls(world)[name]
    response = getattr(login(world["users"][persona]), method)(url, {"answer": "yes", "hours_per_year": "1"})
    assert response.status_code == expected
    if expected in (403, 404, 405):
        # Nothing was written by a refused request.
        assert Commitment.objects.count() == 1
        assert Commitment.objects.get().end_date is None
        assert Commitment.objects.get().hours_per_year == 40
        assert Participant.objects.filter(left_at__isnull=True).count() == 1
        assert not MeetingResponse.objects.exists()


@pytest.mark.parametrize(
    "name", ["index", "commitment", "end", "add", "remove", "signup", "room", "rsvp", "ics", "feed"]
)
def test_anonymous_goes_to_login(client, world, name):
    url = _urls(world)[name]
    response = client.post(url) if name in ("add", "remove", "signup", "rsvp") else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
