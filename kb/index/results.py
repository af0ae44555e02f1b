"""What a search gives back: the question's concepts, the ranked sections (hits), the results."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Concept", "Hit", "SearchResults"]


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
    similarity: float = 0.0  # cosine of the section's embedding with the question's (kb.semantic)


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None
    concepts: tuple[Concept, ...] = ()
    semantic: bool = False  # the hits were ordered with embeddings too (their ``similarity`` is set)
    # The similarity of every candidate section (not only the hits returned), best first: how far
    # the best stands out from the crowd is part of the answer's confidence.
    similarities: tuple[float, ...] = ()
    # The question as kb read it, when that differs from ``query``: without its greeting and thanks
    # (kb/text/pleasantries.py), misspelt words corrected (kb/index/meaning.py).
    understood: str = ""
