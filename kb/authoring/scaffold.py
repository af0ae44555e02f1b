"""``kb new``: scaffold a valid article with a slug file name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from kb.content import slug
from kb.errors import ConflictError, InputError
from kb.permalinks import new_article_id, read_manifest
from kb.store import write_text_atomic

__all__ = ["PLACEHOLDER_SUMMARY", "new_article", "slugify_title"]

PLACEHOLDER_SUMMARY = "Replace this with the one-sentence answer to the reader's question."


def slugify_title(title: str) -> str:
    """File-name slug of a title: ``Reset your password!`` → ``reset-your-password``."""
    return slug(title)[:80].strip("-")


def new_article(
    docs_dir: Path, title: str, category: str, summary: str = "", today: dt.date | None = None
) -> Path:
    """Create ``docs/<category>/<slug>.md`` from ``title``; refuse to overwrite."""
    title = " ".join(title.split())
    if not title:
        raise InputError(
            "the title is empty", 'pass a title, e.g. kb new "Reset your password" --category account'
        )
    name = slugify_title(title)
    if not name:
        raise InputError(
            f"the title {title!r} has no letters or digits to name the file", "use a plainer title"
        )
    category_slug = slugify_title(category)
    if not category_slug or category_slug.startswith("_"):
        raise InputError(
            f"invalid category {category!r}", "use a folder name like 'billing' or 'getting-started'"
        )
    path = docs_dir / category_slug / f"{name}.md"
    manifest, _problems = read_manifest(docs_dir)
    front = {
        "title": title,
        "summary": summary.strip() or PLACEHOLDER_SUMMARY,
        "tags": [category_slug],
        "updated": today or dt.date.today(),
        "id": new_article_id(manifest.ids()),  # its short link /s/{id} and its identity across moves
    }
    text = (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
        f"# {title}\n\n"
        "One or two sentences that expand the answer.\n\n"
        "## Steps\n\n1. First step.\n2. Second step.\n\n"
        "## Details\n\nDepth for the expert: why it works, limits, related errors.\n"
    )
    try:
        write_text_atomic(path, text, exclusive=True)
    except FileExistsError as exc:
        raise ConflictError(
            f"{path} already exists", "choose another title or edit the existing article"
        ) from exc
    return path
