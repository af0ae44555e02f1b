"""What each sentence of an agent's reply does: greet, sympathise, explain, instruct, check, offer
or sign off.

Drafts keep the instructions as steps, the explanation as the cause, and drop the rest. The rules
use one lexicon (``kb.text.lexicon``) shared with redaction, so a greeting or sign-off one of them
knows is never missed by the other, plus imperative detection: an instruction starts with a verb
from ``INSTRUCTION_VERBS`` once its lead-in ("Please", "You can", "Then", "In Excel,") is gone.
"""

from __future__ import annotations

import re
from enum import Enum

from kb.text import ACKNOWLEDGEMENTS, EMPATHY, GREETINGS, OFFERS, SIGNOFFS, phrase_pattern

__all__ = ["INSTRUCTION_VERBS", "Role", "imperative", "sentence_role"]


class Role(Enum):
    GREETING = "greeting"  # greetings, thanks and acknowledgements
    EMPATHY = "empathy"
    CAUSE = "cause"
    INSTRUCTION = "instruction"
    CHECK = "check"
    OFFER = "offer"  # offers of more help and follow-ups ("let me know", "we will call you")
    SIGNOFF = "signoff"
    OTHER = "other"


#: Verbs an instruction starts with, once the lead-in is gone.
INSTRUCTION_VERBS = frozenset(
    """add allow apply approve assign back block boot change check choose clean clear click close configure
    confirm connect contact copy create delete deselect disable disconnect download drag drop duplicate edit
    empty enable enter export find follow force generate go grant head hit hold import insert install keep
    launch leave log login make mark scan snap tick name authenticate place accept agree fill complete note
    move navigate open paste pick plug point power press pull push put reboot
    refresh regenerate reinstall reload remove rename renew reopen repair replace rerun re-run reset restart
    restore retry revoke rotate run save scroll search select send set share sign start stop submit switch
    sync tap tick toggle try turn type uncheck uninstall unlink unplug untick update upgrade upload use verify
    visit wait whitelist allowlist write right-click double-click long-press swipe pinch drag-and-drop""".split()  # noqa: SIM905
)

_OPENERS = phrase_pattern(GREETINGS)
_GREETING_RE = re.compile(
    r"^(?:" + _OPENERS + r")(?!\w)|^(?:" + phrase_pattern(ACKNOWLEDGEMENTS) + r")(?!\w)", re.IGNORECASE
)
_SIGNOFF_RE = re.compile(r"^(?:" + phrase_pattern(SIGNOFFS) + r")(?!\w)[^.!?]{0,40}[,!.]?$", re.IGNORECASE)
_EMPATHY_RE = re.compile(r"^(?:" + phrase_pattern(EMPATHY) + r")(?!\w)", re.IGNORECASE)
_OFFER_RE = re.compile(r"(?:^|\b)(?:" + phrase_pattern(OFFERS) + r")(?!\w)", re.IGNORECASE)
_CHECK_RE = re.compile(
    r"^(?:(?:you|it|this|that|they|everything|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:should|will|would)\s+(?:now\s+)?"
    r"(?:see|show|appear|work|be|display|load|sync|open|stay|look)|you'?ll\s+(?:now\s+)?see|"
    r"(?:now\s+)?you\s+(?:can|should)\s+(?:now\s+)?see|this\s+(?:fixes|solves|resolves)|"
    r"(?:the|your)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:then|now)\s+(?:show|shows|appear|appears|work|works|display|"
    r"displays|load|loads)|(?:then|now)\s+(?:it|they|everything)\s+(?:works?|shows?|appears?))\b",
    re.IGNORECASE,
)
_CAUSE_RE = re.compile(
    r"\b(?:because|due\s+to|caused\s+by|the\s+(?:cause|reason)\s+(?:is|was)|this\s+(?:happens|occurs|is\s+caused)|"
    r"it\s+happens\s+when|happens\s+(?:when|because|if)|(?:assumes?|expects?|defaults?\s+to|uses?\s+a\s+legacy)\b|"
    r"the\s+(?:issue|problem)\s+(?:is|was)\s+(?:that|with|caused)|(?:is|was)\s+(?:a\s+)?known\s+(?:issue|bug)|"
    r"(?:stores?|saves?|reads?|treats?)\s+\w+\s+as\b|\b(?:stays?|remains?|keeps?)\b.{0,60}\buntil\b|"
    r"\bby\s+default\b)",
    re.IGNORECASE,
)
_LEAD_IN_RE = re.compile(
    r"^(?:(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|finally|lastly|after\s+that|afterwards|now|also|"
    r"and|so|once\s+done|to\s+do\s+(?:this|that|so)|to\s+fix\s+(?:this|it|that))\s*,?\s+)*",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(r"^(?:in|on|from|under|inside|within|at|via|using)\s+", re.IGNORECASE)
_POLITE_RE = re.compile(
    r"^(?:please\s+|kindly\s+|just\s+|simply\s+)?(?:(?:you\s+(?:can|could|should|will\s+need\s+to|need\s+to|"
    r"have\s+to|must|may\s+want\s+to)|you'?ll\s+need\s+to|could\s+you|can\s+you|would\s+you)\s+)?"
    r"(?:please\s+|just\s+|simply\s+|also\s+|then\s+)?",
    re.IGNORECASE,
)
_CONDITION_RE = re.compile(r"^(?:if|when|once|after)\s+[^,]{1,80},\s+", re.IGNORECASE)


def _verb_at(text: str, position: int) -> int:
    """``position`` moved past "please", "you can" and the like, if a verb from
    ``INSTRUCTION_VERBS`` starts there; else -1."""
    rest = text[position:]
    polite = _POLITE_RE.match(rest)
    offset = polite.end() if polite else 0
    verb = re.match(r"[A-Za-z-]+", rest[offset:])
    return position + offset if verb and verb.group(0).lower() in INSTRUCTION_VERBS else -1


def _lead_in_end(sentence: str) -> int:
    """Where the imperative verb starts, or -1 when the sentence does not instruct."""
    text = sentence.strip()
    lead = _LEAD_IN_RE.match(text)
    after_lead = lead.end() if lead else 0
    condition = _CONDITION_RE.match(text[after_lead:])
    starts = (0, after_lead + condition.end()) if condition else (0,)
    for start in starts:
        lead = _LEAD_IN_RE.match(text[start:])
        position = start + (lead.end() if lead else 0)
        found = _verb_at(text, position)
        if found >= 0:
            return found
        if _PLACE_RE.match(text[position:]):
            # A place first: "In Excel, choose …", "On the Billing page click …" (up to 8 words).
            words = list(re.finditer(r"[,]?\s+", text[position : position + 80]))[:8]
            for gap in words:
                found = _verb_at(text, position + gap.end())
                if found >= 0:
                    return found
    return -1


def imperative(sentence: str) -> str | None:
    """``sentence`` as an instruction: the lead-in ("Please", "You can", "Then") gone, a context
    ("In Excel,", "If it asks,") kept; None when it does not instruct. A question never does."""
    text = sentence.strip()
    if not text or text.endswith("?"):
        return None
    start = _lead_in_end(text)
    if start < 0:
        return None
    context = _context(text[:start])
    body = text[start:]
    step = f"{context}, {body}" if context else body[:1].upper() + body[1:]
    return step if step[-1] in ".!:" else step + "."


def _context(lead: str) -> str:
    """What of a lead-in a reader needs ("In Excel", "If the app asks"), without "please" or "then"."""
    lead = lead[m.end() :] if (m := _LEAD_IN_RE.match(lead)) else lead  # "Then", "After that,"
    condition = _CONDITION_RE.match(lead)
    place = re.search(
        r"\b(?:in|on|from|under|inside|within|at|via|using)\s+(?:the\s+)?[^,;:.!?]{1,60}?(?=,?\s*(?:please\s+|"
        r"you\s+|just\s+|simply\s+|then\s+)?$)",
        lead[condition.end() :] if condition else lead,
        re.IGNORECASE,
    )
    parts = [condition.group(0).rstrip(", ") if condition else "", place.group(0).strip() if place else ""]
    text = ", ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def sentence_role(sentence: str) -> Role:
    """The role of one sentence of an agent's reply."""
    text = sentence.strip(" \"'\u201c\u201d\u2018\u2019\t")
    if not text:
        return Role.OTHER
    if _SIGNOFF_RE.match(text) and len(text.split()) <= 8:
        return Role.SIGNOFF
    if _GREETING_RE.match(text):
        return Role.GREETING
    if _EMPATHY_RE.match(text):
        return Role.EMPATHY
    if _OFFER_RE.search(text):
        return Role.OFFER
    if _CHECK_RE.match(text):
        return Role.CHECK
    if imperative(text) is not None:
        return Role.INSTRUCTION
    if _CAUSE_RE.search(text) and not text.endswith("?"):
        return Role.CAUSE
    return Role.OTHER
