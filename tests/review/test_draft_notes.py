"""Publishing a draft made from a ticket as it is: kb's own placeholders are never "personal data",
a placeholder Solution is refused with a clear message, and the review lists what to check."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.config import Settings
from kb.drafting import compose_draft, redact_ticket, write_draft
from kb.errors import ContentError
from kb.index import build_index
from kb.review import publish_draft, review_draft
from kb.tickets import Message, Ticket
from tests.support.docs import WriteArticle
from tests.support.tickets import conversation

TODAY = dt.date(2026, 12, 5)


def _ticket(reply: str, subject: str = "Can't connect to the database") -> Ticket:
    messages = (
        Message("customer", "Ann Lee", "Hi, the app can't connect to the database since the update. Ann"),
        Message("agent", "Bo Berg", reply),
    )
    return conversation("7001", subject, messages, "Ann Lee")


@pytest.fixture
def ready(settings: Settings, write: WriteArticle) -> Settings:
    write("billing/_category.yml", "title: Billing\n")
    write("billing/export-invoices.md")
    build_index(settings)
    return settings


def test_a_redacted_password_publishes_as_it_is(ready: Settings) -> None:
    reply = "Hello Ann! In the config file set Password=hunter2secret and restart the service. Cheers, Bo"
    path = write_draft(ready.docs_dir, compose_draft([redact_ticket(_ticket(reply))], category="billing", today=TODAY))
    text = path.read_text()
    assert "hunter2secret" not in text and "Password=[secret]" in text and "secret: 1" in text
    review = review_draft(ready, path.stem)
    assert review.personal_data == () and review.publishable, review
    published = publish_draft(ready, path.stem, reviewed_by="bo", today=TODAY)
    assert (ready.docs_dir / published.path).is_file()


def test_a_placeholder_solution_is_refused_with_what_to_do(ready: Settings) -> None:
    reply = "Hi Ann, we fixed this on our side and it should work now. Best, Bo"
    path = write_draft(ready.docs_dir, compose_draft([redact_ticket(_ticket(reply))], category="billing", today=TODAY))
    review = review_draft(ready, path.stem)
    assert not review.publishable
    assert any("placeholder" in p.message for p in review.problems)
    with pytest.raises(ContentError) as refused:
        publish_draft(ready, path.stem, reviewed_by="bo", today=TODAY)
    assert "placeholder" in str(refused.value) and "numbered list" in str(refused.value)


def test_the_review_notes_a_long_summary_without_blocking(ready: Settings, write: WriteArticle) -> None:
    long_summary = "Open the settings page " + "and then check every option on it carefully " * 3 + "today."
    write(
        "_drafts/long.md",
        f"---\ntitle: Change the settings\nsummary: {long_summary}\nstatus: draft\nprovenance: ['1']\n---\n"
        "# Change the settings\n\n## Problem\n\nIt is hard.\n\n## Solution\n\n1. Open Settings.\n2. Click Save.\n",
    )
    review = review_draft(ready, "long")
    notes = [p for p in review.problems if p.severity == "warning"]
    assert any("summary is long" in p.message for p in notes)
    assert review.publishable
