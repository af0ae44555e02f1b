"""The kb exception tree.

Every error kb raises on purpose is a ``KBError``: a message saying what is wrong and a hint
saying what to do about it. The CLI prints ``message — hint`` and exits non-zero; the API maps
each subclass to a status code and the JSON shape ``{"error": {"code", "message"}}``.

    KBError
    ├── ConfigError        settings in pyproject.toml or KB_* variables are invalid
    ├── ContentError       an article, a draft or the docs tree is invalid
    ├── NotFoundError      a named article, draft or ticket does not exist
    ├── ConflictError      the action clashes with the current state (already published, ...)
    ├── InputError         a request or a query is malformed
    ├── IndexMissingError  no search index has been built yet
    └── BuildError         the MkDocs build failed
"""

from __future__ import annotations

__all__ = [
    "BuildError",
    "ConfigError",
    "ConflictError",
    "ContentError",
    "IndexMissingError",
    "InputError",
    "KBError",
    "NotFoundError",
    "StaleEditError",
]


class KBError(Exception):
    """Base class: ``message`` says what is wrong, ``hint`` what to do about it."""

    code = "kb_error"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class ConfigError(KBError):
    code = "config_error"


class ContentError(KBError):
    code = "content_error"


class NotFoundError(KBError):
    code = "not_found"


class ConflictError(KBError):
    code = "conflict"


class StaleEditError(ConflictError):
    """An edit made from a version that has changed since (HTTP 409, with If-Match)."""

    code = "stale_edit"


class InputError(KBError):
    code = "invalid_input"


class IndexMissingError(KBError):
    code = "index_missing"


class BuildError(KBError):
    code = "build_failed"
