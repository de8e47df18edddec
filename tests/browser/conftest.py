"""Browser fixtures: a Chromium for the session, a checked page per viewport, logging in.

The harness itself (PageChecker, viewports, axe) is in tests/browser/harness.py.
"""

import os

import pytest

from tests.browser.harness import CHROMIUM, DESKTOP, PHONE, PageChecker, missing

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# for setting up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def checker(request, browser, live_server):
    context = browser.new_context(viewport=request.param, locale="nb-NO", java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield PageChecker(page, live_server.url)
    context.close()


@pytest.fixture
def log_in_browser():
    """Log a browser page in through the real login form."""

    def _log_in(checker: PageChecker, email: str, password: str):
        checker.goto("/konto/login/")
        checker.page.fill("input[name=login]", email)
        checker.page.fill("input[name=password]", password)
        checker.page.click("main form [type=submit]")
        checker.page.wait_for_load_state()

    return _log_in
