"""Certifying members: the organisation's key holder vouches for the keys a member
enrolled with (and shares the review key with a supervisor).

The service says who enrolled; only the organisation key can make that count.
A person comparing the key fingerprint shown here with the one on the member's
own laptop (``mentorapp-cli status``) closes the last gap: a service inventing a
member.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentorapp.crypto import fingerprint
from mentorapp.crypto.directory import certify_member, seal_review_key
from mentorapp.crypto.keys import RecipientPublicKey
from mentorapp.store.profile import Profile
from mentorapp.sync.client import ServiceClient, SyncError, b64
from mentorapp.sync.engine import save_directory
from mentorapp.sync.trust import Directory, Member


def pending_members(profile: Profile, client: ServiceClient) -> list[Member]:
    """Members who enrolled but whose keys the organisation has not certified."""
    membership = profile.membership
    if membership is None:
        raise SyncError("This laptop has not joined an organisation.")
    directory = Directory.verify(client.directory(), membership)
    save_directory(profile, directory)
    return sorted(directory.pending.values(), key=lambda m: m.name.casefold())


def certify_member_keys(profile: Profile, client: ServiceClient, member: Member) -> None:
    """Sign ``member``'s keys with the organisation key; a supervisor also gets the
    review key, sealed to them and signed by the organisation."""
    membership = profile.membership
    if membership is None or membership.org_keys is None:
        raise SyncError("Only the laptop holding the organisation's keys can certify members.")
    org = membership.org_keys
    certificate = certify_member(
        org.signing,
        membership.org_id,
        member.user_id,
        member.name,
        member.role,
        member.recipient_public,
        member.verify_public,
    )
    body = {"certificate": b64(certificate)}
    if member.role == "supervisor":
        sealed, signature = seal_review_key(
            org.signing,
            org.review,
            membership.org_id,
            member.user_id,
            RecipientPublicKey(member.recipient_public),
        )
        body["review_sealed"] = b64(sealed)
        body["review_signature"] = b64(signature)
    client.certify(member.user_id, body)


@dataclass(frozen=True, kw_only=True)
class WaitingMember:
    """A member waiting to be certified, as a person compares them: the key
    fingerprint here must match the one on the member's own laptop."""

    user_id: str
    name: str
    role: str
    key_fingerprint: str


ClientFactory = Callable[[str, str], ServiceClient]


def _client(profile: Profile, client_factory: ClientFactory | None) -> ServiceClient:
    membership = profile.membership
    if membership is None or membership.org_keys is None:
        raise SyncError("Only the laptop holding the organisation's keys can certify members.")
    if not membership.can_sync:
        raise SyncError("Syncing is off for this laptop, so it cannot certify members.")
    if client_factory is None:
        return ServiceClient(membership.server_url, membership.credential)
    return client_factory(membership.server_url, membership.credential)


def waiting_members(
    profile: Profile, client_factory: ClientFactory | None = None
) -> list[WaitingMember]:
    """Members waiting to be certified, asked of the service (for the window)."""
    with _client(profile, client_factory) as client:
        return [
            WaitingMember(
                user_id=m.user_id,
                name=m.name,
                role=m.role,
                key_fingerprint=fingerprint(m.verify_public),
            )
            for m in pending_members(profile, client)
        ]


def certify_waiting(
    profile: Profile, user_id: str, client_factory: ClientFactory | None = None
) -> str:
    """Certify one waiting member by id; returns their name.

    Raises:
        SyncError: they are no longer waiting (or the service could not be reached).
    """
    with _client(profile, client_factory) as client:
        for member in pending_members(profile, client):
            if member.user_id == user_id:
                certify_member_keys(profile, client, member)
                return member.name
    raise SyncError("That member is no longer waiting to be certified.")
