"""Whether a word no page has was typed on purpose, or is a typo of the correction search found.

Search corrects a word no page has to the docs' nearest word (kb/index/search.py). The correction
always joins the search as an alternative, since it finds more than it loses; but it is offered
as "Did you mean" and read by the embedding model in place of the word only when the word was
not typed on purpose. A word is taken as typed on purpose when:

- the embedding model knows it (``kb.semantic.knows``): "cant" is not "can", "clash" is not
  "crash";
- or it is an English word used at least 15 % as often as its correction
  (``kb.text.meant_as_typed``): "bake" is not "bare", "keywords" is not "keyboards", but "pone"
  is "phone". A correction the English list does not hold (the docs' own jargon: "webhook")
  counts as used 0 times, so any English word typed is taken as meant rather than as its typo.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from whoosh.spelling import ListCorrector

from kb.index.words import MAX_QUERY_WORDS, WORD_RE, words_of
from kb.semantic import knows
from kb.text import meant_as_typed, one_slip

__all__ = ["nearest_word", "typed_on_purpose", "with_corrections"]


def nearest_word(corrector: ListCorrector, vocabulary: Counter[str], word: str) -> str:
    """The docs' most frequent word within two edits of ``word`` (by ``corrector``, over the
    index's words, counted in ``vocabulary``), or "" when there is none."""
    # Typos keep the first letter and are one edit (or one swap) away in short words, two in
    # long ones; looser rules turn real but unknown words ("france") into others ("glance").
    # A swap of two letters ("exprot") is two edits, so it is allowed for any word length.
    candidates = list(corrector.suggest(word, limit=12, maxdist=2, prefix=1))
    candidates = [c for c in candidates if c != word and (len(word) >= 8 or one_slip(word, c))]
    if not candidates:
        return ""
    return str(max(candidates, key=lambda c: (vocabulary[c], -abs(len(c) - len(word)))))


def typed_on_purpose(word: str, correction: str) -> bool:
    """Whether ``word`` (lower case) is the word the customer meant rather than a typo of
    ``correction``."""
    return knows(word) or meant_as_typed(word, correction)


def with_corrections(text: str, corrections: Mapping[int, str]) -> str:
    """The "Did you mean" text: ``text`` as typed, each corrected word (by its position among the text's
    words, as ``words_of`` counts them) replaced, capitalised where the typed word was. Spacing,
    punctuation and the other words stay: "Install a pluggin from a .jpl file?" → "Install a
    plugin from a .jpl file?"."""
    if not corrections:
        return text
    matches = list(WORD_RE.finditer(text))[:MAX_QUERY_WORDS]
    words = words_of(text)
    if [m.group().lower().replace("\u2019", "'") for m in matches] != words:
        # Lower-casing changed the words (a rare letter such as "İ"): the words, corrected.
        return " ".join(corrections.get(i, word) for i, word in enumerate(words))
    parts: list[str] = []
    start = 0
    for position, match in enumerate(matches):
        fix = corrections.get(position)
        if fix is None:
            continue
        typed = match.group()
        parts += [text[start : match.start()], fix.capitalize() if typed[:1].isupper() else fix]
        start = match.end()
    return "".join(parts) + text[start:]
