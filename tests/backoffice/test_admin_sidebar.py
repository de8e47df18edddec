"""The admin's navigation sidebar of a list comes from the cache, per permissions, language and page."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Permission

from invekst.admin_site import InvekstAdminSite
from tests.conftest import make_user

COMPANIES = "/admin/members/company/"


def sidebar(response) -> str:
    nav = re.search(r'<nav class="sticky" id="nav-sidebar".*?</nav>', response.content.decode(), re.S)
    assert nav, "no sidebar on the page"
    return nav.group(0)


@pytest.fixture
def app_lists(monkeypatch):
    """How many times the admin built its list of apps and models."""
    built = []
    original = AdminSite._build_app_dict

    def counting(self, request, label=None):
        built.append(request.path)
        return original(self, request, label)

    monkeypatch.setattr(AdminSite, "_build_app_dict", counting)
    return built


def test_the_site_is_ours():
    assert isinstance(admin.site, InvekstAdminSite)


def test_a_list_reads_its_sidebar_from_the_cache(client, login, staff, app_lists):
    login(staff)
    first = sidebar(client.get(COMPANIES))
    assert app_lists == [COMPANIES]
    again = sidebar(client.get(COMPANIES))
    assert app_lists == [COMPANIES]  # not built again
    assert again == first
    assert 'href="/admin/workgroups/participant/"' in first


def test_the_sidebar_marks_the_list_it_is_on(client, login, staff):
    login(staff)
    companies = sidebar(client.get(COMPANIES))
    users = sidebar(client.get("/admin/members/user/"))
    assert '<tr class="model-company current-model">' in companies
    assert '<tr class="model-user current-model">' in users
    assert "model-company current-model" not in users


def test_the_sidebar_shows_only_what_the_user_may_open(client, login, staff, django_capture_on_commit_callbacks):
    login(staff)
    assert 'href="/admin/workgroups/participant/"' in sidebar(client.get(COMPANIES))
    reader = make_user("leser@invekst.no", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_company"))
    login(reader)
    theirs = sidebar(client.get(COMPANIES))
    assert 'href="/admin/members/company/"' in theirs
    assert "/admin/workgroups/participant/" not in theirs
    # A permission given later shows at once (once committed): the permissions are part of
    # the key, and the commit bumps the version the cached permission sets are kept under.
    with django_capture_on_commit_callbacks(execute=True):
        reader.user_permissions.add(Permission.objects.get(codename="view_participant"))
    assert 'href="/admin/workgroups/participant/"' in sidebar(client.get(COMPANIES))


def test_the_sidebar_speaks_the_language_of_the_page(client, login, staff):
    login(staff)
    norwegian = sidebar(client.get(COMPANIES))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = sidebar(client.get(COMPANIES))
    assert ">Companies</a>" in english
    assert ">Bedrifter</a>" in norwegian


def test_a_change_page_builds_its_sidebar_afresh(client, login, staff, company, app_lists):
    login(staff)
    page = f"/admin/members/company/{company.pk}/change/"
    client.get(page)
    client.get(page)
    assert app_lists == [page, page]  # one key per object would fill the cache
