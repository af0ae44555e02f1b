"""Who is signed in to the agent UI, and which posts it accepts.

A request is signed in by its session cookie (checked against the agent's account, so a reset or
disabled account ends it) or, behind a trusted proxy that signs agents in, by the proxy's header.
Roles decide what an agent may do; every state-changing POST needs the same host, a session and
its CSRF token.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from kb.config import Settings
from kb.store import connect
from kb.team import SHARED_ADMIN, Agent, Role, find_agent
from search_api.agent.session import COOKIE_NAME, AgentSessions, Session
from search_api.agent.web import Form, PageError, agent_ui, base_path, check_origin, read_form, ui_secret
from search_api.clients import from_trusted_proxy
from search_api.deps import get_settings

__all__ = [
    "CheckedPost",
    "Posted",
    "SignedIn",
    "acting_name",
    "current_agent",
    "current_session",
    "posted",
    "proxy_session",
    "require_role",
    "session_agent",
    "signed_in",
]


def current_session(request: Request) -> Session | None:
    """The session of the request's cookie, when it is valid and its agent may still sign in; or,
    behind a trusted proxy that signs agents in itself, the agent its header names."""
    cookie = request.cookies.get(COOKIE_NAME, "")
    session = agent_ui(request).sessions.check(ui_secret(request), cookie) if cookie else None
    agent = session_agent(request, session) if session is not None else None
    if agent is None:
        session, agent = proxy_session(request)
    request.state.kb_agent_session = session
    request.state.kb_agent = agent
    return session


def proxy_session(request: Request) -> tuple[Session | None, Agent | None]:
    """The agent named by ``agent_user_header`` on a request straight from a trusted proxy (which
    authenticated them, e.g. oauth2-proxy's X-Forwarded-User), with a session that lasts the request."""
    settings: Settings = get_settings(request)
    name = request.headers.get(settings.agent_user_header, "").strip().lower() if settings.agent_user_header else ""
    if not name or not from_trusted_proxy(request):
        return None, None
    with connect(settings.database) as db:
        agent = find_agent(db, name)
    if agent is None or agent.disabled:
        return None, None
    # A stable id per agent and generation, so the forms' CSRF tokens stay valid between pages.
    session_id = hashlib.sha256(f"proxy\n{agent.name}\n{agent.generation}".encode()).hexdigest()[:24]
    return Session(session_id, 2**31, agent.name, agent.generation), agent


def session_agent(request: Request, session: Session) -> Agent | None:
    """The agent of ``session``: the shared admin while the agent token is set, else the account,
    if it is enabled and its token was not reset since the session began."""
    settings: Settings = get_settings(request)
    if session.agent == SHARED_ADMIN.name and session.generation == 0:
        return SHARED_ADMIN if settings.agent_token else None
    with connect(settings.database) as db:
        agent = find_agent(db, session.agent)
    if agent is None or agent.disabled or agent.generation != session.generation:
        return None
    return agent


def current_agent(request: Request) -> Agent:
    """The signed-in agent (after :func:`signed_in`)."""
    agent = getattr(request.state, "kb_agent", None)
    if not isinstance(agent, Agent):
        raise PageError(401, "You are not signed in, or your session has ended. Sign in again.", title="Sign in again")
    return agent


def acting_name(request: Request, given: str = "") -> str:
    """Who is acting, for ``reviewed_by`` and the audit log: the signed-in agent's name, or what
    the holder of the shared agent token typed (that token is not one person)."""
    agent = current_agent(request)
    if agent is SHARED_ADMIN:
        return " ".join(given.split())[:80] or "agent"
    return agent.name


def require_role(request: Request, role: Role, doing: str) -> Agent:
    """The signed-in agent, if their role allows ``doing`` (else a 403 page saying who can)."""
    agent = current_agent(request)
    if not agent.can(role):
        raise PageError(
            403,
            f"Your role ({agent.role}) cannot {doing}. Ask a {role} or an admin, or ask an admin for that role.",
            title="Not allowed",
        )
    return agent


def _sign_in_location(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{base_path(request)}/sign-in?next={quote(here, safe='/')}"


def signed_in(request: Request) -> Session:
    """Dependency: the session; a GET without one is redirected to the sign-in page, anything else is 401."""
    session = current_session(request)
    if session is not None:
        return session
    if request.method in ("GET", "HEAD"):
        raise PageError(303, location=_sign_in_location(request))
    raise PageError(401, "You are not signed in, or your session has ended. Sign in again.", title="Sign in again")


SignedIn = Annotated[Session, Depends(signed_in)]


@dataclass(frozen=True)
class Posted:
    """A checked POST: the session that sent it and its form."""

    session: Session
    form: Form


async def posted(request: Request) -> Posted:
    """Dependency for every state-changing POST: same host, signed in, CSRF token of this session."""
    check_origin(request)
    session = signed_in(request)
    form = await read_form(request)
    if not AgentSessions.csrf_ok(ui_secret(request), session, form.get("csrf")):
        raise PageError(
            403, "This form has expired or did not come from this page. Reload the page and try again.",
            title="Form expired",
        )  # fmt: skip
    return Posted(session, form)


CheckedPost = Annotated[Posted, Depends(posted)]
