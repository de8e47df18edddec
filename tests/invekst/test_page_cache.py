"""Public pages come from the shared cache, are invalidated by any change, and answer 304."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_anonymous_repeat_is_answered_before_sessions_with_the_same_headers(client, seeded):
    """The early path replays the stored response: same body, same security and cache headers."""
    first = client.get("/strategi/")
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/strategi/")
    assert len(ctx) == 0
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Language", "Vary"):
        assert second[header] == first[header], header
    assert second["ETag"] == first["ETag"]
    assert "sessionid" not in second.cookies


def test_the_early_path_keeps_languages_apart(client, seeded):
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


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(settings):
    import redis

    url = "redis://127.0.0.1:6379/7"
    redis.Redis.from_url(url).flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": "t"},
        "versioned": {"BACKEND": "invekst.cache_backends.VersionedCache", "OPTIONS": {"SHARED": "default"}},
    }
    settings.CONTENT_VERSION_FILE = ""
    yield
    redis.Redis.from_url(url).flushdb()


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at 127.0.0.1:6379")
def test_with_redis_a_cached_page_costs_one_round_trip(client, seeded, redis_cache, django_capture_on_commit_callbacks):
    """The version and the page come in one MGET; a bump makes the stored page stale."""
    from unittest import mock

    import redis

    first = client.get("/om-oss/")
    with mock.patch.object(
        redis.Redis, "execute_command", autospec=True, side_effect=redis.Redis.execute_command
    ) as sent:
        again = client.get("/om-oss/")
    assert again.content == first.content
    assert [call.args[1] for call in sent.call_args_list] == ["MGET"]

    with django_capture_on_commit_callbacks(execute=True):
        workgroup = Workgroup.objects.get(slug="rv4")
        workgroup.name = "Omdøpt gruppe"
        workgroup.save()
    after = client.get("/om-oss/")
    assert "Omdøpt gruppe" in after.content.decode()
    assert after["ETag"] != first["ETag"]
    assert client.get("/om-oss/", headers={"if-none-match": after["ETag"]}).status_code == 304


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at 127.0.0.1:6379")
def test_version_keyed_parts_are_fetched_from_redis_once_per_process(redis_cache):
    """invekst.cache_backends.VersionedCache: a copy in the process in front of Redis."""
    from django.core.cache import cache, caches

    versioned = caches["versioned"]
    versioned.set("part:7", "roster html", 3600)
    assert cache.get("part:7") == "roster html"  # in Redis, for the other processes
    cache.delete("part:7")  # gone from Redis: this process still has its copy
    assert versioned.get("part:7") == "roster html"
    cache.set("part:8", "from another process", 3600)
    assert versioned.get("part:8") == "from another process"
    versioned.set("part:9", "ends soon", 1)
    import time

    time.sleep(1.1)
    assert versioned.get("part:9") is None  # a short timeout holds for the copy too
