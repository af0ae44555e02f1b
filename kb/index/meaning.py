"""The semantic half of ranking: each candidate section's similarity to the question.

BM25F finds sections that share the question's words; customers often use other words than the
docs ("stop a link from breaking" for "rename a heading safely"). So the best BM25F candidates
are ordered again by a mix of their lexical score and the cosine of their embedding with the
question's (kb/semantic): ``(1 - w) * score / best score + w * cosine``, ``w`` being the
``semantic_weight`` setting. This is the hybrid "retrieve with BM25, re-rank densely" of the
BEIR benchmark's strongest cheap systems: only the candidates are compared, so a question costs
one embedding (about 2 ms) whatever the size of the help centre.

A section's embedding is of its title, heading, (for a lead) the summary and the opening of its
body. The model reads 128 word pieces, so a long section is also embedded passage by passage
(each headed by its title and heading), and its similarity is the mean of its opening's and its
best passage's: the opening says what the section is about, the best passage finds an answer
further down (FirstP and MaxP of Dai & Callan, 2019, "Deeper text understanding for IR with
contextual neural language modeling"; their mean beat either alone on every corpus we have,
bench/README.md). The vectors are computed when the section is indexed and kept by text in the
data dir.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from kb.config import Settings
from kb.index.results import Concept
from kb.index.spelling import typed_on_purpose
from kb.index.words import words_of
from kb.progress import Progress
from kb.semantic import VectorCache, encoder, loaded
from kb.text import one_slip

__all__ = ["Meaning", "embedding_text", "embedding_texts"]

_BODY_CHARS = 1500  # well past the model's 128 word pieces
_PASSAGE_CHARS = 600  # about 128 word pieces of English prose
# Passages embedded after a section's opening, at most: about 14,000 characters. A longer section's
# rest is still found by its words; embedding all of a 200 KB section would cost the first question
# that meets it after a publish (which leaves embedding to search) several seconds.
_MAX_PASSAGES = 24
_ALL_CORES_FROM = 200  # sections: below this, loading a multi-threaded encoder costs more than it saves


def embedding_text(fields: Mapping[str, object]) -> str:
    """The text a section is embedded as, from its stored (or to-be-stored) fields."""
    parts = [str(fields.get("title_text", "")), str(fields.get("heading_text", ""))]
    if fields.get("kind") == "lead":
        parts.append(str(fields.get("summary", "")))
    body = fields.get("_stored_body", fields.get("body", ""))
    parts.append(str(body)[:_BODY_CHARS] if isinstance(body, str) else "")
    return ". ".join(part for part in parts if part)


def embedding_texts(fields: Mapping[str, object]) -> list[str]:
    """Every text a section is embedded as: :func:`embedding_text` (its opening), then, when its
    body is longer than one passage, each further passage of at most ``_PASSAGE_CHARS`` (cut at a
    line end or a sentence end when there is one) after the title and heading."""
    body = fields.get("_stored_body", fields.get("body", ""))
    opening = embedding_text(fields)
    if not isinstance(body, str) or len(body) <= _PASSAGE_CHARS:
        return [opening]
    head = ". ".join(str(fields.get(key, "")) for key in ("title_text", "heading_text") if fields.get(key))
    texts = [opening]
    for number, passage in enumerate(itertools.islice(_passages(body), _MAX_PASSAGES + 1)):
        if number and passage:  # the first passage is the opening's
            texts.append(f"{head}. {passage}" if head else passage)
    return texts


def _passages(body: str) -> Iterator[str]:
    """``body`` cut in pieces of at most ``_PASSAGE_CHARS``, each ending at the last line end,
    else the last sentence end, else the last space of its window (found with ``rfind``: this
    runs for every candidate of every question)."""
    start, size = 0, len(body)
    while size - start > _PASSAGE_CHARS:
        window = start + _PASSAGE_CHARS
        cut = body.rfind("\n", start + 1, window)
        if cut <= start:
            sentence_end = max(body.rfind(". ", start + 1, window), body.rfind("? ", start + 1, window))
            cut = sentence_end + 1 if sentence_end > start else body.rfind(" ", start + 1, window)
        if cut <= start:
            cut = window
        yield " ".join(body[start:cut].split())
        start = cut
    yield " ".join(body[start:].split())


class Meaning:
    """Embeddings of a data dir's sections and of questions (off when the weight is 0)."""

    def __init__(self, settings: Settings) -> None:
        self.weight = settings.semantic_weight
        self._cache = VectorCache(settings.vectors_path) if self.weight > 0 else None

    def warm(self) -> None:
        """Load the model and the sections' vectors now (about 0.5 s at 10,000 articles), not
        one candidate at a time on the first questions."""
        if self._cache is not None:
            encoder(1).encode(["warm up"])
            self._cache.preload()

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def index(
        self, sections: Sequence[Mapping[str, object]], progress: Progress | None = None, *, eager: bool = True
    ) -> None:
        """Embed the sections not embedded before; ``progress`` counts them. A full build uses
        every core; a publish's few sections use the questions' encoder, already loaded in the
        server, instead of loading a second one. With ``eager`` False, nothing is done unless the
        model is already loaded: a command that publishes one article would spend longer loading
        the model (~0.3 s) than the first search spends embedding its sections (~10 ms each)."""
        if self._cache is not None and sections and (eager or loaded()):
            texts = [text for f in sections for text in embedding_texts(f)]
            threads = (os.cpu_count() or 1) if len(texts) >= _ALL_CORES_FROM else 1
            self._cache.vectors(texts, threads=threads, persist=True, progress=progress)

    def forget_all_but(self, sections: Sequence[Mapping[str, object]]) -> None:
        """After a full build: drop the vectors of texts no section has any more."""
        if self._cache is not None:
            self._cache.prune(text for f in sections for text in embedding_texts(f))

    def understood(self, text: str, concepts: Sequence[Concept]) -> str:
        """The question as the model reads it: with each misspelt word replaced by its correction.

        The model cuts a word it does not know into word pieces, and a misspelling's pieces mean
        nothing ("stck": "st", "##ck"), so the question's meaning is lost with it. A correction
        (from the index's words, kb/index/search.py) is taken only when it is one edit or one swap
        away and the word was not typed on purpose (kb/index/spelling.py): "cant" stays (the
        correction would be "can"), as do "clash" ("crash") and "bake" ("bare")."""
        if self._cache is None:
            return text
        fixes = {c.words: c.corrected for c in concepts if c.corrected and one_slip(c.words, c.corrected)}
        fixes = {word: fix for word, fix in fixes.items() if not typed_on_purpose(word, fix)}
        return " ".join(fixes.get(word, word) for word in words_of(text)) if fixes else text

    def similarities(self, question: str, sections: Sequence[Mapping[str, object]]) -> list[float]:
        """Each section's similarity to the question: the mean of the cosines of the question's
        embedding with the section's opening and with its best passage (all 0 when off)."""
        if self._cache is None or not sections:
            return [0.0] * len(sections)
        asked = encoder(1).encode([question])[0]
        texts = [embedding_texts(f) for f in sections]
        cosines = np.clip(self._cache.vectors([text for group in texts for text in group]) @ asked, -1.0, 1.0)
        similarities: list[float] = []
        start = 0
        for group in texts:
            opening, best = float(cosines[start]), float(cosines[start : start + len(group)].max())
            similarities.append((opening + best) / 2)
            start += len(group)
        return similarities
