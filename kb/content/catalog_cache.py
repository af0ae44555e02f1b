"""The catalog without reading every article: front matter cached in the data dir, by file version.

A full site build parses every article (seconds at 10,000 articles). Updating a few pages after a
publish needs only each article's title, summary, id and date (for the category and home pages)
and, to know which pages link to a page that appeared or went, each page's links. Those are kept
in ``<data dir>/site-catalog.json`` (a snapshot plus a journal of changes, see
:mod:`kb.store.journal`), keyed by path and file version (mtime, size, inode); only files whose
version changed are parsed again. Full builds write it, so the first publish after one is quick.

The cached articles carry front matter only: no sections, body or problems. Use
:func:`kb.content.catalog.load_catalog` for anything that checks content.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kb.content.article import Article, load_article
from kb.content.catalog import Catalog
from kb.content.catalog import _group as group_categories  # the grouping load_catalog does, not a copy of it
from kb.content.problems import Problem
from kb.content.tree import is_published_path
from kb.store import Change, read_journaled, write_journaled

__all__ = [
    "CACHE_FILE",
    "FileVersion",
    "Sources",
    "cache_path",
    "load_sources",
    "scan_docs",
    "trusted",
]

CACHE_FILE = "site-catalog.json"
_FORMAT = 3  # 2: titles and summaries fall back to the H1 and first sentence (MkDocs pages); 3: GitHub alerts
# Timestamps are coarse (a clock tick): a file written this soon before the scan could change
# again without its version changing, so such versions are not trusted next time.
RACY_SECONDS = 1.0

#: (mtime in ns, size, inode) — atomic writes change the inode even within one clock tick
FileVersion = tuple[int, int, int]


def scan_docs(docs_dir: Path) -> dict[str, FileVersion]:
    """Every file under ``docs_dir`` (POSIX path → version); hidden files and folders are skipped."""
    found: dict[str, FileVersion] = {}
    root = str(docs_dir)
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in filenames:
            if name.startswith("."):
                continue
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found[prefix + name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def trusted(version: FileVersion | None, scanned_ns: int) -> FileVersion | None:
    """``version`` if it can be relied on later, None when it is too recent (see RACY_SECONDS)."""
    if version is None or version[0] > scanned_ns - int(RACY_SECONDS * 1e9):
        return None
    return version


def cache_path(data_dir: Path) -> Path:
    return data_dir / CACHE_FILE


@dataclass(frozen=True)
class Sources:
    """The docs folder as of one scan: file versions, the (front matter only) catalog, page links."""

    docs_dir: Path
    versions: Mapping[str, FileVersion]
    scanned_ns: int
    catalog: Catalog
    #: Markdown path → the docs paths it links to; a path missing here has links kb does not know
    links: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class _Entry:
    version: FileVersion | None
    article: Article | None
    links: frozenset[str] | None


_NOTHING: Mapping[str, Any] = MappingProxyType({})


class _CachedArticle(Article):
    """An article from the cache. Its category is a string split, not pathlib (which costs 40 ms
    per 10,000 articles, and grouping asks twice): cache paths are clean POSIX paths."""

    @property
    def category(self) -> str:
        head, slash, _ = self.path.partition("/")
        return head if slash else ""


def _light(path: str, title: str, summary: str, tags: tuple[str, ...], article_id: str | None, updated: Any) -> Article:
    return _CachedArticle(path, title, summary, tags, article_id, updated, meta=_NOTHING, field_lines=_NOTHING)


def _date(value: dt.date | None) -> list[str] | None:
    if value is None:
        return None
    return ["datetime" if isinstance(value, dt.datetime) else "date", value.isoformat()]


def _undate(value: Any) -> dt.date | None:
    if not value:
        return None
    kind, text = value
    return dt.datetime.fromisoformat(text) if kind == "datetime" else dt.date.fromisoformat(text)


def _dump_entry(entry: _Entry, scanned_ns: int) -> dict[str, Any]:
    version = trusted(entry.version, scanned_ns)
    data: dict[str, Any] = {"v": list(version) if version else None}
    if entry.links is not None:
        data["links"] = sorted(entry.links)
    article = entry.article
    if article is not None:
        data["a"] = [article.title, article.summary, list(article.tags), article.id, _date(article.updated)]
    return data


def _stored_version(data: Mapping[str, Any]) -> FileVersion | None:
    version = data.get("v")
    return (int(version[0]), int(version[1]), int(version[2])) if version else None


def _load_entry(path: str, data: Mapping[str, Any]) -> _Entry:
    links = data.get("links")
    article = None
    if data.get("a") is not None:
        title, summary, tags, article_id, updated = data["a"]
        article = _light(path, title, summary, tuple(tags), article_id, _undate(updated))
    return _Entry(_stored_version(data), article, frozenset(links) if links is not None else None)


def _entry(article: Article | None, version: FileVersion | None) -> _Entry:
    if article is None:
        return _Entry(version, None, None)
    light = _light(article.path, article.title, article.summary, article.tags, article.id, article.updated)
    folder = posixpath.dirname(article.path)
    links = frozenset(posixpath.normpath(posixpath.join(folder, link.target)) for link in article.links if link.target)
    return _Entry(version, light, links)


def _linked_folders(docs_dir: Path, folders: set[str]) -> set[str]:
    """The folders reached through a symlinked folder: MkDocs builds their pages, but the catalog
    (``Path.rglob``) does not list their articles."""
    linked: set[str] = set()
    for folder in folders:
        parts = folder.split("/") if folder else []
        if any(os.path.islink(docs_dir.joinpath(*parts[: n + 1])) for n in range(len(parts))):
            linked.add(folder)
    return linked


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split("/"))  # the order of sorted(Path.rglob()) in load_catalog


def load_sources(
    docs_dir: Path,
    cache_file: Path,
    *,
    versions: Mapping[str, FileVersion] | None = None,
    scanned_ns: int | None = None,
    reread: Collection[str] = (),
    parsed: Mapping[str, Article] | None = None,
) -> Sources:
    """Scan ``docs_dir`` (or take ``versions`` scanned at ``scanned_ns``) and bring the cache up to date.

    ``reread`` paths are parsed again whatever their version; ``parsed`` articles (a full build's
    catalog, read after the scan) are taken as they are.
    """
    if versions is None:
        scanned_ns = time.time_ns()
        versions = scan_docs(docs_dir)
    assert scanned_ns is not None
    header = {"format": _FORMAT, "docs_dir": str(docs_dir.resolve())}
    sections = read_journaled(cache_file, header)
    stored: dict[str, Any] = sections.get("files", {}) if sections else {}
    changes: list[Change] = []
    entries: dict[str, _Entry] = {}
    for path in sorted((p for p in versions if p.endswith(".md")), key=_sort_key):
        version = versions[path]
        data = stored.get(path)
        if parsed is not None and path in parsed:
            entry = _entry(parsed[path], version)
        elif data is None or path in reread or _stored_version(data) != version:
            entry = _entry(load_article(docs_dir, docs_dir / path)[0], version)
        else:
            entries[path] = _load_entry(path, data)
            continue
        entries[path] = entry
        dumped = _dump_entry(entry, scanned_ns)
        if dumped != data:
            stored[path] = dumped
            changes.append(("files", path, dumped))
    for path in [p for p in stored if p not in entries]:
        del stored[path]
        changes.append(("files", path, None))
    if changes or sections is None:
        write_journaled(
            cache_file, header, changes, lambda: {"files": stored}, snapshot=sections is None or parsed is not None
        )
    linked = _linked_folders(docs_dir, {posixpath.dirname(p) for p in entries})
    articles = [
        e.article
        for p, e in entries.items()
        if e.article is not None and is_published_path(p) and posixpath.dirname(p) not in linked
    ]
    left_out = tuple(
        Problem(p, 1, "the article cannot be read", "run kb check")
        for p, e in entries.items()
        if e.article is None and is_published_path(p) and posixpath.dirname(p) not in linked
    )
    problems: list[Problem] = []
    catalog = Catalog(
        docs_dir, tuple(articles), group_categories(docs_dir, articles, problems), tuple(problems), left_out
    )
    links = {path: entry.links for path, entry in entries.items() if entry.links is not None}
    return Sources(docs_dir, versions, scanned_ns, catalog, links)
