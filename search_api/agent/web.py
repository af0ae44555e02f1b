"""The web plumbing of the agent UI: templates, security headers, error pages and forms (who is
signed in, and which posts are accepted, is :mod:`search_api.agent.identity`).

Every page is rendered by Jinja2 with autoescaping on and sent with a Content-Security-Policy
that allows only this origin's script and styles, ``Cache-Control: no-store`` (pages carry draft
text and CSRF tokens) and no framing. A POST is accepted only with a valid session, a CSRF token
that matches it, and an Origin (or Referer) on this host when the browser sends one.

Auth and form failures are raised as :class:`PageError`; :class:`AgentRoute` turns them (and any
``KBError``, such as ``NotFoundError``) into HTML pages instead of the API's JSON errors.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
from base64 import b64encode
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.responses import Response

from kb.config import Settings
from kb.errors import KBError
from kb.store import connect
from kb.team import any_agents, server_secret
from search_api.agent.session import AgentSessions, Session, SignInThrottle
from search_api.deps import get_settings
from search_api.errors import status_for

__all__ = [
    "AgentRoute",
    "AgentUI",
    "Form",
    "PageError",
    "agent_ui",
    "base_path",
    "check_origin",
    "read_form",
    "render",
    "same_host",
    "secure",
    "slow_down",
    "style_hashes",
    "ui_enabled",
    "ui_secret",
]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
MAX_FORM_BYTES = 1_000_000
MAX_FORM_FIELDS = 50
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'{style_hashes}; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
ResponseT = TypeVar("ResponseT", bound=Response)
_STYLE_ATTR_RE = re.compile(r'\sstyle="([^"]*)"')


@functools.cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every value is escaped unless it is Markup (the sanitised preview, the SVG)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["pct"] = lambda rate: "n/a" if rate is None else f"{rate:.0%}"
    return environment


@dataclass
class AgentUI:
    """The agent UI's state in one app: sign-outs not yet expired, failed sign-ins, and the
    session-signing secret (read from the database on first use)."""

    sessions: AgentSessions
    throttle: SignInThrottle
    secret: str = ""


def agent_ui(request: Request) -> AgentUI:
    """The app's agent UI state, created on first use (one per app, so tests stay independent)."""
    state = getattr(request.app.state, "kb_agent_ui", None)
    if state is None:
        database = get_settings(request).database
        state = AgentUI(AgentSessions.shared(database), SignInThrottle(database_url=database))
        request.app.state.kb_agent_ui = state
    return state


def ui_secret(request: Request) -> str:
    """What sessions and CSRF tokens are signed with: the shared agent token (rotating it signs
    everyone out) and a random secret every replica reads from the database."""
    state = agent_ui(request)
    if not state.secret:
        settings: Settings = get_settings(request)
        with connect(settings.database) as db:
            state.secret = f"{settings.agent_token}\n{server_secret(db, 'agent-sessions')}"
    return state.secret


def ui_enabled(request: Request) -> bool:
    """Whether anyone can sign in: a shared agent token is set, or agents have accounts."""
    settings: Settings = get_settings(request)
    if settings.agent_token:
        return True
    with connect(settings.database) as db:
        return any_agents(db)


def base_path(request: Request) -> str:
    """Where the UI lives: ``/agent`` under the app's root path."""
    return str(request.scope.get("root_path", "")).rstrip("/") + "/agent"


def style_hashes(markup: str) -> list[str]:
    """CSP hashes allowing exactly the ``style`` attributes in ``markup`` (the server-drawn SVG)."""
    values = dict.fromkeys(_STYLE_ATTR_RE.findall(markup))
    return [f"'sha256-{b64encode(hashlib.sha256(v.encode()).digest()).decode()}'" for v in values]


def secure(response: ResponseT, allowed_styles: list[str] | None = None) -> ResponseT:
    hashes = " 'unsafe-hashes' " + " ".join(allowed_styles) if allowed_styles else ""
    response.headers["Content-Security-Policy"] = _CSP.format(style_hashes=hashes)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
    *,
    allowed_styles: list[str] | None = None,
) -> HTMLResponse:
    """A page from ``templates/agent/<template>``, with the base path and, when signed in, a CSRF token."""
    values: dict[str, Any] = {
        "base": base_path(request), "csrf": "", "signed_in": False, "page_title": "", "agent": None,
    }  # fmt: skip
    session = getattr(request.state, "kb_agent_session", None)
    if isinstance(session, Session):
        values.update(
            signed_in=True,
            csrf=AgentSessions.csrf_token(ui_secret(request), session),
            agent=getattr(request.state, "kb_agent", None),
        )
    values.update(context)
    html = _templates().get_template(f"agent/{template}").render(values)
    response = HTMLResponse(html, status_code=status)
    return secure(response, allowed_styles)


class PageError(Exception):
    """Stop a request with an HTML error page showing ``message``, or with a redirect to ``location``."""

    def __init__(
        self,
        status: int,
        message: str = "",
        *,
        location: str = "",
        title: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message or location)
        self.status = status
        self.message = message
        self.location = location
        self.title = title
        self.headers = dict(headers or {})

    def response(self, request: Request) -> Response:
        if self.location:
            return secure(RedirectResponse(self.location, status_code=self.status))
        context = {"page_title": self.title or "Something went wrong", "message": self.message, "status": self.status}
        page = render(request, "error.html", context, self.status)
        page.headers.update(self.headers)
        return page


class AgentRoute(APIRoute):
    """An agent UI route: PageError and KBError become HTML pages; every answer gets the headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                response = await handler(request)
            except PageError as exc:
                response = exc.response(request)
            except KBError as exc:  # the actions show their refusals on the page; this is the rest
                status = status_for(exc)
                title = "Not found" if status == 404 else ""
                response = PageError(status, str(exc), title=title).response(request)
            if "Content-Security-Policy" not in response.headers:
                secure(response)
            return response

        return run


# --- forms -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """The fields of a urlencoded form (the last value of each name)."""

    fields: Mapping[str, str]

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)


def same_host(request: Request) -> bool:
    """Whether the browser's Origin (or, without one, Referer) names this host; True when it sent neither.

    This host is the Host header or, behind a reverse proxy that rewrites it, X-Forwarded-Host: a
    page on another site can make the browser post a form but cannot set either header.
    """
    hosts = {request.headers.get("host", "").lower()}
    hosts |= {h.strip().lower() for h in request.headers.get("x-forwarded-host", "").split(",")[:1]}
    hosts.discard("")
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is None:
            continue
        return value != "null" and urlsplit(value).netloc.lower() in hosts
    return True


async def read_form(request: Request) -> Form:
    """Parse an ``application/x-www-form-urlencoded`` body (the only kind the UI sends)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise PageError(415, "The form was not sent as a web form; reload the page and try again.")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise PageError(413, f"The form is larger than {MAX_FORM_BYTES:,} bytes.", title="Too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # capped while reading: a missing Content-Length is no way around it
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise PageError(413, f"The form is larger than {MAX_FORM_BYTES:,} bytes.", title="Too large")
        chunks.append(chunk)
    body = b"".join(chunks)
    try:
        parsed = parse_qs(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FORM_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise PageError(400, "The form could not be read; reload the page and try again.") from exc
    return Form({name: values[-1] for name, values in parsed.items()})


def check_origin(request: Request) -> None:
    if not same_host(request):
        raise PageError(403, "This form was sent from another site, so it was refused.", title="Refused")


async def slow_down(seconds: float) -> None:
    if seconds > 0:
        await asyncio.sleep(seconds)
