"""Answers where customers are (issue 19): /api/suggest, CORS for partner sites only on the
customer endpoints, and the embeddable Ask box at /widget.js."""

from __future__ import annotations

import dataclasses
import gzip

import pytest
from fastapi.testclient import TestClient

from kb.config import Settings, load_settings
from kb.errors import ConfigError
from search_api import create_app

PARTNER = "https://partner.example"
TOKEN = "agent-t0ken-for-reach-tests-0123456"


@pytest.fixture(scope="module")
def api(bundled: Settings) -> TestClient:
    return TestClient(create_app(dataclasses.replace(bundled, cors_origins=(PARTNER,), agent_token=TOKEN)))


def test_suggest_returns_titles_and_headings_for_a_prefix(api: TestClient) -> None:
    body = api.get("/api/suggest", params={"q": "pub"}).json()
    assert body["query"] == "pub"
    first = body["suggestions"][0]
    assert first == {"title": "Publish a draft", "heading": "", "url": "/agents/publish-a-draft/"}
    assert all(set(s) == {"title", "heading", "url"} for s in body["suggestions"])
    assert api.get("/api/suggest", params={"q": "zzzz"}).json()["suggestions"] == []
    assert len(api.get("/api/suggest", params={"q": "a", "limit": 3}).json()["suggestions"]) <= 3
    too_long = api.get("/api/suggest", params={"q": "x" * 600})
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize("path", ["/api/answer?q=publish+a+draft", "/api/suggest?q=pub"])
def test_a_listed_partner_may_call_the_customer_endpoints(api: TestClient, path: str) -> None:
    allowed = api.get(path, headers={"Origin": PARTNER})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == PARTNER
    other = api.get(path, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_partner_may_send_feedback_after_a_preflight(api: TestClient) -> None:
    preflight = api.options(
        "/api/feedback",
        headers={"Origin": PARTNER, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )  # fmt: skip
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == PARTNER
    refused = api.options(
        "/api/feedback", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in refused.headers


@pytest.mark.parametrize("path", ["/api/drafts", "/api/search?q=publish", "/api/health", "/agent/sign-in"])
def test_other_endpoints_never_answer_another_site(api: TestClient, path: str) -> None:
    headers = {"Origin": PARTNER, "Authorization": f"Bearer {TOKEN}"}
    assert "access-control-allow-origin" not in api.get(path, headers=headers).headers
    preflight = api.options(path, headers={"Origin": PARTNER, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_without_the_setting_no_site_may_call(bundled: Settings) -> None:
    plain = TestClient(create_app(bundled))
    response = plain.get("/api/answer", params={"q": "publish"}, headers={"Origin": PARTNER})
    assert "access-control-allow-origin" not in response.headers


def test_the_widget_is_served_small(api: TestClient) -> None:
    response = api.get("/widget.js")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    assert len(gzip.compress(response.content)) <= 15 * 1024
    assert b"attachShadow" in response.content and b"data-kb" in response.content


def test_cors_origins_are_validated() -> None:
    loaded = load_settings(environ={"KB_CORS_ORIGINS": "https://a.example, http://localhost:3000"})
    assert loaded.cors_origins == ("https://a.example", "http://localhost:3000")
    for bad in ("a.example", "https://a.example/path", "ftp://a.example", "*"):
        with pytest.raises(ConfigError, match="KB_CORS_ORIGINS"):
            load_settings(environ={"KB_CORS_ORIGINS": bad})
