"""Agents' accounts: a name, a role, a token shown once, an optional password.

    agent, token = add_agent(db, "wendy-writer", "writer")   # print the token once
    agent_for_token(db, token)                               # → Agent("wendy-writer", "writer", ...)

Roles are cumulative: writers edit drafts and proposals; publishers also publish, reject, apply
and edit live articles; admins also manage agents. Tokens are long and random, so they are stored
as their SHA-256 and found by it; passwords are chosen by people, so they are stored with scrypt
(a salted, memory-hard hash). A reset token or a disabled account bumps the agent's
``generation``, which ends every session signed with the old one.

The shared ``agent_token`` setting of older installs keeps working as the admin :data:`SHARED_ADMIN`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Literal, get_args

from kb.errors import ConflictError, InputError, NotFoundError
from kb.store import Connection

__all__ = [
    "MIN_PASSWORD_CHARS",
    "ROLES",
    "SHARED_ADMIN",
    "Agent",
    "Role",
    "add_agent",
    "agent_for_password",
    "agent_for_token",
    "any_agents",
    "check_role",
    "disable_agent",
    "find_agent",
    "list_agents",
    "reset_token",
    "set_password",
]

Role = Literal["writer", "publisher", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
MIN_PASSWORD_CHARS = 12
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# What a password check costs for a name that has no password, so timing does not tell.
_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


@dataclass(frozen=True)
class Agent:
    """A signed-in agent: who, which role, and the generation their sessions are signed with."""

    name: str
    role: Role
    disabled: bool = False
    generation: int = 1
    created: float = 0.0
    has_password: bool = False

    def can(self, role: Role) -> bool:
        """Whether this agent has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


#: Whoever holds the shared ``agent_token`` of the settings (installs from before accounts).
SHARED_ADMIN = Agent("admin", "admin")


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", f"use one of: {', '.join(ROLES)}")
    return role


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return "kb_" + secrets.token_urlsafe(32)


def _row_agent(row: tuple[object, ...]) -> Agent:
    name, role, disabled, generation, created, password = row
    return Agent(
        str(name), check_role(str(role)), bool(disabled), int(str(generation)), float(str(created)), bool(password)
    )


_COLUMNS = "name, role, disabled, generation, created, password_hash"


def find_agent(db: Connection, name: str) -> Agent | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM agent WHERE name = ?", (name,)).fetchone()
    return _row_agent(tuple(row)) if row else None


def _existing(db: Connection, name: str) -> Agent:
    agent = find_agent(db, name)
    if agent is None:
        raise NotFoundError(f"no agent named {name!r}", "run `kb agents list` to see the agents")
    return agent


def add_agent(db: Connection, name: str, role: str, *, now: float | None = None) -> tuple[Agent, str]:
    """Create an account; returns it and its token (shown once: only its hash is kept)."""
    if not _NAME_RE.fullmatch(name) or name == SHARED_ADMIN.name:
        raise InputError(
            f"{name!r} cannot be an agent's name",
            "use 2 to 40 lower-case letters, digits, dots, dashes or underscores, e.g. wendy-writer "
            "('admin' is the shared agent_token)",
        )
    checked = check_role(role)
    token = _new_token()
    with db.write():
        if find_agent(db, name) is not None:
            raise ConflictError(
                f"there is already an agent named {name!r}", f"use `kb agents reset {name}` for a new token"
            )
        db.execute(
            "INSERT INTO agent (name, role, token_hash, disabled, generation, created) VALUES (?, ?, ?, 0, 1, ?)",
            (name, checked, _token_hash(token), time.time() if now is None else now),
        )
    agent = find_agent(db, name)
    assert agent is not None
    return agent, token


def any_agents(db: Connection) -> bool:
    """Whether any account exists (the agent UI and API are on with accounts alone)."""
    return db.execute("SELECT 1 FROM agent LIMIT 1").fetchone() is not None


def list_agents(db: Connection) -> list[Agent]:
    return [_row_agent(tuple(row)) for row in db.execute(f"SELECT {_COLUMNS} FROM agent ORDER BY name")]


def disable_agent(db: Connection, name: str) -> Agent:
    """Refuse the agent's token, password and sessions from now on."""
    with db.write():
        _existing(db, name)
        db.execute("UPDATE agent SET disabled = 1, generation = generation + 1 WHERE name = ?", (name,))
    return _existing(db, name)


def reset_token(db: Connection, name: str) -> tuple[Agent, str]:
    """A new token for the agent (the old one and its sessions stop working); enables the account."""
    token = _new_token()
    with db.write():
        _existing(db, name)
        db.execute(
            "UPDATE agent SET token_hash = ?, disabled = 0, generation = generation + 1 WHERE name = ?",
            (_token_hash(token), name),
        )
    return _existing(db, name), token


def _hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    encode = base64.urlsafe_b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encode(salt).decode()}${encode(digest).decode()}"


def _password_ok(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.urlsafe_b64decode(digest + "=" * (-len(digest) % 4))
        given = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.urlsafe_b64decode(salt + "=" * (-len(salt) % 4)),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected) or 32,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


def set_password(db: Connection, name: str, password: str) -> Agent:
    """Let the agent sign in with ``password`` as well as the token."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(
            f"the password has {len(password)} characters", f"use at least {MIN_PASSWORD_CHARS} (a passphrase is best)"
        )
    hashed = _hash_password(password)
    with db.write():
        _existing(db, name)
        db.execute("UPDATE agent SET password_hash = ? WHERE name = ?", (hashed, name))
    return _existing(db, name)


def agent_for_token(db: Connection, token: str) -> Agent | None:
    """The enabled agent whose token this is."""
    if not token.startswith("kb_"):
        return None
    row = db.execute(f"SELECT {_COLUMNS} FROM agent WHERE token_hash = ?", (_token_hash(token),)).fetchone()
    agent = _row_agent(tuple(row)) if row else None
    return agent if agent is not None and not agent.disabled else None


def agent_for_password(db: Connection, name: str, password: str) -> Agent | None:
    """The enabled agent with this name and password (as slow for unknown names as for known)."""
    row = db.execute("SELECT password_hash FROM agent WHERE name = ?", (name,)).fetchone()
    stored = str(row[0]) if row and row[0] else _DUMMY_HASH
    if not _password_ok(password, stored) or stored == _DUMMY_HASH:
        return None
    agent = find_agent(db, name)
    return agent if agent is not None and not agent.disabled else None
