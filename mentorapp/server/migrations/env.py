"""Alembic environment for the server schema; runs on the connection handed over."""

from __future__ import annotations

from alembic import context

from mentorapp.server.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table="alembic_version_server",
)
with context.begin_transaction():
    context.run_migrations()
