"""The JSON the service reads and writes, as typed models.

The API declares these as request bodies and ``response_model``s, so the OpenAPI
document says exactly what each route returns; the services build them, so a
route returns what its service made without reshaping it. Field order is the
order of the keys on the wire.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

# Every id the service issues or stores is a UUID in its canonical form (lowercase,
# hyphenated): what mentorapp.core.ids makes and is_valid_id accepts.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, Field(pattern=UUID_PATTERN, description="A UUID, lowercase")]

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
    """One version of a record as a device pushes it (envelope format 2). The device's
    signature covers every field but itself, with the organisation id."""

    format: int = Field(description="Envelope format; 2")
    id: str = Field(description="Record UUID")
    record_type: str
    version: int = Field(ge=1)
    base_version: int = Field(
        ge=0, description="The version the server last acknowledged, this one's base"
    )
    deleted: bool = False
    owner_id: str = Field(description="The record's owner: the pushing device's user")
    addressed_to: str | None = Field(default=None, description="A member it is for, if any")
    author_device: str = Field(description="The pushing device")
    ciphertext: str = Field(description="Base64; empty for a tombstone")
    wrapped_keys: dict[str, str] = Field(
        default_factory=dict,
        description="Recipient id (user:<id>, review:<org>) to the base64 HPKE-sealed content key",
    )
    signature: str = Field(description="Base64 Ed25519 signature by the author device")


class PushRequest(BaseModel):
    envelopes: list[EnvelopeIn]


class EnvelopeOut(BaseModel):
    format: int
    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    purged: bool = Field(description="Erased on the service: no content, no device signature")
    owner_id: str
    addressed_to: str | None
    author_device: str
    ciphertext: str | None
    wrapped_keys: dict[str, str]
    signature: str | None
    seq: int
    received_at: str = Field(description="When the service stored this version (ISO 8601)")


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
    hash: str = Field(description="SHA-256 of 'id:version\\n' for each visible record, in id order")


class FetchRequest(BaseModel):
    ids: list[Uuid] = Field(max_length=500, description="Record ids to fetch")


class FetchResponse(BaseModel):
    envelopes: list[EnvelopeOut] = Field(description="Those of the ids the caller may see")


class IndexResponse(BaseModel):
    items: list[tuple[str, int]] = Field(description="(id, version) in id order")
    more: bool


class ErasedRecord(BaseModel):
    id: str
    version: int = Field(description="The tombstone's version")
    purged: bool


# --- devices -----------------------------------------------------------------------------


class EnrolDevice(BaseModel):
    verify_public: str = Field(description="Base64 Ed25519 public key of this device")
    recipient_public: str = Field(description="Base64 HPKE public key of this device")
    label: str = Field(default="", max_length=200, description="A name for the laptop")


class EnrolRequest(BaseModel):
    code: str
    device: EnrolDevice


class OrgKeysOut(BaseModel):
    signing_public: str
    review_public: str
    signature: str = Field(description="The signing key's signature over the review key")
    fingerprint: str


class UserKeysOut(BaseModel):
    recipient_public: str
    verify_public: str
    certificate: str | None = Field(description="Null until the organisation certifies them")
    key_backup: str | None = Field(
        description="The person's private keys sealed under their passphrase"
    )


class EnrolReply(BaseModel):
    device_id: str
    user_id: str
    user_name: str
    role: str
    team_id: str | None
    org_id: str
    org_name: str
    org_keys: OrgKeysOut | None = Field(description="Null until the first supervisor sets them")
    needs_org_keys: bool = Field(
        description="True for an organisation's first supervisor, whose code has no "
        "fingerprint: their device makes the keys and POSTs /v1/org/keys"
    )
    user_keys: UserKeysOut | None = Field(
        description="The person's keys if an earlier laptop of theirs set them, else null"
    )
    sealed_credential: str


class UserKeysIn(BaseModel):
    recipient_public: str
    verify_public: str


class EnrolComplete(BaseModel):
    user_keys: UserKeysIn | None = Field(
        default=None, description="The person's public keys, from their first laptop only"
    )
    key_backup: str | None = Field(
        default=None, description="The person's keys sealed under their passphrase"
    )
    device_certificate: str = Field(
        description="The user key's signature over this device's id and keys"
    )


class KeyBackupRequest(BaseModel):
    key_backup: str


class Me(BaseModel):
    """Who a device credential stands for."""

    user_id: str
    device_id: str
    org_id: str
    role: str
    team_id: str | None
    scope: str = Field(description="What this caller sees: own, teams, organisation")


# --- keys --------------------------------------------------------------------------------


class OrgKeysRequest(BaseModel):
    signing_public: str
    review_public: str
    signature: str = Field(description="The signing key's signature over the review key")
    certificate: str = Field(description="The first supervisor's own member certificate")
    review_sealed: str = Field(description="The review key sealed to the first supervisor")
    review_signature: str = Field(description="The organisation's signature on that grant")


class CertifyRequest(BaseModel):
    certificate: str
    review_sealed: str | None = None
    review_signature: str | None = None


class DeviceKey(BaseModel):
    device_id: str
    verify_public: str
    recipient_public: str
    certificate: str | None = Field(description="The user key's signature; null until sent")
    revoked_at: str | None = Field(description="ISO 8601, or null while the device is trusted")


class FormerKeys(BaseModel):
    recipient_public: str
    verify_public: str
    certificate: str | None


class MemberKeys(BaseModel):
    user_id: str
    name: str
    role: str
    team_id: str | None
    disabled: bool
    recipient_public: str
    verify_public: str
    certificate: str | None = Field(description="Null until the organisation certifies the keys")
    former_keys: list[FormerKeys] = Field(description="Keys replaced by an admin, kept to verify")
    devices: list[DeviceKey]


class KeyDirectory(BaseModel):
    org_id: str
    org_name: str
    org_keys: OrgKeysOut | None
    members: list[MemberKeys] = Field(description="Enrolled members only")


class ReviewKey(BaseModel):
    sealed: str = Field(description="Base64, sealed to this supervisor's own key")
    signature: str = Field(description="The organisation key's signature on this grant")


# --- admin -------------------------------------------------------------------------------


class AdminUser(BaseModel):
    user_id: str
    name: str
    role: str
    team: str = Field(description="Team name; empty for none")
    sees: str = Field(description="A supervisor's scope: teams, or the whole organisation")
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
