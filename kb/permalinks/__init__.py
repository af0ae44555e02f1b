"""Links that never break: the manifest of everything published, the contract, moves, redirects."""

from __future__ import annotations

from kb.permalinks.contract import (
    add_page_redirect,
    load_manifest,
    manifest_lock,
    manifest_problems,
    new_article_id,
    page_path,
    page_url,
    read_manifest,
    record_articles,
    record_published,
)
from kb.permalinks.manifest import MANIFEST_FILE, Manifest, PageRecord, dump_manifest, follow_redirects, parse_manifest
from kb.permalinks.moves import load_published, move_article, redirect_anchor, redirect_page
from kb.permalinks.redirect_pages import (
    anchor_maps,
    anchor_script,
    redirect_file,
    redirect_html,
    redirect_page_target,
    redirect_targets,
    write_redirect_pages,
)

__all__ = [
    "MANIFEST_FILE",
    "Manifest",
    "PageRecord",
    "add_page_redirect",
    "anchor_maps",
    "anchor_script",
    "dump_manifest",
    "follow_redirects",
    "load_manifest",
    "load_published",
    "manifest_lock",
    "manifest_problems",
    "move_article",
    "new_article_id",
    "page_path",
    "page_url",
    "parse_manifest",
    "read_manifest",
    "record_articles",
    "record_published",
    "redirect_anchor",
    "redirect_file",
    "redirect_html",
    "redirect_page",
    "redirect_page_target",
    "redirect_targets",
    "write_redirect_pages",
]
