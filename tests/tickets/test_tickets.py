"""kb.tickets.load: every export shape into one Ticket model, the "new issue" rule, and hostile input."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kb.errors import ConfigError, InputError, KBError
from kb.tickets import (
    ImportResult,
    Message,
    Ticket,
    detect_format,
    has_new_issue_tag,
    html_to_text,
    is_new_issue_tag,
    load_tickets,
    normalise_status,
    parse_ticket_payload,
    parse_tickets,
    qualifies,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "tickets"
CUSTOM_COLUMNS = {
    "id": "Ticket Number",
    "subject": "Title",
    "status": "State",
    "tags": "Labels",
    "description": "Question",
    "resolution": "Answer",
    "internal_note": "Internal Note",
    "requester_name": "Customer",
    "requester_email": "Customer Email",
    "created_at": "Opened",
}


def by_id(result: ImportResult) -> dict[str, Ticket]:
    return {ticket.id: ticket for ticket in result.tickets}


def zendesk(*tickets: object, users: list[object] | None = None) -> bytes:
    return json.dumps({"tickets": list(tickets), "users": users or []}).encode()


# --- formats -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zendesk_comments.json", "zendesk"),
        ("zendesk_description.json", "zendesk"),
        ("bad_records.json", "zendesk"),
        ("freshdesk.json", "freshdesk"),
        ("freshdesk.jsonl", "freshdesk"),
        ("tickets_bom_crlf.csv", "csv"),
        ("tickets_custom.csv", "csv"),
    ],
)
def test_detect_format_of_each_fixture(name: str, expected: str) -> None:
    assert detect_format((DATA / name).read_bytes(), name) == expected


def test_detect_format_reads_the_content_not_the_extension() -> None:
    assert detect_format((DATA / "freshdesk.json").read_bytes(), "export.csv") == "freshdesk"
    assert detect_format((DATA / "zendesk_comments.json").read_bytes(), "export.txt") == "zendesk"
    assert detect_format((DATA / "tickets_custom.csv").read_bytes(), "export.json") == "csv"
    # A Freshdesk-shaped ticket list inside Zendesk's wrapper is still Freshdesk, and vice versa.
    wrapped = json.dumps({"tickets": [{"id": 1, "subject": "s", "status": 4, "description_text": "d"}]})
    assert detect_format(wrapped.encode(), "x.json") == "freshdesk"
    bare = json.dumps([{"id": 1, "subject": "s", "status": "solved", "comments": []}])
    assert detect_format(bare.encode(), "x.json") == "zendesk"


def test_zendesk_with_comments() -> None:
    result = load_tickets(DATA / "zendesk_comments.json")
    assert result.ok and result.export_format == "zendesk" and not result.notes
    tickets = by_id(result)
    assert list(tickets) == ["48213", "48214", "48215"]

    ticket = tickets["48213"]
    assert ticket.source == "zendesk"
    assert ticket.subject == "Export to CSV fails with ERR_EXPORT_42"
    assert ticket.status == "resolved" and ticket.is_resolved
    assert ticket.tags == ("billing", "new_issue")
    assert (ticket.requester_name, ticket.requester_email) == ("Maria Jensen", "maria.jensen@example.com")
    assert ticket.created == datetime(2024, 3, 4, 9, 12, tzinfo=UTC)
    assert ticket.updated == datetime(2024, 3, 5, 16, 40, tzinfo=UTC)
    assert [(m.author_role, m.author_name, m.public) for m in ticket.messages] == [
        ("customer", "Maria Jensen", True),
        ("agent", "Sam Agent", False),
        ("agent", "Sam Agent", True),
        ("customer", "Maria Jensen", True),
    ]
    # The plain body wins over html_body when both exist; plain_body is read too.
    assert ticket.messages[0].body.startswith("Hi,\n\nWhen I click Export")
    assert ticket.customer_messages[-1].body == "That worked, thank you!"
    assert ticket.messages[0].created == datetime(2024, 3, 4, 9, 12, tzinfo=UTC)

    # Private notes never count as replies.
    assert len(ticket.agent_replies) == 1
    reply = ticket.agent_replies[0].body
    assert "Internal" not in reply and all("Internal" not in m.body for m in ticket.customer_messages)
    steps = "1. Open **Reports** > **Settings**.\n2. Turn on *Split large exports*.\n3. Click Export again."
    assert steps in reply
    assert "10 000 rows" in reply and "Best regards,\nSam" in reply and "<" not in reply

    # requester object with no requester_id: the lone first comment is still the customer's.
    invite = tickets["48214"]
    assert (invite.requester_name, invite.requester_email) == ("Tom Baker", "tom@example.org")
    assert [m.author_role for m in invite.messages] == ["customer"]
    assert [m.author_name for m in tickets["48215"].messages] == ["Li Wei", "Ada Admin"]


def test_zendesk_with_description_only() -> None:
    tickets = by_id(load_tickets(DATA / "zendesk_description.json"))
    ticket = tickets["ZD-1001"]
    assert ticket.status == "resolved"
    assert ticket.messages == (
        Message(
            "customer",
            "Priya Patel",
            "I requested a password reset three times but no email arrived. My address is priya@example.com.",
            True,
            datetime.fromisoformat("2024-02-01T12:00:00+01:00"),
        ),
    )
    assert ticket.agent_replies == ()
    assert tickets["ZD-1002"].status == "hold"
    assert qualifies(tickets["ZD-1002"]) == (False, "status is 'hold', not resolved")


def test_freshdesk_array() -> None:
    result = load_tickets(DATA / "freshdesk.json")
    assert result.ok and result.export_format == "freshdesk"
    tickets = by_id(result)
    assert {tid: t.status for tid, t in tickets.items()} == {
        "301": "resolved",
        "302": "open",
        "303": "closed",
        "304": "6",
        "305": "pending",
    }
    crash = tickets["301"]
    assert crash.source == "freshdesk"
    assert (crash.requester_name, crash.requester_email) == ("Olga Ivanova", "olga@example.com")
    assert [(m.author_role, m.public) for m in crash.messages] == [
        ("customer", True),
        ("agent", False),
        ("agent", True),
        ("customer", True),
    ]
    assert crash.messages[0].body.endswith("Error: E_CACHE_INIT")  # description_text preferred
    assert [m.body for m in crash.agent_replies] == [
        "Sorry about that! Please:\n\n- Open Settings > Storage\n- Tap **Clear cache**\n- Restart the app"
    ]
    assert "ENG-77" not in " ".join(m.body for m in crash.agent_replies + crash.customer_messages)
    assert [m.body for m in crash.customer_messages][-1] == "Cleared the cache and it starts again. Thanks!"
    assert [qualifies(t)[0] for t in tickets.values()] == [True, False, True, False, False]


def test_freshdesk_jsonl() -> None:
    result = load_tickets(DATA / "freshdesk.jsonl")
    assert result.ok and result.export_format == "freshdesk"
    tickets = by_id(result)
    assert list(tickets) == ["401", "402", "403"]
    assert tickets["403"].status == "closed"
    assert tickets["403"].tags == ("new_issue", "api")  # a tag string is split like a CSV cell
    assert [m.author_role for m in tickets["403"].messages] == ["customer", "customer", "agent"]
    assert tickets["401"].agent_replies[0].body == "Raise the batch size in Settings > Sync to 500."


def test_csv_with_bom_and_crlf() -> None:
    raw = (DATA / "tickets_bom_crlf.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = load_tickets(DATA / "tickets_bom_crlf.csv")
    assert result.ok and result.export_format == "csv"
    tickets = by_id(result)
    assert list(tickets) == ["C-1", "C-2", "C-3"]  # the BOM did not hide the "id" column
    printer = tickets["C-1"]
    assert printer.source == "csv"
    assert printer.status == "resolved" and printer.tags == ("new issue", "drivers")
    assert (printer.requester_name, printer.requester_email) == ("Kim Lee", "kim@example.com")
    assert printer.created == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert printer.agent_replies[0].body == (
        "Run the installer as administrator:\n1. Right-click setup.exe\n2. Choose Run as administrator"
    )
    assert "\r" not in printer.agent_replies[0].body
    assert tickets["C-2"].tags == ("billing", "refunds") and tickets["C-2"].agent_replies == ()
    vpn = tickets["C-3"]
    assert vpn.tags == ("New_Issue", "network")
    assert vpn.customer_messages[0].body == "The VPN disconnects **every hour**."
    assert vpn.created is None
    assert result.notes == [
        "ticket C-3 (row 4): field 'created_at' is not a date (text ('not a date')); left empty"
    ]


def test_csv_with_custom_mapping() -> None:
    result = load_tickets(DATA / "tickets_custom.csv", csv_columns=CUSTOM_COLUMNS)
    assert result.ok
    avatar = by_id(result)["7001"]
    assert avatar.subject == "Cannot upload avatar" and avatar.status == "resolved"
    assert avatar.tags == ("New Issue", "profile")
    assert avatar.requester_email == "eva@example.com"
    assert [(m.author_role, m.public) for m in avatar.messages] == [
        ("customer", True),
        ("agent", True),
        ("agent", False),
    ]
    assert [m.body for m in avatar.agent_replies] == ["Avatars must be under 2 MB; resize the image first."]
    assert qualifies(avatar) == (True, "resolved and tagged 'new issue'")


def test_csv_mapping_errors() -> None:
    with pytest.raises(InputError, match=r"^ref.csv: no id column \(looked for id, ticket_id.*: 'Ref'"):
        parse_tickets(b"Ref;Title\n1;x\n", "ref.csv")
    data = (DATA / "tickets_custom.csv").read_bytes()
    # The usual names match loosely ("Ticket Number" is ticket_number), so most headers need no mapping.
    assert [t.id for t in parse_tickets(data, "custom.csv").tickets] == ["7001", "7002"]
    with pytest.raises(InputError, match=r"column 'Ticket No' \(csv_columns.id\) is not in the header"):
        parse_tickets(data, "custom.csv", csv_columns={**CUSTOM_COLUMNS, "id": "Ticket No"})
    with pytest.raises(ConfigError, match="unknown field"):
        parse_tickets(data, "custom.csv", csv_columns={"identifier": "Ticket Number"})


def test_csv_without_status_or_tags_column_is_noted() -> None:
    result = parse_tickets(b"id,subject,description\n1,Hello,Body text\n", "min.csv")
    assert len(result.tickets) == 1 and result.ok
    assert result.notes == [
        "min.csv: no status column; no ticket from this file can count as resolved",
        "min.csv: no tags column; no ticket from this file can carry the 'new issue' tag",
    ]


def test_csv_bad_rows_name_the_row_and_column() -> None:
    data = b"id,subject,status\n1,Fine,open\n,No id,open\n3,,solved\n\n5,Also fine,closed\n"
    result = parse_tickets(data, "rows.csv")
    assert [t.id for t in result.tickets] == ["1", "5"]
    assert [str(e) for e in result.errors] == [
        "ticket at row 3: field 'id' is empty (column 'id') — every ticket needs its id (it is the draft's "
        "provenance); include the id in the export",
        "ticket 3 (row 4): field 'subject' is empty (column 'subject') — every ticket needs a subject (it "
        "becomes the article's title); fill it in or leave the ticket out of the export",
    ]
    assert [(e.record, e.field) for e in result.errors] == [("row 3", "id"), ("3", "subject")]


def test_csv_semicolon_and_large_fields() -> None:
    body = "x" * 300_000  # beyond the csv module's default 128 KiB field limit
    data = f"id;subject;status;description\n1;Big one;open;{body}\n".encode()
    result = parse_tickets(data, "big.csv")
    assert result.tickets[0].messages[0].body == body


# --- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "new issue",
        "new_issue",
        "New-Issue",
        "NEW ISSUE",
        "newissue",
        "NewIssue",
        " new  issue ",
        "#new-issue",
        "\uff4e\uff45\uff57 \uff49\uff53\uff53\uff55\uff45",
    ],  # the last one full-width
)
def test_new_issue_tag_spellings_match(tag: str) -> None:
    assert is_new_issue_tag(tag)
    assert has_new_issue_tag(["billing", tag])


@pytest.mark.parametrize(
    "tag", ["new", "issue", "new issues", "new-issue-candidate", "renew issue", "old issue", ""]
)
def test_other_tags_do_not_match(tag: str) -> None:
    assert not is_new_issue_tag(tag)
    assert not has_new_issue_tag([tag])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("solved", "resolved"),
        ("Solved", "resolved"),
        ("RESOLVED", "resolved"),
        (" closed ", "closed"),
        ("Open", "open"),
        ("new", "new"),
        ("Pending", "pending"),
        ("hold", "hold"),
        ("Waiting on  Customer", "waiting on customer"),
        ("", ""),
    ],
)
def test_status_normalisation(raw: str, expected: str) -> None:
    assert normalise_status(raw) == expected


def test_qualifies_gives_one_reason() -> None:
    def ticket(status: str, tags: tuple[str, ...], messages: tuple[Message, ...] | None = None) -> Ticket:
        said = (Message("customer", "c", "It breaks."),) if messages is None else messages
        return Ticket("1", "s", status, tags, said)

    assert qualifies(ticket("resolved", ("New-Issue",))) == (True, "resolved and tagged 'new issue'")
    assert qualifies(ticket("closed", ("new_issue",)))[0] is True
    assert qualifies(ticket("open", ("new issue",))) == (False, "status is 'open', not resolved")
    assert qualifies(ticket("resolved", ("billing",))) == (False, "not tagged 'new issue'")
    assert qualifies(ticket("pending", ())) == (False, "status is 'pending', not resolved")
    empty = (False, "no description and no public reply: nothing to draft from")
    assert qualifies(ticket("resolved", ("new issue",), ())) == empty
    assert qualifies(ticket("resolved", ("new issue",), (Message("agent", "a", "dup of #12", public=False),))) == empty
    assert qualifies(ticket("resolved", ("new issue",), (Message("agent", "a", "Restart it."),)))[0] is True
    assert qualifies(ticket("", ("new issue",))) == (False, "status is missing, not resolved")


def test_private_notes_never_count_as_replies() -> None:
    messages = (
        Message("customer", "C", "question"),
        Message("agent", "A", "internal note", public=False),
        Message("customer", "A", "note on the customer's behalf", public=False),
        Message("agent", "A", "public answer"),
    )
    ticket = Ticket("1", "s", "resolved", (), messages)
    assert [m.body for m in ticket.agent_replies] == ["public answer"]
    assert [m.body for m in ticket.customer_messages] == ["question"]


# --- HTML ----------------------------------------------------------------------------------------


def test_html_to_text_keeps_structure_and_drops_markup() -> None:
    markup = (
        "<html><head><title>Mail</title><style>p{color:red}</style></head><body>"
        "<p>Hi&nbsp;there &amp; welcome,</p><p>line one<br>line two</p>"
        "<ul><li>first</li><li>second</li></ul><ol><li>step a</li><li>step b</li></ol>"
        "<script>alert('x')</script><!-- hidden --><img src='https://t.example/p.gif' alt='pixel'>"
        "<p>See <a href='javascript:alert(1)'>this</a> and <a href='https://help.example/x'>that</a>.</p>"
        "<p>Code: <code>ERR_42</code> &lt;b&gt;typed&lt;/b&gt; {{ user.name }} {% if x %}</p>"
        "<iframe src='https://evil.example'>fallback</iframe></body></html>"
    )
    text = html_to_text(markup)
    assert text.startswith(
        "Hi there & welcome,\n\nline one\nline two\n\n- first\n- second\n\n1. step a\n2. step b"
    )
    dropped = ("alert", "color:red", "Mail", "hidden", "pixel", "p.gif", "javascript", "fallback", "<p", "<a")
    for gone in dropped:
        assert gone not in text
    assert "See this and [that](https://help.example/x)." in text
    # What the customer typed stays as text (escaping it for the page is the drafts' job).
    assert "`ERR_42` <b>typed</b> {{ user.name }} {% if x %}" in text


def test_deeply_nested_html_is_flattened_quickly() -> None:
    markup = "<div>" * 50_000 + "<p>deep text</p><script>bad()</script>" + "</div>" * 50_000
    start = time.perf_counter()
    assert html_to_text(markup) == "deep text"
    assert time.perf_counter() - start < 5


def test_html_bodies_in_plain_fields_are_converted_too() -> None:
    data = zendesk(
        {
            "id": 1,
            "subject": "s",
            "status": "solved",
            "description": "<p>Hello<br>World</p><script>x()</script>",
        }
    )
    assert parse_tickets(data, "z.json").tickets[0].messages[0].body == "Hello\nWorld"


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
