"""Titles for problems, in the house style of symptom articles: "If <what goes wrong>".

A ticket subject that names a symptom becomes the situation the article fixes, a clause the
customer recognises and searches for (the style of Apple's and Google's help centres):

    "Dropbox sync stuck"                  → "If Dropbox sync is stuck"
    "Phone storage full after backup"     → "If the phone storage is full after backup"
    "Error E_SYNC_99 during sync"         → "If you see error E_SYNC_99 during sync"
    "Forgot my password"                  → "If you forgot your password"
    "Unable to log in after the update"   → "If you are unable to log in after the update"
    "External editor doesn't open"        → "If the external editor doesn't open"

The first word keeps its capital only when the customer wrote it capitalised mid-sentence too
(a product name such as "Dropbox"); "the" is added before a bare singular noun that starts a
clause with a verb ("External editor doesn't open").
"""

from __future__ import annotations

import re

__all__ = ["if_title"]

#: States written without a verb in subjects ("Dropbox sync stuck").
_STATE_RE = re.compile(
    r"^(?P<subject>(?:[\w'&.-]+\s+){0,4}?[\w'&.-]+)\s+(?P<state>stuck|full|missing|broken|slow|garbled|offline|"
    r"blank|corrupt(?:ed)?|gone|empty|frozen|down|locked\s+out|out\s+of\s+sync|not\s+working|duplicated|"
    r"greyed\s+out|grayed\s+out|unavailable|unresponsive|wrong|invalid|disabled)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
#: Subjects that start with what the customer did or cannot do.
_PERSONAL_RE = re.compile(
    r"^(?P<verb>forgot|forgotten|lost|can'?t|cannot|can\s+not|couldn'?t|didn'?t|don'?t|accidentally|keep|"
    r"unable|never\s+received|did\s+not|do\s+not|got)\b",
    re.IGNORECASE,
)
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|doesn'?t|don'?t|didn'?t|won'?t|can'?t|cannot|isn'?t|aren'?t|"
    r"wasn'?t|keeps?|stops?|shows?|fails?|says|gives|arrives?|opens?|loads?|works?|crash(?:es)?|hangs?)\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset({"the", "a", "an", "my", "your", "our", "this", "that", "these", "those", "some", "all"})


def _keeps_capital(word: str, context: str) -> bool:
    """A product name or acronym: capitalised inside the customer's sentences too, or not plain lower case."""
    if len(word) > 1 and (word[1:].lower() != word[1:] or any(ch.isdigit() for ch in word)):
        return True
    return bool(re.search(rf"(?<![.!?]\s)(?<!^)\b{re.escape(word)}\b", context)) and word[:1].isupper()


def _lowered(text: str, context: str) -> str:
    first = text.split(" ", 1)[0]
    return text if _keeps_capital(first, context) else text[:1].lower() + text[1:]


def _plural(noun_phrase: str) -> bool:
    last = noun_phrase.split()[-1]
    if last.endswith("OS"):  # iOS, macOS
        return False
    lower = last.lower()
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


def _with_article(noun_phrase: str) -> str:
    """"the printer" for a bare singular common noun; product names, plurals and "my …" stay."""
    first = noun_phrase.split(" ", 1)[0]
    if first.lower() in _DETERMINERS or not first[:1].islower() or _plural(noun_phrase):
        return noun_phrase
    return "the " + noun_phrase


def if_title(symptom: str, context: str = "") -> str:
    """"If <clause>" for a symptom subject (``context``: the customer's message, for capitals)."""
    text = symptom.strip().rstrip("?!. ")
    if re.match(r"^(?:if|when)\b", text, re.IGNORECASE):
        return text[:1].upper() + text[1:]
    personal = _PERSONAL_RE.match(text)
    if personal:
        verb = personal.group("verb").lower()
        clause = "you are " + _lowered(text, context) if verb == "unable" else "you " + _lowered(text, context)
        return "If " + clause
    if re.match(r"^(?:error|errors|error\s+code|code)\b", text, re.IGNORECASE) and not _FINITE_RE.search(text):
        return "If you see " + _lowered(text, context)  # "Error E_SYNC_99 during sync"
    state = _STATE_RE.match(text)
    if state and not _FINITE_RE.search(state.group("subject")):
        subject = state.group("subject")
        verb = "are" if _plural(subject) else "is"
        return f"If {_with_article(_lowered(subject, context))} {verb} {state.group('state')}{state.group('rest')}"
    clause = _lowered(text, context)
    first = clause.split(" ", 1)[0]
    if first.lower() not in _DETERMINERS and first[:1].islower() and not _plural(first) and _FINITE_RE.search(clause):
        words = clause.split()
        verb_at = next((i for i, w in enumerate(words) if _FINITE_RE.fullmatch(w)), 0)
        if 0 < verb_at <= 3 and not _plural(" ".join(words[:verb_at])):
            clause = "the " + clause  # "external editor doesn't open" → "the external editor doesn't open"
    return "If " + clause
