"""The Whoosh schema: one document per section, plus one per article lead (title + summary)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from whoosh.analysis import STOP_WORDS, Analyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.lang.porter import stem

from kb.content import Article
from kb.text import markdown_to_text

__all__ = [
    "ANALYZER",
    "INDEX_FORMAT",
    "SCHEMA",
    "WHOOSH_FIELDS",
    "SectionDoc",
    "article_docs",
    "index_terms",
    "scored_terms",
    "vocabulary",
]

# One analyzer for indexing and for queries, so a query word and a document word meet as the
# same stem. The stem cache is unbounded: a help centre's vocabulary is small.
ANALYZER: Analyzer = StemmingAnalyzer(cachesize=-1)

# ANALYZER's steps (tokenizer pattern, lowercase, stop words and words under 2 characters
# dropped, Porter stem) as one list comprehension. Whoosh runs every token through a chain of
# generators and a Token object; at ~3 million tokens a full build spent more time there than
# in anything else. tests/test_index_build.py checks that both give the same terms.
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
_STOP_WORDS = frozenset(STOP_WORDS)
_stem = cache(stem)

# No positions (phrase=False): kb never runs phrase queries, and positions cost index time
# (nearness is scored on the stored text of the top hits instead). The four scored fields are
# those of BM25F (kb/index/bm25f.py): ``title`` also holds tags and search terms, ``heading``
# the section's heading after its parent headings (a ``###`` section carries its ``##``),
# ``summary`` the article's summary on its lead only, ``body`` the section's text.
SCHEMA = Schema(
    key=ID(unique=True, stored=True),
    path=ID(stored=True),
    category=ID(stored=True),
    anchor=STORED(),
    url=STORED(),
    kind=STORED(),
    title_text=STORED(),
    heading_text=STORED(),
    parents=STORED(),
    summary=STORED(),
    body=TEXT(analyzer=ANALYZER, phrase=False, stored=True),
    title=TEXT(analyzer=ANALYZER, phrase=False, field_boost=3.0),
    heading=TEXT(analyzer=ANALYZER, phrase=False, field_boost=1.5),
    summary_terms=TEXT(analyzer=ANALYZER, phrase=False, field_boost=1.5),
)
# The index's layout: an index written with another one is rebuilt, not read.
INDEX_FORMAT = 3  # 3: a GitHub alert's "[!NOTE]" line is no longer indexed as text

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
    parents: str = ""  # the headings above this section's, outermost first

    def fields(self) -> dict[str, str | list[str]]:
        """The values Whoosh stores and indexes for this document.

        Text fields are given as their terms (Whoosh indexes a list of strings as is), and the
        stored text of ``body`` as ``_stored_body``.
        """
        title = " ".join(part for part in (self.title, self.tags.replace(",", " "), self.terms) if part)
        return {
            "key": self.key,
            "path": self.path,
            "category": self.category,
            "anchor": self.anchor,
            "url": self.url,
            "kind": self.kind,
            "title_text": self.title,
            "heading_text": self.heading,
            "parents": self.parents,
            "summary": self.summary,
            "body": index_terms(self.body),
            "_stored_body": self.body,
            "title": index_terms(title),
            "heading": index_terms(f"{self.parents} {self.heading}" if self.parents else self.heading),
            "summary_terms": index_terms(self.summary),
        }


# The Whoosh field of each scored field of ``kb.index.matrix.FIELDS`` (``summary`` is taken by
# the stored summary text).
WHOOSH_FIELDS = {"title": "title", "heading": "heading", "summary": "summary_terms", "body": "body"}


def scored_terms(fields: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """The analysed terms of each scored field, from a document's :meth:`SectionDoc.fields`."""
    return {name: list(fields[whoosh]) for name, whoosh in WHOOSH_FIELDS.items()}


def index_terms(text: str) -> list[str]:
    """The terms ``ANALYZER`` makes of ``text``, in order."""
    words = [word.lower() for word in _TOKEN.findall(text)]
    return [_stem(word) for word in words if len(word) > 1 and word not in _STOP_WORDS]


def article_docs(article: Article) -> Iterator[SectionDoc]:
    """The lead document, then one per heading section that has text; none for a page that
    Material's ``search: {exclude: true}`` keeps out of search."""
    if not article.searchable:
        return
    # Read once per article, not per section: ``category`` and ``url`` parse the path anew.
    path, category, url, title = article.path, article.category, article.url, article.title
    tags = ",".join(t.lower() for t in article.tags)
    search_terms = article.meta.get("search_terms") or []
    terms = " ".join(str(t) for t in search_terms) if isinstance(search_terms, list) else ""
    outer: list[tuple[int, str]] = []  # (level, heading) of the sections enclosing the next one
    for section in article.sections:
        body = markdown_to_text(section.markdown)
        while outer and outer[-1][0] >= section.level:
            outer.pop()
        parents = " ".join(heading for _level, heading in outer)
        if not section.is_lead and section.level > 1:
            outer.append((section.level, section.heading))
        if section.is_lead:
            yield SectionDoc(f"{path}#", path, category, "", url, "lead", title, "", article.summary, body, tags, terms)
        elif body or section.heading:
            anchor = section.anchor
            yield SectionDoc(
                f"{path}#{anchor}",
                path,
                category,
                anchor,
                url + (f"#{anchor}" if anchor else ""),
                "section",
                title,
                section.heading,
                "",
                body,
                tags,
                "",
                parents,
            )


def vocabulary(docs: Iterable[SectionDoc]) -> Counter[str]:
    """Unstemmed words and their counts, for spelling suggestions."""
    return stored_vocabulary((doc.title, doc.heading, doc.summary, doc.body) for doc in docs)


def stored_vocabulary(texts: Iterable[Iterable[str]]) -> Counter[str]:
    """:func:`vocabulary` of documents given as their (title, heading, summary, body) texts."""
    counts: Counter[str] = Counter()
    for fields in texts:
        for text in fields:
            counts.update(_WORD.findall(text.lower()))
    return counts
