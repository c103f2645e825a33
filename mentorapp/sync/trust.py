"""What this laptop believes about the organisation's keys, and nothing the service
says beyond that.

The organisation's signing key was pinned at joining (its fingerprint came from
the enrolment code). From the directory the service hands out, only what that
key vouches for is kept: its review key, the members it certified, and the
devices each certified member's user key certified. Envelopes are then checked
against that chain on every pull.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from mentorapp.core.codec import RecordDecodeError, decode_record
from mentorapp.core.ids import is_valid_id
from mentorapp.core.model import RecordType
from mentorapp.crypto import (
    CryptoError,
    EnvelopeFields,
    IntegrityError,
    RecipientKeyPair,
    RecordCipher,
    SignatureInvalid,
    VerifyKey,
    verify_envelope,
)
from mentorapp.crypto.directory import verify_device, verify_member, verify_org_keys
from mentorapp.crypto.records import review_recipient_id, user_recipient_id
from mentorapp.store.membership import Membership
from mentorapp.store.syncstore import OWN_RECORD_KEPT, Incoming
from mentorapp.sync.client import MalformedReply, SyncError, unb64


class UntrustedServer(SyncError):
    """The service presented keys the organisation's pinned key does not vouch for."""


class Refused(Exception):
    """An envelope that failed a check: not stored."""


class Held(Exception):
    """An envelope this laptop cannot check yet (its author is not certified yet, or
    the review key has not reached this supervisor): fetched again later."""


@dataclass(frozen=True, kw_only=True)
class Member:
    user_id: str
    name: str
    role: str
    team_id: str | None
    recipient_public: bytes
    verify_public: bytes
    certified: bool


@dataclass(frozen=True, kw_only=True)
class Device:
    device_id: str
    user_id: str
    verify_key: VerifyKey
    revoked_at: dt.datetime | None


@dataclass(kw_only=True)
class Directory:
    """The verified view of the organisation's keys."""

    org_id: str
    members: dict[str, Member] = field(default_factory=dict)
    pending: dict[str, Member] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, membership: Membership) -> Directory:
        return cls(org_id=membership.org_id)

    @classmethod
    def verify(cls, doc: Any, membership: Membership) -> Directory:
        """Keep only what the pinned organisation key vouches for.

        Raises:
            UntrustedServer: the organisation's own keys are not the pinned ones.
        """
        if not isinstance(doc, dict):
            raise MalformedReply("the key directory is not a JSON object")
        org_keys = doc.get("org_keys")
        if doc.get("org_id") != membership.org_id or not isinstance(org_keys, dict):
            raise UntrustedServer(
                "The service's key directory does not name your organisation's keys. "
                "Nothing from it was used. Tell your supervisor or administrator."
            )
        signing = unb64(org_keys.get("signing_public"), "org_keys.signing_public")
        review = unb64(org_keys.get("review_public"), "org_keys.review_public")
        signature = unb64(org_keys.get("signature"), "org_keys.signature")
        if signing != membership.org_signing_public or review != membership.org_review_public:
            raise UntrustedServer(
                "The service presented an organisation key that is not the one this laptop "
                "trusted when it joined. Nothing from it was used. This can mean the service "
                "has been tampered with: tell your supervisor or administrator now."
            )
        org_verify = VerifyKey(signing)
        try:
            verify_org_keys(org_verify, signature, membership.org_id, review)
        except SignatureInvalid:
            raise UntrustedServer(
                "The organisation's review key in the directory is not signed by the "
                "organisation. Nothing from it was used; tell your administrator."
            ) from None
        directory = cls(org_id=membership.org_id, raw=doc)
        members = doc.get("members")
        if not isinstance(members, list):
            raise MalformedReply("the key directory has no list of members")
        for raw in members:
            directory._add_member(raw, org_verify, membership)
        return directory

    def _add_member(self, raw: Any, org_verify: VerifyKey, membership: Membership) -> None:
        try:
            user_id = str(raw["user_id"])
            member = Member(
                user_id=user_id,
                name=str(raw["name"]),
                role=str(raw["role"]),
                team_id=raw.get("team_id"),
                recipient_public=unb64(raw["recipient_public"], "recipient_public"),
                verify_public=unb64(raw["verify_public"], "verify_public"),
                certified=False,
            )
        except (KeyError, TypeError, MalformedReply) as exc:
            self.problems.append(f"a member entry could not be read ({exc})")
            return
        certificate = raw.get("certificate")
        own = (
            user_id == membership.user_id
            and member.verify_public == membership.user_keys.verify_public
            and member.recipient_public == membership.user_keys.recipient_public
        )
        if not certificate and not own:
            self.pending[user_id] = member
            return
        if own and not certificate:
            # This person's own keys: this laptop holds them, so it needs no one else's
            # word to trust its own other laptops. Others wait for the organisation.
            self.pending[user_id] = member
            self._add_devices(raw, member, org_verify)
            return
        try:
            verify_member(
                org_verify,
                unb64(certificate, "certificate"),
                self.org_id,
                user_id,
                member.name,
                member.role,
                member.recipient_public,
                member.verify_public,
            )
        except (SignatureInvalid, MalformedReply):
            # Not "waiting to be certified": keys an admin reset come without a
            # certificate, so a certificate that does not match is the service's doing.
            self.problems.append(
                f"{member.name}'s keys are not certified by the organisation: ignored"
            )
            return
        certified = Member(**{**member.__dict__, "certified": True})
        self.members[user_id] = certified
        self._add_devices(raw, certified, org_verify)

    def _add_devices(self, raw: Any, member: Member, org_verify: VerifyKey) -> None:
        user_id = member.user_id
        # Laptops certified by keys an admin has since replaced still count for what
        # they signed before they were revoked, if the organisation certified those keys.
        user_keys = [VerifyKey(member.verify_public)]
        for former in self._entries(raw, "former_keys", member):
            try:
                old_recipient = unb64(former["recipient_public"], "recipient_public")
                old_verify = unb64(former["verify_public"], "verify_public")
                verify_member(
                    org_verify,
                    unb64(former.get("certificate"), "certificate"),
                    self.org_id,
                    user_id,
                    member.name,
                    member.role,
                    old_recipient,
                    old_verify,
                )
                user_keys.append(VerifyKey(old_verify))
            except (KeyError, TypeError, SignatureInvalid, MalformedReply):
                continue
        for device in self._entries(raw, "devices", member):
            self._add_device(device, member, user_keys)

    def _entries(self, raw: Any, key: str, member: Member) -> list[Any]:
        entries = raw.get(key) or []
        if not isinstance(entries, list):
            self.problems.append(f"the list of {member.name}'s keys could not be read: ignored")
            return []
        return entries

    def _add_device(self, raw: Any, member: Member, user_keys: list[VerifyKey]) -> None:
        try:
            device_id = str(raw["device_id"])
            verify_public = unb64(raw["verify_public"], "verify_public")
            recipient_public = unb64(raw["recipient_public"], "recipient_public")
            certificate = raw.get("certificate")
            if not certificate:
                return  # enrolled but not finished: it cannot have written anything
            signed = unb64(certificate, "certificate")
            for n, user_verify in enumerate(user_keys):
                try:
                    verify_device(
                        user_verify,
                        signed,
                        self.org_id,
                        member.user_id,
                        device_id,
                        verify_public,
                        recipient_public,
                    )
                    break
                except SignatureInvalid:
                    if n == len(user_keys) - 1:
                        raise
            revoked = raw.get("revoked_at")
            revoked_at = _instant(revoked) if revoked else None
            if revoked and revoked_at is None:
                raise ValueError("revoked at a time that cannot be read")
            self.devices[device_id] = Device(
                device_id=device_id,
                user_id=member.user_id,
                verify_key=VerifyKey(verify_public),
                revoked_at=revoked_at,
            )
        except (KeyError, TypeError, ValueError, SignatureInvalid, MalformedReply):
            self.problems.append(f"a laptop of {member.name} is not certified by them: ignored")

    def to_json(self) -> dict[str, Any]:
        return self.raw

    def member_name(self, user_id: str) -> str:
        member = self.members.get(user_id)
        return member.name if member is not None else ""


@dataclass
class Checker:
    """Checks envelopes from the service against the directory and opens them."""

    membership: Membership
    directory: Directory
    cipher: RecordCipher

    def open(self, env: Any) -> Incoming:
        """A verified, decrypted version ready to store.

        Raises:
            Refused: it failed a check (tampered, replayed, not for us).
            Held: it cannot be checked yet.
        """
        if not isinstance(env, dict):
            raise Refused("an envelope that is not a JSON object")
        rid = env.get("id")
        if not isinstance(rid, str) or not is_valid_id(rid):
            raise Refused("an envelope without a valid id")
        try:
            fields, signature, purged = self._fields(env)
        except (MalformedReply, KeyError, TypeError, ValueError) as exc:
            raise Refused(f"the envelope could not be read ({exc})") from exc
        if purged:
            return self._purged(fields)
        try:
            verify_envelope(self._author_key(fields, env), signature, fields)
        except SignatureInvalid:
            raise Refused("its signature does not match (altered on the way)") from None
        if fields.deleted:
            if fields.ciphertext:
                raise Refused("a deletion that still carries content")
            return self._incoming(fields, signature, None, None)
        content_key, plaintext = self._decrypt(fields)
        try:
            record = decode_record(RecordType(fields.record_type), plaintext)
        except (RecordDecodeError, ValueError) as exc:
            raise Refused(f"its content is not a valid {fields.record_type}") from exc
        if record.id != fields.record_id:
            raise Refused("its content belongs to another record")
        return self._incoming(fields, signature, content_key, plaintext)

    def _author_key(self, fields: EnvelopeFields, env: dict[str, Any]) -> VerifyKey:
        """The verify key of the laptop that signed, if the chain vouches for it."""
        own = self._own_device_key(fields.author_device)
        if own is not None:
            if fields.owner_id != self.membership.user_id:
                raise Refused("signed by this laptop for someone else")
            return own
        device = self.directory.devices.get(fields.author_device)
        if device is None:
            raise Held(self._why_not_yet(fields.owner_id))
        if device.user_id != fields.owner_id:
            raise Refused("signed by a laptop of someone other than the record's owner")
        if device.revoked_at is not None:
            when = _instant(env.get("received_at"))
            if when is None or when >= device.revoked_at:
                raise Refused("signed by a laptop after it was revoked")
        return device.verify_key

    def _why_not_yet(self, owner_id: str) -> str:
        """Why an envelope waits, naming the person (never a device id)."""
        pending = self.directory.pending.get(owner_id)
        if pending is not None:
            return f"written by {pending.name}, whom your organisation has not certified yet"
        member = self.directory.members.get(owner_id)
        if member is not None:
            return f"written on a laptop of {member.name} that is not certified yet"
        return "written by someone this laptop does not know yet"

    def _own_device_key(self, device_id: str) -> VerifyKey | None:
        m = self.membership
        if m.device_keys is not None and device_id == m.device_id:
            return m.device_keys.signing.verify_key
        raw = m.former_devices.get(device_id)
        return VerifyKey(bytes.fromhex(raw)) if raw else None

    def _fields(self, env: dict[str, Any]) -> tuple[EnvelopeFields, bytes, bool]:
        if env.get("format") != 2 and not env.get("purged"):
            raise ValueError(f"envelope format {env.get('format')!r} is not known here")
        wrapped = env.get("wrapped_keys") or {}
        if not isinstance(wrapped, dict):
            raise ValueError("wrapped_keys is not an object")
        addressed = env.get("addressed_to")
        fields = EnvelopeFields(
            record_type=str(env["record_type"]),
            record_id=str(env["id"]),
            version=_int(env["version"]),
            base_version=_int(env["base_version"]),
            deleted=bool(env["deleted"]),
            author_device=str(env["author_device"]),
            org_id=self.membership.org_id,
            owner_id=str(env["owner_id"]),
            addressed_to=str(addressed) if addressed else None,
            wrapped_keys={str(k): unb64(v, "a wrapped key") for k, v in wrapped.items()},
            ciphertext=unb64(env["ciphertext"], "ciphertext") if env.get("ciphertext") else b"",
        )
        if fields.record_type not in {t.value for t in RecordType}:
            raise ValueError(f"unknown record type {fields.record_type!r}")
        signature = unb64(env["signature"], "signature") if env.get("signature") else b""
        return fields, signature, bool(env.get("purged"))

    def _decrypt(self, fields: EnvelopeFields) -> tuple[bytes, bytes]:
        m = self.membership
        mine = user_recipient_id(m.user_id)
        review = review_recipient_id(m.org_id)
        address = fields.address
        try:
            if mine in fields.wrapped_keys:
                return self.cipher.receive(
                    address,
                    mine,
                    m.user_keys.recipient,
                    fields.wrapped_keys[mine],
                    fields.ciphertext,
                )
            if review in fields.wrapped_keys:
                if m.review_key is None:
                    if m.is_supervisor:
                        raise Held("the organisation's review key has not reached this laptop yet")
                    raise Refused("not sealed to this person")
                return self.cipher.receive(
                    address, review, m.review_key, fields.wrapped_keys[review], fields.ciphertext
                )
        except IntegrityError:
            raise Refused("its content does not decrypt (altered, moved or replayed)") from None
        raise Refused("not sealed to anyone on this laptop")

    def _incoming(
        self,
        fields: EnvelopeFields,
        signature: bytes,
        content_key: bytes | None,
        plaintext: bytes | None,
        purged: bool = False,
    ) -> Incoming:
        return Incoming(
            id=fields.record_id,
            record_type=fields.record_type,
            version=fields.version,
            base_version=fields.base_version,
            deleted=fields.deleted,
            author_device=fields.author_device,
            org_id=fields.org_id,
            owner_id=fields.owner_id,
            addressed_to=fields.addressed_to,
            ciphertext=None if fields.deleted else fields.ciphertext,
            wrapped_keys=dict(fields.wrapped_keys),
            signature=signature,
            content_key=content_key,
            plaintext=plaintext,
            purged=purged,
        )

    def _purged(self, fields: EnvelopeFields) -> Incoming:
        """Erased on the service by an administrator: no device signed it, so it is
        applied only to other people's records (the service could withhold those
        anyway); this person's own records are never removed on the service's word.
        The owner named here is unsigned too, so the store checks the row it holds."""
        if fields.owner_id == self.membership.user_id:
            raise Refused(OWN_RECORD_KEPT)
        return self._incoming(
            EnvelopeFields(**{**fields.__dict__, "deleted": True, "ciphertext": b""}),
            b"",
            None,
            None,
            purged=True,
        )


def _instant(value: Any) -> dt.datetime | None:
    """A time from the service, in UTC (it writes UTC, with or without an offset), or
    None if it is not one: never a naive time compared with an aware one."""
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("a version is not a whole number")
    return value


def dumps(directory: Directory) -> str:
    return json.dumps(directory.to_json())


__all__ = [
    "Checker",
    "CryptoError",
    "Device",
    "Directory",
    "Held",
    "Member",
    "RecipientKeyPair",
    "Refused",
    "UntrustedServer",
]
