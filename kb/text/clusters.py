"""Greedy clustering of short texts by their word stems: tickets about one problem, questions about one gap.

Each item joins the existing group whose first item it is most similar to (at or above a
threshold), else starts a group. Candidate groups come from an inverted index of stems, so the
work grows with the number of groups that share a stem, not with all groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["cluster_by_stems", "jaccard"]

T = TypeVar("T")

#: How many candidate groups (those sharing the most stems) are scored for each item.
CANDIDATES = 20


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def cluster_by_stems(
    items: Iterable[T],
    stems: Callable[[T], frozenset[str]],
    similarity: Callable[[frozenset[str], frozenset[str]], float],
    threshold: float,
    *,
    max_posting: int | None = None,
) -> list[list[T]]:
    """``items`` in groups, in first-seen order (see the module docstring).

    A stem shared by more than ``max_posting`` groups is too common to suggest candidates.
    On equal similarity the group that shares more stems, then the older group, wins.
    """
    groups: list[list[T]] = []
    heads: list[frozenset[str]] = []
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for item in items:
        signature = stems(item)
        shared: Counter[int] = Counter()
        for stem in signature:
            posting = postings.get(stem, ())
            if max_posting is None or len(posting) <= max_posting:
                shared.update(posting)
        ranked = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[:CANDIDATES]
        best, best_score = -1, threshold
        for group, _count in ranked:
            score = similarity(signature, heads[group])
            if score > best_score or (best < 0 and score >= best_score):
                best, best_score = group, score
        if best >= 0:
            groups[best].append(item)
            continue
        groups.append([item])
        heads.append(signature)
        for stem in signature:
            postings[stem].append(len(groups) - 1)
    return groups
