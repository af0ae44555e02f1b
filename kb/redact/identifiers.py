"""Customer identifiers: account, customer, order, invoice, booking, case, contract, policy and
serial numbers, whether a label announces them or their shape gives them away.

Three shapes, each a token of letters, digits, '-' and '/' that holds a digit:
  labelled  after "account number", "order #", "Order ID:", "my account is", "Kundennummer",
            "numéro de commande", "número de pedido" ...: any token of four characters or more;
            after the bare word ("account 1234567890", "case 00123456") five digits or more;
  prefixed  an upper-case prefix and a long digit run anywhere: ACC-12345678, SO12345678,
            ORD-2025-123456, INC0012345 (public catalogue prefixes such as KB, CVE, RFC stay);
  amazon    123-1234567-1234567.
The placeholder says what the label says: ``[account]`` (account, customer, member, contract,
policy), ``[order]`` (order, invoice, booking, transaction, tracking) or ``[reference]`` (reference,
case, serial, and prefixed tokens whose prefix says nothing).

What stays: versions (2.4.1, v10.2.3: the dot ends a token, and "v10" is too short), error codes
(E1234, ERR_1234: four digits, or glued to '_'), dates, sizes, ports, years and prices, and a
number after a kind word that a label does not announce and that has fewer than five digits.

Tokens are found from their digits (the engine jumps to a digit), so the scan is linear and a
text without digits costs one search; the label is then read from the 60 characters before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["IDENTIFIER_KINDS", "find_identifiers"]

#: The placeholders this module produces, in the order they are listed in KINDS.
IDENTIFIER_KINDS = ("account", "order", "reference")

_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-")
# From a digit to the end of its token; possessive, so nothing is ever tried twice.
_TOKEN_TAIL_RE = re.compile(r"\d[A-Za-z0-9/-]*+")
# A token glued to a word, a path, a decimal, an email or a phone's "+" is something else.
_GLUED_BEFORE = frozenset("_.\\@:+$€£%&=")
_DIGIT_GROUPS_RE = re.compile(r"(?:[ ]\d{2,6}){1,4}(?![\w/-]|[.,]\d)")

# Each kind word and the placeholder it stands for; the English words, then German compound stems
# (before "nummer" / "nr"), then the French and Spanish nouns (after "numéro de" / "número de").
_EN_WORDS = {
    "account": "account|acct|customer|cust|client|member|membership|contract|policy|subscriber|subscription",
    "order": "order|invoice|inv|booking|reservation|confirmation|transaction|txn|receipt|tracking|shipment",
    "reference": "reference|ref|case|serial|claim|incident",
}
_DE_STEMS = {
    "account": "kunden|konto|mitglieds|vertrags|versicherungs|policen|abo",
    "order": "bestell|auftrags|rechnungs|buchungs|sendungs|transaktions",
    "reference": "referenz|aktenzeichen|fall|serien|vorgangs",
}
_ROMANCE_WORDS = {
    "account": "compte|client|adh[ée]rent|contrat|police|abonn[ée]|cuenta|cliente|socio|contrato|p[óo]liza|abonado",
    "order": "commande|facture|r[ée]servation|transaction|pedido|factura|reserva|transacci[óo]n",
    "reference": "r[ée]f[ée]rence|dossier|s[ée]rie|referencia|expediente|caso|serie",
}


def _named(words: dict[str, str], prefix: str) -> str:
    return "|".join(f"(?P<{prefix}_{kind}>{alternation})" for kind, alternation in words.items())


_LABEL = r"number|num\.?|no\.?|nr\.?|n[°º]|id|#"
# The label ends right before the token: only blanks, a separator and a '#' may come between.
_LABEL_BEFORE_RE = re.compile(
    r"(?<![\w-])(?i:"
    rf"(?:{_named(_EN_WORDS, 'en')})(?:[ \t]*+[-_]?[ \t]*+(?P<label>{_LABEL})(?![\w-]))?"
    rf"|(?:{_named(_DE_STEMS, 'de')})[ \t]*+-?(?P<de_label>nummer|nr\.?|id)"
    rf"|(?P<ro_label>num[ée]ro|n[úu]mero|n[°º]|no\.?|n[úu]m\.?)[ \t]*+(?:de[ \t]++(?:la[ \t]++)?|d['\u2019]|del[ \t]++)"
    rf"(?:{_named(_ROMANCE_WORDS, 'ro')})"
    r")(?:[ \t]*+(?P<sep>[:=#]|(?i:is|was|lautet|ist|est|es)(?!\w)))?[ \t]*+\#?\Z"
)
_PREFIXED_RE = re.compile(r"(?P<prefix>[A-Z]{1,6})[-/]?(?P<digits>\d+(?:[-/]\d+)*)")
_AMAZON_RE = re.compile(r"\d{3}-\d{7}-\d{7}")
# Public catalogue numbers that help articles cite: Microsoft KB articles, CVEs, RFCs, standards.
_PUBLIC_PREFIXES = frozenset(
    ("KB", "CVE", "CWE", "GHSA", "RFC", "ISO", "IEC", "EN", "DIN", "ISBN", "ISSN", "EAN", "UPC", "GTIN", "ASIN", "DOI")
)
_PREFIX_KINDS = {"ACC": "account", "ACCT": "account", "CUST": "account", "CUS": "account", "MEM": "account",
                 "CID": "account", "ORD": "order", "SO": "order", "PO": "order", "INV": "order", "BK": "order",
                 "TXN": "order"}  # fmt: skip
_DATE_RE = re.compile(
    r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}|(?:0?[1-9]|1[0-2])[-/](?:19|20)\d\d|(?:19|20)\d\d[-/](?:0?[1-9]|1[0-2])"
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def _kind_of(label: re.Match[str]) -> str:
    return next(name.rpartition("_")[2] for name, value in label.groupdict().items()
                if value is not None and name.rpartition("_")[2] in IDENTIFIER_KINDS)  # fmt: skip


def _labelled(text: str, start: int, token: str) -> str | None:
    """The kind a label right before ``text[start:]`` gives ``token``, or None."""
    # Every label ends with a letter, a dot, '#', '°' or 'º', then at most blanks, a separator and
    # a '#': a token after anything else ("1 1 1 ...") is not worth the search.
    before = text[max(0, start - 8) : start].rstrip(" \t#:=")
    if not before or not (before[-1].isalpha() or before[-1] in ".#°º"):
        return None
    label = _LABEL_BEFORE_RE.search(text, max(0, start - 60), start)
    if label is None or len(token) < 4:
        return None
    announced = bool(label.group("label") or label.group("de_label") or label.group("ro_label"))
    separated = label.group("sep") is not None
    digits = sum(char.isdigit() for char in token)
    if _DATE_RE.fullmatch(token) or (not announced and _YEAR_RE.fullmatch(token)):
        return None
    if not announced and not separated and digits < 5:
        return None  # "in case E1234 shows up", "invoice 2024"
    if not announced and separated and label.group("sep").isalpha() and digits < 4:
        return None  # "the order is 2nd-day"
    return _kind_of(label)


def _shaped(token: str) -> str | None:
    """The kind a token's own shape gives it: ACC-12345678, SO12345678, 123-1234567-1234567."""
    if _AMAZON_RE.fullmatch(token):
        return "order"
    match = _PREFIXED_RE.fullmatch(token)
    if match is None or match.group("prefix") in _PUBLIC_PREFIXES:
        return None
    runs = [len(run) for run in re.split(r"[-/]", match.group("digits"))]
    if sum(runs) < 6 or max(runs) < 5:
        return None
    return _PREFIX_KINDS.get(match.group("prefix"), "reference")


def find_identifiers(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of every identifier in ``text``."""
    end = 0
    for tail in _TOKEN_TAIL_RE.finditer(text):
        if tail.start() < end:
            continue
        start = tail.start()
        while start > 0 and text[start - 1] in _TOKEN_CHARS:
            start -= 1
        stop = tail.end()
        after = text[stop : stop + 2]
        if (start > 0 and text[start - 1] in _GLUED_BEFORE) or (after[:1] in "_." and after[1:2].isalnum()):
            continue
        token = text[start:stop].rstrip("-/")
        stop = start + len(token)
        kind = _shaped(token) or _labelled(text, start, token)
        if kind is None:
            continue
        if token.isdigit() and len(token) <= 6 and (groups := _DIGIT_GROUPS_RE.match(text, stop)):
            stop = groups.end()  # "account number 1234 5678 90"
        end = stop
        yield kind, start, stop
