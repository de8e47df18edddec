"""Shared-cache for public pages, invalidated by a content version, with ETags.

Anonymous GETs of public pages are stored in the shared cache (Redis when REDIS_URL is set),
one entry per language and path, tagged with the content version it was rendered under.
Any change to the portal's data bumps the version (see `invekst.apps`), so every cached
page is stale at once, on every instance, without waiting for a time-out. The ETag carries
the version too: a repeat visit answers 304 without touching the database.

Without Redis the cache is each worker process's own memory, so the version cannot live
there: a bump in one gunicorn worker would leave the others serving stale pages. It then
lives in a small file (settings.CONTENT_VERSION_FILE) that every worker on the host reads:
the version is the file's modification time, so reading it is one stat() call.
"""

import hashlib
import os
import threading
from contextlib import contextmanager
from functools import lru_cache, wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"
PAGE_TIMEOUT = 60 * 60 * 24  # the version bump, not this, makes pages fresh


def _file_version(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        _touch(path)
        return os.stat(path).st_mtime_ns


def _touch(path: str) -> None:
    with open(path, "a"):
        pass
    os.utime(path)


# A request reads the version once and keeps it (one Redis round trip, not one per cached
# part: the layout, permissions, the room's fragments and the admin's lists all use it).
_request = threading.local()


def request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def content_version() -> int:
    in_request = getattr(_request, "active", False)
    if in_request and _request.version is not None:
        return _request.version
    version = _read_version()
    if in_request:
        _request.version = version
    return version


def _read_version() -> int:
    if settings.CONTENT_VERSION_FILE:
        return _file_version(settings.CONTENT_VERSION_FILE)
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() so that concurrent first requests agree on one starting value.
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


_bulk = threading.local()


def bumps_suspended() -> bool:
    return getattr(_bulk, "depth", 0) > 0


@contextmanager
def bulk_load():
    """Suspend the per-row version bump while loading data in bulk; bump once at the end.

    Without this, every saved or deleted row queues its own bump (and a collector-driven
    delete of thousands of rows sends thousands of signals).
    """
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
    if not bumps_suspended():
        from django.db import transaction

        # After commit, like the per-row bump: a page rendered mid-load must not be cached as new.
        transaction.on_commit(bump_content_version)


def bump_content_version() -> None:
    """Make every cached public page stale, on every web process sharing the cache."""
    _request.version = None  # this request's own write: read the new version from now on
    if settings.CONTENT_VERSION_FILE:
        path = settings.CONTENT_VERSION_FILE
        before = _file_version(path)
        _touch(path)
        if os.stat(path).st_mtime_ns == before:  # a coarse clock: move it on by hand
            os.utime(path, ns=(before + 1, before + 1))
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD") and not request.COOKIES.get("messages") and not request.user.is_authenticated
    )


class _Stored(NamedTuple):
    key: str  # the page's cache key: its language and full path
    version: int  # the content version now
    etag: str
    page: tuple[bytes, list[tuple[str, str]]] | None  # (content, headers), if stored under `version`


def _stored_page(language: str, full_path: str) -> _Stored:
    """The page as stored for this language and path, if it is still current.

    Each page has one key, and its entry carries the content version it was rendered under.
    With Redis the version and the page come in one round trip (MGET); a newer version makes
    the entry stale, and the next render overwrites it.
    """
    key = "page:" + hashlib.sha256(f"{language}|{full_path}".encode()).hexdigest()[:32]
    if settings.CONTENT_VERSION_FILE:
        version, stored = content_version(), cache.get(key)
    else:
        values = cache.get_many([VERSION_KEY, key])
        version, stored = values.get(VERSION_KEY), values.get(key)
        if version is None:
            version = _read_version()
        if getattr(_request, "active", False):
            _request.version = version
    page = stored[1:] if stored is not None and stored[0] == version else None
    etag = '"' + hashlib.sha256(f"{version}|{key}".encode()).hexdigest()[:32] + '"'
    return _Stored(key, version, etag, page)


def _not_modified(etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def public_page(view):
    """Serve an anonymous visitor's page from the shared cache, with an ETag.

    A miss renders the page and marks the request; PublicPageCacheMiddleware then stores the
    finished response (content and the headers every middleware added). A hit here, for an
    anonymous visitor whose request carries a session cookie, uses the stored content and
    lets the middlewares add their headers again.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        stored = _stored_page(get_language(), request.get_full_path())
        if stored.etag in request.headers.get("If-None-Match", ""):
            return _not_modified(stored.etag)
        if stored.page is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            # Stored under the version read before rendering: a write committed meanwhile
            # has moved the version on, so this page is stale at once rather than kept.
            request._public_page_store = (stored.key, stored.version)
        else:
            content, headers = stored.page
            response = HttpResponse(content, content_type=dict(headers).get("Content-Type"))
        response["ETag"] = stored.etag
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    wrapper.public_page = True
    return wrapper


@lru_cache(maxsize=512)
def _is_public_path(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


class PublicPageCacheMiddleware:
    """Answer an anonymous visitor's public page from the cache before the rest of the stack.

    Placed after the security and static-file middlewares and before sessions: a visitor
    without a session or messages cookie cannot be signed in and has nothing personal on
    the page, so the finished response stored on the first visit (with the headers that
    CSP, locale, clickjacking and our own middlewares added) is replayed as it was, without
    loading a session, a user or the URL's view. Everyone else goes the whole way, where
    `public_page` decides.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and _is_public_path(request.path_info)
        ):
            stored = _stored_page(translation.get_language_from_request(request), request.get_full_path())
            if stored.etag in request.headers.get("If-None-Match", ""):
                return _not_modified(stored.etag)
            if stored.page is not None:
                content, headers = stored.page
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return response
        response = self.get_response(request)
        store = getattr(request, "_public_page_store", None)
        if store and response.status_code == 200 and not response.streaming and not response.cookies:
            key, version = store
            cache.set(key, (version, response.content, list(response.items())), PAGE_TIMEOUT)
        return response


def public_urls(urlconf_module, *, names: set[str] | None = None):
    """An app's URL patterns with their views (or only `names`) served through public_page.

    The apps do not decide which of their pages are public and cacheable: the project does,
    here in one place.
    """
    from django.urls import URLPattern

    patterns = [
        URLPattern(p.pattern, public_page(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern) and (names is None or p.name in names)
        else p
        for p in urlconf_module.urlpatterns
    ]
    return patterns, urlconf_module.app_name


# Parts of pages stored under keys that hold the content version (see invekst.cache_backends).
versioned_cache = ConnectionProxy(caches, "versioned")
