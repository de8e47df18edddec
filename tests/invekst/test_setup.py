import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from invekst.models import AssociationProfile, NewsPost
from members.models import Company, User
from plans.models import FocusArea, Municipality, StrategicPlan, Target
from tests.utils import production_env
from workgroups.models import Workgroup

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_and_demo_are_idempotent():
    for _ in range(2):
        call_command("seed")
        call_command("demo")
    assert Municipality.objects.filter(in_region=True).count() == 5
    assert StrategicPlan.objects.count() == 1
    assert FocusArea.objects.count() == 4
    assert Target.objects.count() == 4
    assert Workgroup.objects.count() == 5
    assert AssociationProfile.objects.count() == 1
    assert Company.objects.filter(name__contains="(demo)").count() == 3
    assert User.objects.filter(email__endswith="@demo.invekst.no").count() == 3
    assert NewsPost.objects.count() == 2


@pytest.mark.django_db
def test_seed_keeps_the_secretariats_edits():
    call_command("seed")
    Workgroup.objects.filter(slug="rv4").update(name="Rv4 og Gjøvikbanen")
    Workgroup.objects.filter(slug="sykehus").delete()
    call_command("seed")
    assert Workgroup.objects.get(slug="rv4").name == "Rv4 og Gjøvikbanen"
    assert not Workgroup.objects.filter(slug="sykehus").exists()


@pytest.mark.django_db
def test_seed_has_the_exact_target_wording():
    call_command("seed")
    wordings = list(Target.objects.values_list("wording", flat=True))
    assert wordings == [
        "Økt folketall med 1 % (+700 personer), og ingen kommune med nedgang",
        "Årlig vekst på 0,5 % i arbeidsplasser i privat sektor",
        "Økt etableringsfrekvens med 1 %-poeng og flere nye og store bedriftsetableringer i Gjøvikregionen",
        "Samferdsels- og infrastrukturprosjekter som reduserer reisetid og øker konkurranseevnen er vedtatt og igangsatt",
    ]
    plan = StrategicPlan.objects.get()
    assert plan.get_status_display() in {"under arbeid", "under work"}


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_by_default():
    result = subprocess.run(
        [sys.executable, "-c", "import django;from django.conf import settings;django.setup();print(settings.DEBUG)"],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "invekst.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/5", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_cached_only_in_a_shared_cache(redis_url, engine):
    """A per-process memory cache would keep a logged-out session alive in the other workers."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;from django.conf import settings;django.setup();print(settings.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "invekst.settings", "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_postgresql_runs_without_jit():
    """Short OLTP queries: compiling them costs more than it saves (see settings)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_redis_that_stops_answering_fails_fast():
    """A server that accepts connections but never answers: the request fails within the time-out."""
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections complete in the backlog; nothing ever reads or answers
    port = silent.getsockname()[1]
    code = (
        "import time, django; django.setup()\n"
        "from django.core.cache import cache\n"
        "started = time.monotonic()\n"
        "try:\n    cache.get('x')\nexcept Exception as exc:\n    print(type(exc).__name__)\n"
        "print(round(time.monotonic() - started, 1))\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={
                **production_env(),
                "DJANGO_SETTINGS_MODULE": "invekst.settings",
                "REDIS_URL": f"redis://127.0.0.1:{port}/0",
                "REDIS_TIMEOUT": "0.5",
            },
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        silent.close()
    error, seconds = result.stdout.split()
    assert error == "TimeoutError", result.stderr
    assert float(seconds) < 3
