"""The JSON the service reads and writes, as typed models.

The API declares these as request bodies and ``response_model``s, so the OpenAPI
document says exactly what each route returns; the services build them, so a
route returns what its service made without reshaping it. Field order is the
order of the keys on the wire.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# --- errors ------------------------------------------------------------------------------


class InvalidPart(BaseModel):
    where: str = Field(description="Dotted path to the part of the request, e.g. body.code")
    message: str


class ProblemDoc(BaseModel):
    """An RFC 9457 problem document, as every error response carries."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable, machine-readable error code")
    instance: str | None = Field(default=None, description="The path that was requested")
    errors: list[InvalidPart] | None = Field(
        default=None, description="With code invalid-request: each part that is not valid"
    )


# --- service -----------------------------------------------------------------------------


class HealthResponse(BaseModel):
    status: str = Field(description="Always 'ok' when the service answers")
    version: str
    schema_current: bool = Field(description="Whether the database is at the current schema")


# --- sync --------------------------------------------------------------------------------


class EnvelopeIn(BaseModel):
    id: str = Field(description="Record UUID")
    record_type: str
    version: int = Field(ge=1)
    base_version: int = Field(ge=0, description="The version this one was edited from")
    deleted: bool = False
    ciphertext: str = Field(description="Base64; empty for a tombstone")
    wrapped_keys: dict[str, str] = Field(
        default_factory=dict, description="Recipient id to base64 HPKE-sealed key"
    )
    signature: str = Field(description="Base64 Ed25519 signature by the author device")
    author_device: str
    addressed_to: str | None = None


class PushRequest(BaseModel):
    envelopes: list[EnvelopeIn]


class EnvelopeOut(BaseModel):
    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    purged: bool
    owner_id: str
    addressed_to: str | None
    author_device: str
    ciphertext: str | None
    wrapped_keys: dict[str, str]
    signature: str | None
    seq: int


class PushResult(BaseModel):
    id: str | None
    status: str = Field(description="accepted, duplicate, conflict or rejected")
    version: int | None = None
    seq: int | None = None
    code: str | None = None
    reason: str | None = None
    current: EnvelopeOut | None = None


class PushResponse(BaseModel):
    results: list[PushResult]


class PullResponse(BaseModel):
    changes: list[EnvelopeOut]
    cursor: str
    more: bool


class SummaryResponse(BaseModel):
    count: int
    hash: str


class ErasedRecord(BaseModel):
    id: str
    version: int = Field(description="The tombstone's version")
    purged: bool


# --- devices -----------------------------------------------------------------------------


class EnrolDevice(BaseModel):
    verify_public: str
    recipient_public: str
    label: str = ""
    device_id: str | None = Field(
        default=None,
        description="The id the device would like (used if free); the reply says which it got",
    )


class EnrolRequest(BaseModel):
    code: str
    device: EnrolDevice
    user_keys: dict[str, str] | None = None


class EnrolReply(BaseModel):
    device_id: str
    user_id: str
    role: str
    team_id: str | None
    org_id: str
    org_name: str
    org_signing_public: str | None
    org_review_public: str | None
    org_fingerprint: str | None
    needs_org_keys: bool = Field(
        description="True for an organisation's first supervisor: "
        "their device must now POST /v1/org/keys"
    )
    sealed_credential: str


class Me(BaseModel):
    """Who a device credential stands for."""

    user_id: str
    device_id: str
    org_id: str
    role: str
    team_id: str | None


# --- keys --------------------------------------------------------------------------------


class OrgKeysRequest(BaseModel):
    signing_public: str
    review_public: str
    review_key_sealed: str
    certificate: str


class CertifyRequest(BaseModel):
    certificate: str
    review_key_sealed: str | None = None


class DeviceKey(BaseModel):
    device_id: str
    verify_public: str
    revoked_at: str | None = Field(description="ISO 8601, or null while the device is trusted")


class MemberKeys(BaseModel):
    user_id: str
    role: str
    team_id: str | None
    disabled: bool
    recipient_public: str
    verify_public: str | None
    certificate: str | None = Field(description="Null until a supervisor certifies the keys")
    devices: list[DeviceKey]


class KeyDirectory(BaseModel):
    org_id: str
    org_signing_public: str | None
    org_review_public: str | None
    org_fingerprint: str | None
    members: list[MemberKeys] = Field(description="Enrolled members only")


class ReviewKey(BaseModel):
    review_key_sealed: str = Field(description="Base64, sealed to this supervisor's own key")


# --- admin -------------------------------------------------------------------------------


class AdminUser(BaseModel):
    user_id: str
    name: str
    role: str
    team: str = Field(description="Team name; empty for none")
    disabled: bool
    enrolled: bool
    certified: bool
    active_devices: int


class AdminDevice(BaseModel):
    device_id: str
    user: str = Field(description="The member's name")
    label: str
    created_at: str
    last_seen: str | None
    revoked_at: str | None


class RevokedDevice(BaseModel):
    device_id: str
    revoked: bool
