"""Record sealing: binding to type, id, version, author and organisation; a fresh
content key per version sealed to each recipient; envelope signatures over every
field the server stores or routes on."""

from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorapp.crypto import (
    EnvelopeFields,
    IntegrityError,
    RecipientKeyPair,
    RecordAddress,
    RecordCipher,
    SealedRecord,
    SignatureInvalid,
    SigningKey,
    sign_envelope,
    verify_envelope,
)
from mentorapp.crypto.keys import aead_seal, random_key
from mentorapp.crypto.records import content_key_aad, record_aad

ADDR = RecordAddress(
    record_type="one_to_one", record_id="r1", version=3, author_device="dev", org_id="org"
)


@pytest.fixture
def cipher() -> RecordCipher:
    return RecordCipher(os.urandom(32))


def test_seal_and_open(cipher: RecordCipher) -> None:
    sealed = cipher.seal(ADDR, b"notes about a session")
    assert b"notes" not in sealed.ciphertext
    assert cipher.open(ADDR, sealed) == b"notes about a session"


@pytest.mark.parametrize(
    "change",
    [
        {"record_id": "r2"},
        {"record_type": "group"},
        {"version": 2},
        {"version": 4},
        {"author_device": "other"},
        {"org_id": "other-org"},
    ],
)
def test_a_ciphertext_opens_only_where_it_was_sealed(
    cipher: RecordCipher, change: dict[str, object]
) -> None:
    sealed = cipher.seal(ADDR, b"x")
    with pytest.raises(IntegrityError):
        cipher.open(dataclasses.replace(ADDR, **change), sealed)  # type: ignore[arg-type]


@given(position=st.integers(min_value=0, max_value=200))
@settings(max_examples=40)
def test_flipping_any_byte_fails(position: int) -> None:
    cipher = RecordCipher(b"k" * 32)
    sealed = cipher.seal(ADDR, b"some record body " * 5)
    for name in ("ciphertext", "content_key_wrapped"):
        blob = bytearray(getattr(sealed, name))
        blob[position % len(blob)] ^= 0x01
        broken = dataclasses.replace(sealed, **{name: bytes(blob)})
        with pytest.raises(IntegrityError):
            cipher.open(ADDR, broken)


def test_another_profiles_key_cannot_open(cipher: RecordCipher) -> None:
    sealed = cipher.seal(ADDR, b"x")
    with pytest.raises(IntegrityError):
        RecordCipher(os.urandom(32)).open(ADDR, sealed)


def test_every_version_gets_a_fresh_content_key(cipher: RecordCipher) -> None:
    first = cipher.seal(ADDR, b"same")
    second = cipher.seal(ADDR, b"same")
    assert cipher.content_key(ADDR, first.content_key_wrapped) != cipher.content_key(
        ADDR, second.content_key_wrapped
    )
    # A key kept from one version does not open the next.
    later = dataclasses.replace(ADDR, version=4)
    third = cipher.seal(later, b"later")
    with pytest.raises(IntegrityError):
        cipher.open(
            later,
            SealedRecord(
                content_key_wrapped=first.content_key_wrapped, ciphertext=third.ciphertext
            ),
        )


def test_content_key_sealed_to_recipients_bound_to_version_and_recipient(
    cipher: RecordCipher,
) -> None:
    supervisor = RecipientKeyPair.generate()
    author = RecipientKeyPair.generate()
    sealed = cipher.seal(
        ADDR, b"for review", {"review:org": supervisor.public, "user:u1": author.public}
    )
    assert set(sealed.wrapped_keys) == {"review:org", "user:u1"}
    other = RecordCipher(os.urandom(32))
    wrapped, plain = other.receive(
        ADDR, "review:org", supervisor, sealed.wrapped_keys["review:org"], sealed.ciphertext
    )
    assert plain == b"for review"
    assert (
        other.open(ADDR, SealedRecord(content_key_wrapped=wrapped, ciphertext=sealed.ciphertext))
        == b"for review"
    )
    # Another recipient's key, another recipient id, another version: all refused.
    with pytest.raises(IntegrityError):
        other.receive(
            ADDR, "review:org", author, sealed.wrapped_keys["review:org"], sealed.ciphertext
        )
    with pytest.raises(IntegrityError):
        other.receive(
            ADDR, "user:u1", supervisor, sealed.wrapped_keys["review:org"], sealed.ciphertext
        )
    with pytest.raises(IntegrityError):
        other.receive(
            dataclasses.replace(ADDR, version=4),
            "review:org",
            supervisor,
            sealed.wrapped_keys["review:org"],
            sealed.ciphertext,
        )


def test_format_one_rows_from_before_sync_still_open(cipher: RecordCipher) -> None:
    data_key = os.urandom(32)
    old = RecordCipher(data_key)
    key = random_key()
    wrapped = aead_seal(data_key, key, content_key_aad("mentee", "r1", 2, "dev", "local", 1))
    ciphertext = aead_seal(key, b"old record", record_aad("mentee", "r1", 2, "dev", "local", 1))
    assert old.open_row("mentee", "r1", 2, "dev", "local", wrapped, ciphertext, 1) == b"old record"
    with pytest.raises(IntegrityError):
        old.open_row("mentee", "r1", 3, "dev", "local", wrapped, ciphertext, 1)


FIELDS = EnvelopeFields(
    record_type="one_to_one",
    record_id="r1",
    version=3,
    base_version=2,
    deleted=False,
    author_device="dev",
    org_id="org",
    owner_id="u1",
    addressed_to=None,
    wrapped_keys={"user:u1": b"k1", "review:org": b"k2"},
    ciphertext=b"ct",
)


@pytest.mark.parametrize(
    "change",
    [
        {"record_type": "group"},
        {"record_id": "r2"},
        {"version": 4},
        {"base_version": 1},
        {"deleted": True},
        {"author_device": "dev2"},
        {"org_id": "org2"},
        {"owner_id": "u2"},
        {"addressed_to": "u2"},
        {"wrapped_keys": {"user:u1": b"k1"}},  # a recipient stripped
        {"wrapped_keys": {"user:u1": b"k1", "review:org": b"kX"}},  # a key swapped
        {"wrapped_keys": {"user:u1": b"k1", "review:org": b"k2", "user:evil": b"k3"}},
        {"ciphertext": b"cu"},
    ],
)
def test_envelope_signature_covers_every_field_the_server_sees(change: dict[str, object]) -> None:
    key = SigningKey.generate()
    signature = sign_envelope(key, FIELDS)
    verify_envelope(key.verify_key, signature, FIELDS)
    with pytest.raises(SignatureInvalid):
        verify_envelope(key.verify_key, signature, dataclasses.replace(FIELDS, **change))  # type: ignore[arg-type]


def test_envelope_signature_is_the_devices_own() -> None:
    signature = sign_envelope(SigningKey.generate(), FIELDS)
    with pytest.raises(SignatureInvalid):
        verify_envelope(SigningKey.generate().verify_key, signature, FIELDS)
