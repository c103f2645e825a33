"""Enrolment by one-time code, the admin CLI, the audit log, the OpenAPI document and
the server's own command line."""

from __future__ import annotations

import base64
import secrets
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from mentorapp.crypto import OrgKeys, SigningKey
from mentorapp.crypto.directory import (
    certify_member,
    open_review_key,
    seal_review_key,
    verify_org_keys,
)
from mentorapp.sync.client import ServiceError, b64
from tests.server.conftest import SERVER, Org, RunningServer, code_from, enrol, run_admin
from tests.support.device import RawClient, RawIdentity


def _code(server: RunningServer, org: Org, *extra: str) -> str:
    return code_from(server.admin("invite", org.name, "--name", "new", "--team", "North", *extra))


def test_first_supervisor_makes_the_org_keys_and_later_codes_pin_them(
    server: RunningServer, org: Org
) -> None:
    code = _code(server, org)
    _secret, _, fpr = code.partition("/")
    assert fpr, "codes issued after set-up carry the organisation fingerprint"
    member = enrol(server, code, "new")
    keys = member.reply["org_keys"]
    assert keys["fingerprint"] == fpr
    assert base64.b64decode(keys["signing_public"]) == org.keys.signing.verify_key.raw
    verify_org_keys(
        org.keys.signing.verify_key,
        base64.b64decode(keys["signature"]),
        org.org_id,
        base64.b64decode(keys["review_public"]),
    )
    assert member.reply["needs_org_keys"] is False and member.reply["user_keys"] is None
    directory = member.client.keys()
    sue = next(m for m in directory["members"] if m["user_id"] == org.supervisor.user_id)
    assert sue["certificate"]  # the first supervisor certified themselves at set-up
    grant = org.supervisor.client.review_key()
    assert grant["sealed"] and grant["signature"]


def test_only_the_first_supervisors_code_bootstraps_and_only_once(
    server: RunningServer, org: Org
) -> None:
    other = enrol(
        server,
        code_from(server.admin("invite", org.name, "--name", "x", "--role", "supervisor")),
        "x",
    )
    with pytest.raises(ServiceError) as err:
        other.client.set_up_org(other.reply, other.identity, OrgKeys.generate())
    assert err.value.code == "org-has-keys"
    with pytest.raises(ServiceError) as err:
        org.supervisor.client.set_up_org(
            org.supervisor.reply, org.supervisor.identity, OrgKeys.generate()
        )
    assert err.value.code == "org-has-keys"


def test_retry_with_the_same_keys_gets_the_same_reply(server: RunningServer, org: Org) -> None:
    code = _code(server, org)
    identity = RawIdentity()
    with RawClient(server.url) as first, RawClient(server.url) as second:
        reply = first.enrol_as(code, identity, "retry-box")
        again = second.enrol_as(code, identity, "retry-box (retry)")
        assert again == reply and second.token == first.token
        second.request("GET", "/v1/me")
        with RawClient(server.url) as thief, pytest.raises(ServiceError) as err:
            thief.enrol_as(code, RawIdentity())
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
        with RawClient(server.url) as client, pytest.raises(ServiceError) as err:
            client.enrol_as(code, RawIdentity())
        assert (err.value.status, err.value.code) == (status, problem)


def test_the_server_spots_a_mistyped_fingerprint(server: RunningServer, org: Org) -> None:
    secret, _, _fpr = _code(server, org).partition("/")
    with RawClient(server.url) as client, pytest.raises(ServiceError) as err:
        client.enrol_as(f"{secret}/AAAA-AAAA-AAAA-AAAA", RawIdentity())
    assert err.value.code == "fingerprint-mismatch"


def test_unusable_device_keys_are_refused(server: RunningServer, org: Org) -> None:
    with RawClient(server.url) as client, pytest.raises(ServiceError) as err:
        client.enrol(_code(server, org), b"\x01", RawIdentity().device.recipient_public, "")
    assert err.value.code == "invalid-key"


def test_a_device_pushes_only_after_its_certificate_is_in(server: RunningServer, org: Org) -> None:
    member = enrol(server, _code(server, org), "new", complete=False)
    with pytest.raises(ServiceError) as err:
        member.client.push([member.envelope()])
    assert (err.value.status, err.value.code) == (403, "device-not-certified")
    # A certificate signed by someone else's user key is refused.
    stranger = RawIdentity()
    with pytest.raises(ServiceError) as err:
        member.client.complete_as(
            member.reply,
            RawIdentity(device=member.identity.device, user=stranger.user),
            send_user_keys=False,
        )
    member.client.complete_as(member.reply, member.identity)
    assert member.client.push([member.envelope()])[0]["status"] == "accepted"


def test_a_new_laptop_gets_the_persons_keys_and_cannot_replace_them(
    server: RunningServer, org: Org
) -> None:
    mo = org["mo"]
    code = code_from(server.admin("new-code", mo.user_id))
    laptop = RawIdentity(user=mo.identity.user)  # same person, new device keys
    with RawClient(server.url) as client:
        reply = client.enrol_as(code, laptop, "replacement")
        offered = reply["user_keys"]
        assert base64.b64decode(offered["verify_public"]) == mo.identity.user.verify_public
        assert offered["certificate"] and offered["key_backup"]
        # Offering other user keys is refused: replacing keys is an admin's explicit act.
        with pytest.raises(ServiceError) as err:
            client.complete_as(reply, RawIdentity(device=laptop.device))
        assert err.value.code in ("user-has-keys", "certificate-invalid")
        client.complete_as(reply, laptop, send_user_keys=False)
        assert (
            client.push([{**mo.envelope(), "author_device": reply["device_id"]}])[0]["code"]
            == "bad-signature"
        )
    directory = org["meg"].client.keys()
    entry = next(m for m in directory["members"] if m["user_id"] == mo.user_id)
    assert base64.b64decode(entry["verify_public"]) == mo.identity.user.verify_public
    assert entry["certificate"], "a second laptop keeps the person's certificate"
    assert len(entry["devices"]) == 2


def test_reset_keys_is_explicit_and_asks_for_certification_again(
    server: RunningServer, org: Org
) -> None:
    meg = org["meg"]
    assert "--yes" in server.admin("reset-keys", meg.user_id, expect=2)
    out = server.admin("reset-keys", meg.user_id, "--yes")
    assert "1 laptops revoked" in out
    with pytest.raises(ServiceError) as err:
        meg.client.pull()
    assert err.value.code == "device-revoked"
    fresh = enrol(server, code_from(out), "meg-again")
    assert fresh.reply["user_keys"] is None  # the next laptop makes new keys
    directory = org["mo"].client.keys()
    entry = next(m for m in directory["members"] if m["user_id"] == meg.user_id)
    assert entry["certificate"] is None
    assert len(entry["former_keys"]) == 1 and entry["former_keys"][0]["certificate"]


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
    assert "code" in run_admin(url, "create-org", "X", "--supervisor", "Y").lower()


def test_admin_on_a_database_that_does_not_exist_says_so_and_creates_nothing(
    tmp_path: Path,
) -> None:
    """A mistyped --database-url (or a shell without the server's setting) must not
    leave the administrator a second, empty database and advice to migrate it."""
    missing = tmp_path / "serverr.db"
    out = run_admin(f"sqlite:///{missing}", "list-orgs", expect=2)
    assert "no database at" in out and "--database-url" in out and "migrate" not in out
    assert not missing.exists()


def test_only_the_organisation_key_certifies_members_and_grants_the_review_key(
    server: RunningServer, org: Org
) -> None:
    new = enrol(
        server,
        code_from(
            server.admin(
                "invite", org.name, "--name", "nia", "--role", "supervisor", "--team", "North"
            )
        ),
        "nia",
    )
    entry = next(m for m in org["mo"].client.keys()["members"] if m["user_id"] == new.user_id)
    assert entry["certificate"] is None
    # Another supervisor (no organisation key) cannot make a certificate that verifies.
    forged = certify_member(
        SigningKey.generate(),
        org.org_id,
        new.user_id,
        new.reply["user_name"],
        "supervisor",
        new.identity.user.recipient_public,
        new.identity.user.verify_public,
    )
    with pytest.raises(ServiceError) as err:
        org["sid"].client.certify(new.user_id, {"certificate": b64(forged)})
    assert err.value.code == "certificate-invalid"
    # A certificate raising the role is refused.
    wrong_role = certify_member(
        org.keys.signing,
        org.org_id,
        org["mo"].user_id,
        "Mo",
        "supervisor",
        org["mo"].identity.user.recipient_public,
        org["mo"].identity.user.verify_public,
    )
    with pytest.raises(ServiceError) as err:
        org.supervisor.client.certify(org["mo"].user_id, {"certificate": b64(wrong_role)})
    assert err.value.code == "certificate-invalid"
    # A review key grant not signed by the organisation is refused.
    real = certify_member(
        org.keys.signing,
        org.org_id,
        new.user_id,
        new.reply["user_name"],
        "supervisor",
        new.identity.user.recipient_public,
        new.identity.user.verify_public,
    )
    fake = OrgKeys.generate()
    sealed, grant = seal_review_key(
        fake.signing, fake.review, org.org_id, new.user_id, new.identity.user.recipient.public
    )
    with pytest.raises(ServiceError) as err:
        org.supervisor.client.certify(
            new.user_id,
            {
                "certificate": b64(real),
                "review_sealed": b64(sealed),
                "review_signature": b64(grant),
            },
        )
    assert err.value.code == "grant-invalid"
    with pytest.raises(ServiceError):
        new.client.review_key()
    org.certify(new)
    grant_doc = new.client.review_key()
    review = open_review_key(
        org.keys.signing.verify_key,
        org.keys.review.public.raw,
        base64.b64decode(grant_doc["sealed"]),
        base64.b64decode(grant_doc["signature"]),
        org.org_id,
        new.user_id,
        new.identity.user.recipient,
    )
    assert review.public == org.keys.review.public


def test_server_serves_https_with_a_certificate(tmp_path: Path) -> None:
    import ssl

    from tests.server.conftest import free_port
    from tests.support.server import self_signed_certificate

    cert, key = self_signed_certificate(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        [
            SERVER,
            "--database-url",
            f"sqlite:///{tmp_path / 's.db'}",
            "--port",
            str(port),
            "--tls-cert",
            str(cert),
            "--tls-key",
            str(key),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = ssl.create_default_context(cafile=str(cert))
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
    """The first supervisor has enrolled but not yet sent the organisation's keys (an
    admin, the one role invitable before then, cannot enrol until they have)."""
    name = f"Keyless {secrets.token_hex(3)}"
    sue = enrol(server, code_from(server.admin("create-org", name, "--supervisor", "Sue")), "sue")
    with pytest.raises(ServiceError) as err:
        sue.client.certify(sue.user_id, {"certificate": base64.b64encode(b"not yet").decode()})
    assert (err.value.status, err.value.code) == (409, "org-not-ready")


def test_a_code_typed_without_its_fingerprint_is_refused_and_not_spent(
    server: RunningServer, org: Org
) -> None:
    code = _code(server, org)
    identity = RawIdentity()
    with RawClient(server.url) as client:
        with pytest.raises(ServiceError) as err:
            client.enrol_as(code.partition("/")[0], identity)
        assert (err.value.status, err.value.code) == (400, "code-incomplete")
        assert "has not been used" in str(err.value)
        assert client.enrol_as(code, identity)["user_name"] == "new"


def test_inviting_the_same_name_twice_points_to_new_code(server: RunningServer, org: Org) -> None:
    out = server.admin("invite", org.name, "--name", "mo", "--role", "mentor", expect=2)
    assert "already has a member called 'mo'" in out and "new-code" in out
    assert "valid for some hours" in server.admin(
        "invite", org.name, "--name", "Zed", "--hours", "-1", expect=2
    )
    server.admin("invite", org.name, "--name", "mo", "--allow-same-name")
