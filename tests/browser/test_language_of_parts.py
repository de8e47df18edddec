"""In English, the secretariat's Norwegian content is marked lang="nb" (WCAG 2.1 3.1.2, Language of Parts).

No model has an English version of its texts (news, workgroups, the plan, the about page), so
an English page shows them in Norwegian, and says so on the element that holds them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from invekst.models import AssociationProfile, NewsPost
from invekst.seed import seed_content
from members.models import Representative
from plans.models import StrategicPlan, Target
from tests.browser.harness import DESKTOP, PageChecker
from tests.factories import PASSWORD, make_company, make_user
from workgroups.models import Commitment, Meeting, Participant, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each snippet of text on the page: the language of its nearest element that declares one.
LANGUAGE_OF = """snippets => snippets.map(snippet => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.includes(snippet)) return [snippet, node.parentElement.closest('[lang]').lang];
  }
  return [snippet, null];
})"""


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:40].strip()


@pytest.fixture
def content(db):
    seed_content()
    rv4 = Workgroup.objects.get(slug="rv4")
    rv4.mandate = "Arbeide for at riksvei 4 blir bygget ut som firefelts vei."
    rv4.goals = "Kortere reisetid mellom Gjøvik og Oslo."
    rv4.save()
    post = NewsPost.objects.create(
        title="Nytt fra styret",
        slug="nytt-fra-styret",
        lead="Styret har vedtatt årsplanen.",
        body="Årsplanen legger vekt på samferdsel.\n\nNeste møte er i januar.",
        status=NewsPost.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    user = make_user("kari@mjosbedriften.no", name="Kari Nordmann")
    company = make_company("999999980", "Mjøsbedriften AS")
    representative = Representative.objects.create(user=user, company=company, role=Representative.Role.ADMIN)
    commitment = Commitment.objects.create(company=company, workgroup=rv4, hours_per_year=40)
    Participant.objects.create(commitment=commitment, representative=representative)
    start = timezone.now() + timedelta(days=5)
    Meeting.objects.create(
        workgroup=rv4, title="Møte om høringen", starts_at=start, ends_at=start + timedelta(hours=1), agenda="Høring"
    )
    plan = StrategicPlan.objects.current()
    target = Target.objects.filter(plan=plan).first()
    profile = AssociationProfile.objects.current()
    return {
        "/": [plan.vision, post.title, post.lead, rv4.name],
        "/om-oss/": [_first_line(profile.purpose), _first_line(profile.how_we_work)],
        "/aktuelt/": [post.title, post.lead],
        f"/aktuelt/{post.slug}/": [post.title, post.lead, "Neste møte er i januar."],
        "/arbeidsgrupper/": [rv4.name],
        "/arbeidsgrupper/rv4/": [rv4.mandate, rv4.goals],
        "/strategi/": [plan.vision],
        f"/strategi/{target.slug}/": [target.title, _first_line(target.wording)],
        "/min-side/arbeidsgrupper/rv4/": [rv4.mandate, "Møte om høringen"],
    }


def test_in_english_the_norwegian_content_is_marked_as_norwegian(browser, live_server, content):
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    checker = PageChecker(context.new_page(), live_server.url)
    checker.page.set_default_timeout(15_000)
    checker.goto("/konto/login/")
    checker.page.fill("input[name=login]", "kari@mjosbedriften.no")
    checker.page.fill("input[name=password]", PASSWORD)
    checker.page.click("main form [type=submit]")
    checker.page.wait_for_load_state()
    checker.goto("/i18n/sprak/en/?next=/")  # the language switcher's own link
    for path, snippets in content.items():
        checker.console_errors.clear()
        checker.goto(path)
        assert checker.page.locator("html").get_attribute("lang") == "en", path
        languages = dict(checker.page.evaluate(LANGUAGE_OF, snippets))
        assert languages == dict.fromkeys(snippets, "nb"), f"{path}: {languages}"
        checker.assert_accessible(f"language-of-parts{path}")
    context.close()
