"""A team of agents on the API, over real HTTP: each agent's own token, roles, reviewed_by, the audit.

This is the contract of the team-accounts issue: ``kb agents add`` prints a token; with each, the
drafts are listed; a writer may not publish (403), a publisher may (200); the article's
``reviewed_by`` is the publisher; ``kb audit`` shows the publish by them.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from kb.cli import app
from kb.config import Settings
from kb.content import split_front_matter
from kb.index import build_index
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.server import LiveServer


def add(runner: CliRunner, name: str, role: str) -> str:
    result = runner.invoke(app, ["agents", "add", name, "--role", role])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "token" in line)
    return line.rsplit(" ", 1)[1]


@pytest.fixture
def team(settings: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch) -> tuple[Settings, dict[str, str]]:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    write("_drafts/scanner-jam.md", draft_text(title="Fix: the scanner jams on every page"))
    build_index(settings)
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    tokens = {
        name: add(runner, name, role) for name, role in (("wendy-writer", "writer"), ("pablo-publisher", "publisher"))
    }
    return settings, tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_each_agent_uses_their_own_token_and_roles_decide_who_publishes(team: tuple[Settings, dict[str, str]]) -> None:
    settings, tokens = team
    with LiveServer(create_app(settings)) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        for token in tokens.values():
            listed = http.get("/api/drafts", headers=bearer(token))
            assert listed.status_code == 200 and {d["id"] for d in listed.json()} == {"label-printer", "scanner-jam"}
        refused = http.post(
            "/api/drafts/label-printer/publish", json={"category": "billing"}, headers=bearer(tokens["wendy-writer"])
        )
        assert refused.status_code == 403 and "wendy-writer is a writer" in refused.json()["error"]["message"]
        assert (
            http.post(
                "/api/drafts/scanner-jam/reject", json={"reason": "dup"}, headers=bearer(tokens["wendy-writer"])
            ).status_code
            == 403
        )
        published = http.post(
            "/api/drafts/label-printer/publish",
            json={"category": "billing", "reviewed_by": "someone else"},
            headers=bearer(tokens["pablo-publisher"]),
        )
        assert published.status_code == 200, published.text
        path = published.json()["path"]
        assert http.get("/api/drafts", headers=bearer("kb_not-a-real-token")).status_code == 401
    front, _, _ = split_front_matter((Path(settings.docs_dir) / path).read_text(encoding="utf-8"))
    assert front is not None and yaml.safe_load(front)["reviewed_by"] == "pablo-publisher"
    shown = CliRunner().invoke(app, ["audit", "--json"])
    entries = [json.loads(line) for line in shown.output.splitlines()]
    publishes = [e for e in entries if e["action"] == "publish"]
    assert [(e["agent"], e["target"]) for e in publishes] == [("pablo-publisher", path)]
    plain = CliRunner().invoke(app, ["audit", "--agent", "pablo-publisher"])
    assert "pablo-publisher" in plain.output and "publish" in plain.output and path in plain.output


def test_a_disabled_agents_token_stops_working(team: tuple[Settings, dict[str, str]]) -> None:
    settings, tokens = team
    assert CliRunner().invoke(app, ["agents", "disable", "wendy-writer"]).exit_code == 0
    with LiveServer(create_app(settings)) as server:
        response = httpx.get(f"{server.url}/api/drafts", headers=bearer(tokens["wendy-writer"]), timeout=30)
        assert response.status_code == 401
        assert (
            httpx.get(f"{server.url}/api/drafts", headers=bearer(tokens["pablo-publisher"]), timeout=30).status_code
            == 200
        )
