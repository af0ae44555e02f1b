"""Secrets the server keeps in its database, so every worker and replica signs alike.

The agent web UI signs its session cookies with a key. With the shared ``agent_token`` only, the
key is derived from that token (rotating it signs everyone out, as before). With accounts, the key
is a random value made once and kept in the database: any replica can check any session.
"""

from __future__ import annotations

import secrets

from kb.store import Connection

__all__ = ["server_secret"]


def server_secret(db: Connection, name: str) -> str:
    """The random secret ``name``, created the first time it is asked for (once, whoever asks first)."""
    with db.write():
        db.execute(
            "INSERT INTO kb_secret (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, secrets.token_urlsafe(48)),
        )
        return str(db.execute("SELECT value FROM kb_secret WHERE name = ?", (name,)).fetchone()[0])
