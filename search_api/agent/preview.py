"""The editor's live preview: a draft's Markdown rendered as the site renders it, then sanitised.

The Markdown extensions are the site's own (``kb.site.render_markdown`` reads the site's MkDocs
config), and the result goes through the site's sanitiser before anyone sees it.
"""

from __future__ import annotations

from html import escape

from kb.config import Settings
from kb.drafting import MAX_DRAFT_CHARS
from kb.errors import InputError
from kb.site import render_markdown

__all__ = ["preview_html"]


def preview_html(settings: Settings, title: str, summary: str, body: str) -> str:
    """The page as customers will see it: the title, the quick answer, then the body (safe HTML)."""
    if len(body) > MAX_DRAFT_CHARS:
        raise InputError(f"the body is {len(body):,} characters, over {MAX_DRAFT_CHARS:,}", "shorten the draft")
    rendered = render_markdown(settings, body)
    head = f"<h1>{escape(' '.join(title.split()))}</h1>\n"
    if summary.strip():
        head += f'<p class="kb-summary">{escape(" ".join(summary.split()))}</p>\n'
    return head + rendered
