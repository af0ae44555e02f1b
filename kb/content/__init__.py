"""Articles and sections, front matter, heading anchors, the catalog of the docs tree, synonyms."""

from __future__ import annotations

from kb.content.anchors import HeadingParser, explicit_ids, heading_anchor_text, slug
from kb.content.article import (
    KNOWN_FIELDS,
    MAX_SUMMARY_CHARS,
    Article,
    Link,
    Problem,
    Section,
    article_url,
    iter_article_files,
    load_article,
    parse_article,
    split_sentences,
)
from kb.content.catalog import CATEGORY_FILE, Catalog, Category, humanize, load_catalog
from kb.content.catalog_cache import (
    CACHE_FILE,
    FileVersion,
    Sources,
    cache_path,
    load_sources,
    scan_docs,
    trusted,
)
from kb.content.front_matter import field_lines, split_front_matter, update_front_matter, validate_meta, yaml_error_line
from kb.content.synonyms import SYNONYMS_FILE, load_synonyms, parse_synonyms

__all__ = [
    "CACHE_FILE",
    "CATEGORY_FILE",
    "KNOWN_FIELDS",
    "MAX_SUMMARY_CHARS",
    "SYNONYMS_FILE",
    "Article",
    "Catalog",
    "Category",
    "FileVersion",
    "HeadingParser",
    "Link",
    "Problem",
    "Section",
    "Sources",
    "article_url",
    "cache_path",
    "explicit_ids",
    "field_lines",
    "heading_anchor_text",
    "humanize",
    "iter_article_files",
    "load_article",
    "load_catalog",
    "load_sources",
    "load_synonyms",
    "parse_article",
    "parse_synonyms",
    "scan_docs",
    "slug",
    "split_front_matter",
    "split_sentences",
    "trusted",
    "update_front_matter",
    "validate_meta",
    "yaml_error_line",
]
