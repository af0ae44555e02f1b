"""The FastAPI app: the API under /api and, optionally, the static site at /."""

from __future__ import annotations

import gc
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kb.config import Settings
from kb.errors import KBError, NotFoundError
from kb.index import SectionIndex
from kb.insight import SearchLog
from search_api import agent
from search_api.access_log import install_access_log_filter
from search_api.auth import TOKEN_FAILURES
from search_api.bodies import BodyLimit
from search_api.cors import CustomerCORS
from search_api.deps import AppState
from search_api.errors import install_error_handlers
from search_api.limits import RateLimiter
from search_api.routes import articles, drafts, feedback, health, search, tickets
from search_api.static_site import CachedStaticFiles

__all__ = ["DraftsForAgentsOnly", "NameTheWorker", "create_app"]

#: The embeddable Ask box, served at /widget.js.
WIDGET = Path(__file__).resolve().parent / "static" / "widget.js"


class DraftsForAgentsOnly:
    """Pure ASGI middleware: ``/_drafts/<name>/`` redirects to the agent UI's editor of that draft."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == "/_drafts" or path.startswith("/_drafts/"):
            parts = [part for part in path.split("/")[2:] if part]
            name = parts[0] if len(parts) == 1 and not parts[0].startswith("_") else ""
            target = f"/agent/drafts/{quote(name, safe='')}" if name else "/agent"
            await RedirectResponse(target, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class NameTheWorker:
    """Pure ASGI middleware adding ``X-KB-Worker`` to every response (no per-request task, unlike
    ``@app.middleware``: cached answers stay as fast as a bare endpoint allows)."""

    def __init__(self, app: ASGIApp, worker: str) -> None:
        self.app = app
        self.header = (b"x-kb-worker", worker.encode("ascii"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_named(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, send_named)


def create_app(
    settings: Settings, site_dir: Path | None = None, index: SectionIndex | None = None, *, warm: bool = False
) -> FastAPI:
    """Build the app. ``site_dir``: serve that built site at ``/``. ``index``: use this handle.
    ``warm``: open the index at start-up, so the first question does not pay for it."""
    install_access_log_filter()  # questions in URLs never reach an access log
    per_minute = settings.queries_per_minute
    state = AppState(
        settings=settings,
        search_log=SearchLog(
            settings.database, settings.redaction_regions, settings.max_logged_searches, settings.redact_patterns
        ),
        index=index,
        query_limiter=RateLimiter(max(10, per_minute // 2), per_minute / 60) if per_minute else None,
        token_failures=RateLimiter.shared(settings.database, "bearer", TOKEN_FAILURES, TOKEN_FAILURES / 600),
    )
    worker = secrets.token_hex(4)  # names this process in X-KB-Worker, without saying anything about it

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            with suppress(KBError):  # no index yet: the API says so per request (503)
                index = await run_in_threadpool(state.open_index)
                await run_in_threadpool(index.suggest, "a")  # builds the titles table for search as you type
            # The index's vocabulary and tables live as long as the process: keep them out of the
            # garbage collector's full passes.
            gc.collect()
            gc.freeze()
        yield
        state.shutdown()
        state.search_log.flush()
        if state.index is not None:
            state.index.close()

    app = FastAPI(
        title="kb search and answer API",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.kb = state
    # Pages, assets and answers compress 3-5x: that is what keeps a customer's first answer small.
    app.add_middleware(GZipMiddleware, minimum_size=500)
    # Outermost: an oversized body is refused before any route or token check touches it.
    app.add_middleware(BodyLimit, limit=lambda: settings.max_body_bytes)
    install_error_handlers(app)
    # Which worker answered: for operators behind a load balancer, and for the tests that check
    # that state holds across workers.
    app.add_middleware(NameTheWorker, worker=worker)
    if settings.cors_origins:  # outermost: a partner page's preflight is answered before routing
        app.add_middleware(CustomerCORS, origins=settings.cors_origins)
    api_modules = (health, search, tickets, feedback, drafts, articles)
    for module in api_modules:
        app.include_router(module.router, prefix="/api")

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    async def unknown_api_path(request: Request, rest: str) -> None:
        # A real endpoint asked with another method is a 405 saying which methods it takes.
        path = request.url.path.removeprefix("/api")
        routes = [route for module in api_modules for route in module.router.routes if isinstance(route, APIRoute)]
        allowed = sorted({method for route in routes if route.path_regex.match(path) for method in route.methods or ()})
        if allowed:
            raise HTTPException(405, f"/api/{rest} takes {', '.join(allowed)}", {"Allow": ", ".join(allowed)})
        raise NotFoundError(f"no API endpoint /api/{rest}", "see /api/docs for the endpoints")

    @app.get("/widget.js", include_in_schema=False)
    async def widget() -> Response:
        """The embeddable Ask box: one <script> tag on a partner's page (see search_api/static/widget.js)."""
        return FileResponse(WIDGET, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})

    app.mount("/agent/static", StaticFiles(directory=agent.STATIC_DIR), name="agent-static")
    app.include_router(agent.router, prefix="/agent")  # the agent web UI (HTML pages)

    if site_dir is not None:

        # Drafts (rejected ones too) are public-to-be, not public: the served site has no draft
        # pages, and a draft's address leads to the agent UI's editor, which asks for sign-in.
        app.add_middleware(DraftsForAgentsOnly)

        app.mount("/", CachedStaticFiles(directory=site_dir, html=True, check_dir=False), name="site")
    return app
