"""What a text means, as a vector: the packaged sentence-embedding model and the vectors cache.

- :class:`Encoder` / :func:`encoder` — texts to unit vectors (all-MiniLM-L6-v2, ONNX, int8);
  :func:`knows` — whether a word is one of the model's (a misspelling is not).
- :class:`VectorCache` — vectors by text digest in the data dir; a text is embedded once.
- :class:`WordVectors` — how well each word of a question finds a counterpart in a text.

kb.index re-ranks its best BM25F candidates by the cosine of the question's vector and each
section's; kb.answers uses that similarity, and the word-by-word match, in its confidence.
"""

from kb.semantic.alignment import WordVectors, word_vectors
from kb.semantic.cache import VectorCache, digest
from kb.semantic.encoder import (
    DIMENSIONS,
    MAX_TOKENS,
    Encoder,
    Vectors,
    encoder,
    knows,
    loaded,
    model_dir,
    model_id,
)

__all__ = [
    "DIMENSIONS",
    "MAX_TOKENS",
    "Encoder",
    "VectorCache",
    "Vectors",
    "WordVectors",
    "digest",
    "encoder",
    "knows",
    "loaded",
    "model_dir",
    "model_id",
    "word_vectors",
]
