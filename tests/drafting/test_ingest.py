"""Tickets in, drafts out: the tag rule, idempotency, duplicates, grouping, bad input, the CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.authoring import check_docs, has_errors
from kb.cli import app
from kb.config import Settings
from kb.drafting import ingest_file, ingest_tickets, list_drafts, read_draft_meta
from kb.index import build_index
from tests.support.docs import WriteArticle
from tests.support.paths import BUNDLED_DOCS, ROOT
from tests.support.tickets import make_ticket

TICKETS = ROOT / "tests" / "data" / "tickets"
runner = CliRunner()




@pytest.fixture
def kb_docs(settings: Settings, write: WriteArticle) -> Settings:
    """A small published docs tree with an index, so the duplicate check has something to find."""
    write("_category.yml".join(["billing/", ""]), "title: Billing\n")
    write(
        "billing/export-invoices.md",
        "---\ntitle: Export invoices\nsummary: Open Billing, choose Invoices and click Export to download a CSV.\n"
        "---\n# Export invoices\n\nYou can download every invoice as one CSV file.\n\n"
        "## Export invoices to CSV\n\nOpen Billing, choose Invoices and click Export to download a CSV file.\n",
    )
    build_index(settings)
    return settings


def test_the_tag_rule_drafts_only_resolved_new_issues(kb_docs: Settings) -> None:
    tickets = [
        make_ticket("1"),
        make_ticket("2", status="open"),
        make_ticket("3", tags=("sync",)),
        make_ticket(
            "4",
            status="closed",
            tags=("NEW ISSUE",),
            subject="Printer offline after firmware 3.1",
            customer="The office printer shows offline since firmware 3.1.",
        ),
        make_ticket(
            "5",
            tags=("New-Issue",),
            subject="Webcam not detected in the meeting app",
            customer="The meeting app says no camera found.",
        ),
    ]
    outcomes = {o.ticket_id: o for o in ingest_tickets(kb_docs, tickets)}
    assert {k: o.action for k, o in outcomes.items()} == {
        "1": "drafted", "2": "skipped", "3": "skipped", "4": "drafted", "5": "drafted",
    }  # fmt: skip
    assert outcomes["2"].reason == "status is 'open', not resolved"
    assert outcomes["3"].reason == "not tagged 'new issue'"
    assert len(list_drafts(kb_docs.docs_dir)) == 3


def test_importing_twice_never_makes_a_second_draft(kb_docs: Settings) -> None:
    first = ingest_tickets(kb_docs, [make_ticket("1")])
    again = ingest_tickets(kb_docs, [make_ticket("1")])
    assert first[0].action == "drafted"
    assert again[0].action == "skipped" and again[0].reason == "already imported"
    assert len(list_drafts(kb_docs.docs_dir)) == 1
    rows = sqlite3.connect(kb_docs.db_path).execute("SELECT ticket_id, action FROM ingested_tickets").fetchall()
    assert rows == [("1", "drafted")]


def test_a_draft_on_disk_counts_as_imported_even_without_the_database(kb_docs: Settings) -> None:
    ingest_tickets(kb_docs, [make_ticket("1")])
    kb_docs.db_path.unlink()  # e.g. a crash between writing the draft and recording the id
    assert ingest_tickets(kb_docs, [make_ticket("1")])[0].reason == "already imported"


def test_near_identical_tickets_become_one_draft(kb_docs: Settings) -> None:
    tickets = [
        make_ticket("1"),
        make_ticket("2", subject="Sync stops at 99 percent, error E_SYNC_99",
                    customer="Hello, my desktop sync always stops at 99 percent showing E_SYNC_99."),
        make_ticket("3", subject="Webcam not detected in the meeting app", customer="The webcam is not found."),
    ]  # fmt: skip
    outcomes = ingest_tickets(kb_docs, tickets)
    assert [o.action for o in outcomes] == ["drafted", "drafted", "drafted"]
    assert outcomes[0].draft == outcomes[1].draft != outcomes[2].draft
    drafts = {d.name: d for d in list_drafts(kb_docs.docs_dir)}
    assert sorted(d.provenance for d in drafts.values()) == [("1", "2"), ("3",)]


def test_a_later_ticket_joins_the_waiting_draft(kb_docs: Settings) -> None:
    ingest_tickets(kb_docs, [make_ticket("1")])
    later = make_ticket(
        "9",
        subject="Desktop sync stops at 99 percent (E_SYNC_99)",
        agent="Hi Ann, sign out of the desktop app, delete the sync cache folder and restart the computer. Bo",
    )
    [outcome] = ingest_tickets(kb_docs, [later])
    assert outcome.action == "merged"
    [draft] = list_drafts(kb_docs.docs_dir)
    assert draft.provenance == ("1", "9")
    # The follow-up's new step joins the list; the steps the draft had are not repeated.
    solution = draft.path.read_text().split("## Solution\n\n", 1)[1].split("\n## ", 1)[0].strip()
    assert solution.splitlines() == [
        "1. Sign out of the desktop app.",
        "2. Delete the sync cache folder.",
        "3. Restart the computer.",
    ]
    assert not has_errors(check_docs(kb_docs.docs_dir))


def test_a_covered_problem_becomes_an_update_proposal(kb_docs: Settings) -> None:
    ticket = make_ticket(
        "7",
        subject="How do I export invoices to CSV?",
        customer="Where can I export invoices as CSV?",
        agent="Open Billing, choose Invoices, then click Export. The CSV now includes the tax column.",
    )
    [outcome] = ingest_tickets(kb_docs, [ticket])
    assert outcome.action == "proposal", outcome
    assert outcome.proposal_for == "billing/export-invoices.md#export-invoices-to-csv"
    [proposal] = list_drafts(kb_docs.docs_dir)
    assert proposal.status == "proposal" and proposal.provenance == ("7",)
    assert proposal.proposal_for == outcome.proposal_for
    assert proposal.evidence.startswith("confidence ") and "click Export to download a CSV" in proposal.evidence
    assert not has_errors(check_docs(kb_docs.docs_dir))


def test_shared_words_in_an_unrelated_section_do_not_make_a_false_proposal(
    settings: Settings, write: WriteArticle
) -> None:
    write("team/_category.yml", "title: Team\n")
    write(
        "team/import-members.md",
        "---\ntitle: Import members from a CSV file\nsummary: Upload a CSV of names and emails on the Members page.\n"
        "---\n# Import members from a CSV file\n\nAdd many members at once.\n\n"
        "## Prepare the file\n\nOne row per member. Your organization name is renamed in the file header "
        "when the organization changes; renaming the organization in the file does nothing.\n",
    )
    build_index(settings)
    ticket = make_ticket(
        "8",
        subject="Renaming our organization",
        customer="We changed our company name. How do we rename the organization in the app?",
        agent="Open Settings > Organization, click Rename and type the new name.",
    )
    [outcome] = ingest_tickets(settings, [ticket])
    assert outcome.action == "drafted", outcome


def test_a_new_draft_suggests_the_category_and_tags_of_the_nearest_articles(
    settings: Settings, write: WriteArticle
) -> None:
    write("billing/_category.yml", "title: Billing\n")
    for slug, title in (("export-invoices", "Export invoices"), ("resend-an-invoice", "Resend an invoice")):
        write(
            f"billing/{slug}.md",
            f"---\ntitle: {title}\nsummary: Open Billing and choose Invoices.\ntags: [invoices, billing]\n---\n"
            f"# {title}\n\nInvoices live on the Billing page.\n\n## Steps\n\nOpen Billing and choose Invoices.\n",
        )
    build_index(settings)
    ticket = make_ticket(
        "11",
        subject="Invoice PDF shows the old company address",
        customer="Our invoices still show the old address after we moved.",
        agent="Open Billing > Company details, update the address and click Regenerate invoices.",
        tags=("new issue",),
    )
    [outcome] = ingest_tickets(settings, [ticket])
    assert outcome.action == "drafted", outcome
    [draft] = list_drafts(settings.docs_dir)
    assert draft.category == "billing"
    meta = read_draft_meta(draft.path)
    assert set(meta["tags"]) >= {"invoices", "billing"}


def test_ingest_builds_a_missing_index_for_the_duplicate_check(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    notes: list[str] = []
    ingest_tickets(settings, [make_ticket("1")], notes)
    assert notes == ["built the search index for the duplicate check (there was none)"]


@pytest.mark.parametrize(
    ("name", "drafted"),
    [("zendesk_comments.json", {"48213"}), ("freshdesk.json", {"301"}), ("tickets_bom_crlf.csv", {"C-1"})],
)
def test_each_export_format_drafts(kb_docs: Settings, name: str, drafted: set[str]) -> None:
    summary = ingest_file(kb_docs, TICKETS / name)
    assert {o.ticket_id for o in summary.outcomes if o.action == "drafted"} >= drafted
    assert summary.count("drafted") + summary.count("skipped") + summary.count("merged") == len(summary.outcomes)
    assert not has_errors(check_docs(kb_docs.docs_dir))


def test_bad_records_fail_alone_and_nothing_lands_outside(kb_docs: Settings, tmp_path: Path) -> None:
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    summary = ingest_file(kb_docs, TICKETS / "bad_records.json")
    assert not summary.ok and summary.errors
    assert all("ticket" in str(e) or "#" in str(e) for e in summary.errors)
    new = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    allowed = (kb_docs.docs_dir / "_drafts", kb_docs.data_dir)
    assert all(any(p.is_relative_to(folder) for folder in allowed) for p in new), new


def test_cli_ingest_prints_a_summary_and_fails_on_bad_records(
    kb_docs: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_DATA_DIR", str(kb_docs.data_dir))
    docs = str(kb_docs.docs_dir)
    result = runner.invoke(app, ["ingest", str(TICKETS / "zendesk_comments.json"), "--docs", docs])
    assert result.exit_code == 0, result.output
    assert "new drafts: 1" in result.output and "1: not tagged 'new issue'" in result.output
    again = runner.invoke(app, ["ingest", str(TICKETS / "zendesk_comments.json"), "--docs", docs])
    assert "already imported" in again.output and "new drafts" not in again.output
    bad = runner.invoke(app, ["ingest", str(TICKETS / "bad_records.json"), "--docs", docs])
    assert bad.exit_code == 1 and "failed:" in bad.output
    malformed = runner.invoke(app, ["ingest", str(TICKETS / "malformed.json"), "--docs", docs])
    assert malformed.exit_code == 1 and "Traceback" not in malformed.output
    assert "malformed.json" in malformed.output
    listing = runner.invoke(app, ["drafts", "--docs", docs])
    assert listing.exit_code == 0
    assert "[draft]" in listing.output and "tickets: 48213" in listing.output and "redacted:" in listing.output


def test_cli_drafts_on_an_empty_queue(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    result = runner.invoke(app, ["drafts", "--docs", str(settings.docs_dir)])
    assert result.exit_code == 0 and "no drafts or proposals waiting" in result.output


def test_end_to_end_on_the_bundled_docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Import a Zendesk export into a copy of the bundled docs: drafts exist, kb check passes on
    them, and no requester name, email or phone from the export appears in any draft."""
    docs = tmp_path / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "data"))
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"tickets": [
        {"id": 900 + n, "subject": subject, "status": "solved", "tags": ["new_issue"],
         "requester": {"name": "Greta Lindqvist", "email": "greta.lindqvist@example.se"},
         "comments": [
             {"author_id": 1, "public": True, "body": f"Hi, {body} Call me on +46 70 123 45 67. Greta Lindqvist"},
             {"author_id": 2, "public": True, "body": "Hello Greta, please open Settings and turn off Turbo mode."},
         ]}
        for n, (subject, body) in enumerate([
            ("Scanner app freezes when scanning to PDF", "the scanner app freezes at 50 percent."),
            ("Badge printer prints blank labels", "every label comes out blank since Monday."),
        ])
    ]}))  # fmt: skip
    result = runner.invoke(app, ["ingest", str(export), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    drafts = list((docs / "_drafts").glob("*.md"))
    assert len(drafts) == 2
    check = runner.invoke(app, ["check", "--docs", str(docs)])
    assert check.exit_code == 0, check.output
    for draft in drafts:
        text = draft.read_text()
        for value in ("Greta", "Lindqvist", "greta.lindqvist", "123 45 67", "70 123"):
            assert value not in text, (draft.name, value)
        assert "1. Open Settings.\n2. Turn off Turbo mode." in text


def test_cli_ingest_skips_an_empty_ticket_and_drafts_the_rest(
    kb_docs: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_DATA_DIR", str(kb_docs.data_dir))
    good = {
        "id": 1, "subject": "Label printer prints blank labels", "status": "solved", "tags": ["new_issue"],
        "comments": [
            {"author_id": 1, "public": True, "body": "Every label comes out blank since the update."},
            {"author_id": 2, "public": True, "body": "1. Open Printer settings.\n2. Set Darkness to 12."},
        ],
    }  # fmt: skip
    empty = {"id": 2, "subject": "Printer", "status": "solved", "tags": ["new_issue"], "comments": []}
    export = tmp_path / "tickets.json"
    export.write_text(json.dumps({"tickets": [good, empty]}), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(export), "--docs", str(kb_docs.docs_dir)])
    assert result.exit_code == 0, result.output
    assert "new drafts: 1" in result.output
    assert "1: no description and no public reply: nothing to draft from" in result.output
    assert len(list_drafts(kb_docs.docs_dir)) == 1


@pytest.mark.parametrize(
    ("subject", "customer"),
    [
        ("Re: Sync stops at 99 percent with error E_SYNC_99", "I tried that and nothing changed."),
        ("AW: RE: Sync stops at 99 percent", "Leider geht es immer noch nicht."),
        ("Still: sync stops at 99 percent with E_SYNC_99", "Your steps did not help, it is broken again."),
        ("Sync stops at 99 percent again", "Same thing as last week."),
    ],
)
def test_a_follow_up_ticket_joins_its_first_tickets_draft(kb_docs: Settings, subject: str, customer: str) -> None:
    """Issue 14: "Re: …", "Still …" and "… again" tickets became drafts of their own."""
    first = ingest_tickets(kb_docs, [make_ticket("501")])
    assert [o.action for o in first] == ["drafted"]
    follow_up = ingest_tickets(kb_docs, [make_ticket("502", subject=subject, customer=customer)])
    assert [o.action for o in follow_up] == ["merged"], follow_up
    [draft] = list_drafts(kb_docs.docs_dir)
    assert draft.provenance == ("501", "502")
    # In one import, the two are one group from the start.
    both = ingest_tickets(kb_docs, [make_ticket("601", subject="Printer labels come out blank",
                                                customer="Every label comes out blank."),
                                    make_ticket("602", subject="Re: Printer labels come out blank",
                                                customer="Thanks, but nothing changed.")])  # fmt: skip
    assert [o.action for o in both] == ["drafted", "drafted"]
    assert len(list_drafts(kb_docs.docs_dir)) == 2


def test_a_new_problem_that_merely_starts_with_re_is_not_merged(kb_docs: Settings) -> None:
    ingest_tickets(kb_docs, [make_ticket("701")])
    other = ingest_tickets(
        kb_docs, [make_ticket("702", subject="Re: invoice PDF has the wrong tax rate", customer="The VAT is 19 %.")]
    )
    assert [o.action for o in other] != ["merged"]
