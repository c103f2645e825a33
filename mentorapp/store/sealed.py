"""Small sealed documents kept in the profile database (membership, key directory,
a join in progress): JSON sealed with AES-256-GCM under a subkey of the data key,
bound to the document's name so one cannot be swapped for another."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy.orm import Session

from mentorapp.crypto import CryptoError, VaultKeys, aead_open, aead_seal
from mentorapp.store.errors import StoreError
from mentorapp.store.models import SealedStateRow


def _aad(name: str) -> bytes:
    return f"mentorapp-state-v1|{name}".encode()


class SealedState:
    def __init__(self, keys: VaultKeys) -> None:
        self._key = keys.subkey("sealed-state")

    def put(self, session: Session, name: str, document: dict[str, Any]) -> None:
        sealed = aead_seal(self._key, json.dumps(document).encode(), _aad(name))
        session.merge(
            SealedStateRow(name=name, ciphertext=sealed, updated_at=dt.datetime.now(dt.UTC))
        )

    def get(self, session: Session, name: str) -> dict[str, Any] | None:
        row = session.get(SealedStateRow, name)
        if row is None:
            return None
        try:
            document: dict[str, Any] = json.loads(aead_open(self._key, row.ciphertext, _aad(name)))
        except (CryptoError, ValueError) as exc:
            raise StoreError(
                f"This profile's {name.replace('-', ' ')} is damaged and cannot be read "
                "(it may have been altered). Restore the profile from a backup."
            ) from exc
        return document

    def drop(self, session: Session, name: str) -> None:
        row = session.get(SealedStateRow, name)
        if row is not None:
            session.delete(row)
