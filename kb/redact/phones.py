"""Phone numbers, in any common format, validated by phonenumbers.

Candidates are runs of digits and phone punctuation not glued to a word, a
ticket '#', a price, a decimal or a path. Each candidate goes to phonenumbers' matcher with
Leniency.VALID (a number that exists in the numbering plan): POSSIBLE, the lenient level, takes
"48213", "2.14.1", "12.05.2024" and "0x80070005" for phones. The matcher tries the caller's
region, then a few common ones; a leading + is international whatever the region. Two guards
keep ordinary numbers out, since a 9- or 10-digit number is valid *somewhere* surprisingly often:
  - another region's national number must be written with that region's trunk prefix
    ("030 1234567" is Berlin; "168717388" in a log is not Paris);
  - a bare run of digits ("4294967295") needs a trunk prefix, a + or a phone word before it
    ("call me on", "Phone:", "mobile").
Customers also type numbers phonenumbers rejects (an unassigned area code: "(591) 341-7776"); a
candidate *formatted* like a phone number, or announced by a phone word, with a possible length
is redacted as well.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from kb.errors import ConfigError

__all__ = ["find_phones", "phone_regions"]


_PHONE_REGIONS = ("US", "GB", "DE", "FR")
_PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w#$€£¥.,/@+-])(?:(?:\+|\b00)[ \t]?)?\(?\d[\d \t().\-/]{4,30}\d\)?"
    r"(?:[ \t]*(?:x|ext\.?|extension|#)[ \t]*\d{1,6})?(?!\w|[.,]\d)"
)
# Every candidate holds this run, from its first digit on, and starts at most four characters
# before it ("00 ("). It starts with a digit, which the regex engine jumps to, while the candidate
# pattern starts with a look-behind tried at every position.
_PHONE_DIGITS_RE = re.compile(r"\d[\d \t().\-/]{4,30}\d")
_PHONE_EXTENSION_RE = re.compile(r"[ \t]*(?:x|ext\.?|extension|#)[ \t]*\d{1,6}$")
_PHONE_SHAPE_RES = tuple(
    re.compile(source)
    for source in (
        r"(?:\+|00)[ \t]?\d{1,3}(?:[ \t.-]?\(0\))?(?:[ \t.\-/]?\(?\d{1,5}\)?){2,6}",  # international
        r"\(\d{2,5}\)[ \t.-]?\d{2,5}(?:[ \t.-]?\d{2,5}){0,3}",  # (area) local
        r"(?:1[ .-]|001[ .-])?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}",  # North American
        r"0\d{1,4}(?:[ \t./-]\d{2,8}){1,4}",  # national with trunk 0 (GB, DE, FR, ...)
    )
)
_DATE_SHAPE_RE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
# A log line's "2024-05-12 10:30" must not become "2024-05-12 10" + a phone number.
_DATE_INSIDE_RE = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2})(?!\d)")
# A number right after "order", "invoice", "serial", ... is an identifier, unless a phone word
# comes just before it ("order line phone: ...").
_ID_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:order|invoice|ticket|case|ref|reference|serial|sku|build|version|tracking|po|kb|"
    r"error|code|part|model|licen[cs]e|transaction|txn|receipt|contract|account|acct|customer|id)"
    r"(?:[ \t]*(?:no\.?|nr\.?|number|num|id|#))?[ \t]*[:#=-]?[ \t]*$"
)
# "call me on", "Phone:", "my mobile number is", "M:": a phone word at most three words before.
_PHONE_CONTEXT_RE = re.compile(
    r"(?<!\w)(?:(?i:(?:tele|smart|cell)?phone|tel|mobile|mob|cell|call|fax|whatsapp|sms|text|"
    r"reach|dial|handy|telefon\w*|téléphone|portable|rufnummer|ring|number|nummer|numéro)"
    r"(?:[ \t]+[^\W\d_]+){0,3}[ \t]*[:.=-]?|[MTPF][ \t]*:)[ \t]*$"
)


@functools.lru_cache(maxsize=16)
def phone_regions(region: str | tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """(region, trunk prefix, home) for the caller's regions first, then the common ones.

    Every one of the caller's regions is a home region: its national numbers count as phone
    numbers however they are written ("612 34 56 78" with ES). The common regions only count
    numbers written with their trunk prefix or announced by a phone word.
    """
    home = tuple(dict.fromkeys(r.upper() for r in ((region,) if isinstance(region, str) else region)))
    unknown = [r for r in home if r not in phonenumbers.SUPPORTED_REGIONS]
    if unknown or not home:
        raise ConfigError(
            f"unknown phone region {', '.join(map(repr, unknown)) or '(none given)'}",
            "use two-letter ISO country codes such as US, GB, DE, FR or ES",
        )
    regions = (*home, *(r for r in _PHONE_REGIONS if r not in home))
    with_trunks: list[tuple[str, str, bool]] = []
    for name in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(name)
        with_trunks.append((name, (metadata.national_prefix if metadata else None) or "", name in home))
    return tuple(with_trunks)


def _possible_phone(candidate: str, regions: Iterable[str], *, shaped: bool = True) -> bool:
    """A number phonenumbers rejects but a reader would take for a phone number.

    ``shaped``: it must also be grouped the way phone numbers are written; without it (when the
    text says "call" or "mobile" just before) any possible length will do.
    """
    number = _PHONE_EXTENSION_RE.sub("", candidate).strip()
    digits = sum(char.isdigit() for char in number)
    if not 7 <= digits <= 15 or _DATE_SHAPE_RE.fullmatch(number):
        return False
    if shaped and (digits < 8 or not any(regex.fullmatch(number) for regex in _PHONE_SHAPE_RES)):
        return False
    if number.startswith("00"):
        number = "+" + number[2:]
    for region in regions:
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(number, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


@functools.lru_cache(maxsize=4096)
def _valid_numbers(candidate: str, region: str) -> tuple[tuple[int, int, str], ...]:
    """Where phonenumbers' matcher finds a valid number of ``region`` in ``candidate``: start, end, raw.

    The matcher is the slowest step of redaction, and an ingest meets the same numbers again and
    again (the support line in every agent's signature, a product's build number), so its answers
    are kept; they depend on nothing but the candidate and the region.
    """
    return tuple(
        (number.start, number.end, number.raw_string)
        for number in PhoneNumberMatcher(candidate, region, leniency=Leniency.VALID)
    )


def find_phones(text: str, regions: tuple[tuple[str, str, bool], ...]) -> Iterator[tuple[int, int]]:
    first = _PHONE_DIGITS_RE.search(text)
    if first is None:
        return
    for match in _PHONE_CANDIDATE_RE.finditer(text, max(0, first.start() - 4)):
        candidate = match.group()
        if sum(char.isdigit() for char in candidate) < 7 or _DATE_INSIDE_RE.search(candidate):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 40) : match.start()]
        announced = _PHONE_CONTEXT_RE.search(before) is not None
        if not announced and not candidate.startswith(("+", "00")) and _ID_BEFORE_RE.search(before):
            continue
        found: list[tuple[int, int]] = []
        # An international number reads the same from any region: one pass is enough.
        tried = regions[:1] if candidate.startswith(("+", "00")) else regions
        for region, trunk, home in tried:
            for start, end, raw_string in _valid_numbers(candidate, region):
                raw = raw_string.lstrip("(")
                written_as_such = raw.startswith(("+", "00")) or bool(trunk and raw.startswith(trunk))
                if not written_as_such and not announced and (not home or raw.isdigit()):
                    continue
                span = (match.start() + start, match.start() + end)
                if not any(s < span[1] and span[0] < e for s, e in found):
                    found.append(span)
        names = [region for region, _, _ in regions]
        if not found and (
            _possible_phone(candidate, names) or (announced and _possible_phone(candidate, names, shaped=False))
        ):
            found.append(match.span())
        yield from found
