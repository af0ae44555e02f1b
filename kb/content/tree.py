"""The docs tree's rules: which files are articles, where drafts live, and paths given by people.

One place for the rules every part of kb applies to the docs folder: a file or folder whose name
starts with ``_`` or ``.`` is not published (``_drafts/``, ``_category.yml``, ``_permalinks.yml``),
the home page ``index.md`` is not an article, and a path someone types or pastes (a docs path, a
file path, a page URL) is turned into one docs path, confined to the docs folder.
"""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from kb.errors import InputError

__all__ = [
    "DRAFTS_DIR",
    "HOME_PAGE",
    "category_folders",
    "docs_path",
    "drafts_dir",
    "is_hidden",
    "is_published_path",
]

#: The drafts folder inside the docs folder (MkDocs ``draft_docs``: previewed, never built).
DRAFTS_DIR = "_drafts"
#: The home page: in the site, but not an article.
HOME_PAGE = "index.md"


def is_hidden(name: str) -> bool:
    """A file or folder name kb never publishes: ``_drafts``, ``_category.yml``, ``.git``…"""
    return name.startswith(("_", "."))


def is_published_path(path: str) -> bool:
    """Whether the docs path ``path`` (POSIX, relative) is an article: ``*.md``, no hidden part, not the home page."""
    parts = PurePosixPath(path).parts
    return path.endswith(".md") and path != HOME_PAGE and bool(parts) and not any(is_hidden(p) for p in parts)


def drafts_dir(docs_dir: Path) -> Path:
    return docs_dir / DRAFTS_DIR


def category_folders(docs_dir: Path) -> list[str]:
    """The category folders of the docs tree, sorted (what ``kb publish --category`` accepts)."""
    if not docs_dir.is_dir():
        return []
    return sorted(p.name for p in docs_dir.iterdir() if p.is_dir() and not is_hidden(p.name))


def docs_path(docs_dir: Path, given: str) -> str:
    """A clean docs path (``billing/a.md``) from what a person gives.

    Accepted: a path relative to the docs folder, a file path inside it, or the page's URL as the
    site shows it (``/billing/a/``, ``https://help.example.com/billing/a/#steps``); an anchor or
    query is dropped and ``.md`` is added to a path without a suffix. Raises ``InputError`` for a
    path outside the docs folder or a file that is not Markdown.
    """
    text = given.strip()
    if "://" in text:
        text = urlsplit(text).path
    text = text.split("#", 1)[0].split("?", 1)[0].strip()
    path = Path(text)
    # An absolute path to a .md file or into an existing folder is a file path; otherwise a leading
    # / starts a page URL (page URLs never end in .md).
    if path.is_absolute() and path.parent != path and (path.suffix == ".md" or path.parent.exists()):
        try:
            text = path.resolve().relative_to(docs_dir.resolve()).as_posix()
        except ValueError:
            raise InputError(f"{given} is outside the docs folder {docs_dir}", "give a path inside it") from None
    text = text.lstrip("/")
    if text.endswith("/"):
        text = text.rstrip("/") + ".md"
    if text and not PurePosixPath(text).suffix:
        text += ".md"
    rel = posixpath.normpath(text) if text else "."
    if rel.startswith("../") or rel in ("..", "."):
        raise InputError(f"{given} is outside the docs folder", "give a path relative to it, e.g. billing/a.md")
    if not rel.endswith(".md"):
        raise InputError(f"{given} is not a Markdown file", "give the article's .md path, e.g. billing/a.md")
    return rel
