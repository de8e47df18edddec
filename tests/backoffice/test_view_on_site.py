"""Every "View on site" in the back office opens a page the secretariat can see."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from invekst.models import NewsPost
from workgroups.models import Commitment

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def _view_on_site(client, model, obj) -> str | None:
    change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    response = client.get(change)
    if response.status_code != 200:
        return None
    match = re.search(r'<a href="([^"]+)" class="viewsitelink"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else None


@pytest.mark.parametrize("model", REGISTRY, ids=[m._meta.label_lower for m in REGISTRY])
def test_view_on_site_never_leads_to_a_404(client, login, everything, staff, model):
    login(staff)
    for obj in model._default_manager.order_by("pk")[:3]:
        link = _view_on_site(client, model, obj)
        if link is not None:
            response = client.get(link, follow=True)
            assert response.status_code == 200, f"{model._meta.label} {obj.pk}: {link} answered {response.status_code}"


def test_a_commitment_is_seen_on_site_in_its_workgroup_room(client, login, everything, staff):
    login(staff)
    commitment = Commitment.objects.select_related("workgroup").first()
    link = _view_on_site(client, Commitment, commitment)
    assert link == reverse("workgroups-member:room", args=[commitment.workgroup.slug])
    assert commitment.company.name in client.get(link).content.decode()


def test_a_draft_news_post_has_no_view_on_site(client, login, everything, staff):
    login(staff)
    draft = NewsPost.objects.get(slug="utkast")
    assert draft.status == NewsPost.Status.DRAFT
    assert _view_on_site(client, NewsPost, draft) is None
