"""The writers' whole-tree tools: ``kb check``, ``kb new``, freshness (``kb stale``, ``kb verify``)."""

from __future__ import annotations

from kb.authoring.check import check_docs, check_links, has_errors
from kb.authoring.freshness import StaleArticle, stale_articles, verify_article
from kb.authoring.scaffold import PLACEHOLDER_SUMMARY, new_article, slugify_title

__all__ = [
    "PLACEHOLDER_SUMMARY",
    "StaleArticle",
    "check_docs",
    "check_links",
    "has_errors",
    "new_article",
    "slugify_title",
    "stale_articles",
    "verify_article",
]
