"""Searching the section index with text a customer typed.

User text is never parsed as Whoosh syntax: it is cut into words (at most ``MAX_QUERY_WORDS``),
question words are dropped, synonyms become alternatives, unknown words get a spelling
correction as an alternative, and only the ``MAX_CONCEPTS`` most informative concepts are kept.
Sections are scored by kb's BM25F over numpy tables (kb/index/bm25f.py), the best few re-ranked
(kb/index/rerank.py); Whoosh stays the index of record (stored fields, updates, spelling). Reads
take no lock: each search works on one immutable snapshot of the index (kb/index/snapshot.py)
through a Whoosh reader borrowed from that snapshot's pool.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence

from whoosh.query import And, Or, Query, Term

from kb.config import Settings
from kb.content import load_synonyms
from kb.errors import IndexMissingError, KBError
from kb.index.bm25f import DEFAULT_PARAMS, Bm25fParams
from kb.index.build import current_index_dir
from kb.index.cache import SearchCache
from kb.index.matrix import SegmentTerms
from kb.index.meaning import Meaning
from kb.index.rerank import DEFAULT_RANK, RankParams, rerank_score
from kb.index.results import Concept, Hit, SearchResults
from kb.index.snapshot import Snapshot, SuggestTables, open_snapshot
from kb.index.snippets import snippet
from kb.index.spelling import nearest_word, typed_on_purpose, with_corrections
from kb.index.suggest import Suggestion
from kb.index.words import MAX_QUERY_WORDS, QUESTION_WORDS, stems_of, words_of
from kb.text import load_english, without_pleasantries

__all__ = ["MAX_CONCEPTS", "MAX_QUERY_WORDS", "Concept", "Hit", "SearchResults", "SectionIndex"]

MAX_CONCEPTS = 6
TEXT_FIELDS = ("title", "heading", "summary_terms", "body")
_REFRESH_SECONDS = 0.5
_MAX_CORRECTIONS = 100_000  # words remembered per index generation: about 12 MB at most
_MAX_CORRECTED_CHARS = 40  # longer words are no one's typo of a docs word; not remembered
log = logging.getLogger(__name__)


class SectionIndex:
    """An open index, refreshed when the index on disk changes.

    The app holds one of these; searches from several threads run at the same time.
    """

    def __init__(
        self, settings: Settings, params: Bm25fParams = DEFAULT_PARAMS, rank: RankParams = DEFAULT_RANK
    ) -> None:
        self.settings = settings
        self.params = params
        self.rank = rank
        self._tables: dict[str, SegmentTerms] = {}
        # Held only to swap in a new snapshot (and empty the cache with it): searches read a
        # snapshot without any lock, through a reader borrowed from its pool.
        self._refresh_lock = threading.Lock()
        self._swap_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._cache = SearchCache(rank.candidates)
        self._checked = 0.0
        self._synonyms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        self._longest_synonym = 1
        self._suggest = SuggestTables()
        self._meaning = Meaning(settings)
        self._meaning.warm()
        load_english()  # "Did you mean" reads it (kb/index/spelling.py); not on a first question
        with self._refresh_lock:
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
        snapshot = open_snapshot(folder, self.params, self._tables)
        self._load_synonyms()
        with self._swap_lock:
            self._snapshot = snapshot
            self._cache.clear()
        self._checked = time.monotonic()
        # The old snapshot's readers are left to the garbage collector: a search that started on
        # it may still be reading, and no lock says when it is done.

    @property
    def _current(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            raise IndexMissingError("the search index is closed", "restart kb serve")
        return snapshot

    @property
    def articles(self) -> int:
        return self._current.articles

    @property
    def sections(self) -> int:
        return self._current.sections

    def _load_synonyms(self) -> None:
        groups, _problems = load_synonyms(self.settings.docs_dir)
        table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for group in groups:
            alternatives = tuple(dict.fromkeys(tuple(stems_of(p)) for p in group if stems_of(p)))
            for phrase in group:
                table[tuple(words_of(phrase))] = alternatives
        self._synonyms = table
        self._longest_synonym = max((len(k) for k in table), default=1)

    def refresh(self, force: bool = False, wait: bool = True) -> None:
        """Pick up a new or updated index (checked at most every half second unless forced).

        One thread checks; the others go on searching the snapshot they have meanwhile. With
        ``wait=False`` (the event loop's call) a new index is opened on a background thread and
        this returns at once: opening one at 10,000 articles takes longer than an answer."""
        if not force and time.monotonic() - self._checked < _REFRESH_SECONDS:
            return
        if not self._refresh_lock.acquire(blocking=force):
            return
        handed_over = False
        try:
            now = time.monotonic()
            if not force and now - self._checked < _REFRESH_SECONDS:
                return
            self._checked = now
            folder = current_index_dir(self.settings)
            snapshot = self._snapshot
            if folder is None:
                return
            if snapshot is None or folder != snapshot.folder or not snapshot.up_to_date():
                if wait:
                    self._open()
                else:
                    threading.Thread(target=self._open_in_background, name="kb-index-refresh", daemon=True).start()
                    handed_over = True  # that thread releases the lock
        finally:
            if not handed_over:
                self._refresh_lock.release()

    def _open_in_background(self) -> None:
        try:
            self._open()
        except (KBError, OSError) as exc:  # the next check tries again; searches keep the old snapshot
            log.warning("kb: could not open the updated search index: %s", exc)
            self._checked = 0.0
        finally:
            self._refresh_lock.release()

    def close(self) -> None:
        with self._refresh_lock:
            snapshot, self._snapshot = self._snapshot, None
            if snapshot is not None:
                snapshot.close()

    @property
    def generation(self) -> tuple[str, int]:
        """Changes whenever the index the searcher reads changes (checked at most twice a second,
        without waiting for a new index to open)."""
        self.refresh(wait=False)
        snapshot = self._current
        return (str(snapshot.folder), snapshot.generation)

    # -- query planning --------------------------------------------------------------------

    def _doc_frequency(self, stem: str) -> int:
        """Live sections holding ``stem`` in any field (Whoosh's own frequencies count deleted
        documents until a merge, so a word only a replaced page had would look known)."""
        return self._current.scorer.doc_frequency(stem)

    def _weight(self, alternatives: Sequence[tuple[str, ...]]) -> float:
        total = max(self._current.scorer.documents, 1)
        best = 0.0
        for alternative in alternatives:
            weakest = min((math.log(1 + total / (1 + self._doc_frequency(s))) for s in alternative), default=0.0)
            best = max(best, weakest)
        return best

    def _correct(self, word: str) -> str:
        """The most frequent corpus word within two edits of ``word``, or "". Remembered per index
        generation: a message's two readings share their words, and words no page has recur
        across questions ("laptop"), while finding a correction takes about 3 ms."""
        snapshot = self._current
        if snapshot.corrector is None or len(word) < 4 or word.isdigit():
            return ""
        known = snapshot.corrections.get(word)
        if known is None:
            known = nearest_word(snapshot.corrector, snapshot.vocab, word)
            if len(snapshot.corrections) < _MAX_CORRECTIONS and len(word) <= _MAX_CORRECTED_CHARS:
                snapshot.corrections[word] = known
        return known

    def plan(self, text: str, correct: bool = True) -> tuple[list[Concept], str | None]:
        """Concepts of the query (most informative first), and a "did you mean" text or None.

        ``correct=False`` skips spelling correction (a ticket's product names and error codes are
        not typos)."""
        words = words_of(text)
        concepts: list[Concept] = []
        corrections: dict[int, str] = {}
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
            if correct and not any(self._doc_frequency(s) > 0 for s in stems):
                corrected = self._correct(word)
                if corrected:
                    alternatives_list.append(tuple(stems_of(corrected)))
                    if not typed_on_purpose(word, corrected):
                        # A word typed on purpose is searched for with the correction too (it
                        # finds more than it loses), but "Did you mean: my invoices can be
                        # exported" for "cant" would turn the question round: not offered.
                        corrections[position - 1] = corrected
            alts = tuple(a for a in dict.fromkeys(alternatives_list) if a)
            concepts.append(Concept(word, alts, self._weight(alts), corrected))
        unique: dict[tuple[tuple[str, ...], ...], Concept] = {}
        for concept in concepts:
            unique.setdefault(concept.alternatives, concept)
        kept = sorted(unique.values(), key=lambda c: c.weight, reverse=True)[:MAX_CONCEPTS]
        suggestion = with_corrections(text, corrections) if corrections else None
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
        snapshot = self._current
        if engine == "whoosh":
            return self._search(snapshot, text, limit, whoosh=True)
        key = self._cache.key(str(snapshot.folder), snapshot.generation, text, limit)
        cached = self._cache.get(key, text, limit)
        if cached is not None:
            return cached
        results = self._search(snapshot, text, limit)
        self._cache.put(key, limit, results)
        return results

    def _search(self, snapshot: Snapshot, text: str, limit: int, whoosh: bool = False) -> SearchResults:
        asked = without_pleasantries(text)  # "Hi team, … Thanks, Anna": neither part is searched for
        concepts, suggestion = self.plan(asked)
        if suggestion is not None and asked != text and asked in text:
            suggestion = text.replace(asked, suggestion, 1)  # "Did you mean" keeps the greeting as typed
        if not concepts:
            return SearchResults(text, (), suggestion, ())
        depth = max(limit, self.rank.candidates)
        if whoosh:
            with snapshot.searcher() as searcher:
                results = searcher.search(self._query(concepts), limit=depth)
                candidates = [(int(hit.docnum), float(hit.score)) for hit in results]
        else:
            found = snapshot.scorer.score([(c.weight, c.alternatives) for c in concepts], depth)
            candidates = list(zip(found.docnums.tolist(), found.scores.tolist(), strict=True))
        understood = self._meaning.understood(asked, concepts)
        ranked, similarities = self._rank(snapshot, understood, candidates, concepts, limit)
        return SearchResults(
            text,
            ranked,
            suggestion,
            tuple(concepts),
            self._meaning.enabled,
            similarities,
            understood if understood != text else "",
        )

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Titles and headings matching what was typed so far (see :mod:`kb.index.suggest`); the
        first call builds the table (call it at start-up), see :class:`SuggestTables`."""
        self.refresh()
        return self._suggest.suggest(self._current, text, limit, self._correct)

    def covering(self, text: str, min_coverage: float, limit: int = 3, known_only: bool = False) -> SearchResults:
        """Sections holding the query's most informative concepts, together worth ``min_coverage``
        of its weight, ranked as :meth:`search` ranks them; no spelling correction, no cache.
        ``known_only``: leave out words no section has (for "what is this near?", not "is this
        covered?").

        This is the duplicate check's question, "does a section already cover this?", asked as an
        And query: on a large index it reads a few short posting lists instead of scoring every
        section that shares one common word with the text.
        """
        self.refresh()
        snapshot = self._current
        concepts, _ = self.plan(text, correct=False)
        if known_only:
            concepts = [c for c in concepts if any(all(self._doc_frequency(s) > 0 for s in a) for a in c.alternatives)]
        if not concepts:
            return SearchResults(text, (), None, ())
        needed = min_coverage * sum(c.weight for c in concepts)
        chosen: list[Concept] = []
        for concept in concepts:  # most informative first
            chosen.append(concept)
            if sum(c.weight for c in chosen) >= needed:
                break
        query = And([self._concept_query(c) for c in chosen]) if len(chosen) > 1 else self._query(chosen)
        with snapshot.searcher() as searcher:
            results = searcher.search(query, limit=max(limit, 10))
            candidates = [(int(hit.docnum), float(hit.score)) for hit in results]
        ranked, similarities = self._rank(snapshot, text, candidates, concepts, limit)
        return SearchResults(text, ranked, None, tuple(concepts), self._meaning.enabled, similarities)

    def _rank(
        self,
        snapshot: Snapshot,
        text: str,
        candidates: Sequence[tuple[int, float]],
        concepts: Sequence[Concept],
        limit: int,
    ) -> tuple[tuple[Hit, ...], tuple[float, ...]]:
        """Candidates (document number, first-stage score) re-scored (kb/index/rerank.py), then
        ordered by that score mixed with their similarity to ``text`` (kb/index/meaning.py), best
        ``limit`` first; and every candidate's similarity, highest first."""
        described = [
            (c.weight, frozenset(s for a in c.alternatives for s in a), c.alternatives, bool(c.corrected))
            for c in concepts
        ]
        with snapshot.searcher() as searcher:
            stored = [dict(searcher.stored_fields(docnum)) for docnum, _ in candidates]
        scored = [
            rerank_score(base, fields, described, self.rank)
            for (_, base), fields in zip(candidates, stored, strict=True)
        ]
        similarity = self._meaning.similarities(text, stored)
        best = max((s.score for s in scored), default=0.0) or 1.0
        weight = self._meaning.weight
        mixed = [
            (1.0 - weight) * s.score / best + weight * max(0.0, cos) for s, cos in zip(scored, similarity, strict=True)
        ]
        order = sorted(range(len(scored)), key=lambda n: mixed[n], reverse=True)
        hits = tuple(
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
                score=round(mixed[n] if weight else scored[n].score, 4),
                coverage=round(scored[n].coverage, 4),
                snippet=snippet(f.get("summary") or f.get("body", ""), set(scored[n].matched)),
                similarity=round(similarity[n], 4),
            )
            for n in order[:limit]
            for f in (stored[n],)
        )
        return hits, tuple(sorted((round(x, 4) for x in similarity), reverse=True)) if weight else ()
