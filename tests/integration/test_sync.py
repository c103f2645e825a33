"""Real laptops (profiles on disk) syncing through a real server process on loopback:
joining, pushing, pulling, offline edits, merges and conflicts, quarantine, revocation,
resync, reconciliation and a new laptop for the same person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mentorapp.core.caseload import timeline
from mentorapp.core.model import ContactReview, Mentee, OneToOneSession, ReviewState
from mentorapp.core.review import with_amendments
from mentorapp.store.backup import create_backup, restore_backup
from mentorapp.store.errors import StoreError
from mentorapp.store.membership import NEEDS_NEW_DEVICE
from mentorapp.store.profile import open_profile
from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.certify import certify_waiting, waiting_members
from mentorapp.sync.client import SyncError
from mentorapp.sync.engine import DONE, NOT_JOINED, OFFLINE, REVOKED_STATUS
from mentorapp.sync.enrol import (
    JoinRefused,
    OtherPassphraseNeeded,
    PassphraseMismatch,
    join_organisation,
)
from mentorapp.sync.status import sync_overview, sync_state
from tests.support.server import BACKENDS, RunningServer, database, start_server
from tests.support.world import PASSPHRASE, Laptop, World


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with (
        database(request.param, tmp_path_factory.mktemp("srv")) as url,
        start_server(url, "--rate", "0") as running,
    ):
        yield running


_orgs = 0


@pytest.fixture
def world(server: RunningServer, tmp_path: Path) -> Iterator[World]:
    """An organisation with a first supervisor (Sue) and a North team."""
    global _orgs
    _orgs += 1
    w = World.on(server, tmp_path, f"Org {_orgs} {tmp_path.name}")
    w.create("sue")
    w.admin("add-team", w.org_name, "North")
    w.admin("add-team", w.org_name, "South")
    yield w
    w.close()


def mentor(world: World, name: str, team: str = "North") -> Laptop:
    laptop = world.laptop(name)
    laptop.join(world.server_url, world.invite(name, "mentor", team))
    return laptop


def test_a_mentors_records_reach_the_supervisor_sealed_and_whole(world: World) -> None:
    sue = world.laptops["sue"]
    mo = world.laptop("mo")
    before = mo.add_mentee("Sam", "Jones")  # recorded before joining: adopted at join
    result = mo.join(world.server_url, world.invite("mo", "mentor", "North"))
    assert result.adopted == 1 and result.role == "mentor"
    session = mo.add_session(before, "Talked about the housing bid")
    report = mo.sync()
    assert (report.status, report.pushed, report.counts and report.counts.waiting) == (DONE, 2, 0)
    # Sue has not certified Mo yet: his records wait on her laptop, not refused.
    held = sue.sync()
    assert held.status == DONE and held.held == 2 and held.received == 0
    assert sue.certify_everyone() == ["Mo"]
    report = sue.sync()
    assert report.received == 2
    got = sue.all_records()
    assert got[session.id] == session and got[before.id] == before
    assert SyncStore(sue.profile.records).counts().held == 0
    # The mentor's own caseload on Sue's laptop is hers alone; Mo's is her team's.
    assert sue.profile.caseload() == []
    assert [m.id for m in sue.profile.records.mentees("others")] == [before.id]


def test_several_offline_edits_push_as_one_version_on_the_last_acknowledged(
    world: World,
) -> None:
    mo = mentor(world, "mo")
    mentee = mo.add_mentee("Ann", "Lee")
    assert mo.sync().pushed == 1
    for n in range(3):
        mentee.pronouns = f"edit {n}"
        mo.save(mentee)
    out = SyncStore(mo.profile.records).outgoing(1 << 20, 100)
    assert [(o.version, o.base_version) for o in out] == [(4, 1)]
    report = mo.sync()
    assert report.pushed == 1 and not report.needs_attention
    assert mo.sync().pushed == 0


def test_edits_on_two_laptops_merge_field_by_field_or_wait_for_a_choice(
    world: World, server: RunningServer
) -> None:
    mo = mentor(world, "mo")
    mentee = mo.add_mentee("Ben", "Ali")
    mo.sync()
    second = world.laptop("mo-2")
    second.join(world.server_url, _new_code(world, mo))
    assert second.sync().received == 1
    # Different fields on each laptop: merged without asking.
    on_first = mo.profile.records.get_typed(Mentee, mentee.id)
    on_first.pronouns = "he/him"
    mo.save(on_first)
    on_second = second.profile.records.get_typed(Mentee, mentee.id)
    on_second.establishment = "HMP Leeds"
    second.save(on_second)
    assert mo.sync().pushed == 1
    report = second.sync()
    assert report.merged == 1 and report.counts and report.counts.conflicts == 0
    mo.sync()
    for laptop in (mo, second):
        merged = laptop.profile.records.get_typed(Mentee, mentee.id)
        assert (merged.pronouns, merged.establishment) == ("he/him", "HMP Leeds")
    # The same field changed differently on each: both kept, the person chooses.
    a = mo.profile.records.get_typed(Mentee, mentee.id)
    a.preferred_name = "Benny"
    mo.save(a)
    b = second.profile.records.get_typed(Mentee, mentee.id)
    b.preferred_name = "B"
    b.gender = "male"
    second.save(b)
    mo.sync()
    report = second.sync()
    assert report.new_conflicts == 1 and report.needs_attention
    store = SyncStore(second.profile.records)
    (conflict,) = store.conflicts()
    (field,) = conflict.fields
    assert (field.path, field.mine, field.theirs) == ("preferred_name", "B", "Benny")
    assert store.outgoing(1 << 20, 100) == []  # nothing pushed until settled
    store.resolve(mentee.id, {"preferred_name": "theirs"})
    assert second.sync().pushed == 1
    mo.sync()
    for laptop in (mo, second):
        final = laptop.profile.records.get_typed(Mentee, mentee.id)
        assert (final.preferred_name, final.gender) == ("Benny", "male")
        assert laptop.verify() == []  # every version here checks out, pushed or received


def test_a_deletion_against_an_edit_is_shown_not_guessed(world: World) -> None:
    mo = mentor(world, "mo")
    mentee = mo.add_mentee("Cat", "Ng")
    mo.sync()
    second = world.laptop("mo-2")
    second.join(world.server_url, _new_code(world, mo))
    second.sync()
    mo.profile.records.delete(mentee.id)
    edited = second.profile.records.get_typed(Mentee, mentee.id)
    edited.pronouns = "she/her"
    second.save(edited)
    mo.sync()
    report = second.sync()
    assert report.new_conflicts == 1
    store = SyncStore(second.profile.records)
    (conflict,) = store.conflicts()
    assert conflict.theirs_deleted and not conflict.mine_deleted
    store.resolve(mentee.id, "mine")  # keep the edited record
    second.sync()
    mo.sync()
    assert mo.profile.records.get_typed(Mentee, mentee.id).pronouns == "she/her"


def test_a_record_the_service_refuses_is_quarantined_and_never_blocks_the_rest(
    world: World,
) -> None:
    mo = mentor(world, "mo")
    mentee = mo.add_mentee("Dee", "Oh")
    huge = OneToOneSession(
        mentee_id=mentee.id, date=dt.date.today(), notes="x" * (1024 * 1024 + 10)
    )
    mo.save(huge)
    small = mo.add_session(mentee, "an ordinary session")
    report = mo.sync()
    assert report.status == DONE and report.quarantined == 1 and report.pushed == 2
    assert report.needs_attention
    store = SyncStore(mo.profile.records)
    (q,) = store.quarantined()
    assert q.id == huge.id and "larger than" in q.reason
    sue = world.laptops["sue"]
    sue.certify_everyone()
    sue.sync()
    assert set(sue.all_records()) == {mentee.id, small.id}
    assert mo.verify() == [] and sue.verify() == []
    # Trimmed and released, it goes through.
    huge.notes = "trimmed"
    store.release(huge.id)
    mo.save(huge)
    assert mo.sync().pushed == 1 and store.quarantined() == []


def test_a_revoked_laptop_stops_and_says_so(world: World) -> None:
    mo = mentor(world, "mo")
    mo.add_mentee("Eve", "Ray")
    mo.sync()
    membership = mo.profile.membership
    assert membership is not None
    world.admin("revoke-device", membership.device_id)
    mo.add_mentee("Fay", "Roe")
    report = mo.sync()
    assert report.status == REVOKED_STATUS and "revoked" in report.message
    assert mo.profile.membership is not None and not mo.profile.membership.can_sync
    again = mo.sync()  # and it does not try again
    assert again.status == REVOKED_STATUS
    assert len(mo.profile.caseload()) == 2  # nothing local was lost


def test_an_unknown_cursor_starts_a_full_resync_without_duplicates(
    world: World, server: RunningServer
) -> None:
    mo = mentor(world, "mo")
    sue = world.laptops["sue"]
    sue.certify_everyone()
    ids = {mo.add_mentee(f"M{n}", "X").id for n in range(5)}
    mo.sync()
    assert sue.sync().received == 5
    engine = create_engine(server.database_url)
    with engine.begin() as conn:  # as if the server were restored from a backup
        conn.execute(text("UPDATE organisations SET cursor_epoch = 'restored00000000'"))
    engine.dispose()
    report = sue.sync()
    assert report.status == DONE and report.reconciled and report.received == 0
    assert set(sue.all_records()) == ids


def test_moving_a_mentor_between_teams_moves_what_supervisors_see(world: World) -> None:
    mo = mentor(world, "mo", "North")
    sue = world.laptops["sue"]
    sid = world.laptop("sid")
    sid.join(world.server_url, world.invite("sid", "supervisor", "South"))
    sue.certify_everyone()
    mentee = mo.add_mentee("Gus", "Hay")
    mo.sync()
    assert sid.sync().received == 0
    membership = mo.profile.membership
    assert membership is not None
    world.admin("set-team", membership.user_id, "South")
    report = sid.sync()
    assert report.status == DONE and mentee.id in sid.all_records()
    world.admin("set-team", membership.user_id, "North")
    report = sid.sync()
    assert report.reconciled and mentee.id not in sid.all_records()


def test_a_replacement_laptop_gets_every_record_back_with_the_passphrase(
    world: World, tmp_path: Path
) -> None:
    mo = mentor(world, "mo")
    mentees = [mo.add_mentee(f"N{n}", "Lost") for n in range(3)]
    sessions = [mo.add_session(m, f"note {m.given_name}") for m in mentees]
    mo.sync()
    mo.close()  # the laptop is lost
    new = world.laptop("mo-new")
    result = new.join(world.server_url, _new_code(world, mo))
    assert result.user_name == "Mo"
    report = new.sync()
    assert report.received == 6
    got = new.all_records()
    assert all(got[r.id] == r for r in [*mentees, *sessions])
    assert {e.mentee.id for e in new.profile.caseload()} == {m.id for m in mentees}


def test_a_replacement_laptop_with_another_passphrase_asks_for_the_old_one(
    world: World,
) -> None:
    mo = mentor(world, "mo")
    mo.add_mentee("Ola", "Pim")
    mo.sync()
    code = _new_code(world, mo)
    new = world.laptop("mo-new", passphrase="a different passphrase entirely")
    with pytest.raises(JoinRefused, match="other laptop"):
        new.join(world.server_url, code)
    # The same code again, this time with the old passphrase when asked.
    new.join(world.server_url, code, other_passphrase=lambda: PASSPHRASE)
    assert new.sync().received == 1


def test_restore_from_backup_is_a_new_laptop_not_a_clone(world: World, tmp_path: Path) -> None:
    mo = mentor(world, "mo")
    mo.add_mentee("Pat", "Que")
    mo.sync()
    create_backup(mo.profile, tmp_path / "mo.mab")
    restore_backup(tmp_path / "mo.mab", tmp_path / "restored", PASSPHRASE)
    restored = open_profile(tmp_path / "restored").unlock(PASSPHRASE)
    try:
        membership = restored.membership
        assert membership is not None and membership.status == NEEDS_NEW_DEVICE
        assert membership.device_keys is None and membership.credential == ""
        laptop = Laptop(name="restored", home=tmp_path / "restored", profile=restored)
        laptop.add_mentee("Ray", "Sol")  # recorded on the restored laptop
        assert laptop.sync().status == NOT_JOINED
        laptop.join(world.server_url, _new_code(world, mo))
        report = laptop.sync()
        assert report.status == DONE and report.pushed == 1
    finally:
        restored.lock()
    assert mo.sync().status == DONE  # the original laptop is unaffected


def test_unreachable_service_keeps_everything_and_resumes(world: World) -> None:
    mo = mentor(world, "mo")
    mo.add_mentee("Sue", "Tan")
    mo.route = "http://127.0.0.1:9"  # nothing listens here
    report = mo.sync()
    assert report.status == OFFLINE and report.counts and report.counts.waiting == 1
    mo.route = None
    assert mo.sync().pushed == 1


def _new_code(world: World, laptop: Laptop) -> str:
    from tests.support.world import code_from

    membership = laptop.profile.membership
    assert membership is not None
    return code_from(world.admin("new-code", membership.user_id))


def test_an_approved_contact_is_locked_and_later_edits_become_amendments(world: World) -> None:
    sue = world.laptops["sue"]
    mo = mentor(world, "mo")
    mentee = mo.add_mentee("Uma", "Vee")
    session = mo.add_session(mentee, "As first written")
    mo.sync()
    sue.certify_everyone()
    sue.sync()
    review = sue.profile.review_contact(session.id, ReviewState.APPROVED, "Clear and complete")
    assert sue.sync().pushed == 1
    assert mo.sync().received == 1  # the review, addressed to Mo, sealed to him
    got = mo.profile.records.get(review.id)
    assert isinstance(got, ContactReview) and got.comment == "Clear and complete"
    # Mo edits the approved session: the approved version stays, an amendment is linked.
    session.notes = "Corrected after approval"
    written = mo.profile.record_all(session)
    assert [type(r).__name__ for r in written] == ["Amendment"]
    assert mo.profile.records.get(session.id).notes == "As first written"  # type: ignore[attr-defined]
    (item,) = timeline(mentee.id, mo.profile.records.iter_records())
    assert "amended after approval" in item.summary and "Corrected after approval" in item.summary
    mo.sync()
    sue.sync()
    records = list(sue.profile.records.iter_records(scope="all"))
    assert sue.profile.records.get(session.id).notes == "As first written"  # type: ignore[attr-defined]
    (amended_session,) = [r for r in with_amendments(records) if r.id == session.id]
    assert amended_session.notes == "Corrected after approval"  # type: ignore[attr-defined]
    # A mentor cannot write reviews; the service refuses them too.
    with pytest.raises(StoreError):
        mo.profile.review_contact(session.id, ReviewState.APPROVED)


def test_joining_from_the_window_checks_the_passphrase_then_asks_for_the_other_one(
    world: World,
) -> None:
    mo = mentor(world, "mo")
    mo.add_mentee("Uma", "Vee")
    mo.sync()
    code = _new_code(world, mo)
    new = world.laptop("mo-new", passphrase="a different passphrase entirely")
    with pytest.raises(PassphraseMismatch):
        join_organisation(new.profile, "not this profile's", world.server_url, code)
    with pytest.raises(OtherPassphraseNeeded) as first:
        join_organisation(new.profile, new.passphrase, world.server_url, code, "Spare laptop")
    assert not first.value.tried
    with pytest.raises(OtherPassphraseNeeded) as wrong:
        join_organisation(
            new.profile, new.passphrase, world.server_url, code, other_passphrase="nope nope"
        )
    assert wrong.value.tried
    result = join_organisation(
        new.profile, new.passphrase, world.server_url, code, other_passphrase=PASSPHRASE
    )
    assert result.user_name == "Mo"
    membership = new.profile.membership
    assert membership is not None and membership.device_label == "Spare laptop"


def test_sync_state_says_what_waits_and_what_needs_a_person(world: World) -> None:
    from mentorapp.core.model import SafeguardingConcern

    mo = world.laptop("mo")
    mentee = mo.add_mentee("Val", "Wu")
    concern = SafeguardingConcern(mentee_id=mentee.id, raised_on=dt.date.today())
    mo.save(concern)
    state = sync_state(mo.profile)
    assert state.membership is None and state.can_join and not state.can_sync
    assert state.counts.waiting == 2 and state.concerns_waiting == {concern.id}
    mo.join(world.server_url, world.invite("mo", "mentor", "North"))
    state = sync_state(mo.profile)
    assert state.membership is not None and state.can_sync and not state.can_join
    assert state.membership.org_name == world.org_name and state.membership.role == "mentor"
    assert state.membership.device_label.startswith("Laptop enrolled")
    assert state.last_success is None and state.concerns_waiting == {concern.id}
    assert mo.sync().status == DONE
    state = sync_state(mo.profile)
    assert state.concerns_waiting == frozenset() and state.counts.waiting == 0
    assert state.last_success is not None and state.attention == 0
    # A conflict comes with both whole versions, to name the record and label its fields.
    second = world.laptop("mo-2")
    second.join(world.server_url, _new_code(world, mo))
    second.sync()
    for laptop, name in ((mo, "Vally"), (second, "V")):
        edited = laptop.profile.records.get_typed(Mentee, mentee.id)
        edited.preferred_name = name
        laptop.save(edited)
    mo.sync()
    second.sync()
    overview = sync_overview(second.profile)
    assert overview.state.attention == 1 and overview.quarantined == []
    # Held for a person's choice, it is not "waiting to be sent" (nothing sends it).
    assert overview.state.counts.waiting == 0 and overview.state.counts.conflicts == 1
    (conflict,) = overview.conflicts
    assert conflict.mine is not None and conflict.mine["preferred_name"] == "V"
    assert conflict.theirs is not None and conflict.theirs["preferred_name"] == "Vally"


def test_the_key_holder_lists_members_waiting_and_certifies_one(world: World) -> None:
    sue = world.laptops["sue"]
    mo = mentor(world, "mo")
    mentor(world, "nia")
    waiting = waiting_members(sue.profile, sue.client)
    assert [w.name for w in waiting] == ["Mo", "Nia"]
    mo_membership = mo.profile.membership
    assert mo_membership is not None
    assert waiting[0].key_fingerprint == sync_state(mo.profile).membership.user_key_fingerprint  # type: ignore[union-attr]
    assert certify_waiting(sue.profile, waiting[0].user_id, sue.client) == "Mo"
    assert [w.name for w in waiting_members(sue.profile, sue.client)] == ["Nia"]
    with pytest.raises(SyncError, match="no longer waiting"):
        certify_waiting(sue.profile, waiting[0].user_id, sue.client)
    with pytest.raises(SyncError, match="organisation's keys"):
        waiting_members(mo.profile, mo.client)
