"""A team of agents: accounts and roles, the audit log, the secrets replicas share."""

from __future__ import annotations

from kb.team.accounts import (
    MIN_PASSWORD_CHARS,
    ROLES,
    SHARED_ADMIN,
    Agent,
    Role,
    add_agent,
    agent_for_password,
    agent_for_token,
    any_agents,
    check_role,
    disable_agent,
    find_agent,
    list_agents,
    reset_token,
    set_password,
)
from kb.team.audit import AuditEntry, cli_agent, read_audit, record, record_change
from kb.team.secrets import server_secret

__all__ = [
    "MIN_PASSWORD_CHARS",
    "ROLES",
    "SHARED_ADMIN",
    "Agent",
    "AuditEntry",
    "Role",
    "add_agent",
    "agent_for_password",
    "agent_for_token",
    "any_agents",
    "check_role",
    "cli_agent",
    "disable_agent",
    "find_agent",
    "list_agents",
    "read_audit",
    "record",
    "record_change",
    "reset_token",
    "server_secret",
    "set_password",
]
