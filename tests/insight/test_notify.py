"""Notifications: a webhook and email (a real local SMTP server, aiosmtpd) about new drafts,
proposals and gaps; the daily digest; and failures that are logged, never raised."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import closing
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kb.config import Settings
from kb.insight.notify import Event, events_from_ingest, new_gap_events, notify, send_digest
from kb.store import connect
from search_api import create_app
from tests.support.docs import WriteArticle
from tests.support.server import free_port

DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
EVENTS = [Event("draft", "Fix: label printer prints blank labels", "_drafts/label-printer.md", T0.isoformat())]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.messages.append((str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[list[dict[str, Any]], str]]:
    received: list[dict[str, Any]] = []
    handler = type("Hook", (_Hook,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield received, f"http://127.0.0.1:{server.server_address[1]}/kb"
    finally:
        server.shutdown()
        server.server_close()


def _emailing(settings: Settings, port: int, **changes: Any) -> Settings:
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=port,
                               notify_emails=("leads@example.com", "sam@example.com"), **changes)  # fmt: skip


def test_each_event_is_emailed_through_smtp(settings: Settings, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    notify(_emailing(settings, port, notify_from="kb@help.example.com"), EVENTS)
    [(sender, recipients, raw)] = inbox.messages
    assert sender == "kb@help.example.com" and recipients == ["leads@example.com", "sam@example.com"]
    message = message_from_bytes(raw)
    assert message["Subject"] == "1 new draft in the review queue"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert "Fix: label printer prints blank labels (_drafts/label-printer.md)" in body.decode()
    assert "/agent" in body.decode()


def test_each_event_is_posted_to_the_webhook(settings: Settings, hook: tuple[list[dict[str, Any]], str]) -> None:
    received, url = hook
    notify(dataclasses.replace(settings, notify_webhook=url), EVENTS)
    [payload] = received
    assert payload["source"] == "kb" and payload["kind"] == "each" and payload["count"] == 1
    assert payload["events"][0]["title"] == "Fix: label printer prints blank labels"


def test_failures_are_logged_and_never_raised(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    dead = free_port()  # nothing listens there
    broken = _emailing(settings, dead, notify_webhook=f"http://127.0.0.1:{dead}/kb")
    with caplog.at_level(logging.WARNING, logger="kb.insight.notify"):
        notify(broken, EVENTS)
    text = caplog.text
    assert "the webhook" in text and "the email through 127.0.0.1" in text


def test_the_daily_digest_collects_events_and_sends_one_message_a_day(
    settings: Settings, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    daily = _emailing(settings, port, notify_digest="daily")
    second = Event("proposal", "Update billing/export-invoices.md#steps", "_drafts/p.md", T0.isoformat())
    notify(daily, EVENTS, now=T0)
    notify(daily, [second], now=T0 + dt.timedelta(hours=5))
    assert inbox.messages == []  # less than a day: kept
    third = Event("draft", "Fix: sync stops", "_drafts/sync.md", T0.isoformat())
    notify(daily, [third], now=T0 + DAY + dt.timedelta(minutes=1))  # the first event after a day sends
    [(_, _, raw)] = inbox.messages
    message = message_from_bytes(raw)
    assert message["Subject"] == "Daily digest: 2 new drafts, 1 update proposal in the review queue"
    assert send_digest(daily, force=False, now=T0 + DAY + dt.timedelta(hours=2)) == 0  # nothing pending
    notify(daily, EVENTS, now=T0 + DAY + dt.timedelta(hours=3))
    assert len(inbox.messages) == 1
    assert send_digest(daily, force=True, now=T0 + DAY + dt.timedelta(hours=4)) == 1  # kb notify --digest
    assert len(inbox.messages) == 2


def test_a_digest_that_fails_is_kept_for_the_next_one(settings: Settings, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    dead = _emailing(settings, free_port(), notify_digest="daily")
    notify(dead, EVENTS, now=T0)
    assert send_digest(dead, now=T0 + DAY) == 0
    assert send_digest(dataclasses.replace(dead, smtp_port=port), now=T0 + DAY) == 1
    assert len(inbox.messages) == 1


def test_ingest_events_name_each_new_draft_once(settings: Settings, write: WriteArticle) -> None:
    from kb.drafting import IngestOutcome

    write("_drafts/sync.md", "---\ntitle: 'Fix: sync stops at 99 percent'\nsummary: x y z.\n---\n# Fix\n")
    outcomes = [
        IngestOutcome("1", "drafted", "new problem, 2 near-identical tickets", "_drafts/sync.md"),
        IngestOutcome("2", "drafted", "new problem, 2 near-identical tickets", "_drafts/sync.md"),
        IngestOutcome("3", "merged", "same problem", "_drafts/sync.md"),
        IngestOutcome("4", "skipped", "not tagged"),
    ]
    [event] = events_from_ingest(settings.docs_dir, outcomes, now=T0)
    assert event == Event("draft", "Fix: sync stops at 99 percent", "_drafts/sync.md", "2026-11-23T09:00:00+00:00")


def test_new_gaps_are_announced_once(settings: Settings, hook: tuple[list[dict[str, Any]], str]) -> None:
    received, url = hook
    with closing(connect(settings.database)) as db:
        for query in ("how do I export invoices to csv", "export invoices csv", "change my avatar"):
            db.execute(
                "INSERT INTO search_log (ts, kind, query, top_path, top_url, results, confidence, answered,"
                " latency_ms) VALUES (?, 'answer', ?, NULL, NULL, 0, 0.1, 0, 1.0)",
                (T0.timestamp() - 60, query),
            )
    configured = dataclasses.replace(settings, notify_webhook=url)
    gaps = new_gap_events(configured, now=T0)
    assert sorted(e.title for e in gaps) == ["change my avatar (asked once)", "export invoices csv (asked 2 times)"]
    assert new_gap_events(configured, now=T0) == []  # already announced
    notify(configured, gaps)
    assert [e["kind"] for e in received[0]["events"]] == ["gap", "gap"]


def test_a_failing_webhook_never_breaks_ingest(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    dead = free_port()
    configured = dataclasses.replace(
        settings, webhook_token="webhook-s3cret-long-enough-000", notify_webhook=f"http://127.0.0.1:{dead}/kb",
        smtp_host="127.0.0.1", smtp_port=dead, notify_emails=("leads@example.com",),
    )  # fmt: skip
    ticket = {
        "id": 5150, "subject": "Label printer prints blank labels", "status": "solved", "tags": ["new issue"],
        "comments": [{"author_id": 1, "public": True, "body": "Every label comes out blank since the update."},
                     {"author_id": 2, "public": True, "body": "1. Open Printer settings.\n2. Set Darkness to 12."}],
    }  # fmt: skip
    client = TestClient(create_app(configured))
    auth = {"Authorization": "Bearer webhook-s3cret-long-enough-000"}
    response = client.post("/api/tickets", json=ticket, headers=auth)
    assert response.status_code == 202 and response.json()["action"] == "drafted"


def test_kb_notify_says_when_notifications_are_off(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from kb.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(app, ["notify"])
    assert result.exit_code == 1 and "notifications are off" in result.output
