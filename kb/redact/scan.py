"""The scan: every detector in turn over a masked copy of the text, then the replacement.

Detectors run one after the other over a *masked* copy of the text: every finding is blanked out
(same length, so offsets stay valid) before the next detector looks. The order is the policy — the
anchored, checksum-backed patterns go first so that the looser ones (phones, addresses, names)
never see their digits or words; :func:`_detectors` says why, case by case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import cast

from kb.redact.addresses import find_addresses
from kb.redact.emails import find_emails
from kb.redact.financial import find_cards, find_ibans
from kb.redact.identifiers import IDENTIFIER_KINDS, find_identifiers
from kb.redact.names import RequesterNames, find_names, requester_names
from kb.redact.network import find_ips
from kb.redact.patterns import CustomPattern, compiled_patterns, custom_finder
from kb.redact.phones import find_phones, phone_regions
from kb.redact.report import Finding, Redacted, RedactionReport, placeholder
from kb.redact.secrets import find_secrets
from kb.redact.text import EMAIL_MASK, MASK, MASKS

__all__ = ["KINDS", "find_personal_data", "redact_text"]

#: The built-in kinds, in the order their detectors run (configured patterns run after ``card``).
KINDS = ("secret", "email", "iban", "card", *IDENTIFIER_KINDS, "ip", "address", "phone", "name")

Detector = Callable[[str], Iterable[tuple[int, int]]]
TypedDetector = Callable[[str], Iterable[tuple[str, int, int]]]
#: A detector of several kinds yields (kind, start, end); it is listed under the kind "*".
_MANY = "*"

_MASK_CHARS = "".join(MASKS)


@functools.lru_cache(maxsize=64)
def _detectors(
    custom: tuple[CustomPattern, ...],
    requester: RequesterNames | None,
    regions: tuple[tuple[str, str, bool], ...],
) -> tuple[tuple[str, Detector | TypedDetector], ...]:
    """Detectors in the order they must run; each sees the text with earlier findings blanked."""
    return (
        # Secrets first: a password or a token can contain anything — an '@', long digit runs,
        # capitalised words — and must go whole, not in pieces labelled email, card or name.
        ("secret", find_secrets),
        # Emails before phones and names: local parts carry digits ("william05@") and names
        # ("anna.schmidt@"), which would otherwise be half-redacted as [phone] or [name].
        ("email", find_emails),
        # IBANs and cards are checksum-validated, so they are near-certain; they go before the
        # phone matcher, which would happily take a 12-digit slice of a card or an IBAN's BBAN.
        ("iban", find_ibans),
        ("card", find_cards),
        # Configured account/order patterns before IPs, addresses and phones: the operator's own
        # label is more precise, and an order number must never be read as a phone number.
        *((p.kind, custom_finder(p)) for p in custom),
        # Labelled and prefixed identifiers (account, order, reference) after the operator's own
        # patterns, and before IPs and phones: "account number 4155550123" is an account.
        (_MANY, find_identifiers),
        # IPs before phones: "192.168.10.200" is a valid-looking national number in some regions.
        ("ip", find_ips),
        # Addresses before phones: a ZIP+4 ("94043-1351") passes for a phone number in some plans,
        # and if taken it would leave the rest of the address unrecognised.
        ("address", find_addresses),
        ("phone", functools.partial(find_phones, regions=regions)),
        # Names last: street names hold person names ("Maria Ville", "rue de Martin") and belong
        # to the address; after greetings and sign-offs only a capitalised word is left to judge.
        ("name", functools.partial(find_names, requester=requester)),
    )


@functools.lru_cache(maxsize=64)
def _placeholder_re(kinds: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\[(?:" + "|".join(re.escape(kind) for kind in kinds) + r")\]")


def _blank(text: str, spans: Iterable[tuple[int, int]], mask: str) -> str:
    """``text`` with every span (in order of their starts; they may overlap) blanked by ``mask``."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        if end <= position:
            continue
        if start > position:
            parts.append(text[position:start])
        parts.append(mask * (end - max(start, position)))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _scan(
    text: str, names: Iterable[str], patterns: Mapping[str, str] | None, region: str | Sequence[str]
) -> list[Finding]:
    custom = compiled_patterns(tuple(patterns.items())) if patterns else ()
    # A single string is one name, not a sequence of one-letter names.
    names = (names,) if isinstance(names, str) else names
    requester = requester_names(tuple(n for n in names if n and n.strip()))
    regions = phone_regions(region if isinstance(region, str) else tuple(region))
    masked = text.replace(MASK, " ").replace(EMAIL_MASK, " ")

    # Placeholders left by an earlier redaction are not personal data: "[name]" after "Hi" must
    # not come back as a finding when publish re-checks a draft.
    if "[" in text:
        kinds = (*KINDS, *(p.kind for p in custom))
        masked = _blank(masked, (match.span() for match in _placeholder_re(kinds).finditer(text)), MASK)

    findings: list[Finding] = []
    for kind, detect in _detectors(custom, requester, regions):
        current = masked
        claimed: list[tuple[int, int]] = []
        if kind == _MANY:
            typed = set(cast(TypedDetector, detect)(current))
        else:
            typed = {(kind, start, end) for start, end in cast(Detector, detect)(current)}
        for found, start, end in sorted(typed, key=lambda item: (item[1], item[2])):
            # A span that only re-covers blanked text adds nothing.
            if start >= end or not current[start:end].strip(_MASK_CHARS):
                continue
            findings.append(Finding(found, start, end))
            claimed.append((start, end))
        if claimed:
            masked = _blank(current, claimed, EMAIL_MASK if kind == "email" else MASK)
    return sorted(findings, key=lambda f: (f.start, f.end))


def find_personal_data(
    text: str,
    *,
    names: Iterable[str] = (),
    patterns: Mapping[str, str] | None = None,
    region: str | Sequence[str] = "US",
) -> list[Finding]:
    """Every piece of personal data in ``text``, in text order; placeholders are not findings.

    ``names`` are the requester's own names (full name; first and last names are found separately
    too), ``patterns`` the configured account/order patterns (name → regex), ``region`` the
    region (or regions, ``Settings.redaction_regions``) whose national phone numbers are found
    without a country code. Raises ``ConfigError`` for
    an invalid pattern or region.
    """
    return _scan(text, names, patterns, region)


def redact_text(
    text: str,
    *,
    names: Iterable[str] = (),
    patterns: Mapping[str, str] | None = None,
    region: str | Sequence[str] = "US",
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
