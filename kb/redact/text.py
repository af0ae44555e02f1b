"""What every detector shares: the mask characters, word lists, and case folding for pre-checks.

Detectors run one after the other over a *masked* copy of the text (see :mod:`kb.redact.scan`):
each finding is blanked out before the next detector looks, with characters no pattern can match.

Most texts hold no data of most kinds, and a regex that starts with a look-behind or a
case-insensitive alternation is tried at every position of the text, which makes such a scan the
slow part of redaction. So each detector first asks a cheap question whose "no" proves its
patterns cannot match — is there an "@", a run of twelve digits, the word "password" — and
skips them. :func:`folded` makes those questions safe for the case-insensitive patterns.
"""

from __future__ import annotations

__all__ = ["EMAIL_MASK", "MASK", "MASKS", "folded", "word_set"]

# Blanks out what a detector already claimed. NUL is neither a word character, a digit nor
# whitespace, so no later pattern can match through it or glue two halves of a value together.
# Emails get a mask of their own (SOH) so that the name detector can see "Anna Schmidt <...>".
MASK = "\x00"
EMAIL_MASK = "\x01"
MASKS = frozenset((MASK, EMAIL_MASK))

# re.IGNORECASE takes four non-ASCII letters for ASCII ones that str.lower() leaves alone (or,
# for "İ", turns into two characters): the Turkish dotted and dotless i, the long s and the
# Kelvin sign. Folding them first keeps a plain substring test in line with the regex.
_TWIN_CHARS = "\u0130\u0131\u017f\u212a"
_IGNORECASE_TWINS = str.maketrans(_TWIN_CHARS, "iisk")


def folded(text: str) -> str:
    """``text`` in lower case as ``re.IGNORECASE`` sees it, for cheap "can this match?" tests.

    If a case-insensitive pattern matches ``text[i:j]``, every Latin letter it matched appears in
    lower case at the same place in ``folded(text)``: the result has the same length, the same
    word characters and the same whitespace as ``text``. So ``"password" not in folded(text)``
    proves that ``(?i:password)`` cannot match.
    """
    if not text.isascii() and any(char in text for char in _TWIN_CHARS):
        text = text.translate(_IGNORECASE_TWINS)
    return text.lower()


def word_set(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())
