"""A typed HTTP client for the central service, and the keys a device enrols with."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import httpx

from mentorapp.crypto import (
    IntegrityError,
    RecipientKeyPair,
    RecordAddress,
    SigningKey,
    sign_envelope,
)
from mentorapp.crypto.directory import certify_member, org_fingerprint_matches


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class ServiceError(Exception):
    """The service answered with a problem document."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status} {problem.get('code')}: {problem.get('detail')}")
        self.status = status
        self.code = str(problem.get("code", ""))
        self.problem = problem


@dataclass
class DeviceIdentity:
    """Keys a device presents at enrolment (private halves stay on the device)."""

    device_signing: SigningKey = field(default_factory=SigningKey.generate)
    device_recipient: RecipientKeyPair = field(default_factory=RecipientKeyPair.generate)
    user_recipient: RecipientKeyPair = field(default_factory=RecipientKeyPair.generate)
    user_signing: SigningKey = field(default_factory=SigningKey.generate)
    device_id: str | None = None

    def enrol_request(self, code: str, label: str = "") -> dict[str, Any]:
        return {
            "code": code,
            "device": {
                "verify_public": b64(self.device_signing.verify_key.raw),
                "recipient_public": b64(self.device_recipient.public.raw),
                "label": label,
                "device_id": self.device_id,
            },
            "user_keys": {
                "recipient_public": b64(self.user_recipient.public.raw),
                "verify_public": b64(self.user_signing.verify_key.raw),
            },
        }


@dataclass
class OrgKeys:
    """The organisation's keys, made on its first supervisor's device."""

    signing: SigningKey = field(default_factory=SigningKey.generate)
    review: RecipientKeyPair = field(default_factory=RecipientKeyPair.generate)

    def certify(
        self, org_id: str, user_id: str, role: str, recipient_public: bytes, verify_public: bytes
    ) -> bytes:
        return certify_member(self.signing, org_id, user_id, role, recipient_public, verify_public)


def fingerprint_matches(code: str, org_signing_public: bytes) -> bool:
    """Check the organisation key against the fingerprint carried in an enrolment code."""
    _, _, fpr = code.partition("/")
    if not fpr:
        return True  # a first supervisor's code: the keys are theirs to make
    return org_fingerprint_matches(fpr, org_signing_public)


class ServiceClient:
    """One device's connection to the service."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kw: Any) -> Any:
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self._http.request(method, path, headers=headers, **kw)
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"code": "http-error", "detail": response.text}
            raise ServiceError(response.status_code, problem)
        if response.status_code == 204:
            return None
        return response.json()

    # -- enrolment ---------------------------------------------------------------------

    def enrol(self, code: str, identity: DeviceIdentity, label: str = "") -> dict[str, Any]:
        """Enrol this device; on success the client holds its credential.

        Raises IntegrityError if the organisation key in the reply does not match
        the fingerprint carried in the code (a server lying about keys).
        """
        reply: dict[str, Any] = self.request(
            "POST", "/v1/enrol", json=identity.enrol_request(code, label)
        )
        if reply.get("org_signing_public"):
            org_key = base64.b64decode(reply["org_signing_public"])
            if not fingerprint_matches(code, org_key):
                raise IntegrityError("the organisation key does not match the enrolment code")
        sealed = base64.b64decode(reply["sealed_credential"])
        self.token = identity.device_recipient.open(
            sealed, b"mentorapp-enrol-v1|" + reply["device_id"].encode()
        ).decode()
        return reply

    def set_up_org(self, reply: dict[str, Any], identity: DeviceIdentity, org: OrgKeys) -> None:
        """First supervisor: publish the organisation's public keys."""
        certificate = org.certify(
            reply["org_id"],
            reply["user_id"],
            reply["role"],
            identity.user_recipient.public.raw,
            identity.user_signing.verify_key.raw,
        )
        review_sealed = identity.user_recipient.public.seal(
            org.review.secret(), b"mentorapp-review-key-v1|" + reply["org_id"].encode()
        )
        self.request(
            "POST",
            "/v1/org/keys",
            json={
                "signing_public": b64(org.signing.verify_key.raw),
                "review_public": b64(org.review.public.raw),
                "review_key_sealed": b64(review_sealed),
                "certificate": b64(certificate),
            },
        )

    # -- sync ------------------------------------------------------------------------------

    def push(self, envelopes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = self.request(
            "POST", "/v1/push", json={"envelopes": envelopes}
        )["results"]
        return results

    def pull(self, cursor: str | None = None, limit: int = 500) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page: dict[str, Any] = self.request("GET", "/v1/pull", params=params)
        return page

    def pull_all(
        self, cursor: str | None = None, limit: int = 500
    ) -> tuple[list[dict[str, Any]], str | None]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull(cursor, limit)
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                return changes, cursor

    def keys(self) -> dict[str, Any]:
        directory: dict[str, Any] = self.request("GET", "/v1/keys")
        return directory


def make_envelope(
    device_id: str,
    device_key: SigningKey,
    org_id: str,
    record_type: str,
    record_id: str,
    version: int,
    ciphertext: bytes,
    *,
    base_version: int | None = None,
    deleted: bool = False,
    wrapped_keys: dict[str, bytes] | None = None,
    addressed_to: str | None = None,
) -> dict[str, Any]:
    """A signed envelope ready to push (the ciphertext is sealed already)."""
    base = version - 1 if base_version is None else base_version
    address = RecordAddress(
        record_type=record_type,
        record_id=record_id,
        version=version,
        author_device=device_id,
        org_id=org_id,
    )
    signature = sign_envelope(device_key, address, base, deleted, ciphertext)
    return {
        "id": record_id,
        "record_type": record_type,
        "version": version,
        "base_version": base,
        "deleted": deleted,
        "ciphertext": b64(ciphertext),
        "wrapped_keys": {k: b64(v) for k, v in (wrapped_keys or {}).items()},
        "signature": b64(signature),
        "author_device": device_id,
        "addressed_to": addressed_to,
    }


__all__ = ["DeviceIdentity", "OrgKeys", "ServiceClient", "ServiceError", "make_envelope"]
