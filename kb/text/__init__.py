"""Text shared by every concept: sentences and Markdown → plain text."""

from __future__ import annotations

from kb.text.plaintext import markdown_to_text, paragraphs
from kb.text.sentences import split_sentences

__all__ = [
    "markdown_to_text",
    "paragraphs",
    "split_sentences",
]
