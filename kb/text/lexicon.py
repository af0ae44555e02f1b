"""Words shared by drafting and redaction: how people open and close a support message.

Drafting cuts greetings and sign-offs out of a draft; redaction removes the name that follows
them. Both build their patterns from these lists, so a greeting one of them knows is never
missed by the other. Phrases are lower case; their words are joined by blanks (spaces or tabs).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["ACKNOWLEDGEMENTS", "EMPATHY", "GREETINGS", "OFFERS", "SIGNOFFS", "phrase_pattern"]

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


# Openings of a reply that only acknowledge the message (a draft's summary must never be one).
ACKNOWLEDGEMENTS: tuple[str, ...] = (
    "thanks", "thank you", "many thanks", "thx", "we received", "we have received", "we've received",
    "i received", "i have received", "this is to acknowledge", "this is to confirm receipt",
    "we acknowledge", "i acknowledge", "acknowledging", "regarding your", "with regard to your",
    "with regards to your", "in reference to your", "in response to your", "following up on your",
    "as per your", "as discussed", "i understand that you", "i understand you", "we understand that you",
    "i see that you", "i can see that you", "it looks like you", "i am writing", "i'm writing",
    "i am reaching out", "i'm reaching out", "we are writing", "we're writing", "welcome to",
    "great question", "good question", "happy to help", "glad to help", "i'd be happy to help",
    "i would be happy to help", "i'd be glad to help", "sure thing", "of course", "no problem",
    "certainly", "absolutely",
)  # fmt: skip

# Sympathy: kind, and never part of the fix.
EMPATHY: tuple[str, ...] = (
    "sorry", "i'm sorry", "i am sorry", "we're sorry", "we are sorry", "so sorry", "apologies",
    "my apologies", "our apologies", "we apologize", "we apologise", "i apologize", "i apologise",
    "i understand how", "i understand that this", "i understand this", "i know how", "i can imagine",
    "i can understand", "that sounds frustrating", "that must be frustrating", "that must have been",
    "unfortunately", "we appreciate your patience", "thank you for your patience", "thanks for your patience",
)  # fmt: skip

# Offers of more help, and follow-ups the agent promises: they end a reply, not an article.
OFFERS: tuple[str, ...] = (
    "let me know", "let us know", "feel free", "don't hesitate", "do not hesitate", "please reach out",
    "reach out to us", "reach out again", "just reply", "simply reply", "reply to this email",
    "reply to this message", "if you have any other questions", "if you have any further questions",
    "if you have any questions", "if you need anything else", "if you need any further", "if you need more help",
    "if this doesn't help", "if this does not help", "if that doesn't work", "if the problem persists",
    "if the issue persists", "we will call", "we'll call", "we will contact", "we'll contact", "we will reach",
    "we'll reach", "we will follow up", "we'll follow up", "we will get back", "we'll get back",
    "i will get back", "i'll get back", "we will compile", "we will keep you", "we'll keep you",
    "i will keep you", "i'll keep you", "in the meantime", "a convenient time", "schedule a call",
    "book a call", "hope this helps", "hope that helps", "i hope this", "i hope that", "hope this solves",
    "happy to help further", "have a great day", "have a nice day", "have a good day", "have a lovely day",
    "have a great weekend", "enjoy your day", "i'll close", "i will close", "we'll close", "we will close",
    "closing this ticket", "marking this ticket", "this ticket", "i have escalated", "i've escalated",
    "we have escalated", "we've escalated", "passed this on", "forwarded this",
)  # fmt: skip

def phrase_pattern(phrases: Iterable[str], blank: str = r"[ \t]+") -> str:
    """A regex alternation of ``phrases`` (longest first, so "best regards" wins over "best")."""
    import re

    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(blank.join(re.escape(word) for word in p.split()) for p in ordered) + ")"
