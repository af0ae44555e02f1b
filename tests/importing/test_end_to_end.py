"""The contract: ``kb import zendesk FILE --docs DIR`` into a new docs folder, a second import that
adds nothing, ``kb build`` exiting 0, and every old /hc/…/articles/… path leading to its article,
in the built site and on ``kb serve`` (301)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.config import load_settings
from kb.permalinks import redirect_page_target
from search_api import create_app
from tests.support.paths import ROOT

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.slow


def _kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_DATA_DIR": str(cwd / "data")}
    command = [sys.executable, "-m", "kb.cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=240, check=False)


def _files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_zendesk_export_imports_builds_and_redirects_every_old_address(tmp_path: Path) -> None:
    export = json.loads((DATA / "zendesk.json").read_text(encoding="utf-8"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("---\ntitle: Help\n---\n# Help\n\nWelcome to our help centre.\n", encoding="utf-8")

    first = _kb("import", "zendesk", str(DATA / "zendesk.json"), "--docs", "docs", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    after_first = _files(docs)
    imported = {}
    for rel, data in after_first.items():
        text = data.decode("utf-8")
        if rel.endswith(".md") and "imported_from:" in text:
            imported[text.split("  id: '", 1)[1].split("'", 1)[0]] = rel
    assert set(imported) == {str(a["id"]) for a in export["articles"]}, "every article is there"
    drafts = {str(a["id"]) for a in export["articles"] if a["draft"]}
    assert {i for i, rel in imported.items() if rel.startswith("_drafts/")} == drafts

    second = _kb("import", "zendesk", str(DATA / "zendesk.json"), "--docs", "docs", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "0 new, 0 updated" in second.stdout
    assert _files(docs) == after_first, "a second import adds and changes nothing"

    build = _kb("build", "--docs", "docs", cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    site = tmp_path / "site"
    client = TestClient(create_app(load_settings(ROOT, environ={}).with_paths(docs, site, tmp_path / "data"), site))
    for article in export["articles"]:
        if article["draft"]:
            continue
        rel = imported[str(article["id"])]
        page_url = "/" + rel.removesuffix(".md") + "/"
        old = "/" + article["html_url"].split("://", 1)[1].split("/", 1)[1]
        assert old.startswith("/hc/en-us/articles/")
        redirect_page = site / old.strip("/") / "index.html"
        assert redirect_page_target(redirect_page.read_bytes()) == page_url
        target = site / page_url.strip("/") / "index.html"
        assert article["title"].split()[0] in target.read_text(encoding="utf-8")
        for asked in (old, old + "/", f"/hc/en-us/articles/{article['id']}"):
            response = client.get(asked, follow_redirects=False)
            assert response.status_code == 301, asked
            assert response.headers["location"] == page_url
        landed = client.get(old)
        assert landed.status_code == 200 and article["title"].split()[0] in landed.text
        # an old section anchor (Zendesk's h_01…) is mapped to the heading's new anchor on the page
        if 'id="h_01' in article["body"]:
            old_anchor = article["body"].split('id="h_01', 1)[1].split('"', 1)[0]
            assert f'"h_01{old_anchor}":' in landed.text
