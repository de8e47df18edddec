import pytest

from invekst.models import NewsPost

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PATHS = [
    "/",
    "/strategi/",
    "/strategi/folketall/",
    "/om-oss/",
    "/arbeidsgrupper/",
    "/arbeidsgrupper/rv4/",
    "/aktuelt/",
    "/aktuelt/portalen-er-apnet/",
    "/kontakt/",
    "/personvern/",
    "/tilgjengelighet/",
]


@pytest.fixture
def content(seeded):
    NewsPost.objects.create(
        title="Portalen er åpnet",
        slug="portalen-er-apnet",
        lead="Næringslaget INVEKST har fått ny portal.",
        body="Første avsnitt.\n\nAndre avsnitt.",
        status=NewsPost.Status.PUBLISHED,
    )


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_passes_axe(checker, content, path):
    checker.goto(path)
    checker.assert_accessible(f"public{path}")
    assert checker.console_errors == []


def test_not_found_page_passes_axe(checker, content):
    checker.goto("/finnes-ikke/", expect_status=404)
    checker.assert_accessible("404")


def test_contact_form_errors_pass_axe_and_work_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO", viewport={"width": 360, "height": 740})
    page = context.new_page()
    from tests.browser.harness import PageChecker

    checker = PageChecker(page, live_server.url)
    checker.goto("/kontakt/")
    page.fill("#id_name", "Kari Nordmann")
    page.click("main form button[type=submit]")
    assert page.locator("#id_email_error").is_visible()
    context.close()
    # axe needs JavaScript for itself, so check the same error page with it on.
    context = browser.new_context(locale="nb-NO", viewport={"width": 360, "height": 740})
    checker = PageChecker(context.new_page(), live_server.url)
    checker.goto("/kontakt/")
    checker.page.click("main form button[type=submit]")
    checker.assert_accessible("contact-errors")
    context.close()


def test_language_switcher_works_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(live_server.url + "/om-oss/")
    page.click("a[hreflang=en]")
    assert page.locator("h1").inner_text() == "About Næringslaget INVEKST"
    context.close()
