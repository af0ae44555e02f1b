"""Search as you type: article titles and section headings that match the words typed so far.

Every word but the last must appear whole in the title or heading; the last is a prefix
("how do I pub" → "Publish a draft"). Question words and very common words ("how", "do", "i")
need not appear, so a customer can type a question. An article is suggested for its title and
a section for its heading; the more typed words its own text has the better, then articles
before sections, a title that starts with the prefix, shorter titles.

One :class:`SuggestTable` is built per index generation from the index's stored titles and
headings (not from the bodies), and lookups touch only the postings of the words typed.
"""

from __future__ import annotations

import bisect
import heapq
import re
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from kb.index.words import QUESTION_WORDS

__all__ = ["SuggestTable", "Suggestion"]

_WORD = re.compile(r"\w+")
#: Words typed that no title needs to contain (asked, not searched for).
_FILLER = frozenset(QUESTION_WORDS) | {"a", "an", "the", "to", "of", "in", "on", "for", "my", "i", "me", "it"}
#: Candidates scored for a short prefix that starts thousands of words.
_MAX_CANDIDATES = 400


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@dataclass(frozen=True, slots=True)
class Suggestion:
    title: str
    heading: str  # "" for the article itself
    url: str


@dataclass(frozen=True, slots=True)
class _Entry:
    suggestion: Suggestion
    title_words: tuple[str, ...]
    own_words: tuple[str, ...]  # the heading's words for a section, the title's for an article
    section: bool

    def matches_own(self, whole: list[str], prefix: str) -> int:
        """How many typed terms its own text has (a section is suggested for its heading)."""
        own = self.own_words
        found = sum(1 for w in whole if w in own)
        return found + (1 if prefix and any(w.startswith(prefix) for w in own) else 0)

    def has_prefix(self, prefix: str) -> bool:
        return any(w.startswith(prefix) for w in self.title_words) or any(w.startswith(prefix) for w in self.own_words)


class SuggestTable:
    """Titles and headings of one index generation, with a sorted vocabulary for prefixes."""

    def __init__(self, entries: Iterable[Suggestion], cache_size: int = 4096) -> None:
        self._entries: list[_Entry] = []
        postings: dict[str, list[int]] = {}
        seen: set[tuple[str, str, str]] = set()
        titles: dict[str, tuple[str, tuple[str, ...]]] = {}  # one copy of each title and its words
        for suggestion in entries:
            key = (suggestion.title, suggestion.heading, suggestion.url)
            if key in seen or not suggestion.title:
                continue
            seen.add(key)
            title, title_words = titles.get(suggestion.title) or titles.setdefault(
                suggestion.title, (suggestion.title, tuple(sys.intern(w) for w in _words(suggestion.title)))
            )
            section = bool(suggestion.heading)
            own = tuple(sys.intern(w) for w in dict.fromkeys(_words(suggestion.heading))) if section else title_words
            number = len(self._entries)
            shown = Suggestion(title, suggestion.heading, suggestion.url)
            self._entries.append(_Entry(shown, title_words, own, section))
            for word in set(title_words) | set(own):
                postings.setdefault(word, []).append(number)
        self._postings = {word: array("i", numbers) for word, numbers in postings.items()}  # 4 bytes a number
        self._vocabulary = sorted(postings)
        # Typing repeats itself ("pu", "pub", "publ" from every visitor): answers are kept.
        self._cached = lru_cache(maxsize=cache_size)(self._suggest)

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
        whole = tuple(dict.fromkeys(w for w in (typed if ends_in_space else typed[:-1]) if w not in _FILLER))
        return list(self._cached(whole, prefix, limit))

    def _suggest(self, whole: tuple[str, ...], prefix: str, limit: int) -> tuple[Suggestion, ...]:
        candidates: set[int] | None = None
        for word in sorted(whole, key=lambda w: len(self._postings.get(w, ()))):
            found = self._postings.get(word)
            if not found:
                return ()  # a whole word no title or heading has
            candidates = set(found) if candidates is None else candidates.intersection(found)
            if not candidates:
                return ()
        if prefix:
            if candidates is None:
                # Only the first word so far: the shortest completions first ("pub" → public, publish).
                candidates = set()
                words_with_prefix = sorted(self._prefixed(prefix), key=len)
                for word in [w for w in words_with_prefix if w not in _FILLER] or words_with_prefix:
                    candidates.update(self._postings[word][: _MAX_CANDIDATES - len(candidates)])
                    if len(candidates) >= _MAX_CANDIDATES:
                        break
            else:
                words_with_prefix = self._prefixed(prefix)
                if sum(len(self._postings[w]) for w in words_with_prefix) < len(candidates):
                    having: set[int] = set()  # fewer entries have the prefix than the whole words
                    for word in words_with_prefix:
                        having.update(self._postings[word])
                    candidates &= having
                else:
                    candidates = {n for n in candidates if self._entries[n].has_prefix(prefix)}
        if not candidates:
            return ()  # nothing, or only question words so far
        words = list(whole)
        scored = []
        for number in candidates:
            entry = self._entries[number]
            matched = entry.matches_own(words, prefix)
            if matched:
                starts = 0 if prefix and entry.title_words and entry.title_words[0].startswith(prefix) else 1
                scored.append((-matched, entry.section, starts, len(entry.title_words), number))
        shown: list[Suggestion] = []
        urls: set[str] = set()
        for *_rank, number in heapq.nsmallest(limit * 3, scored):
            suggestion = self._entries[number].suggestion
            if suggestion.url not in urls:
                urls.add(suggestion.url)
                shown.append(suggestion)
                if len(shown) == limit:
                    break
        return tuple(shown)
