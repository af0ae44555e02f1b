"""Bearer-token checks for the agent and webhook endpoints; the customer endpoints stay public.

A missing or wrong token is 401 (with ``WWW-Authenticate: Bearer``); an endpoint whose token is not
configured at all is 403, saying which setting turns it on, and so is the webhook token used on an
agent endpoint (it is a real token, just not allowed there). Tokens are compared in constant time.

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
from search_api.clients import client_address
from search_api.deps import get_settings, get_state

__all__ = ["TOKEN_FAILURES", "bearer_token", "require_agent", "require_webhook", "token_matches"]

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


def _require(*names: str) -> Callable[[Request], None]:
    def check(request: Request) -> None:
        settings: Settings = get_settings(request)
        expected = [getattr(settings, name) for name in names]
        if not any(expected):
            setting = names[0]
            raise HTTPException(
                403, f"this endpoint is turned off: set {setting} in [tool.kb] or KB_{setting.upper()} and restart"
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
        if not any(token_matches(given, token) for token in expected):
            if token_matches(given, settings.webhook_token):
                raise HTTPException(403, "the webhook token can only send tickets; use the agent token")
            if failures is not None:
                failures.allow(client)  # one failure taken from this address's bucket
            raise HTTPException(401, "the token is not valid for this endpoint", {"WWW-Authenticate": "Bearer"})

    return check


#: The webhook takes the webhook token (helpdesks) or the agent token (an agent posting by hand).
require_webhook = _require("webhook_token", "agent_token")
require_agent = _require("agent_token")
