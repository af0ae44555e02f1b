"""The question of a customer's message, when it can be read on its own.

People seldom type a bare question. They say where they are first ("I installed Joplin on my
Linux laptop. How do I turn sync on?") or why they ask ("My bank card got blocked while I was
travelling. Can I pay with PayPal?"). The first kind of context is part of the question; the
second only adds rare words a search weighs most and a sentence embedding reads as meaning: on
messages written for three help centres, kb's top section was right for 35 to 43 % of those
with background (bench/README.md, "A question after a sentence of context").

:func:`standalone_question` finds the sentence that asks (the last one ending in "?", else the
last one opening with a question word, else the last one) and gives it only when it can be read
without the rest: when it points back at nothing the other sentences name ("Is there an app for
it?", "How do I import them?", "can I do that"). kb then reads the message both ways and answers
from the reading it is surer of (:mod:`kb.answers.reading`).
"""

from __future__ import annotations

import re

from kb.text.sentences import split_message

__all__ = ["asking_sentence", "refers_back", "standalone_question"]

_QUESTION_START = re.compile(
    r"^\W*(?:how|what|whats|what's|why|where|when|which|who|whom|whose|can|could|is|are|am|was|were|"
    r"does|do|did|will|would|should|shall|may|might|has|have|had|isn't|aren't|doesn't|don't|can't|won't)\b",
    re.IGNORECASE,
)
# Words that stand for something said before: "it", "them", "that", "one" ("is there one for
# Android"), "there" as a place ("can I sync there") ...
_POINTING = re.compile(
    r"\b(?:it|its|itself|them|they|their|theirs|this|that|these|those|same|such|there|he|she|him|her|his|hers|"
    r"former|latter|mine)\b"
    r"|\bones?\b(?=\s*(?:[?.!,;]|$|(?:for|on|in|with|from|to|that|which|like|i|you|we|is|are|was|does|do|has)\b))"
    r"|\bboth\b(?=\s*(?:[?.!,;]|$))|\b(?:do|did|does) so\b|\bthe rest\b|\bother one\b"
    # "What about iOS?", "Or a Windows app?", "And on Android?": the rest of the question is before it
    r"|^\W*(?:what about|how about|and|or|also|same for|but)\b",
    re.IGNORECASE,
)
# ... but not where they point at nothing: "is it possible", "there is", "is there", "so that",
# "that" opening a clause ("make sure that the app is closed").
_NOT_POINTING = re.compile(
    r"\b(?:is|was|isn't|wasn't|will|would) it (?:possible|normal|safe|true|ok|okay|necessary|worth|free|better)\b"
    r"|\b(?:is|are|was|were|isn't|aren't) there\b|\bthere(?: is| are| was| were| be|'s)\b"
    r"|\b(?:so|now|such|sure|make sure|given) that\b|\bthat (?!way\b|one\b|is\b|was\b|does\b|did\b)(?=\w+ \w)",
    re.IGNORECASE,
)


def asking_sentence(sentences: list[str]) -> str:
    """The sentence of ``sentences`` (a message, in order) that asks: the last one ending in "?",
    else the last opening with a question word, else the last one."""
    for sentence in reversed(sentences):
        if sentence.rstrip().rstrip("\"')]").endswith("?"):
            return sentence
    for sentence in reversed(sentences):
        if _QUESTION_START.match(sentence):
            return sentence
    return sentences[-1]


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` holds a word that stands for something said before it ("it", "them",
    "that", "there" as a place)."""
    return _POINTING.search(_NOT_POINTING.sub(" ", sentence)) is not None


def standalone_question(text: str) -> str | None:
    """The sentence of a message of several sentences that asks, when it can be read on its own;
    None for a message of one sentence, or when the asking sentence points back at the others."""
    sentences = split_message(text)
    if len(sentences) < 2:
        return None
    asked = asking_sentence(sentences).strip()
    if refers_back(asked) or not re.search(r"[^\W\d_]{2}", asked):
        return None
    return asked
