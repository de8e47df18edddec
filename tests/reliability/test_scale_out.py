"""Two gunicorn instances sharing PostgreSQL and Redis behave as one site.

A login made on one instance is valid on the other (sessions live in the database, cached in
Redis), a logout on one ends the session on the other too, and a
content change made through one is visible on the other at once (the page cache and its
content version live in Redis). Redis DB 5 at 127.0.0.1:6379 is flushed before and after.
"""

import os
import re
import urllib.request
from html.parser import HTMLParser

import pytest

from tests.reliability.harness import Browser, Portal, fetch, pg_is_up, psql

pytestmark = pytest.mark.reliability

REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/5")
ADMIN = ("kari.admin@demo.invekst.no", "invekst-demo-2026")


class FormValues(HTMLParser):
    """The values a browser would submit for the first form whose action matches."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values, self._select, self._textarea = action, False, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action", "") in ("", self.action) and not self.values
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    if not pg_is_up():
        pytest.fail("the scale-out test needs PostgreSQL at 127.0.0.1:5432")
    flush_redis()
    db = f"invekst_scaleout_{os.getpid()}"
    psql(f'DROP DATABASE IF EXISTS "{db}"')
    psql(f'CREATE DATABASE "{db}"')
    base = tmp_path_factory.mktemp("scale-out")
    first, second = Portal(db, base / "static"), Portal(db, base / "static")
    for portal in (first, second):
        portal.env = lambda _env=portal.env, **kw: _env(REDIS_URL=REDIS_URL, **kw)
    first.manage("collectstatic", "--noinput", "-v0")
    first.manage("migrate", "--noinput", "-v0")
    first.manage("seed")
    first.manage("demo")
    first.start()
    second.start()
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        flush_redis()


def test_a_login_on_one_instance_is_valid_on_the_other(two_instances):
    first, second = two_instances
    assert first.port != second.port
    browser = Browser(first.url).login(*ADMIN)
    browser.base = second.url  # the same cookies, sent to the other instance
    status, html = browser.get("/min-side/")
    assert status == 200
    assert "Eksempelbedrift Mjøsa AS (demo)" in html
    # And not because the second instance lets anyone in.
    anonymous = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    status, html = fetch(second.url + "/min-side/", opener=anonymous)
    assert "/konto/login/" in html or status in (302, 403)


def test_a_logout_on_one_instance_ends_the_session_on_the_other(two_instances):
    """Sessions are cached in the shared Redis: the cached copy must go with the logout."""
    first, second = two_instances
    browser = Browser(first.url).login(*ADMIN)
    stolen = [(c.name, c.value) for c in browser.jar]
    assert browser.get("/min-side/")[0] == 200  # the session is now cached on the first instance
    browser.base = second.url
    assert browser.get("/min-side/")[0] == 200
    browser.post_form("/konto/logout/", {})
    assert not any(c.name == "sessionid" for c in browser.jar)
    cookie = "; ".join(f"{name}={value}" for name, value in stolen)
    for portal in (first, second):
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", cookie)]
        status, html = fetch(portal.url + "/min-side/", opener=opener)
        assert "/konto/login/" in html or status in (302, 403), portal.url


def test_a_change_through_one_instance_shows_on_the_other_at_once(two_instances):
    first, second = two_instances
    status, before = fetch(second.url + "/medlemmer/")
    assert status == 200
    assert "Eksempelbedrift Mjøsa AS (demo)" in before
    again = urllib.request.Request(second.url + "/medlemmer/")
    with urllib.request.urlopen(again) as response:  # cached now, with an ETag
        etag = response.headers["ETag"]
    assert etag

    browser = Browser(first.url).login(*ADMIN)
    status, html = browser.get("/min-side/bedrift/")
    assert status == 200
    form = FormValues("")
    form.feed(html)
    values = {k: v for k, v in form.values.items() if k != "csrfmiddlewaretoken"}
    assert values.get("name") == "Eksempelbedrift Mjøsa AS (demo)"
    values["name"] = "Skalert Bedrift AS (demo)"
    status, html = browser.post_form(f"/min-side/bedrift/?bedrift={values['bedrift']}", values)
    assert status == 200
    assert "Skalert Bedrift AS (demo)" in html

    status, after = fetch(second.url + "/medlemmer/")
    assert "Skalert Bedrift AS (demo)" in after
    assert "Eksempelbedrift Mjøsa AS (demo)" not in after
    revalidate = urllib.request.Request(second.url + "/medlemmer/", headers={"If-None-Match": etag})
    with urllib.request.urlopen(revalidate) as response:
        assert response.status == 200  # not 304: the version moved on in Redis
        assert response.headers["ETag"] != etag
    assert re.search(r"Skalert Bedrift AS", fetch(first.url + "/medlemmer/")[1])
