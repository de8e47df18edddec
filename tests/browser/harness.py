"""Browser test harness: Playwright driving Debian's Chromium, with axe-core for WCAG 2.1 AA.

When Chromium is missing the tests skip with a reason, except under CI, where they fail.
Screenshots of every page checked go to test-artifacts/screenshots/. The fixtures that use
this (browser, checker, log_in_browser) are in conftest.py.
"""

import functools
import os
import re
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def missing() -> str | None:
    """Why the browser tests cannot run on this machine, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return f"axe-core not found at {AXE} (npm install)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


class PageChecker:
    """One browser page plus the checks every page must pass."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def goto(self, path: str, expect_status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.status == expect_status, f"{path} answered {response.status}"
        if expect_status >= 400:
            # The browser logs the document's own error status; that is expected here.
            own = f"status of {expect_status}"
            self.console_errors = [e for e in self.console_errors if own not in e]
        return response

    def axe(self) -> list[dict]:
        # Evaluated through the DevTools protocol: the page's CSP (rightly) forbids inline scripts.
        self.page.evaluate(_axe_source())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        return result["violations"]

    def assert_accessible(self, name: str):
        violations = self.axe()
        described = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations
        ]
        self.screenshot(name)
        assert not described, f"axe found WCAG violations on {self.page.url}:\n" + "\n".join(described)
        # Content-Security-Policy violations and script errors show up as console errors.
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^a-zA-Z0-9_-]+", "_", name).strip("_") or "page"
        width = self.page.viewport_size["width"] if self.page.viewport_size else 0
        self.page.screenshot(path=str(SCREENSHOTS / f"{safe}-{width}.png"), full_page=True)
