"""kb.redact, one kind at a time: emails, phones, cards, IBANs and IPs, each with look-alikes
that must survive (addresses, names and secrets are in test_kinds_text.py)."""

from __future__ import annotations

import re

import pytest

from kb.errors import ConfigError
from kb.redact import (
    redact_text,
)
from tests.support.pii import (
    digits,
)


def redact(text: str, **kwargs: object) -> str:
    return redact_text(text, **kwargs).text  # type: ignore[arg-type]





# --------------------------------------------------------------------------------------------
# Emails


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to anna.schmidt@example.com please", "Write to [email] please"),
        ("<william05@hotmail.com>", "<[email]>"),
        ("mailto:j.doe+kb@mail.example.co.uk.", "mailto:[email]."),
        ("Contact: JOHN_DOE@EXAMPLE.ORG, or me", "Contact: [email], or me"),
        ("two: a@b.io and c.d@e-f.de", "two: [email] and [email]"),
        ("jürgen.müller@beispiel.de", "[email]"),
        ("anna [at] example [dot] com", "[email]"),
        ("mail anna (at) example.com today", "mail [email] today"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text", ["user@localhost is not routable", "the @mention feature", "a @ b", "meet at noon (at) home"]
)
def test_not_emails(text: str) -> None:
    assert "[email]" not in redact(text)


# --------------------------------------------------------------------------------------------
# Phones


@pytest.mark.parametrize(
    "phone",
    [
        "+1 202-555-0143",
        "+1-537-640-6812x41586",
        "(591)341-7776",
        "(202) 555-0143",
        "202.555.0143",
        "206.269.0743x9150",
        "202-555-0143 ext. 12",
        "001-202-555-0143",
        "+44 20 7946 0958",
        "+44(0)2074960074",
        "+44115 496 0777",
        "020 7946 0958",
        "(0161) 4960066",
        "07700 900123",
        "+49 30 12345678",
        "+49 (0) 9141 777631",
        "030 12345678",
        "0151/12345678",
        "(03449) 78690",
        "+33 1 83 41 77 76",
        "+33 (0)5 59 81 24 15",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0041 44 668 18 00",
        "+61 2 9374 4000",
    ],
)
def test_phones(phone: str) -> None:
    out = redact(f"Call me on {phone} after 5pm.")
    assert out == "Call me on [phone] after 5pm."
    assert digits(phone) not in digits(out)


@pytest.mark.parametrize(
    "text",
    [
        "call 2025550143",  # a bare run of digits needs a phone word...
        "Tel 07700900123",  # ...or a trunk prefix
        "M: 07700900123",
        "my number 4155550123",
        "0301234567 is my landline",
        "my cell is 555-0143",
        "Mobile: 9748833788",  # an unassigned area code, but announced
        "phone: 0049-30-12345678",
        "+1 (202) 555-0143",
    ],
)
def test_phones_with_context_or_prefix(text: str) -> None:
    assert "[phone]" in redact(text)
    assert not re.search(r"\d{4}", redact(text))


@pytest.mark.parametrize("region", ["US", "GB", "DE", "FR", "de", "AU"])
def test_phones_in_any_region(region: str) -> None:
    assert redact("Tel: +44 20 7946 0958", region=region) == "Tel: [phone]"
    assert redact("Tel: 030 12345678", region=region) == "Tel: [phone]"


def test_unknown_region_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="region"):
        redact_text("x", region="XX")


@pytest.mark.parametrize(
    "text",
    [
        "Order 48213 shipped",
        "ticket #48213",
        "version 2.14.1",
        "Windows 10.0.19045.3930",
        "build 20240512",
        "error 0x80070005",
        "E1042",
        "HTTP 503",
        "on 2024-05-12 at 10:30",
        "on 12.05.2024",
        "on 12/05/2024",
        "$1,299.00",
        "total 49.99",
        "10 000 000 users",
        "order 100234567",
        "ORD-2024-118345",
        "invoice 2024-000123",
        "port 8080",
        "serial 4512-7788-1200",
        "Acme Sync 4.2",
        "at 14:05:33",
        "v3.2.1-beta.4",
        "tracking 1Z999AA10123456784",
        "KB5034441",
        "Chrome 124.0.6367.91",
        "error code 80070643",
        "SKU 400-1234-567",
        "https://example.com/orders/2025550143",
        "1,234,567 rows",
        "case ID 5001234567",
        "2025550143",  # bare digits, no phone word: an id as likely as a phone
        "uploaded chunk 168717388",  # valid in France only with its trunk 0
        "size 4294967295 bytes",
        "2024-05-12 10:30:00.123 INFO sync",
        "13.05.2024 14:22",
    ],
)
def test_not_phones(text: str) -> None:
    # Some are customer identifiers ("Order 48213", "case ID 5001234567"): tests/test_redact_ids.py.
    assert "[phone]" not in redact(text)


# --------------------------------------------------------------------------------------------
# Cards


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5500 0000 0000 0004",
        "3782 822463 10005",
        "378282246310005",
        "6011 0009 9013 9424",
        "3530111333300000",
        "30569309025904",
        "4563414839603062021",
        "180037407767270",
    ],
)
def test_cards(card: str) -> None:
    out = redact(f"I paid with {card}, then it failed.")
    assert out == "I paid with [card], then it failed."


def test_card_next_to_other_digits() -> None:
    assert redact("card 4111 1111 1111 1111 2024") == "card [card] 2024"


@pytest.mark.parametrize(
    "text",
    ["4111 1111 1111 1112", "order 1234567890123", "9111111111111111", "4111 1111 1111"],
)
def test_not_cards(text: str) -> None:
    assert "[card]" not in redact(text)


# --------------------------------------------------------------------------------------------
# IBANs


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
        "ES91 2100 0418 4502 0005 1332",
        "IT60X0542811101000000123456",
        "CH93 0076 2011 6238 5295 7",
        "de89 3704 0044 0532 0130 00",  # lower case counts when grouped
    ],
)
def test_ibans(iban: str) -> None:
    assert redact(f"IBAN: {iban} and that is all") == "IBAN: [iban] and that is all"


@pytest.mark.parametrize(
    "text",
    [
        "DE89 3704 0044 0532 0130 01",  # checksum
        "AB12 CDEF 1234 5678 90",  # no such country
        "GB82 WEST",
        "req_id=eb432cced4f50a7a size 16430",  # a hex id in a log line
        "de89370400440532013000",  # lower case and ungrouped: an id, not an IBAN
    ],
)
def test_not_ibans(text: str) -> None:
    assert "[iban]" not in redact(text)


# --------------------------------------------------------------------------------------------
# IP addresses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 203.0.113.42 today", "from [ip] today"),
        ("gateway 192.168.1.20", "gateway [ip]"),
        ("proxy 10.0.0.1:8080 refused", "proxy [ip]:8080 refused"),
        ("subnet 172.16.0.0/24", "subnet [ip]/24"),
        ("host 2001:db8:85a3::8a2e:370:7334", "host [ip]"),
        ("host 2001:0db8:85a3:0000:0000:8a2e:0370:7334.", "host [ip]."),
        ("link fe80::1ff:fe23:4567:890a%eth0 up", "link [ip] up"),
        ("mapped ::ffff:192.0.2.128 too", "mapped [ip] too"),
        ("loopback ::1", "loopback [ip]"),
        ("at [2001:db8::1]:443", "at [[ip]]:443"),
        ("old 010.001.001.001", "old [ip]"),
    ],
)
def test_ips(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "version 2.14.1",
        "at 10:30:00",
        "MAC 00:1A:2B:3C:4D:5E",
        "version 1.2.3.4",
        "v1.2.3.4",
        "999.1.1.1",
        "std::vector",
        "Chrome 124.0.6367.91",
        "1.2.3.4.5",
    ],
)
def test_not_ips(text: str) -> None:
    assert redact(text) == text
