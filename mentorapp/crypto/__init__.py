"""Keys, sealing and signatures: the only package that imports ``cryptography``."""

from mentorapp.crypto.errors import (
    CryptoError,
    IntegrityError,
    SignatureInvalid,
    VaultAltered,
    VaultDamaged,
    WrongPassphrase,
    WrongRecoveryKey,
    wait_sentence,
)
from mentorapp.crypto.identity import KeyPairs, OrgKeys, open_key_backup, seal_key_backup
from mentorapp.crypto.keys import (
    RecipientKeyPair,
    RecipientPublicKey,
    SigningKey,
    VerifyKey,
    aead_open,
    aead_seal,
    derive_subkey,
    fingerprint,
)
from mentorapp.crypto.manifest import ManifestEntry, ManifestKeys, ManifestTotal
from mentorapp.crypto.records import (
    ENVELOPE_FORMAT,
    RECORD_FORMAT,
    EnvelopeFields,
    RecordAddress,
    RecordCipher,
    SealedRecord,
    sign_envelope,
    verify_envelope,
)
from mentorapp.crypto.vault import KdfParams, Vault, VaultKeys, calibrate

__all__ = [
    "ENVELOPE_FORMAT",
    "RECORD_FORMAT",
    "CryptoError",
    "EnvelopeFields",
    "IntegrityError",
    "KdfParams",
    "KeyPairs",
    "ManifestEntry",
    "ManifestKeys",
    "ManifestTotal",
    "OrgKeys",
    "RecipientKeyPair",
    "RecipientPublicKey",
    "RecordAddress",
    "RecordCipher",
    "SealedRecord",
    "SignatureInvalid",
    "SigningKey",
    "Vault",
    "VaultAltered",
    "VaultDamaged",
    "VaultKeys",
    "VerifyKey",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "aead_open",
    "aead_seal",
    "calibrate",
    "derive_subkey",
    "fingerprint",
    "open_key_backup",
    "seal_key_backup",
    "sign_envelope",
    "verify_envelope",
    "wait_sentence",
]
