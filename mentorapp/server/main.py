"""``mentorapp-server``: run the central service, or manage its schema.

mentorapp-server [--database-url URL] [--host 127.0.0.1] [--port 8765]
                 [--tls-cert FILE --tls-key FILE] [--log-level info]
mentorapp-server migrate [--database-url URL]
mentorapp-server check [--database-url URL]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from mentorapp.server.db import (
    URL_ENV,
    current_revision,
    default_database_url,
    head_revision,
    is_empty,
    make_engine,
    migrate,
)

DEFAULT_PORT = 8765


def database_url(explicit: str | None) -> str:
    return explicit or os.environ.get(URL_ENV) or default_database_url()


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentorapp-server", allow_abbrev=False, description="The mentorapp central service."
    )
    parser.add_argument(
        "--database-url",
        help=f"SQLAlchemy URL (default: ${URL_ENV}, else "
        "an SQLite file in the platform data folder); for production "
        "postgresql+psycopg://user@host/db",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--tls-cert", help="PEM certificate (serve HTTPS directly)")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    parser.add_argument("--max-batch", type=int, default=500)
    parser.add_argument("--max-body-mib", type=float, default=8.0)
    parser.add_argument(
        "--rate", type=float, default=50.0, help="requests per second per device (0: no limit)"
    )
    parser.add_argument(
        "--failed-attempts",
        type=float,
        default=10.0,
        help="wrong enrolment codes or credentials allowed per minute from one address "
        "(and against one device) before 429 (0: no limit)",
    )
    parser.add_argument(
        "command", nargs="?", choices=["serve", "migrate", "check"], default="serve"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = database_url(args.database_url)
    try:
        engine = make_engine(url)
        revision = current_revision(engine)
    except (OperationalError, ImportError) as exc:
        print(f"mentorapp-server: cannot open the database {_redact(url)}: {exc}", file=sys.stderr)
        return 2
    head = head_revision()
    if args.command == "migrate":
        migrate(engine)
        print(f"Database schema is at {head} ({_redact(url)}).")
        return 0
    if args.command == "check":
        print(f"schema {revision or 'empty'}, expected {head}")
        return 0 if revision == head else 1
    if revision != head:
        if revision is None and is_empty(engine):
            migrate(engine)  # first start on a new, empty database
        else:
            print(
                f"mentorapp-server: the database schema is at {revision}, this version needs "
                f"{head}. Back up the database, then run 'mentorapp-server migrate'.",
                file=sys.stderr,
            )
            return 2
    if bool(args.tls_cert) != bool(args.tls_key):
        print("mentorapp-server: give both --tls-cert and --tls-key", file=sys.stderr)
        return 2

    # Imported here so 'migrate' and 'check' start quickly.
    import uvicorn  # noqa: PLC0415

    from mentorapp.server.api import Settings, create_app  # noqa: PLC0415

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings(
        max_body_bytes=int(args.max_body_mib * 1024 * 1024),
        max_batch=args.max_batch,
        rate_per_second=args.rate,
        rate_burst=max(1, int(args.rate * 2)),
        failed_attempts_per_minute=args.failed_attempts,
    )
    app = create_app(engine, settings)
    scheme = "https" if args.tls_cert else "http"
    print(
        f"mentorapp-server on {scheme}://{args.host}:{args.port} using {_redact(url)}", flush=True
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        access_log=args.log_level == "debug",
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
