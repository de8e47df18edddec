"""Django's Redis cache, made an accelerator rather than a dependency.

Everything that touches the cache (the page cache, cached_db sessions, allauth's and our
rate limits, cached permission sets) goes through this backend. When Redis cannot be
reached, answers a timeout, or refuses a write, the operation behaves like a cache that has
just lost its data, never like an error:

- reads miss (`get` gives the default, `get_many` nothing, `has_key` False);
- writes and deletes are dropped (`set`, `set_many`, `touch`, `delete` report failure);
- `add` answers True, as if stored and then lost: a caller that uses `add` as a lock (allauth's
  rate-limit lock) proceeds instead of waiting for a lock that never comes, so rate limits
  that live only in the cache fail open while Redis is down (core.ratelimit falls back to a
  per-process count instead; see there);
- `incr` raises ValueError, as for a key that is not there.

After a failure the backend stops trying for RETRY_AFTER seconds (a small circuit breaker
per process and thread): with Redis unreachable, each request then costs nothing extra instead of a
connect time-out per cache call. `is_available()` tells whether it is in that state;
`ping()` asks Redis (for /healthz).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FAILURES = (RedisError, OSError)


class FailSafeRedisCache(RedisCache):
    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def is_available(self) -> bool:
        return time.monotonic() >= self._down_until

    def ping(self) -> bool:
        """Ask Redis now, whatever the breaker says; True when it answers."""
        try:
            RedisCache.has_key(self, "ping")
        except FAILURES:
            return False
        self._down_until = 0.0
        return True

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.is_available():
            return fallback()
        try:
            return operation(*args, **kwargs)
        except FAILURES as exc:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning(
                "Redis unavailable (%s: %s); the cache counts as empty for %.0f s",
                type(exc).__name__,
                exc,
                self.RETRY_AFTER,
            )
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, lambda: True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, lambda: False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._call(super().incr, missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: False)
