"""Words and stems: how user text and document text are cut up, with the index's analyzer."""

from __future__ import annotations

import re
from functools import lru_cache

from kb.index.schema import ANALYZER

__all__ = ["MAX_QUERY_WORDS", "QUESTION_WORDS", "stems_of", "word_stem", "words_of", "words_of_all"]

MAX_QUERY_WORDS = 32
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)

# Words that carry no topic in a question ("how do I … my …"): they would only slow the query.
QUESTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "anyone",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "for",
        "from",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "hello",
        "help",
        "her",
        "here",
        "hi",
        "him",
        "his",
        "how",
        "i",
        "i'm",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "just",
        "know",
        "me",
        "might",
        "my",
        "need",
        "needs",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "please",
        "possible",
        "should",
        "so",
        "some",
        "someone",
        "something",
        "still",
        "than",
        "thanks",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "try",
        "trying",
        "us",
        "want",
        "wants",
        "was",
        "way",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "yes",
        "you",
        "your",
    ]
)


def words_of(text: str) -> list[str]:
    """The words of user text, lowercased, capped at ``MAX_QUERY_WORDS``."""
    return [w.replace("\u2019", "'") for w in WORD_RE.findall(text.lower())][:MAX_QUERY_WORDS]


def words_of_all(text: str) -> list[str]:
    """Every word of document text, lowercased (no cap)."""
    return WORD_RE.findall(text.lower())


def stems_of(text: str) -> list[str]:
    """Stems as the index stores them (stop words removed)."""
    return [t.text for t in ANALYZER(text)]


@lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """The stem of one word ("" for a stop word); cached, as snippets stem every word shown."""
    stems = stems_of(word)
    return stems[0] if stems else ""
