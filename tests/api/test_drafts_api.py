"""The agent API: every endpoint and status code, and publish-to-searchable over real HTTP."""

from __future__ import annotations

import dataclasses
import json
import time
import urllib.request

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.server import LiveServer

AGENT = {"Authorization": "Bearer agent-t0ken"}


@pytest.fixture
def agent_settings(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    return dataclasses.replace(settings, agent_token="agent-t0ken", webhook_token="hook-t0ken")


@pytest.fixture
def client(agent_settings: Settings) -> TestClient:
    return TestClient(create_app(agent_settings))


def test_list_and_read_drafts(client: TestClient) -> None:
    [item] = client.get("/api/drafts", headers=AGENT).json()
    assert item["id"] == "label-printer" and item["status"] == "draft" and item["provenance"] == ["5150"]
    assert item["redaction"] == {"name": 2} and item["category"] == "billing" and item["age_days"] >= 0
    detail = client.get("/api/drafts/label-printer", headers=AGENT).json()
    assert detail["publishable"] is True and detail["personal_data"] == []
    # A quality note, not a problem that blocks: the draft's symptom has no Cause section.
    assert [p.split(" — ")[0] for p in detail["problems"]] == ["_drafts/label-printer.md:1: no cause"]
    assert detail["text"].startswith("---\n")
    assert client.get("/api/drafts", params={"state": "rejected"}, headers=AGENT).json() == []


def test_edit_then_publish(client: TestClient, agent_settings: Settings) -> None:
    edited = client.put(
        "/api/drafts/label-printer",
        json={"title": "Fix blank labels on the label printer", "body": "## Solution\n\n1. Set Darkness to 12.\n"},
        headers=AGENT,
    )
    assert edited.status_code == 200 and edited.json()["title"] == "Fix blank labels on the label printer"
    assert "# Fix blank labels on the label printer\n\n## Solution" in edited.json()["text"]
    published = client.post("/api/drafts/label-printer/publish", json={"reviewed_by": "sam"}, headers=AGENT)
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["path"] == "billing/fix-blank-labels-on-the-label-printer.md"
    assert body["short_url"] == f"/s/{body['id']}/"
    again = client.post("/api/drafts/label-printer/publish", json={}, headers=AGENT)
    assert again.status_code == 404


def test_publish_refusals_are_422_and_409(client: TestClient, write: WriteArticle) -> None:
    write("_drafts/leaky.md", draft_text(title="Leaky", body="## Problem\n\nMail ann@example.com.\n"))
    refused = client.post("/api/drafts/leaky/publish", json={}, headers=AGENT)
    assert refused.status_code == 422 and "personal data" in refused.json()["error"]["message"]
    write("_drafts/p.md", draft_text(title="P", extra="proposal_for: billing/export-invoices.md\n"))
    conflict = client.post("/api/drafts/p/publish", json={}, headers=AGENT)
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "conflict"


def test_reject_and_apply(client: TestClient, write: WriteArticle) -> None:
    assert client.post("/api/drafts/label-printer/reject", json={}, headers=AGENT).status_code == 422
    rejected = client.post("/api/drafts/label-printer/reject", json={"reason": "duplicate"}, headers=AGENT)
    assert rejected.status_code == 200 and rejected.json()["kept_as"] == "_drafts/_rejected/label-printer.md"
    [kept] = client.get("/api/drafts", params={"state": "rejected"}, headers=AGENT).json()
    assert kept["id"] == "_rejected/label-printer" and kept["title"] == "Fix: label printer prints blank labels"
    write(
        "_drafts/p.md",
        draft_text(title="Fix: export is slow", extra="proposal_for: billing/export-invoices.md#steps\n"),
    )
    applied = client.post("/api/drafts/p/apply", headers=AGENT)
    assert applied.status_code == 200 and applied.json()["path"] == "billing/export-invoices.md"


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer nope"}, 401), ({"Authorization": "Bearer hook-t0ken"}, 403)],
)
def test_the_agent_token_is_required(client: TestClient, headers: dict[str, str], status: int) -> None:
    for method, url in (("GET", "/api/drafts"), ("GET", "/api/drafts/x"), ("PUT", "/api/drafts/x"),
                        ("POST", "/api/drafts/x/publish"), ("POST", "/api/drafts/x/reject")):  # fmt: skip
        response = client.request(method, url, headers=headers, json={})
        assert response.status_code == status, (method, url)
        assert set(response.json()["error"]) == {"code", "message"}
    assert client.get("/api/search", params={"q": "export"}).status_code == 200  # customers stay public


def test_agent_api_is_off_without_a_token(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    response = TestClient(create_app(settings)).get("/api/drafts", headers=AGENT)
    assert response.status_code == 403 and "agent_token" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("GET", "/api/drafts/missing", None, 404),
        ("GET", "/api/drafts/..%2Fbilling%2Fexport-invoices", None, 404),
        ("GET", "/api/drafts/_rejected", None, 422),
        ("PUT", "/api/drafts/label-printer", {"title": ""}, 422),
        ("PUT", "/api/drafts/label-printer", {"status": "published"}, 422),
        ("POST", "/api/drafts/label-printer/publish", {"category": "nope"}, 422),
        ("GET", "/api/drafts", {"state": "bogus"}, 422),
    ],
)
def test_bad_requests(client: TestClient, method: str, url: str, body: dict[str, str] | None, status: int) -> None:
    params = body if method == "GET" else None
    response = client.request(method, url, headers=AGENT, json=None if method == "GET" else body, params=params)
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == {"code", "message"}


def test_published_over_http_is_searchable_within_seconds(agent_settings: Settings) -> None:
    with LiveServer(create_app(agent_settings)) as server:
        request = urllib.request.Request(
            f"{server.url}/api/drafts/label-printer/publish",
            data=json.dumps({"reviewed_by": "sam"}).encode(),
            headers={**AGENT, "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            path = json.loads(response.read())["path"]
        deadline = time.monotonic() + 5
        found = False
        while time.monotonic() < deadline and not found:
            url = f"{server.url}/api/search?q=label+printer+blank+labels&limit=1"
            with urllib.request.urlopen(url, timeout=10) as response:
                results = json.loads(response.read())["results"]
            found = bool(results) and results[0]["path"] == path
            time.sleep(0.1)
        assert found
