"""The Whoosh schema: one document per section, plus one per article lead (title + summary)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Analyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema

from kb.content import Article, Section
from kb.plaintext import markdown_to_text

__all__ = ["ANALYZER", "SCHEMA", "SectionDoc", "article_docs", "vocabulary"]

# One analyzer for indexing and for queries, so a query word and a document word meet as the
# same stem. The stem cache is unbounded: a help centre's vocabulary is small.
ANALYZER: Analyzer = StemmingAnalyzer(cachesize=-1)

# No positions (phrase=False): kb never runs phrase queries, and positions cost index time.
# Three scored fields only: each query term becomes one sub-query per field, and Whoosh's
# pure-Python matchers cost time per sub-query. ``title`` also holds tags and search terms;
# ``heading`` holds the section heading, or the summary for an article's lead.
SCHEMA = Schema(
    key=ID(unique=True, stored=True),
    path=ID(stored=True),
    category=ID(stored=True),
    anchor=STORED(),
    url=STORED(),
    kind=STORED(),
    title_text=STORED(),
    heading_text=STORED(),
    summary=STORED(),
    body=TEXT(analyzer=ANALYZER, phrase=False, stored=True),
    title=TEXT(analyzer=ANALYZER, phrase=False, field_boost=3.0),
    heading=TEXT(analyzer=ANALYZER, phrase=False, field_boost=1.5),
)

_WORD = re.compile(r"[a-z][a-z0-9']{2,}")


@dataclass(frozen=True)
class SectionDoc:
    """The fields of one index document."""

    key: str
    path: str
    category: str
    anchor: str
    url: str
    kind: str
    title: str
    heading: str
    summary: str
    body: str
    tags: str
    terms: str

    def fields(self) -> dict[str, str]:
        """The values Whoosh stores and indexes for this document."""
        return {
            "key": self.key,
            "path": self.path,
            "category": self.category,
            "anchor": self.anchor,
            "url": self.url,
            "kind": self.kind,
            "title_text": self.title,
            "heading_text": self.heading,
            "summary": self.summary,
            "body": self.body,
            "title": " ".join(part for part in (self.title, self.tags.replace(",", " "), self.terms) if part),
            "heading": self.heading or self.summary,
        }


def _doc(article: Article, section: Section, body: str) -> SectionDoc:
    lead = section.is_lead
    anchor = "" if lead else section.anchor
    terms = article.meta.get("search_terms") or []
    return SectionDoc(
        key=f"{article.path}#{anchor}",
        path=article.path,
        category=article.category,
        anchor=anchor,
        url=article.url + (f"#{anchor}" if anchor else ""),
        kind="lead" if lead else "section",
        title=article.title,
        heading="" if lead else section.heading,
        summary=article.summary if lead else "",
        body=body,
        tags=",".join(t.lower() for t in article.tags),
        terms=" ".join(str(t) for t in terms) if lead and isinstance(terms, list) else "",
    )


def article_docs(article: Article) -> Iterator[SectionDoc]:
    """The lead document, then one per heading section that has text."""
    for section in article.sections:
        body = markdown_to_text(section.markdown)
        if section.is_lead or body or section.heading:
            yield _doc(article, section, body)


def vocabulary(docs: list[SectionDoc]) -> Counter[str]:
    """Unstemmed words and their counts, for spelling suggestions."""
    counts: Counter[str] = Counter()
    for doc in docs:
        for text in (doc.title, doc.heading, doc.summary, doc.body):
            counts.update(_WORD.findall(text.lower()))
    return counts
