"""The team pages: the audit log (every agent reads it) and the agents' accounts (admins manage them)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from kb.config import Settings
from kb.store import connect
from kb.team import (
    MIN_PASSWORD_CHARS,
    ROLES,
    SHARED_ADMIN,
    Agent,
    AuditEntry,
    add_agent,
    disable_agent,
    list_agents,
    read_audit,
    record,
    reset_token,
    set_password,
)
from search_api.agent.identity import CheckedPost, SignedIn, current_agent, require_role
from search_api.agent.web import AgentRoute, PageError, render
from search_api.deps import get_settings

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter(route_class=AgentRoute)
PAGE_SIZE = 100


def _entries(settings: Settings, agent: str, since: float | None, page: int) -> list[AuditEntry]:
    with connect(settings.database) as db:
        return read_audit(db, agent=agent or None, since=since, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)


@router.get("/audit")
async def audit_page(
    request: Request, _session: SignedIn, agent: str = "", since: str = "", page: str = "1"
) -> Response:
    number = int(page) if page.isdigit() and int(page) >= 1 else 1
    try:
        start = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), dt.UTC).timestamp() if since else None
    except ValueError:
        raise PageError(400, f"{since!r} is not a date: write it as YYYY-MM-DD.", title="Not a date") from None
    entries = await run_in_threadpool(_entries, get_settings(request), agent.strip(), start, number)
    context = {
        "page_title": "Audit log",
        "entries": entries[:PAGE_SIZE],
        "agent_filter": agent.strip(),
        "since": since,
        "page": number,
        "more": len(entries) > PAGE_SIZE,
    }
    return render(request, "audit.html", context)


def _accounts(settings: Settings) -> list[Agent]:
    with connect(settings.database) as db:
        return list(list_agents(db))


@router.get("/agents")
async def agents_page(request: Request, _session: SignedIn) -> Response:
    require_role(request, "admin", "manage agents")
    accounts = await run_in_threadpool(_accounts, get_settings(request))
    return render(request, "agents.html", {"page_title": "Agents", "accounts": accounts, "roles": ROLES, "token": None})


@router.post("/agents")
async def change_agent(request: Request, post: CheckedPost) -> Response:
    """Add an agent, reset a token or disable an account; a new token is shown on this page, once."""
    admin = require_role(request, "admin", "manage agents")
    settings: Settings = get_settings(request)
    action, name = post.form.get("action"), post.form.get("name").strip().lower()

    def change() -> tuple[str, str]:
        with connect(settings.database) as db:
            if action == "add":
                agent, token = add_agent(db, name, post.form.get("role"))
                record(db, admin.name, "token", agent.name, f"account created, role {agent.role}")
                return agent.name, token
            if action == "reset":
                agent, token = reset_token(db, name)
                record(db, admin.name, "token", agent.name, "token reset")
                return agent.name, token
            if action == "disable":
                agent = disable_agent(db, name)
                record(db, admin.name, "token", agent.name, "account disabled")
                return agent.name, ""
        raise PageError(400, "Choose add, reset or disable.")

    who, token = await run_in_threadpool(change)
    accounts = await run_in_threadpool(_accounts, settings)
    context = {"page_title": "Agents", "accounts": accounts, "roles": ROLES, "token": token, "for_agent": who}
    return render(request, "agents.html", context)


def _account_page(request: Request, notice: str = "", error: str = "", status: int = 200) -> Response:
    """The signed-in agent's own account page: set the password they may sign in with."""
    context = {"page_title": "Your account", "shared": current_agent(request) is SHARED_ADMIN,
               "minimum": MIN_PASSWORD_CHARS, "notice": notice, "error": error}  # fmt: skip
    return render(request, "account.html", context, status)


@router.get("/account")
async def account_page(request: Request, _session: SignedIn) -> Response:
    return _account_page(request)


@router.post("/account")
async def set_own_password(request: Request, post: CheckedPost) -> Response:
    agent = current_agent(request)
    settings: Settings = get_settings(request)
    if agent is SHARED_ADMIN:
        raise PageError(403, "The shared agent token has no account to set a password for.", title="No account")
    password = post.form.get("password")
    if password != post.form.get("again"):
        return _account_page(request, error="The two passwords differ.", status=422)

    def change() -> None:
        with connect(settings.database) as db:
            set_password(db, agent.name, password)
            record(db, agent.name, "token", agent.name, "password set by the agent")

    await run_in_threadpool(change)
    return _account_page(request, notice="Your password is set.")
