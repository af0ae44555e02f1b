"""kb: a self-service knowledge base and documentation site for support teams.

The public API: load and check articles, build the site and the section index, and answer
questions. The CLI (``kb``) and the HTTP API (``search_api``) are thin layers over these.
"""

from kb.answer import Answer, answer_question
from kb.catalog import Catalog, Category, load_catalog
from kb.check import check_docs
from kb.config import Settings, load_settings
from kb.content import Article, Problem, Section, load_article, parse_article
from kb.errors import KBError
from kb.site import BuildResult, build_site

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
