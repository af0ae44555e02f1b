"""Questions never reach an access log: the query string is cut from uvicorn's access lines.

``kb serve`` writes no access log at all. A plain ``uvicorn 'search_api:create_app' --factory``
does, and its lines would hold every question a customer typed (``/api/answer?q=…``), personal
data included. This filter on the ``uvicorn.access`` logger keeps the line and drops the query.
"""

from __future__ import annotations

import logging

__all__ = ["install_access_log_filter"]


class DropQueryStrings(logging.Filter):
    """Rewrites uvicorn's access record ``(client, method, path?query, version, status)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install_access_log_filter() -> None:
    """Add the filter to ``uvicorn.access`` once per process."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, DropQueryStrings) for existing in logger.filters):
        logger.addFilter(DropQueryStrings())
