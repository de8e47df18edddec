"""The whole back office passes axe, crawled as the secretariat would walk it.

Starting at /admin/, the crawl follows every link inside the admin: each model's list, its
add page, one change page (with its inlines and list-editable fields), its history and one
version in it, the import and export pages and every other page of its own. Links that only
differ by an id or a query string (filters, sorting, other rows) are visited once. Every
page answers 200 as HTML and passes axe with no rule excluded; the page's own console stays
clean (no CSP violation).

One Chromium context, logged in once, walks everything: the crawl runs in CI.
"""

import importlib
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from invekst.seed import seed_content
from tests.backoffice.conftest import everything, participation, rv4, staff  # noqa: F401 (fixtures)
from tests.browser.harness import DESKTOP, PageChecker
from tests.factories import PASSWORD, orgnrs
from workgroups.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

group_migration = importlib.import_module("invekst.migrations.0004_sekretariat_group")

# Leaving the admin, or not a page: signing out, the "view on site" redirects, the
# autocomplete JSON and the JavaScript catalogue.
SKIP = re.compile(r"^/admin/(logout/|r/|autocomplete/|jsi18n/)")
# The crawl is a smoke test of the whole back office, not of one model's many rows.
MAX_PAGES = 400


@pytest.fixture
def seeded(db):
    """The seed, and the «Sekretariat» group that live_server's flush of the tables removed."""
    seed_content()
    group_migration.assign(Group, Permission)


@pytest.fixture
def back_office(everything, rv4, participation):  # noqa: F811
    # A past meeting with minutes, so the meeting pages show every part they can.
    start = timezone.now() - timedelta(days=10)
    Meeting.objects.create(
        workgroup=rv4, starts_at=start, ends_at=start + timedelta(hours=2), minutes="Referat fra møtet."
    )


def _pattern(path: str) -> str:
    """The page a path is an instance of: ids and slugs of rows are one page."""
    return re.sub(r"/\d+/", "/N/", path)


def _admin_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urlsplit(href)
        if url.path.startswith("/admin/") and not SKIP.match(url.path):
            found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def test_every_back_office_page_passes_axe_for_the_secretariat(browser, live_server, back_office, staff, tmp_path):  # noqa: F811
    started = time.monotonic()
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(15_000)
    checker = PageChecker(page, live_server.url)
    checker.goto("/konto/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_load_state()

    queue, seen, visited, problems = ["/admin/"], set(), [], []
    loading = checking = 0.0
    slowest = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        key = _pattern(urlsplit(path).path)
        if key in seen:
            continue
        seen.add(key)
        checker.console_errors.clear()
        t0 = time.monotonic()
        response = page.goto(live_server.url + path)
        loading += time.monotonic() - t0
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or response.status != 200:
            problems.append(f"{path} answered {response.status if response else 'nothing'}")
            continue
        if not content_type.startswith("text/html"):
            continue  # a download (CSV, calendar file)
        visited.append(path)
        # Read the console before axe runs: axe's own inline styles are (rightly) refused by the CSP.
        page_errors = list(checker.console_errors)
        if page_errors:
            problems.append(f"{path}: console errors {page_errors}")
        t0 = time.monotonic()
        violations = checker.axe()
        checking += time.monotonic() - t0
        slowest.append((time.monotonic() - t0, path))
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} -> {targets}")
        queue.extend(link for link in _admin_links(page) if _pattern(urlsplit(link).path) not in seen)

    # The import's preview of a clean file, and its list of a bad file's errors.
    number = orgnrs(1, start=91_000_000)[0]
    header = "organisasjonsnummer,navn,kommune,bransje,ansatte\n"
    files = {
        "import preview": (f"{number},Raufoss Industri AS,3443,Industri,120\n", "Bekreft import"),
        "import errors": ("123,Feil AS,9999,Ikt,mange\n", "Feil"),
    }
    for name, (rows, expected) in files.items():
        upload = tmp_path / f"{name.replace(' ', '-')}.csv"
        upload.write_text(header + rows, encoding="utf-8")
        page.goto(live_server.url + "/admin/members/company/import/")
        page.set_input_files("input[name=import_file]", str(upload))
        page.select_option("select[name=format]", label="csv")
        with page.expect_navigation():
            page.click('form[enctype="multipart/form-data"] [type=submit]')
        assert expected in page.content(), name
        visited.append(name)
        for violation in checker.axe():
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']} -> {targets}")
    context.close()
    elapsed = time.monotonic() - started
    print(f"\nadmin crawl: {len(visited)} pages in {elapsed:.0f} s ({loading:.0f} s loading, {checking:.0f} s axe)")
    print("slowest axe runs:", [(round(t, 1), p) for t, p in sorted(slowest, reverse=True)[:8]])

    assert not problems, f"{len(problems)} problems on {len(visited)} admin pages:\n" + "\n".join(problems)
    # The crawl reached the models' own pages, not just the index.
    kinds = {re.sub(r"^/admin/[^/]+/[^/]+/", "", _pattern(urlsplit(p).path)) for p in visited}
    assert {"", "add/", "N/change/", "N/history/", "N/history/N/", "import/", "export/"} <= kinds, kinds
    assert len(visited) >= 60, visited
