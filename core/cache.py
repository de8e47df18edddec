"""The public-page cache: the portal's one cache, in one place.

What it stores: the HTML of a public page (`@public_page`) as an anonymous visitor sees it,
one entry per language, path and page number (`?side=`). A request with any other query
parameter, a session, a messages cookie or a signed-in user is rendered as usual and never
stored, so keys are bounded by the site's real pages.

Why an entry is never stale: every entry carries the content version it was rendered under,
and every committed write to a model of the apps in settings.CACHE_CONTENT_APPS moves that
version on (core.apps), so an entry is used only while nothing has been written since. Time
changes content too (a scheduled news post, a date on the page): an entry also expires at
the start of the next day, after PAGE_TIMEOUT, and at the moment the view's `changes_at`
names.

The version is a clock reading (nanoseconds), never a counter: if the shared cache loses
it, the next read starts from now, which no stored entry can carry, so nothing old comes
back. With Redis (REDIS_URL) it lives in Redis beside the pages. Without Redis each worker
has its own memory cache, so the version lives in a file all workers of the host share
(settings.CONTENT_VERSION_FILE), as its modification time.

The view runs inside the whole middleware stack, hit or miss: host validation, security
headers, CSP, language and every other check see each request. A cache that fails (Redis
down) is a miss, never an error.
"""

import datetime
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
PAGE_TIMEOUT = 60 * 60  # a bound on what a bump lost to an unreachable Redis can cost
PAGE_PARAMETER = "side"  # the one query parameter a cached page may vary by: its page number
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


def content_version() -> int:
    """The current content version (nanoseconds since the epoch of the last write)."""
    if settings.CONTENT_VERSION_FILE:
        return _file_version(settings.CONTENT_VERSION_FILE)
    version = cache.get(VERSION_KEY)
    return _start_version() if version is None else version


def content_changed() -> None:
    """Make every stored page stale, on every process, once the current transaction commits.

    After commit: a page rendered from uncommitted data must not outlive a rollback.
    """
    transaction.on_commit(_bump)


def _bump() -> None:
    if settings.CONTENT_VERSION_FILE:
        path = settings.CONTENT_VERSION_FILE
        before = _file_version(path)
        os.utime(path)
        if _file_version(path) <= before:  # a coarse file-system clock: move it on by hand
            os.utime(path, ns=(before + 1, before + 1))
        return
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # Redis is down: its entries cannot be read either, and expire within PAGE_TIMEOUT.
        logger.warning("Could not move the content version on", exc_info=True)


def _start_version() -> int:
    # add() so that processes starting at once agree on one value.
    now = time.time_ns()
    cache.add(VERSION_KEY, now, timeout=None)
    return cache.get(VERSION_KEY, now)


def _file_version(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        with open(path, "a"):
            pass
        return os.stat(path).st_mtime_ns


def _page_key(request) -> str | None:
    """The page's cache key, or None if this request's page is not to be cached."""
    params = request.GET
    if params and (list(params) != [PAGE_PARAMETER] or not _PAGE_NUMBER.fullmatch(params[PAGE_PARAMETER])):
        return None
    page = params.get(PAGE_PARAMETER, "1")
    return "page:" + hashlib.sha256(f"{get_language()}|{request.path}|{page}".encode()).hexdigest()[:40]


def _read(key: str) -> tuple[int, tuple | None]:
    """The content version and the entry stored under `key` (one round trip with Redis)."""
    if settings.CONTENT_VERSION_FILE:
        return content_version(), cache.get(key)
    values = cache.get_many([VERSION_KEY, key])
    version = values.get(VERSION_KEY)
    return (_start_version() if version is None else version), values.get(key)


def _seconds_to_keep(changes_at: datetime.datetime | None) -> int:
    now = timezone.localtime()
    tomorrow = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    until = min(tomorrow, changes_at) if changes_at else tomorrow
    return min(PAGE_TIMEOUT, int((until - now).total_seconds()))


def _finish(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Browsers revalidate every time: a 304 costs one cache read and no rendering.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def public_page(view=None, *, changes_at: Callable[[], datetime.datetime | None] | None = None):
    """Serve a public page to anonymous visitors from the cache, with an ETag.

    `changes_at` answers when the page's content next changes by time alone (the next
    scheduled news post, say); the stored page expires then.
    """
    if view is None:
        return lambda view: public_page(view, changes_at=changes_at)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = None
        # The user last: with a session cookie, reading it loads the session.
        if (
            request.method in ("GET", "HEAD")
            and "messages" not in request.COOKIES
            and not request.user.is_authenticated
        ):
            key = _page_key(request)
        if key is None:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            version, stored = _read(key)
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return view(request, *args, **kwargs)
        if stored is not None and stored[0] == version:
            _, etag, content, content_type = stored
            if etag in request.headers.get("If-None-Match", ""):
                return _finish(HttpResponseNotModified(), etag)
            return _finish(HttpResponse(content, content_type=content_type), etag)
        # The version was read before rendering: a write committed meanwhile has moved it
        # on, so what is stored now is stale at once rather than kept.
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        timeout = _seconds_to_keep(changes_at() if changes_at else None)
        if timeout > 0:
            try:
                cache.set(key, (version, etag, response.content, response["Content-Type"]), timeout)
            except Exception:
                logger.warning("Page cache unavailable; not stored", exc_info=True)
        return _finish(response, etag)

    return wrapper
