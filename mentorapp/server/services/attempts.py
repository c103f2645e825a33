"""Failed enrolments and sign-ins: limited per client address (and, for sign-ins, per
device id, the credential's public prefix) and audited, never with the guessed
secret. Only failures count, so people using a right code or credential are slowed
only while someone fails from their address or against their device."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentorapp.core import typable
from mentorapp.core.ids import is_valid_id
from mentorapp.server.limits import FailureLimiter
from mentorapp.server.models import Device, EnrolmentCode
from mentorapp.server.problems import Problem
from mentorapp.server.services.audit import audit
from mentorapp.server.services.common import CODE_BYTES, sha256_hex

# Answers that mean "that code is wrong" (as against a right code used wrongly).
WRONG_CODE = frozenset({"code-unknown", "code-malformed", "code-used", "code-expired"})


def _device_part(authorization: str | None) -> str | None:
    """The device id a bearer credential names, if it names one."""
    if not authorization or not authorization.startswith("Bearer "):
        return None
    device_id = authorization[len("Bearer ") :].strip().partition(".")[0]
    return device_id if is_valid_id(device_id) else None


class Attempts:
    """The failure limiter, and what is recorded when an attempt fails."""

    def __init__(self, limiter: FailureLimiter) -> None:
        self.limiter = limiter

    @staticmethod
    def _sign_in_keys(address: str, authorization: str | None) -> list[str]:
        device_id = _device_part(authorization)
        return [f"address:{address}"] + ([f"device:{device_id}"] if device_id else [])

    def before_enrolment(self, address: str) -> None:
        """Raise 429 while this address has failed too often."""
        self.limiter.check([f"address:{address}"])

    def enrolment_failed(
        self, session: Session, address: str, code_text: str, problem: Problem
    ) -> None:
        """Count and audit a wrong code (in its own transaction: the attempt's rolled back).

        A spent or expired code is recorded against the person it was issued to.
        """
        if problem.code not in WRONG_CODE:
            return
        self.limiter.failed([f"address:{address}"])
        secret_part, _, fingerprint = code_text.strip().partition("/")
        raw = typable.decode(secret_part, CODE_BYTES)
        with session.begin():
            issued = (
                session.execute(
                    select(EnrolmentCode.org_id, EnrolmentCode.user_id).where(
                        EnrolmentCode.code_hash == sha256_hex(raw)
                    )
                ).first()
                if raw is not None
                else None
            )
            audit(
                session,
                "enrol.failed",
                f"address:{address}",
                org_id=issued.org_id if issued else None,
                user_id=issued.user_id if issued else None,
                reason=problem.code,
                with_fingerprint=bool(fingerprint),
            )

    def before_sign_in(self, address: str, authorization: str | None) -> None:
        """Raise 429 while this address, or the device the credential names, has failed
        too often."""
        if authorization:
            self.limiter.check(self._sign_in_keys(address, authorization))

    def sign_in_failed(
        self, session: Session, address: str, authorization: str | None, problem: Problem
    ) -> None:
        """Count and audit a credential that is malformed or wrong (not a missing one,
        nor a revoked device's or disabled person's real credential)."""
        if not authorization or problem.code != "unauthenticated":
            return
        self.limiter.failed(self._sign_in_keys(address, authorization))
        device_id = _device_part(authorization)
        with session.begin():
            device = session.get(Device, device_id) if device_id else None
            audit(
                session,
                "sign_in.failed",
                f"address:{address}",
                org_id=device.org_id if device else None,
                user_id=device.user_id if device else None,
                device_id=device.id if device else None,
                reason=problem.detail,
            )
