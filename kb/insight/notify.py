"""Telling agents that work arrived: new drafts, update proposals and content gaps.

With ``notify_webhook`` set, kb POSTs JSON to it; with ``smtp_host`` and ``notify_emails`` set,
it also sends an email. ``notify_digest = "each"`` sends one message per batch of new items (one
ingest run, one webhook ticket); ``"daily"`` keeps them in ``<data dir>/notify/pending.jsonl``
and sends one digest a day: with the first new item a day after the last digest, or whenever
``kb notify --digest`` runs (from cron, so a quiet day's items do not wait for the next one).
Content gaps are found by ``kb notify`` (a gap is a question group seen for the first time).

A failing webhook or SMTP server is logged and never raised: ingest must not fail because a
chat service is down. The payload:

    {"source": "kb", "kind": "each" | "digest", "count": 2,
     "events": [{"kind": "draft", "title": "Fix: ...", "ref": "_drafts/fix-x.md", "at": "2026-..."}]}
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from kb.config import Settings
from kb.drafting import IngestOutcome, read_draft_meta
from kb.insight.gaps import gap_groups
from kb.store import connect, file_lock, write_text_atomic

__all__ = ["Event", "configured", "events_from_ingest", "new_gap_events", "notify", "send_digest"]

log = logging.getLogger(__name__)

EventKind = Literal["draft", "proposal", "gap"]
_TIMEOUT = 10.0
_DAY = dt.timedelta(days=1)
#: how many gap questions are remembered as already announced
_GAP_MEMORY = 5000


@dataclass(frozen=True)
class Event:
    """One new item for the agents: a ``draft``, an update ``proposal`` or a content ``gap``."""

    kind: EventKind
    title: str
    ref: str  # the draft's docs path, or the gap's question key
    at: str  # ISO time, UTC


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def events_from_ingest(
    docs_dir: Path, outcomes: Iterable[IngestOutcome], now: dt.datetime | None = None
) -> list[Event]:
    """The new drafts and proposals among an ingest's outcomes, one per draft (merges and skips
    are not news), titled as the draft is."""
    at = (now or _now()).isoformat(timespec="seconds")
    events: dict[str, Event] = {}
    for outcome in outcomes:
        if outcome.action not in ("drafted", "proposal") or not outcome.draft or outcome.draft in events:
            continue
        title = str(read_draft_meta(docs_dir / outcome.draft).get("title", "") or outcome.draft)
        kind: EventKind = "draft" if outcome.action == "drafted" else "proposal"
        events[outcome.draft] = Event(kind, title, outcome.draft, at)
    return list(events.values())


def configured(settings: Settings) -> bool:
    return bool(settings.notify_webhook or (settings.smtp_host and settings.notify_emails))


# --- sending -------------------------------------------------------------------------------------


def _subject(events: Sequence[Event], digest: bool) -> str:
    counts = {kind: sum(1 for e in events if e.kind == kind) for kind in ("draft", "proposal", "gap")}
    words = {"draft": ("new draft", "new drafts"), "proposal": ("update proposal", "update proposals"),
             "gap": ("content gap", "content gaps")}  # fmt: skip
    parts = [f"{n} {words[k][n != 1]}" for k, n in counts.items() if n]
    return ("Daily digest: " if digest else "") + (", ".join(parts) or "nothing new") + " in the review queue"


def _text(settings: Settings, events: Sequence[Event]) -> str:
    lines = [f"- {e.kind}: {e.title} ({e.ref})" for e in events]
    queue = settings.site_url.rstrip("/") + "/agent"
    return "\n".join([*lines, "", f"Review them at {queue}", ""])


def _post_webhook(url: str, payload: dict[str, object]) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # an http(s) URL: checked in config
        response.read(1024)


def _send_email(settings: Settings, subject: str, text: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.notify_from
    message["To"] = ", ".join(settings.notify_emails)
    message.set_content(text)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_TIMEOUT) as smtp:
        smtp.send_message(message)


def _send(settings: Settings, events: Sequence[Event], digest: bool) -> bool:
    """Send ``events`` by every configured way; False (and logged) when one of them failed."""
    ok = True
    subject = _subject(events, digest)
    if settings.notify_webhook:
        payload: dict[str, object] = {
            "source": "kb", "kind": "digest" if digest else "each", "count": len(events), "text": subject,
            "events": [asdict(e) for e in events],
        }  # fmt: skip
        try:
            _post_webhook(settings.notify_webhook, payload)
        except (OSError, urllib.error.URLError, ValueError) as exc:  # HTTPError is a URLError
            log.warning("kb notify: the webhook %s failed: %s", settings.notify_webhook, exc)
            ok = False
    if settings.smtp_host and settings.notify_emails:
        try:
            _send_email(settings, subject, _text(settings, events))
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("kb notify: the email through %s:%s failed: %s", settings.smtp_host, settings.smtp_port, exc)
            ok = False
    return ok


# --- the daily digest ----------------------------------------------------------------------------


def _folder(settings: Settings) -> Path:
    return settings.data_dir / "notify"


def _read_pending(path: Path) -> list[Event]:
    events = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        try:
            events.append(Event(**json.loads(line)))
        except (ValueError, TypeError):
            log.warning("kb notify: skipped an unreadable line in %s", path)
    return events


def _last_digest(folder: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat((folder / "last-digest").read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def send_digest(settings: Settings, *, force: bool = True, now: dt.datetime | None = None) -> int:
    """Send the pending events as one digest; returns how many were sent (0: none, or not due).

    Not ``force``: only when a day has passed since the last digest (or none was ever sent).
    Events stay pending when sending failed, and go with the next digest."""
    now = now or _now()
    folder = _folder(settings)
    with file_lock(folder / "notify.lock"):
        pending = _read_pending(folder / "pending.jsonl")
        last = _last_digest(folder)
        if not pending or (not force and last is not None and now - last < _DAY):
            return 0
        if not _send(settings, pending, digest=True):
            return 0
        write_text_atomic(folder / "pending.jsonl", "")
        write_text_atomic(folder / "last-digest", now.isoformat() + "\n")
    return len(pending)


def notify(settings: Settings, events: Sequence[Event], *, now: dt.datetime | None = None) -> None:
    """Tell the agents about ``events`` as the settings say; never raises for a delivery failure."""
    if not events or not configured(settings):
        return
    if settings.notify_digest == "each":
        _send(settings, events, digest=False)
        return
    folder = _folder(settings)
    with file_lock(folder / "notify.lock"):
        path = folder / "pending.jsonl"
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        added = "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in events)
        write_text_atomic(path, old + added)
        if _last_digest(folder) is None:  # the first digest waits a day from the first event
            write_text_atomic(folder / "last-digest", (now or _now()).isoformat() + "\n")
    send_digest(settings, force=False, now=now)


# --- content gaps --------------------------------------------------------------------------------


def new_gap_events(settings: Settings, *, days: int = 30, now: dt.datetime | None = None) -> list[Event]:
    """Content gaps (question groups of the last ``days`` days) not announced before; remembers them."""
    now = now or _now()
    folder = _folder(settings)
    with closing(connect(settings.database)) as db:
        groups = gap_groups(db, days, limit=200, now=now.timestamp(), pages=False)
    with file_lock(folder / "notify.lock"):
        seen_file = folder / "gaps-seen.json"
        try:
            seen: list[str] = json.loads(seen_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            seen = []
        known = set(seen)
        fresh = [g for g in groups if g.key not in known]
        if fresh:
            seen = [*seen, *(g.key for g in fresh)][-_GAP_MEMORY:]
            write_text_atomic(seen_file, json.dumps(seen))
    at = now.isoformat(timespec="seconds")
    return [Event("gap", f"{g.question} (asked {_times(g.count)})", g.key, at) for g in fresh]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
