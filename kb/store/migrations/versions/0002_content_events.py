"""Content events: what a publish, edit, move or rejection changed, for the other replicas.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

Every replica polls this table and brings its own index and site copy up to date (a replica
that was down catches up from its last seen id). ``origin`` names the replica that did it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("paths", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("content_event_ts", "content_event", ["ts"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("content_event")
