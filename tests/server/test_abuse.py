"""The service under abuse, through a real server process: input no device would send
is a 4xx problem document and never a traceback in the server's log; every answer
carries the headers that keep it out of caches and frames; a push says nothing about
another organisation's records; only supervisors write reviews, however the type is
spelt; an admin invited before the first supervisor joins keeps a working code."""

from __future__ import annotations

import json
import secrets
import ssl
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from mentorapp.crypto.directory import org_fingerprint
from mentorapp.server.services.envelopes import MAX_VERSION
from mentorapp.sync.client import ServiceError, b64
from tests.server.conftest import Member, Org, RunningServer, code_from, enrol, make_org
from tests.support.device import RawIdentity
from tests.support.server import self_signed_certificate, start_server


def _log(server: RunningServer) -> str:
    assert server.log is not None
    return server.log.read_text(errors="replace")


@pytest.fixture
def clean_log(server: RunningServer) -> Any:
    """Fails the test if the server logged a traceback while it ran."""
    before = len(_log(server))
    yield
    written = _log(server)[before:]
    assert "Traceback" not in written and "ERROR" not in written, written


def _raw(server: RunningServer, method: str, path: str, who: Member | None = None, **kw: Any):
    headers = dict(kw.pop("headers", {}))
    if who is not None:
        headers["Authorization"] = f"Bearer {who.client.token}"
    return httpx.request(method, server.url + path, headers=headers, timeout=30, **kw)


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert (body["status"], body["code"]) == (status, code), body
    return body


def _json(value: Any) -> bytes:
    """JSON as a device would send it: non-ASCII escaped, so a lone surrogate goes
    out as the six characters \\ud800."""
    return json.dumps(value).encode("ascii")


JSON = {"content-type": "application/json"}


def test_deep_nesting_is_a_400_not_a_crash(server: RunningServer, org: Org, clean_log: Any) -> None:
    mo = org["mo"]
    very_deep = b"[" * 100_000 + b"]" * 100_000  # past Python's recursion limit
    deep = b'{"envelopes": ' + b"[" * 40 + b"]" * 40 + b"}"  # under it, past ours
    for path, who in (("/v1/push", mo), ("/v1/fetch", mo), ("/v1/enrol", None)):
        for body in (very_deep, deep):
            response = _raw(server, "POST", path, who, content=body, headers=JSON)
            assert "deeper than" in _problem(response, 400, "malformed-json")["detail"]
    # A push is read only once its sender is known.
    _problem(_raw(server, "POST", "/v1/push", content=very_deep), 401, "unauthenticated")


def test_text_no_database_can_hold_is_refused_unquoted(
    server: RunningServer, org: Org, clean_log: Any
) -> None:
    mo = org["mo"]
    lone = mo.envelope()
    lone["id"] = "\ud800" + lone["id"][1:]
    response = _raw(server, "POST", "/v1/push", mo, content=_json({"envelopes": [lone]}))
    body = _problem(response, 400, "malformed-json")
    assert "surrogate" in body["detail"]
    assert "ud800" not in response.text and "\ud800" not in response.text

    code = code_from(server.admin("invite", org.name, "--name", "x", "--team", "North"))
    identity = RawIdentity()
    device = {
        "verify_public": b64(identity.device.verify_public),
        "recipient_public": b64(identity.device.recipient_public),
    }
    for label in ("\udc80 laptop", "a\x00laptop"):
        body = _json({"code": code, "device": {**device, "label": label}})
        response = _raw(server, "POST", "/v1/enrol", content=body, headers=JSON)
        _problem(response, 400, "malformed-json")
    raw_surrogate = b'{"code": "%s", "device": {"label": "\xed\xa0\x80"}}' % code.encode()
    response = _raw(server, "POST", "/v1/enrol", content=raw_surrogate, headers=JSON)
    assert "not UTF-8" in _problem(response, 400, "malformed-json")["detail"]
    response = _raw(server, "POST", "/v1/enrol", content=b'{"code": NaN}', headers=JSON)
    _problem(response, 400, "malformed-json")
    # None of that spent the code, and a real surrogate pair (an emoji) is text.
    body = _json({"code": code, "device": {**device, "label": "x's \U0001f4bb"}})
    response = _raw(server, "POST", "/v1/enrol", content=body, headers=JSON)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("version", [2**63, 2**63 - 1, 2**64, MAX_VERSION + 1])
def test_versions_out_of_range_are_rejected(
    server: RunningServer, org: Org, clean_log: Any, version: int
) -> None:
    mo = org["mo"]
    env = mo.envelope()
    env["version"] = version  # after signing: range is checked before the signature
    (result,) = mo.client.push([env])
    assert (result["id"], result["status"], result["code"]) == (env["id"], "rejected", "malformed")
    assert f"from 1 to {MAX_VERSION}" in result["reason"]
    assert org.supervisor.client.pull_all()[0] == []


def test_the_highest_version_still_leaves_room_for_an_erasure(
    server: RunningServer, org: Org, clean_log: Any
) -> None:
    mo = org["mo"]
    env = mo.envelope(version=MAX_VERSION, base_version=0)
    assert mo.client.push([env])[0]["status"] == "accepted"
    response = _raw(server, "POST", f"/v1/records/{env['id']}/erase", mo)
    assert response.status_code == 200, response.text
    assert response.json()["version"] == MAX_VERSION + 1


def test_cursors_take_ascii_digits_only(server: RunningServer, org: Org, clean_log: Any) -> None:
    mo = org["mo"]
    mo.client.push([mo.envelope(), mo.envelope()])
    cursor = org.supervisor.client.pull()["cursor"]
    epoch = cursor.partition(".")[0]
    for bad in (
        f"{epoch}.\u00b2",  # superscript two: int() refuses it
        f"{epoch}.\u0661",  # Arabic-Indic one: int() reads it as 1
        f"{epoch}.1\u0661",
        f"{epoch}.{'9' * 40}",
        f"{epoch}.-1",
        f"{epoch}.+1",
        f"{epoch}. 1",
        f"{epoch}.",
        "nonsense",
    ):
        response = _raw(server, "GET", "/v1/pull", org.supervisor, params={"cursor": bad})
        _problem(response, 409, "resync-required")
    response = _raw(server, "GET", "/v1/pull", org.supervisor, params={"cursor": f"{epoch}.1"})
    assert response.status_code == 200 and len(response.json()["changes"]) == 1


def test_ids_must_be_canonical_uuids(server: RunningServer, org: Org, clean_log: Any) -> None:
    mo, sue = org["mo"], org.supervisor
    env = mo.envelope()
    assert mo.client.push([env])[0]["status"] == "accepted"
    rid = env["id"]
    for bad in ("not-an-id", rid.upper(), "{" + rid + "}", rid.replace("-", ""), rid + "\n"):
        response = _raw(server, "POST", "/v1/fetch", mo, json={"ids": [rid, bad]})
        _problem(response, 422, "invalid-request")
        response = _raw(server, "GET", "/v1/index", mo, params={"after": bad})
        _problem(response, 422, "invalid-request")
    response = _raw(server, "POST", f"/v1/records/{rid.upper()}/erase", mo)
    _problem(response, 422, "invalid-request")
    response = _raw(server, "POST", f"/v1/keys/{mo.user_id.upper()}/certificate", sue, json={})
    _problem(response, 422, "invalid-request")
    response = _raw(server, "POST", "/v1/fetch", mo, json={"ids": [rid]})
    assert [e["id"] for e in response.json()["envelopes"]] == [rid]
    # An id that is not one is not said back, whatever it holds.
    shouty = mo.envelope(rid.upper())
    (result,) = mo.client.push([shouty])
    assert (result["id"], result["code"]) == (None, "malformed")


@pytest.mark.parametrize(
    ("path", "who"), [("/v1/health", None), ("/v1/me", "mo"), ("/openapi.json", None)]
)
def test_answers_carry_the_security_headers(
    server: RunningServer, org: Org, path: str, who: str | None
) -> None:
    response = _raw(server, "GET", path, org[who] if who else None)
    assert response.status_code == 200
    _assert_security_headers(response)


def _assert_security_headers(response: httpx.Response, tls: bool = False) -> None:
    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert ("strict-transport-security" in headers) is tls


def test_the_enrolment_reply_and_every_kind_of_error_carry_them(
    server: RunningServer, org: Org
) -> None:
    code = code_from(server.admin("invite", org.name, "--name", "y", "--team", "North"))
    identity = RawIdentity()
    body = {
        "code": code,
        "device": {
            "verify_public": b64(identity.device.verify_public),
            "recipient_public": b64(identity.device.recipient_public),
        },
    }
    reply = _raw(server, "POST", "/v1/enrol", json=body)
    assert reply.status_code == 200 and "sealed_credential" in reply.json()
    _assert_security_headers(reply)
    answers = [
        _raw(server, "GET", "/v1/me"),  # 401 from the auth dependency
        _raw(server, "GET", "/v1/nowhere"),  # 404 from routing
        _raw(server, "POST", "/v1/enrol", json={"code": 5}),  # 422 from validation
        _raw(  # 400 from the gzip middleware, outside the app
            server,
            "POST",
            "/v1/push",
            org["mo"],
            content=b"not gzip",
            headers={**JSON, "content-encoding": "gzip"},
        ),
    ]
    assert [a.status_code for a in answers] == [401, 404, 422, 400]
    for answer in answers:
        _assert_security_headers(answer)


def test_interactive_docs_are_off_and_the_document_stays(server: RunningServer) -> None:
    assert _raw(server, "GET", "/docs").status_code == 404
    assert _raw(server, "GET", "/redoc").status_code == 404
    assert _raw(server, "GET", "/openapi.json").json()["info"]["title"]


def test_strict_transport_security_over_tls(tmp_path: Path) -> None:
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(cafile=str(cert))
    url = f"sqlite:///{tmp_path / 's.db'}"
    with start_server(url, "--tls-cert", str(cert), "--tls-key", str(key), ca=cert) as running:
        response = httpx.get(f"{running.url}/v1/health", verify=context, timeout=10)
    assert response.status_code == 200
    _assert_security_headers(response, tls=True)
    assert int(response.headers["strict-transport-security"].split("=")[1]) >= 31536000


def test_strict_transport_security_behind_a_local_tls_proxy(server: RunningServer) -> None:
    """A proxy on the same machine that says the request came over TLS (as the admin
    guide's nginx and Caddy examples do) gets HSTS on the answer."""
    response = _raw(server, "GET", "/v1/health", headers={"X-Forwarded-Proto": "https"})
    _assert_security_headers(response, tls=True)


def test_a_push_onto_another_organisations_id_reveals_nothing(
    server: RunningServer, org: Org, clean_log: Any
) -> None:
    other = make_org(server)
    theirs = other["sam"].envelope()
    assert other["sam"].client.push([theirs])[0]["status"] == "accepted"
    colleagues = org["meg"].envelope()
    assert org["meg"].client.push([colleagues])[0]["status"] == "accepted"
    mo = org["mo"]
    (onto_theirs,) = mo.client.push([mo.envelope(theirs["id"])])
    (onto_colleagues,) = mo.client.push([mo.envelope(colleagues["id"])])
    assert onto_theirs["status"] == "rejected"
    assert {**onto_theirs, "id": None} == {**onto_colleagues, "id": None}
    assert "organisation" not in json.dumps(onto_theirs)
    assert other["sam"].client.fetch([theirs["id"]])["envelopes"][0]["version"] == 1


def test_only_supervisors_write_reviews_however_the_type_is_spelt(org: Org, clean_log: Any) -> None:
    mo, sue = org["mo"], org.supervisor
    for spelling in ("Review_note", "REVIEW", "review_comment", "review ", "Review"):
        (result,) = mo.client.push([mo.envelope(record_type=spelling)])
        assert (result["status"], result["code"]) == ("rejected", "malformed"), spelling
    (result,) = mo.client.push([mo.envelope(record_type="review")])
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
    (result,) = sue.client.push([sue.envelope(record_type="review", addressed_to=mo.user_id)])
    assert result["status"] == "accepted"
    assert [c["record_type"] for c in sue.client.pull_all()[0]] == []
    assert [c["record_type"] for c in mo.client.pull_all()[0]] == ["review"]


def test_an_admin_invited_before_the_first_supervisor_joins_keeps_a_working_code(
    server: RunningServer, clean_log: Any
) -> None:
    from mentorapp.crypto import OrgKeys

    name = f"Early {secrets.token_hex(3)}"
    first = code_from(server.admin("create-org", name, "--supervisor", "Sue"))
    early = code_from(server.admin("invite", name, "--name", "ann", "--role", "admin"))
    assert "/" not in early  # nothing to pin yet
    with pytest.raises(ServiceError) as err:
        enrol(server, early, "ann")
    assert (err.value.status, err.value.code) == (409, "org-not-ready")
    assert "has not been used" in str(err.value) and "new code" in str(err.value)

    sue = enrol(server, first, "sue")
    keys = OrgKeys.generate()
    sue.client.set_up_org(sue.reply, sue.identity, keys)
    fingerprint = org_fingerprint(keys.signing.verify_key.raw)
    # The same code, now with the fingerprint the laptop checks, was never spent...
    ann = enrol(server, f"{early}/{fingerprint}", "ann")
    assert (ann.reply["role"], ann.reply["org_keys"]["fingerprint"]) == ("admin", fingerprint)
    # ... and the new code the message asks for works too.
    fresh = code_from(server.admin("new-code", ann.user_id))
    assert fresh.endswith(f"/{fingerprint}")
    assert enrol(server, fresh, "ann", complete=False).reply["user_id"] == ann.user_id


def test_the_log_of_this_module_has_no_traceback(server: RunningServer) -> None:
    time.sleep(0.2)  # the server writes its log as it goes
    assert "Traceback" not in _log(server)
