"""Searching the section index with text a customer typed.

User text is never parsed as Whoosh syntax: it is cut into words (at most ``MAX_QUERY_WORDS``),
question words are dropped, synonyms become alternatives, unknown words get a spelling
correction as an alternative, and only the ``MAX_CONCEPTS`` most informative concepts are kept.
The query is then built from ``Term`` objects directly. Whoosh's hot path is pure Python, so
this shape (few, rare terms; one merged segment; one open searcher; an LRU of recent answers)
is what keeps a search at a few milliseconds on 50,000 sections.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher
from whoosh.spelling import ListCorrector

from kb.config import Settings
from kb.content import load_synonyms
from kb.errors import IndexMissingError
from kb.index.bm25f import DEFAULT_PARAMS, Bm25fParams, Scorer
from kb.index.build import current_index_dir, read_meta
from kb.index.matrix import SegmentTerms, load_or_build
from kb.index.rerank import DEFAULT_RANK, RankParams, Scored, rerank_score
from kb.index.snippets import snippet
from kb.index.words import MAX_QUERY_WORDS, QUESTION_WORDS, stems_of, words_of

__all__ = ["MAX_CONCEPTS", "MAX_QUERY_WORDS", "Concept", "Hit", "SearchResults", "SectionIndex"]

MAX_CONCEPTS = 6
TEXT_FIELDS = ("title", "heading", "summary_terms", "body")
_CACHE_SIZE = 4096
_REFRESH_SECONDS = 0.5


@dataclass(frozen=True)
class Concept:
    """One idea in the query: its words as typed, and alternative stem sequences for it."""

    words: str
    alternatives: tuple[tuple[str, ...], ...]
    weight: float = 0.0
    corrected: str = ""


@dataclass(frozen=True)
class Hit:
    key: str
    path: str
    title: str
    heading: str
    anchor: str
    url: str
    kind: str
    summary: str
    body: str
    score: float
    coverage: float
    snippet: str


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None
    concepts: tuple[Concept, ...] = ()


class SectionIndex:
    """An open index: one searcher kept open and refreshed when the index changes.

    The app holds one of these; it is safe to call from several threads.
    """

    def __init__(
        self, settings: Settings, params: Bm25fParams = DEFAULT_PARAMS, rank: RankParams = DEFAULT_RANK
    ) -> None:
        self.settings = settings
        self.params = params
        self.rank = rank
        self._tables: dict[str, SegmentTerms] = {}
        self._scorer: Scorer | None = None
        self._lock = threading.RLock()
        self._folder: Path | None = None
        self._searcher: Searcher | None = None
        self._cache: OrderedDict[tuple[str, int], SearchResults] = OrderedDict()
        self._checked = 0.0
        self._generation: tuple[str, int] = ("", -1)
        self._synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        self._longest_synonym = 1
        self._vocab: Counter[str] = Counter()
        self._corrector: ListCorrector | None = None
        self.articles = 0
        self.sections = 0
        self._open()

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings) -> SectionIndex:
        """Open the current index; ``IndexMissingError`` if none has been built."""
        return cls(settings)

    def _open(self) -> None:
        folder = current_index_dir(self.settings)
        if folder is None:
            raise IndexMissingError("no search index has been built yet", "run 'kb index' (or 'kb build') to build it")
        searcher = _open_searcher(folder)
        self._scorer = self._open_scorer(folder, searcher)
        meta, vocab = read_meta(folder)
        old = self._searcher
        self._folder, self._searcher = folder, searcher
        self._vocab = vocab
        # Whoosh's corrector fails on an empty word list (a tree of empty articles has no words).
        self._corrector = ListCorrector(sorted(vocab)) if vocab else None
        self.articles, self.sections = int(meta["articles"]), int(meta["sections"])
        self._load_synonyms()
        self._cache.clear()
        self._generation = (str(folder), int(searcher.reader().generation()))
        self._checked = time.monotonic()
        if old is not None:
            old.close()

    def _open_scorer(self, folder: Path, searcher: Searcher) -> Scorer:
        """The BM25F scorer over the searcher's segments; tables of segments seen before are
        reused (a segment never changes), new ones loaded or built."""
        segments = []
        tables: dict[str, SegmentTerms] = {}
        for leaf, offset in searcher.reader().leaf_readers():
            segment = leaf.segment()
            key = f"{folder}/{segment.segment_id()}"
            table = self._tables.get(key) or load_or_build(folder, leaf)
            tables[key] = table
            live = np.ones(table.doc_count, dtype=np.bool_)
            for docnum in segment.deleted_docs():
                live[int(docnum)] = False
            segments.append((table, int(offset), live))
        self._tables = tables
        return Scorer(segments, self.params)

    def _load_synonyms(self) -> None:
        groups, _problems = load_synonyms(self.settings.docs_dir)
        table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for group in groups:
            alternatives = tuple(dict.fromkeys(tuple(stems_of(p)) for p in group if stems_of(p)))
            for phrase in group:
                table[tuple(words_of(phrase))] = alternatives
        self._synonyms = table
        self._longest_synonym = max((len(k) for k in table), default=1)

    def refresh(self, force: bool = False) -> None:
        """Pick up a new or updated index (checked at most every half second unless forced)."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < _REFRESH_SECONDS:
                return
            self._checked = now
            folder = current_index_dir(self.settings)
            searcher = self._searcher
            if folder is None:
                return
            if folder != self._folder or searcher is None or not searcher.up_to_date():
                self._open()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    @property
    def generation(self) -> tuple[str, int]:
        """Changes whenever the index the searcher reads changes (checked at most twice a second)."""
        self.refresh()
        return self._generation

    # -- query planning --------------------------------------------------------------------

    def _doc_frequency(self, stem: str) -> int:
        """Live sections holding ``stem`` in any field (Whoosh's own frequencies count deleted
        documents until a merge, so a word only a replaced page had would look known)."""
        assert self._scorer is not None
        return self._scorer.doc_frequency(stem)

    def _in_a_live_document(self, stem: str) -> bool:
        return self._doc_frequency(stem) > 0

    def _weight(self, alternatives: Sequence[tuple[str, ...]]) -> float:
        assert self._scorer is not None
        total = max(self._scorer.documents, 1)
        best = 0.0
        for alternative in alternatives:
            weakest = min((math.log(1 + total / (1 + self._doc_frequency(s))) for s in alternative), default=0.0)
            best = max(best, weakest)
        return best

    def _correct(self, word: str) -> str:
        """The most frequent corpus word within two edits of ``word``, or ""."""
        if self._corrector is None or len(word) < 4 or word.isdigit():
            return ""
        # Typos keep the first letter and are one edit (or one swap) away in short words, two in
        # long ones; looser rules turn real but unknown words ("france") into others ("glance").
        # A swap of two letters ("exprot") is two edits, so it is allowed for any word length.
        candidates = list(self._corrector.suggest(word, limit=12, maxdist=2, prefix=1))
        candidates = [
            c for c in candidates if c != word and (len(word) >= 8 or _one_edit(word, c) or sorted(c) == sorted(word))
        ]
        if not candidates:
            return ""
        return str(max(candidates, key=lambda c: (self._vocab[c], -abs(len(c) - len(word)))))

    def plan(self, text: str, correct: bool = True) -> tuple[list[Concept], str | None]:
        """Concepts of the query (most informative first), and a "did you mean" text or None.

        ``correct=False`` skips spelling correction (a ticket's product names and error codes are
        not typos)."""
        words = words_of(text)
        concepts: list[Concept] = []
        corrected_words = list(words)
        position = 0
        while position < len(words):
            matched = False
            for size in range(min(self._longest_synonym, len(words) - position), 0, -1):
                phrase = tuple(words[position : position + size])
                alternatives = self._synonyms.get(phrase)
                if alternatives:
                    concepts.append(Concept(" ".join(phrase), alternatives, self._weight(alternatives)))
                    position += size
                    matched = True
                    break
            if matched:
                continue
            word = words[position]
            position += 1
            if word in QUESTION_WORDS:
                continue
            stems = tuple(stems_of(word))
            if not stems:
                continue
            alternatives_list = [stems]
            corrected = ""
            if correct and not any(self._in_a_live_document(s) for s in stems):
                corrected = self._correct(word)
                if corrected:
                    alternatives_list.append(tuple(stems_of(corrected)))
                    corrected_words[position - 1] = corrected
            alts = tuple(a for a in dict.fromkeys(alternatives_list) if a)
            concepts.append(Concept(word, alts, self._weight(alts), corrected))
        unique: dict[tuple[tuple[str, ...], ...], Concept] = {}
        for concept in concepts:
            unique.setdefault(concept.alternatives, concept)
        kept = sorted(unique.values(), key=lambda c: c.weight, reverse=True)[:MAX_CONCEPTS]
        suggestion = " ".join(corrected_words) if corrected_words != words else None
        return kept, suggestion

    @staticmethod
    def _concept_query(concept: Concept) -> Query:
        def alternative(stems: tuple[str, ...]) -> Query:
            per_stem = [Or([Term(f, s) for f in TEXT_FIELDS]) for s in stems]
            return per_stem[0] if len(per_stem) == 1 else And(per_stem)

        return Or([alternative(a) for a in concept.alternatives])

    @classmethod
    def _query(cls, concepts: Sequence[Concept]) -> Query:
        # No coordination "scale" and no per-hit term recording: both stop Whoosh from skipping
        # blocks that cannot reach the top; coverage is computed for the top hits instead.
        return Or([cls._concept_query(c) for c in concepts])

    # -- searching -------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10, engine: str = "bm25f") -> SearchResults:
        """Ranked sections for user text; cached per index generation.

        ``engine="whoosh"`` takes the candidates from Whoosh's own scoring instead of kb's
        BM25F: the reference path the fast one is measured against (not cached)."""
        self.refresh()
        if engine == "whoosh":
            with self._lock:
                return self._search(text, limit, whoosh=True)
        key = (" ".join(words_of(text)), limit)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            results = self._search(text, limit)
            self._cache[key] = results
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
            return results

    def _search(self, text: str, limit: int, whoosh: bool = False) -> SearchResults:
        searcher, scorer = self._searcher, self._scorer
        assert searcher is not None and scorer is not None
        concepts, suggestion = self.plan(text)
        if not concepts:
            return SearchResults(text, (), suggestion, ())
        depth = max(limit, self.rank.candidates)
        if whoosh:
            results = searcher.search(self._query(concepts), limit=depth)
            candidates = [(int(hit.docnum), float(hit.score)) for hit in results]
        else:
            found = scorer.score([(c.weight, c.alternatives) for c in concepts], depth)
            candidates = list(zip(found.docnums.tolist(), found.scores.tolist(), strict=True))
        return SearchResults(text, self._rank(candidates, concepts, limit), suggestion, tuple(concepts))

    def covering(self, text: str, min_coverage: float, limit: int = 3) -> SearchResults:
        """Sections holding the query's most informative concepts, together worth ``min_coverage``
        of its weight, ranked as :meth:`search` ranks them; no spelling correction, no cache.

        This is the duplicate check's question, "does a section already cover this?", asked as an
        And query: on a large index it reads a few short posting lists instead of scoring every
        section that shares one common word with the text.
        """
        self.refresh()
        with self._lock:
            searcher = self._searcher
            assert searcher is not None
            concepts, _ = self.plan(text, correct=False)
            if not concepts:
                return SearchResults(text, (), None, ())
            needed = min_coverage * sum(c.weight for c in concepts)
            chosen: list[Concept] = []
            for concept in concepts:  # most informative first
                chosen.append(concept)
                if sum(c.weight for c in chosen) >= needed:
                    break
            query = And([self._concept_query(c) for c in chosen]) if len(chosen) > 1 else self._query(chosen)
            results = searcher.search(query, limit=max(limit, 10))
            candidates = [(int(hit.docnum), float(hit.score)) for hit in results]
            return SearchResults(text, self._rank(candidates, concepts, limit), None, tuple(concepts))

    def _rank(
        self, candidates: Sequence[tuple[int, float]], concepts: Sequence[Concept], limit: int
    ) -> tuple[Hit, ...]:
        """Candidates (document number, first-stage score) re-scored (kb/index/rerank.py), best
        ``limit`` first."""
        searcher = self._searcher
        assert searcher is not None
        described = [
            (c.weight, frozenset(s for a in c.alternatives for s in a), c.alternatives, bool(c.corrected))
            for c in concepts
        ]
        ranked: list[tuple[Scored, dict[str, str]]] = []
        for docnum, base in candidates:
            fields = dict(searcher.stored_fields(docnum))
            ranked.append((rerank_score(base, fields, described, self.rank), fields))
        ranked.sort(key=lambda r: r[0].score, reverse=True)
        return tuple(
            Hit(
                key=f["key"],
                path=f["path"],
                title=f["title_text"],
                heading=f.get("heading_text", ""),
                anchor=f.get("anchor", ""),
                url=f["url"],
                kind=f.get("kind", "section"),
                summary=f.get("summary", ""),
                body=f.get("body", ""),
                score=round(scored.score, 4),
                coverage=round(scored.coverage, 4),
                snippet=snippet(f.get("summary") or f.get("body", ""), set(scored.matched)),
            )
            for scored, f in ranked[:limit]
        )


def _one_edit(a: str, b: str) -> bool:
    """True if ``b`` is one insertion, deletion or substitution away from ``a``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _open_searcher(folder: Path, attempts: int = 5) -> Searcher:
    """A searcher on the index's newest generation. A writer committing at the same moment removes
    the table of contents Whoosh just chose, so a missing file means: read the newer one."""
    for attempt in range(attempts):
        try:
            return whoosh_index.open_dir(str(folder)).searcher()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")
