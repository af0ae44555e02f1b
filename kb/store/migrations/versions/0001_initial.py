"""The operational tables kb kept in SQLite before it had migrations.

Revision ID: 0001
Revises:
Create Date: 2026-12-05

Created only where missing, so a data dir from before migrations is adopted as it is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite: the rowid itself


def upgrade() -> None:
    op.create_table(
        "search_log",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("top_path", sa.Text),
        sa.Column("top_url", sa.Text),
        sa.Column("results", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_index("search_log_ts", "search_log", ["ts"], if_not_exists=True)
    op.create_table(
        "ingested_tickets",
        sa.Column("ticket_id", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.Float, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("draft", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "feedback",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("vote_id", sa.Text, unique=True),
        sa.Column("page", sa.Text),
        sa.Column("query", sa.Text),
        sa.Column("answer_url", sa.Text),
        sa.Column("helpful", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
        if_not_exists=True,
    )
    op.create_index("feedback_ts", "feedback", ["ts"], if_not_exists=True)
    op.create_table(
        "gap_resolution",
        sa.Column("member", sa.Text, nullable=False),
        sa.Column("gap", sa.Text, nullable=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("gap_resolution_member", "gap_resolution", ["member"], if_not_exists=True)
    op.create_table(
        "rate_limit",
        sa.Column("scope", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "ticket_conversation",
        sa.Column("ticket_id", sa.Text, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("customer", sa.Text, nullable=False),
        sa.Column("agent", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "question_tally",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("day", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("query", sa.Text, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_ts", sa.Float, nullable=False),
        sqlite_with_rowid=False,
        if_not_exists=True,
    )
    op.create_index("question_tally_day", "question_tally", ["day"], if_not_exists=True)
    op.create_table(
        "question_group",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("stems", sa.Text, nullable=False),
        sa.Column("head", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
        if_not_exists=True,
    )
    op.create_index("question_group_head", "question_group", ["head"], if_not_exists=True)
    op.create_index("question_group_seq", "question_group", ["seq"], if_not_exists=True)
    op.create_table(
        "group_day",
        sa.Column("head", sa.Text, primary_key=True),
        sa.Column("day", sa.Integer, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_ts", sa.Float, nullable=False),
        sqlite_with_rowid=False,
        if_not_exists=True,
    )
    op.create_table(
        "tally_mark",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("last_id", sa.BigInteger, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "signed_out",
        sa.Column("session", sa.Text, primary_key=True),
        sa.Column("until", sa.Float, nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    for table in (
        "signed_out",
        "tally_mark",
        "group_day",
        "question_group",
        "question_tally",
        "ticket_conversation",
        "rate_limit",
        "gap_resolution",
        "feedback",
        "ingested_tickets",
        "search_log",
    ):
        op.drop_table(table)
