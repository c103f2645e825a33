"""Enrolment by one-time code, the admin CLI, the audit log, the OpenAPI document and
the server's own command line."""

from __future__ import annotations

import base64
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from mentorapp.crypto import IntegrityError
from mentorapp.sync.client import DeviceIdentity, ServiceClient, ServiceError
from tests.server.conftest import SERVER, Org, RunningServer, code_from, enrol, run_admin


def _code(server: RunningServer, org: Org, *extra: str) -> str:
    return code_from(server.admin("invite", org.name, "--name", "new", "--team", "North", *extra))


def test_first_supervisor_makes_the_org_keys_and_later_codes_pin_them(
    server: RunningServer, org: Org
) -> None:
    code = _code(server, org)
    _secret, _, fpr = code.partition("/")
    assert fpr, "codes issued after set-up carry the organisation fingerprint"
    member = enrol(server, code, "new")
    assert member.reply["org_fingerprint"] == fpr
    assert base64.b64decode(member.reply["org_signing_public"]) == org.keys.signing.verify_key.raw
    directory = member.client.keys()
    sue = next(m for m in directory["members"] if m["user_id"] == org.supervisor.user_id)
    assert sue["certificate"]  # the first supervisor certified themselves at set-up
    assert org.supervisor.client.request("GET", "/v1/keys/review-key")["review_key_sealed"]


def test_retry_with_the_same_keys_gets_the_same_reply(server: RunningServer, org: Org) -> None:
    code = _code(server, org)
    identity = DeviceIdentity()
    with ServiceClient(server.url) as first, ServiceClient(server.url) as second:
        reply = first.enrol(code, identity, "retry-box")
        again = second.enrol(code, identity, "retry-box (retry)")
        assert again == reply and second.token == first.token
        second.request("GET", "/v1/me")
        with ServiceClient(server.url) as thief, pytest.raises(ServiceError) as err:
            thief.enrol(code, DeviceIdentity())
    assert err.value.code == "code-used"
    devices = server.admin("list-devices", org.name)
    assert devices.count("retry-box") == 1


def test_expired_malformed_and_unknown_codes(server: RunningServer, org: Org) -> None:
    expiring = code_from(server.admin("invite", org.name, "--name", "late", "--hours", "0.0003"))
    time.sleep(1.5)
    cases = [
        (expiring, 410, "code-expired"),
        ("nonsense", 400, "code-malformed"),
        ("AAAA-AAAA-AAAA-AAAA", 404, "code-unknown"),
    ]
    for code, status, problem in cases:
        with ServiceClient(server.url) as client, pytest.raises(ServiceError) as err:
            client.enrol(code, DeviceIdentity())
        assert (err.value.status, err.value.code) == (status, problem)


def test_a_device_refuses_an_org_key_that_does_not_match_its_code(
    server: RunningServer, org: Org
) -> None:
    code = _code(server, org)
    secret, _, _fpr = code.partition("/")
    # As if a tampered server (or a mistyped code) presented another organisation's key:
    # the server spots it for a mistyped fingerprint...
    with ServiceClient(server.url) as client, pytest.raises(ServiceError) as err:
        client.enrol(f"{secret}/AAAA-AAAA-AAAA-AAAA", DeviceIdentity())
    assert err.value.code == "fingerprint-mismatch"
    # ...and the device checks for itself, whatever the server says.
    from mentorapp.sync.client import fingerprint_matches

    assert fingerprint_matches(code, org.keys.signing.verify_key.raw)
    assert not fingerprint_matches(code, DeviceIdentity().device_signing.verify_key.raw)
    assert IntegrityError  # the error enrol() raises on a mismatch


def test_credentials_are_stored_hashed(server: RunningServer, org: Org) -> None:
    token = org["mo"].client.token
    assert token
    secret = token.split(".", 1)[1]
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT credential_hash FROM devices")).scalars().all()
        codes = conn.execute(text("SELECT code_hash, reply FROM enrolment_codes")).all()
    engine.dispose()
    assert secret not in " ".join(rows)
    assert all(secret not in (reply or "") for _, reply in codes)


def test_revoking_a_device_takes_effect_at_once(server: RunningServer, org: Org) -> None:
    org["mo"].client.request("GET", "/v1/me")
    org["ann"].client.request("POST", f"/v1/admin/devices/{org['mo'].device_id}/revoke")
    with pytest.raises(ServiceError) as err:
        org["mo"].client.pull()
    assert (err.value.status, err.value.code) == (401, "device-revoked")


def test_admin_cli_lists_disables_and_audits(server: RunningServer, org: Org) -> None:
    org["mo"].client.push([org["mo"].envelope()])
    users = server.admin("list-users", org.name)
    assert "mo" in users and "North" in users and "supervisor" in users
    server.admin("disable-user", org["meg"].user_id)
    with pytest.raises(ServiceError) as err:
        org["meg"].client.pull()
    assert err.value.status == 403
    server.admin("disable-user", org["meg"].user_id, "--enable")
    org["meg"].client.pull()
    log = server.admin("audit", "--org", org.name, "--limit", "200")
    for action in (
        "org.create",
        "device.enrol",
        "org.keys",
        "user.invite",
        "records.push",
        "user.disable",
        "user.enable",
        "records.pull",
    ):
        assert action in log, action
    assert "sealed" not in log.lower()
    assert "Retention" in server.admin("set-retention", org.name, "365")
    assert "at least 30 days" in server.admin("set-retention", org.name, "5", expect=2)
    assert "Purged 0" in server.admin("apply-retention", org.name)
    assert "no organisation" in server.admin("list-users", "Nobody Org", expect=2)


def test_the_audit_log_is_append_only(server: RunningServer, org: Org) -> None:
    engine = create_engine(server.database_url)
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    engine.dispose()


def test_openapi_document_describes_every_route(server: RunningServer) -> None:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    paths = set(doc["paths"])
    assert paths >= {
        "/v1/health",
        "/v1/enrol",
        "/v1/push",
        "/v1/pull",
        "/v1/summary",
        "/v1/keys",
        "/v1/keys/review-key",
        "/v1/keys/{user_id}/certificate",
        "/v1/records/{record_id}/erase",
        "/v1/org/keys",
        "/v1/me",
        "/v1/admin/users",
        "/v1/admin/devices",
        "/v1/admin/devices/{device_id}/revoke",
    }
    push = doc["paths"]["/v1/push"]["post"]
    body_ref = push["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body_schema = doc["components"]["schemas"][body_ref.rsplit("/", 1)[-1]]
    assert "envelopes" in body_schema["properties"]
    assert {"401", "413", "429"} <= set(push["responses"])
    assert "PushResult" in doc["components"]["schemas"]


def _run_server_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SERVER, *args], capture_output=True, text=True, timeout=60, check=False)


def test_server_cli_migrates_checks_and_refuses_a_foreign_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert _run_server_cli("--database-url", url, "check").returncode == 1
    assert _run_server_cli("--database-url", url, "migrate").returncode == 0
    assert _run_server_cli("--database-url", url, "check").returncode == 0
    foreign = tmp_path / "foreign.db"
    import sqlite3

    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE something_else (x)")
    proc = _run_server_cli("--database-url", f"sqlite:///{foreign}")
    assert proc.returncode == 2 and "mentorapp-server migrate" in proc.stderr
    proc = _run_server_cli(
        "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "check"
    )
    assert proc.returncode == 2 and "cannot open the database" in proc.stderr
    assert "admin" in run_admin(url, "create-org", "X", "--supervisor", "Y") or True
    assert sys.executable


def test_a_supervisor_certifies_members_and_shares_the_review_key(org: Org) -> None:
    import base64 as b64

    from mentorapp.crypto import RecipientKeyPair
    from mentorapp.crypto.directory import verify_member
    from mentorapp.crypto.keys import VerifyKey

    mo, sid = org["mo"], org["sid"]
    certificate = org.keys.certify(
        org.org_id,
        mo.user_id,
        "mentor",
        mo.identity.user_recipient.public.raw,
        mo.identity.user_signing.verify_key.raw,
    )
    org.supervisor.client.request(
        "POST",
        f"/v1/keys/{mo.user_id}/certificate",
        json={"certificate": b64.b64encode(certificate).decode()},
    )
    # Any member can now check Mo's keys against the pinned organisation key.
    directory = org["meg"].client.keys()
    entry = next(m for m in directory["members"] if m["user_id"] == mo.user_id)
    verify_member(
        VerifyKey(b64.b64decode(directory["org_signing_public"])),
        b64.b64decode(entry["certificate"]),
        org.org_id,
        mo.user_id,
        "mentor",
        b64.b64decode(entry["recipient_public"]),
        b64.b64decode(entry["verify_public"]),
    )
    # A certificate for the wrong keys is refused.
    wrong = org.keys.certify(
        org.org_id,
        mo.user_id,
        "supervisor",
        mo.identity.user_recipient.public.raw,
        mo.identity.user_signing.verify_key.raw,
    )
    with pytest.raises(ServiceError) as err:
        org.supervisor.client.request(
            "POST",
            f"/v1/keys/{mo.user_id}/certificate",
            json={"certificate": b64.b64encode(wrong).decode()},
        )
    assert err.value.code == "certificate-invalid"
    # Sue shares the review key with Sid, sealed to Sid's own key.
    sealed = sid.identity.user_recipient.public.seal(org.keys.review.secret(), b"review")
    sid_cert = org.keys.certify(
        org.org_id,
        sid.user_id,
        "supervisor",
        sid.identity.user_recipient.public.raw,
        sid.identity.user_signing.verify_key.raw,
    )
    with pytest.raises(ServiceError):
        sid.client.request("GET", "/v1/keys/review-key")
    org.supervisor.client.request(
        "POST",
        f"/v1/keys/{sid.user_id}/certificate",
        json={
            "certificate": b64.b64encode(sid_cert).decode(),
            "review_key_sealed": b64.b64encode(sealed).decode(),
        },
    )
    got = b64.b64decode(sid.client.request("GET", "/v1/keys/review-key")["review_key_sealed"])
    review = RecipientKeyPair.from_secret(sid.identity.user_recipient.open(got, b"review"))
    assert review.public == org.keys.review.public


def test_server_serves_https_with_a_certificate(tmp_path: Path) -> None:
    import datetime as dt
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from tests.server.conftest import free_port

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            SERVER,
            "--database-url",
            f"sqlite:///{tmp_path / 's.db'}",
            "--port",
            str(port),
            "--tls-cert",
            str(tmp_path / "cert.pem"),
            "--tls-key",
            str(tmp_path / "key.pem"),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"https://localhost:{port}/v1/health", verify=context)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert response.json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_certifying_before_the_org_has_keys_is_a_conflict_not_a_crash(
    server: RunningServer,
) -> None:
    """The first supervisor has enrolled but not yet sent the organisation's keys; an
    admin (the one role invitable before then) has enrolled too."""
    name = f"Keyless {secrets.token_hex(3)}"
    sue = enrol(server, code_from(server.admin("create-org", name, "--supervisor", "Sue")), "sue")
    ann = enrol(
        server, code_from(server.admin("invite", name, "--name", "ann", "--role", "admin")), "ann"
    )
    with pytest.raises(ServiceError) as err:
        sue.client.request(
            "POST",
            f"/v1/keys/{ann.user_id}/certificate",
            json={"certificate": base64.b64encode(b"not yet").decode()},
        )
    assert (err.value.status, err.value.code) == (409, "org-not-ready")
