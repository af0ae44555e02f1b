"""Search as you type: article titles and section headings that match the words typed so far.

Every word but the last must appear whole in the title or heading; the last is a prefix
("how do I pub" → "Publish a draft"). Question words and very common words ("how", "do", "i")
need not appear, so a customer can type a question. Titles beat headings, and a prefix that
starts the title beats one inside it.

One :class:`SuggestTable` is built per index generation from the index's stored titles and
headings (not from the bodies), and lookups touch only the postings of the words typed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kb.index.words import QUESTION_WORDS

__all__ = ["SuggestTable", "Suggestion"]

_WORD = re.compile(r"\w+")
#: Words typed that no title needs to contain (asked, not searched for).
_FILLER = frozenset(QUESTION_WORDS) | {"a", "an", "the", "to", "of", "in", "on", "for", "my", "i", "me", "it"}
#: Candidates scored for a short prefix that starts thousands of words.
_MAX_CANDIDATES = 2000


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@dataclass(frozen=True)
class Suggestion:
    title: str
    heading: str  # "" for the article itself
    url: str


@dataclass(frozen=True)
class _Entry:
    suggestion: Suggestion
    title_words: tuple[str, ...]
    heading_words: frozenset[str]
    words: frozenset[str]  # title and heading words

    def heading_matches(self, whole: list[str], prefix: str) -> bool:
        """A section is suggested for its heading: the article itself stands for its title."""
        if not self.suggestion.heading:
            return True
        return any(w in self.heading_words for w in whole) or bool(
            prefix and any(w.startswith(prefix) for w in self.heading_words)
        )


class SuggestTable:
    """Titles and headings of one index generation, with a sorted vocabulary for prefixes."""

    def __init__(self, entries: Iterable[Suggestion]) -> None:
        self._entries: list[_Entry] = []
        postings: dict[str, list[int]] = {}
        seen: set[tuple[str, str, str]] = set()
        for suggestion in entries:
            key = (suggestion.title, suggestion.heading, suggestion.url)
            if key in seen or not suggestion.title:
                continue
            seen.add(key)
            title_words = tuple(_words(suggestion.title))
            heading_words = frozenset(_words(suggestion.heading))
            words = frozenset(title_words) | heading_words
            number = len(self._entries)
            self._entries.append(_Entry(suggestion, title_words, heading_words, words))
            for word in words:
                postings.setdefault(word, []).append(number)
        self._postings = postings
        self._vocabulary = sorted(postings)

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def from_stored(cls, documents: Iterable[Mapping[str, object]]) -> SuggestTable:
        """From the index's stored fields: an article's lead document gives its title, each
        section its heading (its URL with the anchor)."""

        def suggestions() -> Iterable[Suggestion]:
            for doc in documents:
                title, url = str(doc.get("title_text") or ""), "/" + str(doc.get("url") or "").lstrip("/")
                anchor, heading = str(doc.get("anchor") or ""), str(doc.get("heading_text") or "")
                if doc.get("kind") == "lead" or not anchor:
                    yield Suggestion(title, "", url)
                elif heading and heading != title:
                    yield Suggestion(title, heading, url if "#" in url else f"{url}#{anchor}")

        return cls(suggestions())

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self._vocabulary, prefix)
        end = bisect.bisect_left(self._vocabulary, prefix + "\U0010ffff", start)
        return self._vocabulary[start:end]

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """The best ``limit`` titles and headings for what was typed (``[]`` for nothing useful)."""
        typed = _words(text)
        if not typed or limit < 1:
            return []
        ends_in_space = text[-1:].isspace()
        prefix = "" if ends_in_space else typed[-1]
        whole = [w for w in (typed if ends_in_space else typed[:-1]) if w not in _FILLER]
        candidates: set[int] | None = None
        for word in sorted(set(whole), key=lambda w: len(self._postings.get(w, ()))):
            found = self._postings.get(word)
            if not found:
                return []  # a whole word no title or heading has
            candidates = set(found) if candidates is None else candidates & set(found)
            if not candidates:
                return []
        if prefix:
            words = self._prefixed(prefix)
            if candidates is None:
                with_prefix: set[int] = set()
                for word in sorted(words, key=lambda w: -len(self._postings[w])):
                    with_prefix.update(self._postings[word])
                    if len(with_prefix) >= _MAX_CANDIDATES:
                        break
                candidates = with_prefix
            else:
                candidates = {n for n in candidates if any(w.startswith(prefix) for w in self._entries[n].words)}
        if candidates is None:
            return []  # only question words so far
        candidates = {n for n in candidates if self._entries[n].heading_matches(whole, prefix)}
        if not candidates:
            return []
        ranked = sorted(candidates, key=lambda n: self._rank(self._entries[n], whole, prefix))
        shown: list[Suggestion] = []
        urls: set[str] = set()
        for number in ranked:
            suggestion = self._entries[number].suggestion
            if suggestion.url not in urls:
                urls.add(suggestion.url)
                shown.append(suggestion)
                if len(shown) == limit:
                    break
        return shown

    @staticmethod
    def _rank(entry: _Entry, whole: list[str], prefix: str) -> tuple[int, int, int, int, str]:
        """Most typed words in its own text (the heading of a section, the title of an article),
        then articles before sections, a title that starts with the prefix, shorter titles."""
        own = entry.heading_words if entry.suggestion.heading else frozenset(entry.title_words)
        matched = sum(1 for w in whole if w in own) + (1 if prefix and any(w.startswith(prefix) for w in own) else 0)
        title = entry.title_words
        starts = 0 if prefix and title and title[0].startswith(prefix) else 1
        section = 1 if entry.suggestion.heading else 0
        return (-matched, section, starts, len(title), entry.suggestion.title.casefold())
