"""``POST /api/tickets``: the webhook's auth, limits, errors and results, also over real HTTP."""

from __future__ import annotations

import dataclasses
import json
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.drafting import list_drafts
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.server import LiveServer

TOKEN = "webhook-s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TICKET = {
    "id": 5150,
    "subject": "Label printer prints blank labels",
    "status": "solved",
    "tags": ["new issue", "printing"],
    "requester": {"name": "Nils Holm", "email": "nils.holm@example.com"},
    "comments": [
        {"author_id": 1, "public": True, "body": "Hi, every label comes out blank since the update. Nils"},
        {"author_id": 2, "public": True, "body": "Hello Nils,\n1. Open Printer settings.\n2. Set Darkness to 12."},
    ],
}


@pytest.fixture
def hook_settings(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/a.md")
    return dataclasses.replace(settings, webhook_token=TOKEN, agent_token="agent-t0ken", max_body_bytes=20_000)


@pytest.fixture
def client(hook_settings: Settings) -> TestClient:
    return TestClient(create_app(hook_settings))


def test_a_ticket_becomes_a_draft_once(client: TestClient, hook_settings: Settings) -> None:
    response = client.post("/api/tickets", json=TICKET, headers=AUTH)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["ticket_id"] == "5150" and body["action"] == "drafted"
    assert body["draft"].startswith("_drafts/") and body["proposal_for"] is None
    [draft] = list_drafts(hook_settings.docs_dir)
    text = draft.path.read_text()
    assert "Nils" not in text and "nils.holm" not in text and "Set Darkness to 12." in text
    again = client.post("/api/tickets", json=TICKET, headers=AUTH)
    assert again.status_code == 202 and again.json()["action"] == "skipped"
    assert again.json()["reason"] == "already imported"
    assert len(list_drafts(hook_settings.docs_dir)) == 1


def test_wrapped_and_skipped_tickets(client: TestClient) -> None:
    response = client.post("/api/tickets", json={"ticket": {**TICKET, "id": 1, "status": "open"}}, headers=AUTH)
    assert response.status_code == 202
    assert response.json()["action"] == "skipped" and "not resolved" in response.json()["reason"]


def test_the_agent_token_works_too(client: TestClient) -> None:
    response = client.post("/api/tickets", json=TICKET, headers={"Authorization": "Bearer agent-t0ken"})
    assert response.status_code == 202


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_without_the_token_it_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/tickets", json=TICKET, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_without_a_configured_token_the_webhook_is_off(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    response = TestClient(create_app(settings)).post("/api/tickets", json=TICKET, headers=AUTH)
    assert response.status_code == 403
    assert "webhook_token" in response.json()["error"]["message"]


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    big = {**TICKET, "comments": [{"author_id": 1, "public": True, "body": "x" * 30_000}]}
    response = client.post("/api/tickets", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "one ticket as a JSON object"),
        (json.dumps({"id": 1, "status": "solved"}).encode(), "subject"),
    ],
)
def test_bad_tickets_are_422_naming_the_problem(client: TestClient, body: bytes, message: str) -> None:
    response = client.post("/api/tickets", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert message in response.json()["error"]["message"]


def test_the_webhook_over_real_http(hook_settings: Settings) -> None:
    with LiveServer(create_app(hook_settings)) as server:
        request = urllib.request.Request(
            f"{server.url}/api/tickets",
            data=json.dumps(TICKET).encode(),
            headers={**AUTH, "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 202
            assert json.loads(response.read())["action"] == "drafted"
        anonymous = urllib.request.Request(f"{server.url}/api/tickets", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(anonymous, timeout=30)
        assert error.value.code == 401


def test_an_empty_ticket_is_skipped_with_its_reason(client: TestClient, hook_settings: Settings) -> None:
    """A subject with no description and no public reply has nothing to draft from."""
    empty = {**TICKET, "id": 77, "comments": [{"author_id": 2, "public": False, "body": "internal: dup of 12"}]}
    response = client.post("/api/tickets", json=empty, headers=AUTH)
    assert response.status_code == 202, response.text
    assert response.json()["action"] == "skipped"
    assert response.json()["reason"] == "no description and no public reply: nothing to draft from"
    assert list_drafts(hook_settings.docs_dir) == []
