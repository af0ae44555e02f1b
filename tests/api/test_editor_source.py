"""The editor shows the redacted conversation a draft came from: the customer's messages and the
public replies, escaped, never a private note or a redacted value."""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient

from kb.config import Settings
from kb.drafting import ingest_tickets
from kb.index import build_index
from kb.tickets import Message
from search_api import create_app
from search_api.agent.session import AgentSessions, SignInThrottle
from search_api.agent.web import AgentUI
from tests.support.docs import WriteArticle
from tests.support.tickets import conversation

TOKEN = "agent-t0ken-for-the-source-pane"


def test_the_editor_shows_the_redacted_public_conversation(settings: Settings, write: WriteArticle) -> None:
    write("billing/export-invoices.md")
    build_index(settings)
    settings = dataclasses.replace(settings, agent_token=TOKEN)
    messages = (
        Message("customer", "Greta Lind", "Hi, every label is blank <b>since</b> Monday. Call +46 70 123 45 67."),
        Message("agent", "Bo Berg", "Internal: she is on the legacy plan.", public=False),
        Message("agent", "Bo Berg", "Hello Greta, open Printer settings and set Darkness to 12. Best, Bo"),
    )
    ticket = conversation("9001", "Badge printer prints blank labels", messages, "Greta Lind")
    [outcome] = ingest_tickets(settings, [ticket])
    assert outcome.action == "drafted", outcome
    app = create_app(settings)
    app.state.kb_agent_ui = AgentUI(AgentSessions(), SignInThrottle(delay=0.0))
    client = TestClient(app)
    assert client.post("/agent/sign-in", data={"token": TOKEN}, follow_redirects=False).status_code == 303
    name = outcome.draft.rsplit("/", 1)[-1].removesuffix(".md")
    page = client.get(f"/agent/drafts/{name}").text
    assert "The conversation this draft came from" in page and "<code>9001</code>" in page
    assert "set Darkness to 12" in page and "every label is blank &lt;b&gt;since&lt;/b&gt; Monday" in page
    for leaked in ("legacy plan", "Greta", "123 45 67", "<b>since"):
        assert leaked not in page, leaked
