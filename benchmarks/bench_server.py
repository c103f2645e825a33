"""Central service benchmarks on SQLite and PostgreSQL: a real ``mentorapp-server``
process on loopback, bare devices speaking protocol v2, each measure beside its floor
measured in the same run.

Measures, per database:
1. envelopes pushed per second by one device (1 KiB ciphertexts, batches of 200);
2. the same by 50 devices at once;
3. a fresh supervisor device (one that wrote none of them) pulling 10,000 envelopes;
4. p95 of an empty incremental sync (a mentor's pull with its cursor up to date).

The floor is a bare FastAPI app on uvicorn (benchmarks/_floor_db_server.py) that
inserts the same envelopes with SQLAlchemy core into a table of the same shape on the
same kind of database (a fresh one of its own) and reads them back for the pull: no
credentials, no checks, no audit. Every request to it is the same body sent by the
same client. This machine is shared and the same code measured 2-3x apart between
runs, so each run measures app and floor side by side, the runs alternate which goes
first, and the app/floor ratio taken run by run is the figure to compare across days.

    python benchmarks/bench_server.py [--backends sqlite,postgres] [--runs 5]
    python benchmarks/bench_server.py --render /tmp/mentorapp-bench-server.json
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._report import write_section
from benchmarks._services import admin_code, database, process, service
from mentorapp.core.ids import new_id
from mentorapp.crypto import EnvelopeFields, KeyPairs, OrgKeys, sign_envelope
from mentorapp.crypto.directory import (
    certify_device,
    certify_member,
    seal_review_key,
    sign_org_keys,
)
from mentorapp.sync.client import RetryPolicy, ServiceClient, b64

FLOOR_SERVER = Path(__file__).resolve().with_name("_floor_db_server.py")
TIMEOUT = 300.0
ONCE = RetryPolicy(attempts=1)  # a benchmark shows a failure, it does not retry it
BATCH = 200
ONE_BATCHES = 25  # one device: 25 batches of 200
DEVICES = 50
FIFTY_BATCHES = 2  # 50 devices: 2 batches of 200 each
PULL = 10_000
PAGE = 1000
EMPTY_SYNCS = 200

Envelope = dict[str, Any]


# -- processes and databases ---------------------------------------------------------------


def floor_service(url: str) -> contextlib.AbstractContextManager[str]:
    return process([sys.executable, str(FLOOR_SERVER), url], "/health")


def client(base: str, token: str | None = None) -> ServiceClient:
    return ServiceClient(base, token, timeout=TIMEOUT, retry=ONCE)


# -- bare devices (protocol v2, as tests/support/device.py does it) -------------------------


@dataclass
class Device:
    """One enrolled device: its keys, its person's user keys and its connection."""

    client: ServiceClient
    reply: dict[str, Any]
    device: KeyPairs
    user: KeyPairs

    @property
    def device_id(self) -> str:
        return str(self.reply["device_id"])

    def envelopes(self, count: int) -> list[Envelope]:
        """New records, version 1, 1 KiB of ciphertext each, signed by this device."""
        return [self.envelope(new_id(), os.urandom(1024)) for _ in range(count)]

    def envelope(self, record_id: str, ciphertext: bytes) -> Envelope:
        fields = EnvelopeFields(
            record_type="one_to_one",
            record_id=record_id,
            version=1,
            base_version=0,
            deleted=False,
            author_device=self.device_id,
            org_id=self.reply["org_id"],
            owner_id=self.reply["user_id"],
            addressed_to=None,
            wrapped_keys={},
            ciphertext=ciphertext,
        )
        return {
            "format": 2,
            "id": record_id,
            "record_type": "one_to_one",
            "version": 1,
            "base_version": 0,
            "deleted": False,
            "owner_id": self.reply["user_id"],
            "addressed_to": None,
            "author_device": self.device_id,
            "ciphertext": b64(ciphertext),
            "wrapped_keys": {},
            "signature": b64(sign_envelope(self.device.signing, fields)),
        }


def enrol(base: str, code: str, user: KeyPairs | None = None) -> Device:
    """Both steps of joining: spend the code for new device keys, open the sealed
    credential, then send the device certificate signed by the user key (and, from
    the person's first device, their public keys)."""
    device = KeyPairs.generate()
    conn = client(base)
    reply: dict[str, Any] = conn.enrol(code, device.verify_public, device.recipient_public, "")
    sealed = base64.b64decode(reply["sealed_credential"])
    conn.token = device.recipient.open(
        sealed, b"mentorapp-enrol-v1|" + reply["device_id"].encode()
    ).decode()
    first = user is None
    user = user or KeyPairs.generate()
    body: dict[str, Any] = {
        "device_certificate": b64(
            certify_device(
                user.signing,
                reply["org_id"],
                reply["user_id"],
                reply["device_id"],
                device.verify_public,
                device.recipient_public,
            )
        ),
        "key_backup": b64(b'{"format": 1, "opaque": "benchmark"}'),
    }
    if first:
        body["user_keys"] = {
            "recipient_public": b64(user.recipient_public),
            "verify_public": b64(user.verify_public),
        }
    conn.complete_enrolment(body)
    return Device(client=conn, reply=reply, device=device, user=user)


def set_up_org(sup: Device) -> None:
    """The first supervisor's device makes the organisation keys and sends them."""
    org, org_id, user_id = OrgKeys.generate(), sup.reply["org_id"], sup.reply["user_id"]
    certificate = certify_member(
        org.signing,
        org_id,
        user_id,
        sup.reply["user_name"],
        sup.reply["role"],
        sup.user.recipient_public,
        sup.user.verify_public,
    )
    sealed, grant = seal_review_key(
        org.signing, org.review, org_id, user_id, sup.user.recipient.public
    )
    sup.client.set_org_keys(
        {
            "signing_public": b64(org.signing.verify_key.raw),
            "review_public": b64(org.review.public.raw),
            "signature": b64(sign_org_keys(org.signing, org_id, org.review.public.raw)),
            "certificate": b64(certificate),
            "review_sealed": b64(sealed),
            "review_signature": b64(grant),
        }
    )


# -- the two sides: the service and its floor ---------------------------------------------------

Page = dict[str, Any]
Pusher = Callable[[list[Envelope]], list[dict[str, Any]]]
Puller = Callable[[str | None, int], Page]


def app_pusher(device: Device) -> Pusher:
    return lambda batch: device.client.push(batch)["results"]  # type: ignore[no-any-return]


def app_puller(device: Device) -> Puller:
    return device.client.pull


def floor_pusher(conn: ServiceClient) -> Pusher:
    return lambda batch: conn.request("POST", "/push", body={"envelopes": batch})["results"]  # type: ignore[no-any-return]


def floor_puller(conn: ServiceClient) -> Puller:
    def pull(cursor: str | None, limit: int) -> Page:
        page: Page = conn.request("GET", "/pull", params={"after": cursor or 0, "limit": limit})
        return page

    return pull


def push_all(work: list[tuple[Pusher, list[list[Envelope]]]]) -> float:
    """Seconds for every pusher to push its batches, all at once; each result checked."""
    failures: list[str] = []

    def go(push: Pusher, batches: list[list[Envelope]], start: threading.Barrier | None) -> None:
        if start is not None:
            start.wait()
        for batch in batches:
            results = push(batch)
            bad = [r for r in results if r["status"] != "accepted"]
            if bad or len(results) != len(batch):
                failures.append(f"{len(bad)} of {len(batch)} not accepted: {bad[:1]}")

    if len(work) == 1:
        started = time.perf_counter()
        go(*work[0], None)
        elapsed = time.perf_counter() - started
    else:
        start = threading.Barrier(len(work) + 1)
        threads = [threading.Thread(target=go, args=(*w, start)) for w in work]
        for thread in threads:
            thread.start()
        start.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    assert not failures, failures[:3]
    return elapsed


def pull_many(pull: Puller, wanted: int) -> float:
    """Seconds to pull ``wanted`` envelopes from the start, a page of 1,000 at a time."""
    started = time.perf_counter()
    pulled, cursor = 0, None
    while pulled < wanted:
        page = pull(cursor, PAGE)
        assert page["changes"], f"only {pulled} to pull"
        pulled += len(page["changes"])
        cursor = page["cursor"]
    return time.perf_counter() - started


def empty_syncs(pull: Puller, cursor: str | None) -> float:
    """p95 seconds of an incremental pull that finds nothing new."""
    times = []
    for _ in range(EMPTY_SYNCS):
        started = time.perf_counter()
        page = pull(cursor, 500)
        times.append(time.perf_counter() - started)
        assert page["changes"] == [] and not page["more"], page
    return statistics.quantiles(times, n=20)[18]


def up_to_date(pull: Puller) -> str | None:
    """The cursor after pulling everything there is (not timed)."""
    cursor = None
    while True:
        page = pull(cursor, PAGE)
        cursor = page["cursor"]
        if not page["more"]:
            return cursor


# -- one run -------------------------------------------------------------------------------------


MEASURES = ("push_one", "push_fifty", "pull", "empty")


@dataclass
class Run:
    app: dict[str, float] = field(default_factory=dict)  # measure -> seconds
    floor: dict[str, float] = field(default_factory=dict)
    empty_cursor: str = ""  # the mentor's cursor for the empty sync, as the service gave it


def one_run(kind: str, number: int) -> Run:
    run = Run()
    with (
        database(kind) as url,
        database(kind) as floor_url,
        service(url) as base,
        floor_service(floor_url) as floor,
    ):
        sup = enrol(base, admin_code(url, "create-org", "Bench", "--supervisor", "Sue"))
        set_up_org(sup)  # Sue, the first supervisor, sees the whole organisation
        admin_code(url, "add-team", "Bench", "T")
        mentors = [
            enrol(base, admin_code(url, "invite", "Bench", "--name", f"m{n}", "--team", "T"))
            for n in range(DEVICES)
        ]
        # Sue's new laptop: it wrote nothing, so everything is its to pull.
        fresh = enrol(base, admin_code(url, "new-code", sup.reply["user_id"]), user=sup.user)
        floors = [client(floor) for _ in range(DEVICES)]  # one connection per device
        one = [mentors[0].envelopes(BATCH) for _ in range(ONE_BATCHES)]
        fifty = [[m.envelopes(BATCH) for _ in range(FIFTY_BATCHES)] for m in mentors]

        def app(measure: str) -> float:
            if measure == "push_one":
                return push_all([(app_pusher(mentors[0]), one)])
            if measure == "push_fifty":
                return push_all([(app_pusher(m), b) for m, b in zip(mentors, fifty, strict=True)])
            if measure == "pull":
                return pull_many(app_puller(fresh), PULL)
            # A mentor up to date asks for changes (it sees only its own records, and a
            # device is not sent what it wrote itself).
            cursor = up_to_date(app_puller(mentors[1]))
            run.empty_cursor = cursor or ""
            return empty_syncs(app_puller(mentors[1]), cursor)

        def bare(measure: str) -> float:
            if measure == "push_one":
                return push_all([(floor_pusher(floors[0]), one)])
            if measure == "push_fifty":
                return push_all([(floor_pusher(c), b) for c, b in zip(floors, fifty, strict=True)])
            if measure == "pull":
                return pull_many(floor_puller(floors[-1]), PULL)
            return empty_syncs(floor_puller(floors[1]), up_to_date(floor_puller(floors[1])))

        sides: dict[str, Callable[[str], float]] = {"app": app, "floor": bare}
        # Alternate which side goes first, so neither always has the warmer machine.
        order = ["app", "floor"] if number % 2 else ["floor", "app"]
        for measure in MEASURES:
            for side in order:
                seconds = sides[side](measure)
                getattr(run, side)[measure] = seconds
            print(
                f"  {measure}: app {run.app[measure]:.3f} s, floor {run.floor[measure]:.3f} s",
                flush=True,
            )
        for device in (sup, fresh, *mentors):
            device.client.close()
        for conn in floors:
            conn.close()
    return run


# -- the report ----------------------------------------------------------------------------------

ENVELOPES = {
    "push_one": ONE_BATCHES * BATCH,
    "push_fifty": DEVICES * FIFTY_BATCHES * BATCH,
}
LABELS = {
    "push_one": "1. push, one device (1 KiB ciphertexts, batches of 200)",
    "push_fifty": "2. push, 50 devices at once (2 batches of 200 each)",
    "pull": "3. a fresh supervisor device pulls 10,000 (pages of 1,000)",
    "empty": "4. empty incremental sync, p95 of 200",
}


def figure(measure: str, seconds: float) -> float:
    """What the measure reports: envelopes/s for pushes, s for the pull, ms for p95."""
    if measure in ENVELOPES:
        return ENVELOPES[measure] / seconds
    return seconds * 1000 if measure == "empty" else seconds


UNITS = {"push_one": " /s", "push_fifty": " /s", "pull": " s", "empty": " ms"}
DIGITS = {"push_one": 0, "push_fifty": 0, "pull": 2, "empty": 1}


def spread(measure: str, seconds: list[float]) -> str:
    values = [figure(measure, s) for s in seconds]
    d, unit = DIGITS[measure], UNITS[measure]
    return f"{statistics.median(values):,.{d}f}{unit} ({min(values):,.{d}f}-{max(values):,.{d}f})"


def target(kind: str, measure: str, median: float) -> tuple[str, str]:
    """(target, met or missed) of a measure's median figure."""
    if measure in ENVELOPES:
        if kind != "postgres":
            return "-", ""
        return ">= 1,000 /s", "met" if median >= 1000 else "**MISSED**"
    if measure == "pull":
        return "< 5 s", "met" if median < 5 else "**MISSED**"
    return "< 50 ms", "met" if median < 50 else "**MISSED**"


def section(kind: str, runs: list[Run]) -> str:
    rows = []
    for measure in MEASURES:
        app = [r.app[measure] for r in runs]
        floor = [r.floor[measure] for r in runs]
        ratio = statistics.median(r.app[measure] / r.floor[measure] for r in runs)
        goal, mark = target(kind, measure, figure(measure, statistics.median(app)))
        rows.append(
            f"| {LABELS[measure]} | {spread(measure, app)} | {spread(measure, floor)} | "
            f"{ratio:,.1f}x | {goal} | {mark} |"
        )
    return f"""
### {kind}

Median of {len(runs)} runs (min-max); app/floor is the app's time over the floor's,
the median of the runs' own ratios.

| measure | app | floor | app/floor | target | |
|---|---|---|---|---|---|
{chr(10).join(rows)}
"""


def render(results: dict[str, list[Run]], load: tuple[float, float]) -> str:
    return f"""
One `mentorapp-server` process (one uvicorn worker) on 127.0.0.1, a fresh database
each run, and bare protocol-v2 devices in the benchmark process on the same 2-core
machine: each enrols in two steps (the code, then its certificate signed by its
person's user key), signs every envelope (format 2, Ed25519 over the envelope
fields) and sends it gzipped; the service checks every envelope and signature,
assigns sequence numbers under the organisation's row lock and writes an audit
entry per push and per pull. Envelopes carry 1 KiB of ciphertext and no wrapped
keys. Sue, the first supervisor, sees the whole organisation; her new laptop pulls
10,000 of the 25,000 envelopes the mentors pushed. The empty sync is a mentor's
pull with the cursor the service last gave it.

The floor (`benchmarks/_floor_db_server.py`) is a bare FastAPI app on uvicorn, on a
fresh database of the same kind in the same run, that takes the same request
bodies from the same client: it inserts the envelopes with SQLAlchemy core into a
table of the same shape (sequence numbers from a counter row in the same
transaction) and reads them back for the pull, with the service's engine settings
and the same response gzip; no credentials, no checks, no audit. Each measure runs
on both sides back to back, the side that goes first alternating from run to run.

Machine note: this machine is shared, and the same code has measured 2-3x apart
from one run to the next; load average {load[0]:.1f} when this started and
{load[1]:.1f} at the end. Compare the ratios, not the seconds.

Targets (issue 4): push at least 1,000 envelopes/s on PostgreSQL (both push
measures); a 10,000-envelope pull under 5 s; empty sync p95 under 50 ms. Each is
judged on the app's median.
{"".join(section(kind, runs) for kind, runs in results.items())}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--render", type=Path, help="rewrite the section from a saved results file, run nothing"
    )
    args = parser.parse_args()
    if args.render:
        saved = json.loads(args.render.read_text())
        results = {k: [Run(**r) for r in runs] for k, runs in saved["results"].items()}
        load = tuple(saved["load"])
    else:
        results = {}
        started = os.getloadavg()[0]
        for kind in args.backends.split(","):
            results[kind] = []
            for number in range(1, args.runs + 1):
                print(f"== {kind} run {number}", flush=True)
                results[kind].append(one_run(kind, number))
        load = (started, os.getloadavg()[0])
        saved_to = Path(tempfile.gettempdir()) / "mentorapp-bench-server.json"
        saved_to.write_text(
            json.dumps(
                {
                    "load": load,
                    "results": {k: [asdict(r) for r in runs] for k, runs in results.items()},
                }
            )
        )
        print(f"results saved to {saved_to}")
    body = render(results, (load[0], load[1]))
    write_section("Central service (issue 4)", body)
    print(body)


if __name__ == "__main__":
    main()
