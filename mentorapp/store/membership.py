"""This profile's membership of an organisation: server, ids and the sealed credential.

Ids and the server address are kept in clear (sync needs them before anything is
decrypted, and they are not about mentees); the device credential and the
organisation's private keys (first supervisor only) are sealed under the data key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentorapp.crypto import aead_open, aead_seal
from mentorapp.store.models import MetaRow
from mentorapp.store.profile import Profile

_CLEAR = ("server_url", "org_id", "org_name", "user_id", "device_id", "role", "org_fingerprint")


@dataclass(frozen=True, kw_only=True)
class Membership:
    server_url: str
    org_id: str
    org_name: str
    user_id: str
    device_id: str
    role: str
    org_fingerprint: str
    credential: str


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(MetaRow, key)
    if row is None:
        session.add(MetaRow(key=key, value=value))
    else:
        row.value = value


def save_membership(
    profile: Profile, membership: Membership, org_private_keys: dict[str, str] | None = None
) -> None:
    key = profile.keys.subkey("membership")
    with Session(profile.engine) as session, session.begin():
        for name in _CLEAR:
            _put(session, f"membership.{name}", str(getattr(membership, name)))
        sealed = aead_seal(key, membership.credential.encode(), b"mentorapp-credential-v1")
        _put(session, "membership.credential", sealed.hex())
        if org_private_keys is not None:
            blob = aead_seal(key, json.dumps(org_private_keys).encode(), b"mentorapp-orgkeys-v1")
            _put(session, "membership.org_keys", blob.hex())
        _put(session, "org_id", membership.org_id)


def load_membership(profile: Profile) -> Membership | None:
    key = profile.keys.subkey("membership")
    with Session(profile.engine) as session:
        values = {
            name: session.get(MetaRow, f"membership.{name}") for name in (*_CLEAR, "credential")
        }
        if any(v is None for v in values.values()):
            return None
        clear = {k: v.value for k, v in values.items() if v is not None}
    credential = aead_open(
        key, bytes.fromhex(clear.pop("credential")), b"mentorapp-credential-v1"
    ).decode()
    return Membership(credential=credential, **clear)
