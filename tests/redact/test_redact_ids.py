"""Labelled identifiers, bare passwords, vendor and random-looking keys, national phone formats.

Focused cases per form, then a seeded Faker corpus in four locales (en_US, de_DE, fr_FR, es_ES):
every form of every new kind in the locale's words, next to look-alikes a help article needs
(versions, error codes, HTTP statuses, dates, sizes, ports, percentages, years, model numbers,
file hashes). The corpus asserts zero leaks and zero over-redaction; a Hypothesis property holds
redaction to never raising, being idempotent and leaving no seeded value behind.
bench/redact.py --kinds measures recall and over-redaction per kind on a larger corpus.
"""

from __future__ import annotations

import functools
import random
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.config import load_settings
from kb.errors import ConfigError
from kb.redact import redact_text
from tests.support.pii_ids import FORMS, REGIONS, Ticket, _value, build_corpus, leaks


def redact(text: str, region: str | tuple[str, ...] = "US") -> str:
    return redact_text(text, region=region).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("account number 1234-5678-90, thanks", "account number [account], thanks"),
        ("account number 1234 5678 90 is wrong", "account number [account] is wrong"),
        ("my account is ACC-12345678", "my account is [account]"),
        ("Account 1234567890 was charged", "Account [account] was charged"),
        ("Customer ID: C-4481-2290", "Customer ID: [account]"),
        ("order #1234567.", "order #[order]."),
        ("Order ID: ORD-2025-123456", "Order ID: [order]"),
        ("It's 123-1234567-1234567 on Amazon", "It's [order] on Amazon"),
        ("see SO12345678", "see [order]"),
        ("invoice no. 2024/00042", "invoice no. [order]"),
        ("booking reference: XK4-88213", "booking reference: [reference]"),
        ("case 00123456", "case [reference]"),
        ("serial number: C02XK1ZJJG5H", "serial number: [reference]"),
        ("contract nr 88-1234", "contract nr [account]"),
        ("membership # 77812", "membership # [account]"),
        ("policy number POL/2291/88", "policy number [account]"),
        ("Kundennummer: 4821344", "Kundennummer: [account]"),
        ("Bestell-Nr. 10023344", "Bestell-Nr. [order]"),
        ("numéro de commande 458812", "numéro de commande [order]"),
        ("n° de client : 99123", "n° de client : [account]"),
        ("número de pedido: 99812", "número de pedido: [order]"),
        ("INC0012345 is still open", "[reference] is still open"),
    ],
)
def test_labelled_identifiers(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "After updating to 2.4.1 (v10.2.3) it fails",
        "ERR_1234 and E1234 and HTTP 404 and error 0x80070005",
        "on 2024-05-12, 12/05/2024 and 13.05.2024",
        "a 512 MB upload on port :8080 at 99.9% in 2024",
        "in case E1234 shows up, the invoice for 2024",
        "the order was 2 days late; account 123 is fine",
        "See KB5034441 and CVE-2024-12345 and RFC 9110",
        "Dell XPS 9310, RTX4090, iPhone 15, SM-G991B",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "https://acme.example/kb/1234567890 and report_20240513_1030.csv",
        "the Order placed 13.05.2024 14:22",
        "request id 3f2b9c1e-8a7d-4e6f-9b0a-1c2d3e4f5a6b",
        "set a backup password (minimum 8 characters).",
    ],
)
def test_identifier_look_alikes_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my password is hunter2!", "my password is [secret]"),
        ("password: 'p@ss w0rd'", "password: '[secret]'"),
        ("pw Secret123", "pw [secret]"),
        ("PIN 4821", "PIN [secret]"),
        ("the password is now S3cret! ok", "the password is now [secret] ok"),
        ('password "correct horse 7"', 'password "[secret]"'),
        ("Kennwort Sommer2024", "Kennwort [secret]"),
        ("contraseña: Verano#24", "contraseña: [secret]"),
        ("acme_live_4eC39HqLyjWDarjtT1zdp7dc", "[secret]"),
        ("shop_test_4eC39HqLyjWDarjtT1zdp7dc", "[secret]"),
        ("sk_4eC39HqLyjWDarjtT1zdp7dcXX", "[secret]"),
        ("gho_abcdefghijklmnopqrstuvwxyz0123456789", "[secret]"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijk", "[secret]"),
        ("xoxp-99-88-77abcdefgh", "[secret]"),
        ("AIzaSyA1234567890abcdefghijklmnopqrstuv", "[secret]"),
        ("it was Xk9fQ2mZ7pL4vR8sT1wY6nB3cJ5hD0gA yesterday", "it was [secret] yesterday"),
    ],
)
def test_passwords_and_keys(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the password reset email never arrived",
        "password manager and PIN 12",
        "unit_test_functionnamehere",
        "AbstractSingletonProxyFactoryBean2024",
        "Report_Q3_2024_FinalVersion_Approved.pdf",
        "/api/Xk9fQ2mZ7pL4vR8sT1wY6nB3cJ5hD0gA/items",
        "SSL_ERROR_BAD_CERT_DOMAIN_1234567890ABCDEF",
    ],
)
def test_key_look_alikes_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("region", "phone"),
    [("ES", "612 34 56 78"), ("ES", "912 345 678"), ("IT", "312 345 6789"), ("NL", "06 12345678")],
)
def test_national_phone_formats_of_configured_regions(region: str, phone: str) -> None:
    text = f"Llámame al {phone} por favor"
    assert redact(text, region=("US", region)) == "Llámame al [phone] por favor"
    assert "[phone]" not in redact(f"version {phone.replace(' ', '.')} build", region=("US", region))


def test_a_national_number_of_an_unconfigured_region_stays() -> None:
    # Without ES in the regions a grouped 9-digit number is not known to be a phone number.
    assert redact("Llámame al 612 34 56 78 por favor", region="US") == "Llámame al 612 34 56 78 por favor"


def test_redact_phone_regions_setting(tmp_path: Path) -> None:
    assert load_settings(tmp_path, environ={}).redaction_regions == ("US",)
    assert load_settings(tmp_path, environ={"KB_PHONE_REGION": "gb"}).redaction_regions == ("GB",)
    env = {"KB_PHONE_REGION": "GB", "KB_REDACT_PHONE_REGIONS": " es, DE ,es"}
    assert load_settings(tmp_path, environ=env).redaction_regions == ("ES", "DE")
    (tmp_path / "pyproject.toml").write_text('[tool.kb]\nredact_phone_regions = ["FR", "NL"]\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).redaction_regions == ("FR", "NL")


@pytest.mark.parametrize(
    ("environ", "toml", "message"),
    [
        ({"KB_REDACT_PHONE_REGIONS": "ES,XX,zz"}, "", "unknown region code(s) XX, ZZ"),
        ({}, "redact_phone_regions = [34]", "must be a list of region codes"),
        ({}, 'redact_phone_regions = ["Spain"]', "unknown region code(s) SPAIN"),
    ],
)
def test_invalid_phone_regions_are_reported(tmp_path: Path, environ: dict[str, str], toml: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.kb]\n{toml}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path, environ=environ)
    assert message in str(error.value) and "redact_phone_regions" in str(error.value)


def test_unknown_region_in_redaction_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'XX'"):
        redact_text("call 612 34 56 78", region=("ES", "XX"))


# --------------------------------------------------------------------------------------------
# The seeded corpus



@functools.lru_cache(maxsize=1)
def redacted_corpus() -> tuple[tuple[Ticket, str], ...]:
    return tuple((t, redact(t.text, region=("US", REGIONS[t.locale]))) for t in build_corpus())


def test_corpus_covers_every_form_in_four_locales() -> None:
    seen = Counter((t.locale, kind, form) for t in build_corpus() for kind, form, _ in t.pii)
    for locale, forms in FORMS.items():
        for kind, form in forms:
            assert seen[(locale, kind, form)] >= 2, (locale, kind, form)


def test_corpus_has_zero_leaks() -> None:
    found = [(i, leak) for i, (t, out) in enumerate(redacted_corpus()) for leak in leaks(t, out)]
    assert found == [], "\n".join(f"#{i}: {leak}" for i, leak in found[:40])


def test_corpus_look_alikes_survive() -> None:
    lost = [s for t, out in redacted_corpus() for s in t.survivors if s not in out]
    assert lost == []


def test_corpus_placeholders_are_typed() -> None:
    counts = Counter(re.findall(r"\[(\w+)\]", " ".join(out for _, out in redacted_corpus())))
    assert {"account", "order", "reference", "secret", "phone"} <= counts.keys()


# --------------------------------------------------------------------------------------------
# Properties

_SEEDED = st.builds(
    lambda kind_form, seed: (kind_form, seed),
    st.sampled_from(sorted({(k, f) for forms in FORMS.values() for k, f in forms} - {("phone", "national")})),
    st.integers(0, 10**6),
)
_FILLER = st.text(alphabet=string.ascii_letters + string.digits + " .,:;!?-_/#()'\"\n\t", max_size=40)


@given(seeded=st.lists(_SEEDED, min_size=1, max_size=4), filler=st.lists(_FILLER, min_size=1, max_size=5))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_redaction_never_raises_is_idempotent_and_leaves_no_seeded_value(
    seeded: list[tuple[tuple[str, str], int]], filler: list[str]
) -> None:
    fake = Faker("en_US")
    parts: list[str] = []
    values: list[str] = []
    for index, ((kind, form), seed) in enumerate(seeded):
        fake.seed_instance(seed)
        value = _value(kind, form, fake, random.Random(seed), "US")
        values.append(value)
        parts.append(filler[index % len(filler)])
        parts.append(FORMS["en_US"][(kind, form)].format(v=value))
    parts.append(filler[-1])
    text = "\n".join(parts)
    once = redact(text)
    assert redact(once) == once
    for value in values:
        assert value not in once
