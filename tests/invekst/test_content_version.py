"""Without Redis, the content version lives in a file every worker process of the host reads."""

import pytest
from django.core.cache import cache

from invekst.cache import bump_content_version, content_version
from tests.conftest import PASSWORD
from workgroups.models import Workgroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_file(settings, tmp_path):
    settings.CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    return tmp_path / "content-version"


def test_bump_changes_the_version_in_the_file(version_file):
    first = content_version()
    assert version_file.exists()
    bump_content_version()
    assert content_version() != first
    assert content_version() == content_version()


def test_a_bump_by_another_process_invalidates_this_processs_pages(client, seeded, version_file):
    assert "Nytt navn" not in client.get("/om-oss/").content.decode()
    # Another worker saves (its own memory cache is elsewhere): only the shared file tells us.
    Workgroup.objects.filter(slug="rv4").update(name="Nytt navn")
    assert "Nytt navn" not in client.get("/om-oss/").content.decode()  # still our cached copy
    version_file.touch()
    bump_content_version()
    assert "Nytt navn" in client.get("/om-oss/").content.decode()


def test_the_version_survives_a_cleared_cache(version_file):
    version = content_version()
    cache.clear()
    assert content_version() == version


def test_a_login_leaves_the_version_alone(client, company_admin, django_capture_on_commit_callbacks):
    # Every login writes last_login; emptying every cached page for it would be waste.
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.login(email=company_admin.email, password=PASSWORD)
    company_admin.refresh_from_db()
    assert company_admin.last_login is not None
    assert content_version() == version


@pytest.mark.parametrize(
    ("field", "value", "bumps"),
    [
        ("name", "Kari Nordmann", True),
        ("email", "ny@mjosbedriften.no", True),
        ("show_email", True, True),
        ("phone", "61 00 00 00", False),
    ],
)
def test_a_user_field_others_see_bumps_the_version(
    company_admin, django_capture_on_commit_callbacks, field, value, bumps
):
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        setattr(company_admin, field, value)
        company_admin.save(update_fields=[field])
    assert (content_version() != version) is bumps


def test_a_request_reads_the_version_once(client, secretariat, login):
    """The layout, permissions and the admin's cached lists share one read (one Redis GET)."""
    from unittest import mock

    from invekst import cache as page_cache

    login(secretariat)
    client.get("/admin/members/company/")
    with mock.patch.object(page_cache, "_read_version", wraps=page_cache._read_version) as reads:
        assert client.get("/admin/members/company/").status_code == 200
    assert reads.call_count == 1


def test_within_a_request_the_version_is_kept_but_its_own_bump_is_seen():
    from invekst import cache as page_cache

    page_cache.request_started()
    try:
        before = content_version()
        cache.incr(page_cache.VERSION_KEY)  # another process: this request keeps its snapshot
        assert content_version() == before
        bump_content_version()  # this request's own write
        assert content_version() != before
    finally:
        page_cache.request_finished()


def test_outside_a_request_every_read_is_fresh():
    """Commands and shells run long: they never keep a version."""
    from invekst.cache import VERSION_KEY

    before = content_version()
    cache.incr(VERSION_KEY)  # another process
    assert content_version() != before
