"""kb.tickets.load: every export shape into one Ticket model, the "new issue" rule, and hostile input."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from kb.errors import ConfigError, InputError
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
    parse_tickets,
    qualifies,
)
from tests.support.tickets import TICKET_DATA, zendesk_export

DATA = TICKET_DATA
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


zendesk = zendesk_export


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
