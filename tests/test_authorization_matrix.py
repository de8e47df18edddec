"""Authorization matrix: every URL of the portal, every persona, the expected answer.

The URL configuration is walked recursively (namespaces included). Each pattern must have
a row in MATRIX (or ACCOUNT_MATRIX for allauth's /konto/ pages), or fall under the admin
group rule; a new URL without one fails `test_every_url_pattern_has_a_row`.

A row says how to build the URL from the fixture objects (`World`), which method and data
to send, and what each persona must get: a status code, LOGIN (302 to the login page with
?next=) or Redirect(prefix). A URL that answers GET and POST differently has a row for each
(a tuple); a state change that takes POST only has a GET row expecting 405. Personas:
anonymous, outsider (admin of another company), member and admin of the company that owns
the objects, secretariat (staff in «Sekretariat», not a superuser), superuser.

Each persona's request runs in a savepoint that is rolled back, so a POST that succeeds for
one persona does not change what the next one sees. A refused request (LOGIN or 4xx) must
leave the member data as it found it, and every POST needs the CSRF token.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from events import services as event_services
from invekst.models import NewsPost
from members import services as member_services
from members.models import Company, Invitation, MembershipEvent, Representative, User
from plans.models import Target
from tests.factories import make_event, make_user
from workgroups.models import Commitment, Meeting, MeetingResponse, Participant, Workgroup

PERSONAS = ("anonymous", "outsider", "member", "admin", "secretariat", "superuser")
BACKEND = "django.contrib.auth.backends.ModelBackend"


class _Login:
    def __repr__(self):
        return "LOGIN"


LOGIN = _Login()


@dataclass(frozen=True)
class Redirect:
    """302 to a URL starting with `prefix` (a URL name, reversed at check time)."""

    to: str

    def __repr__(self):
        return f"302→{self.to}"


def expect(*, everyone=None, anonymous=None, signed_in=None, staff=None, **persona) -> dict:
    """Expected answers per persona; later, narrower arguments override broader ones."""
    answers = dict.fromkeys(PERSONAS, everyone)
    if signed_in is not None:
        answers.update(dict.fromkeys(PERSONAS[1:], signed_in))
    if staff is not None:
        answers.update(secretariat=staff, superuser=staff)
    if anonymous is not None:
        answers["anonymous"] = anonymous
    answers.update(persona)
    missing = [name for name, answer in answers.items() if answer is None]
    assert not missing, f"no expectation for {missing}"
    return answers


@dataclass
class World:
    """The objects the rows build their URLs from. They belong to `company` (member, admin)."""

    users: dict[str, User]
    company_pk: int
    member_rep: Representative
    colleague_rep: Representative
    commitment: Commitment
    admin_participation: Participant
    meeting: Meeting
    invitation: Invitation
    invitation_token: str
    news_slug: str
    target_slug: str
    workgroup_slug: str
    event_slug: str
    guest_token: str
    feed_token: str


def _none(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    expected: dict
    kwargs: Callable[[World], dict] = _none
    method: str = "get"
    data: Callable[[World], dict] = _none
    query: Callable[[World], dict] = _none


def public(**kwargs) -> Row:
    return Row(expect(everyone=200), **kwargs)


def post_only(**kwargs) -> Row:
    """A GET to a URL that changes state on POST only: refused with 405 (after the login check)."""
    return Row(expect(anonymous=LOGIN, signed_in=405), **kwargs)


def _company(world: World) -> dict:
    return {"bedrift": world.company_pk}


def _commitment(world: World) -> dict:
    return {"pk": world.commitment.pk}


# A company page: the outsider asks for the company's page (?bedrift=<pk>) and gets 404;
# secretariat and superuser represent no company, so member pages answer 404 for them too.
MEMBER_READ = expect(anonymous=LOGIN, outsider=404, member=200, admin=200, staff=404)
MEMBER_ADMIN_WRITE = expect(anonymous=LOGIN, outsider=404, member=403, admin=302, staff=404)
ROOM_READ = expect(anonymous=LOGIN, outsider=403, member=200, admin=200, staff=200)

MATRIX: dict[str, Row | tuple[Row, ...]] = {
    # The association's public pages.
    "home": public(),
    "about": public(),
    "news-list": public(),
    "news-detail": public(kwargs=lambda w: {"slug": w.news_slug}),
    "contact": public(),
    "privacy": public(),
    "accessibility": public(),
    "robots-txt": public(),
    "healthz": public(),
    "plans:strategy": public(),
    "plans:target": public(kwargs=lambda w: {"slug": w.target_slug}),
    "plans:report": public(kwargs=lambda w: {"year": 2025}),
    "workgroups:list": public(),
    "workgroups:detail": public(kwargs=lambda w: {"slug": w.workgroup_slug}),
    "members:directory": public(),
    "switch-language": Row(expect(everyone=302), kwargs=lambda w: {"code": "en"}),
    "set_language": Row(expect(everyone=302), method="post", data=lambda w: {"language": "en", "next": "/"}),
    # Membership: any signed-in person may apply; company pages through the user's companies.
    "members:apply": Row(expect(anonymous=LOGIN, signed_in=200)),
    "members:lookup": Row(expect(anonymous=LOGIN, signed_in=400), query=lambda w: {"orgnr": "123"}),
    # Anyone signed in may ask; a company with a main contact (or none at all) sends them back to apply.
    "members:main-contact-request": Row(
        expect(anonymous=LOGIN, signed_in=302), method="post", data=lambda w: {"orgnr": "123"}
    ),
    "members:dashboard": Row(expect(anonymous=LOGIN, signed_in=200)),
    "members:company": (
        Row(MEMBER_READ, query=_company),
        Row(MEMBER_ADMIN_WRITE, method="post", data=lambda w: {"bedrift": w.company_pk, "name": "Nytt navn AS"}),
    ),
    "members:colleagues": Row(MEMBER_READ, query=_company),
    "members:colleague-invite": (
        Row(
            MEMBER_ADMIN_WRITE,
            method="post",
            data=lambda w: {"email": "ny-kollega@mjosbedriften.no", "role": "member", "bedrift": w.company_pk},
        ),
        post_only(),
    ),
    "members:colleague-role": (
        Row(
            MEMBER_ADMIN_WRITE,
            kwargs=lambda w: {"pk": w.colleague_rep.pk},
            method="post",
            data=lambda w: {"role": "admin"},
        ),
        post_only(kwargs=lambda w: {"pk": w.colleague_rep.pk}),
    ),
    "members:colleague-remove": (
        Row(
            expect(anonymous=LOGIN, outsider=404, member=403, admin=200, staff=404),
            kwargs=lambda w: {"pk": w.colleague_rep.pk},
        ),
        Row(MEMBER_ADMIN_WRITE, kwargs=lambda w: {"pk": w.colleague_rep.pk}, method="post"),
    ),
    "members:invitation-cancel": (
        Row(MEMBER_ADMIN_WRITE, kwargs=lambda w: {"pk": w.invitation.pk}, method="post"),
        post_only(kwargs=lambda w: {"pk": w.invitation.pk}),
    ),
    # The link is for ny@mjosbedriften.no, who has no account: sign up; anyone else: 403.
    "members:invitation-accept": Row(
        expect(anonymous=Redirect("account_signup"), signed_in=403), kwargs=lambda w: {"token": w.invitation_token}
    ),
    # Workgroups, member side: commitments of the company; the room for participants and staff.
    "workgroups-member:index": Row(expect(anonymous=LOGIN, outsider=200, member=200, admin=200, staff=404)),
    "workgroups-member:commitment": (
        Row(MEMBER_READ, kwargs=_commitment),
        Row(MEMBER_ADMIN_WRITE, kwargs=_commitment, method="post", data=lambda w: {"hours_per_year": 1}),
    ),
    "workgroups-member:commitment-end": (
        Row(expect(anonymous=LOGIN, outsider=404, member=403, admin=200, staff=404), kwargs=_commitment),
        Row(MEMBER_ADMIN_WRITE, kwargs=_commitment, method="post"),
    ),
    "workgroups-member:participant-add": (
        Row(
            MEMBER_ADMIN_WRITE,
            kwargs=_commitment,
            method="post",
            data=lambda w: {"representative": w.colleague_rep.pk},
        ),
        post_only(kwargs=_commitment),
    ),
    # The admin's own participation: the admin may leave, a member may not remove a colleague.
    "workgroups-member:participant-remove": (
        Row(
            MEMBER_ADMIN_WRITE,
            kwargs=lambda w: {"pk": w.commitment.pk, "participant_pk": w.admin_participation.pk},
            method="post",
        ),
        post_only(kwargs=lambda w: {"pk": w.commitment.pk, "participant_pk": w.admin_participation.pk}),
    ),
    "workgroups-member:participant-signup": (
        Row(
            expect(anonymous=LOGIN, outsider=404, member=302, admin=302, staff=404),
            kwargs=_commitment,
            method="post",
        ),
        post_only(kwargs=_commitment),
    ),
    "workgroups-member:room": Row(ROOM_READ, kwargs=lambda w: {"slug": w.workgroup_slug}),
    "workgroups-member:calendar": Row(ROOM_READ, kwargs=lambda w: {"slug": w.workgroup_slug}),
    "workgroups-member:meeting-rsvp": (
        Row(
            expect(anonymous=LOGIN, outsider=403, signed_in=302),
            kwargs=lambda w: {"slug": w.workgroup_slug, "meeting_pk": w.meeting.pk},
            method="post",
            data=lambda w: {"answer": "yes"},
        ),
        post_only(kwargs=lambda w: {"slug": w.workgroup_slug, "meeting_pk": w.meeting.pk}),
    ),
    "workgroups-member:meeting-calendar": Row(
        ROOM_READ, kwargs=lambda w: {"slug": w.workgroup_slug, "meeting_pk": w.meeting.pk}
    ),
    # My data: every signed-in person has their own.
    "accounts:my-data": Row(expect(anonymous=LOGIN, signed_in=200)),
    "accounts:my-data-export": Row(expect(anonymous=LOGIN, signed_in=200)),
    "accounts:delete-account": (Row(expect(anonymous=LOGIN, signed_in=400), method="post"), post_only()),
    "accounts:account-deleted": public(),
    # Events: public pages and files; the guest form is open on an open event; members register in one click.
    "events:list": public(),
    "events:calendar": public(),
    "events:detail": public(kwargs=lambda w: {"slug": w.event_slug}),
    "events:event-calendar": public(kwargs=lambda w: {"slug": w.event_slug}),
    "events:register": public(kwargs=lambda w: {"slug": w.event_slug}),
    # Representatives of active members (the outsider's company is one too) register; staff represent none.
    "events:member-register": Row(
        expect(anonymous=LOGIN, signed_in=302, staff=403), kwargs=lambda w: {"slug": w.event_slug}, method="post"
    ),
    # Only the member is registered: the others have nothing to cancel.
    "events:member-cancel": Row(
        expect(anonymous=LOGIN, signed_in=404, member=302), kwargs=lambda w: {"slug": w.event_slug}, method="post"
    ),
    # The e-mailed links work for whoever holds them, signed in or not: the token is the key.
    "events:confirm": public(kwargs=lambda w: {"token": w.guest_token}),
    "events:cancel": public(kwargs=lambda w: {"token": w.guest_token}),
    # The private calendar feed needs no session (calendar apps cannot log in).
    "events:feed": public(kwargs=lambda w: {"token": w.feed_token}),
    "events:subscriptions": Row(expect(anonymous=LOGIN, signed_in=200)),
    "events:feed-renew": Row(expect(anonymous=LOGIN, signed_in=302), method="post"),
    "events:notices": Row(
        expect(anonymous=LOGIN, signed_in=302), method="post", data=lambda w: {"meeting_notices": ""}
    ),
}

# allauth under /konto/: pages for visitors send signed-in users on, account pages ask for login.
VISITOR_ONLY = expect(anonymous=200, signed_in=Redirect("members:dashboard"))
ACCOUNT_PAGE = expect(anonymous=LOGIN, signed_in=200)
ACCOUNT_MATRIX: dict[str, Row | tuple[Row, ...]] = {
    "account_login": Row(VISITOR_ONLY),
    "account_signup": Row(VISITOR_ONLY),
    "account_logout": Row(expect(anonymous=Redirect("home"), signed_in=200)),
    "account_inactive": public(),
    "account_reauthenticate": Row(ACCOUNT_PAGE),
    # Login and reauthentication by e-mailed code are not enabled: nothing to show.
    # Reauthentication by an e-mailed code: a page to ask for the code; confirming starts there.
    "account_request_reauthentication_code": Row(ACCOUNT_PAGE),
    "account_confirm_reauthentication_code": Row(
        expect(anonymous=LOGIN, signed_in=Redirect("account_request_reauthentication_code"))
    ),
    # Login by code is not enabled: back to the login page, or on to Min side when signed in.
    "account_confirm_login_code": Row(
        expect(anonymous=Redirect("account_login"), signed_in=Redirect("members:dashboard"))
    ),
    "account_email": Row(ACCOUNT_PAGE),
    "account_email_verification_sent": public(),
    "account_change_password": Row(ACCOUNT_PAGE),
    # Everyone here has a password already: set-password sends them to change-password.
    "account_set_password": Row(expect(anonymous=LOGIN, signed_in=Redirect("account_change_password"))),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key_done": public(),
    # Made-up keys: the page says the link is invalid (status 200, no form), for everyone.
    "account_reset_password_from_key": public(kwargs=lambda w: {"uidb36": "zz", "key": "ugyldig-nokkel"}),
    "account_confirm_email": public(kwargs=lambda w: {"key": "ugyldig-nokkel"}),
    "mfa_index": Row(ACCOUNT_PAGE),
    # The second step of a login in progress: without one, back to login (or on, when signed in).
    "mfa_authenticate": Row(expect(anonymous=Redirect("account_login"), signed_in=Redirect("members:dashboard"))),
    # Changing the second factor asks for the password again first.
    "mfa_reauthenticate": Row(expect(anonymous=LOGIN, signed_in=Redirect("account_reauthenticate"))),
    "mfa_activate_totp": Row(expect(anonymous=LOGIN, signed_in=Redirect("account_reauthenticate"))),
    "mfa_deactivate_totp": Row(expect(anonymous=LOGIN, signed_in=404)),
    "mfa_view_recovery_codes": Row(expect(anonymous=LOGIN, signed_in=404)),
    "mfa_generate_recovery_codes": Row(expect(anonymous=LOGIN, signed_in=302)),
    "mfa_download_recovery_codes": Row(expect(anonymous=LOGIN, signed_in=404)),
}

ALL_ROWS = {**MATRIX, **ACCOUNT_MATRIX}
# (URL name, row) for every row: one URL name may have a GET and a POST row.
CASES = [(name, row) for name, rows in ALL_ROWS.items() for row in (rows if isinstance(rows, tuple) else (rows,))]

# The admin is a group rule: anyone who is not staff is sent to log in, whatever the admin URL.
ADMIN_NAMESPACE = "admin"
# What the secretariat works with every day: these changelists must open for it.
SECRETARIAT_CHANGELISTS = [
    "members_company",
    "members_membershipevent",
    "members_invitation",
    "members_representative",
    "workgroups_workgroup",
    "workgroups_commitment",
    "workgroups_meeting",
    "invekst_newspost",
    "invekst_contactmessage",
    "plans_observation",
    "plans_indicator",
    "plans_target",
    "events_event",
    "events_registration",
]
SECRETARIAT_APPS = ("members", "workgroups", "invekst", "plans", "events")


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "<route>" for an unnamed pattern
    route: str
    namespace: str | None = field(default=None)


def _route(pattern) -> str:
    return str(pattern.pattern)


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URL pattern of the project, with its full namespace and route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + _route(pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + _route(pattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            key = name if pattern.name else f"<{route}>"
            yield Pattern(key=key, route=route, namespace=namespace)


def _is_admin(pattern: Pattern) -> bool:
    return (pattern.namespace or "").split(":")[0] == ADMIN_NAMESPACE


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture
def secretariat_persona(secretariat):
    """The secretariat: staff in the «Sekretariat» group, with no permission of its own, not a superuser."""
    assert list(secretariat.groups.values_list("name", flat=True)) == ["Sekretariat"]
    assert not secretariat.user_permissions.exists() and not secretariat.is_superuser
    return secretariat


@pytest.fixture
def world(company, company_admin, company_member, outsider, secretariat_persona, superuser) -> World:
    rv4 = Workgroup.objects.get(slug="rv4")
    admin_rep = Representative.objects.get(user=company_admin, company=company)
    member_rep = Representative.objects.get(user=company_member, company=company)
    colleague = make_user("kollega@mjosbedriften.no", name="Kari Kollega")
    colleague_rep = Representative.objects.create(user=colleague, company=company, role=Representative.Role.MEMBER)
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40, created_by=company_admin)
    Participant.objects.create(commitment=commitment, representative=member_rep)
    admin_participation = Participant.objects.create(commitment=commitment, representative=admin_rep)
    start = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(workgroup=rv4, starts_at=start, ends_at=start + timedelta(hours=2))
    invitation = Invitation.objects.create(
        company=company, email="ny@mjosbedriften.no", role=Representative.Role.MEMBER, invited_by=company_admin
    )
    news = NewsPost.objects.create(
        title="Nytt fra INVEKST", slug="nytt", lead="Kort.", body="Tekst.", status=NewsPost.Status.PUBLISHED
    )
    event = make_event()
    event_services.registration_member_create(event=event, representative=member_rep)
    guest = event_services.registration_guest_create(
        event=event, name="Gro Gjest", email="gro@eksempel.no", organisation="Gjest AS"
    )
    return World(
        users={
            "outsider": outsider,
            "member": company_member,
            "admin": company_admin,
            "secretariat": secretariat_persona,
            "superuser": superuser,
        },
        company_pk=company.pk,
        member_rep=member_rep,
        colleague_rep=colleague_rep,
        commitment=commitment,
        admin_participation=admin_participation,
        meeting=meeting,
        invitation=invitation,
        invitation_token=member_services.invitation_token(invitation),
        news_slug=news.slug,
        target_slug=Target.objects.order_by("order").first().slug,
        workgroup_slug=rv4.slug,
        event_slug=event.slug,
        guest_token=guest.token,
        feed_token=event_services.calendar_feed_for(company_member).token,
    )


# What a member page can change. A refused request must leave all of it as it was.
WATCHED = (Company, Representative, Invitation, Commitment, Participant, MeetingResponse, MembershipEvent, User)


def _member_data() -> dict[str, list[dict]]:
    """Every row of the WATCHED models (users without last_login, which every login sets)."""
    data = {}
    for model in WATCHED:
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        data[model.__name__] = list(model.objects.order_by("pk").values(*fields))
    return data


def _is_refusal(expected) -> bool:
    return expected is LOGIN or (isinstance(expected, int) and expected >= 400)


def _request(world: World, persona: str, method: str, url: str, data: dict, *, refused=False, csrf_checks=False):
    """One request as `persona`, in a savepoint that is rolled back afterwards.

    With `refused`, also check that the request changed no member data before the rollback.
    """
    cache.clear()  # the public page cache and the rate limits start afresh
    client = Client(enforce_csrf_checks=csrf_checks)
    with transaction.atomic():
        if persona != "anonymous":
            client.force_login(world.users[persona], backend=BACKEND)
        before = _member_data() if refused else None
        response = getattr(client, method)(url, data)
        if refused and _member_data() != before:
            response.changed_data = True
        transaction.set_rollback(True)
    return response


def _mismatch(expected, response, url: str) -> str | None:
    """None when the response is what was expected, else a description."""
    if getattr(response, "changed_data", False):
        return f"changed member data (answered {response.status_code})"
    location = response.headers.get("Location", "")
    got = f"{response.status_code}" + (f"→{location}" if location else "")
    if expected is LOGIN:
        login = reverse("account_login") + "?next="
        ok = response.status_code == 302 and location.startswith(login)
    elif isinstance(expected, Redirect):
        ok = response.status_code == 302 and location.startswith(reverse(expected.to))
    else:
        ok = response.status_code == expected
    return None if ok else f"expected {expected!r}, got {got}"


# --- the matrix ----------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    patterns = list(url_patterns())
    keys = {p.key for p in patterns}
    missing = [f"{p.key} ({p.route})" for p in patterns if p.key not in ALL_ROWS and not _is_admin(p)]
    assert not missing, "URLs without a row in the authorization matrix:\n" + "\n".join(missing)
    stale = sorted(set(ALL_ROWS) - keys)
    assert not stale, f"rows for URLs that no longer exist: {stale}"
    # allauth's pages all live under /konto/ and are in their own table.
    assert all(p.route.startswith("konto/") for p in patterns if p.key in ACCOUNT_MATRIX)


def _url(name: str, row: Row, world: World) -> str:
    url = reverse(name, kwargs=row.kwargs(world))
    query = row.query(world)
    return f"{url}?{urlencode(query)}" if query else url


@pytest.mark.parametrize(("name", "row"), CASES, ids=[f"{name} {row.method.upper()}" for name, row in CASES])
def test_every_persona_gets_the_expected_answer(name, row, world):
    url = _url(name, row, world)
    problems = []
    for persona in PERSONAS:
        expected = row.expected[persona]
        response = _request(world, persona, row.method, url, row.data(world), refused=_is_refusal(expected))
        problem = _mismatch(expected, response, url)
        if problem:
            problems.append(f"{persona}: {row.method.upper()} {url} {problem}")
    assert not problems, "\n".join(problems)


POSTS = [(name, row) for name, row in CASES if row.method == "post"]


@pytest.mark.parametrize(("name", "row"), POSTS, ids=[name for name, _ in POSTS])
def test_every_post_needs_the_csrf_token(name, row, world):
    """Without the token every POST is refused with 403 before the view runs, and nothing changes.

    Personas the view itself answers 403 are left out: for them a 403 would show nothing.
    """
    url = _url(name, row, world)
    personas = [p for p in PERSONAS if row.expected[p] != 403]
    problems = []
    for persona in personas:
        response = _request(world, persona, "post", url, row.data(world), refused=True, csrf_checks=True)
        problem = _mismatch(403, response, url)
        if problem:
            problems.append(f"{persona}: POST {url} without the CSRF token: {problem}")
    assert not problems, "\n".join(problems)


# --- the admin group rule ---------------------------------------------------------------

ADMIN_SAMPLE_VALUES = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "members",
    "transition": "approve",
    "url": "finnes-ikke/",
    "file_format": "csv",
}


def example_path(route: str) -> str:
    """A concrete path for a route or regex, with a sample value for each parameter."""
    import re

    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_SAMPLE_VALUES[m.group(1)], path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_SAMPLE_VALUES[m.group(1)], path)
    return "/" + path


def test_admin_sends_everyone_who_is_not_staff_to_log_in(world):
    admin_patterns = [p for p in url_patterns() if _is_admin(p)]
    assert len(admin_patterns) > 50
    admin_login = reverse("admin:login")
    account_login = reverse("account_login")
    admin_logout = reverse("admin:logout")
    problems = []
    for persona in ("anonymous", "admin"):
        # Nothing here may change state (everyone is sent away), so one client serves them all.
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona], backend=BACKEND)
        for pattern in admin_patterns:
            path = example_path(pattern.route)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                location = response.headers.get("Location", "")
                # Logging out of an admin session one does not have leads to the index, and so to login.
                targets = (reverse("admin:index"),) if path == admin_logout else (admin_login, account_login)
                if persona != "anonymous" and path == admin_login:
                    # Signed in already: the login would send them straight back, round and round;
                    # the admin's login page says the admin is for the secretariat instead.
                    if response.status_code != 403:
                        problems.append(f"{persona}: {method.upper()} {path} → {response.status_code}, not 403")
                elif not (response.status_code == 302 and location.startswith(targets)):
                    problems.append(
                        f"{persona}: {method.upper()} {path} ({pattern.key}) → {response.status_code} {location}"
                    )
    assert not problems, "\n".join(problems)


def test_staff_open_the_admin_index_and_the_secretariats_changelists(world):
    problems = []
    for persona in ("secretariat", "superuser"):
        for url in [reverse("admin:index")] + [reverse(f"admin:{m}_changelist") for m in SECRETARIAT_CHANGELISTS]:
            status = _request(world, persona, "get", url, {}).status_code
            if status != 200:
                problems.append(f"{persona}: GET {url} answered {status}")
    assert not problems, "\n".join(problems)


def test_the_superuser_opens_every_changelist(world):
    changelists = [p.key for p in url_patterns() if _is_admin(p) and p.key.endswith("_changelist")]
    assert len(changelists) > 20
    problems = []
    for key in changelists:
        status = _request(world, "superuser", "get", reverse(key), {}).status_code
        if status != 200:
            problems.append(f"GET {reverse(key)} answered {status}")
    assert not problems, "\n".join(problems)


def test_the_secretariat_cannot_manage_user_groups(world):
    """The «Sekretariat» group grants nothing on groups: the admin answers 403, not the page."""
    for name in ("admin:auth_group_changelist", "admin:auth_group_add"):
        assert _request(world, "secretariat", "get", reverse(name), {}).status_code == 403
    assert _request(world, "superuser", "get", reverse("admin:auth_group_changelist"), {}).status_code == 200


@pytest.mark.parametrize("transition", ["approve", "reject"])
def test_only_staff_decide_on_a_membership_application(world, transition):
    """The secretariat opens the approve and reject pages of an applicant; everyone else is sent to log in."""
    Company.objects.filter(pk=world.company_pk).update(status=Company.Status.APPLICANT)
    url = reverse("admin:members_company_membership", args=[world.company_pk, transition])
    problems = []
    for persona in PERSONAS:
        expected = 200 if persona in ("secretariat", "superuser") else Redirect("admin:login")
        problem = _mismatch(expected, _request(world, persona, "get", url, {}, refused=expected != 200), url)
        if problem:
            problems.append(f"{persona}: GET {url} {problem}")
    assert not problems, "\n".join(problems)
