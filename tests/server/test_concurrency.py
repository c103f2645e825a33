"""Two server processes on one database with concurrent pushers: a pulling device
never skips a change. (That the server's database holds no record content after a
real sync is tested with real laptops in tests/integration/test_sync.py.)"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.server.conftest import _clients, database, make_org, start_server
from tests.support.device import RawClient


# One scenario: two servers, four pushers, then the checks.
@pytest.mark.parametrize(
    "backend", [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
)
@pytest.mark.slow
def test_cursor_never_skips_with_two_servers_and_concurrent_pushers(  # noqa: PLR0915
    backend: str, tmp_path: Path
) -> None:
    with (
        database(backend, tmp_path) as url,
        start_server(url, "--rate", "0") as one,
        start_server(url, "--rate", "0") as two,
    ):
        org = make_org(one)
        pushers = [org["mo"], org["meg"], org["sam"], org["sid"]]
        # Each pusher gets its own client on alternating servers.
        clients = []
        for n, member in enumerate(pushers):
            client = RawClient((one, two)[n % 2].url, member.client.token)
            _clients.append(client)
            clients.append((member, client))
        reader = RawClient(two.url, org.supervisor.client.token)  # Sue sees the whole org
        _clients.append(reader)
        accepted: set[str] = set()
        lock = threading.Lock()
        stop = threading.Event()
        errors: list[BaseException] = []

        def push_loop(member, client):  # type: ignore[no-untyped-def]
            try:
                for _ in range(15):
                    batch = [member.envelope() for _ in range(20)]
                    results = client.push(batch)
                    with lock:
                        accepted.update(r["id"] for r in results if r["status"] == "accepted")
            except BaseException as exc:
                errors.append(exc)

        seen: set[str] = set()
        cursor: str | None = None

        def pull_loop() -> None:
            nonlocal cursor
            try:
                while not stop.is_set():
                    page = reader.pull(cursor, limit=50)
                    seen.update(c["id"] for c in page["changes"])
                    cursor = page["cursor"]
                    if not page["more"]:
                        time.sleep(0.005)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=push_loop, args=pair) for pair in clients]
        puller = threading.Thread(target=pull_loop)
        puller.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        puller.join()
        assert errors == []
        # Drain what committed after the last poll, from the same cursor.
        rest, _ = reader.pull_all(cursor)
        seen.update(c["id"] for c in rest)
        assert len(accepted) == 4 * 15 * 20
        missing = accepted - seen
        assert not missing, f"{len(missing)} changes skipped by the cursor"
        # Sequence numbers are unique and gap-free per organisation.
        checker = RawClient(one.url, org.supervisor.client.token)
        _clients.append(checker)
        everything, _ = checker.pull_all()
        seqs = [c["seq"] for c in everything]
        assert seqs == list(range(1, len(seqs) + 1))
