"""Versions of published articles, for docs folders that are not in git.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Kept in the database rather than a replica's data dir, so every replica shows the same history
and can roll back to any version, whichever replica made it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_version",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("stamp", sa.Text, primary_key=True),
        sa.Column("agent", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("article_version")
