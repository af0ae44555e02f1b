"""Words shared by drafting and redaction: how people open and close a support message.

Drafting cuts greetings and sign-offs out of a draft; redaction removes the name that follows
them. Both build their patterns from these lists, so a greeting one of them knows is never
missed by the other. Phrases are lower case; their words are joined by blanks (spaces or tabs).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["GREETINGS", "SIGNOFFS", "phrase_pattern"]

GREETINGS: tuple[str, ...] = (
    # English
    "hi", "hello", "hey", "hiya", "dear", "greetings",
    "good morning", "good afternoon", "good evening", "good day",
    # German
    "hallo", "moin", "servus", "guten tag", "guten morgen", "guten abend",
    "liebe", "lieber", "liebes", "sehr geehrte", "sehr geehrter", "sehr geehrtes",
    # French, Spanish, Italian
    "bonjour", "bonsoir", "salut", "coucou", "cher", "chère", "hola", "ciao",
)  # fmt: skip

SIGNOFFS: tuple[str, ...] = (
    # English
    "thx", "thnx", "tia", "thanks", "thanks again", "thanks a lot", "thanks so much", "thanks in advance",
    "thank you", "thank you again", "thank you so much", "thank you very much", "many thanks",
    "cheers", "best", "best regards", "best wishes", "kind regards", "warm regards", "warmest regards",
    "regards", "sincerely", "yours", "yours sincerely", "yours truly", "yours faithfully", "br",
    "all the best", "take care", "talk soon",
    # German
    "viele grüße", "beste grüße", "liebe grüße", "freundliche grüße", "mit freundlichen grüßen",
    "mit freundlichen grüssen", "mit freundlichen gruessen", "mit freundlichen grussen",
    "lg", "vg", "mfg", "gruß", "grüße", "danke", "danke schön", "vielen dank",
    # French, Spanish
    "cordialement", "bien cordialement", "bien à vous", "merci", "merci beaucoup", "bonne journée",
    "amicalement", "saludos",
)  # fmt: skip


def phrase_pattern(phrases: Iterable[str], blank: str = r"[ \t]+") -> str:
    """A regex alternation of ``phrases`` (longest first, so "best regards" wins over "best")."""
    import re

    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(blank.join(re.escape(word) for word in p.split()) for p in ordered) + ")"
