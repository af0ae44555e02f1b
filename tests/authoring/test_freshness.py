"""Freshness: kb stale lists articles nobody updated or verified lately; kb verify stamps one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.authoring import stale_articles, verify_article
from kb.cli import app
from kb.content import load_catalog
from kb.errors import InputError, NotFoundError
from tests.support.docs import WriteArticle, article_text

runner = CliRunner()
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def dated(docs: Path, write: WriteArticle) -> Path:
    write("billing/old.md", article_text(title="Old", extra="updated: 2025-01-10\n"))
    write("billing/verified.md", article_text(title="Verified", extra="updated: 2025-01-01\nverified: 2026-11-01\n"))
    write("billing/edited.md", article_text(title="Edited", extra="updated: 2026-10-01\nverified: 2024-01-01\n"))
    write("billing/older.md", article_text(title="Older", extra="updated: 2024-06-01\nverified: 2025-02-01\n"))
    write("billing/undated.md", article_text(title="Undated"))
    write("_drafts/draft.md", article_text(title="Draft", extra="updated: 2020-01-01\n"))
    return docs


def test_stale_needs_both_dates_old_and_lists_oldest_first(dated: Path) -> None:
    stale = stale_articles(load_catalog(dated).articles, 180, TODAY)
    assert [s.path for s in stale] == ["billing/undated.md", "billing/old.md", "billing/older.md"]
    assert stale[2].last_checked == dt.date(2025, 2, 1)
    assert stale[1].age_days(TODAY) == (TODAY - dt.date(2025, 1, 10)).days
    assert stale_articles(load_catalog(dated).articles, 1000, TODAY) == stale[:1]


def test_stale_boundary_is_strictly_older_than(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md", article_text(extra=f"updated: {TODAY - dt.timedelta(days=30)}\n"))
    articles = load_catalog(docs).articles
    assert stale_articles(articles, 30, TODAY) == []
    assert len(stale_articles(articles, 29, TODAY)) == 1


def test_stale_command_prints_dates(dated: Path) -> None:
    result = runner.invoke(app, ["stale", "--days", "180", "--docs", str(dated)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("billing/undated.md") and "updated never" in lines[0] and "no date" in lines[0]
    assert lines[1].startswith("billing/old.md") and "updated 2025-01-10" in lines[1] and "verified never" in lines[1]
    assert "3 article(s) not updated or verified in 180 days" in lines[-1]
    fresh = runner.invoke(app, ["stale", "--days", "100000", "--docs", str(dated)])
    assert "billing/undated.md" in fresh.output
    bad = runner.invoke(app, ["stale", "--days", "0", "--docs", str(dated)])
    assert bad.exit_code != 0


def test_verify_sets_the_date_and_leaves_everything_else(dated: Path) -> None:
    file = dated / "billing/older.md"
    before = file.read_bytes()
    assert verify_article(dated, "billing/older.md", TODAY) == ("billing/older.md", TODAY)
    after = file.read_bytes()
    assert after == before.replace(b"verified: 2025-02-01", b"verified: 2026-11-23")
    verify_article(dated, "billing/undated.md", TODAY)
    text = (dated / "billing/undated.md").read_text()
    assert text.startswith("---\ntitle: Undated\nsummary: Open Billing and choose Export.\nverified: 2026-11-23\n---\n")
    assert stale_articles(load_catalog(dated).articles, 180, TODAY)[0].path == "billing/old.md"


def test_verify_command_and_refusals(dated: Path) -> None:
    result = runner.invoke(app, ["verify", "billing/old.md", "--docs", str(dated)])
    assert result.exit_code == 0, result.output
    assert f"verified billing/old.md on {dt.date.today().isoformat()}" in result.output
    assert f"verified: {dt.date.today().isoformat()}" in (dated / "billing/old.md").read_text()
    with pytest.raises(NotFoundError, match=r"use billing/old\.md"):
        verify_article(dated, "docs/billing/old.md")
    with pytest.raises(InputError, match="not a published article"):
        verify_article(dated, "_drafts/draft.md")
    missing = runner.invoke(app, ["verify", "billing/nope.md", "--docs", str(dated)])
    assert missing.exit_code == 1 and "no such article" in missing.output
