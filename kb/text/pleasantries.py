"""A customer's question without the greeting it opens with and the thanks it ends on.

People ask a help centre the way they write to a person: "Hi team, how do I export my notes?
Thanks in advance, Anna". The greeting and the thanks are no part of the question, yet a search
counts "team", "advance" and "Anna" as words to find (rare ones, so they weigh most) and a
sentence embedding reads them as part of its meaning. Asked that way, kb's own dev corpora lost
6 points of section@1 and abstained on a third of the answerable questions (bench/README.md).

Only what is surely a pleasantry goes:
- a greeting of at most three more words before a comma or an exclamation mark at the very
  start ("Hi,", "Hello support team,", "Good morning!");
- a bare "hi" or "hey" opening the text ("hello world" may be the question);
- after the question, short sentences that are not questions and that thank, sign off or ask for
  help in general ("Thanks!", "Any help appreciated.", "Cheers, Anna").

Nothing is removed when nothing else would be left.
"""

from __future__ import annotations

import re

from kb.text.lexicon import GREETINGS, SIGNOFFS, phrase_pattern
from kb.text.sentences import split_message

__all__ = ["without_pleasantries"]

_GREETING = re.compile(
    r"^\s*" + phrase_pattern(GREETINGS) + r"(?:[ \t]+[\w'-]+){0,3}[ \t]*[,!:]+\s*|^\s*(?:hi|hey)(?:[ \t]+|$)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\W*" + phrase_pattern(SIGNOFFS) + r"(?!\w)"
    r"|\b(?:thanks|thank[ \t]+you|thx|appreciated?|in[ \t]+advance|please[ \t]+(?:help|advise)|any[ \t]+help)\b",
    re.IGNORECASE,
)
_MAX_CLOSING_WORDS = 8
_THANKS_TO = re.compile(r"\bthanks[ \t]+to\b", re.IGNORECASE)  # "thanks to the new filter": because of


def _is_closing(sentence: str) -> bool:
    bare = sentence.strip()
    return (
        not bare.endswith("?")
        and len(bare.split()) <= _MAX_CLOSING_WORDS
        and _CLOSING.search(bare) is not None
        and _THANKS_TO.search(bare) is None
    )


def without_pleasantries(text: str) -> str:
    """``text`` without its opening greeting and its closing thanks (see the module's text); the
    text as it was when nothing, or nothing but pleasantries, is found."""
    opened = _GREETING.sub("", text, count=1)
    sentences = split_message(opened)
    while len(sentences) > 1 and _is_closing(sentences[-1]):
        sentences.pop()
    asked = " ".join(sentences).strip()
    return asked if re.search(r"\w", asked) else text
