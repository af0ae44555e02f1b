"""Two replicas (two data dirs, one docs folder, one PostgreSQL) publishing at the same moment:
both publishes land, each once, with their own ids, both recorded in the permalink manifest, and
each replica follows the other's publish into its own index."""

from __future__ import annotations

import dataclasses
import threading
from contextlib import closing
from pathlib import Path

import pytest

from kb.config import Settings
from kb.index import SectionIndex, build_index
from kb.permalinks import load_manifest
from kb.review import Published, publish_draft
from kb.site import follow_once, start_mark
from kb.store import connect
from kb.team import read_audit
from tests.support.databases import POSTGRES_URL, database_url_for
from tests.support.docs import WriteArticle
from tests.support.drafts import draft_text

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="KB_TEST_DATABASE_URL is not set (see .ci/postgres)")


def test_two_replicas_publishing_at_once_never_collide(settings: Settings, write: WriteArticle, tmp_path: Path) -> None:
    write("billing/export-invoices.md")
    write("_drafts/label-printer.md", draft_text())
    write("_drafts/scanner.md", draft_text(title="Fix: the scanner jams on every page"))
    url = database_url_for("postgresql", "")
    a = dataclasses.replace(settings.with_paths(data_dir=tmp_path / "a"), database_url=url)
    b = dataclasses.replace(settings.with_paths(data_dir=tmp_path / "b"), database_url=url)
    marks = {}
    for replica in (a, b):
        build_index(replica)
        marks[replica.data_dir] = start_mark(replica)
    results: dict[str, Published] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def publish(replica: Settings, name: str) -> None:
        start.wait()
        try:
            results[name] = publish_draft(replica, name, category="billing", reviewed_by=f"agent-{name}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=args) for args in ((a, "label-printer"), (b, "scanner"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    paths = {result.path for result in results.values()}
    assert len(paths) == 2 and all((settings.docs_dir / path).is_file() for path in paths)
    assert len({result.id for result in results.values()}) == 2
    manifest = load_manifest(settings.docs_dir)
    assert all(f"/{result.url.strip('/')}/" in manifest.pages for result in results.values())
    for replica in (a, b):  # each follows the other's publish
        follow_once(replica, marks[replica.data_dir])
        with closing(SectionIndex.open(replica)) as index:
            found = {h.path for q in ("label printer blank", "scanner jams") for h in index.search(q, limit=1).hits}
            assert found == paths
    with connect(url) as db:
        assert sorted(e.agent for e in read_audit(db) if e.action == "publish") == [
            "agent-label-printer",
            "agent-scanner",
        ]
