"""Find personal data in ticket text and replace it with typed placeholders.

Resolved tickets become public drafts, so everything a customer pasted about themselves has to go
before a draft is written. :func:`redact_text` replaces each finding with ``[email]``, ``[phone]``,
``[card]``, ``[iban]``, ``[ip]``, ``[address]``, ``[name]``, ``[secret]`` or the name of a configured
pattern (``[order]``, ``[account]``) and returns a :class:`RedactionReport`: kinds and counts, never
the values, so the report can live in the draft's front matter. :func:`find_personal_data` runs the
same detectors without replacing anything, so publishing can refuse a draft that still holds any.

All functions are pure. Detectors run one after the other over a *masked* copy of the text: every
finding is blanked out (same length, so offsets stay valid) before the next detector looks. The
order is the policy — the anchored, checksum-backed patterns go first so that the looser ones
(phones, addresses, names) never see their digits or words; ``_detectors`` says why, case by case.

The rules lean towards redacting: a leaked phone number cannot be unpublished, an over-eager
``[phone]`` in a draft costs an agent one edit. They still leave alone what a help article needs:
error codes (``E1042``, ``ERR_CONNECTION_RESET``, ``HTTP 503``), versions (``2.14.1``, ``v3.2``),
product names, dates, times, prices and ordinary numbers.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from kb.errors import ConfigError, ContentError

__all__ = [
    "KINDS",
    "CustomPattern",
    "Finding",
    "Redacted",
    "RedactionReport",
    "compile_patterns",
    "find_personal_data",
    "placeholder",
    "redact_text",
]

#: The built-in kinds, in the order their detectors run (configured patterns run after ``card``).
KINDS = ("secret", "email", "iban", "card", "ip", "address", "phone", "name")

# Blanks out what a detector already claimed. NUL is neither a word character, a digit nor
# whitespace, so no later pattern can match through it or glue two halves of a value together.
# Emails get a mask of their own (SOH) so that the name detector can see "Anna Schmidt <...>".
_MASK = "\x00"
_EMAIL_MASK = "\x01"
_MASKS = frozenset((_MASK, _EMAIL_MASK))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def placeholder(kind: str) -> str:
    """The text that replaces a finding of ``kind``: ``[email]``, ``[order]``, ..."""
    return f"[{kind}]"


# --------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it is (``text[start:end]``)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RedactionReport:
    """What a redaction removed: kind → count. It never holds the values themselves.

    Reports add up (``a + b``, ``a.merge(b, c)``, ``sum(reports, RedactionReport())``), so a
    ticket's report is the sum of its messages' reports. ``as_dict()`` is the stable form for
    front matter and JSON: kinds sorted, zero counts left out, e.g. ``{"email": 2, "phone": 1}``.
    """

    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clean: dict[str, int] = {}
        for kind, count in sorted(self.counts.items()):
            if not isinstance(kind, str) or isinstance(count, bool) or not isinstance(count, int):
                raise TypeError(f"a redaction report maps kinds to counts, got {kind!r}: {count!r}")
            if count < 0:
                raise ValueError(f"a redaction count cannot be negative: {kind}={count}")
            if count:
                clean[kind] = count
        # A read-only view keeps the frozen dataclass honest: nobody can bump a count in place.
        object.__setattr__(self, "counts", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash(tuple(self.counts.items()))

    @classmethod
    def from_findings(cls, findings: Iterable[Finding]) -> RedactionReport:
        return cls(Counter(finding.kind for finding in findings))

    @classmethod
    def from_dict(cls, data: object) -> RedactionReport:
        """Read a report back from front matter or JSON; raises ``ContentError`` if malformed."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for k, v in data.items()
        ):
            raise ContentError(
                f"a redaction report must map kinds to counts, got {data!r}",
                'write it as e.g. redaction: {"email": 2, "phone": 1}',
            )
        return cls(dict(data))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def merge(self, *others: RedactionReport) -> RedactionReport:
        combined: Counter[str] = Counter(self.counts)
        for other in others:
            combined.update(other.counts)
        return RedactionReport(combined)

    def __add__(self, other: object) -> RedactionReport:
        if not isinstance(other, RedactionReport):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: object) -> RedactionReport:
        # Lets plain ``sum(reports)`` work: it starts from the integer 0.
        if other == 0:
            return self
        return NotImplemented

    def __bool__(self) -> bool:
        return bool(self.counts)

    def as_dict(self) -> dict[str, int]:
        return dict(self.counts)


@dataclass(frozen=True)
class Redacted:
    """Redacted text and the report of what was taken out of it."""

    text: str
    report: RedactionReport


@dataclass(frozen=True)
class CustomPattern:
    """A configured pattern (``[tool.kb.redact_patterns]``): its placeholder kind and regex.

    When the regex has a group named ``value``, only that group is replaced, so a pattern such as
    ``order\\s*#?(?P<value>\\d{6})`` keeps the word "order" readable in the draft.
    """

    kind: str
    regex: re.Pattern[str]


# --------------------------------------------------------------------------------------------
# Configured patterns

_KIND_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def compile_patterns(patterns: Mapping[str, str]) -> tuple[CustomPattern, ...]:
    """Validate and compile ``Settings.redact_patterns`` (name → regex).

    Every problem is reported at once in one ``ConfigError`` naming the pattern and what is wrong.
    """
    compiled: list[CustomPattern] = []
    problems: list[str] = []
    for name, source in patterns.items():
        where = f"redact_patterns '{name}'"
        kind = name.strip().lower() if isinstance(name, str) else ""
        if not _KIND_RE.fullmatch(kind):
            problems.append(
                f"{where}: the name becomes the placeholder [{name}], so it must be a short word "
                "(letters, digits, '_' or '-', starting with a letter)"
            )
            continue
        if not isinstance(source, str) or not source.strip():
            problems.append(f"{where}: the pattern must be a non-empty string, got {source!r}")
            continue
        try:
            regex = re.compile(source)
        except re.error as exc:
            problems.append(f"{where}: bad regex {source!r}: {exc}")
            continue
        # A pattern that can match nothing at all would "find" an empty value at every position.
        if regex.fullmatch(""):
            problems.append(f"{where}: the regex {source!r} matches the empty string")
            continue
        compiled.append(CustomPattern(kind, regex))
    if problems:
        raise ConfigError(
            "invalid redaction patterns:\n  " + "\n  ".join(problems),
            'fix [tool.kb.redact_patterns] in pyproject.toml (name = "regex", Python re syntax)',
        )
    return tuple(compiled)


@functools.lru_cache(maxsize=64)
def _compiled_patterns(items: tuple[tuple[str, str], ...]) -> tuple[CustomPattern, ...]:
    # Settings hand the same mapping to every ticket of an ingest run: compile it once.
    return compile_patterns(dict(items))


# --------------------------------------------------------------------------------------------
# Secrets: key-value pairs (password: ..., pwd=...), well-known token shapes, long tokens after
# key words. Only the value is replaced, so "password: [secret]" still reads as a sentence.

_SECRET_WORDS = (
    r"pass(?:word|wd|code|phrase)?|pwd|pin|passwort|kennwort|mot\s+de\s+passe|mdp|secret|"
    r"client[_ -]?secret|(?:api|access|secret|private)[_ -]?key|apikey|"
    r"(?:access|auth|api|refresh|session|bearer)?[_ -]?token|cvv2?|cvc2?|security[ \t]+code"
)
_SECRET_KV_RE = re.compile(
    # "_" may come before: DB_PASSWORD=..., aws_secret_access_key = ...
    rf"(?<![A-Za-z0-9-])(?i:{_SECRET_WORDS})(?!\w)[ \t]*(?P<sep>[:=]|(?i:\bis\b)|:[ \t]*=)[ \t]*"
    # A quoted value runs to its closing quote; a bare one to the next space. Passwords contain
    # '&', '(', '@' and the like, so a bare value takes every character but whitespace.
    r"(?:\"(?P<dq>[^\"\n\x00\x01]+)\"|'(?P<sq>[^'\n\x00\x01]+)'|`(?P<bq>[^`\n\x00\x01]+)`"
    r"|(?P<bare>[^\s\x00\x01]+))"
)
_SECRET_TOKEN_RES = tuple(
    re.compile(source)
    for source in (
        r"\b[spr]k_(?:live|test)_[0-9A-Za-z]{10,}",  # Stripe
        r"\bgh[pousr]_[A-Za-z0-9]{30,}",  # GitHub
        r"\bgithub_pat_[A-Za-z0-9_]{20,}",
        r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",  # AWS access key id
        r"\bxox[abposr]-[0-9A-Za-z-]{10,}",  # Slack
        r"\bAIza[0-9A-Za-z_-]{35}",  # Google API key
        r"\bglpat-[0-9A-Za-z_-]{20,}",  # GitLab
        r"\bnpm_[A-Za-z0-9]{36}",
        r"\bSG\.[\w-]{16,}\.[\w-]{16,}",  # SendGrid
        r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",  # JWT
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
    )
)
# Group ``value`` only: the scheme word or the URL around it stays.
_SECRET_VALUE_RES = (
    # A bearer token has digits; "Bearer authentication fails" must survive.
    re.compile(r"\b(?i:bearer|token)[ \t]+(?P<value>(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}=*)"),
    re.compile(
        r"\bAuthorization:[ \t]*(?:(?:basic|bearer|token|digest|negotiate|ntlm|apikey)[ \t]+)?"
        r"(?P<value>(?=[^\s\x00\x01]*\d)[^\s\x00\x01]{6,})",
        re.IGNORECASE,
    ),
    re.compile(r"(?<=://)(?P<value>[^\s:/@\x00\x01]+:[^\s/@\x00\x01]+)(?=@)"),  # user:password@host
)
_SECRET_LONG_RE = re.compile(
    r"\b(?i:keys?|tokens?|secrets?|signature|credentials?)\b[^\n\x00\x01]{0,24}?"
    r"(?<![\w+/=-])(?P<value>[A-Za-z0-9+/_=-]{20,})"
)
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_PASSWORD_LIKE = re.compile(r"[\d\W_]")
# A colon after "password" in prose: "I changed my password: it still fails".
_PROSE_WORDS = _words(
    """it is was the a an not still does doesn't didn't isn't wasn't has have had and or but i we
    my our this that no yes please reset changed expired wrong incorrect invalid required missing
    same new old again never always works worked fails failed"""
)


def _find_secrets(text: str) -> Iterator[tuple[int, int]]:
    for match in _SECRET_KV_RE.finditer(text):
        group = next(name for name in ("dq", "sq", "bq", "bare") if match.group(name) is not None)
        value = match.group(group)
        if group == "bare":
            # Sentence punctuation after a bare value is not part of it: "(password: abc1)."
            value = value.rstrip(".,;:")
            while value.endswith(")") and value.count(")") > value.count("("):
                value = value[:-1].rstrip(".,;:")
        # "my password is not accepted" is prose; "my password is Hunter2!" is a password.
        if not value or (match.group("sep").lower() == "is" and not _PASSWORD_LIKE.search(value)):
            continue
        if group == "bare" and value.lower() in _PROSE_WORDS:
            continue
        yield match.start(group), match.start(group) + len(value)
    for regex in _SECRET_TOKEN_RES:
        for match in regex.finditer(text):
            yield match.span()
    for regex in _SECRET_VALUE_RES:
        for match in regex.finditer(text):
            yield match.span("value")
    for match in _SECRET_LONG_RE.finditer(text):
        value = match.group("value")
        if _HAS_DIGIT.search(value) and _HAS_LETTER.search(value):
            yield match.span("value")


# --------------------------------------------------------------------------------------------
# Emails

_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
# "anna [at] example [dot] com": only the bracketed spelling, a bare "at" is just a word.
_OBFUSCATED_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+[ \t]*[\[({][ \t]*(?i:at)[ \t]*[\])}][ \t]*[\w-]+"
    r"(?:[ \t]*(?:[\[({][ \t]*(?i:dot)[ \t]*[\])}]|\.)[ \t]*[\w-]+)+"
)


def _find_emails(text: str) -> Iterator[tuple[int, int]]:
    for regex in (_EMAIL_RE, _OBFUSCATED_EMAIL_RE):
        for match in regex.finditer(text):
            yield match.span()


# --------------------------------------------------------------------------------------------
# IBANs: a country code, two check digits and the country's fixed number of characters, with
# a mod-97 checksum. Only registered countries count, at their registered length: a checksum alone
# passes one random string in 97, and a log full of hex ids ("eb432cced4f50a7a") offers plenty.
# IBANs are written in capitals; a lower-case one counts only when grouped ("de89 3704 ...").

_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_CANDIDATE_RE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ \t]?[A-Za-z0-9]){11,32}(?!\w)")


def _iban_checksum_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def _find_ibans(text: str) -> Iterator[tuple[int, int]]:
    for match in _IBAN_CANDIDATE_RE.finditer(text):
        candidate = match.group()
        positions = [i for i, char in enumerate(candidate) if char.isalnum()]
        length = _IBAN_LENGTHS.get(candidate[:2].upper())
        # The candidate may have swallowed a following short word ("... 0130 00 and"): the
        # registered length says where the IBAN ends.
        if length is None or len(positions) < length:
            continue
        end = positions[length - 1] + 1
        if not candidate[:end].isupper() and " " not in candidate[:end]:
            continue
        if _iban_checksum_ok("".join(candidate[i] for i in positions[:length]).upper()):
            yield match.start(), match.start() + end


# --------------------------------------------------------------------------------------------
# Payment cards: 13 to 19 digits (Maestro: 12 to 19), grouped by spaces or dashes or not at all,
# Luhn-valid, with an issuer prefix (1 to 6: UATP/JCB, Mastercard, Amex/Diners/JCB, Visa,
# Mastercard/Maestro, Discover). Luhn passes one random number in ten; the prefix rule removes a
# further 40% of order numbers.

_CARD_CANDIDATE_RE = re.compile(r"(?<![\w+.,-])\d(?:[ \t-]?\d){11,30}(?!\w|[.,]\d)")
_DIGIT_GROUP_RE = re.compile(r"\d+")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_shaped(digits: str) -> bool:
    if len(digits) == 12:  # Maestro issues 12-digit cards
        return digits.startswith(("50", "56", "57", "58", "6"))
    return 13 <= len(digits) <= 19 and digits[0] in "123456"


def _find_cards(text: str) -> Iterator[tuple[int, int]]:
    for match in _CARD_CANDIDATE_RE.finditer(text):
        groups = list(_DIGIT_GROUP_RE.finditer(match.group()))
        best: tuple[int, int] | None = None
        # A card may sit next to other digit groups ("card 4111 1111 1111 1111 2024"): try every
        # run of whole groups, longest first, and keep the longest one that is a valid card.
        for first in range(len(groups)):
            for last in range(len(groups) - 1, first - 1, -1):
                digits = "".join(g.group() for g in groups[first : last + 1])
                if not _card_shaped(digits) or not _luhn_ok(digits):
                    continue
                span = (groups[first].start(), groups[last].end())
                if best is None or span[1] - span[0] > best[1] - best[0]:
                    best = span
                break
        if best is not None:
            yield match.start() + best[0], match.start() + best[1]


# --------------------------------------------------------------------------------------------
# IP addresses: a loose candidate pattern, then the ipaddress module decides.

_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?:%[0-9A-Za-z_.]+)?(?![\w:])"
)
# "version 10.0.0.1", "build 1.2.3.4" and "updated to 5.1.2.40" are releases, not hosts.
_VERSION_BEFORE_RE = re.compile(
    r"(?<!\w)(?i:version|ver\.?|release|build|firmware|v|(?:updat|upgrad)\w*[ \t]+to)[ \t]*$"
)


def _find_ips(text: str) -> Iterator[tuple[int, int]]:
    for match in _IPV4_RE.finditer(text):
        if _VERSION_BEFORE_RE.search(text, max(0, match.start() - 24), match.start()):
            continue
        try:
            # Leading zeros ("010.001.001.001") are still an address to a reader; ipaddress
            # rejects them, so normalise the octets before asking it.
            ipaddress.IPv4Address(".".join(str(int(octet)) for octet in match.group().split(".")))
        except ValueError:
            continue
        yield match.span()
    for match in _IPV6_RE.finditer(text):
        candidate = match.group().rstrip(":") if not match.group().endswith("::") else match.group()
        if not any(char.isalnum() for char in candidate.split("%")[0]):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield match.start(), match.start() + len(candidate)


# --------------------------------------------------------------------------------------------
# Street addresses: recognisable shapes only. Each regex yields a piece of an address:
#   strong    a numbered street with an unambiguous street word ("221B Baker Street",
#             "Hauptstraße 5", "12, rue de la Paix"), a US "City, ST 12345", a UK postcode,
#             a "Words 3, 12345 Town" line, a PO box;
#   numbered  a number and a street word that is also an everyday word ("1600 Oak Drive",
#             "365 Admin Center", "Schillerring 12" next to "Spring 2024"): strong only after
#             "ship to", "address", "I live at", ...;
#   weak      a flat number, a street without its number, a "12345 Town" line.
# Adjacent pieces (separated by a comma or a line break) are joined, and a group is kept when it
# has a strong piece or at least two pieces: "Flat 6\nDennis Rest\nLeeds\nLS1 4AP" is one
# address, while "Main Street" or "10115 Berlin" alone in prose is not. A piece ending with the
# town or postcode ends its address, so the next sentence is never joined on.

def _title_case_alternation(alternation: str) -> str:
    return "|".join(word.capitalize() for word in alternation.split("|"))


# A capitalised word; a dot only after the usual abbreviations, so a town at the end of a
# sentence does not swallow the next one ("75001 Paris. Acme Vault keeps crashing").
_CAP = r"(?:(?:St|Ste|Mt|Ft|Pt)\.|[A-ZÀ-ÖØ-Þ][\w'\u2019-]*)"
# Patterns that begin with a word start only at the start of a word: with a plain (?<!\w), a
# hyphenated run ("Aa-Aa-Aa-...") offers a start after every hyphen and the scan goes quadratic.
_WORD_START = r"(?<![\w'\u2019.-])"
_STREET_WORD = r"[A-ZÀ-ÖØ-Þ][\w'\u2019-]*"  # no dots: "23:59 UTC. Acme Cloud Drive" is two sentences
_STREET_NAME = (
    r"(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?[ \t]+)?"
    rf"(?:(?:{_STREET_WORD}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,3}}"
)
# Street words that hardly mean anything else after a number and a capitalised name.
_EN_STREET = (
    r"street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|dr|ct|pl|parkway|pkwy|terrace|ter|"
    r"hwy|sq|trl|crescent|cres|gardens|gdns|mews|alley|turnpike|expressway|freeway|motorway|"
    r"causeway|stravenue|crossroads?|throughway|trafficway|cir"
)
# Street words that are also product or everyday words ("Admin Center", "Google Drive").
_EN_SUFFIX = (
    r"drive|court|way|place|circle|highway|square|trail|close|grove|garden|walk|hill|park|green|"
    r"rise|view|vale|wharf|quay|plaza|loop|pike|ridge|crossing|estate|heights|meadow|manor|"
    r"village|ville|valley|harbou?r|haven|junction|landing|lodge|mill|orchard|oval|spring|summit|"
    r"bypass|centre|center|corner|cove|creek|crest|dale|fall|ferry|field|flat|ford|forest|forge|"
    r"fork|fort|gateway|glen|hollow|inlet|island|isle|knoll|lake|mount|mountain|neck|overpass|"
    r"pine|plain|port|prairie|ranch|rapid|river|route|row|rue|run|shoal|shore|skyway|spur|"
    r"stream|trace|tunnel|underpass|viaduct|vista|well|bridge|brook|burg|camp|canyon|cape|"
    r"passage|path|point|union|track|divide|extension|dam|curve|club|common|light|key|lock|"
    r"loaf|mission|radial|ramp|rest|station|wall|land|annex|arcade|bayou|beach|bend|bluff|"
    r"bottom|branch|cliff|course|drove|gate|yard|wynd|pass|mall|via|parade|approach|broadway|"
    r"chase|circus|esplanade|promenade|fairway|grange|walkway|driveway|alleyway|roadway|laneway|"
    r"pathway|quadrant|strand|glade|dell|copse|brae|towers|villas|ridgeway|circuit|concourse|"
    r"courtyard|crossway|tollway|thoroughfare|highroad|piazza"
)
# The everyday street words count only in title case ("Oak Ridge", not "we run 3 tests").
_EN_ANY_SUFFIX = (
    rf"(?:(?i:(?:{_EN_STREET})s?)|(?:{_title_case_alternation(_EN_SUFFIX)})s?)\b\.?"
)
_STATES = (
    "AL|AK|AS|AZ|AR|CA|CO|CT|DE|DC|FM|FL|GA|GU|HI|ID|IL|IN|IA|KS|KY|LA|ME|MH|MD|MA|MI|MN|MS|MO|MT|"
    "NE|NV|NH|NJ|NM|NY|NC|ND|MP|OH|OK|OR|PW|PA|PR|RI|SC|SD|TN|TX|UT|VT|VI|VA|WA|WV|WI|WY|AA|AE|AP"
)
_TOWN = (
    rf"{_CAP}(?:[ \t]+(?:(?:am|an|im|in|bei|der|den|ob|vor|sur|sous|en|de|la|le|les|du|des|upon|"
    rf"on|the)[ \t]+){{0,2}}{_CAP}){{0,3}}"
)
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)[ \t]\d[A-Z]{2}"
_HOUSE_NUMBER = r"\d{1,4}[a-zA-Z]?(?:[ \t]*[-/][ \t]*\d{1,4}[a-zA-Z]?)?"
_UNIT = r"(?:Flat|Studio|Apartment|Apt\.?|Suite|Ste\.?|Unit|Room|Floor)"
# Not a decimal, a time, a path, a ticket, a price, or the last group of a phone number.
_BEFORE_NUMBER = r"(?<![\w.,:/#$€£+-])(?<!\d[ \t.-])"
# German "-ring" streets look like English "-ring" words ("Spring 2024", "Monitoring 5 hosts").
_DE_STREET = (
    r"straße|strasse|str\.|gasse|weg|allee|platz|damm|ufer|chaussee|steig|pfad|zeile|"
    r"straat|laan|plein|gracht|kade|singel|dijk|steeg"  # Dutch
)
_FR_STREET = (
    r"(?i:rue|avenue|av\.|boulevard|bd|chemin|impasse|place|all[ée]e|quai|route|cours|passage|"
    r"square|voie|sentier|esplanade|promenade|rond-point|faubourg)[ \t]+"
    r"(?:(?:de[ \t]+la|de[ \t]+l'|du|des|de|d'|la|le|les|l')[ \t]*)?"
    rf"{_CAP}(?:[ \t]+(?:(?:de|du|des|la|le)[ \t]+)?{_CAP}){{0,3}}"
)


# Each address pattern comes with a cheap "hint" that must occur in the text before the pattern
# itself is tried: most tickets have no German street word, no UK postcode and no ZIP code, and
# the full patterns are the slowest part of redaction.
_Hinted = tuple[re.Pattern[str], re.Pattern[str] | None]


def _hinted(source: str, hint: str | None = None) -> _Hinted:
    return re.compile(source), re.compile(hint) if hint else None


# A piece that ends with the town or postcode ends the address: nothing after it is joined on.
_LOCALITY_RES = (
    # Mountain View, CA 94043
    _hinted(
        rf"{_WORD_START}{_TOWN},?[ \t]+(?:{_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?(?!\w)",
        r"\b[A-Z]{2}[ \t]+\d{5}\b",
    ),
    # London NW1 6XE / Middletontown\nBH49 2GW
    _hinted(rf"{_WORD_START}(?:{_TOWN},?[ \t]*\n?[ \t]*)?{_UK_POSTCODE}(?!\w)", _UK_POSTCODE),
    # Am Markt 3, 10115 Berlin / Schillerring 12\n10115 Berlin: any "Words 3, 12345 Town"
    _hinted(
        rf"{_WORD_START}(?:(?:{_CAP}[ \t]+){{0,3}}{_CAP}|(?:{_CAP}[ \t]+){{1,3}}[a-zäöüß][\w'\u2019-]*)"
        rf"[ \t]+{_HOUSE_NUMBER},?[ \t]*\n?[ \t]*\d{{5}}[ \t]+{_TOWN}",
        r"\d[a-zA-Z]?,?[ \t]*\n?[ \t]*\d{5}[ \t]",
    ),
    # US military mail: PSC 1234, Box 5678 / USNS Smith, then APO/FPO/DPO AE 12345
    _hinted(
        r"(?<!\w)(?:(?:PSC|Unit)[ \t]+\d{4},?[ \t]+Box[ \t]+\d{4}|(?:USNS|USS|USNV|USCGC)[ \t]+"
        r"[A-Z][a-z]+)[ \t]*,?[ \t]*\n?[ \t]*[ADF]PO[ \t]+A[AEP][ \t]+\d{5}(?!\w)",
        r"[ADF]PO[ \t]+A[AEP]",
    ),
)
_STRONG_ADDRESS_RES = (
    # 221B Baker Street, 1600 Amphitheatre Pkwy, 123 W 42nd St, 49 Baker parkways
    _hinted(
        rf"{_BEFORE_NUMBER}\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+{_STREET_NAME}"
        rf"(?i:(?:{_EN_STREET})s?)\b\.?"
    ),
    # Hauptstraße 5, Berliner Straße 12a, Aurelia-Rogge-Platz 9-6, Täschestr. 46,
    # von-Behring-Straße 3, Dussen vanweg 44
    _hinted(
        rf"(?<![\w-])(?:(?:{_CAP}[ \t]+){{1,2}}|(?=[A-ZÄÖÜ]|[a-zäöü]+-[A-ZÄÖÜ]))[\w'\u2019.-]*?"
        rf"(?i:{_DE_STREET})[ \t]+{_HOUSE_NUMBER}(?!\w)",
        rf"(?i:{_DE_STREET})[ \t]+\d",
    ),
    # 12, rue de la Paix / 5 bis avenue Victor Hugo
    _hinted(rf"{_BEFORE_NUMBER}\d{{1,4}}(?:[ \t]?(?:bis|ter))?,?[ \t]+{_FR_STREET}"),
    # P.O. Box 123, Postfach 1234
    _hinted(r"(?<!\w)(?:P\.?[ \t]?O\.?[ \t]?Box|Postfach)[ \t]+\d{1,6}(?!\w)"),
)
_NUMBERED_ADDRESS_RES = (
    # 1600 Oak Drive, 9 Lee Centers
    _hinted(rf"{_BEFORE_NUMBER}\d{{1,6}}[A-Za-z]?(?:-\d{{1,5}})?,?[ \t]+{_STREET_NAME}{_EN_ANY_SUFFIX}"),
    # Schillerring 12
    _hinted(
        rf"(?<![\w-])(?:(?:{_CAP}[ \t]+){{1,2}}|(?=[A-ZÄÖÜ]))[\w'\u2019.-]*?(?i:ring)[ \t]+"
        rf"{_HOUSE_NUMBER}(?!\w)",
        r"(?i:ring)[ \t]+\d",
    ),
)
_WEAK_ADDRESS_RES = (
    # Flat 5, Studio 81X, Apt. 4B, Suite 577
    _hinted(rf"(?<!\w){_UNIT}[ \t]*#?[ \t]*\d{{1,5}}[A-Za-z]?(?!\w)"),
    # Smith roads, Maria Ville (a street without its number)
    _hinted(rf"{_WORD_START}{_STREET_NAME}{_EN_ANY_SUFFIX}"),
    # boulevard Lévy
    _hinted(rf"(?<!\w){_FR_STREET}"),
)
_WEAK_LOCALITY_RES = (
    # 10115 Berlin, 74503 Saint-Denis Cedex, 8001 Zürich, 1012 AB Amsterdam
    _hinted(
        rf"{_BEFORE_NUMBER}(?:\d{{5}}|\d{{4}}(?:[ \t][A-Z]{{2}})?)[ \t]+{_TOWN}"
        r"(?:[ \t]+CEDEX(?:[ \t]+\d{1,2})?)?"
    ),
)
_ADDRESS_CONTEXT_RE = re.compile(
    r"(?<!\w)(?i:address|adresse|ship|shipped|shipping|deliver|delivered|delivery|live|lives|living|"
    r"located|moved|send|sent|post|mail|wohne|wohnhaft|liefer\w*|habite|livraison)\b[^\n]{0,25}$"
)
# Pieces of one address are separated by a comma or a line break; a space is enough only
# before a flat or suite ("22482 Wong Hill Suite 577").
_ADDRESS_GAP_RE = re.compile(r"[ \t]*(?:[,;][ \t]*(?:\n[ \t]*)?|\n[ \t]*)")
_SPACE_GAP_RE = re.compile(r"[ \t]+")
_UNIT_RE = re.compile(rf"{_UNIT}(?!\w)")
# Capitalised words the street patterns may take in front of a street name at a sentence start
# ("Or Hauptstraße 5", "Please send it to ..."); they are prose, not part of the address.
_NOT_ADDRESS_WORDS = _words(
    """or and to at in on the my our your his her their please send ship deliver delivered address
    is was from via for bei nach und oder zu mein meine unsere ihre adresse lieferadresse
    ou et à chez mon ma notre votre"""
)
_LEADING_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019.-]*[ \t]+")


def _trim_leading_prose(text: str, start: int, end: int) -> int:
    while match := _LEADING_WORD_RE.match(text, start, end):
        if match.group().strip().lower() not in _NOT_ADDRESS_WORDS:
            break
        start = match.end()
    return start


class _Piece(NamedTuple):
    start: int
    end: int
    strong: bool
    final: bool  # ends with the town or postcode


def _address_pieces(text: str) -> Iterator[_Piece]:
    """Every piece of an address the regexes recognise."""
    for kind, final, regexes in (
        ("strong", False, _STRONG_ADDRESS_RES),
        ("strong", True, _LOCALITY_RES),
        ("numbered", False, _NUMBERED_ADDRESS_RES),
        ("weak", False, _WEAK_ADDRESS_RES),
        ("weak", True, _WEAK_LOCALITY_RES),
    ):
        for regex, hint in regexes:
            if hint is not None and not hint.search(text):
                continue
            for match in regex.finditer(text):
                end = match.end()
                while end > match.start() and text[end - 1] in ".,":  # sentence punctuation
                    end -= 1
                start = _trim_leading_prose(text, match.start(), end)
                if start >= end:
                    continue
                strong = kind == "strong" or (
                    kind == "numbered"
                    and _ADDRESS_CONTEXT_RE.search(text, max(0, start - 40), start) is not None
                )
                yield _Piece(start, end, strong, final)


def _find_addresses(text: str) -> Iterator[tuple[int, int]]:
    # Overlapping pieces are one piece ("1600 Oak Drive" is both numbered and a bare street).
    clusters: list[_Piece] = []
    for piece in sorted(_address_pieces(text)):
        if clusters and piece.start < clusters[-1].end:
            last = clusters[-1]
            if piece.end == last.end:  # "1600 Amphitheatre" could be a postcode and a town too
                final = last.final and piece.final
            else:
                final = piece.final if piece.end > last.end else last.final
            clusters[-1] = _Piece(
                last.start, max(last.end, piece.end), last.strong or piece.strong, final
            )
        else:
            clusters.append(piece)
    groups: list[list[_Piece]] = []
    for cluster in clusters:
        if groups and not groups[-1][-1].final:
            gap = (groups[-1][-1].end, cluster.start)
            if _ADDRESS_GAP_RE.fullmatch(text, *gap) or (
                _SPACE_GAP_RE.fullmatch(text, *gap) and _UNIT_RE.match(text, cluster.start)
            ):
                groups[-1].append(cluster)
                continue
        groups.append([cluster])
    for group in groups:
        if len(group) > 1 or group[0].strong:
            yield group[0].start, group[-1].end


# --------------------------------------------------------------------------------------------
# Phone numbers. Candidates are runs of digits and phone punctuation not glued to a word, a
# ticket '#', a price, a decimal or a path. Each candidate goes to phonenumbers' matcher with
# Leniency.VALID (a number that exists in the numbering plan): POSSIBLE, the lenient level, takes
# "48213", "2.14.1", "12.05.2024" and "0x80070005" for phones. The matcher tries the caller's
# region, then a few common ones; a leading + is international whatever the region. Two guards
# keep ordinary numbers out, since a 9- or 10-digit number is valid *somewhere* surprisingly often:
#   - another region's national number must be written with that region's trunk prefix
#     ("030 1234567" is Berlin; "168717388" in a log is not Paris);
#   - a bare run of digits ("4294967295") needs a trunk prefix, a + or a phone word before it
#     ("call me on", "Phone:", "mobile").
# Customers also type numbers phonenumbers rejects (an unassigned area code: "(591) 341-7776"); a
# candidate *formatted* like a phone number, or announced by a phone word, with a possible length
# is redacted as well.

_PHONE_REGIONS = ("US", "GB", "DE", "FR")
_PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w#$€£¥.,/@+-])(?:(?:\+|\b00)[ \t]?)?\(?\d[\d \t().\-/]{4,30}\d\)?"
    r"(?:[ \t]*(?:x|ext\.?|extension|#)[ \t]*\d{1,6})?(?!\w|[.,]\d)"
)
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
_DATE_INSIDE_RE = re.compile(
    r"(?<!\d)(?:(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2})(?!\d)"
)
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
def _phone_regions(region: str) -> tuple[tuple[str, str], ...]:
    """(region, trunk prefix) for the caller's region first, then the common ones."""
    region = region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(
            f"unknown phone region {region!r}",
            "use a two-letter ISO country code such as US, GB, DE or FR",
        )
    regions = (region, *(r for r in _PHONE_REGIONS if r != region))
    with_trunks: list[tuple[str, str]] = []
    for name in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(name)
        with_trunks.append((name, (metadata.national_prefix if metadata else None) or ""))
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


def _find_phones(text: str, regions: tuple[tuple[str, str], ...]) -> Iterator[tuple[int, int]]:
    for match in _PHONE_CANDIDATE_RE.finditer(text):
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
        for index, (region, trunk) in enumerate(tried):
            for number in PhoneNumberMatcher(candidate, region, leniency=Leniency.VALID):
                raw = number.raw_string.lstrip("(")
                written_as_such = raw.startswith(("+", "00")) or bool(trunk and raw.startswith(trunk))
                if not written_as_such and not announced and (index > 0 or raw.isdigit()):
                    continue
                span = (match.start() + number.start, match.start() + number.end)
                if not any(s < span[1] and span[0] < e for s, e in found):
                    found.append(span)
        names = [region for region, _ in regions]
        if not found and (
            _possible_phone(candidate, names) or (announced and _possible_phone(candidate, names, shaped=False))
        ):
            found.append(match.span())
        yield from found


# --------------------------------------------------------------------------------------------
# Person names: the requester's own names wherever they appear, and capitalised words after a
# greeting ("Hi Maria,"), a sign-off ("Best regards,\nAnna Schmidt") or a self-introduction.

_TITLES = _words(
    "mr mrs ms miss mx dr prof sir madam herr frau monsieur madame mademoiselle m mme mlle "
    "dipl.-ing ing univ.prof"
)
_PARTICLES = _words("van von der den de du des la le di da del dos ter ten zu mc st")
_CONNECTORS = _words("and & und et y")
# Capitalised words that cannot be part of a name: they start the next sentence.
_SENTENCE_WORDS = _words(
    """i i'm i\u2019m im we my our the this that it its thanks thank sorry please just so also
    again your you yes no ok okay hi hello hey dear sent from kind best regards"""
)
# Words that introduce an address in a mail ("Contact Anna <...>", "Reply to <...>").
_MAIL_WORDS = _words("contact email e-mail mail write send reply ping ask cc to from via at")
# Capitalised words that follow a greeting or sign-off but are not anybody's name. Some are
# surnames too ("Hope", "Good"), so they only stop a name at its start, not inside it.
_NOT_NAMES = _SENTENCE_WORDS | _MAIL_WORDS | _words(
    """everyone everybody all there folks guys people team support helpdesk help desk service
    services customer customers care admin admins administrator colleagues friends zusammen tous
    toutes équipe equipe quick question hope regarding re fw fwd urgent update good morning
    afternoon evening"""
)
# Words after which a run of capitalised words is a company or a team, not a person.
_ORG_WORDS = _words("team support helpdesk desk service services care customer sales billing it admins")

_GREETING_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t>]*(?i:hi|hello|hey|hiya|dear|good[ \t]+(?:morning|afternoon|evening)"
    r"|greetings|hallo|moin|servus|guten[ \t]+(?:tag|morgen|abend)|liebe[rs]?|sehr[ \t]+geehrte[rs]?"
    r"|bonjour|bonsoir|salut|coucou|cher|chère|hola|ciao)(?!\w)(?P<comma>[ \t]*,)?[ \t]*"
    r"(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
_SIGNOFF_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t>]*(?P<phrase>--|(?i:thx|thnx|tia|thanks(?:[ \t]+(?:again|a[ \t]+lot|so[ \t]+much|in"
    r"[ \t]+advance))?|thank[ \t]+you(?:[ \t]+(?:again|so[ \t]+much|very[ \t]+much))?|many[ \t]+thanks"
    r"|cheers|best(?:[ \t]+(?:regards|wishes))?|kind[ \t]+regards|warm(?:est)?[ \t]+regards|regards"
    r"|sincerely|yours(?:[ \t]+(?:sincerely|truly|faithfully))?|all[ \t]+the[ \t]+best|take[ \t]+care"
    r"|talk[ \t]+soon|(?:viele|beste|liebe|freundliche)[ \t]+grüße|mit[ \t]+freundlichen[ \t]+grüßen"
    r"|lg|vg|mfg|gruß|grüße|danke(?:[ \t]+schön)?|vielen[ \t]+dank|(?:bien[ \t]+)?cordialement"
    r"|bien[ \t]+à[ \t]+vous|merci(?:[ \t]+beaucoup)?|bonne[ \t]+journée|amicalement))(?!\w)"
    r"(?P<sep>[ \t]*[,!.:;\u2014\u2013-]+[ \t]*(?:\n[ \t>]*)?|[ \t]*\n[ \t>]*|[ \t]+)"
    r"(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
# Sign-offs that are also ordinary words ("Best practices", "Regards to the team") need a comma,
# a dash or a line break before the name.
_SIGNOFF_NEEDS_PUNCT = ("best", "regards", "kind", "warm", "yours", "sincerely", "all", "lg", "vg",
                        "mfg", "gruß", "grüße", "take", "talk")  # fmt: skip
# Mail headers quoted in a ticket: "From: Anna Schmidt", "De : Marie Dupont".
_HEADER_RE = re.compile(
    r"^[ \t>]*(?i:from|to|cc|bcc|reply-to|sender|requester|contact|name|von|an|de|à|nom)[ \t]*:"
    r"[ \t]*[\"']?(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
# "Anna Schmidt <[email]>", "\"Schmidt, Anna\" <...>", "On Monday, Anna Schmidt wrote:". Emails are
# blanked by the time names are looked for, with a mask character of their own.
_BEFORE_ADDRESS_ANCHOR_RE = re.compile(
    # (a part of the name may already be blanked: "Heinz [name] <...>")
    rf"[ \t]*(?:{_MASK}+[ \t]*)?[<(\[]?{_EMAIL_MASK}+|[ \t]+(?i:wrote|schrieb|a[ \t]+écrit)[ \t]*:"
)
_NAME_BEFORE_ADDRESS_RE = re.compile(
    r"(?<![\w'\u2019.-])(?P<name>(?:[^\W\d_][\w'\u2019.-]*,?[ \t]+){0,3}[^\W\d_][\w'\u2019.-]*[\"']?)$"
)
_INTRO_RE = re.compile(
    r"(?<!\w)(?i:my[ \t]+name[ \t]+is|i[ \t]+am|i'm|i\u2019m|mein[ \t]+name[ \t]+ist|ich[ \t]+bin"
    r"|je[ \t]+m'appelle|je[ \t]+m\u2019appelle|je[ \t]+suis)[ \t]+(?P<rest>[^\n]{1,60})"
)
_PARTICLE = r"(?i:" + "|".join(sorted(_PARTICLES)) + r")"
_PARTICLES_THEN_NAME_RE = re.compile(rf"(?:{_PARTICLE}[ \t]+)+[A-ZÀ-ÖØ-Þ]")
_NAME_AFTER_CONNECTOR_RE = re.compile(r"[ \t]+[A-ZÀ-ÖØ-Þ]")
_TRAILING_PARTICLES_RE = re.compile(
    rf"(?:[ \t]+{_PARTICLE})+(?=[ \t]*(?:$|[,.!;:]))"
)
_NAME_WORD_RE = re.compile(r"[ \t]*(?P<word>[^\W\d_](?:[\w'\u2019-]*[^\W_])?\.?|&)")
# What may follow a name in a sign-off: the end, punctuation, a signature separator, or "from".
_AFTER_SIGNOFF_NAME_RE = re.compile(
    r"[ \t]*(?:$|[,.!;:)|(/@<\[\"'\x00\x01\u2013\u2014-]|(?:from|at|for|and|und|et|de|chez|von|bei)\b)",
    re.IGNORECASE,
)
_AFTER_GREETING_NAME_RE = re.compile(r"[ \t]*(?:$|[,.!;:)\u2013\u2014-]|(?:and|&|und|et)\b)", re.IGNORECASE)


def _name_spans(rest: str, base: int, follow: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The capitalised names at the start of ``rest``: titles skipped, particles kept inside.

    With ``follow`` given, the names count only if what comes after them matches it: "Thanks,
    Acme Sync 4.2 works" is not a sign-off with a name.
    """
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None
    pos = 0  # where the text after the names starts
    after_title = False
    while True:
        found = _NAME_WORD_RE.match(rest, pos)
        if not found:
            break
        word, word_start, word_end = found.group("word"), found.start("word"), found.end("word")
        bare = word.rstrip(".").lower()
        # After a title ("Dear Ms Hope") or inside a name, only sentence words end the name.
        stop_words = _NOT_NAMES if current is None and not after_title else _SENTENCE_WORDS
        # All capitals: a name in a shouting mail ("Hi MARIA"), but not "IT" or "HR".
        capitalised = (
            word[0].isupper() and bare not in stop_words and (not word.isupper() or len(bare) >= 3)
        )
        if bare in _ORG_WORDS and (current is not None or spans):
            return []  # "Hello Acme Support": a team, not a person
        if current is None and not spans and bare in _TITLES:
            pos = word_end  # "Dear Mr. Smith": the title stays
            after_title = True
        elif capitalised or (len(bare) == 1 and word.endswith(".") and current is not None):
            # A name word, or an initial inside a name ("John F. Kennedy").
            end = word_end if len(bare) == 1 else word_start + len(word.rstrip("."))
            current = [word_start if current is None else current[0], end]
            pos = end
        elif bare in _PARTICLES and _PARTICLES_THEN_NAME_RE.match(rest, word_start):
            # "van der Dussen", "Ludwig van Beethoven": only when a capitalised word follows.
            if current is None:
                current = [word_start, word_start]
            pos = word_end
        elif bare in _CONNECTORS and current is not None:
            spans.append((current[0], current[1]))  # "Maria and Tom"
            current = None
            pos = word_end
            if not _NAME_AFTER_CONNECTOR_RE.match(rest, pos):
                pos = spans[-1][1]  # "Thanks John and good luck": "and" is what follows
                break
        else:
            break
    if current is not None:
        # Particles that end the line belong to the name ("Erica Dussen van").
        trailing = _TRAILING_PARTICLES_RE.match(rest, current[1])
        if trailing:
            current[1] = pos = trailing.end()
        spans.append((current[0], current[1]))
    spans = [(start, end) for start, end in spans if start < end]
    if not spans or (follow is not None and not follow.match(rest, pos)):
        return []
    return [(base + start, base + end) for start, end in spans]


def _find_greeting_names(text: str) -> Iterator[tuple[int, int]]:
    """Names after greetings, sign-offs, self-introductions and mail header fields."""
    for match in _GREETING_RE.finditer(text):
        # "Hi Maria thanks for ..." names right away; "Hi, Quick question" must end at punctuation.
        follow = _AFTER_GREETING_NAME_RE if match.group("comma") else None
        yield from _name_spans(match.group("rest"), match.start("rest"), follow)
    for match in _SIGNOFF_RE.finditer(text):
        phrase = match.group("phrase").lower()
        if phrase.startswith(_SIGNOFF_NEEDS_PUNCT) and not match.group("sep").strip(" \t"):
            continue
        yield from _name_spans(match.group("rest"), match.start("rest"), _AFTER_SIGNOFF_NAME_RE)
    for match in _INTRO_RE.finditer(text):
        yield from _name_spans(match.group("rest"), match.start("rest"), None)
    for match in _HEADER_RE.finditer(text):
        yield from _name_spans(match.group("rest"), match.start("rest"), _AFTER_SIGNOFF_NAME_RE)


def _find_names_before_emails(text: str) -> Iterator[tuple[int, int]]:
    """"Anna Schmidt <[email]>", "Anna Schmidt wrote:": the name right before the address."""
    for anchor in _BEFORE_ADDRESS_ANCHOR_RE.finditer(text):
        # Keep the words that are names, walking back from the address, so "Reply from Anna
        # <...>" gives "Anna". Looking back from an anchor keeps the scan linear.
        window_start = max(text.rfind("\n", 0, anchor.start()) + 1, anchor.start() - 100)
        before = _NAME_BEFORE_ADDRESS_RE.search(text, window_start, anchor.start())
        if not before:
            continue
        words = list(_NAME_WORD_RE.finditer(before.group("name")))
        start = None
        for word in reversed(words):
            bare = word.group("word").rstrip(".").lower()
            if bare in _ORG_WORDS:
                start = None
                break
            if bare in _SENTENCE_WORDS | _MAIL_WORDS or not (
                word.group("word")[0].isupper() or bare in _PARTICLES
            ):
                break
            start = word.start("word")
        if start is not None:
            base = before.start("name")
            end = len(before.group("name").rstrip(' \t"\',').rstrip())
            yield base + start, base + end


@functools.lru_cache(maxsize=256)
def _names_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    variants: set[str] = set()
    for name in names:
        full = " ".join(name.split())
        tokens = [t.strip(".,;:()\"'") for t in full.split(" ")]
        tokens = [t for t in tokens if t and t.lower().rstrip(".") not in _TITLES | _PARTICLES]
        words = full.split(" ")
        if len(full) >= 2 and any(w.lower().rstrip(".") not in _TITLES | _PARTICLES for w in words):
            variants.add(full)
        # "dos Santos", "von der Heide": surnames with particles, found as a whole (but not a
        # bare "von der", which is ordinary German).
        variants.update(
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 2, len(words) + 1)
            if any(word.lower().rstrip(".") not in _TITLES | _PARTICLES for word in words[i:j])
        )
        for token in tokens:
            if not token.endswith(".") and len(token) >= 2:
                variants.add(token)
                variants.update(part for part in token.split("-") if len(part) >= 2)
    # re.IGNORECASE folds one character at a time, so "PREISS" needs "preiss" next to "Preiß".
    variants |= {variant.casefold() for variant in variants}
    if not variants:
        return None
    # Longest first, so "Anna Schmidt" is one finding rather than two.
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in variant.split(" "))
        for variant in sorted(variants, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _find_requester_names(text: str, regex: re.Pattern[str] | None) -> Iterator[tuple[int, int]]:
    if regex is None:
        return
    # Every occurrence, whatever the case: a requester called Will Young also turns "I will try"
    # into "I [name] try". An agent fixes that in review; a leaked name cannot be taken back.
    for match in regex.finditer(text):
        yield match.span()


def _find_names(text: str, names_regex: re.Pattern[str] | None) -> Iterator[tuple[int, int]]:
    yield from _find_requester_names(text, names_regex)
    yield from _find_greeting_names(text)
    yield from _find_names_before_emails(text)


# --------------------------------------------------------------------------------------------
# The pipeline

Detector = Callable[[str], Iterable[tuple[int, int]]]


def _custom_finder(pattern: CustomPattern) -> Detector:
    def find(text: str) -> Iterator[tuple[int, int]]:
        has_value = "value" in pattern.regex.groupindex
        for match in pattern.regex.finditer(text):
            span = match.span("value") if has_value and match.group("value") else match.span()
            if span[0] < span[1]:
                yield span

    return find


def _detectors(
    custom: tuple[CustomPattern, ...],
    names_regex: re.Pattern[str] | None,
    regions: tuple[tuple[str, str], ...],
) -> list[tuple[str, Detector]]:
    """Detectors in the order they must run; each sees the text with earlier findings blanked."""
    return [
        # Secrets first: a password or a token can contain anything — an '@', long digit runs,
        # capitalised words — and must go whole, not in pieces labelled email, card or name.
        ("secret", _find_secrets),
        # Emails before phones and names: local parts carry digits ("william05@") and names
        # ("anna.schmidt@"), which would otherwise be half-redacted as [phone] or [name].
        ("email", _find_emails),
        # IBANs and cards are checksum-validated, so they are near-certain; they go before the
        # phone matcher, which would happily take a 12-digit slice of a card or an IBAN's BBAN.
        ("iban", _find_ibans),
        ("card", _find_cards),
        # Configured account/order patterns before IPs, addresses and phones: the operator's own
        # label is more precise, and an order number must never be read as a phone number.
        *((p.kind, _custom_finder(p)) for p in custom),
        # IPs before phones: "192.168.10.200" is a valid-looking national number in some regions.
        ("ip", _find_ips),
        # Addresses before phones: a ZIP+4 ("94043-1351") passes for a phone number in some plans,
        # and if taken it would leave the rest of the address unrecognised.
        ("address", _find_addresses),
        ("phone", functools.partial(_find_phones, regions=regions)),
        # Names last: street names hold person names ("Maria Ville", "rue de Martin") and belong
        # to the address; after greetings and sign-offs only a capitalised word is left to judge.
        ("name", functools.partial(_find_names, names_regex=names_regex)),
    ]


@functools.lru_cache(maxsize=64)
def _placeholder_re(kinds: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\[(?:" + "|".join(re.escape(kind) for kind in kinds) + r")\]")


def _scan(text: str, names: Iterable[str], patterns: Mapping[str, str] | None, region: str) -> list[Finding]:
    custom = _compiled_patterns(tuple(patterns.items())) if patterns else ()
    # A single string is one name, not a sequence of one-letter names.
    names = (names,) if isinstance(names, str) else names
    names_regex = _names_regex(tuple(n for n in names if n and n.strip()))
    regions = _phone_regions(region)
    masked = list(text.replace(_MASK, " ").replace(_EMAIL_MASK, " "))

    # Placeholders left by an earlier redaction are not personal data: "[name]" after "Hi" must
    # not come back as a finding when publish re-checks a draft.
    kinds = (*KINDS, *(p.kind for p in custom))
    for match in _placeholder_re(kinds).finditer(text):
        masked[match.start() : match.end()] = _MASK * (match.end() - match.start())

    findings: list[Finding] = []
    for kind, detect in _detectors(custom, names_regex, regions):
        current = "".join(masked)
        for start, end in sorted(set(detect(current))):
            # A span that only re-covers blanked text adds nothing.
            if start >= end or all(char in _MASKS for char in current[start:end]):
                continue
            findings.append(Finding(kind, start, end))
            masked[start:end] = (_EMAIL_MASK if kind == "email" else _MASK) * (end - start)
    return sorted(findings, key=lambda f: (f.start, f.end))


def find_personal_data(
    text: str,
    *,
    names: Iterable[str] = (),
    patterns: Mapping[str, str] | None = None,
    region: str = "US",
) -> list[Finding]:
    """Every piece of personal data in ``text``, in text order; placeholders are not findings.

    ``names`` are the requester's own names (full name; first and last names are found separately
    too), ``patterns`` the configured account/order patterns (name → regex), ``region`` the
    default region for phone numbers written without a country code. Raises ``ConfigError`` for
    an invalid pattern or region.
    """
    return _scan(text, names, patterns, region)


def redact_text(
    text: str,
    *,
    names: Iterable[str] = (),
    patterns: Mapping[str, str] | None = None,
    region: str = "US",
) -> Redacted:
    """Replace personal data in ``text`` with typed placeholders; report the kinds and counts.

    Arguments as for :func:`find_personal_data`. Findings that overlap (rare: each detector sees
    the earlier findings blanked out) become one placeholder.
    """
    findings = _scan(text, names, patterns, region)
    merged: list[Finding] = []
    for finding in findings:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.kind, last.start, max(last.end, finding.end))
        else:
            merged.append(finding)
    parts: list[str] = []
    position = 0
    for finding in merged:
        parts.append(text[position : finding.start])
        parts.append(placeholder(finding.kind))
        position = finding.end
    parts.append(text[position:])
    return Redacted("".join(parts), RedactionReport.from_findings(merged))
