"""The floor for the central-service benchmark: a bare FastAPI app under one uvicorn
worker that does the database work of a push and a pull, and nothing else.

``POST /push`` takes the same body as the service's push (gzipped JSON envelopes),
decodes the base64 fields and inserts one row per envelope, with SQLAlchemy core in
one transaction, into a table of the same shape as the service's ``envelopes``
(same columns, primary key and indexes); sequence numbers come from a counter row
updated in the same transaction, as the service's do. ``GET /pull?after=N&limit=M``
reads rows after a sequence number back, oldest first, as the same JSON. No
credentials, no organisations, no signature or shape checks, no audit, no
validation models: what the framework and the database cost for the same rows on
this machine, right now. The database engine is the service's own
(``make_engine``: the same pool and SQLite pragmas) and responses are gzipped by the
same middleware, so the floor moves the same bytes the same way.

    python benchmarks/_floor_db_server.py DATABASE_URL PORT
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import sys
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from starlette.concurrency import run_in_threadpool

from mentorapp.server.db import make_engine

metadata = MetaData()
envelopes = Table(
    "envelopes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("org_id", String(36), nullable=False),
    Column("owner_id", String(36), nullable=False),
    Column("addressed_to", String(36)),
    Column("record_type", String(32), nullable=False),
    Column("format", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("base_version", Integer, nullable=False),
    Column("author_device", String(36), nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("purged", Boolean, nullable=False),
    Column("ciphertext", LargeBinary),
    Column("wrapped_keys", Text),
    Column("signature", LargeBinary),
    Column("digest", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_envelopes_org_seq", "org_id", "seq"),
    Index("ix_envelopes_owner", "owner_id"),
)
counter = Table(
    "counter",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)
ORG = "00000000-0000-7000-8000-000000000000"  # one organisation, as in the benchmark

engine = make_engine(sys.argv[1] if len(sys.argv) > 1 else "sqlite://")
metadata.create_all(engine)
with engine.begin() as conn:
    if conn.execute(select(counter.c.id)).first() is None:
        conn.execute(insert(counter).values(id=1, last_seq=0))

app = FastAPI()
app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)


def store(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "id": e["id"],
            "org_id": ORG,
            "owner_id": e["owner_id"],
            "addressed_to": e.get("addressed_to"),
            "record_type": e["record_type"],
            "format": e["format"],
            "version": e["version"],
            "base_version": e["base_version"],
            "author_device": e["author_device"],
            "deleted": e["deleted"],
            "purged": False,
            "ciphertext": base64.b64decode(e["ciphertext"]) or None,
            "wrapped_keys": json.dumps(e["wrapped_keys"], sort_keys=True),
            "signature": base64.b64decode(e["signature"]),
            "digest": "0" * 64,
            "received_at": now,
        }
        for e in items
    ]
    with engine.begin() as conn:
        last = conn.execute(
            update(counter)
            .where(counter.c.id == 1)
            .values(last_seq=counter.c.last_seq + len(rows))
            .returning(counter.c.last_seq)
        ).scalar_one()
        for n, row in enumerate(rows, start=last - len(rows) + 1):
            row["seq"] = n
        conn.execute(insert(envelopes), rows)
    return [
        {"id": r["id"], "status": "accepted", "version": r["version"], "seq": r["seq"]}
        for r in rows
    ]


@app.post("/push")
async def push(request: Request) -> JSONResponse:
    body = await request.body()
    if request.headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    results = await run_in_threadpool(store, json.loads(body)["envelopes"])
    return JSONResponse({"results": results})


@app.get("/pull")
def pull(after: int = 0, limit: int = 500) -> JSONResponse:
    with engine.connect() as conn:
        rows = conn.execute(
            select(envelopes)
            .where(envelopes.c.org_id == ORG, envelopes.c.seq > after)
            .order_by(envelopes.c.seq)
            .limit(limit + 1)
        ).all()
    changes = [
        {
            "format": r.format,
            "id": r.id,
            "record_type": r.record_type,
            "version": r.version,
            "base_version": r.base_version,
            "deleted": r.deleted,
            "purged": r.purged,
            "owner_id": r.owner_id,
            "addressed_to": r.addressed_to,
            "author_device": r.author_device,
            "ciphertext": base64.b64encode(r.ciphertext).decode() if r.ciphertext else None,
            "wrapped_keys": json.loads(r.wrapped_keys) if r.wrapped_keys else {},
            "signature": base64.b64encode(r.signature).decode() if r.signature else None,
            "seq": r.seq,
            "received_at": r.received_at.isoformat(),
        }
        for r in rows[:limit]
    ]
    cursor = changes[-1]["seq"] if changes else after
    return JSONResponse({"changes": changes, "cursor": str(cursor), "more": len(rows) > limit})


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[2]),
        log_level="warning",
        access_log=False,
        server_header=False,
    )
