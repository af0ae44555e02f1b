"""Changes to one draft at the same moment: none is lost and no published draft comes back.

Finding 4 of issue 14. Each test holds a publish in the middle of its work (after it has read the
draft, before it has removed it) and makes the other change then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from kb.config import Settings
from kb.drafting import ingest_tickets, list_drafts, save_draft
from kb.errors import NotFoundError
from kb.index import build_index
from kb.review import publish as publish_module
from kb.review import publish_draft
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text
from tests.support.tickets import make_ticket

HELD = 0.5  # seconds the publish is held while the other change is attempted


@pytest.fixture
def queue(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/_category.yml", "title: Billing\n")
    write("billing/export-invoices.md")
    build_index(settings)
    return settings


@pytest.fixture
def held_publish(queue: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Future[Any]]]:
    """Start publishing a draft and hold it after it has read the draft; returns the publish's future."""
    reading = threading.Event()
    real = publish_module._write_published

    def slow_write(*args: Any, **kwargs: Any) -> None:
        reading.set()
        threading.Event().wait(HELD)
        real(*args, **kwargs)

    monkeypatch.setattr(publish_module, "_write_published", slow_write)
    with ThreadPoolExecutor(1) as pool:

        def start(name: str) -> Future[Any]:
            future = pool.submit(publish_draft, queue, name, category="billing")
            assert reading.wait(10), "the publish never started"
            return future

        yield start


def test_a_save_during_a_publish_waits_and_is_not_silently_lost(
    queue: Settings, write: WriteArticle, held_publish: Callable[[str], Future[Any]]
) -> None:
    write("_drafts/label-printer.md", draft_text())
    publishing = held_publish("label-printer")
    with pytest.raises(NotFoundError):
        save_draft(queue, "label-printer", body="## Solution\n\n1. A step typed during the publish.\n")
    published = publishing.result()
    assert not (queue.docs_dir / "_drafts" / "label-printer.md").exists()  # no zombie draft
    assert "A step typed" not in (queue.docs_dir / published.path).read_text()


def test_a_follow_up_ticket_during_a_publish_gets_a_draft_of_its_own(
    queue: Settings, held_publish: Callable[[str], Future[Any]]
) -> None:
    [first] = ingest_tickets(queue, [make_ticket("801")])
    name = first.draft.removeprefix("_drafts/").removesuffix(".md")
    publishing = held_publish(name)
    follow = make_ticket("802", subject="Re: Sync stops at 99 percent with error E_SYNC_99",
                         customer="Still stuck at 99 percent.")  # fmt: skip
    [outcome] = ingest_tickets(queue, [follow])
    publishing.result()
    assert outcome.action in {"drafted", "proposal"}, outcome
    # The published draft did not come back, and the follow-up is not lost.
    assert [item.provenance for item in list_drafts(queue.docs_dir)] == [("802",)]
