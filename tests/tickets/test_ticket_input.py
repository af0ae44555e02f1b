"""Ticket input that is not what it should be (each bad record reported, the rest imported),
webhook payloads in every shape, and a 10,000-ticket export parsed right."""

from __future__ import annotations

import json
import random

import pytest

from kb.errors import ConfigError, InputError, KBError
from kb.tickets import (
    ImportResult,
    load_tickets,
    parse_ticket_payload,
    parse_tickets,
    qualifies,
)
from tests.support.tickets import TICKET_DATA as DATA
from tests.support.tickets import zendesk_export as zendesk

# --- bad input -----------------------------------------------------------------------------------


def test_each_bad_record_is_reported_and_the_rest_import() -> None:
    result = load_tickets(DATA / "bad_records.json")
    assert [t.id for t in result.tickets] == ["1", "8"]
    assert not result.ok
    assert [(e.record, e.field) for e in result.errors] == [
        ("#2", "id"),
        ("3", "subject"),
        ("4", "tags"),
        ("#5", "id"),
        ("#6", "ticket"),
        ("7", "comments"),
    ]
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("ticket #2: field 'id' is missing — every ticket needs its id")
    assert messages[1] == (
        "ticket 3: field 'subject' is missing — every ticket needs a subject (it becomes the article's "
        "title); fill it in or leave the ticket out of the export"
    )
    assert messages[2].startswith("ticket 4: field 'tags' must be a list of text, got a number (42) — ")
    assert messages[3].startswith("ticket #5: field 'id' must be a number or text, got a list — ")
    assert messages[4].startswith("ticket #6: field 'ticket' must be an object, got text ('not an object')")
    assert messages[5].startswith("ticket 7: field 'comments' must be a list of comments, got an object")


def test_wrong_types_inside_a_ticket_name_the_field() -> None:
    data = zendesk(
        {"id": 1, "subject": ["a"], "status": "open"},
        {"id": 2, "subject": "s", "status": "open", "comments": [{"body": 5}]},
        {"id": 3, "subject": "s", "status": "open", "comments": [{"body": "b", "public": "maybe"}]},
        {"id": 4, "subject": "s", "status": 3.5},
        {"id": 5, "subject": "s", "status": "open", "tags": ["ok", 7]},
        {"id": 6, "subject": "fine", "status": "open"},
    )
    result = parse_tickets(data, "types.json")
    assert [t.id for t in result.tickets] == ["6"]
    assert [e.field for e in result.errors] == [
        "subject",
        "comments[1].body",
        "comments[1].public",
        "status",
        "tags[2]",
    ]
    assert str(result.errors[1]).startswith(
        "ticket 2: field 'comments[1].body' must be text, got a number (5)"
    )


def test_repeated_ids_keep_the_first() -> None:
    data = zendesk(
        {"id": 1, "subject": "first", "status": "open"},
        {"id": 1, "subject": "second", "status": "open"},
    )
    result = parse_tickets(data, "dup.json")
    assert [t.subject for t in result.tickets] == ["first"]
    assert str(result.errors[0]).startswith("ticket 1: field 'id' repeats the ticket at #1 (this one at #2")


def test_malformed_json_names_file_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        load_tickets(DATA / "malformed.json")
    assert caught.value.message == (
        f"{DATA / 'malformed.json'}: not valid JSON: Expecting ',' delimiter at line 4, column 14"
    )
    assert "Zendesk" in caught.value.hint


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.json: the file is empty"),
        (b"  \n\t", "x.json: the file is empty"),
        (
            b'{"foo": 1, "bar": []}',
            "x.json: not a known ticket export: a JSON object without a 'tickets' list",
        ),
        (b'{"tickets": {"id": 1}}', "x.json: 'tickets' must be a list, got an object"),
        (b"42", "x.json: not a known ticket export: neither JSON nor a CSV header row"),
        (b'"just text"', "x.json: not a known ticket export: neither JSON nor a CSV header row"),
        (b"[" * 100_000 + b"]" * 100_000, "x.json: JSON nested too deeply"),
        (b"hello world", "x.json: not a known ticket export"),
    ],
)
def test_files_that_are_not_exports_raise_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match="^" + message.replace("[", r"\[").replace("(", r"\(")):
        parse_tickets(data, "x.json")


def test_jsonl_with_a_broken_line_imports_the_others() -> None:
    lines = [
        json.dumps({"id": 1, "subject": "one", "status": 4, "description_text": "a"}),
        '{"id": 2, "subject": "two", "status": 4,,}',
        json.dumps({"id": 3, "subject": "three", "status": 5, "description_text": "c"}),
    ]
    result = parse_tickets("\n".join(lines).encode(), "t.jsonl")
    assert [t.id for t in result.tickets] == ["1", "3"]
    assert [(e.record, e.field) for e in result.errors] == [("line 2", "line")]
    assert str(result.errors[0]).startswith(
        "ticket at line 2: not valid JSON: Expecting property name enclosed in double quotes (column 41)"
    )


def test_non_utf8_bytes_are_replaced_and_noted() -> None:
    result = load_tickets(DATA / "latin1.csv")
    assert result.ok
    ticket = result.tickets[0]
    assert ticket.subject == "Caf\ufffd menu missing"
    assert ticket.messages[0].body == "The caf\ufffd page is blank."
    assert len(result.notes) == 1
    assert "not valid UTF-8 were replaced with U+FFFD (first at byte 40)" in result.notes[0]


def test_utf16_with_bom_is_decoded() -> None:
    text = "id\tsubject\tstatus\n1\tÜmlaut prüfen\tsolved\n"
    result = parse_tickets(b"\xff\xfe" + text.encode("utf-16-le"), "excel.txt")
    assert result.tickets[0].subject == "Ümlaut prüfen"
    assert not any("UTF-8" in note for note in result.notes)


def test_control_characters_are_dropped() -> None:
    data = zendesk({"id": 1, "subject": "a\x00b\x07c", "status": "open", "description": "x\x00y\r\nz"})
    ticket = parse_tickets(data, "ctl.json").tickets[0]
    assert ticket.subject == "abc" and ticket.messages[0].body == "xy\nz"


def test_oversize_bodies_are_truncated_with_a_note() -> None:
    body = "é" * 1000  # 2,000 bytes; a cut at an odd byte must not split a character
    data = zendesk({"id": 9, "subject": "big", "status": "open", "description": body})
    result = parse_tickets(data, "big.json", max_body_bytes=101)
    text = result.tickets[0].messages[0].body
    assert text == "é" * 50 + "\n\n[truncated: 1900 bytes removed]"
    assert result.notes == [
        "ticket 9: field 'description' was 2000 bytes; kept the first 101 (max_body_bytes)"
    ]
    small = parse_tickets(data, "big.json", max_body_bytes=2000)
    assert small.tickets[0].messages[0].body == body and not small.notes


def test_oversize_html_is_cut_before_conversion() -> None:
    markup = "<p>" + "word " * 100_000 + "</p>"
    data = json.dumps([{"id": 1, "subject": "s", "status": 4, "description": markup}]).encode()
    text = parse_tickets(data, "f.json", max_body_bytes=1000).tickets[0].messages[0].body
    assert text.startswith("word word") and text.endswith(f"[truncated: {len(markup) - 1000} bytes removed]")
    assert len(text) < 1100


def test_invalid_limit_and_missing_file() -> None:
    with pytest.raises(ConfigError, match="max_body_bytes"):
        parse_tickets(b"[]", "x.json", max_body_bytes=0)
    with pytest.raises(InputError, match="cannot be read"):
        load_tickets(DATA / "no-such-file.json")


def test_garbage_never_escapes_as_a_traceback() -> None:
    rng = random.Random(5)
    seeds = [b"{", b"[", b"id,subject\n", b'{"tickets": [', b"\xff\xfe", b'[{"id": 1, "comments": [']
    for _ in range(300):
        data = rng.choice(seeds) + bytes(rng.randrange(256) for _ in range(rng.randrange(60)))
        try:
            result = parse_tickets(data, "fuzz")
        except KBError:
            continue
        assert isinstance(result, ImportResult)


# --- webhook payloads ----------------------------------------------------------------------------


def test_payload_in_kbs_own_shape() -> None:
    ticket = parse_ticket_payload(
        {
            "id": 77,
            "subject": "Login loop on Safari",
            "status": "Solved",
            "tags": ["new issue"],
            "requester": {"name": "Ravi Kumar", "email": "ravi@example.com"},
            "messages": [
                {"role": "customer", "body": "I keep getting sent back to the login page."},
                {"role": "agent", "body": "Checked with engineering.", "public": False},
                {
                    "role": "agent",
                    "body": "<p>Allow cross-site cookies:</p><ol><li>Safari</li><li>Settings</li></ol>",
                    "author": "Nina",
                },
            ],
        }
    )
    assert ticket.id == "77" and ticket.source == "webhook" and ticket.status == "resolved"
    assert ticket.customer_messages[0].author_name == "Ravi Kumar"
    assert [(m.author_name, m.body) for m in ticket.agent_replies] == [
        ("Nina", "Allow cross-site cookies:\n\n1. Safari\n2. Settings")
    ]
    assert qualifies(ticket)[0]


def test_payload_in_zendesk_and_freshdesk_shapes() -> None:
    zd = parse_ticket_payload(
        {
            "ticket": {
                "id": 5,
                "subject": "s",
                "status": "closed",
                "tags": ["new_issue"],
                "requester_id": 1,
                "comments": [{"author_id": 1, "body": "q"}, {"author_id": 2, "body": "a", "public": True}],
            },
            "users": [
                {"id": 1, "name": "Cust", "role": "end-user"},
                {"id": 2, "name": "Agent", "role": "agent"},
            ],
        }
    )
    assert zd.source == "webhook" and zd.requester_name == "Cust"
    assert [(m.author_role, m.author_name) for m in zd.messages] == [("customer", "Cust"), ("agent", "Agent")]

    fd = parse_ticket_payload(
        {
            "id": 6,
            "subject": "s",
            "status": 5,
            "description_text": "q",
            "conversations": [{"incoming": False, "private": False, "body_text": "a"}],
        },
        source="freshdesk",
    )
    assert fd.source == "freshdesk" and fd.status == "closed" and [m.body for m in fd.agent_replies] == ["a"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"id": 1, "status": "open", "messages": []}, "ticket 1: field 'subject' is missing"),
        ({"subject": "s", "messages": []}, "ticket payload: field 'id' is missing"),
        (
            {"id": 1, "subject": "s", "messages": "hi"},
            "ticket 1: field 'messages' must be a list of messages",
        ),
        (
            {"id": 1, "subject": "s", "messages": [{"role": "bot", "body": "x"}]},
            "ticket 1: field 'messages[1].role' must be 'customer' or 'agent', got 'bot'",
        ),
        (
            {"id": 1, "subject": "s", "messages": [{"role": "agent"}]},
            "ticket 1: field 'messages[1].body' must be text, got null",
        ),
        (
            {"id": 1, "subject": "s", "messages": [], "requester": "bob"},
            "ticket 1: field 'requester' must be an object",
        ),
        ({"ticket": [1, 2]}, "ticket payload: field 'ticket' must be an object, got a list"),
        ({"id": 1, "subject": "s"}, "ticket payload is not a known ticket shape (keys: id, subject)"),
        (
            {"id": 1, "subject": "s", "status": 4, "conversations": [{"body_text": 3}]},
            "ticket 1: field 'conversations[1].body_text' must be text, got a number (3)",
        ),
    ],
)
def test_bad_payloads_raise_input_error_naming_the_field(payload: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_ticket_payload(payload)
    assert caught.value.message.startswith(message)
    assert caught.value.hint


def test_payload_that_is_not_an_object() -> None:
    with pytest.raises(InputError, match="must be a JSON object, got a list"):
        parse_ticket_payload([1, 2])  # type: ignore[arg-type]


# --- a big export: every ticket parsed right (speed is measured in bench/ingest.py, not here) ------


def test_a_10000_ticket_export_parses_every_ticket_right() -> None:
    tickets = []
    for n in range(10_000):
        comments = [
            {"author_id": 1, "public": True, "body": f"Ticket {n}: the export fails with ERR_{n % 97}."},
            {"author_id": 2, "public": False, "body": "Internal: known issue."},
            {"author_id": 2, "public": True, "body": "1. Open Settings\n2. Turn on split exports\n3. Retry"},
        ]
        if n % 10 == 0:  # some exports only carry html_body
            comments.append({"author_id": 2, "public": True, "html_body": "<p>Glad it <b>works</b>!</p>"})
        tickets.append(
            {
                "id": n,
                "subject": f"Export fails {n}",
                "status": "solved",
                "requester_id": 1,
                "tags": ["new_issue"],
                "created_at": "2024-03-04T09:12:00Z",
                "comments": comments,
            }
        )
    data = zendesk(*tickets, users=[{"id": 1, "name": "C", "role": "end-user"}, {"id": 2, "name": "A"}])
    result = parse_tickets(data, "bulk.json")
    assert result.ok and result.errors == [] and len(result.tickets) == 10_000
    assert [t.id for t in result.tickets] == [str(n) for n in range(10_000)]
    for n in (0, 1, 4_321, 9_999):
        ticket = result.tickets[n]
        assert ticket.subject == f"Export fails {n}" and ticket.is_resolved and qualifies(ticket)[0]
        assert [m.body for m in ticket.customer_messages] == [f"Ticket {n}: the export fails with ERR_{n % 97}."]
        replies = [m.body for m in ticket.agent_replies]
        assert replies[0] == "1. Open Settings\n2. Turn on split exports\n3. Retry"
        assert len(replies) == (2 if n % 10 == 0 else 1)  # the html_body reply only on every tenth
        assert all("Internal" not in m.body for m in (*ticket.customer_messages, *ticket.agent_replies))
