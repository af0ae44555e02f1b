"""What the agent API's routers share: the router (any agent's token; 401/403 documented), the
settings dependency, the If-Match header and the documented error answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header

from kb.config import Settings
from search_api.auth import require_agent
from search_api.deps import get_settings
from search_api.models import ErrorResponse

__all__ = ["ERRORS", "IfMatch", "SettingsDep", "agent_router"]

SettingsDep = Annotated[Settings, Depends(get_settings)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=400,
        description="the ETag of the version you read; one that changed since gets 409, not overwritten",
    ),
]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse},
    409: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


def agent_router() -> APIRouter:
    """A router of agent endpoints: every route needs an agent's token (or the shared one)."""
    return APIRouter(
        tags=["agent"],
        dependencies=[Depends(require_agent)],
        responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
    )
