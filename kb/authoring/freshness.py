"""Freshness: which articles nobody has updated or re-verified for a while, and verifying one.

``updated`` says when the text last changed; ``verified`` when someone last checked that it is
still right. An article is stale when both are older than the limit (or missing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.content import Article, edit_front_matter
from kb.permalinks import load_published

__all__ = ["StaleArticle", "last_checked", "stale_articles", "verify_article"]


@dataclass(frozen=True)
class StaleArticle:
    path: str
    title: str
    updated: dt.date | None
    verified: dt.date | None

    @property
    def last_checked(self) -> dt.date | None:
        dates = [d for d in (self.updated, self.verified) if d is not None]
        return max(dates) if dates else None

    def age_days(self, today: dt.date) -> int | None:
        last = self.last_checked
        return (today - last).days if last is not None else None


def _date(meta: Mapping[str, Any], name: str) -> dt.date | None:
    value = meta.get(name)
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def last_checked(article: Article) -> dt.date | None:
    """The later of the article's ``updated`` and ``verified`` dates (None if it has neither)."""
    return StaleArticle(article.path, article.title, article.updated, _date(article.meta, "verified")).last_checked


def stale_articles(articles: Iterable[Article], days: int, today: dt.date | None = None) -> list[StaleArticle]:
    """Articles neither updated nor verified in the last ``days`` days, oldest (or undated) first."""
    today = today or dt.date.today()
    limit = today - dt.timedelta(days=days)
    stale = []
    for article in articles:
        entry = StaleArticle(
            article.path, article.title, _date(article.meta, "updated"), _date(article.meta, "verified")
        )
        last = entry.last_checked
        if last is None or last < limit:
            stale.append(entry)
    stale.sort(key=lambda s: (s.last_checked or dt.date.min, s.path))
    return stale


def verify_article(docs_dir: Path, path: str, today: dt.date | None = None) -> tuple[str, dt.date]:
    """Set ``verified: <today>`` in a published article's front matter; nothing else changes.

    Returns the article's docs path and the date written. The file is replaced atomically.
    """
    article = load_published(docs_dir, path)
    today = today or dt.date.today()
    edit_front_matter(docs_dir / article.path, {"verified": today})
    return article.path, today
