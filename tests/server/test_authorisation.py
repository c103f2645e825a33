"""Who may call what: every endpoint for every role, across teams and organisations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mentorapp.core.ids import new_id
from tests.server.conftest import Org, RunningServer, make_org

# (method, path template, body); {user}, {record}, {device} are filled per test.
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("GET", "/v1/me", None),
    ("POST", "/v1/push", {"envelopes": []}),
    ("GET", "/v1/pull", None),
    ("GET", "/v1/summary", None),
    ("GET", "/v1/keys", None),
    ("GET", "/v1/keys/review-key", None),
    ("POST", "/v1/keys/{user}/certificate", {"certificate": "AAAA"}),
    ("POST", "/v1/records/{record}/erase", None),
    (
        "POST",
        "/v1/org/keys",
        {
            "signing_public": "AA==",
            "review_public": "AA==",
            "signature": "AA==",
            "certificate": "AA==",
            "review_sealed": "AA==",
            "review_signature": "AA==",
        },
    ),
    ("GET", "/v1/admin/users", None),
    ("GET", "/v1/admin/devices", None),
    ("POST", "/v1/admin/devices/{device}/revoke", None),
    ("POST", "/v1/enrol/complete", {"device_certificate": "AA=="}),
    ("PUT", "/v1/me/key-backup", {"key_backup": "AA=="}),
    ("POST", "/v1/fetch", {"ids": ["{record}"]}),
    ("GET", "/v1/index", None),
]

# Expected status for each endpoint, by caller. Business errors (400/404/409) mean the
# caller got past authorisation; 401/403 mean it did not.
EXPECTED = {
    "mentor": [200, 200, 200, 200, 200, 403, 403, 200, 403, 403, 403, 403, 400, 204, 200, 200],
    "supervisor": [200, 200, 200, 200, 200, 200, 400, 200, 400, 403, 403, 403, 400, 204, 200, 200],
    "admin": [200, 403, 403, 403, 200, 403, 403, 403, 403, 200, 200, 200, 400, 204, 403, 403],
    "other_org": [200, 200, 200, 200, 200, 403, 403, 404, 403, 403, 403, 403, 400, 204, 200, 200],
    "revoked": [401] * 16,
    "disabled": [403] * 16,
    "anonymous": [401] * 16,
    "forged": [401] * 16,
}


def _call(
    server: RunningServer, token: str | None, method: str, path: str, body: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, server.url + path, json=body, headers=headers, timeout=30)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_endpoint_for_every_role(server: RunningServer, org: Org, role: str) -> None:
    other = make_org(server)
    # A record of mentor Mo's, and a device the admin may revoke (Meg's).
    record_id = new_id()
    assert org["mo"].client.push([org["mo"].envelope(record_id)])[0]["status"] == "accepted"
    fill = {"user": org["mo"].user_id, "record": record_id, "device": org["meg"].device_id}
    if role == "revoked":
        server.admin("revoke-device", org["sam"].device_id)
    if role == "disabled":
        server.admin("disable-user", org["sam"].user_id)
    token = {
        "mentor": org["mo"].client.token,
        "supervisor": org.supervisor.client.token,
        "admin": org["ann"].client.token,
        "other_org": other["mo"].client.token,
        "revoked": org["sam"].client.token,
        "disabled": org["sam"].client.token,
        "anonymous": None,
        "forged": f"{org['mo'].device_id}.{'A' * 43}",
    }[role]
    got = []
    for method, template, body in ENDPOINTS:
        sent = {"ids": [record_id]} if isinstance(body, dict) and "ids" in body else body
        response = _call(server, token, method, template.format(**fill), sent)
        got.append(response.status_code)
        if response.status_code >= 400:
            problem = response.json()
            assert response.headers["content-type"].startswith("application/problem+json")
            assert problem["status"] == response.status_code and problem["code"]
            assert problem["detail"]
    assert got == EXPECTED[role], list(
        zip([e[1] for e in ENDPOINTS], got, EXPECTED[role], strict=True)
    )
    if role == "revoked":
        assert _call(server, token, "GET", "/v1/me", None).json()["code"] == "device-revoked"
    if role == "disabled":
        assert _call(server, token, "GET", "/v1/me", None).json()["code"] == "user-disabled"


def test_health_needs_no_credential(server: RunningServer) -> None:
    body = httpx.get(f"{server.url}/v1/health").json()
    assert body["status"] == "ok" and body["schema_current"] is True


def test_mentors_see_only_their_own_and_supervisors_their_team(org: Org) -> None:
    pushed = {}
    for who in ("mo", "meg", "sam"):
        env = org[who].envelope()
        assert org[who].client.push([env])[0]["status"] == "accepted"
        pushed[who] = env["id"]
    seen = {who: {i for i, _v in org[who].client.index(None, 100)["items"]} for who in pushed}
    assert seen == {who: {pushed[who]} for who in pushed}
    south = {c["id"] for c in org["sid"].client.pull_all()[0]}
    assert south == {pushed["sam"]}
    whole_org = {c["id"] for c in org.supervisor.client.pull_all()[0]}  # Sue has no team
    assert whole_org == set(pushed.values())


def test_review_records_reach_the_mentor_they_are_addressed_to(org: Org) -> None:
    mine = org["mo"].envelope()
    org["mo"].client.push([mine])
    review = org.supervisor.envelope(record_type="review", addressed_to=org["mo"].user_id)
    assert org.supervisor.client.push([review])[0]["status"] == "accepted"
    assert review["id"] in {c["id"] for c in org["mo"].client.pull_all()[0]}
    assert review["id"] not in {c["id"] for c in org["meg"].client.pull_all()[0]}
    forged = org["mo"].envelope(record_type="review")
    result = org["mo"].client.push([forged])[0]
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
    wrong_team = org["sid"].envelope(record_type="review", addressed_to=org["mo"].user_id)
    assert org["sid"].client.push([wrong_team])[0]["status"] == "rejected"


def test_nobody_overwrites_anyone_elses_record(server: RunningServer, org: Org) -> None:
    env = org["mo"].envelope()
    org["mo"].client.push([env])
    takeover = org["meg"].envelope(env["id"], version=2)
    colleague = org["meg"].client.push([takeover])[0]
    assert (colleague["status"], colleague["code"]) == ("rejected", "forbidden")
    other = make_org(server)
    stranger = other["mo"].client.push([other["mo"].envelope(env["id"], version=2)])[0]
    # The same answer as a colleague gets: nothing says the id is another organisation's.
    assert stranger == colleague
    # And Mo's record is untouched.
    (change,) = org.supervisor.client.pull_all()[0]
    assert change["version"] == 1 and change["ciphertext"] == env["ciphertext"]


def test_a_device_cannot_push_as_another_device(org: Org) -> None:
    env = org["mo"].envelope()
    env["author_device"] = org["meg"].device_id
    result = org["mo"].client.push([env])[0]
    assert result["code"] == "forbidden"


def test_admin_reads_no_record_content(org: Org) -> None:
    org["mo"].client.push([org["mo"].envelope()])
    users = org["ann"].client.request("GET", "/v1/admin/users")
    assert {u["name"] for u in users} >= {"mo", "meg", "sam", "Sue"}
    assert all("ciphertext" not in u for u in users)
    for path in ("/v1/pull", "/v1/summary"):
        response = httpx.get(
            org["ann"].client.base_url + path,
            headers={"Authorization": f"Bearer {org['ann'].client.token}"},
        )
        assert response.status_code == 403
