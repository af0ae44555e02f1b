"""Related articles: at most five per article, chosen at build time from the catalog.

Two articles are related by the tags they share, a rare tag counting more than a common one
(inverse document frequency), with a small bonus for the same category and for words shared by
their titles. Ties go to the title, then the path, so the choice is the same on every build (a
partial site update compares it with the last build's to know which pages to render again).

The work is bounded whatever the size of the docs: an article's candidates come from its rarest
tags first, and at most :data:`MAX_CANDIDATES` are scored.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kb.content import Article, article_url

__all__ = ["MAX_CANDIDATES", "MAX_RELATED", "Related", "related_articles"]

MAX_RELATED = 5
MAX_CANDIDATES = 20
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


def related_articles(articles: Iterable[Article]) -> Mapping[str, tuple[Related, ...]]:
    """Each article's path → its related articles, best first (articles sharing no tag have none)."""
    listed = [a for a in articles if a.tags]
    by_tag: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(listed):
        for tag in dict.fromkeys(t.lower() for t in article.tags):
            by_tag[tag].append(number)
    total = len(listed)
    weight = {tag: math.log(1 + total / len(members)) for tag, members in by_tag.items()}
    words = [_words(a.title) for a in listed]
    categories = [a.path.rpartition("/")[0] for a in listed]  # a string split: pathlib costs seconds here
    order = [(a.title.lower(), a.path) for a in listed]  # the tie-breakers, made once
    urls: dict[int, str] = {}  # made once per article that is listed somewhere (pathlib is slow)
    found: dict[str, tuple[Related, ...]] = {}
    for number, article in enumerate(listed):
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
