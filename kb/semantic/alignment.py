"""How well each word of a question finds a counterpart in a text: soft word matching.

A section can be about the question's subject without saying what was asked ("web clipper for
Safari" against a section on the clipper for Chrome and Firefox; "how much does it cost" against
the product's overview). The sentence embeddings of both are close. Word by word, the asked-for
word has no counterpart. Each question word gets the best cosine between its word pieces and any
word piece of the text, with the model's own input word-piece vectors (the embedding layer of
all-MiniLM-L6-v2, ``model/words.npy``, unit rows stored as int8). The same word scores 1, a word
sharing pieces about 0.7 ("syncing", "synchronise"), a near-synonym about 0.5 ("cost", "price";
"photo", "picture"), a sibling about 0.3 ("safari", "chrome") and an unrelated word about 0. This
is the late-interaction idea of ColBERT (Khattab & Zaharia, 2020) on static vectors, so it costs a
tokenisation and a small matrix product (about 0.5 ms for a question against two sections), not a
model run. kb.answers turns the scores into features of its confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from kb.semantic.encoder import Vectors, model_dir

__all__ = ["WordVectors", "word_vectors"]

_SPECIAL = frozenset({"[CLS]", "[SEP]", "[UNK]", "[PAD]"})


class WordVectors:
    """The model's word-piece vectors and its tokenizer; safe to share between threads."""

    def __init__(self) -> None:
        from tokenizers import Tokenizer

        folder = model_dir()
        self._vectors = np.load(folder / "words.npy", mmap_mode="r")
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_truncation()

    def _pieces(self, text: str) -> list[int]:
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        return [i for i, token in zip(encoding.ids, encoding.tokens, strict=True) if token not in _SPECIAL]

    def _rows(self, ids: Sequence[int]) -> Vectors:
        rows: Vectors = np.asarray(self._vectors[list(ids)], dtype=np.float32)
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        return rows

    def alignment(self, words: Sequence[str], text: str) -> list[float]:
        """For each of ``words`` (a question's content words), the best cosine of its word pieces
        with the word pieces of ``text``, averaged over its pieces; [] when either has none."""
        pieces = [self._pieces(word) for word in words]
        pieces = [p for p in pieces if p]
        targets = sorted(set(self._pieces(text)))
        if not pieces or not targets:
            return []
        asked = [i for p in pieces for i in p]
        best = (self._rows(asked) @ self._rows(targets).T).max(axis=1)
        scores, start = [], 0
        for p in pieces:
            scores.append(float(best[start : start + len(p)].mean()))
            start += len(p)
        return scores


@cache
def word_vectors() -> WordVectors:
    """The process's word vectors, loaded once (12 MB, mapped from the package)."""
    return WordVectors()
