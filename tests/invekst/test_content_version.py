"""Without Redis, the content version lives in a file every worker process of the host reads."""

import pytest
from django.core.cache import cache

from invekst.cache import bump_content_version, content_version
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
