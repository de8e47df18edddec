"""Backup and restore with pg_dump/pg_restore: a restored copy holds every row."""

import subprocess

import pytest

from tests.reliability.harness import PG, all_table_counts, psql

pytestmark = pytest.mark.reliability


def test_dump_and_restore_keeps_every_row(portal, tmp_path):
    dump = tmp_path / "invekst.dump"
    copy = f"{portal.db}_restored"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"{PG}/{portal.db}"], check=True)
    psql(f'DROP DATABASE IF EXISTS "{copy}"')
    psql(f'CREATE DATABASE "{copy}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={PG}/{copy}", str(dump)], check=True)
        original = all_table_counts(portal.db)
        restored = all_table_counts(copy)
        assert restored == original
        print(
            f"\nbackup: dump {dump.stat().st_size} bytes; restored {sum(restored.values())} rows "
            f"in {len(restored)} tables, equal to the original"
        )
        assert original["invekst_associationprofile"] == 1
        assert original["members_company"] >= 1
        # Row contents too, not only counts: compare an ordered digest of key tables.
        for table in ("members_company", "members_user", "plans_target", "workgroups_workgroup"):
            digest = f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t"
            assert psql(digest, copy) == psql(digest, portal.db), table
    finally:
        psql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
