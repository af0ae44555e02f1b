"""Bearer-token checks for the agent and webhook endpoints; the customer endpoints stay public.

Each agent has a token of their own (``kb agents add``); the shared ``agent_token`` of older
installs is the admin. A missing or wrong token is 401 (with ``WWW-Authenticate: Bearer``); a
token whose role is too low is 403 saying who may; an endpoint with no token configured at all is
403, saying how to turn it on, and so is the webhook token used on an agent endpoint (it is a real
token, just not allowed there). Tokens are compared in constant time (accounts' by their hash).

Wrong tokens are counted per client address (``search_api.clients``), in the database every worker
shares: after ``TOKEN_FAILURES`` in ten minutes that address gets 429 until its bucket refills
(one more try per minute), whatever token it sends. Other addresses are not affected.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from fastapi import Request
from starlette.exceptions import HTTPException

from kb.config import Settings
from kb.store import connect
from kb.team import SHARED_ADMIN, Agent, Role, agent_for_token, any_agents
from search_api.clients import client_address
from search_api.deps import get_settings, get_state

__all__ = [
    "TOKEN_FAILURES",
    "bearer_token",
    "request_agent",
    "require_agent",
    "require_publisher",
    "require_webhook",
    "reviewer",
    "token_matches",
]

#: Wrong tokens one client address may send in ten minutes before it has to wait.
TOKEN_FAILURES = 10


def bearer_token(request: Request) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, or ""."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_matches(given: str, expected: str) -> bool:
    """Whether ``given`` is the configured ``expected`` token (never when none is configured).

    Both are hashed first: digests have one length, so the comparison's time says nothing about
    the token's length or content (``compare_digest`` on the raw strings leaks the length).
    """
    if not expected:
        return False
    given_digest = hashlib.sha256(given.encode("utf-8")).digest()
    return hmac.compare_digest(given_digest, hashlib.sha256(expected.encode("utf-8")).digest())


def _bearer_agent(settings: Settings, token: str) -> Agent | None:
    """The agent a bearer token belongs to: the shared admin token, or an account's own token."""
    if token_matches(token, settings.agent_token):
        return SHARED_ADMIN
    with connect(settings.database) as db:
        return agent_for_token(db, token)


def _accounts_exist(settings: Settings) -> bool:
    with connect(settings.database) as db:
        return any_agents(db)


def _require(webhook: bool, role: Role | None) -> Callable[[Request], None]:
    def check(request: Request) -> None:
        settings: Settings = get_settings(request)
        if not (settings.agent_token or (webhook and settings.webhook_token) or _accounts_exist(settings)):
            setting = "webhook_token" if webhook else "agent_token"
            raise HTTPException(
                403,
                f"this endpoint is turned off: set {setting} in [tool.kb] or KB_{setting.upper()} and restart, "
                "or add an agent (kb agents add NAME --role ROLE)",
            )
        given = bearer_token(request)
        if not given:
            raise HTTPException(
                401, "send the token as 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
            )
        failures = get_state(request).token_failures
        client = client_address(request)
        wait = failures.retry_after(client) if failures is not None else 0
        if wait:
            raise HTTPException(
                429,
                f"too many wrong tokens from your address: wait {wait} s, then send the right token",
                {"Retry-After": str(wait)},
            )
        if webhook and token_matches(given, settings.webhook_token):
            request.state.kb_agent = Agent("webhook", "writer")
            return
        agent = _bearer_agent(settings, given)
        if agent is None:
            if token_matches(given, settings.webhook_token):
                raise HTTPException(403, "the webhook token can only send tickets; use an agent's token")
            if failures is not None:
                failures.allow(client)  # one failure taken from this address's bucket
            raise HTTPException(401, "the token is not valid for this endpoint", {"WWW-Authenticate": "Bearer"})
        if role is not None and not agent.can(role):
            raise HTTPException(
                403, f"{agent.name} is a {agent.role}: only a {role} or an admin may do this"
            )
        request.state.kb_agent = agent

    return check


def request_agent(request: Request) -> Agent:
    """The agent a checked request came from (after one of the ``require_*`` dependencies)."""
    agent = getattr(request.state, "kb_agent", None)
    return agent if isinstance(agent, Agent) else SHARED_ADMIN


def reviewer(request: Request, given: str | None) -> str:
    """Who reviewed, for an article's ``reviewed_by``: the agent's name, or what the holder of the
    shared agent token says (it is not one person)."""
    agent = request_agent(request)
    if agent is SHARED_ADMIN:
        return " ".join((given or "").split())[:80] or "agent"
    return agent.name


#: The webhook takes the webhook token (helpdesks) or an agent's token (an agent posting by hand).
require_webhook = _require(webhook=True, role=None)
#: Any agent: writers read and edit drafts.
require_agent = _require(webhook=False, role=None)
#: Publishers (and admins): publish, reject, apply, edit live articles.
require_publisher = _require(webhook=False, role="publisher")
