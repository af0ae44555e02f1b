"""Request bodies read with a size limit: refused with 413 before more than the limit is read."""

from __future__ import annotations

from fastapi import Request
from starlette.exceptions import HTTPException

__all__ = ["read_body"]


async def read_body(request: Request, limit: int, what: str, setting: str = "") -> bytes:
    """The body of ``request``; 413 naming ``what`` (and the ``setting`` that sets the limit) once it
    passes ``limit`` bytes, by its Content-Length or while it streams in."""
    where = f" ({setting})" if setting else ""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"{what} is {declared} bytes, over the limit of {limit} bytes{where}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"{what} is over the limit of {limit} bytes{where}")
        chunks.append(chunk)
    return b"".join(chunks)
