"""The agent web UI in tests: a signed-in client, its CSRF token, and the usual queue."""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kb.config import Settings
from kb.index import build_index
from search_api import create_app
from search_api.agent.session import AgentSessions, SignInThrottle
from search_api.agent.web import AgentUI
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

__all__ = ["LEAKY", "PROPOSAL", "TOKEN", "agent", "agent_settings", "client", "csrf", "csrf_of", "quick_app", "sign_in"]

TOKEN = "agent-t0ken-for-the-ui"
LEAKY = draft_text(title="Leaky", body="## Problem\n\nMail ann@example.com.\n\n## Solution\n\n1. Reply.\n")
PROPOSAL = draft_text(
    title="Fix: export is slow", extra="status: proposal\nproposal_for: billing/export-invoices.md#steps\n"
).replace("status: draft\n", "", 1)


@pytest.fixture
def agent_settings(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    build_index(settings)
    return dataclasses.replace(settings, agent_token=TOKEN, webhook_token="hook-t0ken")


def quick_app(settings: Settings, throttle: SignInThrottle | None = None) -> FastAPI:
    app = create_app(settings)
    app.state.kb_agent_ui = AgentUI(AgentSessions(), throttle or SignInThrottle(delay=0.0))
    return app


@pytest.fixture
def client(agent_settings: Settings) -> TestClient:
    return TestClient(quick_app(agent_settings))


def sign_in(client: TestClient, token: str = TOKEN, next_page: str = "/agent") -> httpx.Response:
    return client.post("/agent/sign-in", data={"token": token, "next": next_page}, follow_redirects=False)


@pytest.fixture
def agent(client: TestClient) -> TestClient:
    """A client signed in to the UI."""
    assert sign_in(client).status_code == 303
    return client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def csrf(agent: TestClient, page: str = "/agent") -> str:
    return csrf_of(agent.get(page).text)
