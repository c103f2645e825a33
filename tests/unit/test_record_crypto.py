"""Record sealing: binding to type, id and version; HPKE sharing; envelope signatures."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorapp.crypto import (
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
from mentorapp.crypto.records import open_content_key, seal_content_key_to

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
    "moved",
    [
        RecordAddress(
            record_type="one_to_one", record_id="r2", version=3, author_device="dev", org_id="org"
        ),
        RecordAddress(
            record_type="group", record_id="r1", version=3, author_device="dev", org_id="org"
        ),
        RecordAddress(
            record_type="one_to_one", record_id="r1", version=2, author_device="dev", org_id="org"
        ),
        RecordAddress(
            record_type="one_to_one", record_id="r1", version=3, author_device="other", org_id="org"
        ),
        RecordAddress(
            record_type="one_to_one",
            record_id="r1",
            version=3,
            author_device="dev",
            org_id="other-org",
        ),
    ],
)
def test_a_ciphertext_opens_only_where_it_was_sealed(
    cipher: RecordCipher, moved: RecordAddress
) -> None:
    sealed = cipher.seal(ADDR, b"x")
    with pytest.raises(IntegrityError):
        cipher.open(moved, sealed)


@given(position=st.integers(min_value=0, max_value=200))
@settings(max_examples=40)
def test_flipping_any_byte_fails(position: int) -> None:
    cipher = RecordCipher(b"k" * 32)
    sealed = cipher.seal(ADDR, b"some record body " * 5)
    for field in ("ciphertext", "content_key_wrapped"):
        blob = bytearray(getattr(sealed, field))
        blob[position % len(blob)] ^= 0x01
        broken = SealedRecord(**{**sealed.__dict__, field: bytes(blob)})
        with pytest.raises(IntegrityError):
            cipher.open(ADDR, broken)


def test_another_profiles_key_cannot_open(cipher: RecordCipher) -> None:
    sealed = cipher.seal(ADDR, b"x")
    with pytest.raises(IntegrityError):
        RecordCipher(os.urandom(32)).open(ADDR, sealed)


def test_new_versions_keep_the_content_key_with_fresh_nonces(cipher: RecordCipher) -> None:
    first = cipher.seal(ADDR, b"same")
    second = cipher.seal(ADDR, b"same", first.content_key_wrapped)
    assert first.ciphertext[:12] != second.ciphertext[:12]
    assert cipher.content_key(ADDR, first.content_key_wrapped) == cipher.content_key(
        ADDR, second.content_key_wrapped
    )


def test_content_key_shared_with_a_supervisor_by_hpke(cipher: RecordCipher) -> None:
    supervisor = RecipientKeyPair.generate()
    sealed = cipher.seal(ADDR, b"for review")
    content_key = cipher.content_key(ADDR, sealed.content_key_wrapped)
    wrapped = seal_content_key_to(supervisor.public, content_key, ADDR)
    assert open_content_key(supervisor, wrapped, ADDR) == content_key
    with pytest.raises(IntegrityError):
        open_content_key(RecipientKeyPair.generate(), wrapped, ADDR)
    other = RecordAddress(**{**ADDR.__dict__, "record_id": "r9"})
    with pytest.raises(IntegrityError):
        open_content_key(supervisor, wrapped, other)
    restored = RecipientKeyPair.from_secret(supervisor.secret())
    assert restored.public == supervisor.public


def test_envelope_signatures_cover_every_visible_field() -> None:
    key = SigningKey.generate()
    sig = sign_envelope(key, ADDR, 2, False, b"ct")
    verify_envelope(key.verify_key, sig, ADDR, 2, False, b"ct")
    for args in ((ADDR, 1, False, b"ct"), (ADDR, 2, True, b"ct"), (ADDR, 2, False, b"cu")):
        with pytest.raises(SignatureInvalid):
            verify_envelope(key.verify_key, sig, *args)
    with pytest.raises(SignatureInvalid):
        verify_envelope(SigningKey.generate().verify_key, sig, ADDR, 2, False, b"ct")
