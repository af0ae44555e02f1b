"""Related articles: at most five per article, chosen at build time from the catalog.

Two articles are related by the tags they share, a rare tag counting more than a common one, with
a small bonus for the same category and for words shared by their titles. Ties go to the title,
then the path, so the choice is the same on every build (a partial site update compares it with
the last build's to know which pages to render again). A tag's weight depends on its own size
only, so a publish recomputes just the articles sharing a tag with what changed (``cache``).

The work is bounded whatever the size of the docs: an article's candidates come from its rarest
tags first, and at most :data:`MAX_CANDIDATES` are scored.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from kb.content import Article, article_url
from kb.store import write_text_atomic

__all__ = ["MAX_CANDIDATES", "MAX_RELATED", "Related", "related_articles"]

MAX_RELATED = 5
MAX_CANDIDATES = 20
_CACHE_VERSION = 1
_WORD = re.compile(r"[a-z0-9]{3,}")
_STOP = frozenset(
    ["the", "and", "for", "how", "you", "your", "with", "from", "what", "why", "can", "not", "are", "does", "this"]
)


@dataclass(frozen=True)
class Related:
    """One related article as the page links to it (plain text; the template escapes it)."""

    title: str
    url: str
    path: str


def _words(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.lower()) if w not in _STOP)


def _tag_weight(members: int) -> float:
    """A rare tag counts more. It depends on the tag's own size only, not on how many articles
    there are, so a change reaches only the articles that share a tag with it (see below)."""
    return 1.0 / math.log(2.0 + members)


def _signature(article: Article) -> str:
    tags = ",".join(sorted(dict.fromkeys(t.lower() for t in article.tags)))
    return f"{article.title}\0{tags}"


def related_articles(
    articles: Iterable[Article], cache: Path | None = None
) -> Mapping[str, tuple[Related, ...]]:
    """Each article's path → its related articles, best first (articles sharing no tag have none).

    ``cache``: a file holding the last result and what it was computed from. Only the articles
    that share a tag with an added, removed or changed article (title or tags) are computed
    again; for the others nothing they depend on changed, so the result equals a full
    computation (tested). A missing or unreadable cache means a full computation."""
    articles = list(articles)
    signatures = {a.path: _signature(a) for a in articles}
    previous = _read_cache(cache)
    if previous is None:
        found = _compute(articles, None)
    else:
        old_signatures, old_found = previous
        changed = {p for p in signatures.keys() | old_signatures.keys() if signatures.get(p) != old_signatures.get(p)}
        touched = {tag for p in changed for sig in (signatures.get(p), old_signatures.get(p)) if sig
                   for tag in sig.partition("\0")[2].split(",") if tag}  # fmt: skip
        wanted = {a.path for a in articles if a.path in changed or touched & {t.lower() for t in a.tags}}
        found = {p: r for p, r in old_found.items() if p in signatures and p not in wanted}
        found.update(_compute(articles, wanted))
    _write_cache(cache, signatures, found)
    return found


def _read_cache(cache: Path | None) -> tuple[dict[str, str], dict[str, tuple[Related, ...]]] | None:
    if cache is None:
        return None
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") != _CACHE_VERSION:
            return None
        found = {p: tuple(Related(*item) for item in items) for p, items in data["related"].items()}
        return dict(data["signatures"]), found
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(cache: Path | None, signatures: Mapping[str, str], found: Mapping[str, tuple[Related, ...]]) -> None:
    if cache is None:
        return
    body = {
        "version": _CACHE_VERSION,
        "signatures": dict(signatures),
        "related": {p: [[r.title, r.url, r.path] for r in items] for p, items in found.items()},
    }
    with suppress(OSError):  # a cache: the next build computes everything
        write_text_atomic(cache, json.dumps(body, ensure_ascii=False), durable=False)


def _compute(articles: list[Article], wanted: set[str] | None) -> dict[str, tuple[Related, ...]]:
    """Related lists of ``wanted`` (None: every article), from all of ``articles``."""
    listed = [a for a in articles if a.tags]
    by_tag: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(listed):
        for tag in dict.fromkeys(t.lower() for t in article.tags):
            by_tag[tag].append(number)
    weight = {tag: _tag_weight(len(members)) for tag, members in by_tag.items()}
    words = [_words(a.title) for a in listed]
    categories = [a.path.rpartition("/")[0] for a in listed]  # a string split: pathlib costs seconds here
    order = [(a.title.lower(), a.path) for a in listed]  # the tie-breakers, made once
    urls: dict[int, str] = {}  # made once per article that is listed somewhere (pathlib is slow)
    found: dict[str, tuple[Related, ...]] = {}
    for number, article in enumerate(listed):
        if wanted is not None and article.path not in wanted:
            continue
        tags = sorted(dict.fromkeys(t.lower() for t in article.tags), key=lambda t: (len(by_tag[t]), t))
        scores: dict[int, float] = defaultdict(float)
        for tag in tags:
            room = MAX_CANDIDATES - len(scores)
            if room <= 0:
                break
            tag_weight = weight[tag]
            members = by_tag[tag]
            for other in members if len(members) <= room else members[: room + 1]:
                if other != number:
                    scores[other] += tag_weight
        if not scores:
            continue
        category = categories[number]
        mine = words[number]
        for other in scores:
            if categories[other] == category:
                scores[other] += 0.25
            if mine and words[other]:
                scores[other] += 0.5 * len(mine & words[other]) / len(mine | words[other])
        best = heapq.nsmallest(MAX_RELATED, scores, key=lambda o: (-round(scores[o], 9), *order[o]))
        found[article.path] = tuple(
            Related(listed[o].title, urls.get(o) or urls.setdefault(o, article_url(listed[o].path)), listed[o].path)
            for o in best
        )
    return found
