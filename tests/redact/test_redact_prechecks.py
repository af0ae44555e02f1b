"""kb.redact's cheap pre-checks: each must hold wherever the pattern it stands for matches.

Redaction is fast because a detector first asks a cheap question ("is there an '@'?", "five digits
in a row?", "the word 'password'?") and skips its slow patterns when the answer is no. A pre-check
that says no where the pattern would have matched is a leak, and nothing else would notice it:
these tests hold every pre-check to its pattern, on the seeded corpus of tests/test_redact.py and
on variants of it (other cases, tabs, and the letters re.IGNORECASE treats specially).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
import random
import re
import sys

import pytest

from kb.redact import addresses, emails, financial, names, network, patterns, phones, secrets
from kb.redact.text import EMAIL_MASK, MASK, folded
from tests.support.pii import CLEAN_LINES, PATTERNS, build_corpus

EXTRA = (
    "221B Baker Street, London NW1 6XE",
    "1600 Amphitheatre Pkwy\tMountain View, CA 94043",
    "Hauptstraße 5, 10115 Berlin / Berliner Strasse 12a / Täschestr.\t46 / Schillerring 12",
    "12, rue de la Paix, 75001 Paris; 5 bis avenue Victor Hugo; boulevard Lévy; rond-point\tdes Champs",
    "PSC 1234, Box 5678, APO AE 09012 / P.O. Box 123 / Postfach 1234 / Flat 5, Oak Ridge",
    "USNS Smith FPO AP 96543 / 22482 Wong Hill Suite 577 / 1012 AB Amsterdam / 8001 Zürich",
    "password: Hunter2!, pwd=abc123, DB_PASSWORD='x y', my passcode is 1234, mot de passe : secret9",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 AKIAIOSFODNN7EXAMPLE",
    "Authorization: Bearer abc123def456ghi, token 9f8e7d6c5b4a, https://user:pa55@host.example/",
    "api key: sk_test_ABCDEFGHIJ1234567890 and the signature AbCdEfGhIjKlMnOpQrSt12345",
    "restricted key rk_4eC39HqLyjWDarjtT1zdp7dcXy, publishable pk_9aB8cD7eF6gH5iJ4kL3mN2oP",
    "token github_pat_11ABCDEFG0123456789_abcdefghijKLMNOP and xoxb-1234-5678-abcdefABCDEF",
    "AIzaSyA1b2C3d4E5f6G7h8i9J0k1L2m3N4o5P6q glpat-a1B2c3D4e5F6g7H8i9J0 npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "SG.a1B2c3D4e5F6g7H8i9.J0k1L2m3N4o5P6q7R8s9 ASIAIOSFODNN7EXAMPLE whsec_live_a1B2c3D4e5F6g7H8i9J0k1",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
    "anna.schmidt@example.com, anna [at] example [dot] com, bob(at)example.org",
    "IBAN DE89 3704 0044 0532 0130 00, GB82WEST12345698765432, card 4111 1111 1111 1111",
    "from 192.168.10.200 and 2001:db8::ff00:42:8329, fe80::1%eth0, ::ffff:192.0.2.1, 1:2:3:4:5:6:1.2.3.4",
    "Call me on +44 20 7946 0958 or 030 12345678, (201) 555-0123 x42, 00 33 1 42 68 53 00",
    "Hi Maria,\nthanks!\n\nBest regards,\nAnna Schmidt\n> From: Jo von der Heide <\x01\x01\x01>\n",
    "On Monday, Anna Schmidt wrote: hello. Je m'appelle Marie. I'm Tom. Mein Name ist Jan. Ich bin Eva.",
    'Heinz \x00\x00\x00 <\x01\x01\x01\x01> and "Schmidt, Anna" (\x01\x01) — Marie a écrit :',
    "ORD-123456 ACC-12345678 xORD-123456 order #654321",
)
# re.IGNORECASE takes these for ASCII letters: the long s, the Kelvin sign, the dotless and the dotted i.
TWINS = {"s": "\u017f", "S": "\u017f", "k": "\u212a", "K": "\u212a", "i": "\u0131", "I": "\u0130"}


@functools.lru_cache(maxsize=1)
def texts() -> tuple[str, ...]:
    rng = random.Random(20240512)
    base = [*(ticket.text for ticket in build_corpus()), *CLEAN_LINES, *EXTRA]
    variants = []
    for text in base:
        variants.append(text)
        variants.append(text.upper())
        variants.append(text.replace(" ", "\t"))
        variants.append("".join(TWINS[c] if c in TWINS and rng.random() < 0.3 else c for c in text))
    return tuple(variants)


def test_folded_keeps_length_word_characters_and_whitespace() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    lower = folded(everything)
    assert len(lower) == len(everything)
    for category in (r"\w", r"\s", r"\d"):
        assert [m.start() for m in re.finditer(category, lower)] == [
            m.start() for m in re.finditer(category, everything)
        ]


def test_folded_agrees_with_ignorecase_on_latin_letters() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    lower = folded(everything)
    for letter in "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüß":
        for match in re.finditer(re.escape(letter), everything, re.IGNORECASE):
            assert lower[match.start()] == letter, (letter, hex(ord(match.group())))


def _implies(regex: re.Pattern[str], check: object) -> None:
    """Wherever ``regex`` matches a text, ``check(text)`` is true; and it matches somewhere, so the
    claim is tested rather than true for want of an example."""
    matched = 0
    for text in texts():
        if regex.search(text):
            matched += 1
            assert check(text), (regex.pattern[:60], text[:200])  # type: ignore[operator]
    assert matched, f"no text exercises {regex.pattern[:60]!r}: add one to texts()"


def test_secret_prechecks() -> None:
    _implies(secrets._SECRET_KV_RE, lambda t: any(w in folded(t) for w in secrets._SECRET_KV_WORDS))
    for regex, prefixes in secrets._SECRET_TOKEN_RES:
        _implies(regex, lambda t, prefixes=prefixes: any(p in t for p in prefixes))
    for regex, needed in secrets._SECRET_VALUE_RES:
        _implies(regex, lambda t, needed=needed: any(w in folded(t) for w in needed))
    _implies(secrets._SECRET_LONG_RE, lambda t: any(w in folded(t) for w in secrets._SECRET_LONG_WORDS))


def test_email_iban_card_and_ipv4_prechecks() -> None:
    _implies(emails._EMAIL_RE, lambda t: "@" in t)
    _implies(emails._OBFUSCATED_EMAIL_RE, emails._BRACKETED_AT_RE.search)
    _implies(financial._IBAN_CANDIDATE_RE, financial._IBAN_CLUE_RE.search)
    _implies(financial._CARD_CANDIDATE_RE, financial._CARD_CLUE_RE.search)
    _implies(network._IPV4_RE, network._IPV4_CLUE_RE.search)


def test_ipv6_precheck() -> None:
    for text in texts():
        for match in network._IPV6_RE.finditer(text):
            candidate = match.group().rstrip(":") if not match.group().endswith("::") else match.group()
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            assert "::" in candidate or candidate.count(":") >= 6, candidate


def test_phone_candidates_start_after_the_first_digit_run() -> None:
    for text in texts():
        first = phones._PHONE_DIGITS_RE.search(text)
        for match in phones._PHONE_CANDIDATE_RE.finditer(text):
            assert first is not None and match.start() >= first.start() - 4, text[:200]


def test_address_clues() -> None:
    for group in (
        addresses._LOCALITY_RES,
        addresses._STRONG_ADDRESS_RES,
        addresses._NUMBERED_ADDRESS_RES,
        addresses._WEAK_ADDRESS_RES,
        addresses._WEAK_LOCALITY_RES,
    ):
        for shape in group:
            _implies(shape.regex, lambda t, shape=shape: addresses._Clues(t).allow(shape))


@pytest.mark.parametrize(
    ("alternation", "plural"),
    [(addresses._EN_STREET, True), (addresses._EN_SUFFIX, True), (addresses._DE_STREET, False),
     (addresses._FR_STREET_WORD, False)],
)  # fmt: skip
def test_street_word_spellings_are_what_the_patterns_match(alternation: str, plural: bool) -> None:
    expected: set[str] = set()
    for alternative in alternation.split("|"):
        # Spelled out independently: "all[ée]e" and "harbou?r" give two words each.
        parts = re.split(r"(\[\w+\]|\w\?)", alternative.replace("\\.", "."))
        choices = [[part[1:-1][i] for i in range(len(part) - 2)] if part.startswith("[") else
                   [part[0], ""] if part.endswith("?") else [part] for part in parts]  # fmt: skip
        for pieces in itertools.product(*choices):
            word = "".join(pieces)
            expected.update((word, word + "s") if plural else (word,))
    assert set(addresses._spellings(alternation, plural=plural)) == expected
    whole = re.compile(rf"(?:{alternation}){'s?' if plural else ''}")
    assert all(whole.fullmatch(word) for word in expected)


def test_sentence_starts_give_the_same_matches_as_a_scan() -> None:
    for text in texts():
        starts = [0, *(match.end() for match in names._SENTENCE_BREAK_RE.finditer(text))]
        assert starts[1:] == [match.end() for match in re.finditer(r"\n|[.!?][ \t]", text)]
        for regex in (names._GREETING_RE, names._SIGNOFF_RE, names._HEADER_RE):
            assert [m.span() for m in names._matches_at(regex, text, starts)] == [
                m.span() for m in regex.finditer(text)
            ]


def test_introductions_and_address_anchors_start_after_their_clue() -> None:
    for text in texts():
        lower = folded(text)
        first = names._INTRO_PHRASE_RE.search(lower)
        for match in names._INTRO_RE.finditer(text):
            assert first is not None and first.start() <= match.start()
        clues = [i for i in (text.find(EMAIL_MASK), *(lower.find(w) for w in names._WROTE_WORDS)) if i >= 0]
        for match in names._BEFORE_ADDRESS_ANCHOR_RE.finditer(text):
            assert clues and text.rfind("\n", 0, min(clues)) + 1 <= match.start()


@pytest.mark.parametrize(
    "requester",
    ["Anna Schmidt", "Will Young", "Jo von der Heide", "Dr. Ferenc Radel", "Jean-Luc O'Brien", "Al", "Ana dos Santos"],
)
def test_requester_names_without_a_regex_find_what_the_regex_finds(requester: str) -> None:
    spelled = names.requester_names((requester,))
    assert spelled is not None and spelled.regex is None
    regex = re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, words)) for words in spelled.spellings) + r")(?!\w)",
        re.IGNORECASE,
    )
    rng = random.Random(requester)
    samples = [*texts()[:400], *EXTRA]
    for _ in range(300):  # the name in all cases, spacings and neighbours
        words = rng.choice(spelled.spellings)
        joiner = rng.choice([" ", "  ", "\t", "\n", " \u00a0"])
        name = joiner.join(
            rng.choice([w, w.upper(), w.title(), w.replace("i", "\u0131").replace("s", "\u017f")]) for w in words
        )
        samples.append(rng.choice(["", "x", "-", " ", MASK, "_"]) + name + rng.choice(["", "s", ".", " ", "_", "'s"]))
    for text in samples:
        found = list(names._find_requester_names(text, folded(text), spelled))
        assert found == [m.span() for m in regex.finditer(text)], text[:200]


def test_non_ascii_requester_names_keep_the_regex() -> None:
    spelled = names.requester_names(("Émilie-Claude Pasquier",))
    assert spelled is not None and spelled.regex is not None


@pytest.mark.parametrize(("name", "source"), PATTERNS.items())
def test_configured_patterns_start_no_earlier_than_without_their_boundary(name: str, source: str) -> None:
    (pattern,) = patterns.compile_patterns({name: source})
    start = patterns._start_regex(pattern.regex)
    assert start is not None
    for text in texts():
        first = start.search(text)
        for match in pattern.regex.finditer(text):
            assert first is not None and first.start() <= match.start()
