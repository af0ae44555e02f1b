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


#: A billing article with two sections, the index and answer tests' usual page.
EXPORT = article_text(
    title="Export invoices to CSV",
    summary="Open Billing, select the invoices and choose Export as CSV.",
    body=(
        "Invoices can be exported for your accountant.\n\n"
        "## Why the export is empty\n\nThe export is empty when the date filter excludes every invoice.\n\n"
        "## Schedule a monthly export\n\nA scheduled export emails the CSV file on the first day of each month.\n"
    ),
)
