"""The section index (Whoosh): the only part of kb that imports whoosh.

- :func:`build_index` — full build into a fresh folder, swapped in atomically.
- :func:`update_articles` — incremental add/update/delete of articles.
- :class:`SectionIndex` — an open searcher for user questions.
"""

from kb.index.build import IndexStats, build_index, current_index_dir, update_articles, write_lock
from kb.index.meaning import embedding_text
from kb.index.results import Concept, Hit, SearchResults
from kb.index.search import SectionIndex
from kb.index.snippets import snippet
from kb.index.suggest import Suggestion
from kb.index.words import QUESTION_WORDS, stems_of, word_stem, words_of

__all__ = [
    "QUESTION_WORDS",
    "Concept",
    "Hit",
    "IndexStats",
    "SearchResults",
    "SectionIndex",
    "Suggestion",
    "build_index",
    "current_index_dir",
    "embedding_text",
    "snippet",
    "stems_of",
    "update_articles",
    "word_stem",
    "words_of",
    "write_lock",
]
