"""The agent web UI at ``/agent``: sign in with the agent token, work through the review queue and
the content gaps, edit drafts with a live preview, publish, reject or apply, edit published articles
(with their history, diffs and rollback), and read the report.

Server-rendered (Jinja2, autoescaped) over the same kb functions as the CLI and the agent API.
``create_app`` includes :data:`router` at ``/agent`` and serves :data:`STATIC_DIR` at ``/agent/static``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

from search_api.agent import articles, editor, queue, report, sign_in, team
from search_api.agent.web import AgentRoute, PageError

__all__ = ["STATIC_DIR", "router"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "agent"

router = APIRouter(route_class=AgentRoute, include_in_schema=False)
# "/agent" itself (what the docs tell agents to open): a sub-router cannot hold an empty path.
router.add_api_route("", queue.queue, methods=["GET"])
for _module in (sign_in, queue, editor, articles, report, team):
    router.include_router(_module.router)


@router.api_route("/{rest:path}", methods=["GET", "POST"])
async def unknown_page(request: Request, rest: str) -> Response:
    """An HTML 404 for any other /agent/ address (not the site's, not the API's JSON)."""
    raise PageError(404, f"There is no agent page at /agent/{rest}.", title="Not found")
