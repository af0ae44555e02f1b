"""Redirects in the built site that work on any static host, and anchor maps for renamed headings.

A redirect is a tiny HTML page at the old address: a script that keeps the ``#fragment``
(``location.replace(target + location.hash)``), a meta refresh for browsers without script,
and a canonical link for search engines. Page redirects come from the permalink manifest;
short links ``/s/{id}/`` are the same kind of page, one per article id.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path

from kb.content import Article
from kb.permalinks.contract import Manifest, page_url, short_link
from kb.permalinks.manifest import follow_redirects

__all__ = [
    "anchor_maps",
    "anchor_script",
    "redirect_file",
    "redirect_html",
    "redirect_page_target",
    "redirect_targets",
    "write_redirect_pages",
]

ANCHOR_DATA_ID = "kb-anchor-redirects"
#: Names the site path a redirect page leads to, so a server (``kb serve``) can answer 301 instead.
_TARGET_META = '<meta name="kb-redirect" content="'
_REDIRECT_START = b"<!doctype html>\n"


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no tag or comment can be closed from it)."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def redirect_html(source: str, target: str, site_url: str = "") -> str:
    """The page at URL ``source`` that sends the reader (and the fragment) on to URL ``target``."""
    relative = posixpath.relpath(target, source) if target != source else "."
    relative = "./" if relative == "." else relative.rstrip("/") + "/"
    canonical = site_url.rstrip("/") + target if site_url.startswith(("http://", "https://")) else relative
    href = html.escape(relative, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Redirecting…</title>\n'
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'{_TARGET_META}{html.escape(target, quote=True)}">\n'
        f"<script>location.replace({_script_json(relative)} + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'</head>\n<body>\n<p>This page has moved to <a href="{href}">{href}</a>.</p>\n</body>\n</html>\n'
    )


def redirect_page_target(page: bytes) -> str | None:
    """The site path (``/a/b/``) a redirect page written by :func:`redirect_html` leads to, else None."""
    if not page.startswith(_REDIRECT_START) or len(page) > 8192:
        return None
    text = page.decode("utf-8", "replace")
    start = text.find(_TARGET_META)
    if start < 0:
        return None
    start += len(_TARGET_META)
    end = text.find('"', start)
    target = html.unescape(text[start:end]) if end > start else ""
    return target if target.startswith("/") and not target.startswith("//") else None


def redirect_targets(manifest: Manifest, articles: Iterable[Article]) -> dict[str, str]:
    """Every redirect page to write: old URL or short link → the live page URL it leads to."""
    live = {page_url(a.path): a for a in articles}
    targets: dict[str, str] = {}
    for source in manifest.redirects:
        final = manifest.resolve_page(source)
        if source not in live and final in live:
            targets[source] = final
    by_id: dict[str, str] = {}
    for url, record in manifest.pages.items():
        final = manifest.resolve_page(url)
        if record.id and final in live:
            by_id.setdefault(record.id, final)  # a retired id keeps leading to where its page went
    for url, article in live.items():
        if article.id:
            by_id[article.id] = url
    for article_id, url in by_id.items():
        targets[short_link(article_id)] = url
    return targets


def redirect_file(site_dir: Path, source: str) -> Path | None:
    """The file of the redirect page for ``source`` (``/a/b/`` → ``a/b/index.html``), or None when
    the address would leave the site folder (``/../x/``): nothing is ever written outside it."""
    parts = [part for part in source.strip("/").split("/") if part]
    if not parts or any(part in (".", "..") or "\\" in part for part in parts):
        return None
    file = site_dir.joinpath(*parts, "index.html")
    return file if file.resolve().is_relative_to(site_dir.resolve()) else None


def write_redirect_pages(site_dir: Path, targets: Mapping[str, str], site_url: str = "") -> int:
    """Write one redirect page per entry; a real page already at that address wins. Returns the count."""
    written = 0
    for source, target in targets.items():
        file = redirect_file(site_dir, source)
        if file is None or file.exists():
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(redirect_html(source, target, site_url), encoding="utf-8")
        written += 1
    return written


def anchor_maps(manifest: Manifest) -> dict[str, dict[str, str]]:
    """Live page URL → {old anchor: the anchor it leads to}, chains followed, for the page script."""
    maps: dict[str, dict[str, str]] = {}
    for url, mapping in manifest.anchor_redirects.items():
        merged = maps.setdefault(manifest.resolve_page(url), {})
        for old in mapping:
            merged.setdefault(old, follow_redirects(mapping, old))
    return {url: m for url, m in maps.items() if m}


def anchor_script(mapping: Mapping[str, str]) -> str:
    """The data element kb's permalinks.js reads to send an old ``#anchor`` to its new one."""
    return f'<script type="application/json" id="{ANCHOR_DATA_ID}">{_script_json(dict(mapping))}</script>'
