"""Markdown rendered exactly as the site renders it: the extensions of the site's own MkDocs config.

The agent UI's preview uses this, so a draft looks in the editor as it will on the site, whatever
extensions mkdocs.yml lists (an admonition, a details block, a heading's ``{#id}``). Raw HTML passes
through Markdown untouched: :func:`render_markdown` sanitises with the site's own sanitiser.
"""

from __future__ import annotations

from typing import Any

import markdown

from kb.config import Settings
from kb.site.build import load_site_config
from kb.site.plugin_config import CALLOUTS
from kb.site.sanitize import sanitize_html

__all__ = ["render_markdown", "site_markdown_extensions"]


def site_markdown_extensions(settings: Settings) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their configs the site builds with (MkDocs' own defaults included).

    Read from the config file each time (about 6 ms), so an edited mkdocs.yml counts at once.
    """
    config = load_site_config(settings)
    extensions = list(config.markdown_extensions)
    if CALLOUTS not in extensions:  # as the kb plugin adds it to every build
        extensions.append(CALLOUTS)
    return extensions, {name: dict(value) for name, value in config.mdx_configs.items()}


def render_markdown(settings: Settings, text: str) -> str:
    """``text`` as the site's HTML for it, sanitised."""
    extensions, configs = site_markdown_extensions(settings)
    return sanitize_html(markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text))
