"""Splitting prose into sentences (summaries are one sentence; answers quote one)."""

from __future__ import annotations

import re

__all__ = ["split_message", "split_sentences"]

# A sentence ends at . ! or ? followed by space and a capital, digit or quote — but not after a
# common abbreviation or a single initial.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# What people type starts sentences in lower case too ("i use linux. sync fails"): any run of
# . ! or ? after a letter, a digit or a closing quote or bracket, then space, ends one.
_TYPED_END_RE = re.compile(r"(?:(?<=[^\W_])|(?<=[\"')\]]))[.!?]+[\"')\]]*(?=\s)")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "no.", "mr.", "mrs.", "ms.", "dr.", "st.")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations like "e.g." inside their sentence."""
    return _joined(_SENTENCE_END_RE.split(text.strip()))


def split_message(text: str) -> list[str]:
    """Split what someone typed (a question, a message) into sentences: as :func:`split_sentences`,
    but a sentence may start in lower case."""
    typed = " ".join(text.split())
    pieces, start = [], 0
    for end in _TYPED_END_RE.finditer(typed):  # the closing marks stay with their sentence
        pieces.append(typed[start : end.end()].strip())
        start = end.end()
    return _joined([*pieces, typed[start:].strip()])


def _joined(pieces: list[str]) -> list[str]:
    """``pieces`` with each one that follows an abbreviation or an initial put back on it."""
    sentences: list[str] = []
    for piece in pieces:
        if (sentences and sentences[-1].split()[-1].lower() in _ABBREVIATIONS) or (
            sentences and re.search(r"(?:^|\s)[A-Z]\.$", sentences[-1])
        ):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece.strip():
            sentences.append(piece)
    return sentences
