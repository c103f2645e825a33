"""A database made by the first schema is migrated to head on open and keeps its records."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import inspect

from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.crypto import KdfParams
from mentorapp.store.db import current_revision, head_revision, make_engine, migrate
from mentorapp.store.profile import create_profile, open_profile
from tests.conftest import PASSPHRASE


def test_first_schema_database_migrates_to_head(home: Path) -> None:
    # Build a profile whose database stops at the first migration, as the first
    # release would have left it, and write records through that schema.
    profile, _ = create_profile(home, PASSPHRASE, KdfParams(salt=os.urandom(16)))
    mentee = Mentee(given_name="Old", family_name="Schema")
    session = OneToOneSession(mentee_id=mentee.id, date=dt.date(2025, 5, 1), notes="kept")
    profile.records.save_all([(mentee, None), (session, None)])
    profile.lock()
    engine = make_engine(home / "mentorapp.db")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_records_type_deleted")
        conn.exec_driver_sql("DROP TABLE drafts")
        conn.exec_driver_sql("DROP TABLE IF EXISTS snapshots")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num='0001'")
    assert current_revision(engine) == "0001"
    assert "drafts" not in inspect(engine).get_table_names()
    engine.dispose()

    with open_profile(home).unlock(PASSPHRASE) as upgraded:
        assert current_revision(upgraded.engine) == head_revision()
        assert {"drafts", "snapshots"} <= set(inspect(upgraded.engine).get_table_names())
        assert upgraded.records.get(session.id) == session
        upgraded.records.save_draft("d", "one_to_one", {})
        assert upgraded.records.verify()[1] == []


def test_fresh_first_schema_upgrades_step_by_step(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "m.db")
    migrate(engine, "0001")
    assert set(inspect(engine).get_table_names()) >= {"records", "profile_meta"}
    migrate(engine)
    assert current_revision(engine) == head_revision()
    migrate(engine)  # a second open is a no-op
    engine.dispose()
