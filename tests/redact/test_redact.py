"""kb.redact: prose that must survive, configured patterns, the order of application, the report,
and a seeded corpus (the cases per kind are in test_kinds.py).

The corpus is built from Faker (seeded, four locales): support tickets in realistic prose, each
with several kinds of personal data in several formats, and things that must survive (error
codes, versions, product names, dates, times, prices, ticket numbers, ordinary numbers). The
corpus tests assert zero leaks and zero over-redaction of error codes, versions and product
names, and record the over-redaction rate (``-rP`` or ``-s`` shows it); throughput is bench/redact.py's.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable

import pytest

from kb.errors import ConfigError, ContentError
from kb.redact import (
    KINDS,
    CustomPattern,
    Finding,
    Redacted,
    RedactionReport,
    compile_patterns,
    find_personal_data,
    placeholder,
    redact_text,
)
from tests.support.pii import (
    CLEAN_LINES,
    LOCALES,
    PATTERNS,
    SNIPPET_FORMATS,
    SURVIVORS,
    _leaks,
    build_corpus,
    redacted_corpus,
)


def redact(text: str, **kwargs: object) -> str:
    return redact_text(text, **kwargs).text  # type: ignore[arg-type]





# --------------------------------------------------------------------------------------------
# Support prose without personal data stays as it is



@pytest.mark.parametrize("text", CLEAN_LINES)
def test_clean_support_prose_survives(text: str) -> None:
    assert find_personal_data(text) == []


def test_pasted_log_survives() -> None:
    rng = random.Random(3)
    log = "\n".join(
        f"2024-05-12 10:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d} "
        f"[worker-{rng.randint(1, 16)}] INFO sync - chunk {rng.randint(10**6, 10**9)} of file "
        f"{rng.randint(1, 99999)} ({rng.randint(1, 9999)} bytes) req_id={rng.getrandbits(64):016x} "
        f"size {rng.randint(10**9, 10**10)}"
        for _ in range(300)
    )
    assert find_personal_data(log) == []


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "Aa-" * 20_000, "Abc " * 20_000, "1 " * 10_000, "a:" * 20_000, "Hi " + "Maria " * 5_000],
)
@pytest.mark.timeout(60)  # catastrophic backtracking would take hours; speed itself is bench/redact.py's job
def test_pathological_input_stays_linear(text: str) -> None:
    assert redact_text(text, names=["Maria Lopez"]).text


# --------------------------------------------------------------------------------------------
# Configured patterns


def test_configured_patterns_use_their_own_placeholder() -> None:
    result = redact_text("Order ORD-123456 on ACC-12345678, ticket #48213", patterns=PATTERNS)
    assert result.text == "Order [order] on [account], ticket #48213"
    assert result.report.as_dict() == {"account": 1, "order": 1}


def test_configured_pattern_value_group() -> None:
    patterns = {"order": r"(?i)order\s*#?(?P<value>\d{6})\b"}
    assert redact("Order #123456 failed", patterns=patterns) == "Order #[order] failed"


def test_ticket_number_is_redacted_when_a_pattern_says_so() -> None:
    assert redact("ticket #48213", patterns={"ticket": r"#\d{5}\b"}) == "ticket [ticket]"


def test_compile_patterns() -> None:
    compiled = compile_patterns({"Order": r"ORD-\d+"})
    assert compiled == (CustomPattern("order", re.compile(r"ORD-\d+")),)
    assert compile_patterns({}) == ()


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ({"order": r"ORD-(\d+"}, r"redact_patterns 'order': bad regex 'ORD-\(\\\\d\+': missing \)"),
        ({"order": r"\d*"}, "'order': the regex .* matches the empty string"),
        ({"order": ""}, "'order': the pattern must be a non-empty string"),
        ({"my order!": r"\d+"}, "'my order!': the name becomes the placeholder"),
        ({"order": 5}, "'order': the pattern must be a non-empty string, got 5"),
    ],
)
def test_bad_patterns(patterns: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        compile_patterns(patterns)  # type: ignore[arg-type]
    assert info.value.hint


def test_bad_patterns_are_reported_together() -> None:
    with pytest.raises(ConfigError) as info:
        redact_text("x", patterns={"a": "(", "b": "[", "c": r"\d+"})
    assert "'a'" in info.value.message and "'b'" in info.value.message
    assert "'c'" not in info.value.message


# --------------------------------------------------------------------------------------------
# Order of application


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password: maria@example.com", "password: [secret]"),  # secret before email
        ("william0502025550143@example.com", "[email]"),  # email before phone
        ("anna.schmidt@example.com", "[email]"),  # email before name
        ("DE89370400440532013000", "[iban]"),  # IBAN before card and phone
        ("4111 1111 1111 1111", "[card]"),  # card before phone
        ("ORD-202555", "[order]"),  # pattern before phone
        ("192.168.100.200", "[ip]"),  # IP before phone
        ("Mountain View, CA 94043-1351", "[address]"),  # address before phone
        ("12 Maria Street, Springfield, IL 62701", "[address]"),  # address before name
    ],
)
def test_order_of_application(text: str, expected: str) -> None:
    assert redact(text, names=["Anna Schmidt", "Maria Lopez"], patterns={"order": r"ORD-\d{6}"}) == expected


# --------------------------------------------------------------------------------------------
# Findings, placeholders and the report


def test_find_personal_data_offsets() -> None:
    text = "Hi Anna, call +44 20 7946 0958 or mail a@b.io"
    findings = find_personal_data(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [
        ("name", "Anna"),
        ("phone", "+44 20 7946 0958"),
        ("email", "a@b.io"),
    ]
    assert findings == sorted(findings, key=lambda f: f.start)
    assert all(isinstance(f, Finding) for f in findings)


def test_placeholders_are_not_findings() -> None:
    text = "Hi [name],\ncall [phone] or [email]; card [card], [iban], [ip], [address], [secret], [order].\n"
    text += "Thanks,\n[name]"
    assert find_personal_data(text, names=["name"], patterns={"order": r"\[?order\]?"}) == []


def test_redacting_twice_changes_nothing() -> None:
    once = redact_text("Hi Maria,\npassword: x1! call 030 12345678", names=["Maria"])
    twice = redact_text(once.text, names=["Maria"])
    assert twice.text == once.text
    assert twice.report == RedactionReport()


def test_report_counts_kinds_and_never_values() -> None:
    text = "Hi Maria, mail maria@example.com or bob@example.com, call 030 12345678, password: s3cret!"
    result = redact_text(text, names=["Maria Lopez"])
    assert isinstance(result, Redacted)
    assert result.report.as_dict() == {"email": 2, "name": 1, "phone": 1, "secret": 1}
    assert result.report.total == 5
    dumped = json.dumps(result.report.as_dict()) + repr(result.report) + str(result.report)
    for value in ("Maria", "maria@example.com", "bob", "12345678", "s3cret"):
        assert value not in dumped


def test_report_arithmetic() -> None:
    a = RedactionReport({"phone": 1, "email": 2})
    b = RedactionReport({"email": 1, "name": 0})
    assert (a + b).as_dict() == {"email": 3, "phone": 1}
    assert a.merge(b, b).as_dict() == {"email": 4, "phone": 1}
    assert sum([a, b]) == sum([a, b], RedactionReport()) == a + b
    assert list((a + b).as_dict()) == ["email", "phone"]  # stable, sorted
    assert RedactionReport().total == 0 and not RedactionReport() and a
    assert hash(a) == hash(RedactionReport({"email": 2, "phone": 1}))
    assert a == RedactionReport({"email": 2, "phone": 1})
    with pytest.raises(TypeError):
        a.counts["email"] = 9  # type: ignore[index]
    with pytest.raises(TypeError):
        a + 1  # type: ignore[operator]


def test_report_from_dict() -> None:
    report = RedactionReport({"email": 2, "phone": 1})
    assert RedactionReport.from_dict(json.loads(json.dumps(report.as_dict()))) == report
    assert RedactionReport.from_dict(None) == RedactionReport()
    for bad in (["email"], {"email": "2"}, {"email": -1}, {"email": True}):
        with pytest.raises(ContentError):
            RedactionReport.from_dict(bad)
    with pytest.raises(ValueError):
        RedactionReport({"email": -1})


def test_public_surface() -> None:
    assert KINDS == (
        "secret",
        "email",
        "iban",
        "card",
        "account",
        "order",
        "reference",
        "ip",
        "address",
        "phone",
        "name",
    )
    assert placeholder("order") == "[order]"
    assert redact_text("") == Redacted("", RedactionReport())
    assert redact("nothing personal here, E1042 on 2.14.1") == "nothing personal here, E1042 on 2.14.1"


# --------------------------------------------------------------------------------------------
# The seeded corpus



def test_corpus_covers_every_kind_and_format() -> None:
    corpus = build_corpus()
    assert len(corpus) >= 200
    assert {t.locale for t in corpus} == set(LOCALES)
    seen = Counter((kind, fmt) for t in corpus for kind, fmt, _ in t.pii)
    for kind, formats in SNIPPET_FORMATS.items():
        for fmt in formats:
            assert seen[(kind, fmt)] >= 2, (kind, fmt)
    for fmt in ("greeting", "signoff", "mention", "quote-header"):
        assert seen[("name", fmt)] >= 20
    # Labelled identifiers ([reference] among them) have a corpus of their own: tests/test_redact_ids.py.
    assert {kind for t in corpus for kind, _, _ in t.pii} == {*KINDS, *PATTERNS} - {"reference"}
    assert Counter(cat for t in corpus for cat, _ in t.survivors).keys() == SURVIVORS.keys()
    assert build_corpus() is corpus  # deterministic and cached
    assert build_corpus.__wrapped__()[7].text == corpus[7].text  # the seed fixes the text


def test_corpus_has_zero_leaks() -> None:
    leaks = [(i, leak) for i, (t, r) in enumerate(redacted_corpus()) for leak in _leaks(t, r.text)]
    assert leaks == [], "\n".join(f"#{i}: {leak}" for i, leak in leaks[:40])


def test_corpus_leaves_no_findings_behind() -> None:
    left = [
        (i, r.text[f.start : f.end])
        for i, (t, r) in enumerate(redacted_corpus())
        for f in find_personal_data(r.text, names=t.names, patterns=PATTERNS)
    ]
    assert left == []


def test_corpus_reports_match_placeholders() -> None:
    for ticket, result in redacted_corpus():
        for kind, count in result.report.as_dict().items():
            assert result.text.count(placeholder(kind)) - ticket.text.count(placeholder(kind)) == count
        assert result.report.total >= 3 + 4  # three snippets, at least four names


def occurrences(value: str, text: str) -> int:
    """How often ``value`` appears as a whole ("10:30" inside an IPv6 address does not count)."""
    return len(re.findall(rf"(?<![\w:.]){re.escape(value)}(?![\w:]|\.\d)", text))


def test_corpus_over_redaction(record_property: Callable[[str, object], None]) -> None:
    wrong: Counter[str] = Counter()
    total: Counter[str] = Counter()
    examples: list[str] = []
    for ticket, result in redacted_corpus():
        for category, value in ticket.survivors:
            total[category] += 1
            if occurrences(value, result.text) < occurrences(value, ticket.text):
                wrong[category] += 1
                examples.append(f"{category}: {value!r}")
    rate = sum(wrong.values()) / sum(total.values())
    record_property("over_redaction_rate", rate)
    record_property("over_redaction_by_category", dict(wrong))
    print(f"\nover-redaction: {sum(wrong.values())}/{sum(total.values())} survivors = {rate:.2%}; "
          f"by category {dict(wrong)}")  # fmt: skip
    assert wrong["error_code"] == wrong["version"] == wrong["product"] == 0, examples
    assert rate <= 0.02, examples
