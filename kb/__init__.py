"""kb: a self-service knowledge base and documentation site for support teams.

The public API: load and check articles, build the site and the section index, and answer
questions. The CLI (``kb``) and the HTTP API (``search_api``) are thin layers over these.

Importing ``kb`` loads nothing heavy: each name is imported from its package on first use, so
``kb --help`` or a ticket import never pays for MkDocs or Whoosh.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.answers import Answer, answer_question
    from kb.authoring import check_docs
    from kb.config import Settings, load_settings
    from kb.content import Article, Catalog, Category, Problem, Section, load_article, load_catalog, parse_article
    from kb.errors import KBError
    from kb.site import BuildResult, build_site

_HOMES = {
    "Answer": "kb.answers",
    "answer_question": "kb.answers",
    "check_docs": "kb.authoring",
    "Settings": "kb.config",
    "load_settings": "kb.config",
    "Article": "kb.content",
    "Catalog": "kb.content",
    "Category": "kb.content",
    "Problem": "kb.content",
    "Section": "kb.content",
    "load_article": "kb.content",
    "load_catalog": "kb.content",
    "parse_article": "kb.content",
    "KBError": "kb.errors",
    "BuildResult": "kb.site",
    "build_site": "kb.site",
}

__all__ = [
    "Answer",
    "Article",
    "BuildResult",
    "Catalog",
    "Category",
    "KBError",
    "Problem",
    "Section",
    "Settings",
    "answer_question",
    "build_site",
    "check_docs",
    "load_article",
    "load_catalog",
    "load_settings",
    "parse_article",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
