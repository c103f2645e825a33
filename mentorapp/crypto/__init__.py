"""Keys, sealing and signatures: the only package that imports ``cryptography``."""

from mentorapp.crypto.errors import (
    CryptoError,
    IntegrityError,
    SignatureInvalid,
    VaultDamaged,
    WrongPassphrase,
    WrongRecoveryKey,
)
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
from mentorapp.crypto.records import (
    RecordAddress,
    RecordCipher,
    SealedRecord,
    sign_envelope,
    verify_envelope,
)
from mentorapp.crypto.vault import KdfParams, Vault, VaultKeys, calibrate

__all__ = [
    "CryptoError",
    "IntegrityError",
    "KdfParams",
    "RecipientKeyPair",
    "RecipientPublicKey",
    "RecordAddress",
    "RecordCipher",
    "SealedRecord",
    "SignatureInvalid",
    "SigningKey",
    "Vault",
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
    "sign_envelope",
    "verify_envelope",
]
