"""Articles and sections, front matter, heading anchors, the catalog of the docs tree, synonyms."""

from __future__ import annotations

from kb.content.anchors import HeadingParser, explicit_ids, slug
from kb.content.article import Article, article_url, iter_article_files, load_article, parse_article, resolve_link
from kb.content.body import Section
from kb.content.catalog import Catalog, Category, load_catalog
from kb.content.catalog_cache import FileVersion, Sources, cache_path, load_sources, scan_docs, trusted
from kb.content.front_matter import (
    MAX_SUMMARY_CHARS,
    edit_front_matter,
    is_valid_id,
    split_front_matter,
    update_front_matter,
)
from kb.content.problems import Problem, count_problems
from kb.content.synonyms import load_synonyms
from kb.content.tree import DRAFTS_DIR, category_folders, docs_path, drafts_dir, is_hidden, is_published_path

__all__ = [
    "DRAFTS_DIR",
    "MAX_SUMMARY_CHARS",
    "Article",
    "Catalog",
    "Category",
    "FileVersion",
    "HeadingParser",
    "Problem",
    "Section",
    "Sources",
    "article_url",
    "cache_path",
    "category_folders",
    "count_problems",
    "docs_path",
    "drafts_dir",
    "edit_front_matter",
    "explicit_ids",
    "is_hidden",
    "is_published_path",
    "is_valid_id",
    "iter_article_files",
    "load_article",
    "load_catalog",
    "load_sources",
    "load_synonyms",
    "parse_article",
    "resolve_link",
    "scan_docs",
    "slug",
    "split_front_matter",
    "trusted",
    "update_front_matter",
]
