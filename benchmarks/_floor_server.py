"""The floor for the sync benchmarks: a bare HTTP endpoint on the same stack as the
service (Starlette under one uvicorn worker) that does no work of its own.

Any method on any path reads the request body and throws it away, then answers
with ``?reply=N`` bytes. Replaying a sync's exchanges against it measures what
moving the same bytes in the same requests costs on this machine, right now.

    python benchmarks/_floor_server.py PORT
"""

from __future__ import annotations

import os
import sys

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

REPLY = os.urandom(16 * 1024 * 1024)


async def sink(request: Request) -> Response:
    async for _ in request.stream():
        pass
    size = min(int(request.query_params.get("reply", "0")), len(REPLY))
    return Response(REPLY[:size], media_type="application/octet-stream")


app = Starlette(
    routes=[Route("/{path:path}", sink, methods=["GET", "POST", "PUT", "DELETE"])],
)

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
        server_header=False,
    )
