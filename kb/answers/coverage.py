"""How much of a question a piece of text holds: shared by the sentence choice and the confidence."""

from __future__ import annotations

from collections.abc import Sequence

from kb.index import Concept, word_stem, words_of

__all__ = ["concept_coverage", "text_stems"]


def text_stems(text: str) -> set[str]:
    """The stems of the words of ``text``, as the index stems them."""
    return {word_stem(w) for w in words_of(text)} - {""}


def concept_coverage(stems: set[str], concepts: Sequence[Concept]) -> float:
    """The share of the question's information (concept weights) that ``stems`` hold."""
    total = sum(c.weight for c in concepts) or 1.0
    covered = sum(c.weight for c in concepts if any(set(a) <= stems for a in c.alternatives))
    return covered / total
