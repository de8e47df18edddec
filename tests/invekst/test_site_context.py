"""The layout's values (vision, contact) come from the cache and follow every edit at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from invekst.models import AssociationProfile

pytestmark = pytest.mark.django_db


def test_member_pages_read_the_layout_values_from_the_cache(client, company_admin, login):
    login(company_admin)
    client.get("/min-side/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/min-side/").status_code == 200
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "invekst_associationprofile" not in tables
    assert "plans_strategicplan" not in tables


def test_an_edit_of_the_contact_shows_on_the_next_page(
    client, company_admin, login, django_capture_on_commit_callbacks
):
    login(company_admin)
    assert "line@gjovikby.no" in client.get("/min-side/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        profile = AssociationProfile.objects.get()
        profile.contact_email = "ny@invekst.no"
        profile.save()
    assert "ny@invekst.no" in client.get("/min-side/").content.decode()


def test_a_cold_cache_reads_the_values_again(client, seeded):
    client.get("/kontakt/")
    cache.clear()
    assert "line@gjovikby.no" in client.get("/kontakt/").content.decode()
