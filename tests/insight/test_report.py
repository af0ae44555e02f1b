"""The usage report and its SVG chart, kb prune, and what kb stores about customers."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kb.cli import app
from kb.config import Settings
from kb.index import build_index
from kb.insight import Bar, Rate, Vote, bar_chart, format_report, prune_logs, record_vote, report_svg, usage_report
from kb.store import Connection, connect
from search_api import create_app
from tests.support.docs import WriteArticle, article_text

NOW = dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC).timestamp()
DAY = 86400.0
SVG = "{http://www.w3.org/2000/svg}"


def log(
    db: Connection, query: str, ts: float, *, kind: str = "answer", results: int = 3, answered: bool = True
) -> None:
    db.execute(
        "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered, latency_ms)"
        " VALUES (?, ?, ?, NULL, NULL, ?, 0.5, ?, 1.0)",
        (ts, kind, query, results, int(answered)),
    )


@pytest.fixture
def site(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/export.md", article_text(title="Export invoices", extra="updated: 2026-10-01\n"))
    write("billing/refunds.md", article_text(title="Ask for a refund", extra="updated: 2025-01-01\n"))
    write(
        "billing/old-but-verified.md",
        article_text(title="Old but verified", extra="updated: 2024-01-01\nverified: 2026-09-01\n"),
    )
    write("billing/undated.md", article_text(title="Undated"))
    write("_drafts/new-thing.md")
    write("_drafts/other.md")
    return settings


@pytest.fixture
def db(settings: Settings) -> Iterator[Connection]:
    with closing(connect(settings.database)) as connection:
        yield connection


def test_the_report_counts_the_period(site: Settings, db: Connection) -> None:
    log(db, "export invoices", NOW - 60)
    log(db, "export invoices", NOW - DAY)
    log(db, "sourdough bread", NOW - DAY, answered=False, results=0)
    log(db, "refund", NOW - 2 * DAY, kind="search")
    log(db, "ancient question", NOW - 40 * DAY)  # outside the period
    record_vote(db, Vote(True, page="billing/export.md"), now=NOW - 100)
    record_vote(db, Vote(True, page="billing/export.md"), now=NOW - 100)
    record_vote(db, Vote(False, page="billing/refunds.md", comment="too vague"), now=NOW - 100)
    record_vote(db, Vote(False, query="export invoices", answer_url="/billing/export/#steps"), now=NOW - 50)
    report = usage_report(db, site, 7, now=NOW)
    assert (report.start, report.end, report.days) == (dt.date(2026, 11, 6), dt.date(2026, 11, 12), 7)
    assert (report.searches, report.questions, report.answered, report.no_results) == (4, 3, 2, 1)
    assert report.answer_rate == pytest.approx(2 / 3)
    assert report.helpful == Rate(2, 2) and report.helpful.rate == 0.5
    assert [(r.target, r.title, r.votes) for r in report.articles] == [
        ("billing/refunds.md", "Ask for a refund", Rate(0, 1)),
        ("billing/export.md", "Export invoices", Rate(2, 0)),
    ]
    assert [(r.target, r.title) for r in report.answers] == [
        ("/billing/export/#steps", "Export invoices \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Steps")
    ]
    assert [g.question for g in report.unanswered] == ["export invoices", "sourdough bread"]  # ties: newest first
    assert [s.path for s in report.stale] == ["billing/undated.md", "billing/refunds.md"]
    assert report.stale[1].age_days(report.end) == (dt.date(2026, 11, 12) - dt.date(2025, 1, 1)).days
    assert report.drafts_waiting == 2
    assert [d.day for d in report.daily] == [dt.date(2026, 11, 6) + dt.timedelta(days=i) for i in range(7)]
    assert [(d.searches, d.questions, d.answered) for d in report.daily][-3:] == [(1, 0, 0), (2, 2, 1), (1, 1, 1)]


def test_an_empty_database_gives_an_empty_report(site: Settings, db: Connection) -> None:
    report = usage_report(db, site, now=NOW)
    assert report.days == 30 and len(report.daily) == 30
    assert report.searches == 0 and report.answer_rate is None and report.helpful.rate is None
    text = format_report(report)
    assert "Answer rate:    n/a" in text and "no votes yet" in text
    ET.fromstring(report_svg(report))


def test_the_text_report_has_every_figure(site: Settings, db: Connection) -> None:
    log(db, "export invoices", NOW - 60)
    log(db, "sourdough bread", NOW - 60, answered=False)
    record_vote(db, Vote(False, page="billing/refunds.md"), now=NOW - 100)
    text = format_report(usage_report(db, site, 7, now=NOW))
    for fragment in (
        "Usage report, 2026-11-06 to 2026-11-12 (7 days)",
        "Searches:       2",
        "Answer rate:    50% (1 of 2 questions answered)",
        "Helpful rate:   0% (0 of 1 votes said yes)",
        "Drafts waiting: 2",
        "0% of 1    Ask for a refund (billing/refunds.md)",
        "Top unanswered questions:",
        "      1  sourdough bread",
        "Stale articles (not updated or verified for 180 days): 2",
        "billing/undated.md: never dated",
    ):
        assert fragment in text, fragment


def test_kb_report_on_the_command_line(site: Settings, db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    log(db, "export invoices", time.time() - 60)
    monkeypatch.setenv("KB_DATA_DIR", str(site.data_dir))
    monkeypatch.setenv("KB_DATABASE_URL", site.database_url)
    result = CliRunner().invoke(app, ["report", "--days", "30", "--docs", str(site.docs_dir)])
    assert result.exit_code == 0, result.output
    assert "(30 days)" in result.output and "Searches:       1" in result.output
    assert CliRunner().invoke(app, ["report", "--days", "0"]).exit_code != 0


# ---------------------------------------------------------------------------------------------
# the SVG


def test_the_chart_is_svg_with_a_bar_per_day(site: Settings, db: Connection) -> None:
    log(db, "a", NOW - 60)
    log(db, "b", NOW - 60, answered=False)
    log(db, "c", NOW - 3 * DAY)
    svg = report_svg(usage_report(db, site, 14, now=NOW))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None
    assert len(root.findall(f"{SVG}rect")) == 14
    assert root.find(f"{SVG}polyline") is not None  # the answer rate
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_text_is_escaped() -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    svg = bar_chart([Bar(hostile, 3, 0.5), Bar("b", 0)], title=hostile, description=hostile, chart_id='x" onload="y')
    root = ET.fromstring(svg)  # still well-formed XML
    assert "<script>" not in svg and 'onload="y"' not in svg
    assert root.find(f"{SVG}title").text == hostile  # type: ignore[union-attr]


def test_an_empty_chart_says_so() -> None:
    svg = bar_chart([], title="Nothing")
    assert "no data" in svg
    ET.fromstring(svg)


# ---------------------------------------------------------------------------------------------
# prune and what is stored


def test_prune_deletes_old_logs_and_nothing_else(site: Settings, db: Connection) -> None:
    db.execute(
        "INSERT INTO ingested_tickets (ticket_id, source, ingested_at, action, draft)"
        " VALUES ('t1', 'csv', ?, 'drafted', 'a')",
        (NOW - 1000 * DAY,),
    )
    for age in (1, 179, 181, 400):
        log(db, f"question {age}", NOW - age * DAY)
        record_vote(db, Vote(False, page="billing/export.md"), now=NOW - age * DAY)
    files = sorted(p.relative_to(site.docs_dir) for p in site.docs_dir.rglob("*.md"))
    pruned = prune_logs(db, 180, now=NOW)
    assert (pruned.search_log, pruned.feedback) == (2, 2)
    assert [r[0] for r in db.execute("SELECT query FROM search_log ORDER BY ts")] == ["question 179", "question 1"]
    assert db.execute("SELECT COUNT(*) FROM feedback").fetchone() == (2,)
    assert db.execute("SELECT COUNT(*) FROM ingested_tickets").fetchone() == (1,)
    assert sorted(p.relative_to(site.docs_dir) for p in site.docs_dir.rglob("*.md")) == files
    assert prune_logs(db, 0, now=NOW).search_log == 2


def test_kb_prune_uses_the_retention_setting(
    site: Settings, db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    now = time.time()
    for age in (1, 20, 200):
        log(db, f"question {age}", now - age * DAY)
    monkeypatch.setenv("KB_DATA_DIR", str(site.data_dir))
    monkeypatch.setenv("KB_DATABASE_URL", site.database_url)
    monkeypatch.setenv("KB_LOG_RETENTION_DAYS", "30")
    result = CliRunner().invoke(app, ["prune"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 searches and 0 feedback votes older than 30 days" in result.output
    result = CliRunner().invoke(app, ["prune", "--days", "10"])
    assert "deleted 1 searches" in result.output
    assert db.execute("SELECT COUNT(*) FROM search_log").fetchone() == (1,)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
DIGITS = re.compile(r"\d[\d\s().-]{5,}\d")


def test_no_raw_email_or_long_number_is_stored_anywhere(bundled: Settings, tmp_path: Path) -> None:
    settings = bundled.with_paths(data_dir=tmp_path / "data")
    build_index(settings)
    application = create_app(settings)
    personal = "jane.doe@example.com order 4111 1111 1111 1111 phone +44 20 7946 0958 acct 12345678"
    with TestClient(application) as client:
        client.get("/api/search", params={"q": f"export for {personal}"})
        client.get("/api/answer", params={"q": f"publish a draft {personal}"})
        client.post("/api/feedback", json={"page": "agents/reject-a-draft.md", "helpful": False, "comment": personal})
        client.post(
            "/api/feedback",
            json={"query": f"publish {personal}", "answer_url": "/agents/publish-a-draft/#steps", "helpful": False},
        )
        application.state.kb.search_log.flush()
    with closing(sqlite3.connect(settings.db_path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        values = [
            str(value)
            for table in tables
            for row in db.execute(f"SELECT * FROM {table}")
            for value in row
            if isinstance(value, str)
        ]
    assert len(values) >= 6
    leaks = [v for v in values if EMAIL.search(v) or DIGITS.search(v)]
    assert leaks == []
