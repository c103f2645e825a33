"""Profiles made by earlier releases open with this one: the schema is migrated on
open and records sealed in the first record format still open, verify and can be
edited (new versions are sealed in the current format)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from sqlalchemy import inspect

from mentorapp.core.codec import encode_record
from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.crypto import KdfParams, RecordAddress, Vault
from mentorapp.crypto.keys import aead_seal, random_key
from mentorapp.crypto.records import content_key_aad, legacy_digest, record_aad
from mentorapp.crypto.vault import RECORD_MANIFEST
from mentorapp.store.db import current_revision, head_revision, make_engine, migrate
from mentorapp.store.profile import create_profile, open_profile
from tests.conftest import PASSPHRASE


def _vault_before_manifests(home: Path) -> None:
    """The vault as releases before the record manifest made it (no header flag, and
    no signature, which came in the same release)."""
    vault = Vault.load(home / "vault.json")
    keys = vault.unlock(PASSPHRASE)
    del vault.header[RECORD_MANIFEST]
    vault.slots["passphrase"] = aead_seal(
        vault.kdf.derive(PASSPHRASE), keys._secrets(), vault._passphrase_aad()
    ).hex()
    dataclasses.replace(vault, signature=None).save(home / "vault.json")


def _write_format_one(home: Path, records: list[Mentee | OneToOneSession]) -> None:
    """A database as release 0.1 left it (schema 0003, format-1 rows, clear org id)."""
    _vault_before_manifests(home)
    keys = Vault.load(home / "vault.json").unlock(PASSPHRASE)
    (home / "mentorapp.db").unlink()
    engine = make_engine(home / "mentorapp.db")
    migrate(engine, "0003")
    now = dt.datetime.now(dt.UTC).isoformat()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO profile_meta (key, value) VALUES ('profile_id', ?), ('org_id', 'local')",
            (keys.profile_id,),
        )
        for record in records:
            rtype = record.record_type.value
            key = random_key()
            wrapped = aead_seal(keys.data_key, key, content_key_aad(rtype, record.id, 1, "", "", 1))
            ciphertext = aead_seal(
                key,
                encode_record(record),
                record_aad(rtype, record.id, 1, keys.device_id, "local", 1),
            )
            address = RecordAddress(
                record_type=rtype,
                record_id=record.id,
                version=1,
                author_device=keys.device_id,
                org_id="local",
                format=1,
            )
            signature = keys.device_signing.sign(legacy_digest(address, 0, False, ciphertext))
            conn.exec_driver_sql(
                "INSERT INTO records (id, record_type, version, base_version, author_device, "
                "org_id, deleted, content_key, ciphertext, signature, updated_at) "
                "VALUES (?, ?, 1, 0, ?, 'local', 0, ?, ?, ?, ?)",
                (record.id, rtype, keys.device_id, wrapped, ciphertext, signature, now),
            )
    engine.dispose()


def test_a_first_release_profile_opens_verifies_and_edits(home: Path) -> None:
    profile, _ = create_profile(home, PASSPHRASE, KdfParams(salt=os.urandom(16)))
    profile.lock()
    mentee = Mentee(given_name="Old", family_name="Format")
    session = OneToOneSession(mentee_id=mentee.id, date=dt.date(2025, 5, 1), notes="kept")
    _write_format_one(home, [mentee, session])

    with open_profile(home).unlock(PASSPHRASE) as upgraded:
        assert current_revision(upgraded.engine) == head_revision()
        assert {"sealed_state", "record_bases", "sync_conflicts"} <= set(
            inspect(upgraded.engine).get_table_names()
        )
        # Its record manifest is built at this first unlock, and finds nothing wrong.
        assert upgraded.record_list.built and upgraded.record_list.ok
        assert upgraded.record_list.listed == 2
        assert upgraded.records.get(session.id) == session
        assert [e.mentee.id for e in upgraded.caseload()] == [mentee.id]
        assert upgraded.records.verify() == (2, [])
        session.notes = "edited after the upgrade"
        assert upgraded.records.save(session) == 2
        assert upgraded.records.get(session.id).notes == "edited after the upgrade"
        assert upgraded.records.verify() == (2, [])
        assert upgraded.check_record_list().ok

    # Built once: the next unlock checks it, and an edit since is no alarm.
    with open_profile(home).unlock(PASSPHRASE) as again:
        assert not again.record_list.built and again.record_list.ok


def test_fresh_first_schema_upgrades_step_by_step(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "m.db")
    migrate(engine, "0001")
    assert set(inspect(engine).get_table_names()) >= {"records", "profile_meta"}
    migrate(engine)
    assert current_revision(engine) == head_revision()
    migrate(engine)  # a second open is a no-op
    engine.dispose()
