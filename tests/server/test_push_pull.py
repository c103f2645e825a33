"""Push and pull through a real server: idempotence, conflicts, bad input, tombstones,
erasure, cursors and limits."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from mentorapp.core.ids import new_id
from tests.server.conftest import Org, RunningServer, start_server


def _raw(org: Org, who: str, method: str, path: str, **kw: object) -> httpx.Response:
    client = org[who].client
    return httpx.request(
        method,
        client.base_url + path,
        headers={"Authorization": f"Bearer {client.token}", **kw.pop("headers", {})},  # type: ignore[dict-item]
        timeout=30,
        **kw,
    )  # type: ignore[arg-type]


def test_identical_resend_is_acknowledged_not_duplicated(org: Org) -> None:
    env = org["mo"].envelope()
    first, again = org["mo"].client.push([env]), org["mo"].client.push([env])
    assert first[0]["status"] == "accepted" and again[0]["status"] == "duplicate"
    assert len(org.supervisor.client.pull_all()[0]) == 1


def test_a_different_payload_under_the_same_version_is_a_conflict(org: Org) -> None:
    rid = new_id()
    org["mo"].client.push([org["mo"].envelope(rid, ciphertext=b"first")])
    result = org["mo"].client.push([org["mo"].envelope(rid, ciphertext=b"second")])[0]
    assert result["status"] == "conflict"
    assert base64.b64decode(result["current"]["ciphertext"]) == b"first"
    (change,) = org.supervisor.client.pull_all()[0]
    assert base64.b64decode(change["ciphertext"]) == b"first"


def test_versions_advance_and_stale_bases_conflict(org: Org) -> None:
    rid = new_id()
    mo = org["mo"]
    assert mo.client.push([mo.envelope(rid, 1)])[0]["status"] == "accepted"
    assert mo.client.push([mo.envelope(rid, 2, ciphertext=b"v2")])[0]["status"] == "accepted"
    stale = mo.client.push([mo.envelope(rid, 2, ciphertext=b"other v2", base_version=1)])[0]
    assert stale["status"] == "conflict" and stale["current"]["version"] == 2
    replay = mo.client.push([mo.envelope(rid, 1, ciphertext=b"old")])[0]
    assert replay["status"] == "conflict"  # a version at or below the server's is refused
    skip = mo.client.push([mo.envelope(rid, 4, base_version=3)])[0]
    assert skip["status"] == "conflict"
    assert org.supervisor.client.pull_all()[0][0]["version"] == 2


def test_one_bad_record_never_fails_the_others(org: Org) -> None:
    mo = org["mo"]
    good = mo.envelope()
    forged = mo.envelope()
    forged["signature"] = base64.b64encode(b"\x00" * 64).decode()
    tampered = mo.envelope()
    tampered["ciphertext"] = base64.b64encode(b"changed after signing").decode()
    results = mo.client.push(
        [
            {"id": "not-a-uuid"},
            forged,
            good,
            tampered,
            "a string",
            {**mo.envelope(), "version": 0},
            {**mo.envelope(), "ciphertext": "%%%"},
        ]
    )
    statuses = [(r["status"], r.get("code")) for r in results]
    assert statuses == [
        ("rejected", "malformed"),
        ("rejected", "bad-signature"),
        ("accepted", None),
        ("rejected", "bad-signature"),
        ("rejected", "malformed"),
        ("rejected", "malformed"),
        ("rejected", "malformed"),
    ]
    assert [c["id"] for c in org.supervisor.client.pull_all()[0]] == [good["id"]]


def test_malformed_bodies_get_problem_details(org: Org) -> None:
    cases = [
        (b"{not json", 400, "malformed-json"),
        (b'{"envelopes": "no"}', 422, "invalid-request"),
        (b"[]", 422, "invalid-request"),
    ]
    for body, status, code in cases:
        response = _raw(
            org,
            "mo",
            "POST",
            "/v1/push",
            content=body,
            headers={"content-type": "application/json"},
        )
        assert (response.status_code, response.json()["code"]) == (status, code)
    response = _raw(org, "mo", "GET", "/v1/pull", params={"limit": "lots"})
    assert response.status_code == 422 and "limit" in response.json()["detail"]
    response = _raw(org, "mo", "POST", "/v1/enrol", json={"code": 5})
    assert response.status_code == 422
    assert _raw(org, "mo", "GET", "/v1/nowhere").json()["code"] == "no-such-endpoint"


def test_oversized_batches_and_bodies_are_refused_whole(server: RunningServer, org: Org) -> None:
    mo = org["mo"]
    envs = [mo.envelope() for _ in range(501)]
    response = _raw(org, "mo", "POST", "/v1/push", json={"envelopes": envs})
    assert (response.status_code, response.json()["code"]) == (413, "batch-too-large")
    huge = json.dumps({"envelopes": [mo.envelope(ciphertext=b"x" * 4_000_000)] * 3})
    response = _raw(
        org,
        "mo",
        "POST",
        "/v1/push",
        content=huge.encode(),
        headers={"content-type": "application/json"},
    )
    assert (response.status_code, response.json()["code"]) == (413, "body-too-large")
    too_big = mo.envelope(ciphertext=b"x" * (1024 * 1024 + 1))
    assert mo.client.push([too_big])[0]["code"] == "malformed"
    assert org.supervisor.client.pull_all()[0] == []


def test_tombstones_propagate(org: Org) -> None:
    mo = org["mo"]
    rid = new_id()
    mo.client.push([mo.envelope(rid, 1)])
    _, cursor = org.supervisor.client.pull_all()
    tomb = mo.envelope(rid, 2, ciphertext=b"", deleted=True)
    assert mo.client.push([tomb])[0]["status"] == "accepted"
    changes, _ = org.supervisor.client.pull_all(cursor)
    assert [(c["id"], c["deleted"], c["version"]) for c in changes] == [(rid, True, 2)]


def test_erasure_purges_ciphertext_and_leaves_a_tombstone(server: RunningServer, org: Org) -> None:
    mo = org["mo"]
    rid = new_id()
    mo.client.push([mo.envelope(rid, ciphertext=b"ERASE-ME-MARKER")])
    _, cursor = org.supervisor.client.pull_all()
    result = org.supervisor.client.request("POST", f"/v1/records/{rid}/erase")
    assert result == {"id": rid, "version": 2, "purged": True}
    (change,) = mo.client.pull_all()[0]
    assert change["purged"] and change["ciphertext"] is None and change["wrapped_keys"] == {}
    assert [c["id"] for c in org.supervisor.client.pull_all(cursor)[0]] == [rid]
    rewrite = mo.client.push([mo.envelope(rid, 3, base_version=2)])[0]
    assert rewrite["code"] == "erased"
    # Meg cannot even learn that Mo's records exist.
    response = _raw(org, "meg", "POST", f"/v1/records/{new_id()}/erase")
    assert response.status_code == 404


def test_pull_pages_in_order_and_resumes_from_a_cursor(org: Org) -> None:
    mo = org["mo"]
    ids = [e["id"] for e in (mo.envelope() for _ in range(25)) if True]
    envs = [mo.envelope(i) for i in ids]
    assert all(r["status"] == "accepted" for r in mo.client.push(envs))
    sue = org.supervisor.client  # a device pulls what others wrote
    assert mo.client.pull()["changes"] == []  # ...not its own
    first = sue.pull(limit=10)
    assert len(first["changes"]) == 10 and first["more"]
    rest, cursor = sue.pull_all(first["cursor"], limit=10)
    pulled = [c["id"] for c in first["changes"] + rest]
    assert pulled == ids
    seqs = [c["seq"] for c in first["changes"] + rest]
    assert seqs == sorted(seqs)
    empty = sue.pull(cursor)
    assert empty["changes"] == [] and empty["cursor"] == cursor and not empty["more"]


def test_a_pull_with_nothing_for_the_caller_moves_its_cursor_to_the_end(org: Org) -> None:
    """A mentor is sent little (not its own writes, not others' records), so its cursor
    must still keep up with the organisation: an incremental sync then reads only what
    is new instead of the organisation's whole history every time."""
    mo, meg = org["mo"], org["meg"]
    last = max(r["seq"] for r in mo.client.push([mo.envelope() for _ in range(5)]))
    for who in (mo, meg):
        page = who.client.pull()
        assert page["changes"] == [] and page["cursor"].endswith(f".{last}")
    # Nothing is skipped: what is for Meg after that still reaches her.
    review = org.supervisor.envelope(record_type="review", addressed_to=meg.user_id)
    assert org.supervisor.client.push([review])[0]["status"] == "accepted"
    changes = meg.client.pull(page["cursor"])["changes"]
    assert [c["id"] for c in changes] == [review["id"]]


def test_an_unknown_cursor_asks_for_a_resync(org: Org) -> None:
    for cursor in ("deadbeefdeadbeef.3", "garbage", f"{org['mo'].client.pull()['cursor']}999"):
        response = _raw(org, "mo", "GET", "/v1/pull", params={"cursor": cursor})
        assert (response.status_code, response.json()["code"]) == (409, "resync-required")


def test_summary_matches_what_was_pulled(org: Org) -> None:
    mo = org["mo"]
    mo.client.push([mo.envelope() for _ in range(3)])
    summary = mo.client.request("GET", "/v1/summary")
    changes = [{"id": i, "version": v} for i, v in mo.client.index(None, 100)["items"]]
    import hashlib

    h = hashlib.sha256()
    for c in sorted(changes, key=lambda c: c["id"]):
        h.update(f"{c['id']}:{c['version']}\n".encode())
    assert summary == {"count": 3, "hash": h.hexdigest()}


def test_rate_limit_answers_429_with_retry_after(tmp_path: object) -> None:
    from pathlib import Path

    from tests.server.conftest import make_org

    with start_server(f"sqlite:///{Path(str(tmp_path)) / 'rl.db'}", "--rate", "5") as server:
        org = make_org(server)
        statuses = [_raw(org, "mo", "GET", "/v1/me") for _ in range(25)]
        limited = [r for r in statuses if r.status_code == 429]
        assert limited, [r.status_code for r in statuses]
        assert limited[0].json()["code"] == "rate-limited"
        assert int(limited[0].headers["retry-after"]) >= 1


@pytest.mark.parametrize("path", ["/v1/push", "/v1/pull", "/v1/keys"])
def test_replayed_requests_change_nothing(org: Org, path: str) -> None:
    mo = org["mo"]
    env = mo.envelope()
    mo.client.push([env])
    before = mo.client.request("GET", "/v1/summary")
    for _ in range(3):  # the same request again, as a replaying attacker would send it
        if path == "/v1/push":
            assert mo.client.push([env])[0]["status"] == "duplicate"
        else:
            mo.client.request("GET", path)
    assert mo.client.request("GET", "/v1/summary") == before
