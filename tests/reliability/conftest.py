"""The portal as production runs it: gunicorn with production settings on PostgreSQL.

These tests are marked `reliability` and run with `make reliability` (CI calls it), not with
`make test`. They make their own database, start gunicorn on a free port and talk HTTP.
"""

import os
import shutil

import pytest

from tests.reliability.harness import Portal, pg_is_up, pg_start, psql


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    if not shutil.which("pg_isready") or not pg_is_up():
        pytest.fail("reliability tests need PostgreSQL at 127.0.0.1:5432")
    db = f"invekst_rel_{os.getpid()}"
    psql(f'DROP DATABASE IF EXISTS "{db}"')
    psql(f'CREATE DATABASE "{db}"')
    base = tmp_path_factory.mktemp("portal")
    portal = Portal(db, base / "static")
    portal.manage("collectstatic", "--noinput", "-v0")
    portal.manage("migrate", "--noinput", "-v0")
    portal.manage("seed")
    portal.manage("demo")
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()
        pg_start()
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
