"""The vault: a profile's keys, wrapped by a passphrase and by a recovery key.

File layout (JSON, written atomically)::

    {"header": {format, profile_id, device_id, created, kdf: {...}, recovery: {salt}},
     "slots": {"passphrase": hex(nonce||ct), "recovery": hex(nonce||ct)},
     "public": {...}}

* passphrase -> Argon2id(header.kdf) -> KEK; the passphrase slot is AES-256-GCM
  under the KEK with the *whole header* as associated data, so a header rewritten
  with weaker KDF parameters no longer opens. Parameters below the floor, or
  above what mentorapp ever writes (``MAX_WORK_KIB``), are refused before any
  work is done.
* "signature": Ed25519 over header and public keys by the profile's device key
  (its public half is in "public"). Checked before the key derivation, so a
  header changed by hand is reported as altered, not as a wrong passphrase. It
  cannot stop someone who replaces the public key and signature too (nothing
  outside the file pins them), nor tell a stripped signature from a vault written
  before signatures existed; the recovery path, which re-wraps with freshly
  calibrated parameters and a new signature, repairs either.
* recovery key (160 random bits, shown once) -> HKDF -> KEK; the recovery slot
  binds the stable part of the header (format, ids, recovery salt), so changing
  the passphrase re-wraps only the passphrase slot.
* Both slots hold the same secrets: the data key, the device signing key and
  the user's recipient (HPKE) and signing keys. Nothing is ever stored unwrapped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import tempfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from mentorapp.core import typable
from mentorapp.crypto.errors import (
    IntegrityError,
    SignatureInvalid,
    VaultAltered,
    VaultDamaged,
    WrongPassphrase,
    WrongRecoveryKey,
)
from mentorapp.crypto.keys import (
    RecipientKeyPair,
    SigningKey,
    VerifyKey,
    aead_open,
    aead_seal,
    derive_subkey,
    random_key,
)

FORMAT = 1
# Set in the header (authenticated with the passphrase slot) of every vault whose
# database keeps a record manifest: for such a profile a missing manifest means the
# database was replaced or emptied, never that it predates manifests.
RECORD_MANIFEST = "record_manifest"
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 16
# The most work (memory x passes) a header may ask for: 1 GiB x 8 passes, some
# ten times what calibration picks on a fast machine. A header asking for more
# was not written by mentorapp, and running it could take minutes.
MAX_WORK_KIB = MAX_MEMORY_KIB * 8
SALT_BYTES = 16
RECOVERY_BYTES = 20


@dataclass(frozen=True, kw_only=True)
class KdfParams:
    """Argon2id parameters; memory in KiB."""

    salt: bytes
    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = FLOOR_LANES

    def out_of_bounds(self) -> str | None:
        """Why mentorapp would never have written these parameters, or None if it could."""
        if (
            self.memory_kib < FLOOR_MEMORY_KIB
            or self.iterations < FLOOR_ITERATIONS
            or self.lanes < FLOOR_LANES
            or len(self.salt) < SALT_BYTES
        ):
            return "it asks for weaker protection than mentorapp allows"
        if (
            self.memory_kib > MAX_MEMORY_KIB
            or self.iterations > MAX_ITERATIONS
            or self.lanes > MAX_LANES
            or self.memory_kib * self.iterations > MAX_WORK_KIB
        ):
            return (
                f"it asks for {self.memory_kib // 1024} MiB of memory and {self.iterations} "
                "passes, more than mentorapp ever uses"
            )
        return None

    def check_bounds(self) -> None:
        """Refuse parameters below the floor or above the cap, before any work is done."""
        problem = self.out_of_bounds()
        if problem is not None:
            raise VaultDamaged(
                f"The key protection settings are not ones mentorapp writes: {problem}. "
                "They may have been tampered with."
            )

    def derive(self, passphrase: str) -> bytes:
        normalised = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        return Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(normalised)

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": "argon2id",
            "salt": self.salt.hex(),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> KdfParams:
        if raw.get("alg") != "argon2id":
            raise VaultDamaged("The vault file names an unknown key derivation.")
        return cls(
            salt=bytes.fromhex(raw["salt"]),
            memory_kib=int(raw["memory_kib"]),
            iterations=int(raw["iterations"]),
            lanes=int(raw["lanes"]),
        )


def _time_derive(params: KdfParams) -> float:
    started = time.perf_counter()
    params.derive("calibration")
    return max(time.perf_counter() - started, 1e-3)


def calibrate(target_seconds: float = 0.65) -> KdfParams:
    """Choose Argon2id parameters at or above the floor that take ~target here.

    Memory is raised first (up to 1 GiB), then passes, as RFC 9106 advises, never
    past ``MAX_WORK_KIB``. Cost is not quite linear in memory, so the estimate is
    measured and corrected a couple of times. A target of 0 returns the floor itself.
    """
    params = KdfParams(salt=os.urandom(SALT_BYTES))
    if target_seconds <= 0:
        return params
    _time_derive(params)  # first use pays for page faults; do not calibrate on it
    elapsed = _time_derive(params)
    for _ in range(3):
        scale = target_seconds / elapsed
        if 0.85 <= scale <= 1.2:
            break
        memory = min(MAX_MEMORY_KIB, int(params.memory_kib * scale) // 1024 * 1024)
        memory = max(memory, FLOOR_MEMORY_KIB)
        left = scale * params.memory_kib / memory
        iterations = min(
            MAX_ITERATIONS,
            MAX_WORK_KIB // memory,
            max(FLOOR_ITERATIONS, round(params.iterations * left)),
        )
        params = replace(params, memory_kib=memory, iterations=iterations)
        elapsed = _time_derive(params)
    return params


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --- recovery keys -------------------------------------------------------------


def format_recovery_key(raw: bytes) -> str:
    """160 bits as 32 Crockford base-32 characters in groups of four."""
    return typable.encode(raw)


def parse_recovery_key(text: str) -> bytes:
    """Read a typed recovery key, forgiving case, spaces, dashes and I/L/O look-alikes."""
    raw = typable.decode(text, RECOVERY_BYTES)
    if raw is None:
        raise WrongRecoveryKey()
    return raw


# --- the unlocked keys ------------------------------------------------------------


@dataclass(frozen=True)
class VaultKeys:
    """Everything unlocking gives: held in memory only while a profile is unlocked."""

    profile_id: str
    device_id: str
    data_key: bytes
    device_signing: SigningKey
    user_recipient: RecipientKeyPair
    user_signing: SigningKey

    def subkey(self, label: str, salt: bytes | None = None) -> bytes:
        return derive_subkey(self.data_key, label, salt)

    def _secrets(self) -> bytes:
        return _canonical(
            {
                "data_key": self.data_key.hex(),
                "device_signing": self.device_signing.secret().hex(),
                "user_recipient": self.user_recipient.secret().hex(),
                "user_signing": self.user_signing.secret().hex(),
            }
        )


def _keys_from_secrets(header: Mapping[str, Any], blob: bytes) -> VaultKeys:
    try:
        raw = json.loads(blob)
        return VaultKeys(
            profile_id=str(header["profile_id"]),
            device_id=str(header["device_id"]),
            data_key=bytes.fromhex(raw["data_key"]),
            device_signing=SigningKey(bytes.fromhex(raw["device_signing"])),
            user_recipient=RecipientKeyPair.from_secret(bytes.fromhex(raw["user_recipient"])),
            user_signing=SigningKey(bytes.fromhex(raw["user_signing"])),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultDamaged(f"The vault's keys are not in the expected form ({exc}).") from exc


# --- the vault file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Vault:
    """A vault as stored: header, wrapped slots and public keys. Holds no usable secret."""

    header: dict[str, Any]
    slots: dict[str, str]
    public: dict[str, str]
    signature: str | None = None  # None: written before vaults were signed

    @property
    def profile_id(self) -> str:
        return str(self.header["profile_id"])

    @property
    def keeps_record_manifest(self) -> bool:
        """Whether this profile's database has kept a record manifest since it was
        made (or since its passphrase was last changed, by this version or later)."""
        return self.header.get(RECORD_MANIFEST) == 1

    @property
    def kdf(self) -> KdfParams:
        return KdfParams.from_json(self.header["kdf"])

    def _passphrase_aad(self) -> bytes:
        return b"mentorapp-vault-v1|passphrase|" + _canonical(self.header)

    def _recovery_aad(self) -> bytes:
        stable = {k: self.header[k] for k in ("format", "profile_id", "device_id", "recovery")}
        return b"mentorapp-vault-v1|recovery|" + _canonical(stable)

    def _signed_part(self) -> bytes:
        return b"mentorapp-vault-v1|header|" + _canonical(
            {"header": self.header, "public": self.public}
        )

    def _signed_by(self, keys: VaultKeys) -> Vault:
        signature = keys.device_signing.sign(self._signed_part()).hex()
        return replace(self, signature=signature)

    def signature_problem(self) -> str | None:
        """Why the header and public keys are not as this profile signed them, or None
        (also None for a vault from before signatures, which cannot be checked)."""
        if self.signature is None:
            return None
        try:
            key = VerifyKey(bytes.fromhex(self.public["device_verify"]))
            key.verify(bytes.fromhex(self.signature), self._signed_part())
        except (KeyError, ValueError, SignatureInvalid):
            return "its header does not match the profile's signature"
        return None

    def altered_for(self, keys: VaultKeys) -> bool:
        """True if the file was changed by something other than mentorapp, as far as
        can be told with the keys it holds (after a recovery-key unlock, say)."""
        return self.signature_problem() is not None or self.public != self._public_of(keys)

    def _recovery_kek(self, recovery_raw: bytes) -> bytes:
        salt = bytes.fromhex(self.header["recovery"]["salt"])
        return derive_subkey(recovery_raw, "recovery-kek", salt)

    # -- creating ---------------------------------------------------------------

    @classmethod
    def create(
        cls,
        passphrase: str,
        profile_id: str,
        device_id: str,
        kdf: KdfParams | None = None,
    ) -> tuple[Vault, VaultKeys, str]:
        """Make new keys and wrap them. Returns the vault, its keys and the recovery key
        text, which must be shown to the person once and never stored."""
        kdf = kdf or calibrate()
        kdf.check_bounds()
        keys = VaultKeys(
            profile_id=profile_id,
            device_id=device_id,
            data_key=random_key(),
            device_signing=SigningKey.generate(),
            user_recipient=RecipientKeyPair.generate(),
            user_signing=SigningKey.generate(),
        )
        recovery_raw = secrets.token_bytes(RECOVERY_BYTES)
        header = {
            "format": FORMAT,
            "profile_id": profile_id,
            "device_id": device_id,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "kdf": kdf.to_json(),
            "recovery": {"salt": os.urandom(SALT_BYTES).hex()},
            RECORD_MANIFEST: 1,
        }
        vault = cls(header=header, slots={}, public=cls._public_of(keys))
        secrets_blob = keys._secrets()
        vault.slots["passphrase"] = aead_seal(
            kdf.derive(passphrase), secrets_blob, vault._passphrase_aad()
        ).hex()
        vault.slots["recovery"] = aead_seal(
            vault._recovery_kek(recovery_raw), secrets_blob, vault._recovery_aad()
        ).hex()
        return vault._signed_by(keys), keys, format_recovery_key(recovery_raw)

    @staticmethod
    def _public_of(keys: VaultKeys) -> dict[str, str]:
        return {
            "device_verify": keys.device_signing.verify_key.raw.hex(),
            "user_recipient": keys.user_recipient.public.raw.hex(),
            "user_verify": keys.user_signing.verify_key.raw.hex(),
        }

    # -- unlocking --------------------------------------------------------------------

    def unlock(self, passphrase: str) -> VaultKeys:
        """Unwrap the keys with the passphrase.

        Raises:
            VaultAltered: the header asks for parameters mentorapp never writes, or
                fails its signature (checked before the slow key derivation).
            WrongPassphrase: the passphrase does not open the keys.
        """
        kdf = self.kdf
        problem = kdf.out_of_bounds() or self.signature_problem()
        if problem is not None:
            raise VaultAltered(problem)
        try:
            blob = aead_open(
                kdf.derive(passphrase),
                bytes.fromhex(self.slots["passphrase"]),
                self._passphrase_aad(),
            )
        except IntegrityError:
            raise WrongPassphrase() from None
        except (KeyError, ValueError) as exc:
            raise _damaged(exc) from exc
        keys = _keys_from_secrets(self.header, blob)
        if self.public != self._public_of(keys):
            raise VaultAltered("its public keys are not this profile's")
        return keys

    def unlock_with_recovery(self, recovery_key: str) -> VaultKeys:
        """Unwrap the keys with the recovery key. The way back in when the passphrase
        part of the header was altered: the recovery slot binds only the stable part,
        so it still opens, and re-wrapping (``with_new_passphrase``) repairs the file.

        Raises:
            WrongRecoveryKey: the key does not open this profile.
            VaultAltered: it does not, and the header fails its signature.
        """
        raw = parse_recovery_key(recovery_key)
        try:
            blob = aead_open(
                self._recovery_kek(raw),
                bytes.fromhex(self.slots["recovery"]),
                self._recovery_aad(),
            )
        except IntegrityError:
            problem = self.signature_problem()
            if problem is not None:
                raise VaultAltered(problem) from None
            raise WrongRecoveryKey() from None
        except (KeyError, ValueError) as exc:
            raise _damaged(exc) from exc
        return _keys_from_secrets(self.header, blob)

    def with_new_passphrase(
        self, keys: VaultKeys, new_passphrase: str, kdf: KdfParams | None = None
    ) -> Vault:
        """Re-wrap the same keys under a new passphrase; data is untouched.

        ``kdf`` defaults to a fresh calibration, never to this header's parameters
        (which may have been lowered by hand). The public keys are rewritten from
        ``keys`` and the result is signed, so re-wrapping repairs an altered file.
        """
        kdf = kdf or calibrate()
        kdf.check_bounds()
        # Re-wrapping needs an unlocked profile, whose manifest unlocking has built.
        header = dict(self.header, kdf=kdf.to_json(), **{RECORD_MANIFEST: 1})
        vault = Vault(header=header, slots=dict(self.slots), public=self._public_of(keys))
        vault.slots["passphrase"] = aead_seal(
            kdf.derive(new_passphrase), keys._secrets(), vault._passphrase_aad()
        ).hex()
        return vault._signed_by(keys)

    # -- storing ----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        raw: dict[str, Any] = {"header": self.header, "slots": self.slots, "public": self.public}
        if self.signature is not None:
            raw["signature"] = self.signature
        return json.dumps(raw, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Vault:
        try:
            raw = json.loads(data)
            signature = raw.get("signature")
            if signature is not None and not isinstance(signature, str):
                raise ValueError("the signature is not text")
            vault = cls(
                header=dict(raw["header"]),
                slots=dict(raw["slots"]),
                public=dict(raw["public"]),
                signature=signature,
            )
            if vault.header.get("format") != FORMAT:
                raise VaultDamaged(
                    f"This profile was made by a newer mentorapp (vault format "
                    f"{vault.header.get('format')}); please update."
                )
            KdfParams.from_json(vault.header["kdf"])
            return vault
        except VaultDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _damaged(exc) from exc

    def save(self, path: Path) -> None:
        """Write atomically: temp file, fsync, rename, fsync the folder.

        The temp file's name is unique, so two saves at once can never write into each
        other's file; it is removed if the save fails (a full disk, say).
        """
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.to_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            # A full disk (or an interrupt) part way: leave no half-written copy behind.
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        fsync_dir(path.parent)

    @classmethod
    def load(cls, path: Path) -> Vault:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise VaultDamaged(f"The vault file cannot be read: {exc}") from exc
        return cls.from_bytes(data)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _damaged(exc: Exception) -> VaultDamaged:
    """A vault file that does not hold what mentorapp writes, said in words."""
    if isinstance(exc, KeyError):
        what = f"its {str(exc.args[0]) if exc.args else 'expected'} part is missing"
    elif isinstance(exc, json.JSONDecodeError):
        what = "it is not a vault file mentorapp wrote"
    else:
        what = "a value in it is not in the form mentorapp writes"
    return VaultDamaged(f"The vault file is damaged ({what}).")
