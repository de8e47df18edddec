"""Outages of the accelerators and of the mail server, with web processes and a worker running.

- SMTP down for the length of the test: every contact message the portal acknowledged is
  delivered once the mail server is back (0 lost), and no request waited on it.
- Redis stopped under traffic: 0 answers of 5xx; a signed-in visitor stays signed in
  (sessions come from PostgreSQL); /healthz reports the cache unavailable and answers 200.

Each test starts its own gunicorn on the session's database, with its own settings; the
Redis test runs its own redis-server on a free port (the machine's shared one is left alone).
"""

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.reliability.fakesmtp import serve
from tests.reliability.harness import ROOT, Browser, Portal, fetch, free_port, psql

pytestmark = pytest.mark.reliability

PAGES = ["/", "/strategi/", "/arbeidsgrupper/", "/om-oss/", "/kontakt/", "/aktuelt/"]
MEMBER = ("ola.medlem@demo.invekst.no", "invekst-demo-2026")


def start_worker(portal: Portal, log: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--schedule-interval", "3600"],
        cwd=ROOT,
        env=portal.env(**env),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_no_message_is_lost_while_the_mail_server_is_down(portal, tmp_path):
    smtp_port = free_port()  # nothing listens here yet: connections are refused
    mail_env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "2",
        "EMAIL_RETRY_BASE_SECONDS": "1",
        "EMAIL_MAX_ATTEMPTS": "40",
    }
    web = Portal(portal.db, portal.static_root)
    web.log = tmp_path / "web.log"
    web.start(**mail_env)
    worker = start_worker(web, tmp_path / "worker.log", **mail_env)
    controller = None
    try:
        visitor = Browser(web.url)
        subjects = [f"SMTP-brudd {i} {time.time_ns()}" for i in range(12)]
        slowest = 0.0
        for subject in subjects:
            started = time.monotonic()
            status, html = visitor.post_form(
                "/kontakt/",
                {"name": "Brudd", "email": "b@example.no", "subject": subject, "message": "Hei", "consent": "on"},
            )
            slowest = max(slowest, time.monotonic() - started)
            assert status == 200 and "Takk!" in html  # acknowledged
        time.sleep(3)  # the worker tries, and fails, meanwhile
        waiting = int(
            psql("SELECT count(*) FROM core_outgoingmessage WHERE status = 'retrying' AND attempts >= 1", portal.db)
        )
        assert waiting >= len(subjects), waiting

        received = tmp_path / "mail.txt"
        controller = serve(smtp_port, received)
        back = time.monotonic()
        deadline = back + 90
        while time.monotonic() < deadline:
            text = received.read_text(errors="replace") if received.exists() else ""
            if all(subject in text for subject in subjects):
                break
            time.sleep(0.5)
        text = received.read_text(errors="replace") if received.exists() else ""
        missing = [s for s in subjects if s not in text]
        assert not missing, f"lost: {missing}"
        print(
            f"\nsmtp outage: {len(subjects)} messages acknowledged while SMTP was down (slowest answer "
            f"{slowest:.2f}s); all delivered {time.monotonic() - back:.1f}s after it came back"
        )
    finally:
        if controller:
            controller.stop()
        stop(worker)
        web.stop()


def _redis(port: int, directory: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            return process
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def test_pages_keep_serving_while_redis_is_stopped(portal, tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("the Redis outage test needs redis-server (apt-get install redis-server)")
    redis_port = free_port()
    redis = _redis(redis_port, tmp_path)
    web = Portal(portal.db, portal.static_root)
    web.log = tmp_path / "web.log"
    web.start(REDIS_URL=f"redis://127.0.0.1:{redis_port}/0", REDIS_TIMEOUT="0.5")
    member = Browser(web.url).login(*MEMBER)
    statuses: list[tuple[str, int, str]] = []
    phase = ["before"]
    stop_traffic = threading.Event()

    def traffic(client):
        i = 0
        while not stop_traffic.is_set():
            path = PAGES[i % len(PAGES)]
            try:
                status, _ = client.get(path, timeout=10)
            except OSError as exc:
                status = 0
                print("error", exc)
            statuses.append((phase[0], status, path))
            i += 1

    threads = [threading.Thread(target=traffic, args=(Browser(web.url),)) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        redis.terminate()
        redis.wait(timeout=10)
        phase[0] = "outage"
        time.sleep(1)
        # Signed in all along: the session is read from PostgreSQL when Redis is gone.
        status, html = member.get("/min-side/")
        assert status == 200 and 'name="password"' not in html, "signed out when Redis went away"
        status, body = fetch(web.url + "/healthz")
        assert status == 200 and '"cache": "unavailable"' in body, body
        time.sleep(4)
        redis = _redis(redis_port, tmp_path)
        phase[0] = "after"
        time.sleep(3)
    finally:
        stop_traffic.set()
        for thread in threads:
            thread.join()
        redis.terminate()
        web.stop()
    outage = [s for p, s, _ in statuses if p == "outage"]
    errors = [(p, s, path) for p, s, path in statuses if s >= 500 or s == 0]
    assert outage, "no traffic during the outage"
    assert not errors, errors[:10]
    assert all(s == 200 for _, s, _ in statuses)
    print(
        f"\nredis outage: {len(statuses)} requests ({len(outage)} while Redis was stopped), "
        f"statuses {sorted({s for _, s, _ in statuses})}, 0 5xx"
    )
