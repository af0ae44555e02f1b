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
- after the question, short sentences that sign off ("Cheers, Anna") or that thank or ask for help
  in general with at most one word more ("Thanks!", "Any help appreciated."; not "backup is not
  working please help");
- after the question, short questions that ask for nothing in particular ("Any ideas?", "What
  should I do?", "Can anyone help?"): searched alone, they find pages about ideas and help.

Nothing is removed when nothing else would be left.
"""

from __future__ import annotations

import re

from kb.text.lexicon import GREETINGS, SIGNOFFS, phrase_pattern
from kb.text.sentences import split_message
from kb.text.stopwords import ENGLISH_STOP_WORDS

__all__ = ["without_pleasantries"]

_GREETING = re.compile(
    r"^\s*" + phrase_pattern(GREETINGS) + r"(?:[ \t]+[\w'-]+){0,3}[ \t]*[,!:]+\s*|^\s*(?:hi|hey)(?:[ \t]+|$)",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(r"^\W*" + phrase_pattern(SIGNOFFS) + r"(?!\w)", re.IGNORECASE)
_THANKING = re.compile(
    r"\b(?:thanks|thank[ \t]+you|thx|appreciated?|in[ \t]+advance|please[ \t]+(?:help|advise)|any[ \t]+help)\b",
    re.IGNORECASE,
)
_MAX_CLOSING_WORDS = 8
_THANKS_TO = re.compile(r"\bthanks[ \t]+to\b", re.IGNORECASE)  # "thanks to the new filter": because of
# Besides thanks, a closing holds little: "Thanks so much, Anna", "Any help appreciated guys". A
# sentence with two words more is the problem itself: "backup is not working please help".
_COURTESY = frozenset(["much", "lot", "help", "advance", "again", "guys", "team", "everyone", "folks", "kindly"])
_MAX_OTHER_WORDS = 1
# A question that asks for nothing in particular closes a message as thanks do: "Any ideas?",
# "What should I do?", "Can anyone help?"; it is set aside when the message says more before it.
_ASKS_FOR_HELP = frozenset(
    ["any", "anyone", "anybody", "someone", "somebody", "ideas", "idea", "suggestions", "suggestion", "thoughts",
     "advice", "tips", "pointers", "hints", "help", "please", "what", "whats", "what's", "should", "can", "could",
     "would", "do", "does", "i", "we", "you", "me", "us", "know", "knows", "now", "next", "here", "going", "on",
     "is", "it", "wrong", "why", "how", "to", "fix", "solve", "happening", "there", "a", "way", "out", "else", "try"]
)  # fmt: skip


def _is_closing(sentence: str) -> bool:
    bare = sentence.strip()
    words = re.findall(r"[\w']+", bare.lower())
    if bare.endswith("?"):
        return 0 < len(words) <= _MAX_CLOSING_WORDS and all(w in _ASKS_FOR_HELP for w in words)
    if len(words) > _MAX_CLOSING_WORDS or _THANKS_TO.search(bare) is not None:
        return False
    if _SIGNOFF.match(bare):
        return True  # "Cheers, Anna", "Best regards"
    if _THANKING.search(bare) is None:
        return False
    rest = re.findall(r"[\w']+", _THANKING.sub(" ", bare).lower())
    return sum(w not in ENGLISH_STOP_WORDS and w not in _COURTESY for w in rest) <= _MAX_OTHER_WORDS


def without_pleasantries(text: str) -> str:
    """``text`` without its opening greeting and its closing thanks (see the module's text); the
    text as it was when nothing, or nothing but pleasantries, is found."""
    opened = _GREETING.sub("", text, count=1)
    sentences = split_message(opened)
    while len(sentences) > 1 and _is_closing(sentences[-1]):
        sentences.pop()
    asked = " ".join(sentences).strip()
    return asked if re.search(r"\w", asked) else text
