"""The permalink tests' shared fixture: two articles published and recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.permalinks import record_published
from tests.support.docs import WriteArticle, article_text

BODY = "Lead.\n\n## Steps\n\n1. Open Billing.\n\n## Why it fails\n\nBecause.\n"


@pytest.fixture
def published(docs: Path, write: WriteArticle) -> Path:
    """Two published articles with ids, recorded in the manifest as a build would."""
    write("billing/export.md", article_text(title="Export", extra="id: exp01\n", body=BODY))
    write("billing/refunds.md", article_text(title="Refunds", extra="id: ref01\n"))
    assert record_published(docs)
    return docs
