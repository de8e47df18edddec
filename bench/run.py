#!/usr/bin/env python
"""`make bench`: the portal at 10,000 member companies under load, page by page.

Creates a fresh PostgreSQL database, migrates, seeds, loads the demo and seed_scale
(10,000 companies by default), collects static files and starts gunicorn with production
settings (plain HTTP for the test rig: DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_SECURE_COOKIES=0;
ALLOWED_HOSTS 127.0.0.1). Then, one page after another, it warms the page up and loads it
with wrk for a fixed time at a fixed concurrency, and measures queries per request in a
separate process (bench/queries.py). The results, the machine and the settings are written
into docs/PERFORMANCE.md between the bench markers. Not part of `make test` or CI.

    .venv/bin/python bench/run.py [--companies 10000] [--duration 10] [--connections 8]
                                  [--workers 4] [--db invekst_bench] [--redis-url URL]

With --redis-url (a Redis database the script flushes first) the portal runs as it does on
several instances: pages, the content version and sessions in Redis. Its table goes into its
own block of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.harness import Browser, Portal, fetch, pg_is_up, psql, rss_kb  # noqa: E402

DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MEMBER = "kari.admin@demo.invekst.no"  # the demo company admin, a participant in RV4
SECRETARIAT = "sekretariat@demo.invekst.no"  # the demo secretariat: staff in «Sekretariat», not superuser
DEMO_PASSWORD = "invekst-demo-2026"

# (label, path or "static", who, goal class)
PAGES = [
    ("robots.txt (floor)", "/robots.txt", "", "floor"),
    ("static file (site.css)", "static", "", "static"),
    ("home /", "/", "", "public"),
    ("strategy /strategi/", "/strategi/", "", "public"),
    ("target /strategi/folketall/", "/strategi/folketall/", "", "public"),
    ("workgroups /arbeidsgrupper/", "/arbeidsgrupper/", "", "public"),
    ("member list /medlemmer/", "/medlemmer/", "", "public"),
    ("404 page, signed in (member floor)", "/finnes-ikke/", MEMBER, "member-floor"),
    ("Min side /min-side/", "/min-side/", MEMBER, "member"),
    ("workgroup room (RV4)", "/min-side/arbeidsgrupper/rv4/", MEMBER, "member"),
    ("colleagues /min-side/kolleger/", "/min-side/kolleger/", MEMBER, "member"),
    ("a commitment", "commitment", MEMBER, "member"),
    ("admin company changelist", "/admin/members/company/", SECRETARIAT, "admin"),
    ("stock Django admin, same model (admin floor)", "/bench-admin/members/company/", SECRETARIAT, "admin-floor"),
]
# Each goal is a ratio of req/s to its class's floor in the same run (issue 12's restated goals):
# public pages to robots.txt, signed-in pages to the signed-in 404 page (session, user and
# layout: the stack's own signed-in floor), our changelist to stock Django admin.
FLOORS = {"public": "floor", "member": "member-floor", "admin": "admin-floor"}
GOALS = {"public": 0.8, "member": 0.3, "admin": 4.0}
RSS_GOAL_MB = 150
CACHE_MEMORY = "local memory per worker, content version in a file; sessions in PostgreSQL"
CACHE_REDIS = "Redis {} (pages, content version; sessions cached_db: Redis in front of PostgreSQL)"
P99_FACTOR = 10


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    log("wrk is missing: installing the Debian package")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    import django

    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": psql("SHOW server_version"),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
        or "wrk",
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    number, unit = float(match.group(1)), match.group(2)
    return number * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, *, duration: int, connections: int, threads: int, cookie: str) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": 0,
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    result["errors"] = result["non_2xx"] + (sum(int(x) for x in socket.groups()) if socket else 0)
    return result


def session_cookie(portal: Portal, email: str) -> str:
    browser = Browser(portal.url).login(email, DEMO_PASSWORD)
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar)


def run_script(portal: Portal, script: str, argument, *, hosts: str) -> dict:
    """A bench/ script's JSON answer, run in its own process against the benchmark's database."""
    result = subprocess.run(
        [sys.executable, script, json.dumps(argument)],
        cwd=ROOT,
        env=portal.env(DJANGO_ALLOWED_HOSTS=hosts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_queries(portal: Portal, pages: list[tuple[str, str]]) -> dict:
    return run_script(portal, "bench/queries.py", pages, hosts="testserver,127.0.0.1")


def measure_inprocess(portal: Portal, pages: list[tuple[str, str, str]]) -> dict:
    return run_script(portal, "bench/inprocess.py", pages, hosts="127.0.0.1")


# What any page costs before it does anything: middleware, session, user and the layout.
REFERENCES = [
    ("404 page, anonymous (layout only)", "/finnes-ikke/", ""),
    ("404 page, signed in (session, user, layout)", "/finnes-ikke/", MEMBER),
]


def commitment_path(portal: Portal) -> str:
    """The demo company admin's active commitment (its id differs from run to run)."""
    pk = psql(
        "SELECT c.id FROM workgroups_commitment c JOIN members_representative r ON r.company_id = c.company_id "
        f"JOIN members_user u ON u.id = r.user_id WHERE u.email = '{MEMBER}' AND c.end_date IS NULL "
        "ORDER BY c.id LIMIT 1",
        portal.db,
    )
    return f"/min-side/arbeidsgrupper/forpliktelse/{pk}/"


def prepare(portal: Portal, companies: int) -> float:
    psql(f'DROP DATABASE IF EXISTS "{portal.db}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{portal.db}"')
    log(f"database {portal.db}: migrate, seed, demo")
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("seed")
    portal.manage("demo")
    log(f"seed_scale --companies {companies}")
    started = time.monotonic()
    scale = subprocess.run(
        [sys.executable, "bench/seed_scale.py", "--companies", str(companies)],
        cwd=ROOT,
        env=portal.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    print(scale.stdout.strip(), flush=True)
    seeded_in = time.monotonic() - started
    log("collectstatic")
    portal.manage("collectstatic", "--noinput", "-v0")
    return seeded_in


def table(rows: list[dict], floor: dict) -> list[str]:
    lines = [
        "| page | signed in as | req/s | ratio to its floor | goal | p50 ms | p99 ms | p99 / robots p99 | queries fresh / repeat | in-process ms | errors |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    floors = {row["class"]: row for row in rows}
    for row in rows:
        own_floor = floors.get(FLOORS.get(row["class"], "floor"), floor)
        ratio = row["rps"] / own_floor["rps"]
        goal = GOALS.get(row["class"])
        verdict = "–" if goal is None else f"≥ {goal} {'✅' if ratio >= goal else '❌'}"
        p99_ratio = row["p99"] / floor["p99"] if floor["p99"] else 0
        q = row.get("queries") or {}
        queries = f"{q.get('fresh', '–')} / {q.get('repeat', '–')}" if q else "–"
        who = {"": "anonymous", MEMBER: "company admin (demo)", SECRETARIAT: "secretariat (demo)"}[row["who"]]
        lines.append(
            f"| {row['label']} | {who} | {row['rps']:.0f} | {ratio:.2f} | {verdict} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {p99_ratio:.1f} {'✅' if p99_ratio <= P99_FACTOR else '❌'} | {queries} | "
            f"{row.get('inprocess', '–')} | {row['errors']} |"
        )
    return lines


def write_doc(section: str, *, redis: bool) -> None:
    """Replace the run's block in docs/PERFORMANCE.md: one block for memory, one for Redis."""
    start, end = (
        (START.replace("bench:", "bench-redis:"), END.replace("bench:", "bench-redis:")) if redis else (START, END)
    )
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    DOC.write_text(f"{head}{start}\n{section}\n{end}{tail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "invekst_bench"))
    parser.add_argument("--redis-url", default="", help="use this Redis as the shared cache (default: memory)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--only", default="", help="only pages whose label contains this text (the floors always run); implies --no-doc"
    )
    parser.add_argument("--no-doc", action="store_true", help="print the table, do not write docs/PERFORMANCE.md")
    args = parser.parse_args()
    floors = {"floor", *FLOORS.values()}
    pages = [page for page in PAGES if page[3] in floors or args.only.lower() in page[0].lower()]
    args.no_doc = args.no_doc or bool(args.only)

    ensure_wrk()
    if not pg_is_up():
        sys.exit("the benchmark needs PostgreSQL at 127.0.0.1:5432")
    work = ROOT / "bench" / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    portal = Portal(args.db, work / "static")
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # nothing left from an earlier run
        portal.env = lambda _env=portal.env, **kw: _env(REDIS_URL=args.redis_url, **kw)
    info = machine()
    seeded_in = prepare(portal, args.companies)
    manifest = json.loads((work / "static" / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]
    pages = [(label, commitment_path(portal) if path == "commitment" else path, *rest) for label, path, *rest in pages]
    # The portal's settings plus stock Django admin at /bench-admin/ (bench/urls.py).
    portal.env = lambda _env=portal.env, **kw: _env(DJANGO_SETTINGS_MODULE="bench.settings", **kw)

    log(f"gunicorn with {args.workers} workers on {portal.url}")
    portal.start(workers=args.workers)
    rows = []
    try:
        cookies = {"": "", MEMBER: session_cookie(portal, MEMBER), SECRETARIAT: session_cookie(portal, SECRETARIAT)}
        queries = measure_queries(portal, [(path, who) for _, path, who, _ in pages if path != "static"])
        log("in-process cost per request (bench/inprocess.py)")
        inprocess = measure_inprocess(
            portal, [(label, path, who) for label, path, who, _ in pages if path != "static"] + REFERENCES
        )
        for label, path, who, klass in pages:
            path = static_path if path == "static" else path
            url = portal.url + path
            status = fetch(url)[0] if not who else None
            if status not in (None, 200) and klass != "member-floor":
                raise RuntimeError(f"{path} answered {status}")
            options = {"connections": args.connections, "threads": args.threads, "cookie": cookies[who]}
            if args.warmup:
                run_wrk(url, duration=args.warmup, **options)
            log(f"{label}: {args.duration} s at {args.connections} connections")
            result = run_wrk(url, duration=args.duration, **options)
            if klass == "member-floor":  # a 404 page by design: only socket errors count
                result["errors"] -= result["non_2xx"]
            result.update(label=label, who=who, path=path, **{"class": klass}, queries=queries.get(path))
            result["inprocess"] = inprocess.get(label, {}).get("ms", "–")
            log(f"  {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms")
            rows.append(result)
        rss = [rss_kb(pid) / 1024 for pid in portal.worker_pids()]
    finally:
        portal.stop()
        if not args.keep_db:
            psql(f'DROP DATABASE IF EXISTS "{portal.db}" WITH (FORCE)')

    floor = rows[0]
    counts = psql("SELECT count(*) FROM members_company", args.db) if args.keep_db else str(args.companies)
    lines = [
        f"Run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, `bench/run.py` "
        f"(`--companies {args.companies} --duration {args.duration} --connections {args.connections} "
        f"--workers {args.workers}`).",
        "",
        "| machine and settings | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        f"| gunicorn | {args.workers} sync workers, 1 thread each, production settings, max_requests off |",
        f"| cache | {CACHE_REDIS.format(args.redis_url) if args.redis_url else CACHE_MEMORY} |",
        f"| load | wrk, {args.threads} threads, {args.connections} connections, {args.warmup} s warm-up + "
        f"{args.duration} s per page, one page after another |",
        f"| data | {counts} companies incl. demo; seed_scale took {seeded_in:.1f} s |",
        "",
        *table(rows, floor),
        "",
        "In-process ms: the median cost of one request through Django's whole stack in a separate "
        "process with no load (bench/inprocess.py); no HTTP server. For reference, "
        + ", ".join(f"{label}: {inprocess[label]['ms']} ms" for label, _, _ in REFERENCES)
        + ".",
        "",
        f"Resident memory per gunicorn worker after the run: "
        f"{', '.join(f'{mb:.0f}' for mb in rss)} MB (max {max(rss):.0f} MB, goal ≤ {RSS_GOAL_MB} MB "
        f"{'✅' if max(rss) <= RSS_GOAL_MB else '❌'}).",
    ]
    section = "\n".join(lines)
    print(section)
    (work / "results.json").write_text(
        json.dumps({"machine": info, "rows": rows, "rss_mb": rss, "inprocess": inprocess}, indent=2)
    )
    if not args.no_doc:
        write_doc(section, redis=bool(args.redis_url))
        log(f"written to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
