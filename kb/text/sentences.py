"""Splitting prose into sentences (summaries are one sentence; answers quote one)."""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# A sentence ends at . ! or ? followed by space and a capital, digit or quote — but not after a
# common abbreviation or a single initial.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "no.", "mr.", "mrs.", "ms.", "dr.", "st.")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations like "e.g." inside their sentence."""
    pieces = _SENTENCE_END_RE.split(text.strip())
    sentences: list[str] = []
    for piece in pieces:
        if (sentences and sentences[-1].split()[-1].lower() in _ABBREVIATIONS) or (
            sentences and re.search(r"(?:^|\s)[A-Z]\.$", sentences[-1])
        ):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences
