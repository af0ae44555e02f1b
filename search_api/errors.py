"""One error shape for every failure: ``{"error": {"code", "message"}}``; never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.errors import (
    BuildError,
    ConfigError,
    ConflictError,
    ContentError,
    IndexMissingError,
    InputError,
    KBError,
    NotFoundError,
)

__all__ = ["error_response", "install_error_handlers", "status_for"]

log = logging.getLogger("kb.api")

_STATUS: dict[type[KBError], int] = {
    InputError: 422,
    ContentError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    IndexMissingError: 503,
    ConfigError: 500,
    BuildError: 500,
}
_HTTP_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_input",
    429: "rate_limited",
}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def status_for(exc: KBError) -> int:
    """The HTTP status of a kb error, for the JSON API and the agent UI's pages alike."""
    for cls in type(exc).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(KBError)
    async def kb_error(_request: Request, exc: KBError) -> JSONResponse:
        return error_response(status_for(exc), exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors():
            location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{location}: {error.get('msg', 'invalid')}" if location else str(error.get("msg")))
        return error_response(422, "invalid_input", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("kb: unexpected error", exc_info=exc)
        return error_response(500, "internal_error", "kb hit an unexpected error; it has been logged")
