"""Sign in with an agent's token (or the shared agent token), or a name and password; sign out.

Both are recorded in the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from kb.config import Settings
from kb.store import connect
from kb.team import SHARED_ADMIN, Agent, agent_for_password, agent_for_token, record_change
from search_api.agent.identity import CheckedPost, current_session
from search_api.agent.session import COOKIE_NAME, SESSION_SECONDS
from search_api.agent.web import (
    AgentRoute,
    Form,
    PageError,
    agent_ui,
    base_path,
    check_origin,
    read_form,
    render,
    secure,
    slow_down,
    ui_enabled,
    ui_secret,
)
from search_api.auth import token_matches
from search_api.clients import client_address
from search_api.deps import get_settings

__all__ = ["router"]

router = APIRouter(route_class=AgentRoute)

TURNED_OFF = (
    "The agent web UI is turned off: add an agent with `kb agents add NAME --role admin`, "
    "or set agent_token in [tool.kb] of pyproject.toml (or KB_AGENT_TOKEN) and restart kb serve."
)


def safe_next(request: Request, target: str) -> str:
    """``target`` when it is a page of this UI (never another site), else the queue."""
    base = base_path(request)
    parts = urlsplit(target)
    local = not parts.scheme and not parts.netloc and "\\" not in target and not target.startswith("//")
    if local and (parts.path == base or parts.path.startswith(base + "/")) and target.isprintable():
        return target
    return base


def _who(settings: Settings, form: Form) -> tuple[Agent | None, str]:
    """The agent a sign-in form names, and how: "token" or "password"."""
    password, name = form.get("password"), form.get("name").strip().lower()
    if password or name:
        with connect(settings.database) as db:
            return agent_for_password(db, name, password), "password"
    token = form.get("token").strip()
    if token_matches(token, settings.agent_token):
        return SHARED_ADMIN, "token"
    with connect(settings.database) as db:
        return agent_for_token(db, token), "token"


def _generation(agent: Agent) -> int:
    return 0 if agent is SHARED_ADMIN else agent.generation


def _client(request: Request) -> str:
    return client_address(request)


@router.get("/sign-in")
async def sign_in_page(
    request: Request, next_page: Annotated[str, Query(alias="next")] = "", signed_out: str = ""
) -> Response:
    if not ui_enabled(request):
        return render(request, "sign_in.html", {"page_title": "Sign in", "turned_off": TURNED_OFF, "next": ""}, 403)
    if current_session(request) is not None:
        return secure(RedirectResponse(safe_next(request, next_page), status_code=303))
    context = {
        "page_title": "Sign in",
        "turned_off": "",
        "next": safe_next(request, next_page),
        "notice": "You are signed out." if signed_out else "",
    }
    return render(request, "sign_in.html", context)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    check_origin(request)
    settings: Settings = get_settings(request)
    if not ui_enabled(request):
        return render(request, "sign_in.html", {"page_title": "Sign in", "turned_off": TURNED_OFF, "next": ""}, 403)
    form = await read_form(request)
    target = safe_next(request, form.get("next"))
    state = agent_ui(request)
    client = _client(request)
    # No await from this check to recording the failure: parallel guesses cannot all slip past it.
    wait = state.throttle.retry_after(client)
    if wait:
        minutes = max(1, round(wait / 60))
        raise PageError(
            429,
            f"Too many wrong tokens from this computer. Try again in about {minutes} minute{'s' * (minutes != 1)}.",
            title="Too many attempts",
            headers={"Retry-After": str(wait)},
        )
    agent, how = _who(settings, form)
    if agent is None:
        state.throttle.failed(client)
        await slow_down(state.throttle.delay)
        error = "That name and password do not match." if how == "password" else "That is not a valid agent token."
        context = {"page_title": "Sign in", "turned_off": "", "next": target, "error": error}
        return render(request, "sign_in.html", context, 401)
    state.throttle.succeeded(client)
    _session, cookie = state.sessions.issue(ui_secret(request), agent=agent.name, generation=_generation(agent))
    record_change(settings, agent.name, "sign-in", base_path(request), f"with {how} from {client}")
    response = secure(RedirectResponse(target, status_code=303))
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        max_age=SESSION_SECONDS,
        path=base_path(request),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request, post: CheckedPost) -> Response:
    agent_ui(request).sessions.sign_out(post.session)
    record_change(get_settings(request), post.session.agent, "sign-out", base_path(request))
    response = secure(RedirectResponse(f"{base_path(request)}/sign-in?signed_out=1", status_code=303))
    response.delete_cookie(
        COOKIE_NAME, path=base_path(request), secure=request.url.scheme == "https", httponly=True, samesite="strict"
    )
    return response
