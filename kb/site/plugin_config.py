"""What kb's MkDocs plugin requires of the site's configuration and theme, checked at build time."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

__all__ = ["CALLOUTS", "check_template", "require_anchor_extensions", "support_url"]

#: GitHub's alerts ("> [!NOTE]"), also Obsidian's and docfx's syntax, shown as admonitions
#: (markdown-callouts, by a maintainer of MkDocs): docs written for GitHub read as written.
CALLOUTS = "github-callouts"

log = logging.getLogger("mkdocs.plugins.kb")


def check_template(env: jinja2.Environment, page: Page) -> None:
    """Material's ``template:`` names a theme template; one the theme lacks (often a project's
    custom_dir override) would stop the whole build, so the page falls back to main.html.
    (on_env runs after every page is read and before any is rendered, when the template is picked.)"""
    name = page.meta.get("template") if page.meta else None
    if not name:
        return
    try:
        env.get_template(str(name))
    except jinja2.TemplateNotFound:
        log.warning(
            f"kb: {page.file.src_uri}: template '{name}' is not in the theme, so the page uses main.html "
            "— add it to the theme's custom_dir or remove template: from the front matter"
        )
        page.meta.pop("template")


def support_url(config: MkDocsConfig) -> str:
    """The contact-support link of the Ask box: kb's ``support_url`` setting."""
    from kb.config import load_settings
    from kb.errors import ConfigError

    try:
        return load_settings(Path(config.config_file_path or ".").parent).support_url
    except ConfigError as exc:
        raise PluginError(str(exc)) from exc


def require_anchor_extensions(config: MkDocsConfig) -> None:
    """kb computes anchors like toc's default slugify; make sure the site does the same (and
    shows GitHub's alerts as admonitions: :data:`CALLOUTS`)."""
    extensions: list[str] = config.markdown_extensions
    mdx: dict[str, Any] = config.mdx_configs
    for name in ("toc", "attr_list", CALLOUTS):
        if name not in extensions:
            extensions.append(name)
    toc = mdx.setdefault("toc", {})
    if "slugify" in toc:
        raise PluginError(
            "kb: markdown_extensions toc 'slugify' must not be set: kb's anchors, links and "
            "search results use Python-Markdown's default slugify — remove the option"
        )
    toc.setdefault("permalink", True)
