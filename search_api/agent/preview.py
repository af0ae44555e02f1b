"""The editor's live preview: a draft's Markdown rendered as the site renders it, then sanitised.

The extensions are the ones kb's mkdocs.yml uses for articles. Raw HTML in a draft passes through
Markdown untouched, so the result goes through the site's own sanitiser before anyone sees it.
"""

from __future__ import annotations

from html import escape
from typing import Any

import markdown

from kb.drafting import MAX_DRAFT_CHARS
from kb.errors import InputError
from kb.site import sanitize_html

__all__ = ["preview_html"]

_EXTENSIONS = [
    "toc",
    "attr_list",
    "admonition",
    "tables",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
]
_CONFIG: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "pymdownx.highlight": {"anchor_linenums": False},
}


def preview_html(title: str, summary: str, body: str) -> str:
    """The page as customers will see it: the title, the quick answer, then the body (safe HTML)."""
    if len(body) > MAX_DRAFT_CHARS:
        raise InputError(f"the body is {len(body):,} characters, over {MAX_DRAFT_CHARS:,}", "shorten the draft")
    rendered = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_CONFIG).convert(body)
    head = f"<h1>{escape(' '.join(title.split()))}</h1>\n"
    if summary.strip():
        head += f'<p class="kb-summary">{escape(" ".join(summary.split()))}</p>\n'
    return head + sanitize_html(rendered)
