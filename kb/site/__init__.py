"""The static site: MkDocs builds (full and partial), their state, the kb MkDocs plugin."""

from __future__ import annotations

from kb.site.build import BuildResult, build_site
from kb.site.follow import Followed, Follower, announce, follow_once, replica_name, start_mark
from kb.site.markdown import render_markdown
from kb.site.nav import apply_nav, nav_sections
from kb.site.pipeline import BuildReport, build_docs, docs_fingerprint
from kb.site.preview import prepare
from kb.site.state import KB_MODULES, state_path
from kb.site.update import update_site, update_sites

__all__ = [
    "KB_MODULES",
    "BuildReport",
    "BuildResult",
    "Followed",
    "Follower",
    "announce",
    "apply_nav",
    "build_docs",
    "build_site",
    "docs_fingerprint",
    "follow_once",
    "nav_sections",
    "prepare",
    "render_markdown",
    "replica_name",
    "start_mark",
    "state_path",
    "update_site",
    "update_sites",
]
