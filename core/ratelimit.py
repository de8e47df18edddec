"""A small fixed-window rate limit on the shared cache, keyed by client address.

With Redis down (core.failsafe_cache) the count falls back to this process's own memory
(the "local" cache): the limit then holds per process rather than for the whole site, which
keeps a flood in check without making the form depend on Redis.
"""

import hashlib
import time

from django.core.cache import cache, caches

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/h' -> (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period]


def client_ip(request) -> str:
    """The visitor's address: behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (the same rule allauth applies with ALLAUTH_TRUSTED_PROXY_COUNT)."""
    from django.conf import settings

    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.headers.get("X-Forwarded-For", "").split(",") if ip.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, *, action: str, rate: str) -> bool:
    """Count one attempt; answer False once the limit for this window is exceeded."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    ident = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"rl:{action}:{ident}:{window}"
    store = cache if _shared_cache_available() else caches["local"]
    if store.add(key, 1, timeout=period + 1):
        return True
    try:
        return store.incr(key) <= limit
    except ValueError:  # the key expired between add() and incr(), or Redis just went away
        store.set(key, 1, timeout=period + 1)
        return True


def _shared_cache_available() -> bool:
    is_available = getattr(cache, "is_available", None)
    return is_available() if is_available else True
