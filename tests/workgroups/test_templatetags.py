import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load workgroup_tags %}{% company_commitments company %}")


def test_it_shows_the_obligation_not_met_and_links_to_the_page(company, company_admin):
    html = TEMPLATE.render(Context({"company": company, "user": company_admin}))
    assert "Forpliktelsen er ikke oppfylt" in html
    assert f'href="/min-side/arbeidsgrupper/?bedrift={company.pk}"' in html
    assert "Forplikt bedriften til en arbeidsgruppe på arbeidsgruppesiden" in html


def test_it_lists_active_commitments_with_people(company, company_member, participating):
    html = TEMPLATE.render(Context({"company": company, "user": company_member}))
    assert "Forpliktelsen er oppfylt" in html
    assert "RV4" in html
    assert "1 person, 40 timer i året" in html
    assert f'href="/min-side/arbeidsgrupper/forpliktelse/{participating.commitment.pk}/"' in html


def test_one_hour_is_one_hour_and_people_and_hours_are_counted_apart(company, company_member, participating):
    """Issue 15.7: «1 timer i året» was the people count's plural applied to the hours."""
    participating.commitment.hours_per_year = 1
    participating.commitment.save()
    html = TEMPLATE.render(Context({"company": company, "user": company_member}))
    assert "1 person, 1 time i året" in html
