"""Writing articles in tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WriteArticle = Callable[..., Path]


def article_text(
    title: str = "Export invoices",
    summary: str = "Open Billing and choose Export.",
    body: str = "Lead.\n\n## Steps\n\n1. Open Billing.\n",
    extra: str = "",
) -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\n{extra}---\n# {title}\n\n{body}"
