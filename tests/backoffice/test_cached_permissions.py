"""The back office's permission sets come from the cache, and every change reaches them at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/members/company/"


def permission_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "auth_permission" in q["sql"]]


def test_a_repeat_admin_request_reads_no_permissions(client, secretariat, login):
    login(secretariat)
    assert client.get(CHANGELIST).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CHANGELIST).status_code == 200
    assert permission_queries(ctx) == []


def test_a_permission_taken_from_the_group_is_gone_at_once(
    client, secretariat, login, django_capture_on_commit_callbacks
):
    login(secretariat)
    assert client.get(CHANGELIST).status_code == 200
    group = Group.objects.get(name="Sekretariat")
    with django_capture_on_commit_callbacks(execute=True):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="members", codename__endswith="_company")
        )
    assert client.get(CHANGELIST).status_code == 403


def test_leaving_the_group_takes_the_permissions_at_once(
    client, secretariat, login, django_capture_on_commit_callbacks
):
    login(secretariat)
    assert client.get(CHANGELIST).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.groups.clear()
    assert client.get(CHANGELIST).status_code == 403


def test_a_demoted_superuser_keeps_nothing(client, superuser, login):
    """Without a version bump in between: the superuser flag is part of the cache key."""
    login(superuser)
    assert client.get(CHANGELIST).status_code == 200
    type(superuser).objects.filter(pk=superuser.pk).update(is_superuser=False)  # no signal at all
    assert client.get(CHANGELIST).status_code == 403


def test_a_deactivated_user_is_refused_at_once(client, secretariat, login):
    login(secretariat)
    assert client.get(CHANGELIST).status_code == 200
    type(secretariat).objects.filter(pk=secretariat.pk).update(is_active=False)
    assert client.get(CHANGELIST).status_code in (302, 403)
