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
