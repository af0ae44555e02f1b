"""Linear time on any input: about 1 MB of adversarial text through each detector, the whole
redaction, a ticket and the heading parser.

Each input repeats a short unit that a pattern can start at again and again (a word start, a
key word, a label) and ends with what a pattern needs to succeed, so that a backtracking pattern
would rescan the rest of the text from every start. The timeouts only stop a quadratic scan,
which takes minutes to hours at this size; the times themselves are measured by
``python bench/redact.py --adversarial``. The heading parser is also held to the regexes of
Python-Markdown it replaces, on short lines, where those are fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.content.anchors import HeadingParser, _attr_list, _heading, explicit_ids
from kb.drafting import redact_ticket
from kb.redact import redact_text
from kb.redact.addresses import find_addresses
from kb.redact.emails import find_emails
from kb.redact.financial import find_cards, find_ibans
from kb.redact.identifiers import find_identifiers
from kb.redact.names import find_names, requester_names
from kb.redact.network import find_ips
from kb.redact.phones import find_phones, phone_regions
from kb.redact.secrets import find_secrets
from kb.tickets import Message, Ticket

SIZE = 1_000_000


def adversarial(unit: str, tail: str = "") -> str:
    """``unit`` repeated to about 1 MB, then ``tail``."""
    return unit * (SIZE // len(unit)) + tail


# (unit, tail): the inputs each detector meets. The named ones are the findings of issue 14.
INPUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "addresses": (("A.", " weg 1"), ("A.", " ring 1"), ("A'", " straße 5"), ("Aa-", " Street"),
                  ("Abc ", "12345 Berlin"), ("1 Oak ", "Drive"), ("12, ", "rue de la Paix"), ("Flat ", "5"),
                  ("St. ", "X"), ("\t", "Hauptstraße 5")),
    "secrets": (("-----BEGIN RSA PRIVATE KEY-----\n", ""), ("Authorization:", " x"), ("password ", ""), ("pw ", "x"),
                ("key ", "a" * 30), ("token ", ""), ("sk_", "1"), ("a_live_", "1"), ("aB3", ""), ("aB3-", "/"),
                ("mot ", "de passe"), ("https://a:", "@")),
    "emails": (("a.", "@x.com"), ("a@", ""), ("a [at] ", "b [dot] com"), ("a-", "@b")),
    "financial": (("1 ", ""), ("4111 ", "1111"), ("DE89 ", "3704"), ("1-", "")),
    "identifiers": (("order #", "1"), ("1", ""), ("A1", "-"), ("1-", "ACC"), ("account ", "1234567"),
                    ("numéro de ", "commande 1"), ("A-", "1"), ("/1", "")),
    "ips": (("1.", "1"), ("::", "1"), ("f:", ":1"), ("1.1.", "")),
    "phones": (("1 ", ""), ("+1", ""), ("(1", ")"), ("1/", ""), ("call ", "1")),
    "names": (("Hi ", "Maria"), ("Maria ", ""), ("Best regards,\n", "A"), ("A ", ","), ("Mr ", "X")),
}  # fmt: skip
_REQUESTER = requester_names(("Maria Lopez",))
DETECTORS: dict[str, Callable[[str], Iterable[object]]] = {
    "addresses": find_addresses,
    "secrets": find_secrets,
    "emails": find_emails,
    "financial": lambda text: [*find_ibans(text), *find_cards(text)],
    "identifiers": find_identifiers,
    "ips": find_ips,
    "phones": functools.partial(find_phones, regions=phone_regions(("US", "ES"))),
    "names": functools.partial(find_names, requester=_REQUESTER),
}
CASES = [
    pytest.param(name, unit, tail, id=f"{name}-{index}")
    for name, pairs in INPUTS.items()
    for index, (unit, tail) in enumerate(pairs)
]


@pytest.mark.parametrize(("name", "unit", "tail"), CASES)
@pytest.mark.timeout(10)
def test_each_detector_is_linear(name: str, unit: str, tail: str) -> None:
    text = adversarial(unit, tail)
    list(DETECTORS[name](text))  # finishing at all is the test


@pytest.mark.parametrize(("unit", "tail"), [("A.", " weg 1"), ("Authorization:", " x"), ("order #", "1"), ("aB3", "")])
@pytest.mark.timeout(15)
def test_the_whole_redaction_is_linear(unit: str, tail: str) -> None:
    text = adversarial(unit, tail)
    assert len(redact_text(text, names=["Maria Lopez"], region=("US", "ES")).text) > 0


@pytest.mark.timeout(15)
def test_a_ticket_is_linear() -> None:
    body = adversarial("A.", " weg 1")
    ticket = Ticket("1", adversarial("Authorization:", " x"), "solved", ("a" * 1000,),
                    (Message("customer", "Maria Lopez", body),), requester_name="Maria Lopez")  # fmt: skip
    assert redact_ticket(ticket).customer


HEADING_LINES = {
    "hashes": "#" * SIZE + "x",
    "blanks": "# " + " " * SIZE + "x\\",
    "braces": "# a" + " {a" * (SIZE // 3),
    "open-braces": "# a" + " {" * (SIZE // 2) + "}",
    "only-hashes": "#" * SIZE,
    "closing-hashes": "# a" + " " * (SIZE // 2) + "#" * (SIZE // 2),
}


@pytest.mark.parametrize("name", HEADING_LINES)
@pytest.mark.timeout(10)
def test_the_heading_parser_is_linear(name: str) -> None:
    line = HEADING_LINES[name]
    explicit_ids([line])
    HeadingParser().parse(line)


@pytest.mark.timeout(10)
def test_reading_a_heading_full_of_escapes_is_linear() -> None:
    # Only the reading: Python-Markdown renders such a heading's inline markup in quadratic time
    # (the site build does too), which is no regex of ours.
    line = "# " + "\\#" * (SIZE // 2)
    assert _heading(line) == (1, line[1:])
    assert explicit_ids([line]) == set()


# The regexes of Python-Markdown's HashHeaderProcessor and attr_list that _heading and _attr_list replace.
_MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})(?P<text>(?:\\.|[^\\])*?)#*\s*$")
_MARKDOWN_ATTR_RE = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")


@given(st.text(alphabet="#\\ {}:ab\t\n.", max_size=30))
@settings(max_examples=400, deadline=None)
def test_heading_parser_reads_lines_as_python_markdown_does(line: str) -> None:
    match = _MARKDOWN_HEADING_RE.match(line)
    assert _heading(line) == ((len(match.group(1)), match.group("text")) if match else None)
    attr = _MARKDOWN_ATTR_RE.search(line)
    assert _attr_list(line) == ((attr.start(), attr.group(1)) if attr else None)


def test_heading_parser_examples() -> None:
    parser = HeadingParser()
    assert parser.parse("## Reset your password ##") == (2, "Reset your password", "reset-your-password")
    assert parser.parse("### Ports {#ports}") == (3, "Ports", "ports")
    assert parser.parse("## C\\# ##") == (2, "C#", "c")
    assert parser.parse("## trailing \\") is None
