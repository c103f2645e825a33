"""The chain of identity (organisation -> member -> device), review-key grants and the
key backup a person's new laptop uses."""

from __future__ import annotations

import json

import pytest

from mentorapp.crypto import (
    IntegrityError,
    KdfParams,
    KeyPairs,
    OrgKeys,
    SignatureInvalid,
    VaultDamaged,
    WrongPassphrase,
    open_key_backup,
    seal_key_backup,
)
from mentorapp.crypto.directory import (
    certify_device,
    certify_member,
    open_review_key,
    org_fingerprint,
    org_fingerprint_matches,
    seal_review_key,
    sign_org_keys,
    verify_device,
    verify_member,
    verify_org_keys,
)


def test_fingerprint_typed_with_slips_still_matches() -> None:
    org = OrgKeys.generate()
    fpr = org_fingerprint(org.signing.verify_key.raw)
    assert org_fingerprint_matches(fpr.lower().replace("-", " "), org.signing.verify_key.raw)
    assert not org_fingerprint_matches(fpr, OrgKeys.generate().signing.verify_key.raw)


def test_the_organisation_vouches_for_its_review_key_only() -> None:
    org = OrgKeys.generate()
    sig = sign_org_keys(org.signing, "o1", org.review.public.raw)
    verify_org_keys(org.signing.verify_key, sig, "o1", org.review.public.raw)
    with pytest.raises(SignatureInvalid):
        verify_org_keys(org.signing.verify_key, sig, "o1", OrgKeys.generate().review.public.raw)
    with pytest.raises(SignatureInvalid):
        verify_org_keys(org.signing.verify_key, sig, "o2", org.review.public.raw)


def test_member_and_device_certificates_chain() -> None:
    org = OrgKeys.generate()
    user = KeyPairs.generate()
    device = KeyPairs.generate()
    cert = certify_member(
        org.signing, "o1", "u1", "Mo Ali", "mentor", user.recipient_public, user.verify_public
    )
    verify_member(
        org.signing.verify_key,
        cert,
        "o1",
        "u1",
        "Mo Ali",
        "mentor",
        user.recipient_public,
        user.verify_public,
    )
    for change in (
        ("o1", "u1", "Mo Ali", "supervisor"),  # role raised
        ("o1", "u2", "Mo Ali", "mentor"),
        ("o1", "u1", "Someone Else", "mentor"),
    ):
        with pytest.raises(SignatureInvalid):
            verify_member(
                org.signing.verify_key, cert, *change, user.recipient_public, user.verify_public
            )
    with pytest.raises(SignatureInvalid):  # the server substitutes the user's keys
        other = KeyPairs.generate()
        verify_member(
            org.signing.verify_key,
            cert,
            "o1",
            "u1",
            "Mo Ali",
            "mentor",
            other.recipient_public,
            user.verify_public,
        )
    dcert = certify_device(
        user.signing, "o1", "u1", "d1", device.verify_public, device.recipient_public
    )
    verify_device(
        user.signing.verify_key,
        dcert,
        "o1",
        "u1",
        "d1",
        device.verify_public,
        device.recipient_public,
    )
    with pytest.raises(SignatureInvalid):  # certified by someone else's user key
        verify_device(
            KeyPairs.generate().signing.verify_key,
            dcert,
            "o1",
            "u1",
            "d1",
            device.verify_public,
            device.recipient_public,
        )
    with pytest.raises(SignatureInvalid):  # a device certificate passed off as another's
        verify_device(
            user.signing.verify_key,
            dcert,
            "o1",
            "u1",
            "d2",
            device.verify_public,
            device.recipient_public,
        )


def test_review_key_grant_is_signed_and_checked() -> None:
    org = OrgKeys.generate()
    supervisor = KeyPairs.generate()
    sealed, sig = seal_review_key(org.signing, org.review, "o1", "u9", supervisor.recipient.public)
    got = open_review_key(
        org.signing.verify_key, org.review.public.raw, sealed, sig, "o1", "u9", supervisor.recipient
    )
    assert got.public == org.review.public
    # A server that seals its own "review key" to the supervisor cannot sign the grant.
    fake = OrgKeys.generate()
    fake_sealed, fake_sig = seal_review_key(
        fake.signing, fake.review, "o1", "u9", supervisor.recipient.public
    )
    with pytest.raises(SignatureInvalid):
        open_review_key(
            org.signing.verify_key,
            org.review.public.raw,
            fake_sealed,
            fake_sig,
            "o1",
            "u9",
            supervisor.recipient,
        )
    with pytest.raises(SignatureInvalid):  # a grant for one supervisor replayed to another
        open_review_key(
            org.signing.verify_key,
            org.review.public.raw,
            sealed,
            sig,
            "o1",
            "u8",
            supervisor.recipient,
        )


def test_key_backup_opens_with_the_passphrase_only(floor_kdf: KdfParams) -> None:
    user = KeyPairs.generate()
    blob = seal_key_backup("correct horse battery staple", user, "o1", "u1", floor_kdf)
    assert user.signing.secret().hex() not in blob.decode()
    back = open_key_backup(blob, "correct horse battery staple", "o1", "u1")
    assert back.verify_public == user.verify_public
    assert back.recipient_public == user.recipient_public
    with pytest.raises(WrongPassphrase):
        open_key_backup(blob, "wrong horse battery staple", "o1", "u1")
    with pytest.raises(WrongPassphrase):  # moved to another person
        open_key_backup(blob, "correct horse battery staple", "o1", "u2")


def test_key_backup_with_weakened_parameters_is_refused(floor_kdf: KdfParams) -> None:
    blob = seal_key_backup(
        "correct horse battery staple", KeyPairs.generate(), "o1", "u1", floor_kdf
    )
    raw = json.loads(blob)
    raw["kdf"]["memory_kib"] = 1024  # a server hoping for a cheap guess
    with pytest.raises(VaultDamaged):
        open_key_backup(json.dumps(raw).encode(), "correct horse battery staple", "o1", "u1")
    with pytest.raises(VaultDamaged):
        open_key_backup(b"not json", "x", "o1", "u1")


def test_damaged_keys_are_a_clear_error() -> None:
    with pytest.raises(IntegrityError):
        KeyPairs.from_json({"signing": "zz", "recipient": "00"})
