"""Every URL of the members app × every persona: others' objects 404, a missing role 403."""

import pytest

from members import services
from members.models import Company, Invitation, Representative
from tests.members.conftest import recorded

PERSONAS = ["anonymous", "outsider", "company_member", "company_admin", "secretariat"]
LOGIN = "login"  # a redirect to the login page (or the admin's)


@pytest.fixture
def world(company, company_admin, company_member, outsider, secretariat_staff, register):
    register.replies["912345602"] = recorded(200)
    Company.objects.filter(pk=company.pk).update(status=Company.Status.APPLICANT)
    invitation = Invitation.objects.create(company=company, email="ny@mjosbedriften.no", invited_by=company_admin)
    member_rep = Representative.objects.get(user=company_member)
    return {
        "company": company.pk,
        "member_rep": member_rep.pk,
        "invitation": invitation.pk,
        "token": services.invitation_token(invitation),
        "users": {
            "outsider": outsider,
            "company_member": company_member,
            "company_admin": company_admin,
            "secretariat": secretariat_staff,
        },
    }


# (method, url template, data, expected status per persona in PERSONAS order)
CASES = [
    ("get", "/bli-medlem/", {}, [LOGIN, 200, 200, 200, 200]),
    ("get", "/bli-medlem/oppslag/?orgnr=912345602", {}, [LOGIN, 200, 200, 200, 200]),
    ("get", "/medlemmer/", {}, [200, 200, 200, 200, 200]),
    ("get", "/min-side/", {}, [LOGIN, 200, 200, 200, 200]),
    ("get", "/min-side/bedrift/?bedrift={company}", {}, [LOGIN, 404, 200, 200, 404]),
    ("post", "/min-side/bedrift/", {"bedrift": "{company}", "name": "Nytt navn AS"}, [LOGIN, 404, 403, 302, 404]),
    ("get", "/min-side/kolleger/?bedrift={company}", {}, [LOGIN, 404, 200, 200, 404]),
    (
        "post",
        "/min-side/kolleger/inviter/",
        {"bedrift": "{company}", "email": "x@mjosbedriften.no", "role": "member"},
        [LOGIN, 404, 403, 403, 404],  # the company is an applicant here: invitations wait for approval
    ),
    ("post", "/min-side/kolleger/{member_rep}/rolle/", {"role": "admin"}, [LOGIN, 404, 403, 302, 404]),
    ("get", "/min-side/kolleger/{member_rep}/fjern/", {}, [LOGIN, 404, 403, 200, 404]),
    ("post", "/min-side/kolleger/{member_rep}/fjern/", {}, [LOGIN, 404, 403, 302, 404]),
    ("post", "/min-side/invitasjoner/{invitation}/trekk-tilbake/", {}, [LOGIN, 404, 403, 302, 404]),
    # Only the invited address may accept; the anonymous visitor is sent to sign up.
    ("get", "/min-side/invitasjon/{token}/", {}, [302, 403, 403, 403, 403]),
    ("get", "/admin/members/company/{company}/membership/approve/", {}, [LOGIN, LOGIN, LOGIN, LOGIN, 200]),
    ("get", "/admin/members/company/{company}/membership/reject/", {}, [LOGIN, LOGIN, LOGIN, LOGIN, 200]),
]


@pytest.mark.parametrize("persona_index", range(len(PERSONAS)), ids=PERSONAS)
@pytest.mark.parametrize(("method", "url", "data", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_permission_matrix(client, login, world, persona_index, method, url, data, expected):
    persona = PERSONAS[persona_index]
    if persona != "anonymous":
        login(world["users"][persona])
    url = url.format(**world)
    data = {key: value.format(**world) for key, value in data.items()}
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    want = expected[persona_index]
    if want == LOGIN:
        assert response.status_code == 302, f"{persona} {method} {url}: {response.status_code}"
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == want, f"{persona} {method} {url}: {response.status_code}"


@pytest.mark.parametrize(
    "url",
    [
        "/min-side/kolleger/inviter/",
        "/min-side/kolleger/1/rolle/",
        "/min-side/invitasjoner/1/trekk-tilbake/",
    ],
)
def test_state_changes_refuse_get(client, login, company_admin, url):
    assert login(company_admin).get(url).status_code == 405


def test_writes_need_the_csrf_token(company_admin, company_member, company):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(company_admin, backend="django.contrib.auth.backends.ModelBackend")
    member_rep = Representative.objects.get(user=company_member)
    assert client.post(f"/min-side/kolleger/{member_rep.pk}/rolle/", {"role": "admin"}).status_code == 403
    member_rep.refresh_from_db()
    assert member_rep.role == "member"
