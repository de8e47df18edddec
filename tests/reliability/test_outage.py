"""Database outage: stop PostgreSQL under traffic, then start it again.

/healthz answers 503, pages answer the calm error page, no request hangs, the portal
recovers without a restart, and every write acknowledged before the outage is kept.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability.harness import Browser, count_rows, fetch, pg_start, pg_stop

pytestmark = pytest.mark.reliability

PAGES = ["/", "/strategi/", "/arbeidsgrupper/", "/om-oss/", "/kontakt/"]


def _timed(url):
    started = time.monotonic()
    try:
        status, body = fetch(url, timeout=15)
    except OSError as exc:  # a reset connection counts as an answer, not a hang
        status, body = 0, str(exc)
    return status, body, time.monotonic() - started


def test_portal_survives_a_database_outage(portal):
    visitor = Browser(portal.url)
    acknowledged = 0
    for i in range(10):
        status, _ = visitor.post_form(
            "/kontakt/",
            {"name": f"Før brudd {i}", "email": "a@example.no", "subject": "Test", "message": "Hei", "consent": "on"},
        )
        assert status == 200  # redirected to the thank-you page
        acknowledged += 1
    before = count_rows(portal.db, "invekst_contactmessage")
    assert before >= acknowledged

    try:
        pg_stop()
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(_timed, [portal.url + p for p in ["/healthz"] * 4 + PAGES * 2]))
        for status, body, seconds in results:
            assert seconds < 6, f"a request hung for {seconds:.1f}s during the outage"
            assert "Traceback" not in body
        health = results[:4]
        assert all(status == 503 for status, _, _ in health), health
        pages = results[4:]
        assert all(status == 500 for status, _, _ in pages), [s for s, _, _ in pages]
        assert all("Noe gikk galt" in body for _, body, _ in pages)
        print(
            f"\noutage: {len(results)} requests while PostgreSQL was down, statuses "
            f"{sorted({s for s, _, _ in results})}, slowest {max(t for _, _, t in results):.2f}s"
        )
    finally:
        pg_start()

    # Recovery without restarting gunicorn: persistent connections are health-checked.
    started = time.monotonic()
    deadline = started + 20
    while time.monotonic() < deadline:
        if fetch(portal.url + "/healthz", timeout=5)[0] == 200:
            break
        time.sleep(0.5)
    print(f"outage: /healthz answered 200 again {time.monotonic() - started:.1f}s after PostgreSQL was back")
    for path in PAGES:
        status, _ = fetch(portal.url + path)
        assert status == 200, path
    assert count_rows(portal.db, "invekst_contactmessage") == before
