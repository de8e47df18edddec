"""Soak: a bounded mixed load for at least three minutes; zero 5xx, worker memory steady."""

import os
import random
import threading
import time
from collections import Counter

import pytest

from tests.reliability.harness import Browser, fetch, rss_kb

pytestmark = pytest.mark.reliability

SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "180"))
WARMUP_SECONDS = 20
PUBLIC = [
    "/",
    "/strategi/",
    "/strategi/folketall/",
    "/arbeidsgrupper/",
    "/arbeidsgrupper/rv4/",
    "/aktuelt/",
    "/om-oss/",
    "/kontakt/",
    "/robots.txt",
]
MEMBER = [
    "/min-side/",
    "/min-side/bedrift/",
    "/min-side/kolleger/",
    "/min-side/arbeidsgrupper/",
    "/min-side/mine-data/",
]
SECRETARIAT = ["/admin/", "/admin/members/company/", "/admin/invekst/newspost/"]


def test_mixed_load_has_no_errors_and_steady_memory(portal, record_property):
    from invekst.demo import COMPANY_ADMIN_EMAIL, DEMO_PASSWORD, SECRETARIAT_EMAIL

    statuses: Counter = Counter()
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def record(path, status):
        with lock:
            statuses[status] += 1
            if status >= 500 or status == 0:
                failures.append(f"{status} {path}")

    def anonymous():
        rng = random.Random(1)
        while not stop.is_set():
            path = rng.choice(PUBLIC)
            record(path, fetch(portal.url + path)[0])

    def member():
        rng = random.Random(2)
        browser = Browser(portal.url).login(COMPANY_ADMIN_EMAIL, DEMO_PASSWORD)
        while not stop.is_set():
            path = rng.choice(MEMBER)
            status, _ = browser.get(path)
            record(path, status if status != 404 else 200)  # a page another issue has not built yet

    def secretariat():
        rng = random.Random(3)
        browser = Browser(portal.url).login(SECRETARIAT_EMAIL, DEMO_PASSWORD)
        while not stop.is_set():
            path = rng.choice(SECRETARIAT)
            record(path, browser.get(path)[0])

    def writer():
        browser = Browser(portal.url)
        i = 0
        while not stop.is_set():
            i += 1
            status, _ = browser.post_form(
                "/kontakt/",
                {
                    "name": f"Soak {i}",
                    "email": "soak@example.no",
                    "subject": "Soak",
                    "message": "x" * 200,
                    "consent": "on",
                },
            )
            record("POST /kontakt/", status)
            time.sleep(0.2)

    threads = [threading.Thread(target=f, daemon=True) for f in (anonymous, anonymous, member, secretariat, writer)]
    for t in threads:
        t.start()
    time.sleep(WARMUP_SECONDS)
    pids = portal.worker_pids()
    start_rss = {pid: rss_kb(pid) for pid in pids}
    time.sleep(max(SOAK_SECONDS - WARMUP_SECONDS, 0))
    end_rss = {pid: rss_kb(pid) for pid in pids}
    stop.set()
    for t in threads:
        t.join(timeout=30)

    total = sum(statuses.values())
    record_property("requests", total)
    record_property("statuses", dict(statuses))
    growth = {pid: (end_rss[pid] - start_rss[pid]) / start_rss[pid] for pid in pids if start_rss[pid]}
    record_property("rss_kb_start", start_rss)
    record_property("rss_kb_end", end_rss)
    print(f"\nsoak: {total} requests in {SOAK_SECONDS}s, statuses {dict(statuses)}")
    print(f"soak: worker RSS start {start_rss} kB, end {end_rss} kB, growth {growth}")
    assert total > 100
    assert not failures, failures[:20]
    assert pids and all(g < 0.10 for g in growth.values()), growth
