"""The site at / is served from memory, and a page rewritten on disk (a publish) is served at once."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.testclient import TestClient

from kb.config import Settings
from search_api import create_app


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "billing" / "export").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Not here</h1>", encoding="utf-8")
    (site / "billing" / "export" / "index.html").write_text("<h1>Export v1</h1>", encoding="utf-8")
    return site


def test_pages_headers_redirects_and_404s(settings: Settings, tmp_path: Path) -> None:
    client = TestClient(create_app(settings, site_dir=_site(tmp_path)))
    page = client.get("/billing/export/")
    assert page.status_code == 200 and page.text == "<h1>Export v1</h1>"
    assert page.headers["content-type"].startswith("text/html") and page.headers["etag"]
    again = client.get("/billing/export/", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304
    moved = client.get("/billing/export", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"].endswith("/billing/export/")
    missing = client.get("/billing/nope/")
    assert missing.status_code == 404 and "Not here" in missing.text
    assert client.get("/../../etc/passwd").status_code == 404
    assert client.post("/billing/export/").status_code == 405


def test_a_rewritten_page_is_served_at_once(settings: Settings, tmp_path: Path) -> None:
    site = _site(tmp_path)
    client = TestClient(create_app(settings, site_dir=site))
    assert client.get("/billing/export/").text == "<h1>Export v1</h1>"
    page = site / "billing" / "export" / "index.html"
    page.write_text("<h1>Export v2, now longer</h1>", encoding="utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert client.get("/billing/export/").text == "<h1>Export v2, now longer</h1>"
