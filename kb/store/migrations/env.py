"""Alembic's environment for kb: migrations run on the connection kb hands over (``kb db upgrade``),
or on ``KB_DATABASE_URL`` when the ``alembic`` command is run by hand."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()
else:  # pragma: no cover - the alembic CLI, for developers writing a migration
    url = context.config.get_main_option("sqlalchemy.url") or ""
    with create_engine(url).connect() as opened:
        context.configure(connection=opened, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
