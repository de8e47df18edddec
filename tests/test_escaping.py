"""Stored text is shown as text everywhere: a hostile name never becomes markup.

A company, a person, a workgroup, a meeting, a news post, a contact message, a target and a
municipality are all called `<script>alert(1)</script>`. Every public, member and admin page
where one of them appears must show the escaped form and never the raw tag.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from invekst.models import ContactMessage, NewsPost
from members.models import Company, Invitation, Representative
from plans.models import Municipality, Target
from workgroups.models import Commitment, Meeting, Participant, Workgroup

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def hostile(company, company_admin, company_member, superuser):
    """Everything a user or the secretariat can name, named HOSTILE. Answers the objects' pks."""
    Company.objects.filter(pk=company.pk).update(name=HOSTILE, industry=HOSTILE, visiting_address=HOSTILE)
    type(company_admin).objects.filter(pk=company_admin.pk).update(name=HOSTILE)
    rv4 = Workgroup.objects.get(slug="rv4")
    Workgroup.objects.filter(pk=rv4.pk).update(name=HOSTILE, summary=HOSTILE, mandate=HOSTILE)
    commitment = Commitment.objects.create(
        company=company, workgroup=rv4, hours_per_year=10, competence_note=HOSTILE, created_by=company_admin
    )
    for user in (company_admin, company_member):
        Participant.objects.create(
            commitment=commitment, representative=Representative.objects.get(user=user), competence=HOSTILE
        )
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        workgroup=rv4, title=HOSTILE, place=HOSTILE, agenda=HOSTILE, starts_at=start, ends_at=start + timedelta(hours=1)
    )
    news = NewsPost.objects.create(
        title=HOSTILE, slug="farlig", lead=HOSTILE, body=HOSTILE, status=NewsPost.Status.PUBLISHED
    )
    message = ContactMessage.objects.create(
        name=HOSTILE, email="a@example.no", organisation=HOSTILE, subject=HOSTILE, message=HOSTILE, consent_version="1"
    )
    target = Target.objects.order_by("order").first()
    Target.objects.filter(pk=target.pk).update(title=HOSTILE, wording=HOSTILE)
    gjovik = Municipality.objects.get(number="3407")
    Municipality.objects.filter(pk=gjovik.pk).update(name=HOSTILE)
    invitation = Invitation.objects.create(company=company, email="ny@example.no", invited_by=company_admin)
    return {
        "company": company.pk,
        "admin_rep": Representative.objects.get(user=company_admin).pk,
        "member_user": company_member.pk,
        "admin_user": company_admin.pk,
        "commitment": commitment.pk,
        "meeting": meeting.pk,
        "news": news.pk,
        "message": message.pk,
        "target": target.pk,
        "target_slug": target.slug,
        "invitation": invitation.pk,
        "workgroup": rv4.pk,
    }


# (who looks, how to build the URL from the pks)
PAGES = {
    # Public pages.
    "home": ("anonymous", lambda ids: reverse("home")),
    "about": ("anonymous", lambda ids: reverse("about")),
    "news list": ("anonymous", lambda ids: reverse("news-list")),
    "news post": ("anonymous", lambda ids: reverse("news-detail", args=["farlig"])),
    "workgroups": ("anonymous", lambda ids: reverse("workgroups:list")),
    "workgroup": ("anonymous", lambda ids: reverse("workgroups:detail", args=["rv4"])),
    "member list": ("anonymous", lambda ids: reverse("members:directory")),
    "member search": ("anonymous", lambda ids: reverse("members:directory") + "?q=%3Cscript%3E"),
    "strategy": ("anonymous", lambda ids: reverse("plans:strategy")),
    "target": ("anonymous", lambda ids: reverse("plans:target", args=[ids["target_slug"]])),
    # Member pages.
    "dashboard": ("member", lambda ids: reverse("members:dashboard")),
    "company": ("admin", lambda ids: reverse("members:company")),
    "colleagues": ("admin", lambda ids: reverse("members:colleagues")),
    "colleague remove": ("admin", lambda ids: reverse("members:colleague-remove", args=[ids["admin_rep"]])),
    "commitments": ("admin", lambda ids: reverse("workgroups-member:index")),
    "commitment": ("admin", lambda ids: reverse("workgroups-member:commitment", args=[ids["commitment"]])),
    "commitment end": ("admin", lambda ids: reverse("workgroups-member:commitment-end", args=[ids["commitment"]])),
    "room": ("member", lambda ids: reverse("workgroups-member:room", args=["rv4"])),
    "my data": ("admin", lambda ids: reverse("accounts:my-data")),
    # Admin pages.
    "admin companies": ("superuser", lambda ids: reverse("admin:members_company_changelist")),
    "admin company": ("superuser", lambda ids: reverse("admin:members_company_change", args=[ids["company"]])),
    "admin company approve": (
        "superuser",
        lambda ids: reverse("admin:members_company_membership", args=[ids["company"], "resign"]),
    ),
    "admin users": ("superuser", lambda ids: reverse("admin:members_user_changelist")),
    "admin user": ("superuser", lambda ids: reverse("admin:members_user_change", args=[ids["admin_user"]])),
    "admin representatives": ("superuser", lambda ids: reverse("admin:members_representative_changelist")),
    "admin invitations": ("superuser", lambda ids: reverse("admin:members_invitation_changelist")),
    "admin workgroups": ("superuser", lambda ids: reverse("admin:workgroups_workgroup_changelist")),
    "admin workgroup": ("superuser", lambda ids: reverse("admin:workgroups_workgroup_change", args=[ids["workgroup"]])),
    "admin commitments": ("superuser", lambda ids: reverse("admin:workgroups_commitment_changelist")),
    "admin commitment": (
        "superuser",
        lambda ids: reverse("admin:workgroups_commitment_change", args=[ids["commitment"]]),
    ),
    "admin meetings": ("superuser", lambda ids: reverse("admin:workgroups_meeting_changelist")),
    "admin news": ("superuser", lambda ids: reverse("admin:invekst_newspost_changelist")),
    "admin news post": ("superuser", lambda ids: reverse("admin:invekst_newspost_change", args=[ids["news"]])),
    "admin messages": ("superuser", lambda ids: reverse("admin:invekst_contactmessage_changelist")),
    "admin message": (
        "superuser",
        lambda ids: reverse("admin:invekst_contactmessage_change", args=[ids["message"]]),
    ),
    "admin targets": ("superuser", lambda ids: reverse("admin:plans_target_changelist")),
    "admin municipalities": ("superuser", lambda ids: reverse("admin:plans_municipality_changelist")),
    "admin search": ("superuser", lambda ids: reverse("admin:members_company_changelist") + "?q=%3Cscript%3E"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_hostile_name_is_shown_as_text(page, hostile, client, login, company_admin, company_member, superuser):
    persona, build = PAGES[page]
    users = {"member": company_member, "admin": company_admin, "superuser": superuser}
    if persona != "anonymous":
        login(users[persona])
    url = build(hostile)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert ESCAPED in html, f"{url} does not show the name at all"
    assert HOSTILE not in html, f"{url} puts the raw tag into the page"
    # Not smuggled out in another form either: only the portal's own script tags are on the page.
    for tag in html.split("<script")[1:]:
        assert tag.lstrip().startswith(("src=", "type=", "id=")), f"{url}: an inline script: <script{tag[:60]}"
