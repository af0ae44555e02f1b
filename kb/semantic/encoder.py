"""Sentence embeddings: all-MiniLM-L6-v2 run by onnxruntime, tokenised by Hugging Face tokenizers.

The model ships inside the package (``kb/semantic/model/``, 23 MB: the sentence-transformers
model exported to ONNX and quantised to int8 per channel; ``bench/model/export_minilm.py`` makes
it and ``model/NOTICE.md`` says where it comes from). Nothing is downloaded at run time.

An embedding is the mean of the last layer's token vectors over the real tokens, L2-normalised,
exactly as sentence-transformers pools this model, so the cosine of two texts is their dot
product. Texts are cut at :data:`MAX_TOKENS` word pieces: a section's heading and opening say what
it is about, and the cost of a text grows with its length.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["DIMENSIONS", "MAX_TOKENS", "Encoder", "Vectors", "encoder", "knows", "loaded", "model_dir", "model_id"]

DIMENSIONS = 384
MAX_TOKENS = 128

Vectors = npt.NDArray[np.float32]
_ENDINGS = ("s", "es", "ed", "ing", "ly", "er", "ers")


def model_dir() -> Path:
    """The packaged model's folder."""
    return Path(str(resources.files("kb.semantic") / "model"))


@cache
def model_id() -> str:
    """Names the model's weights: vectors made by another model are never mixed with these."""
    digest = hashlib.sha256()
    with (model_dir() / "model.onnx").open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return f"minilm-l6-v2-int8-{digest.hexdigest()[:12]}"


class Encoder:
    """Turns texts into unit vectors of :data:`DIMENSIONS` numbers; safe to share between threads."""

    def __init__(self, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        folder = model_dir()
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer

    def encode(self, texts: list[str]) -> Vectors:
        """One row per text, in order. Each text is run on its own: the int8 model scales its
        activations per call, so a text always gets the same vector whatever it is embedded with
        (and without padding, one at a time is as fast as batches here)."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = np.array([self._tokenizer.encode(text or " ").ids], dtype=np.int64)
            mask = np.ones_like(ids)
            (states,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            pooled = states[0].mean(axis=0)
            result[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return result


@cache
def _vocabulary() -> Tokenizer:
    from tokenizers import Tokenizer  # imported when first needed, as the model is

    return Tokenizer.from_file(str(model_dir() / "tokenizer.json"))


def knows(word: str) -> bool:
    """Whether ``word`` (lower case) is a word of the model's vocabulary: whole, with an English
    ending (-s, -es, -ed, -ing, -ly, -er, -ers) after one, or a negation typed without its
    apostrophe ("dont", "cant"). A word it does not know is cut into word pieces; when that word
    is a misspelling, the pieces mean nothing. Reads the tokenizer only, not the model."""
    vocabulary = _vocabulary().token_to_id
    if vocabulary(word) is not None:
        return True
    if word.endswith("nt") and vocabulary(word[:-1]) is not None:
        return True
    return any(
        word.endswith(ending) and len(word) - len(ending) >= 3 and vocabulary(word[: -len(ending)]) is not None
        for ending in _ENDINGS
    )


@cache
def encoder(threads: int = 1) -> Encoder:
    """The process's encoder with ``threads`` compute threads (1 for questions: the server runs
    several at once; more for indexing), loaded once."""
    return Encoder(threads)


def loaded() -> bool:
    """Whether this process has loaded the model already (a server has; a fresh command has not)."""
    return encoder.cache_info().currsize > 0
