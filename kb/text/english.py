"""English usage: how often a word is used in English, from pyspellchecker's word frequencies.

Spelling correction asks it whether a word no page has is a real word typed on purpose or a
typo of a word the docs do have: "bake" is used half as often as "bare" and is meant; "pone" is
used a three-thousandth as often as "phone" and is a typo. The list (about 160,000 words with
their counts in a large English text collection) is loaded once, on the first question that has
a word no page has (about 70 ms).
"""

from __future__ import annotations

import gzip
import logging
import re
from functools import cache
from importlib import resources

import numpy as np

__all__ = ["MEANT_RATIO", "load", "meant_as_typed", "usage"]

_log = logging.getLogger(__name__)

_WIDTH = 24  # bytes: longer words are left out (none a customer would type by mistake)
_ENTRY = re.compile(rb'"([^"\\]{1,%d})": (\d+)' % _WIDTH)

#: A word typed is taken as meant when it is used at least this share as often as its
#: correction. On the six help centres' questions (clean, and with one typo in each, three
#: seeds), every real word a correction would have replaced scored 0.18 or more ("shrunk" for
#: "shrink" 0.18, "toots" for "toot" 0.24, "keywords" for "keyboards" 0.66; "bake" for "base"
#: 0.19), and every typo that is also a rare English word scored 0.13 or less ("pone" for
#: "pane" 0.13, "tapered" for "tampered" 0.08, "crick" for "click" 0.06; bench/README.md,
#: "Did you mean").
MEANT_RATIO = 0.15


_EXPECTED = 100_000  # entries; pyspellchecker 0.8 to 0.9 ship about 160,000


@cache
def _table() -> tuple[np.ndarray, np.ndarray]:
    """pyspellchecker's English list (``{"word": count, ...}``, gzipped JSON) as two arrays, the
    words sorted for a binary search and their counts: 5 MB, where the library's own dictionary
    of 160,000 Python strings costs each server worker 27 MB. A list that cannot be read is
    logged, and then no word counts as English (spelling falls back to the model's vocabulary)."""
    try:
        listing = resources.files("spellchecker") / "resources" / "en.json.gz"
        entries = sorted(_ENTRY.findall(gzip.decompress(listing.read_bytes())))
    except (OSError, ModuleNotFoundError, EOFError) as error:
        _log.warning("the English word list of pyspellchecker cannot be read (%s): reinstall kb", error)
        entries = []
    if len(entries) < _EXPECTED:
        _log.warning("pyspellchecker's English word list has %d words, not about 160,000", len(entries))
    words = np.array([word for word, _count in entries], dtype=f"S{_WIDTH}")
    return words, np.array([int(count) for _word, count in entries], dtype=np.int64)


def load() -> None:
    """Read the word list now (about 70 ms), not on the first question that needs it."""
    _table()


def usage(word: str) -> int:
    """How often ``word`` (any case) is used in English: 0 for a word the list does not hold."""
    words, counts = _table()
    key = word.casefold().encode()
    if not key or len(key) > _WIDTH or not len(words):
        return 0
    at = int(np.searchsorted(words, key))
    return int(counts[at]) if at < len(words) and words[at] == key else 0


def meant_as_typed(word: str, correction: str) -> bool:
    """Whether ``word`` is an English word used often enough, next to ``correction``, that the
    customer meant it rather than mistyped ``correction``."""
    typed = usage(word)
    return typed > 0 and typed >= MEANT_RATIO * usage(correction)
