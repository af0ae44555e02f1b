"""The second stage of ranking: the best BM25F candidates re-scored with what BM25 cannot see.

BM25F scores each word on its own. On the few best candidates kb also looks at:

- **coverage**: the share of the question's information (concept weights) the section holds;
  a section matching one rare word very often should not beat one holding every idea;
- **the heading names the question**: the share of the concept weight found in the section's
  heading and its parents' (customers often type a heading's words);
- **nearness**: question concepts that stand next to each other in the section (within a few
  words), the proximity signal of BM25TP (Rasolofo & Savoy, 2003) computed on stored text.

The weights are in :class:`RankParams`, tuned with the BM25F ones (bench/quality.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.index.words import word_stem, words_of_all

__all__ = ["DEFAULT_RANK", "RankParams", "Scored", "concept_positions", "rerank_score"]

_PROXIMITY_WINDOW = 3
_PROXIMITY_WORDS = 400  # the opening of a long section is where its topic is


@dataclass(frozen=True)
class RankParams:
    coverage_floor: float = 0.5
    coverage_power: float = 1.0
    heading: float = 0.5
    proximity: float = 0.2
    candidates: int = 30
    guess: float = 0.5  # what matching a concept through another alternative is worth


DEFAULT_RANK = RankParams()


@dataclass(frozen=True)
class Scored:
    score: float
    coverage: float
    heading_coverage: float
    proximity: float
    matched: frozenset[str]


def _stems(text: str) -> list[str]:
    return [word_stem(w) for w in words_of_all(text)]


def concept_positions(stems: Sequence[str], concepts: Sequence[frozenset[str]]) -> list[int]:
    """For each word, the number of the concept it belongs to (-1 for none)."""
    lookup: dict[str, int] = {}
    for number, concept in enumerate(concepts):
        for stem in concept:
            lookup.setdefault(stem, number)
    return [lookup.get(s, -1) for s in stems]


def _proximity(positions: Sequence[int], concepts: int) -> float:
    """Share of concept pairs (of different concepts) that occur within a few words."""
    if concepts < 2:
        return 0.0
    near: set[tuple[int, int]] = set()
    last: dict[int, int] = {}
    for index, concept in enumerate(positions):
        if concept < 0:
            continue
        for other, seen in last.items():
            if other != concept and index - seen <= _PROXIMITY_WINDOW:
                near.add((min(other, concept), max(other, concept)))
        last[concept] = index
    return min(1.0, len(near) / (concepts - 1))


def rerank_score(
    base: float,
    fields: Mapping[str, str],
    concepts: Sequence[tuple[float, frozenset[str], Sequence[Sequence[str]], bool]],
    params: RankParams = DEFAULT_RANK,
) -> Scored:
    """The final score of one candidate with BM25F score ``base`` and stored ``fields``.

    ``concepts``: (weight, every stem of the concept, its alternatives, whether the
    alternatives after the first are a spelling correction of an unknown word) per concept."""
    total = sum(c[0] for c in concepts) or 1.0
    heading_text = " ".join((fields.get("heading_text", ""), fields.get("parents", "")))
    title, heading = _stems(fields.get("title_text", "")), _stems(heading_text)
    heading_stems = set(heading) | (set(title) if fields.get("kind") == "lead" else set())
    opening = title + heading + _stems(fields.get("summary", ""))
    body_stems = _stems(fields.get("body", ""))
    text_stems = (opening + body_stems)[:_PROXIMITY_WORDS]
    all_present = heading_stems | set(opening) | set(body_stems)

    def share(stems: set[str]) -> float:
        covered = 0.0
        for weight, _s, alternatives, corrected in concepts:
            if set(alternatives[0]) <= stems:
                covered += weight
            elif any(set(a) <= stems for a in alternatives[1:]):
                # A spelling correction of a word no page has is a guess at what was meant.
                covered += weight * (params.guess if corrected else 1.0)
        return covered / total

    coverage = share(all_present)
    heading_coverage = share(heading_stems)
    positions = concept_positions(text_stems, [c[1] for c in concepts])
    proximity = _proximity(positions, len(concepts))
    score = (
        base
        * (params.coverage_floor + coverage) ** params.coverage_power
        * (1.0 + params.heading * heading_coverage)
        * (1.0 + params.proximity * proximity)
    )
    matched = frozenset(s for c in concepts for s in c[1] if s in all_present)
    return Scored(score, coverage, heading_coverage, proximity, matched)
