"""A replica following another's publish serves the page before its search can lead there, and
drops a removed article from search before its page goes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kb.config import Settings
from kb.index import build_index
from kb.site import follow, follow_once, start_mark
from tests.support.docs import WriteArticle


def test_pages_come_before_search_for_new_articles_and_after_it_for_removed_ones(
    settings: Settings, write: WriteArticle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("billing/export-invoices.md")
    write("billing/old-page.md")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    a = dataclasses.replace(settings.with_paths(data_dir=tmp_path / "a"), database_url=url)
    b = dataclasses.replace(settings.with_paths(data_dir=tmp_path / "b"), database_url=url)
    build_index(b)
    mark = start_mark(b)
    write("billing/label-printer.md")
    (settings.docs_dir / "billing/old-page.md").unlink()
    follow.announce(a, "publish", ["billing/label-printer.md", "billing/old-page.md"])

    steps: list[str] = []

    def index(_settings: Settings, changed: list[object] = [], removed: list[str] = []) -> None:  # noqa: B006
        steps.extend([f"index+ {c.path}" for c in changed] + [f"index- {r}" for r in removed])  # type: ignore[attr-defined]

    def pages(_settings: Settings, changed: list[str], removed: list[str]) -> int:
        steps.extend([f"page+ {c}" for c in changed] + [f"page- {r}" for r in removed])
        return 1

    monkeypatch.setattr(follow, "update_articles", index)
    monkeypatch.setattr(follow, "update_sites", pages)
    followed = follow_once(b, mark)
    assert set(followed.paths) == {"billing/label-printer.md", "billing/old-page.md"}
    assert steps.index("page+ billing/label-printer.md") < steps.index("index+ billing/label-printer.md")
    assert steps.index("index- billing/old-page.md") < steps.index("page- billing/old-page.md")
