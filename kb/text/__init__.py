"""Text shared by every concept: sentences, Markdown → plain text, what a customer's message asks."""

from __future__ import annotations

from kb.text.asking import asking_sentence, refers_back, standalone_question
from kb.text.clusters import cluster_by_stems, jaccard
from kb.text.english import load as load_english
from kb.text.english import meant_as_typed
from kb.text.lexicon import ACKNOWLEDGEMENTS, EMPATHY, GREETINGS, OFFERS, SIGNOFFS, phrase_pattern
from kb.text.plaintext import markdown_to_text, paragraphs
from kb.text.pleasantries import without_pleasantries
from kb.text.sentences import split_message, split_sentences
from kb.text.stopwords import ENGLISH_STOP_WORDS
from kb.text.typos import one_edit, one_slip

__all__ = [
    "ACKNOWLEDGEMENTS",
    "EMPATHY",
    "ENGLISH_STOP_WORDS",
    "GREETINGS",
    "OFFERS",
    "SIGNOFFS",
    "asking_sentence",
    "cluster_by_stems",
    "jaccard",
    "load_english",
    "markdown_to_text",
    "meant_as_typed",
    "one_edit",
    "one_slip",
    "paragraphs",
    "phrase_pattern",
    "refers_back",
    "split_message",
    "split_sentences",
    "standalone_question",
    "without_pleasantries",
]
