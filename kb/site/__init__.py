"""The static site: MkDocs builds (full and partial), their state, the kb MkDocs plugin."""

from __future__ import annotations

from kb.site.build import SITE_LOCK, BuildResult, build_site, full_build, load_site_config, template_cache_dir
from kb.site.files import build_page_atomic, copy_atomic, delete_output, temp_path, update_redirect_pages, write_atomic
from kb.site.plugin import KBPlugin, category_page_uri, category_pages, file_inclusion
from kb.site.state import (
    Inclusion,
    Output,
    SiteState,
    forget_state,
    is_generated,
    kb_plugin,
    load_state,
    output_version,
    save_state,
    site_fingerprint,
    site_mark,
    site_outputs,
    state_path,
)
from kb.site.update import SiteUpdate, built_sites, update_site, update_sites

__all__ = [
    "SITE_LOCK",
    "BuildResult",
    "Inclusion",
    "KBPlugin",
    "Output",
    "SiteState",
    "SiteUpdate",
    "build_page_atomic",
    "build_site",
    "built_sites",
    "category_page_uri",
    "category_pages",
    "copy_atomic",
    "delete_output",
    "file_inclusion",
    "forget_state",
    "full_build",
    "is_generated",
    "kb_plugin",
    "load_site_config",
    "load_state",
    "output_version",
    "save_state",
    "site_fingerprint",
    "site_mark",
    "site_outputs",
    "state_path",
    "temp_path",
    "template_cache_dir",
    "update_redirect_pages",
    "update_site",
    "update_sites",
    "write_atomic",
]
