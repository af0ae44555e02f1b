"""Agents' accounts, the audit log, and the server secret replicas share.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per agent: the token is stored as its SHA-256 (tokens are long and random), the
    # password as scrypt; generation goes up when the token is reset or the agent disabled, which
    # ends every session signed with the old one.
    op.create_table(
        "agent",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text),
        sa.Column("disabled", sa.Integer, nullable=False, server_default="0"),
        sa.Column("generation", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("agent", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("audit_log_ts", "audit_log", ["ts"], if_not_exists=True)
    op.create_index("audit_log_agent", "audit_log", ["agent", "ts"], if_not_exists=True)
    op.create_table(
        "kb_secret",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("kb_secret")
    op.drop_table("audit_log")
    op.drop_table("agent")
