"""Joining an organisation: the enrolment code is the root of trust.

A code looks like ``SECRET/FINGERPRINT``: a one-time secret, and the fingerprint
of the organisation's signing key. This laptop saves that fingerprint (never one
the service reports) and refuses any organisation key that does not match it.
Only an organisation's very first code has no fingerprint: it is for the first
supervisor, whose laptop then makes the organisation's keys and computes the
fingerprint itself.

Joining survives a lost reply: the device keys are kept (sealed) before the
service is asked, so running it again with the same code gets the same answer
and completes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mentorapp.core import typable
from mentorapp.crypto import (
    CryptoError,
    KdfParams,
    KeyPairs,
    OrgKeys,
    SignatureInvalid,
    VaultDamaged,
    VerifyKey,
    WrongPassphrase,
    open_key_backup,
    seal_key_backup,
)
from mentorapp.crypto.directory import (
    certify_device,
    certify_member,
    org_fingerprint,
    org_fingerprint_matches,
    parse_org_fingerprint,
    seal_review_key,
    sign_org_keys,
    verify_member,
    verify_org_keys,
)
from mentorapp.store.db import write_session
from mentorapp.store.membership import JOINED, JOINING, Membership
from mentorapp.store.models import MetaRow
from mentorapp.store.profile import Profile, default_kdf
from mentorapp.store.syncstore import CURSOR, SyncStore
from mentorapp.sync.client import (
    MalformedReply,
    ServiceClient,
    ServiceError,
    SyncError,
    b64,
    check_server_url,
    unb64,
)
from mentorapp.sync.engine import DIRECTORY
from mentorapp.sync.trust import UntrustedServer

CODE_BYTES = 10


class JoinRefused(SyncError):
    """This laptop refused to join: a sentence saying why, and that nothing was saved."""


class OtherPassphraseNeeded(JoinRefused):
    """The person's key backup on the service is sealed under the passphrase of their
    other laptop: join again with the same code and give that passphrase when asked.
    ``tried`` says a passphrase was given and did not open it either."""

    def __init__(self, message: str, *, tried: bool = False) -> None:
        super().__init__(message)
        self.tried = tried


@dataclass(frozen=True)
class JoinResult:
    org_name: str
    role: str
    user_name: str
    org_fingerprint: str
    first_supervisor: bool
    adopted: int
    resumed: bool
    # The organisation had certified this person's keys already (a later laptop), or
    # this laptop made the organisation's keys; otherwise supervisors cannot read what
    # it sends until the first supervisor certifies them.
    certified: bool = False


class PassphraseMismatch(JoinRefused):
    """The passphrase given to join is not the one that unlocks this profile."""


def _offered_certificate(reply: Any) -> bool:
    """Whether the reply carried a certificate for this person's keys (checked in
    ``_user_keys`` against the pinned organisation key before anything was saved)."""
    offered = reply.get("user_keys") if isinstance(reply, dict) else None
    return isinstance(offered, dict) and bool(offered.get("certificate"))


def parse_code(code: str) -> tuple[str, str | None]:
    """The secret part and the canonical fingerprint (None if the code has none).

    Raises:
        JoinRefused: it does not look like an enrolment code.
    """
    secret, sep, fpr = code.strip().partition("/")
    if typable.decode(secret, CODE_BYTES) is None:
        raise JoinRefused(
            "That is not an enrolment code. A code looks like ABCD-EFGH-JKMN-PQRS/VWXY-..."
            " (check each group of four)."
        )
    if not sep:
        return secret, None
    canonical = parse_org_fingerprint(fpr)
    if canonical is None:
        raise JoinRefused(
            "The part of the code after '/' (your organisation's fingerprint) is not "
            "complete. Check it against what you were given."
        )
    return secret, canonical


def default_label() -> str:
    """A name for this laptop that does not give away its user's login name, and that
    tells a person's laptops apart in the admin's list (date and time of joining)."""
    return f"Laptop enrolled {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}"


def _same_code(a: str, b: str) -> bool:
    return parse_code(a) == parse_code(b)


class Joiner:
    """Runs one join, resuming a previous attempt with the same code."""

    def __init__(
        self,
        profile: Profile,
        passphrase: str,
        *,
        client_factory: Callable[[str], ServiceClient] | None = None,
        other_passphrase: Callable[[], str | None] | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        self.profile = profile
        self.passphrase = passphrase
        self._client_factory = client_factory or ServiceClient
        self._other_passphrase = other_passphrase or (lambda: None)
        self._kdf = kdf

    def join(self, server_url: str, code: str, label: str | None = None) -> JoinResult:
        """Enrol this laptop and adopt the records made before joining.

        Raises:
            JoinRefused / UntrustedServer: refused; nothing was saved.
            Unreachable: the service could not be reached (run it again).
            ServiceError: the service refused (expired or used code, ...).
        """
        url = check_server_url(server_url)
        _, fingerprint = parse_code(code)
        previous = self.profile.membership
        if previous is not None and previous.status == JOINED:
            raise JoinRefused(
                f"This profile has already joined {previous.org_name} as {previous.user_name}."
            )
        state, resumed = self._pending(url, code, label or default_label())
        with self._client_factory(url) as client:
            device: KeyPairs = KeyPairs.from_json(state["device_keys"])
            reply = client.enrol(
                code.strip(), device.verify_public, device.recipient_public, state["label"]
            )
            org = self._check_org(reply, fingerprint, state)
            client.token = self._credential(reply, device)
            user_keys, first_device = self._user_keys(reply, previous)
            device_id = _text(reply, "device_id")
            org_id = _text(reply, "org_id")
            user_id = _text(reply, "user_id")
            body: dict[str, Any] = {
                "device_certificate": b64(
                    certify_device(
                        user_keys.signing,
                        org_id,
                        user_id,
                        device_id,
                        device.verify_public,
                        device.recipient_public,
                    )
                ),
                "key_backup": b64(
                    seal_key_backup(
                        self.passphrase, user_keys, org_id, user_id, self._kdf or default_kdf()
                    )
                ),
            }
            if first_device:
                body["user_keys"] = {
                    "recipient_public": b64(user_keys.recipient_public),
                    "verify_public": b64(user_keys.verify_public),
                }
            client.complete_enrolment(body)
            first_supervisor = org is not None
            if org is not None:
                self._set_up_org(client, reply, org, user_keys)
                signing, review = org.signing.verify_key.raw, org.review.public.raw
                signature = sign_org_keys(org.signing, org_id, review)
            else:
                keys = reply["org_keys"]
                signing = unb64(keys["signing_public"], "org_keys.signing_public")
                review = unb64(keys["review_public"], "org_keys.review_public")
                signature = unb64(keys["signature"], "org_keys.signature")
            membership = Membership(
                server_url=url,
                org_id=org_id,
                org_name=str(reply.get("org_name", "")),
                org_fingerprint=org_fingerprint(signing),
                org_signing_public=signing,
                org_review_public=review,
                org_keys_signature=signature,
                user_id=user_id,
                user_name=str(reply.get("user_name", "")),
                role=_text(reply, "role"),
                device_id=device_id,
                device_label=state["label"],
                credential=client.token,
                device_keys=device,
                user_keys=user_keys,
                org_keys=org,
                review_key=org.review if org is not None else None,
                former_devices=dict(previous.former_devices) if previous else {},
            )
        adopted = self._commit(membership)
        return JoinResult(
            org_name=membership.org_name,
            role=membership.role,
            user_name=membership.user_name,
            org_fingerprint=membership.org_fingerprint,
            first_supervisor=first_supervisor,
            adopted=adopted,
            resumed=resumed,
            certified=first_supervisor or _offered_certificate(reply),
        )

    # -- steps -------------------------------------------------------------------------

    def _pending(self, url: str, code: str, label: str) -> tuple[dict[str, Any], bool]:
        """The device keys for this attempt, kept sealed before the service sees them."""
        sealed = self.profile.sealed
        with write_session(self.profile.engine) as session, session.begin():
            state = sealed.get(session, JOINING)
            if (
                state is not None
                and state.get("server_url") == url
                and _same_code(state.get("code", ""), code)
            ):
                return state, True
            state = {
                "server_url": url,
                "code": code.strip(),
                "label": label,
                "device_keys": KeyPairs.generate().to_json(),
                "org_keys": None,
            }
            sealed.put(session, JOINING, state)
            return state, False

    def _check_org(
        self, reply: Any, fingerprint: str | None, state: dict[str, Any]
    ) -> OrgKeys | None:
        """Hold the reply's organisation keys against the code. Returns the organisation's
        private keys when this laptop is its first supervisor's, else None."""
        if not isinstance(reply, dict):
            raise MalformedReply("the service's enrolment reply is not an object")
        needs_keys = reply.get("needs_org_keys") is True
        if fingerprint is not None:
            if needs_keys:
                raise UntrustedServer(
                    "The service asked this laptop to create your organisation's keys, but "
                    "your code names keys that already exist. Joining was refused and "
                    "nothing was saved. Tell your supervisor or administrator."
                )
            keys = reply.get("org_keys")
            if not isinstance(keys, dict) or not keys.get("signing_public"):
                raise UntrustedServer(
                    "The service did not send your organisation's key, so this laptop cannot "
                    "check it against your code. Joining was refused; nothing was saved."
                )
            signing = unb64(keys.get("signing_public"), "org_keys.signing_public")
            if not org_fingerprint_matches(fingerprint, signing):
                raise UntrustedServer(
                    "The organisation key the service sent does not match the fingerprint in "
                    "your code. Joining was refused and nothing was saved. Check the code; if "
                    "it is right, the service may have been tampered with: tell your "
                    "supervisor or administrator."
                )
            try:
                verify_org_keys(
                    VerifyKey(signing),
                    unb64(keys.get("signature"), "org_keys.signature"),
                    _text(reply, "org_id"),
                    unb64(keys.get("review_public"), "org_keys.review_public"),
                )
            except SignatureInvalid:
                raise UntrustedServer(
                    "The organisation's review key is not signed by the organisation key in "
                    "your code. Joining was refused and nothing was saved."
                ) from None
            return None
        if not needs_keys or reply.get("role") != "supervisor":
            raise JoinRefused(
                "This code has no organisation fingerprint (the part after '/'), so this "
                "laptop cannot check your organisation's key. Ask for your code again: it "
                "should look like ABCD-EFGH-JKMN-PQRS/VWXY-Z012-3456-789A."
            )
        if state.get("org_keys") is None:
            org = OrgKeys.generate()
            with write_session(self.profile.engine) as session, session.begin():
                state["org_keys"] = org.to_json()
                self.profile.sealed.put(session, JOINING, state)
        return OrgKeys.from_json(state["org_keys"])

    @staticmethod
    def _credential(reply: dict[str, Any], device: KeyPairs) -> str:
        device_id = _text(reply, "device_id")
        try:
            return device.recipient.open(
                unb64(reply.get("sealed_credential"), "sealed_credential"),
                b"mentorapp-enrol-v1|" + device_id.encode(),
            ).decode()
        except CryptoError:
            raise MalformedReply("the credential in the service's reply does not open") from None

    def _user_keys(
        self, reply: dict[str, Any], previous: Membership | None
    ) -> tuple[KeyPairs, bool]:
        """This person's user keys: their first laptop's own, or back from the key
        backup (checked against the keys the organisation certified)."""
        offered = reply.get("user_keys")
        user_id = _text(reply, "user_id")
        if previous is not None and previous.user_id != user_id:
            raise JoinRefused(
                f"This profile belongs to {previous.user_name or 'someone else'} of "
                f"{previous.org_name}; the code is for another person. Nothing was saved."
            )
        if offered is None:
            if previous is not None:
                return previous.user_keys, True
            return self.profile.first_user_keys(), True
        if not isinstance(offered, dict):
            raise MalformedReply("the user keys in the service's reply are not an object")
        recipient_public = unb64(offered.get("recipient_public"), "user_keys.recipient_public")
        verify_public = unb64(offered.get("verify_public"), "user_keys.verify_public")
        if previous is not None:
            keys = previous.user_keys
        else:
            keys = self._from_backup(offered, _text(reply, "org_id"), user_id)
        if keys.recipient_public != recipient_public or keys.verify_public != verify_public:
            raise UntrustedServer(
                "The keys the service holds for you are not the ones in your key backup. "
                "Joining was refused and nothing was saved; tell your administrator."
            )
        certificate = offered.get("certificate")
        signing = reply.get("org_keys") or {}
        if certificate and signing.get("signing_public"):
            try:
                verify_member(
                    VerifyKey(unb64(signing["signing_public"], "org_keys.signing_public")),
                    unb64(certificate, "user_keys.certificate"),
                    _text(reply, "org_id"),
                    user_id,
                    str(reply.get("user_name", "")),
                    _text(reply, "role"),
                    recipient_public,
                    verify_public,
                )
            except SignatureInvalid:
                raise UntrustedServer(
                    "Your keys' certificate from the service is not signed by your "
                    "organisation. Joining was refused and nothing was saved."
                ) from None
        return keys, False

    def _from_backup(self, offered: dict[str, Any], org_id: str, user_id: str) -> KeyPairs:
        blob = offered.get("key_backup")
        if not blob:
            raise JoinRefused(
                "You have joined from another laptop before, but the service holds no copy of "
                "your keys to bring them here. Ask your administrator to reset your keys "
                "('mentorapp-admin reset-keys'), then join again."
            )
        data = unb64(blob, "user_keys.key_backup")
        try:
            return open_key_backup(data, self.passphrase, org_id, user_id)
        except VaultDamaged:
            # Its message speaks of this laptop's own vault: this copy came from the service.
            raise UntrustedServer(
                "The copy of your keys the service sent is damaged or asks for weaker "
                "protection than mentorapp allows. Joining was refused and nothing was "
                "saved; tell your administrator."
            ) from None
        except WrongPassphrase:
            other = self._other_passphrase()
            if not other:
                raise OtherPassphraseNeeded(
                    "Your keys on the service are protected by the passphrase of your other "
                    "laptop, and this profile's passphrase is different. Join again and give "
                    "that passphrase when asked (or use the same passphrase here)."
                ) from None
            try:
                return open_key_backup(data, other, org_id, user_id)
            except WrongPassphrase:
                raise OtherPassphraseNeeded(
                    "That passphrase does not open your keys either. Nothing was saved.",
                    tried=True,
                ) from None

    @staticmethod
    def _set_up_org(
        client: ServiceClient, reply: dict[str, Any], org: OrgKeys, user_keys: KeyPairs
    ) -> None:
        org_id = _text(reply, "org_id")
        user_id = _text(reply, "user_id")
        name = str(reply.get("user_name", ""))
        certificate = certify_member(
            org.signing,
            org_id,
            user_id,
            name,
            _text(reply, "role"),
            user_keys.recipient_public,
            user_keys.verify_public,
        )
        sealed, grant = seal_review_key(
            org.signing, org.review, org_id, user_id, user_keys.recipient.public
        )
        body = {
            "signing_public": b64(org.signing.verify_key.raw),
            "review_public": b64(org.review.public.raw),
            "signature": b64(sign_org_keys(org.signing, org_id, org.review.public.raw)),
            "certificate": b64(certificate),
            "review_sealed": b64(sealed),
            "review_signature": b64(grant),
        }
        try:
            client.set_org_keys(body)
        except ServiceError as exc:
            if exc.code != "org-has-keys":
                raise
            # Already sent on an earlier attempt whose reply was lost: it must be ours.
            directory = client.directory()
            keys = directory.get("org_keys") if isinstance(directory, dict) else None
            if (
                not isinstance(keys, dict)
                or unb64(keys.get("signing_public"), "org_keys.signing_public")
                != org.signing.verify_key.raw
            ):
                raise UntrustedServer(
                    "The service says your organisation already has keys, and they are not "
                    "the ones this laptop made. Joining was refused; tell your administrator."
                ) from None

    def _commit(self, membership: Membership) -> int:
        """Membership, adoption of earlier records, a fresh cursor: one transaction."""
        profile = self.profile
        with write_session(profile.engine) as session, session.begin():
            profile.set_membership(membership, session)
            profile.sealed.drop(session, JOINING)
            profile.sealed.drop(session, DIRECTORY)
            adopted = SyncStore(profile.records).adopt(session)
            row = session.get(MetaRow, CURSOR)
            if row is not None:
                session.delete(row)
        return adopted


def join_organisation(
    profile: Profile,
    passphrase: str,
    server_url: str,
    code: str,
    label: str | None = None,
    *,
    other_passphrase: str | None = None,
    client_factory: Callable[[str], ServiceClient] | None = None,
    kdf: KdfParams | None = None,
) -> JoinResult:
    """Join from an already unlocked profile, as the window does: the passphrase is
    asked again because it seals this person's key backup on the service, so it
    must be the one they use here.

    Raises:
        PassphraseMismatch: it does not unlock this profile; nothing was sent.
        OtherPassphraseNeeded: call again with the same code and ``other_passphrase``.
        and everything ``Joiner.join`` raises.
    """
    if not profile.opens_with(passphrase):
        raise PassphraseMismatch(
            "That is not the passphrase of this profile. Type the passphrase you unlock "
            "mentorapp with on this laptop; nothing was sent."
        )
    joiner = Joiner(
        profile,
        passphrase,
        client_factory=client_factory,
        other_passphrase=(lambda: other_passphrase) if other_passphrase else None,
        kdf=kdf,
    )
    return joiner.join(server_url, code, label)


def _text(reply: dict[str, Any], key: str) -> str:
    value = reply.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedReply(f"the service's reply has no {key}")
    return value


__all__ = [
    "JoinRefused",
    "JoinResult",
    "Joiner",
    "OtherPassphraseNeeded",
    "PassphraseMismatch",
    "join_organisation",
    "parse_code",
]
