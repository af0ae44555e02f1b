"""BM25F over the section index's four fields, vectorised with numpy.

BM25F (Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted fields",
2004; Lucene's ``CombinedFieldQuery`` and Elasticsearch's ``combined_fields`` are the same
model) adds a term's frequencies over the fields first, each weighted and normalised by its
field's length, and saturates the sum once:

    tf~(t, d) = Σ_f  w_f · tf_f(t, d) / (1 - b_f + b_f · len_f(d) / avglen_f)
    score(d)  = Σ_t  idf(t) · tf~ · (k1 + 1) / (k1 + tf~)
    idf(t)    = ln(1 + (N - df + 0.5) / (df + 0.5))

so a word that is in both a section's heading and its body counts once, strongly, instead of
twice as Whoosh's per-field sum would. Postings come from :mod:`kb.index.matrix`, one table
per Whoosh segment; each term is scored into a dense array per segment, as bm25s does, which
ranks 50,000 sections in about a millisecond.

A query is a list of concepts (a word, or its synonyms and spelling correction as
alternatives, an alternative possibly several words that must all be present): a section
scores the best of a concept's alternatives, and covers the concept if one of them matches.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.index.matrix import FIELDS, SegmentTerms

__all__ = ["DEFAULT_PARAMS", "Bm25fParams", "Candidates", "Scorer"]

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Bm25fParams:
    """Field weights and length normalisation per field (``FIELDS`` order), and ``k1``.

    Tuned on the dev corpora with one corpus left out at a time (bench/quality.py, figures in
    bench/README.md)."""

    k1: float = 2.5
    weights: tuple[float, ...] = (5.0, 3.0, 2.0, 1.0)
    b: tuple[float, ...] = (0.3, 0.3, 0.3, 0.75)


DEFAULT_PARAMS = Bm25fParams()


@dataclass(frozen=True)
class Candidates:
    """The best documents of a query: global document numbers, BM25F scores and the share of
    the query's concept weight each covers, best first."""

    docnums: npt.NDArray[np.int64]
    scores: Floats
    coverage: Floats


@dataclass(frozen=True)
class _Segment:
    terms: SegmentTerms
    offset: int
    live: npt.NDArray[np.bool_]
    inverse_norms: tuple[Floats, ...]  # per field: w_f / (1 - b_f + b_f · len / avglen)


class Scorer:
    """Scores queries over the segments of one open index (immutable; rebuilt on reopen)."""

    def __init__(
        self,
        segments: Sequence[tuple[SegmentTerms, int, npt.NDArray[np.bool_]]],
        params: Bm25fParams = DEFAULT_PARAMS,
    ) -> None:
        self.params = params
        self.documents = int(sum(int(live.sum()) for _terms, _offset, live in segments))
        averages = []
        for field in range(len(FIELDS)):
            total = sum(float(terms.lengths[field][live].sum()) for terms, _offset, live in segments)
            averages.append(max(total / max(self.documents, 1), 1e-6))
        self._segments = []
        for terms, offset, live in segments:
            inverse = []
            for field, (weight, b) in enumerate(zip(params.weights, params.b, strict=True)):
                norm = 1.0 - b + b * terms.lengths[field] / averages[field]
                inverse.append((weight / np.maximum(norm, 1e-6)).astype(np.float32))
            self._segments.append(_Segment(terms, offset, live, tuple(inverse)))
        self.size = sum(s.terms.doc_count for s in self._segments)
        self._doc_frequencies = functools.lru_cache(maxsize=65536)(self._count)
        # The global document number of each position of the per-segment arrays, concatenated.
        self._docnums = np.concatenate(
            [np.arange(s.terms.doc_count, dtype=np.int64) + s.offset for s in self._segments]
            or [np.zeros(0, dtype=np.int64)]
        )

    def _frequencies(self, stem: str) -> list[Floats | None]:
        """tf~ of ``stem`` per segment (dense), None where the segment lacks it."""
        out: list[Floats | None] = []
        for segment in self._segments:
            dense: Floats | None = None
            for field in range(len(FIELDS)):
                found = segment.terms.postings(field, stem)
                if found is None:
                    continue
                docs, freqs = found
                if dense is None:
                    dense = np.zeros(segment.terms.doc_count, dtype=np.float32)
                dense[docs] += freqs * segment.inverse_norms[field][docs]
            if dense is not None:
                dense[~segment.live] = 0.0
            out.append(dense)
        return out

    def _count(self, stem: str) -> int:
        return sum(int(np.count_nonzero(d)) for d in self._frequencies(stem) if d is not None)

    def doc_frequency(self, stem: str) -> int:
        """Live sections that hold ``stem`` in any field (remembered: planning a query asks it
        for each word, and scoring it for the idf, of an index that does not change)."""
        return self._doc_frequencies(stem)

    def idf(self, doc_frequency: int) -> float:
        n = self.documents
        return math.log(1.0 + (n - doc_frequency + 0.5) / (doc_frequency + 0.5))

    def score(self, concepts: Sequence[tuple[float, Sequence[Sequence[str]]]], limit: int) -> Candidates:
        """The ``limit`` best documents for ``concepts`` given as (weight, alternatives)."""
        k1 = self.params.k1
        stems = {s for _w, alternatives in concepts for a in alternatives for s in a}
        tf = {stem: self._frequencies(stem) for stem in stems}
        idf = {stem: self.idf(self.doc_frequency(stem)) for stem in stems}
        total_weight = sum(w for w, _a in concepts) or 1.0
        scores: list[Floats] = []
        covered: list[Floats] = []
        for number, segment in enumerate(self._segments):
            size = segment.terms.doc_count
            score = np.zeros(size, dtype=np.float32)
            cover = np.zeros(size, dtype=np.float32)
            for weight, alternatives in concepts:
                best: Floats | None = None
                for alternative in alternatives:
                    dense = [tf[s][number] for s in alternative]
                    if not dense or any(d is None for d in dense):
                        continue
                    part = np.zeros(size, dtype=np.float32)
                    present = np.ones(size, dtype=np.bool_)
                    for stem, d in zip(alternative, dense, strict=True):
                        assert d is not None
                        part += idf[stem] * d * (k1 + 1.0) / (k1 + d)
                        present &= d > 0
                    part[~present] = 0.0
                    best = part if best is None else np.maximum(best, part)
                if best is not None:
                    score += best
                    cover += np.float32(weight / total_weight) * (best > 0)
            scores.append(score)
            covered.append(cover)
        return self._top(scores, covered, limit)

    def _top(self, scores: list[Floats], covered: list[Floats], limit: int) -> Candidates:
        if not scores:
            empty = np.zeros(0, dtype=np.float32)
            return Candidates(np.zeros(0, dtype=np.int64), empty, empty)
        score = np.concatenate(scores)
        cover = np.concatenate(covered)
        offsets = self._docnums
        matched = np.flatnonzero(score > 0)
        if len(matched) > limit:
            matched = matched[np.argpartition(-score[matched], limit - 1)[:limit]]
        order = matched[np.lexsort((offsets[matched], -score[matched]))]
        return Candidates(offsets[order], score[order], cover[order])
