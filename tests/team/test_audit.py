"""The audit log: what agents did, read back by time and by agent, on the command line too."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.store import Connection
from kb.team import read_audit, record


def test_entries_come_back_newest_first_and_filtered(db: Connection) -> None:
    record(db, "pablo-publisher", "publish", "billing/refunds.md", "from draft _drafts/refund.md", now=100.0)
    record(db, "wendy-writer", "edit", "_drafts/refund.md", "draft body", now=50.0)
    record(db, "pablo-publisher", "reject", "_drafts/spam.md", "reason:   not   a   problem", now=150.0)
    assert [e.action for e in read_audit(db)] == ["reject", "publish", "edit"]
    assert [e.action for e in read_audit(db, agent="pablo-publisher", since=120.0)] == ["reject"]
    assert read_audit(db)[0].summary == "reason: not a problem"
    assert [e.action for e in read_audit(db, limit=1, offset=1)] == ["publish"]


def test_kb_agents_and_kb_audit_on_the_command_line(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("KB_DATABASE_URL", "" if database_url.startswith("sqlite") else database_url)
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    added = runner.invoke(app, ["agents", "add", "pablo-publisher", "--role", "publisher"])
    assert added.exit_code == 0, added.output
    token_line = next(line for line in added.output.splitlines() if "token" in line)
    token = token_line.rsplit(" ", 1)[1]
    assert token.startswith("kb_") and len(token) > 40
    listed = runner.invoke(app, ["agents", "list"])
    assert "pablo-publisher" in listed.output and "publisher" in listed.output and token not in listed.output
    reset = runner.invoke(app, ["agents", "reset", "pablo-publisher"])
    assert reset.exit_code == 0 and token not in reset.output and "token" in reset.output
    assert runner.invoke(app, ["agents", "disable", "nobody"]).exit_code == 1
    shown = runner.invoke(app, ["audit", "--json"])
    entries = [json.loads(line) for line in shown.output.splitlines()]
    assert [e["summary"] for e in entries] == ["token reset", "account created, role publisher"]
    assert all(token not in line for line in shown.output.splitlines())
    assert "no audit entries for nobody" in runner.invoke(app, ["audit", "--agent", "nobody"]).output
    bad = runner.invoke(app, ["audit", "--since", "last week"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
