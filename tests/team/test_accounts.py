"""Agents' accounts: tokens shown once and kept hashed, roles, passwords, disabling and resets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import ConflictError, InputError, NotFoundError
from kb.store import Connection
from kb.team import (
    SHARED_ADMIN,
    add_agent,
    agent_for_password,
    agent_for_token,
    disable_agent,
    list_agents,
    reset_token,
    set_password,
)


def test_a_token_finds_its_agent_and_is_never_stored(db: Connection) -> None:
    agent, token = add_agent(db, "wendy-writer", "writer")
    assert agent_for_token(db, token) == agent
    assert agent.role == "writer" and not agent.disabled
    stored = [str(value) for row in db.execute("SELECT * FROM agent") for value in row]
    assert all(token not in value and token[3:] not in value for value in stored)
    assert agent_for_token(db, token + "x") is None and agent_for_token(db, "") is None


def test_roles_are_cumulative() -> None:
    from kb.team import Agent

    writer, publisher = Agent("w", "writer"), Agent("p", "publisher")
    assert writer.can("writer") and not writer.can("publisher") and not writer.can("admin")
    assert publisher.can("writer") and publisher.can("publisher") and not publisher.can("admin")
    assert SHARED_ADMIN.can("admin")


def test_names_roles_and_duplicates_are_checked(db: Connection) -> None:
    add_agent(db, "pablo-publisher", "publisher")
    with pytest.raises(ConflictError):
        add_agent(db, "pablo-publisher", "writer")
    with pytest.raises(InputError) as role:
        add_agent(db, "boss", "boss")
    assert "writer, publisher, admin" in role.value.hint
    for bad in ("Pablo", "a", "admin", "x" * 41, "pablo publisher", "../etc"):
        with pytest.raises(InputError):
            add_agent(db, bad, "writer")
    assert [a.name for a in list_agents(db)] == ["pablo-publisher"]


def test_disabling_stops_the_token_and_a_reset_gives_a_new_one(db: Connection) -> None:
    agent, old = add_agent(db, "wendy-writer", "writer")
    disabled = disable_agent(db, "wendy-writer")
    assert disabled.disabled and disabled.generation > agent.generation
    assert agent_for_token(db, old) is None
    again, new = reset_token(db, "wendy-writer")
    assert not again.disabled and again.generation > disabled.generation
    assert agent_for_token(db, new) == again and agent_for_token(db, old) is None
    with pytest.raises(NotFoundError):
        reset_token(db, "nobody")


def test_a_password_signs_in_only_its_agent(db: Connection) -> None:
    add_agent(db, "wendy-writer", "writer")
    with pytest.raises(InputError):
        set_password(db, "wendy-writer", "short")
    set_password(db, "wendy-writer", "correct horse battery staple")
    assert agent_for_password(db, "wendy-writer", "correct horse battery staple") is not None
    assert agent_for_password(db, "wendy-writer", "correct horse battery stapler") is None
    assert agent_for_password(db, "nobody", "correct horse battery staple") is None
    stored = db.execute("SELECT password_hash FROM agent").fetchone()[0]
    assert "staple" not in stored and stored.startswith("scrypt$")
    disable_agent(db, "wendy-writer")
    assert agent_for_password(db, "wendy-writer", "correct horse battery staple") is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(max_size=80))
def test_no_made_up_token_signs_in(db: Connection, token: str) -> None:
    if not list_agents(db):
        add_agent(db, "wendy-writer", "writer")
    assert agent_for_token(db, token) is None
