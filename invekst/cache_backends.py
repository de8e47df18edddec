"""A cache for values that never change under their key, kept in each process as well.

Cached parts of pages (the layout's values, the workgroup room's roster and totals, the
admin's filter choices, counts, sidebar and action drop-down, permission sets) are stored
under keys that hold the content version: once written, an entry's key always means the same
value, and a newer version simply uses new keys. With Redis each of them used to cost a round
trip on every request; this backend keeps a copy in the process's memory in front of the
shared cache, so a worker fetches each one from Redis once. Its memory is bounded (least
recently used entries go first) and short-lived.

Never use it for values that change under the same key (sessions, rate-limit counters, the
content version itself, whole public pages): a process would keep its stale copy.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

_MISSING = object()
LOCAL_TIMEOUT = 300  # the version keeps entries right; this only bounds memory


class VersionedCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local = LocMemCache(
            f"invekst-versioned-{location}",
            {"TIMEOUT": LOCAL_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": options.get("LOCAL_MAX_ENTRIES", 500)}},
        )

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def _layered(self) -> bool:
        # Over a process's own memory cache a second copy would only cost memory.
        return not isinstance(self._shared, LocMemCache)

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return LOCAL_TIMEOUT
        return min(timeout, LOCAL_TIMEOUT)

    def get(self, key, default=None, version=None):
        if self._layered():
            value = self._local.get(key, _MISSING, version=version)
            if value is not _MISSING:
                return value
        value = self._shared.get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        if self._layered():
            self._local.set(key, value, LOCAL_TIMEOUT, version=version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        if self._layered():
            self._local.set(key, value, self._local_timeout(timeout), version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._shared.add(key, value, timeout, version=version)
        if added and self._layered():
            self._local.set(key, value, self._local_timeout(timeout), version=version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._shared.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def has_key(self, key, version=None):
        return self.get(key, _MISSING, version=version) is not _MISSING

    def clear(self):
        self._local.clear()
        self._shared.clear()
