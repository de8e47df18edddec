"""Public pages come from the shared cache, are invalidated by any change, and answer 304.

The tests marked "regression" failed on the hand-built cache this one replaced (issue 12).
"""

import datetime
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import cache as page_cache
from invekst.models import NewsPost
from workgroups.models import Workgroup

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache(client, seeded):
    first = client.get("/om-oss/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/om-oss/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(ctx) == 0


def test_repeat_visit_with_etag_answers_304(client, seeded):
    first = client.get("/")
    etag = first["ETag"]
    assert "must-revalidate" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert len(ctx) == 0


def test_a_change_in_admin_or_a_service_invalidates_at_once(client, seeded, django_capture_on_commit_callbacks):
    etag = client.get("/om-oss/")["ETag"]
    assert "Nytt navn" not in client.get("/om-oss/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workgroup = Workgroup.objects.get(slug="rv4")
        workgroup.name = "Nytt navn"
        workgroup.save()
    assert "Nytt navn" in client.get("/om-oss/").content.decode()
    assert client.get("/om-oss/", headers={"if-none-match": etag}).status_code == 200


def test_news_published_shows_up_immediately(client, seeded, django_capture_on_commit_callbacks):
    client.get("/aktuelt/")
    with django_capture_on_commit_callbacks(execute=True):
        NewsPost.objects.create(title="Fersk nyhet", slug="fersk", lead="L", body="B", status="published")
    assert "Fersk nyhet" in client.get("/aktuelt/").content.decode()


def test_languages_are_cached_separately(client, seeded):
    assert "Om Næringslaget INVEKST" in client.get("/om-oss/").content.decode()
    english = client.get("/om-oss/", headers={"accept-language": "en"}).content.decode()
    assert "About Næringslaget INVEKST" in english


def test_signed_in_users_are_not_served_cached_pages(client, seeded, company_admin, login):
    client.get("/om-oss/")
    login(company_admin)
    response = client.get("/om-oss/")
    assert "Logg ut" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_contact_page_is_never_cached(client, seeded):
    response = client.get("/kontakt/")
    assert "ETag" not in response


@pytest.mark.parametrize("url", ["/strategi/", "/strategi/folketall/", "/arbeidsgrupper/", "/arbeidsgrupper/rv4/"])
def test_app_pages_are_public_cached_pages_too(client, seeded, url):
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_hit_has_the_same_headers_and_loads_no_session(client, seeded):
    """A hit goes through every middleware: same body, same security and cache headers."""
    first = client.get("/strategi/")
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/strategi/")
    assert len(ctx) == 0
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Language", "Vary"):
        assert second[header] == first[header], header
    assert second["ETag"] == first["ETag"]
    assert "sessionid" not in second.cookies


def test_a_hit_keeps_languages_apart(client, seeded):
    client.get("/om-oss/")
    client.get("/om-oss/", headers={"accept-language": "en"})
    assert "Om Næringslaget INVEKST" in client.get("/om-oss/").content.decode()
    assert "About Næringslaget INVEKST" in client.get("/om-oss/", headers={"accept-language": "en"}).content.decode()
    client.cookies["django_language"] = "en"
    assert "About Næringslaget INVEKST" in client.get("/om-oss/").content.decode()


def test_a_visitor_with_a_session_cookie_goes_the_whole_way(client, seeded, company_admin, login):
    client.get("/arbeidsgrupper/")  # stored for anonymous visitors
    login(company_admin)
    response = client.get("/arbeidsgrupper/")
    assert "Logg ut" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_pending_message_is_never_replaced_by_the_cached_page(client, seeded):
    """A visitor with a flash message (cookie storage) gets the page rendered with the message."""
    client.get("/")
    client.post("/i18n/sprak/en/", {"next": "/"})  # harmless request that may set cookies
    client.cookies["messages"] = "x"
    response = client.get("/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_regression_a_scheduled_post_appears_when_its_time_comes(client, seeded, django_capture_on_commit_callbacks):
    """The stored list expires at the next post's publish time: no 24 hours of a stale list (or 304)."""
    with django_capture_on_commit_callbacks(execute=True):
        NewsPost.objects.create(
            title="Planlagt nyhet",
            slug="planlagt",
            lead="L",
            body="B",
            status="published",
            published_at=timezone.now() + datetime.timedelta(seconds=1),
        )
    for url in ("/aktuelt/", "/"):
        first = client.get(url)
        assert "Planlagt nyhet" not in first.content.decode()
    time.sleep(1.2)
    for url in ("/aktuelt/", "/"):
        again = client.get(url, headers={"if-none-match": first["ETag"] if url == "/" else ""})
        assert again.status_code == 200
        assert "Planlagt nyhet" in again.content.decode()
    assert client.get("/aktuelt/planlagt/").status_code == 200


def test_no_page_outlives_the_day_it_was_rendered_on():
    """Dates on pages (a target's period, "today") change at midnight, without any write."""
    late = timezone.make_aware(datetime.datetime(2026, 12, 1, 23, 59, 30))
    with mock.patch("django.utils.timezone.now", return_value=late):
        assert page_cache._seconds_to_keep(None) == 30
        assert page_cache._seconds_to_keep(late + datetime.timedelta(seconds=5)) == 5
    noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert page_cache._seconds_to_keep(None) == page_cache.PAGE_TIMEOUT


def test_regression_a_lost_version_never_revives_old_pages(client, seeded, django_capture_on_commit_callbacks):
    """The version is a clock reading: if the cache loses it, old entries stay stale."""
    assert "Omdøpt gruppe" not in client.get("/om-oss/").content.decode()  # stored under version V
    with django_capture_on_commit_callbacks(execute=True):
        workgroup = Workgroup.objects.get(slug="rv4")
        workgroup.name = "Omdøpt gruppe"
        workgroup.save()
    cache.delete(page_cache.VERSION_KEY)  # eviction, restart, FLUSHDB of the key alone
    assert "Omdøpt gruppe" in client.get("/om-oss/").content.decode()


def test_regression_a_lost_version_never_revives_a_revoked_permission(client, login, seeded, secretariat):
    """Permissions come from the database on each request, as Django intends: nothing to revive."""
    from django.contrib.auth.models import Group

    login(secretariat)
    assert client.get("/admin/members/company/").status_code == 200
    secretariat.groups.remove(Group.objects.get(name="Sekretariat"))
    cache.delete(page_cache.VERSION_KEY)
    assert client.get("/admin/members/company/").status_code == 403


def test_regression_a_cached_page_still_validates_the_host(client, seeded):
    assert client.get("/personvern/").status_code == 200  # stored
    assert client.get("/personvern/", headers={"host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("query", ["?x=1", "?utm_source=abc", "?side=1&x=2", "?side=abc", "?side=01", "?q=bygg"])
def test_regression_query_parameters_a_page_does_not_use_store_nothing(client, seeded, query):
    with mock.patch.object(page_cache.cache, "set", wraps=page_cache.cache.set) as stored:
        for n in range(3):
            client.get(f"/aktuelt/{query}{n}")
            client.get(f"/medlemmer/{query}{n}")
    assert [call for call in stored.call_args_list if call.args[0].startswith("page:")] == []


def test_pages_of_a_list_are_cached_and_pages_that_do_not_exist_are_404(client, seeded):
    with mock.patch.object(page_cache.cache, "set", wraps=page_cache.cache.set) as stored:
        assert client.get("/aktuelt/?side=1").status_code == 200
        assert client.get("/aktuelt/?side=999").status_code == 404
    assert len([call for call in stored.call_args_list if call.args[0].startswith("page:")]) == 1


def test_a_cache_that_fails_is_a_miss_not_an_error(client, seeded):
    with (
        mock.patch.object(page_cache.cache, "get_many", side_effect=ConnectionError("redis down")),
        mock.patch.object(page_cache.cache, "get", side_effect=ConnectionError("redis down")),
    ):
        response = client.get("/om-oss/")
    assert response.status_code == 200
    assert "Om Næringslaget INVEKST" in response.content.decode()


def test_the_version_file_moves_on_with_every_write(tmp_path, settings):
    """Without Redis the workers of a host share the version through a file's modification time."""
    settings.CONTENT_VERSION_FILE = str(tmp_path / "version")
    before = page_cache.content_version()
    page_cache._bump()
    assert page_cache.content_version() > before
    (tmp_path / "version").unlink()  # lost: starts again from the clock, not from zero
    assert page_cache.content_version() > before
