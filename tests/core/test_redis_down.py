"""Redis is an accelerator: when it cannot be reached, everything still answers, uncached."""

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import ratelimit
from tests.factories import PASSWORD


@pytest.fixture
def dead_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: connections are refused


@pytest.fixture
def redis_down(settings, dead_port):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.failsafe_cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield
    # The autouse fixture clears "the" cache after the test; give it a working one back first.


def test_the_cache_answers_like_an_empty_one(redis_down):
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is False
    assert cache.add("lock", 1) is True  # as if stored and lost: locks fail open
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.is_available() is False
    assert cache.ping() is False


@pytest.mark.django_db
def test_pages_health_and_sign_in_work_without_redis(client, seeded, company_member, redis_down):
    for path in ("/", "/strategi/", "/kontakt/", "/arbeidsgrupper/"):
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}
    # allauth's rate limits and the cached_db session: sign in, and stay signed in.
    response = client.post(reverse("account_login"), {"login": "member@mjosbedriften.no", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/min-side/").status_code == 200
    client.post(reverse("account_logout"))
    assert client.get("/min-side/").status_code == 302


@pytest.mark.django_db
def test_our_rate_limit_counts_per_process_while_redis_is_down(rf, redis_down):
    cache.get("x")  # the first failure opens the breaker
    request = rf.post("/kontakt/", REMOTE_ADDR="10.1.2.3")
    results = [ratelimit.hit(request, action="t", rate="3/h") for _ in range(5)]
    assert results == [True, True, True, False, False]
