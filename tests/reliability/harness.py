"""The reliability harness: a production-like portal (gunicorn, PostgreSQL) and an HTTP client.

The `portal` fixture that starts one for the session is in conftest.py.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("RELIABILITY_PG", "postgres://postgres@127.0.0.1:5432")


def pg_is_up() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def pg_cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return [version, "main"]


def pg_stop() -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *pg_cluster(), "stop", "-m", "fast"], check=True)


def pg_start() -> None:
    if not pg_is_up():
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *pg_cluster(), "start"], check=False)
    for _ in range(60):
        if pg_is_up():
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not come back")


def psql(sql: str, db: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", f"{PG}/{db}", "-v", "ON_ERROR_STOP=1", "-Atqc", sql], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(db: str, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY="reliability-run-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=f"{PG}/{db}",
        ACCOUNT_EMAIL_VERIFICATION="optional",
        ADMIN_REQUIRE_MFA="0",
        CONTACT_RATE_LIMIT="100000/h",
        GUNICORN_ACCESSLOG="",
    )
    env.update(extra)
    env.pop("DJANGO_TESTING", None)
    return env


class Portal:
    def __init__(self, db: str, static_root: Path):
        self.db = db
        self.static_root = static_root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = static_root.parent / "gunicorn.log"

    def env(self, **extra):
        return production_env(self.db, STATIC_ROOT=str(self.static_root), **extra)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, workers: int = 2, **extra_env):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "invekst.wsgi:application",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=self.env(GUNICORN_MAX_REQUESTS="0", **extra_env),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.url + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start: " + self.log.read_text()[-2000:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fetch(url: str, data: dict | None = None, timeout: float = 10, opener=None):
    """(status, body) for a GET or form POST; never raises for HTTP error statuses."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


class Browser:
    """A cookie-keeping HTTP client that fills in CSRF tokens like a browser would."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 10):
        return fetch(self.base + path, opener=self.opener, timeout=timeout)

    def post_form(self, path: str, data: dict, timeout: float = 10):
        status, html = self.get(path, timeout=timeout)
        match = self.CSRF.search(html)
        assert match, f"no CSRF token on {path} ({status})"
        return fetch(
            self.base + path, {**data, "csrfmiddlewaretoken": match.group(1)}, opener=self.opener, timeout=timeout
        )

    def login(self, email: str, password: str):
        status, _ = self.post_form("/konto/login/", {"login": email, "password": password})
        assert any(c.name == "sessionid" for c in self.jar), f"login as {email} failed ({status})"
        return self


def count_rows(db: str, table: str) -> int:
    return int(psql(f"SELECT count(*) FROM {table}", db))


def all_table_counts(db: str) -> dict[str, int]:
    tables = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", db).split()
    return {t: count_rows(db, t) for t in tables}


def dump_json(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=True)
