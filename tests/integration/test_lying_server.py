"""A lying service: the real server behind a proxy that rewrites what it answers,
for each path where a laptop accepts something from the service.

Every lie must be refused with a sentence a person can read, and nothing the liar
sent may be kept: the laptop's record rows, merge bases, conflicts, membership and
verified key directory stay as they were, and refused versions are listed as
incoming problems. One server and one organisation are shared by the module; each
test writes records of its own.

What a lying service can still do, and is not tested here:

* show a revoked laptop as not revoked, or move an envelope's ``received_at`` to
  before a revocation: neither is signed by anyone but the service;
* withhold anything, or make a laptop forget other people's records (and later show
  it an older version of them): a service can always refuse to deliver;
* erase other people's records on a laptop with an unsigned tombstone (as an
  administrator's erasure does), or store one at a made-up version for a record the
  laptop does not hold yet, which keeps that record's real versions out until a
  newer one comes;
* keep a version out by altering it once: a refused version that the service does
  hold is not asked for again;
* answer a code without a fingerprint consistently as a brand-new organisation: only
  an organisation's first code has none, and its laptop trusts the first key it makes;
* give a laptop a name and role of its choosing until the organisation certifies
  that person (the certified ones then replace them).
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import json
import os
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core.codec import encode_record
from mentorapp.core.ids import new_id
from mentorapp.core.model import Mentee
from mentorapp.crypto import (
    EnvelopeFields,
    KeyPairs,
    OrgKeys,
    RecipientPublicKey,
    RecordAddress,
    RecordCipher,
    sign_envelope,
)
from mentorapp.crypto.directory import certify_device, seal_review_key, sign_org_keys
from mentorapp.crypto.records import review_recipient_id, user_recipient_id
from mentorapp.store.membership import Membership
from mentorapp.store.models import (
    ConflictRow,
    QuarantineRow,
    RecordBaseRow,
    RecordRow,
)
from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.certify import pending_members
from mentorapp.sync.client import InsecureServer, ServiceClient, ServiceError
from mentorapp.sync.engine import DIRECTORY, DONE, FAILED, UNTRUSTED, load_directory
from mentorapp.sync.enrol import JoinRefused
from mentorapp.sync.status import key_problems
from mentorapp.sync.trust import Directory, UntrustedServer
from tests.support.proxy import FaultyProxy
from tests.support.server import RunningServer, database, run_admin, start_server
from tests.support.world import PASSPHRASE, Laptop, World, code_from

Doc = Any
Rewrite = Callable[[Doc], Doc | None]


# --- the organisation ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with (
        database("sqlite", tmp_path_factory.mktemp("liar-srv")) as url,
        start_server(url, "--rate", "0") as running,
    ):
        yield running


@dataclass
class Org:
    world: World
    server: RunningServer
    sue: Laptop  # first supervisor: holds the organisation's keys
    mo: Laptop  # a mentor in North
    mo2: Laptop  # Mo's second laptop
    ray: Laptop  # another mentor in North
    proxy: FaultyProxy  # one for the module: a proxy takes a while to shut down

    @property
    def url(self) -> str:
        return self.server.url

    def new_code(self, laptop: Laptop) -> str:
        return code_from(self.world.admin("new-code", member(laptop).user_id))

    def laptop(self, name: str, passphrase: str = PASSPHRASE) -> Laptop:
        return new_laptop(self.world, name, passphrase)


_TLS = ssl.create_default_context()


class QuickLaptop(Laptop):
    """A laptop whose client reuses one TLS context: loading the certificate store anew
    for every sync and join would be a good part of this module's run time."""

    def client(self, url: str, token: str | None = None) -> ServiceClient:
        return ServiceClient(
            self.route or url, token, timeout=self.timeout, retry=self.retry, verify=_TLS
        )


def new_laptop(world: World, name: str, passphrase: str = PASSPHRASE) -> Laptop:
    laptop = QuickLaptop.new(world.root, name, passphrase)
    world.laptops[name] = laptop
    return laptop


_names = iter(range(1, 10_000))


def fresh(name: str) -> str:
    """A name no other test uses (laptop folders and people are per organisation)."""
    return f"{name}{next(_names)}"


@pytest.fixture(scope="module")
def org(server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    world = World(
        server_url=server.url,
        admin=lambda *a: run_admin(server.database_url, *a),
        root=tmp_path_factory.mktemp("liar-laptops"),
        org_name="Liars Anonymous",
    )
    sue = new_laptop(world, "sue")
    sue.join(
        server.url, code_from(world.admin("create-org", world.org_name, "--supervisor", "Sue"))
    )
    world.admin("add-team", world.org_name, "North")
    mo = new_laptop(world, "mo")
    mo.join(server.url, world.invite("mo", "mentor", "North"))
    ray = new_laptop(world, "ray")
    ray.join(server.url, world.invite("ray", "mentor", "North"))
    mo2 = new_laptop(world, "mo2")
    mo2.join(server.url, code_from(world.admin("new-code", member(mo).user_id)))
    sue.certify_everyone()
    for laptop in (mo, mo2, ray, sue):
        laptop.add_mentee("Setup", laptop.name)
        assert laptop.sync().status == DONE
    for laptop in (mo, mo2, ray, sue):
        assert laptop.sync().status == DONE
    with FaultyProxy(server.url) as proxy:
        yield Org(world=world, server=server, sue=sue, mo=mo, mo2=mo2, ray=ray, proxy=proxy)
    world.close()


def member(laptop: Laptop) -> Membership:
    membership = laptop.profile.membership
    assert membership is not None
    return membership


# --- lying --------------------------------------------------------------------------------


def rewrite(routes: dict[str, Rewrite]) -> Callable[[str, str, Doc], Doc]:
    """A tamper that rewrites the answer to each listed path (in place, or returned)."""

    def tamper(_method: str, path: str, doc: Doc) -> Doc:
        change = routes.get(path)
        if change is None:
            return doc
        out = change(doc)
        return doc if out is None else out

    return tamper


@contextlib.contextmanager
def lying(org: Org, routes: dict[str, Rewrite], *laptops: Laptop) -> Iterator[FaultyProxy]:
    """The laptops talk to the real server through a proxy that lies as ``routes`` say."""
    proxy = org.proxy
    proxy.tamper = rewrite(routes)
    for laptop in laptops:
        laptop.route = proxy.url
    try:
        yield proxy
    finally:
        proxy.tamper = None
        proxy.tamper_request = None
        for laptop in laptops:
            laptop.route = None


def sync_through(org: Org, laptop: Laptop, routes: dict[str, Rewrite]) -> Any:
    with lying(org, routes, laptop):
        return laptop.sync()


def recorder(seen: dict[str, dict[int, Doc]]) -> Rewrite:
    """Keeps a copy of every envelope in a pull page, by id and version."""

    def keep(page: Doc) -> None:
        for env in page["changes"]:
            seen.setdefault(env["id"], {})[env["version"]] = copy.deepcopy(env)

    return keep


# --- what a laptop holds ----------------------------------------------------------------------


def _rows(session: Session, model: Any) -> dict[str, tuple[Any, ...]]:
    columns = [c.key for c in model.__table__.columns]
    key = columns[0]
    return {
        getattr(row, key): tuple(getattr(row, c) for c in columns)
        for row in session.scalars(select(model))
    }


def trusted(directory: Directory | None) -> Any:
    """The part of a directory a laptop acts on: certified members and their laptops."""
    if directory is None:
        return None
    return (
        {
            uid: (m.name, m.role, m.recipient_public, m.verify_public)
            for uid, m in directory.members.items()
        },
        {did: (d.user_id, d.verify_key.raw, d.revoked_at) for did, d in directory.devices.items()},
    )


def local_state(laptop: Laptop) -> dict[str, Any]:
    """Everything sync may change on a laptop, read from its SQLite database."""
    profile = laptop.profile
    with Session(profile.engine) as session:
        state = {
            "records": _rows(session, RecordRow),
            "bases": _rows(session, RecordBaseRow),
            "conflicts": _rows(session, ConflictRow),
            "quarantine": _rows(session, QuarantineRow),
            "raw directory": profile.sealed.get(session, DIRECTORY),
        }
    membership = profile.membership
    state["membership"] = membership.to_json() if membership else None
    state["directory"] = trusted(load_directory(profile))
    return state


def same_except(
    before: dict[str, Any], after: dict[str, Any], *, records: set[str], directory: bool = True
) -> None:
    """Nothing changed but the listed records (which an honest part of the page brought)."""
    assert after["membership"] == before["membership"]
    if directory:
        no_new_trust(before["directory"], after["directory"])
    for part in ("bases", "conflicts", "quarantine"):
        assert after[part] == before[part], part
    kept = {k: v for k, v in after["records"].items() if k not in records}
    assert kept == {k: v for k, v in before["records"].items() if k not in records}


def no_new_trust(before: Any, after: Any) -> None:
    """The liar may make a laptop trust less (it could withhold keys anyway), never more."""
    if after is None:
        return
    assert before is not None
    for part in (0, 1):
        assert after[part].items() <= before[part].items()


def refusals(laptop: Laptop, kind: str = "refused") -> dict[str, str]:
    return {
        p.id: p.reason
        for p in SyncStore(laptop.profile.records).incoming_problems()
        if p.kind == kind
    }


def settle(*laptops: Laptop) -> None:
    """An honest sync first, so that a test sees only what its own lies do."""
    for laptop in laptops:
        assert laptop.sync().status == DONE


def new_mentees(laptop: Laptop, n: int) -> list[Mentee]:
    """Fresh records, pushed honestly."""
    made = [laptop.add_mentee(fresh("Given"), "Family") for _ in range(n)]
    assert laptop.sync().status == DONE
    return made


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 1
    return b64(bytes(raw))


def envelope_json(fields: EnvelopeFields, signature: bytes) -> dict[str, Any]:
    return {
        "format": 2,
        "id": fields.record_id,
        "record_type": fields.record_type,
        "version": fields.version,
        "base_version": fields.base_version,
        "deleted": fields.deleted,
        "purged": False,
        "owner_id": fields.owner_id,
        "addressed_to": fields.addressed_to,
        "author_device": fields.author_device,
        "ciphertext": b64(fields.ciphertext),
        "wrapped_keys": {k: b64(v) for k, v in fields.wrapped_keys.items()},
        "signature": b64(signature),
        "seq": 1,
        "received_at": dt.datetime.now(dt.UTC).isoformat(),
    }


def forge(
    device: KeyPairs, device_id: str, owner_id: str, membership: Membership
) -> tuple[str, dict[str, Any]]:
    """A well-formed envelope for a new mentee, sealed to the organisation's review key
    (its public half is no secret) and signed by ``device``: what a forged laptop sends."""
    record = Mentee(given_name="Forged", family_name="Record")
    address = RecordAddress(
        record_type="mentee",
        record_id=record.id,
        version=1,
        author_device=device_id,
        org_id=membership.org_id,
    )
    review = review_recipient_id(membership.org_id)
    sealed = RecordCipher(os.urandom(32)).seal(
        address, encode_record(record), {review: RecipientPublicKey(membership.org_review_public)}
    )
    fields = EnvelopeFields(
        record_type="mentee",
        record_id=record.id,
        version=1,
        base_version=0,
        deleted=False,
        author_device=device_id,
        org_id=membership.org_id,
        owner_id=owner_id,
        addressed_to=None,
        wrapped_keys=sealed.wrapped_keys,
        ciphertext=sealed.ciphertext,
    )
    return record.id, envelope_json(fields, sign_envelope(device.signing, fields))


def add_to_page(*envelopes: dict[str, Any]) -> Rewrite:
    def add(page: Doc) -> None:
        page["changes"].extend(copy.deepcopy(list(envelopes)))

    return add


# --- joining -------------------------------------------------------------------------------------


def joining_refused(laptop: Laptop) -> None:
    """A refused join leaves the profile unjoined; its own records stay as they were."""
    assert laptop.profile.membership is None
    assert load_directory(laptop.profile) is None


def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(org: Org) -> None:
    laptop = org.laptop(fresh("http"))
    code = org.world.invite(laptop.name, "mentor", "North")
    with lying(org, {}, laptop) as proxy:
        requests = proxy.stats.requests
        with pytest.raises(InsecureServer, match="only talks to a service over https://"):
            laptop.join("http://mentoring.example.org", code)
        assert proxy.stats.requests == requests
    joining_refused(laptop)
    laptop.join(org.url, code)  # the code was never spent
    assert member(laptop).role == "mentor"


def _other_org_key(reply: Doc) -> None:
    fake = OrgKeys.generate()
    reply["org_keys"] = {
        "signing_public": b64(fake.signing.verify_key.raw),
        "review_public": b64(fake.review.public.raw),
        "signature": b64(sign_org_keys(fake.signing, reply["org_id"], fake.review.public.raw)),
        "fingerprint": reply["org_keys"]["fingerprint"],
    }


def _no_org_key(reply: Doc) -> None:
    reply["org_keys"] = None


def _asks_for_org_keys(reply: Doc) -> None:
    reply["org_keys"] = None
    reply["needs_org_keys"] = True
    reply["role"] = "supervisor"


def _unsigned_review_key(reply: Doc) -> None:
    reply["org_keys"]["review_public"] = b64(OrgKeys.generate().review.public.raw)


def _review_key_signed_by_another(reply: Doc) -> None:
    fake = OrgKeys.generate()
    reply["org_keys"]["review_public"] = b64(fake.review.public.raw)
    reply["org_keys"]["signature"] = b64(
        sign_org_keys(fake.signing, reply["org_id"], fake.review.public.raw)
    )


@pytest.mark.parametrize(
    ("lie", "refusal"),
    [
        pytest.param(
            _other_org_key, "does not match the fingerprint in your code", id="other-org-key"
        ),
        pytest.param(_no_org_key, "did not send your organisation's key", id="no-org-key"),
        pytest.param(
            _asks_for_org_keys,
            "asked this laptop to create your organisation's keys",
            id="needs-org-keys",
        ),
        pytest.param(
            _unsigned_review_key,
            "review key is not signed by the organisation key in your code",
            id="review-key-unsigned",
        ),
        pytest.param(
            _review_key_signed_by_another,
            "review key is not signed by the organisation key in your code",
            id="review-key-signed-by-another",
        ),
    ],
)
def test_joining_refuses_organisation_keys_the_code_does_not_vouch_for(
    org: Org, lie: Rewrite, refusal: str
) -> None:
    laptop = org.laptop(fresh("joiner"))
    before = laptop.add_mentee("Made", "Before joining")
    code = org.world.invite(laptop.name, "mentor", "North")
    with (
        lying(org, {"/v1/enrol": lie}, laptop),
        pytest.raises(UntrustedServer, match=refusal) as refused,
    ):
        laptop.join(org.url, code)
    assert "nothing was saved" in str(refused.value)
    joining_refused(laptop)
    assert laptop.all_records() == {before.id: before}
    # The same code, honestly answered, still joins (the reply is replayed for this laptop).
    assert laptop.join(org.url, code).adopted == 1


def _without_fingerprint(code: str) -> str:
    return code.partition("/")[0]


def test_a_code_without_fingerprint_joins_only_an_organisations_first_supervisor(
    org: Org,
) -> None:
    mentor = org.laptop(fresh("nofpr"))
    code = org.world.invite(mentor.name, "mentor", "North")
    # The honest service refuses an incomplete code before spending it...
    with pytest.raises(ServiceError) as refused:
        mentor.join(org.url, _without_fingerprint(code))
    assert refused.value.code == "code-incomplete" and "has not been used" in str(refused.value)
    joining_refused(mentor)
    # ...and a lying one that takes it anyway (it completes the code itself) gets nothing:
    # the laptop could not check the organisation's key, so it refuses.
    completes = completing_the_code(code)
    with (
        lying(org, {}, mentor) as proxy,
        pytest.raises(JoinRefused, match="has no organisation fingerprint"),
    ):
        proxy.tamper_request = completes
        mentor.join(org.url, _without_fingerprint(code))
    joining_refused(mentor)
    # A second supervisor whose code lost its fingerprint, told by the service that it is
    # the first: its laptop makes keys, and finds the organisation already has others.
    sid = org.laptop(fresh("sid"))
    code = org.world.invite(sid.name, "supervisor", "North")
    with (
        lying(org, {"/v1/enrol": _asks_for_org_keys}, sid) as proxy,
        pytest.raises(UntrustedServer, match="already has keys, and they are not the ones"),
    ):
        proxy.tamper_request = completing_the_code(code)
        sid.join(org.url, _without_fingerprint(code))
    joining_refused(sid)


def completing_the_code(code: str) -> Callable[[str, str, Any], Any]:
    """A lying service that accepts a code typed without its fingerprint."""

    def complete(_method: str, path: str, doc: Any) -> Any:
        if path == "/v1/enrol" and isinstance(doc, dict):
            doc["code"] = code
        return doc

    return complete


def test_a_role_the_service_made_up_gives_way_to_the_certified_one(org: Org) -> None:
    """The name and role in the enrolment reply cannot be checked until the organisation
    certifies this person; then the certified ones replace them."""
    laptop = org.laptop(fresh("promoted"))
    name = laptop.name.title()
    code = org.world.invite(laptop.name, "mentor", "North")

    def promote(reply: Doc) -> None:
        reply.update(role="supervisor", user_name="Head of Safeguarding")

    with lying(org, {"/v1/enrol": promote}, laptop):
        laptop.join(org.url, code)
    assert (member(laptop).role, member(laptop).user_name) == (
        "supervisor",
        "Head of Safeguarding",
    )
    (mentee,) = new_mentees(laptop, 1)  # it still syncs, and asks for no review key
    org.sue.certify_everyone()
    assert laptop.sync().status == DONE
    assert (member(laptop).role, member(laptop).user_name) == ("mentor", name)
    assert org.sue.sync().status == DONE and mentee.id in org.sue.all_records()


# --- a replacement laptop --------------------------------------------------------------------------


def _swapped_user_keys(reply: Doc) -> None:
    fake = KeyPairs.generate()
    reply["user_keys"]["recipient_public"] = b64(fake.recipient_public)
    reply["user_keys"]["verify_public"] = b64(fake.verify_public)


def _weakened_backup(reply: Doc) -> None:
    blob = json.loads(base64.b64decode(reply["user_keys"]["key_backup"]))
    blob["kdf"]["memory_kib"] = 8
    blob["kdf"]["iterations"] = 1
    reply["user_keys"]["key_backup"] = b64(json.dumps(blob).encode())


def _damaged_backup(reply: Doc) -> None:
    reply["user_keys"]["key_backup"] = b64(b"{not json")


def test_a_replacement_laptop_refuses_keys_that_are_not_the_certified_ones(org: Org) -> None:
    ray = member(org.ray)
    sue = member(org.sue)
    with org.sue.client(sue.server_url, sue.credential) as client:
        entries = {e["user_id"]: e for e in client.directory()["members"]}

    def someone_elses_certificate(reply: Doc) -> None:
        reply["user_keys"]["certificate"] = entries[ray.user_id]["certificate"]

    lies: list[tuple[Rewrite, str]] = [
        (_swapped_user_keys, "not the ones in your key backup"),
        (someone_elses_certificate, "not signed by your organisation"),
        (_weakened_backup, "copy of your keys"),
        (_damaged_backup, "copy of your keys"),
    ]
    new = org.laptop(fresh("mo-new"))
    code = org.new_code(org.mo)  # each attempt resumes it: the reply is replayed
    for lie, refusal in lies:
        with (
            lying(org, {"/v1/enrol": lie}, new),
            pytest.raises(UntrustedServer, match=refusal) as refused,
        ):
            new.join(org.url, code)
        assert "nothing was saved" in str(refused.value)
        joining_refused(new)
    # Honestly answered, the same code brings Mo's keys and records back.
    new.join(org.url, code)
    assert member(new).user_keys.verify_public == member(org.mo).user_keys.verify_public
    assert new.sync().status == DONE
    assert set(org.mo.all_records()) <= set(new.all_records())


def test_a_substituted_key_backup_does_not_open_and_nothing_is_saved(org: Org) -> None:
    """Another member's backup (same passphrase): sealed to their id, so it does not open.
    The laptop cannot tell this from a wrong passphrase, so it asks for the other one."""
    backups: dict[str, str] = {}
    probe = org.laptop(fresh("probe"))

    def keep(reply: Doc) -> None:
        backups["ray"] = reply["user_keys"]["key_backup"]
        reply["org_keys"] = None  # and stop there

    with lying(org, {"/v1/enrol": keep}, probe), pytest.raises(UntrustedServer):
        probe.join(org.url, org.new_code(org.ray))

    def ray_backup(reply: Doc) -> None:
        reply["user_keys"]["key_backup"] = backups["ray"]

    new = org.laptop(fresh("mo-new"))
    code = org.new_code(org.mo)
    with (
        lying(org, {"/v1/enrol": ray_backup}, new),
        pytest.raises(JoinRefused, match="does not open your keys either. Nothing was saved"),
    ):
        new.join(org.url, code, other_passphrase=lambda: PASSPHRASE)
    joining_refused(new)


def test_a_replacement_laptop_told_it_is_the_first_makes_no_keys_of_its_own(org: Org) -> None:
    new = org.laptop(fresh("mo-new"))
    code = org.new_code(org.mo)

    def first_laptop(reply: Doc) -> None:
        reply["user_keys"] = None

    with (
        lying(org, {"/v1/enrol": first_laptop}, new),
        pytest.raises(ServiceError, match="must use them"),
    ):
        new.join(org.url, code)
    joining_refused(new)


# --- the key directory ----------------------------------------------------------------------------


def _other_signing_key(doc: Doc) -> None:
    fake = OrgKeys.generate()
    review = base64.b64decode(doc["org_keys"]["review_public"])
    doc["org_keys"]["signing_public"] = b64(fake.signing.verify_key.raw)
    doc["org_keys"]["signature"] = b64(sign_org_keys(fake.signing, doc["org_id"], review))


def _other_review_key(doc: Doc) -> None:
    doc["org_keys"]["review_public"] = b64(OrgKeys.generate().review.public.raw)


def _other_review_key_signed_by_another(doc: Doc) -> None:
    fake = OrgKeys.generate()
    doc["org_keys"]["review_public"] = b64(fake.review.public.raw)
    doc["org_keys"]["signature"] = b64(
        sign_org_keys(fake.signing, doc["org_id"], fake.review.public.raw)
    )


def _review_key_signature_broken(doc: Doc) -> None:
    doc["org_keys"]["signature"] = flip(doc["org_keys"]["signature"])


@pytest.mark.parametrize(
    ("lie", "refusal"),
    [
        pytest.param(_other_signing_key, "not the one this laptop trusted", id="signing-key"),
        pytest.param(_other_review_key, "not the one this laptop trusted", id="review-key"),
        pytest.param(
            _other_review_key_signed_by_another,
            "not the one this laptop trusted",
            id="review-key-signed-by-another",
        ),
        pytest.param(
            _review_key_signature_broken, "not signed by the organisation", id="review-signature"
        ),
    ],
)
def test_a_directory_with_other_organisation_keys_is_refused_whole(
    org: Org, lie: Rewrite, refusal: str
) -> None:
    for laptop in (org.sue, org.mo):
        mentees = new_mentees(org.ray, 1)
        before = local_state(laptop)
        report = sync_through(org, laptop, {"/v1/keys": lie})
        assert report.status == UNTRUSTED and refusal in report.message
        assert "tell your" in report.message.lower()
        after = local_state(laptop)
        assert after == before  # not even the raw directory is replaced
        assert mentees[0].id not in laptop.all_records()  # it stopped before pulling
        assert laptop.sync().status == DONE


def _swap_member_keys(who: Membership, device: KeyPairs, device_id: str) -> Rewrite:
    """The member's user keys replaced by the liar's (their old certificate kept), and a
    laptop of the liar's certified by those keys."""

    def lie(doc: Doc) -> None:
        fake_user = KeyPairs.generate()
        for entry in doc["members"]:
            if entry["user_id"] == who.user_id:
                entry["recipient_public"] = b64(fake_user.recipient_public)
                entry["verify_public"] = b64(fake_user.verify_public)
                entry["devices"].append(forged_device(doc, who, fake_user, device, device_id))

    return lie


def forged_device(
    doc: Doc, who: Membership, signer: KeyPairs, device: KeyPairs, device_id: str
) -> dict[str, Any]:
    return {
        "device_id": device_id,
        "verify_public": b64(device.verify_public),
        "recipient_public": b64(device.recipient_public),
        "certificate": b64(
            certify_device(
                signer.signing,
                doc["org_id"],
                who.user_id,
                device_id,
                device.verify_public,
                device.recipient_public,
            )
        ),
        "revoked_at": None,
    }


def _add_forged_device(who: Membership, device: KeyPairs, device_id: str) -> Rewrite:
    """A laptop added to a member, its certificate made with a key that is not theirs."""

    def lie(doc: Doc) -> None:
        for entry in doc["members"]:
            if entry["user_id"] == who.user_id:
                entry["devices"].append(
                    forged_device(doc, who, KeyPairs.generate(), device, device_id)
                )

    return lie


def _borrow_a_device_certificate(who: Membership, device: KeyPairs, device_id: str) -> Rewrite:
    """A laptop added to a member with the certificate of one of their real laptops."""

    def lie(doc: Doc) -> None:
        for entry in doc["members"]:
            if entry["user_id"] == who.user_id:
                forged = forged_device(doc, who, KeyPairs.generate(), device, device_id)
                forged["certificate"] = entry["devices"][0]["certificate"]
                entry["devices"].append(forged)

    return lie


@pytest.mark.parametrize(
    "lie",
    [
        pytest.param(_swap_member_keys, id="member-keys-swapped"),
        pytest.param(_add_forged_device, id="forged-device"),
        pytest.param(_borrow_a_device_certificate, id="borrowed-device-certificate"),
    ],
)
def test_keys_the_organisation_did_not_certify_sign_nothing_here(
    org: Org, lie: Callable[[Membership, KeyPairs, str], Rewrite]
) -> None:
    """The liar's laptop sends a well-formed record as Mo's; Sue and Mo's other laptop
    neither trust the liar's keys nor store the record."""
    device = KeyPairs.generate()
    device_id = new_id()
    rid, envelope = forge(device, device_id, member(org.mo).user_id, member(org.sue))
    for laptop in (org.sue, org.mo2):
        settle(laptop)
        before = local_state(laptop)
        report = sync_through(
            org,
            laptop,
            {"/v1/keys": lie(member(org.mo), device, device_id), "/v1/pull": add_to_page(envelope)},
        )
        # Held as signed by a laptop nobody certified, then let go: the service does not
        # know that record when asked for it again.
        assert report.status == DONE and report.received == 0 and report.held == 1
        after = local_state(laptop)
        same_except(before, after, records=set())
        assert rid not in after["records"] and rid not in refusals(laptop, "held")
        directory = Directory.verify(after["raw directory"], member(laptop))
        assert device_id not in directory.devices
        assert any("Mo" in problem for problem in directory.problems)
        # The person is told (sync panel, mentorapp-cli status), not left guessing.
        assert any("Mo" in problem for problem in key_problems(laptop.profile))
        assert laptop.sync().status == DONE
        assert key_problems(laptop.profile) == []
    # The organisation's key holder is not invited to certify the swapped keys as routine.
    assert member(org.mo).user_id not in offered_for_certifying(
        org, {"/v1/keys": lie(member(org.mo), device, device_id)}
    )


def offered_for_certifying(org: Org, routes: dict[str, Rewrite]) -> set[str]:
    """Whom Sue's laptop lists as waiting to be certified, while the service lies."""
    try:
        with lying(org, routes, org.sue):
            sue = member(org.sue)
            with org.sue.client(sue.server_url, sue.credential) as client:
                return {m.user_id for m in pending_members(org.sue.profile, client)}
    finally:
        assert org.sue.sync().status == DONE


def test_a_certificate_moved_to_another_member_certifies_nobody(org: Org) -> None:
    mo, ray = member(org.mo), member(org.ray)

    def swap_certificates(doc: Doc) -> None:
        entries = {e["user_id"]: e for e in doc["members"]}
        a, b = entries[mo.user_id], entries[ray.user_id]
        a["certificate"], b["certificate"] = b["certificate"], a["certificate"]

    def move_laptops(doc: Doc) -> None:
        """Mo's laptops listed under Ray, with the certificates Mo's key made for them."""
        entries = {e["user_id"]: e for e in doc["members"]}
        entries[ray.user_id]["devices"] += entries[mo.user_id]["devices"]
        entries[mo.user_id]["devices"] = []

    for lie, uncertified in ((swap_certificates, {mo.user_id, ray.user_id}), (move_laptops, set())):
        settle(org.sue)
        mentees = new_mentees(org.mo, 1)
        before = local_state(org.sue)
        report = sync_through(org, org.sue, {"/v1/keys": lie})
        assert report.status == DONE and report.received == 0
        after = local_state(org.sue)
        same_except(before, after, records=set())
        directory = Directory.verify(after["raw directory"], member(org.sue))
        assert not uncertified & set(directory.members)
        assert mo.device_id not in directory.devices
        assert {m.id for m in mentees} <= set(refusals(org.sue, "held"))
        # Nor is Sue invited to certify anyone whose certificate does not match.
        assert not uncertified & offered_for_certifying(org, {"/v1/keys": lie})
        # Honest again: the held records are checked and stored.
        assert {m.id for m in mentees} <= set(org.sue.all_records())


# --- envelopes ---------------------------------------------------------------------------


@dataclass
class Cast:
    """Who is who, for the lies below."""

    sue: Membership
    mo: Membership
    mo2: Membership
    ray: Membership
    held_id: str  # a record of Mo's that Sue already holds


def _ciphertext_altered(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["ciphertext"] = flip(a["ciphertext"])
    return {a["id"]}


def _ciphertexts_swapped(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["ciphertext"], b["ciphertext"] = b["ciphertext"], a["ciphertext"]
    return {a["id"], b["id"]}


def _wrapped_keys_swapped(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["wrapped_keys"], b["wrapped_keys"] = b["wrapped_keys"], a["wrapped_keys"]
    return {a["id"], b["id"]}


def _signatures_swapped(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["signature"], b["signature"] = b["signature"], a["signature"]
    return {a["id"], b["id"]}


def _recipient_stripped(a: Doc, b: Doc, cast: Cast) -> set[str]:
    del a["wrapped_keys"][user_recipient_id(cast.mo.user_id)]  # Sue reads through the other
    return {a["id"]}


def _addressed_to_changed(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["addressed_to"] = cast.sue.user_id
    return {a["id"]}


def _owner_changed(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["owner_id"] = cast.ray.user_id
    return {a["id"]}


def _author_is_another_laptop_of_theirs(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["author_device"] = cast.mo2.device_id
    return {a["id"]}


def _author_is_someone_elses_laptop(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["author_device"] = cast.ray.device_id
    return {a["id"]}


def _author_is_this_laptop(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["author_device"] = cast.sue.device_id
    return {a["id"]}


def _record_type_changed(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["record_type"] = "goal"
    return {a["id"]}


def _version_raised(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["version"] += 1
    a["base_version"] += 1
    return {a["id"]}


def _made_a_deletion(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["deleted"] = True
    a["ciphertext"] = ""
    return {a["id"]}


def _moved_under_another_id(a: Doc, b: Doc, cast: Cast) -> set[str]:
    a["id"] = cast.held_id  # a record Sue holds, at version 1: this would be version 2
    a["version"], a["base_version"] = 2, 1
    return {cast.held_id}


ENVELOPE_LIES = [
    pytest.param(_ciphertext_altered, "signature does not match", id="ciphertext-altered"),
    pytest.param(_ciphertexts_swapped, "signature does not match", id="ciphertexts-swapped"),
    pytest.param(_wrapped_keys_swapped, "signature does not match", id="wrapped-keys-swapped"),
    pytest.param(_signatures_swapped, "signature does not match", id="signatures-swapped"),
    pytest.param(_recipient_stripped, "signature does not match", id="recipient-stripped"),
    pytest.param(_addressed_to_changed, "signature does not match", id="addressed-to-changed"),
    pytest.param(_owner_changed, "someone other than the record's owner", id="owner-changed"),
    pytest.param(
        _author_is_another_laptop_of_theirs,
        "signature does not match",
        id="author-their-other-laptop",
    ),
    pytest.param(
        _author_is_someone_elses_laptop,
        "someone other than the record's owner",
        id="author-someone-elses-laptop",
    ),
    pytest.param(_author_is_this_laptop, "signed by this laptop for someone else", id="author-me"),
    pytest.param(_record_type_changed, "signature does not match", id="record-type-changed"),
    pytest.param(_version_raised, "signature does not match", id="version-raised"),
    pytest.param(_made_a_deletion, "signature does not match", id="made-a-deletion"),
    pytest.param(_moved_under_another_id, "signature does not match", id="moved-to-another-id"),
]


@pytest.fixture
def cast(org: Org) -> Cast:
    held = next(
        rid
        for rid, owner in org.sue.profile.records.owners().items()
        if owner == member(org.mo).user_id
    )
    return Cast(
        sue=member(org.sue),
        mo=member(org.mo),
        mo2=member(org.mo2),
        ray=member(org.ray),
        held_id=held,
    )


@pytest.mark.parametrize(
    ("path", "lie", "refusal"),
    [pytest.param("/v1/pull", *p.values, id=f"pull-{p.id}") for p in ENVELOPE_LIES]
    + [
        # Fetched envelopes go through the same checks: a few to show it.
        pytest.param("/v1/fetch", *p.values, id=f"fetch-{p.id}")
        for p in ENVELOPE_LIES
        if p.id in ("ciphertexts-swapped", "owner-changed", "moved-to-another-id")
    ],
)
def test_an_altered_envelope_is_refused_and_nothing_of_it_is_stored(
    org: Org,
    cast: Cast,
    lie: Callable[[Doc, Doc, Cast], set[str]],
    refusal: str,
    path: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settle(org.sue)
    a, b = new_mentees(org.mo, 2)
    refused: set[str] = set()
    genuine: dict[str, Doc] = {}

    def tamper(doc: Doc) -> None:
        envelopes = {e["id"]: e for e in doc["changes" if path == "/v1/pull" else "envelopes"]}
        if a.id in envelopes and b.id in envelopes and not refused:
            genuine.update(copy.deepcopy(envelopes))
            refused.update(lie(envelopes[a.id], envelopes[b.id], cast))

    routes: dict[str, Rewrite] = {path: tamper}
    if path == "/v1/fetch":
        # The pull brings nothing; the summary and index send the laptop to fetch them.
        routes["/v1/pull"] = lambda page: page["changes"].clear()
    before = local_state(org.sue)
    with caplog.at_level("WARNING", logger="mentorapp.sync"):
        report = sync_through(org, org.sue, routes)
    assert report.status == DONE
    assert refused, "the lie was never told"
    assert report.refused >= len(refused)
    assert caplog.text.count(refusal) >= len(refused)
    after = local_state(org.sue)
    # Only the two new records may have arrived, and only as Mo wrote them: a version the
    # index made the laptop fetch again from the service is the genuine one.
    same_except(before, after, records={a.id, b.id})
    problems = refusals(org.sue)
    for mentee in (a, b):
        if mentee.id in after["records"]:
            assert org.sue.profile.records.get_typed(Mentee, mentee.id) == mentee
            assert stored_signature(org.sue, mentee.id) == genuine[mentee.id]["signature"]
        elif mentee.id in refused:
            assert refusal in problems[mentee.id]
    if b.id not in refused:  # the honest one of the two arrived
        assert b.id in after["records"]


def stored_signature(laptop: Laptop, record_id: str) -> str:
    with Session(laptop.profile.engine) as session:
        row = session.get(RecordRow, record_id)
        assert row is not None
        return b64(row.signature)


def test_an_old_version_replayed_after_a_newer_one_is_refused(org: Org) -> None:
    (mentee,) = new_mentees(org.mo, 1)
    seen: dict[str, dict[int, Doc]] = {}
    assert sync_through(org, org.sue, {"/v1/pull": recorder(seen)}).received >= 1
    assert sync_through(org, org.mo2, {"/v1/pull": recorder(seen)}).status == DONE
    mentee.pronouns = "they/them"
    org.mo.save(mentee)
    assert org.mo.sync().pushed == 1
    assert sync_through(org, org.sue, {"/v1/pull": recorder(seen)}).received >= 1
    old, new = seen[mentee.id][1], seen[mentee.id][2]

    # In a pull page, and in a fetch after the index claimed something newer.
    for routes in (
        {"/v1/pull": add_to_page(old)},
        {
            "/v1/summary": _summary_disagrees,
            "/v1/index": lambda page: page.update(
                items=[[i, v + 1 if i == mentee.id else v] for i, v in page["items"]]
            ),
            "/v1/fetch": lambda doc: doc.update(envelopes=[old]),
        },
    ):
        before = local_state(org.sue)
        report = sync_through(org, org.sue, routes)
        assert report.status == DONE and report.refused >= 1
        same_except(before, local_state(org.sue), records=set())
        assert refusals(org.sue)[mentee.id] == "version 1 is older than version 2"
        assert org.sue.profile.records.get_typed(Mentee, mentee.id).pronouns == "they/them"

    # The same version signed differently: Mo's other laptop's unsent edit of it.
    other = org.mo2.profile.records.get_typed(Mentee, mentee.id)
    other.pronouns = "she/her"
    org.mo2.save(other)
    (pending,) = SyncStore(org.mo2.profile.records).outgoing(1 << 20, 10)
    assert (pending.id, pending.version) == (mentee.id, 2)
    forked = dict(new)
    forked.update(
        signature=b64(pending.signature),
        ciphertext=b64(pending.ciphertext),
        author_device=pending.author_device,
        wrapped_keys={k: b64(v) for k, v in pending.wrapped_keys.items()},
    )
    before = local_state(org.sue)
    report = sync_through(org, org.sue, {"/v1/pull": add_to_page(forked)})
    assert report.status == DONE
    same_except(before, local_state(org.sue), records=set())
    assert refusals(org.sue)[mentee.id] == "a different version 2 than the one held here"

    # Mo's other laptop settles its edit against version 2, then edits again; a push
    # conflict answered with an old or altered "current" version merges nothing.
    assert org.mo2.sync().new_conflicts == 1
    SyncStore(org.mo2.profile.records).resolve(mentee.id, "theirs")
    assert org.mo2.sync().pushed == 1
    other = org.mo2.profile.records.get_typed(Mentee, mentee.id)
    other.preferred_name = "Edited again"
    org.mo2.save(other)
    altered = copy.deepcopy(new)
    altered["ciphertext"] = flip(altered["ciphertext"])
    for current, refusal in (
        (old, "version 1 is older than version 3"),
        (new, "version 2 is older than version 3"),
        (altered, "signature does not match"),
    ):
        before = local_state(org.mo2)

        def conflict(reply: Doc, current: Doc = current) -> None:
            for result in reply["results"]:
                if result["id"] == mentee.id:
                    result.update(status="conflict", current=current)

        report = sync_through(
            org,
            org.mo2,
            {
                "/v1/push": conflict,
                "/v1/pull": lambda page: page["changes"].clear(),
                "/v1/fetch": lambda doc: doc["envelopes"].clear(),
            },
        )
        assert report.status == DONE and report.pushed == 0
        assert report.new_conflicts == 0 and report.merged == 0
        assert refusals(org.mo2)[mentee.id] == refusal or refusal in refusals(org.mo2)[mentee.id]
        same_except(before, local_state(org.mo2), records=set())
    report = org.mo2.sync()
    assert report.status == DONE and report.counts is not None and report.counts.waiting == 0
    assert org.mo2.profile.records.get_typed(Mentee, mentee.id) == other


def _purged(record_id: str, version: int, owner_id: str, author: str) -> dict[str, Any]:
    return {
        "format": 2,
        "id": record_id,
        "record_type": "mentee",
        "version": version,
        "base_version": version - 1,
        "deleted": True,
        "purged": True,
        "owner_id": owner_id,
        "addressed_to": None,
        "author_device": author,
        "ciphertext": None,
        "wrapped_keys": {},
        "signature": None,
        "seq": 1,
        "received_at": dt.datetime.now(dt.UTC).isoformat(),
    }


@pytest.mark.parametrize("edited_here", [False, True], ids=["acknowledged", "edited-here"])
@pytest.mark.parametrize("claimed_owner", ["mo", "sue"], ids=["owner-mo", "owner-claimed-sue"])
def test_an_unsigned_erasure_never_removes_a_record_of_ones_own(
    org: Org, claimed_owner: str, edited_here: bool, caplog: pytest.LogCaptureFixture
) -> None:
    settle(org.mo)
    (mentee,) = new_mentees(org.mo, 1)
    seen: dict[str, dict[int, Doc]] = {}
    sync_through(org, org.mo2, {"/v1/pull": recorder(seen)})
    routes: dict[str, Rewrite] = {}
    if edited_here:
        # The edit stays unsent: the liar answers its push with the version already held.
        mentee.pronouns = "he/him"
        org.mo.save(mentee)

        def conflict(reply: Doc) -> None:
            for result in reply["results"]:
                result.update(status="conflict", current=seen[mentee.id][1])

        routes["/v1/push"] = conflict
        routes["/v1/fetch"] = lambda doc: doc["envelopes"].clear()
    owner = member(getattr(org, claimed_owner))
    routes["/v1/pull"] = add_to_page(_purged(mentee.id, 3, owner.user_id, owner.device_id))
    before = local_state(org.mo)
    with caplog.at_level("WARNING", logger="mentorapp.sync"):
        report = sync_through(org, org.mo, routes)
    assert report.status == DONE and report.pushed == 0 and report.refused >= 1
    after = local_state(org.mo)
    same_except(before, after, records=set())
    assert org.mo.profile.records.get_typed(Mentee, mentee.id) == mentee
    # (The refusal of a version the service does not hold is let go at the full check.)
    assert "your copy is kept until you delete it yourself" in caplog.text
    report = org.mo.sync()
    assert report.status == DONE and report.pushed == int(edited_here)
    assert org.mo.profile.records.get_typed(Mentee, mentee.id) == mentee


def test_an_unsigned_erasure_of_ones_own_record_not_here_yet_keeps_nothing(
    org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    """Mo's other laptop has not received the record yet: the liar withholds it and sends
    an erasure at a high version instead, which would keep the record itself out."""
    settle(org.mo2)
    (mentee,) = new_mentees(org.mo, 1)
    mo = member(org.mo)

    def erase_instead(page: Doc) -> None:
        page["changes"] = [e for e in page["changes"] if e["id"] != mentee.id]
        page["changes"].append(_purged(mentee.id, 5, mo.user_id, mo.device_id))

    before = local_state(org.mo2)
    with caplog.at_level("WARNING", logger="mentorapp.sync"):
        report = sync_through(
            org,
            org.mo2,
            {"/v1/pull": erase_instead, "/v1/fetch": lambda doc: doc["envelopes"].clear()},
        )
    assert report.status == DONE and report.refused == 1
    same_except(before, local_state(org.mo2), records=set())
    assert "your copy is kept until you delete it yourself" in caplog.text
    settle(org.mo2)
    assert org.mo2.profile.records.get_typed(Mentee, mentee.id) == mentee


# --- the review key ---------------------------------------------------------------------------


def test_a_forged_review_key_grant_is_refused_and_the_real_one_still_arrives(org: Org) -> None:
    sid = org.laptop(fresh("sid"))
    sid.join(org.url, org.world.invite(sid.name, "supervisor", "North"))
    org.sue.certify_everyone()
    (mentee,) = new_mentees(org.mo, 1)
    me = member(sid)
    org_id = me.org_id
    sue = member(org.sue)
    assert sue.org_keys is not None
    with org.sue.client(sue.server_url, sue.credential) as client:
        sues_grant = client.review_key()

    fake = OrgKeys.generate()
    sealed_fake, signed_fake = seal_review_key(
        fake.signing, fake.review, org_id, me.user_id, me.user_keys.recipient.public
    )
    # The organisation's real review key, sealed to Sid, but signed by another key.
    sealed_real, _ = seal_review_key(
        fake.signing, sue.org_keys.review, org_id, me.user_id, me.user_keys.recipient.public
    )
    forgeries: list[Rewrite] = [
        lambda g: {"sealed": b64(sealed_fake), "signature": b64(signed_fake)},
        lambda g: {"sealed": b64(sealed_real), "signature": g["signature"]},
        lambda g: sues_grant,
        lambda g: {"sealed": g["sealed"], "signature": sues_grant["signature"]},
        lambda g: {"sealed": sues_grant["sealed"], "signature": g["signature"]},
        lambda g: [],
    ]
    for forgery in forgeries:
        before = local_state(sid)
        report = sync_through(org, sid, {"/v1/keys/review-key": forgery})
        assert report.status == UNTRUSTED
        assert "review key the organisation did not grant" in report.message
        after = local_state(sid)
        assert after["records"] == before["records"]
        assert after["membership"] == before["membership"]
        assert member(sid).review_key is None
    report = sid.sync()
    assert report.status == DONE and member(sid).review_key is not None
    assert mentee.id in sid.all_records()


# --- summary and index ------------------------------------------------------------------------------


def _summary_disagrees(summary: Doc) -> None:
    summary["count"] += 1


def test_an_index_that_loses_records_costs_this_person_nothing(org: Org) -> None:
    mine = new_mentees(org.mo, 2)
    mine[0].pronouns = "he/him"
    org.mo.save(mine[0])
    assert org.mo.sync().pushed == 1
    assert org.sue.sync().status == DONE
    own_before = org.mo.all_records()
    mo = member(org.mo)
    mos = {rid for rid, owner in org.mo.profile.records.owners().items() if owner == mo.user_id}

    def lose_mine(page: Doc) -> None:
        page["items"] = [
            [i, 1] if i == mine[0].id else [i, v] for i, v in page["items"] if i != mine[1].id
        ]

    # Mo's laptop: told its records are lost or behind, it sends them again.
    report = sync_through(org, org.mo, {"/v1/summary": _summary_disagrees, "/v1/index": lose_mine})
    assert report.status == DONE and report.reconciled
    assert org.mo.all_records() == own_before
    report = org.mo.sync()
    assert report.status == DONE and not report.reconciled
    assert report.counts is not None and report.counts.waiting == 0
    assert report.counts.conflicts == 0
    assert org.mo.all_records() == own_before

    # Sue's laptop: told Mo's records are gone, it drops its copies (the service can
    # withhold them anyway) but keeps every record of her own.
    sues_own = new_mentees(org.sue, 1)
    sue_before = org.sue.all_records()

    def lose_everything(page: Doc) -> None:
        page["items"] = []

    report = sync_through(
        org, org.sue, {"/v1/summary": _summary_disagrees, "/v1/index": lose_everything}
    )
    assert report.status == DONE
    kept = org.sue.all_records()
    assert sues_own[0].id in kept
    assert all(kept[rid] == sue_before[rid] for rid in kept)
    report = org.sue.sync()
    assert report.status == DONE
    assert sue_before.items() <= org.sue.all_records().items()
    assert mos <= set(org.sue.all_records())


def test_a_refused_version_the_service_never_held_does_not_linger(
    org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    settle(org.sue)
    (mentee,) = new_mentees(org.mo, 1)

    def raise_version(page: Doc) -> None:
        for env in page["changes"]:
            if env["id"] == mentee.id:
                env["version"] = 7

    with caplog.at_level("WARNING", logger="mentorapp.sync"):
        report = sync_through(org, org.sue, {"/v1/pull": raise_version})
    assert report.status == DONE and report.refused == 1
    assert "signature does not match" in caplog.text
    # The full check finds the service holds version 1: the refusal of a version 7 it
    # never had stops counting, and version 1 is fetched, checked and stored.
    assert report.reconciled and report.message == ""
    assert org.sue.profile.records.get_typed(Mentee, mentee.id) == mentee
    assert mentee.id not in refusals(org.sue)
    report = org.sue.sync()
    assert report.status == DONE and not report.reconciled


# --- answers that cannot be read --------------------------------------------------------------------


def test_a_pull_that_never_ends_is_refused(org: Org) -> None:
    pulls = {"n": 0}

    def forever(page: Doc) -> None:
        pulls["n"] += 1
        if pulls["n"] < 100:
            page["more"] = True

    report = sync_through(org, org.sue, {"/v1/pull": forever})
    assert pulls["n"] < 5
    assert report.status == FAILED and "more" in report.message
    assert org.sue.sync().status == DONE


@pytest.mark.parametrize(
    "items",
    [
        pytest.param([5], id="not-a-pair"),
        pytest.param([[]], id="empty-pair"),
        pytest.param([["zzz", 1], ["aaa", 1]], id="out-of-order"),
    ],
)
def test_an_index_that_cannot_be_read_is_refused_in_a_sentence(org: Org, items: list[Any]) -> None:
    calls = {"n": 0}

    def garbled(page: Doc) -> None:
        calls["n"] += 1
        if calls["n"] < 100:
            page["items"] = page["items"] + items
            page["more"] = True

    before = local_state(org.sue)
    report = sync_through(org, org.sue, {"/v1/summary": _summary_disagrees, "/v1/index": garbled})
    assert calls["n"] < 5
    assert report.status == FAILED and "index" in report.message
    same_except(before, local_state(org.sue), records=set())
    assert org.sue.sync().status == DONE


@pytest.mark.parametrize(
    "field", ["devices", "former_keys"], ids=["devices-not-a-list", "former-keys-not-a-list"]
)
def test_a_directory_entry_that_cannot_be_read_is_ignored_in_a_sentence(
    org: Org, field: str
) -> None:
    mo = member(org.mo)

    def garbled(doc: Doc) -> None:
        for entry in doc["members"]:
            if entry["user_id"] == mo.user_id:
                entry[field] = 5

    settle(org.sue)
    before = local_state(org.sue)
    report = sync_through(org, org.sue, {"/v1/keys": garbled})
    assert report.status == DONE
    after = local_state(org.sue)
    same_except(before, after, records=set())
    directory = Directory.verify(after["raw directory"], member(org.sue))
    assert "the list of Mo's keys could not be read: ignored" in directory.problems
    if field == "former_keys":  # Mo's laptops are still certified by Mo's current key
        assert after["directory"] == before["directory"]
    assert org.sue.sync().status == DONE


@pytest.mark.parametrize(
    "received_at",
    ["not a time", "2000-01-01T00:00:00+00:00", "after"],
    ids=["unreadable", "offset-against-none", "after-revocation"],
)
def test_a_revoked_laptops_envelope_with_an_unreadable_time_is_refused(
    org: Org, received_at: str
) -> None:
    """Written before its laptop was revoked, reaching Sue only after: the service's
    receipt time decides, and one that cannot be read or compared is refused."""
    rae = org.laptop(fresh("rae"))
    rae.join(org.url, org.world.invite(rae.name, "mentor", "North"))
    org.sue.certify_everyone()
    (mentee,) = new_mentees(rae, 1)
    org.world.admin("revoke-device", member(rae).device_id)

    def when(page: Doc) -> None:
        for env in page["changes"]:
            if env["id"] == mentee.id:
                if received_at == "after":
                    env["received_at"] = (
                        dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
                    ).isoformat()
                else:
                    env["received_at"] = received_at

    before = local_state(org.sue)
    report = sync_through(org, org.sue, {"/v1/pull": when})
    assert report.status == DONE
    after = local_state(org.sue)
    if received_at.startswith("2000"):
        # Compared, not crashed on (the service here writes times without an offset).
        # Before the revocation by the service's word, so stored: a limitation, see the top.
        assert mentee.id in after["records"]
        return
    # (The directory changed honestly: Rae was certified, and her laptop revoked.)
    same_except(before, after, records=set(), directory=False)
    assert after["directory"][1][member(rae).device_id][2] is not None
    assert "after it was revoked" in refusals(org.sue)[mentee.id]
