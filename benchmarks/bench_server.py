"""Central service benchmarks on SQLite and PostgreSQL, this machine, real server process.

Measures: envelopes pushed per second (1 KiB ciphertexts, batches of 200) by one
device and by 50 devices at once; a fresh device pulling 10,000 envelopes; p95
latency of an empty incremental sync.

    python benchmarks/bench_server.py [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._report import write_section
from mentorapp.core.ids import new_id
from mentorapp.server import admin
from mentorapp.sync.client import DeviceIdentity, OrgKeys, ServiceClient, make_envelope

PG = os.environ.get("MENTORAPP_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
SERVER = str(Path(sys.executable).with_name("mentorapp-server"))


def admin_out(url: str, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert admin.main(["--database-url", url, *args]) == 0
    return next(
        (line.strip() for line in out.getvalue().splitlines() if line.startswith("    ")), ""
    )


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        return
    import psycopg

    info = PG.replace("postgresql+psycopg://", "postgresql://")
    name = f"mentorapp_bench_{secrets.token_hex(4)}"
    with psycopg.connect(info, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(info, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def server(url: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            SERVER,
            "--database-url",
            url,
            "--port",
            str(port),
            "--rate",
            "0",
            "--log-level",
            "warning",
        ]
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/v1/health", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Device:
    def __init__(self, base: str, code: str) -> None:
        self.identity = DeviceIdentity()
        self.client = ServiceClient(base, timeout=120)
        self.reply = self.client.enrol(code, self.identity)

    def envelopes(self, count: int) -> list[dict[str, Any]]:
        return [
            make_envelope(
                self.reply["device_id"],
                self.identity.device_signing,
                self.reply["org_id"],
                "one_to_one",
                new_id(),
                1,
                os.urandom(1024),
            )
            for _ in range(count)
        ]


def run(kind: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    with database(kind) as url, server(url) as base:
        sup = Device(base, admin_out(url, "create-org", "Bench", "--supervisor", "Sue"))
        sup.client.set_up_org(sup.reply, sup.identity, OrgKeys())
        admin_out(url, "add-team", "Bench", "T")
        mentors = [
            Device(base, admin_out(url, "invite", "Bench", "--name", f"m{n}", "--team", "T"))
            for n in range(50)
        ]
        # One device, batches of 200.
        batches = [mentors[0].envelopes(200) for _ in range(25)]
        t = time.perf_counter()
        for batch in batches:
            assert all(r["status"] == "accepted" for r in mentors[0].client.push(batch))
        figures["push_one"] = 25 * 200 / (time.perf_counter() - t)

        # 50 devices at once, 2 batches of 200 each.
        work = {m: [m.envelopes(200) for _ in range(2)] for m in mentors}
        start = threading.Barrier(len(mentors) + 1)

        def go(m: Device) -> None:
            start.wait()
            for batch in work[m]:
                assert all(r["status"] == "accepted" for r in m.client.push(batch))

        threads = [threading.Thread(target=go, args=(m,)) for m in mentors]
        for th in threads:
            th.start()
        start.wait()
        t = time.perf_counter()
        for th in threads:
            th.join()
        figures["push_fifty"] = 50 * 2 * 200 / (time.perf_counter() - t)

        # A fresh supervisor device pulls 10,000 envelopes (the team holds 25,000).
        fresh = Device(base, admin_out(url, "new-code", sup.reply["user_id"]))
        t = time.perf_counter()
        pulled = 0
        cursor = None
        while pulled < 10_000:
            page = fresh.client.pull(cursor, limit=1000)
            pulled += len(page["changes"])
            cursor = page["cursor"]
        figures["pull_10k"] = time.perf_counter() - t

        # Empty incremental sync: a mentor up to date asks for changes.
        _, cursor = mentors[1].client.pull_all()
        times = []
        for _ in range(200):
            t = time.perf_counter()
            page = mentors[1].client.pull(cursor)
            times.append(time.perf_counter() - t)
            assert page["changes"] == []
        figures["empty_p95_ms"] = statistics.quantiles(times, n=20)[18] * 1000
        for m in [sup, fresh, *mentors]:
            m.client.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    rows = []
    results = {}
    for kind in args.backends.split(","):
        print(f"== {kind}", flush=True)
        results[kind] = run(kind)
        print(results[kind], flush=True)

    def mark(ok: bool) -> str:
        return "met" if ok else "**MISSED**"

    for kind, f in results.items():
        rows.append(
            f"| {kind} | {f['push_one']:,.0f} /s | {f['push_fifty']:,.0f} /s | "
            f"{f['pull_10k']:.2f} s | {f['empty_p95_ms']:.1f} ms |"
        )
    body = (
        "One uvicorn worker process, the client on the same 2-core machine (it signs and "
        "sends; the server verifies every Ed25519 signature).\n\n"
        "| database | push, one device (1 KiB, batches of 200) | push, 50 devices at once | "
        "fresh device pulls 10,000 | empty incremental sync p95 |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nTargets: push at least 1,000 envelopes/s on PostgreSQL; "
        "10,000-envelope pull under 5 s; empty sync p95 under 50 ms.\n\n"
    )
    verdicts = []
    if "postgres" in results:
        pg = results["postgres"]
        verdicts.append(f"- PostgreSQL push: {mark(min(pg['push_one'], pg['push_fifty']) >= 1000)}")
    for kind, f in results.items():
        verdicts.append(
            f"- {kind} pull of 10,000: {mark(f['pull_10k'] < 5)}; "
            f"empty sync p95: {mark(f['empty_p95_ms'] < 50)}"
        )
    body += "\n".join(verdicts)
    write_section("Central service (issue 4)", body)
    print(body)


if __name__ == "__main__":
    main()
