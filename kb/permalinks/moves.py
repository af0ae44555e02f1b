"""Renaming without breaking links: ``kb move``, ``kb redirect-anchor`` and ``kb redirect-page``.

Each one changes the docs and records the redirect in the permalink manifest, so every address
that was ever published keeps leading to the same content.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kb.content import (
    Article,
    docs_path,
    is_hidden,
    iter_article_files,
    load_article,
    load_catalog,
    parse_article,
    resolve_link,
    split_front_matter,
)
from kb.errors import ConflictError, ContentError, InputError, NotFoundError
from kb.permalinks.contract import (
    SHORT_LINK_FOLDER,
    add_anchor_redirect,
    add_page_redirect,
    load_manifest,
    manifest_lock,
    page_url,
    record_articles,
    save_manifest,
)
from kb.store import write_text_atomic

__all__ = ["MoveResult", "load_published", "move_article", "redirect_anchor", "redirect_page"]


@dataclass(frozen=True)
class MoveResult:
    old_path: str
    new_path: str
    old_url: str
    new_url: str
    #: (path, line) of links in other articles that still point at the old file
    stale_links: tuple[tuple[str, int], ...] = ()


def load_published(docs_dir: Path, given: str) -> Article:
    """The published (not draft) article at ``given``, parsed; clear errors otherwise."""
    rel = docs_path(docs_dir, given)
    file = docs_dir / rel
    if not file.is_file():
        hint = "paths are relative to the docs folder, e.g. billing/a.md"
        prefix = f"{docs_dir.name}/"
        if rel.startswith(prefix) and (docs_dir / rel[len(prefix) :]).is_file():
            hint = f"paths are relative to the docs folder: use {rel[len(prefix) :]}"
        raise NotFoundError(f"{rel}: no such article in {docs_dir}", hint)
    if file not in set(iter_article_files(docs_dir)):
        raise InputError(f"{rel} is not a published article", "drafts and _ files have no permanent address")
    article, problems = load_article(docs_dir, file)
    if article is None:
        raise ContentError(f"{problems[0]}", "fix it first (see kb check)")
    return article


def _check_new_path(docs_dir: Path, rel: str) -> None:
    parts = PurePosixPath(rel).parts
    if any(is_hidden(part) for part in parts):
        raise InputError(
            f"{rel}: articles cannot move into drafts or a folder or file starting with '_' or '.'",
            "choose a path like billing/new-name.md",
        )
    if len(parts) < 2:
        raise InputError(f"{rel}: articles live in a category folder", f"use <category>/{rel}")
    if parts[-1] == "index.md":
        raise InputError(f"{rel}: index.md is reserved for category pages", "choose another file name")
    if parts[0] == SHORT_LINK_FOLDER:
        raise InputError(f"{rel}: the folder '{SHORT_LINK_FOLDER}/' is reserved for short links", "choose another")
    if (docs_dir / rel).exists():
        raise ConflictError(f"{rel} already exists", "choose another path, or move that article first")


_CODE_SPAN_RE = re.compile(r"((`+).+?\2)")
_LINK_TARGET_RE = r"(\]\(\s*<?|^ {{0,3}}\[[^\]]+\]:\s*<?){target}(?=[#?)>\s]|$)"


def _rebase_links(article: Article, text: str, new_rel: str) -> str:
    """Rewrite the article's relative links to other articles so they still work from ``new_rel``."""
    old_dir, new_dir = posixpath.dirname(article.path), posixpath.dirname(new_rel)
    if old_dir == new_dir:
        return text
    _fm, body, offset = split_front_matter(text.lstrip("\ufeff"))  # link lines count from ``offset``
    head, lines = text[: len(text) - len(body)], body.split("\n")
    for link in article.links:
        if not link.target:
            continue
        target = posixpath.normpath(posixpath.join(old_dir, link.target))
        rebased = posixpath.relpath(target, new_dir or ".")
        index = link.line - offset
        if 0 <= index < len(lines) and rebased != link.target:
            pattern = re.compile(_LINK_TARGET_RE.format(target=re.escape(link.target)))
            replacement = "\\g<1>" + rebased.replace("\\", "\\\\")
            # code spans are left alone: split them out, rewrite the parts between them
            parts = _CODE_SPAN_RE.split(lines[index])
            lines[index] = "".join(
                pattern.sub(replacement, part) if number % 3 == 0 else part
                for number, part in enumerate(parts)
                if number % 3 != 2  # the backticks group, already inside the span
            )
    return head + "\n".join(lines)


def move_article(docs_dir: Path, old: str, new: str) -> MoveResult:
    """Move a published article to ``new`` and redirect its old URL there.

    The id and anchors stay; the article's own relative links are rebased; the redirect is
    recorded in the manifest (chained: A→B then B→C makes A→C). Refuses to overwrite anything.
    """
    article = load_published(docs_dir, old)
    new_rel = docs_path(docs_dir, new)
    if new_rel == article.path:
        raise InputError(f"{new_rel} is where the article already is", "give a different new path")
    _check_new_path(docs_dir, new_rel)
    old_file, new_file = docs_dir / article.path, docs_dir / new_rel
    text = old_file.read_bytes().decode("utf-8")
    moved_text = _rebase_links(article, text, new_rel)
    moved, _problems = parse_article(new_rel, moved_text)
    if moved is None or moved.anchors != article.anchors:  # pragma: no cover - rebasing only touches links
        raise ContentError(f"moving {article.path} would change its anchors", "move it by hand and report a bug")
    old_url, new_url = page_url(article.path), page_url(new_rel)
    with manifest_lock(docs_dir):
        manifest = load_manifest(docs_dir)
        record_articles(manifest, [article])  # its current URL and anchors, even if never built yet
        try:
            write_text_atomic(new_file, moved_text, exclusive=True)
        except FileExistsError:
            raise ConflictError(f"{new_rel} already exists", "choose another path") from None
        os.chmod(new_file, old_file.stat().st_mode & 0o7777)
        add_page_redirect(manifest, old_url, new_url)
        try:
            save_manifest(docs_dir, manifest)
        except BaseException:
            new_file.unlink()  # no manifest, no move: the old file is still in place
            raise
    old_file.unlink()
    for folder in old_file.parents:
        if folder == docs_dir or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()  # an emptied category folder would otherwise linger
    return MoveResult(article.path, new_rel, old_url, new_url, _links_to(docs_dir, article.path))


def _links_to(docs_dir: Path, path: str) -> tuple[tuple[str, int], ...]:
    catalog = load_catalog(docs_dir)
    found = [
        (article.path, link.line)
        for article in catalog.articles
        for link in article.links
        if link.target and resolve_link(article.path, link.target) == path
    ]
    return tuple(sorted(found))


def redirect_anchor(docs_dir: Path, page: str, old: str, new: str) -> str:
    """Send links to ``page#old`` to ``page#new`` (a heading was renamed). Returns the page URL."""
    article = load_published(docs_dir, page)
    old, new = old.lstrip("#"), new.lstrip("#")
    if new not in article.anchors:
        choices = ", ".join(sorted(article.anchors)) or "none"
        raise InputError(f"{article.path} has no anchor '#{new}'", f"use one of its anchors: {choices}")
    if old in article.anchors:
        raise InputError(
            f"{article.path} still has the anchor '#{old}', so links to it already work",
            "rename the heading first, then redirect its old anchor",
        )
    url = page_url(article.path)
    with manifest_lock(docs_dir):
        manifest = load_manifest(docs_dir)
        add_anchor_redirect(manifest, url, old, new)
        save_manifest(docs_dir, manifest)
    return url


def redirect_page(docs_dir: Path, old: str, new: str) -> tuple[str, str]:
    """Send the address of a deleted article (a path or a URL) to an existing article."""
    target = load_published(docs_dir, new)
    old_rel = docs_path(docs_dir, old)  # a path or the page's URL; never outside the docs folder
    if (docs_dir / old_rel).exists():
        raise InputError(f"{old_rel} still exists", f"to rename it, use: kb move {old_rel} {target.path}")
    old_url, new_url = page_url(old_rel), page_url(target.path)
    with manifest_lock(docs_dir):
        manifest = load_manifest(docs_dir)
        add_page_redirect(manifest, old_url, new_url, same_article=False)
        save_manifest(docs_dir, manifest)
    return old_url, new_url
