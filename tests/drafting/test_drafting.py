"""Drafting a quick guide from a redacted ticket: titles, steps, summary, escaping, a valid file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.authoring import check_docs, has_errors
from kb.content import load_article
from kb.drafting import (
    add_provenance,
    clean_message,
    compose_draft,
    escape_markdown,
    informative_sentences,
    list_drafts,
    redact_ticket,
    resolution_steps,
    summary_from_steps,
    task_title,
    write_draft,
)
from kb.redact import RedactionReport
from kb.tickets import Message, Ticket
from tests.support.docs import WriteArticle
from tests.support.tickets import conversation

TODAY = dt.date(2026, 11, 23)


def ticket(
    subject: str = "Export to CSV fails with ERR_EXPORT_42",
    customer: str = "Hi,\n\nWhen I click Export on the Reports page I get ERR_EXPORT_42.\n\nThanks, Maria",
    agent: str = (
        "Hello Maria,\n\nThis happens when the report has more than 10 000 rows.\n\n"
        "1. Open Reports > Settings.\n2. Turn on Split large exports.\n3. Click Export again.\n\nBest regards,\nSam"
    ),
    ticket_id: str = "48213",
    tags: tuple[str, ...] = ("new issue", "billing"),
    requester: str = "Maria Lopez",
    extra: tuple[Message, ...] = (),
) -> Ticket:
    messages = (Message("customer", requester, customer), *extra, Message("agent", "Sam Carter", agent))
    return conversation(ticket_id, subject, messages, requester, tags, requester_email="maria@example.com")


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Re: How do I export my invoices?", "Export your invoices"),
        ("Fwd: [#1234] How can I change our billing address", "Change your billing address"),
        ("Printer shows offline after update", "If the printer shows offline after update"),
        ("Photos missing after update", "If photos are missing after update"),
        ("Forgot my password", "If you forgot your password"),
        ("Unable to upload videos", "If you are unable to upload videos"),
        ("Error E_SYNC_99 during sync", "If you see error E_SYNC_99 during sync"),
        ("VPN drops every 5 minutes!", "VPN drops every 5 minutes"),
        ("Export to CSV fails with ERR_EXPORT_42", "If the export to CSV fails with ERR_EXPORT_42"),
        ("Reset the API token", "Reset the API token"),
        ("URGENT: <script>alert(1)</script> {{ config }}", "Script alert(1) /script config"),
    ],
)
def test_task_titles(subject: str, title: str) -> None:
    assert task_title(subject) == title


def test_a_symptoms_title_keeps_a_product_names_capital_the_customer_wrote() -> None:
    assert task_title("Dropbox sync stuck", "Hi, my Dropbox sync is stuck at 50%.") == "If Dropbox sync is stuck"
    assert task_title("Phone storage full", "Phone storage is full. My phone storage is full.") == (
        "If the phone storage is full"
    )


def test_empty_subject_title_comes_from_the_message() -> None:
    assert task_title("", "The sync stops at 99 percent. It has done so since Monday.") == (
        "The sync stops at 99 percent"
    )
    assert task_title("", "") == "Untitled problem from a support ticket"


def test_clean_message_drops_greeting_signoff_signature_and_quotes() -> None:
    text = (
        "Hi Sam,\n\nThe upload stops at 99%.\nIt shows E_UPLOAD.\n\nThanks,\nMaria\n--\nMaria, ACME\n"
        "On Mon, 13 May 2024 at 10:30, Sam wrote:\n> Did you try again?"
    )
    assert clean_message(text) == "The upload stops at 99%.\nIt shows E_UPLOAD."
    assert clean_message("Hello, my printer is offline.") == "my printer is offline."


def test_steps_from_a_list() -> None:
    steps = resolution_steps("To fix it:\n1. Open Settings.\n2) Click **Reset**.\n- then restart the app")
    assert steps == ["Open Settings.", "Click **Reset**.", "Restart the app."]


def test_steps_from_instruction_sentences() -> None:
    reply = (
        "Thanks for reaching out! Please update the app to 4.2 and sign in again. "
        "You can also clear the cache under Settings. This is a known bug in 4.1. "
        "Could you confirm it works? Let me know if that helps."
    )
    steps = resolution_steps(reply)
    assert steps == ["Update the app to 4.2.", "Sign in again.", "Clear the cache under Settings."]
    assert informative_sentences(reply, steps) == ["This is a known bug in 4.1."]


def test_summary_is_one_sentence_under_the_limit() -> None:
    assert summary_from_steps(["Open **Reports** > Settings.", "Turn on Split large exports."]) == (
        "Open Reports > Settings and turn on Split large exports."
    )
    long_steps = ["Open the administration console and go to " + "the very long settings page " * 10 + "."]
    summary = summary_from_steps(long_steps)
    assert len(summary) <= 200 and summary.endswith(".")
    assert summary_from_steps([]) == "Follow the steps below to fix this problem."


def test_escape_markdown_makes_ticket_text_inert() -> None:
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)>\n{{ config.secret }} {% include x %}\n"
        "[click](javascript:alert(1)) ![x](http://evil/x.png)\n## Solution\nText\n---\n    indented code\n`tick`"
    )
    out = escape_markdown(hostile)
    for forbidden in ("<script", "<img", "{{", "{%", "](", "\n## ", "\n---", "    indented", "`tick`"):
        assert forbidden not in out
    assert "&lt;script>" in out and "&#123;&#123; config.secret &#125;&#125;" in out


def test_compose_and_write_a_valid_draft(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md")
    content = compose_draft([redact_ticket(ticket())], category="billing", today=TODAY)
    path = write_draft(docs, content)
    assert path == docs / "_drafts" / "if-export-to-csv-fails-with-err-export-42.md"  # "Export", the button
    problems = check_docs(docs)
    assert not has_errors(problems), problems
    article, _ = load_article(docs, path)
    assert article is not None
    meta = article.meta
    assert meta["status"] == "draft" and meta["provenance"] == ["48213"] and meta["created"] == TODAY
    assert meta["tags"] == ["billing"]  # the "new issue" workflow tag is gone
    assert meta["category"] == "billing" and meta["redaction"] == {"name": 3}
    assert meta["summary"] == (
        "If Export to CSV fails with ERR_EXPORT_42, open Reports > Settings, turn on Split large exports "
        "and click Export again."
    )
    assert "## Cause\n\nThis happens when the report has more than 10 000 rows." in path.read_text()
    assert [s.heading for s in article.sections[1:]] == ["Problem", "Solution", "Cause"]
    text = path.read_text()
    assert "1. Open Reports > Settings.\n2. Turn on Split large exports.\n3. Click Export again." in text
    assert "This happens when the report has more than 10 000 rows." in text
    assert "Maria" not in text and "Sam" not in text and "maria@example.com" not in text


def test_internal_notes_never_reach_a_draft(docs: Path) -> None:
    note = Message("agent", "Sam Carter", "Internal: customer is on the legacy plan, check flags.", public=False)
    path = write_draft(docs, compose_draft([redact_ticket(ticket(extra=(note,)))], today=TODAY))
    assert "legacy plan" not in path.read_text()


def test_hostile_ticket_cannot_inject_front_matter_html_or_paths(docs: Path) -> None:
    hostile = ticket(
        subject="../../etc/passwd\ntitle: pwned\nstatus: published\n---\n<script>alert(1)</script>",
        customer="---\nstatus: published\n---\n<iframe src=//evil></iframe> {{ 7*7 }}\n# Injected heading",
        agent="1. Run <b onmouseover=alert(1)>this</b>.\n2. Visit [here](javascript:alert(1)).",
        tags=("new issue", "x: y\nstatus: published", "<b>bold</b>"),
    )
    path = write_draft(docs, compose_draft([redact_ticket(hostile)], today=TODAY))
    assert path.parent == docs / "_drafts"
    assert list(docs.rglob("*.md")) == [path]
    article, problems = load_article(docs, path)
    assert article is not None and not has_errors(problems), problems
    assert article.meta["status"] == "draft" and set(article.meta) >= {"title", "summary", "provenance"}
    assert article.meta["tags"] == []  # a tag with markup or a line break is not a topic
    text = path.read_text()
    body = text.split("\n---\n", 1)[1]
    for forbidden in ("<script", "<iframe", "<b", "{{", "](javascript", "\n# Injected"):
        assert forbidden not in body


def test_draft_names_never_clash(docs: Path) -> None:
    first = write_draft(docs, compose_draft([redact_ticket(ticket(ticket_id="1"))], today=TODAY))
    second = write_draft(docs, compose_draft([redact_ticket(ticket(ticket_id="2"))], today=TODAY))
    assert first != second and second.name.endswith("-2.md")
    assert first.read_text() != second.read_text()


def test_a_group_of_tickets_makes_one_draft_with_every_id(docs: Path) -> None:
    group = [redact_ticket(ticket(ticket_id=str(n))) for n in (7, 8, 9)]
    path = write_draft(docs, compose_draft(group, today=TODAY))
    [item] = list_drafts(docs)
    assert item.path == path and item.provenance == ("7", "8", "9")
    assert item.redaction == {"name": 9}


def test_add_provenance_keeps_the_body(docs: Path) -> None:
    path = write_draft(docs, compose_draft([redact_ticket(ticket())], today=TODAY))
    body = path.read_text().split("\n---\n", 1)[1]
    add_provenance(path, ["99"], RedactionReport.from_dict({"email": 2}), ["Export to CSV fails again"])
    [item] = list_drafts(docs)
    assert item.provenance == ("48213", "99") and item.redaction == {"email": 2, "name": 3}
    assert path.read_text().split("\n---\n", 1)[1] == body


def test_list_drafts_reads_proposals_and_survives_broken_files(docs: Path) -> None:
    content = compose_draft([redact_ticket(ticket())], proposal_for="billing/a.md#steps", today=TODAY)
    path = write_draft(docs, content)
    assert path.name.startswith("update-a-")
    (docs / "_drafts" / "broken.md").write_text("---\ntitle: [unclosed\n---\n# x\n")
    items = {item.name: item for item in list_drafts(docs)}
    assert items[path.stem].status == "proposal" and items[path.stem].proposal_for == "billing/a.md#steps"
    assert items["broken"].title == "broken" and items["broken"].created is None


def test_draft_names_stay_inside_the_drafts_folder(docs: Path) -> None:
    from kb.store import write_new_file

    with pytest.raises(ValueError, match="leaves"):
        write_new_file(docs / "_drafts", "../escape", "text")
    assert not (docs / "escape.md").exists()


def test_new_files_take_the_next_free_name_and_keep_the_umask_mode(tmp_path: Path) -> None:
    """Two drafts with one title get two files; nothing kb writes is private to its own user (0600)."""
    import os

    from kb.store import new_file_mode, write_new_file, write_text_atomic

    first = write_new_file(tmp_path, "same", "one")
    second = write_new_file(tmp_path, "same", "two")
    assert (first.name, second.name) == ("same.md", "same-2.md")
    assert first.read_text() == "one" and second.read_text() == "two"
    assert first.stat().st_mode & 0o777 == new_file_mode() == 0o666 & ~_umask()
    first.chmod(0o640)
    write_text_atomic(first, "rewritten")
    assert first.stat().st_mode & 0o777 == 0o640 and first.read_text() == "rewritten"
    with pytest.raises(FileExistsError):
        write_new_file(tmp_path, "same", "three", attempts=2)
    assert sorted(os.listdir(tmp_path)) == ["same-2.md", "same.md"]


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_a_symptom_title_keeps_every_word_the_customer_wrote(subject: str) -> None:
    from kb.drafting.symptoms import if_title

    title = if_title(subject)
    assert title.startswith("If ") or title[:2].lower() in ("if", "wh")
    kept = [w.lower() for w in title.split()]
    for word in subject.strip().rstrip("?!. ").split():
        assert word.lower() in kept, (subject, title)
