from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from kb.index import SectionIndex
from search_api.deps import get_index
from search_api.models import ErrorResponse, Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": ErrorResponse}})
async def health(index: Annotated[SectionIndex, Depends(get_index)]) -> Health:
    """Service status and the size of the index."""
    index.refresh(wait=False)  # never open a new index on the event loop
    return Health(status="ok", articles=index.articles, sections=index.sections)
