"""CORS for the embeddable Ask box only: the customer endpoints answer the origins in
``cors_origins``; every other path (agent API, webhook, pages) never sends CORS headers.

Starlette's ``CORSMiddleware`` does the work (preflights, ``Vary: Origin``, refusing other
origins); this wrapper only decides which paths it sees.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["PUBLIC_PATHS", "CustomerCORS"]

#: What a partner's page may call: ask, suggest, and vote on an answer.
PUBLIC_PATHS = frozenset({"/api/answer", "/api/suggest", "/api/feedback"})


class CustomerCORS:
    """Pure ASGI: requests to :data:`PUBLIC_PATHS` go through ``CORSMiddleware``, others straight on."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept"],
            allow_credentials=False,  # the widget sends no cookies, and agent sessions never leave kb
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/") in PUBLIC_PATHS:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
