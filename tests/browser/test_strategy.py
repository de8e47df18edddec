import subprocess

import pytest

from plans.models import Target
from tests.browser.harness import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = ROOT / "test-artifacts"
NARROW = {"width": 320, "height": 720}


@pytest.fixture
def content(seeded):
    """The seed content only."""


def test_strategy_page_passes_axe(checker, content):
    checker.goto("/strategi/")
    assert checker.page.locator("svg.chart[role=img]").count() == 1
    assert checker.page.get_by_text("Delvis nådd").first.is_visible()
    checker.assert_accessible("strategy")
    assert checker.console_errors == []


def test_every_target_page_passes_axe(checker, content):
    slugs = list(Target.objects.values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        checker.goto(f"/strategi/{slug}/")
        checker.assert_accessible(f"target-{slug}")
    assert checker.console_errors == []


def test_report_passes_axe(checker, content):
    checker.goto("/strategi/rapport/2025/")
    assert checker.page.locator("section.report-target").count() == 4
    checker.assert_accessible("report-2025")


def test_at_320_px_the_figure_table_scrolls_with_a_hint_and_the_source_column_is_whole(browser, live_server, content):
    context = browser.new_context(viewport=NARROW, locale="nb-NO")
    page = context.new_page()
    page.goto(live_server.url + "/strategi/folketall/")
    wrap = page.locator("#figures-caption").locator("xpath=ancestor::div[contains(@class,'table-wrap')]")
    assert page.locator("#figures-hint").is_visible()
    sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]  # wider than the screen: it scrolls instead of squeezing
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]  # the page itself does not
    # The last column (where the value was read) is whole: its cells are not clipped inside their own box.
    cell = page.locator("table.data-table tbody tr td.source-col a").first
    assert cell.evaluate("el => el.scrollWidth <= el.parentElement.clientWidth + 1")
    # Chart labels stay readable: the rendered tick text is at least 10 px high.
    height = page.locator("svg.chart text.chart-tick").first.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 10
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "target-folketall-320-table.png"), full_page=True)
    context.close()


def test_the_2025_report_prints_to_pdf(browser, live_server, content):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(live_server.url + "/strategi/rapport/2025/")
    page.emulate_media(media="print")
    # In print the site's navigation is hidden and every target starts on a new page.
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("section.report-target").first.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    page.screenshot(path=str(ARTIFACTS / "report-2025-print-media.png"), full_page=True)
    pdf = ARTIFACTS / "report-2025.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    data = pdf.read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 5
        or len(data) > 50_000
    )
    try:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", str(pdf), str(ARTIFACTS / "report-2025-pdf-page")],
            check=True,
            timeout=120,
        )
    except FileNotFoundError:
        pytest.skip("pdftoppm (poppler-utils) is not installed; the PDF itself is in test-artifacts/")
    pages = sorted(ARTIFACTS.glob("report-2025-pdf-page-*.png"))
    assert len(pages) >= 5  # the summary, then one page (at least) per target
