"""Every private MkDocs function kb calls, in one place, with the MkDocs versions they are known for.

kb updates a built site page by page after a publish (``kb.site.update``): a second later the
article is live, where a full ``mkdocs build`` of 10,000 articles takes most of a minute. MkDocs'
public API builds only whole sites, so a partial update renders each page with the functions a
full build uses, and gets byte-identical pages (tests/site/test_site_update.py checks it):

- ``mkdocs.commands.build._populate_page``: read and render one page's Markdown, with the plugin
  events ``on_page_markdown`` and ``on_page_content``;
- ``mkdocs.commands.build._build_page``: write one page through the theme, with ``on_page_context``
  and ``on_post_page``;
- ``mkdocs.commands.build._build_theme_template``: write one theme template (``sitemap.xml``);
- ``mkdocs.structure.nav._data_to_navigation``, ``_get_by_type``, ``_add_previous_and_next_links``
  and ``_add_parent_links``: the navigation of a configured ``nav`` without creating a Page for
  every one of 10,000 articles, as the public ``get_navigation`` does (a 2-second difference).

tests/site/test_mkdocs_internals.py pins :data:`SUPPORTED` to the installed MkDocs and checks that
each name still exists and takes the arguments kb passes; pyproject.toml pins mkdocs below 2.
"""

from __future__ import annotations

from typing import Any

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.structure.files import Files
from mkdocs.structure.nav import (
    Navigation,
    _add_parent_links,
    _add_previous_and_next_links,
    _data_to_navigation,
    _get_by_type,
    get_navigation,
)
from mkdocs.structure.pages import Page

__all__ = ["SUPPORTED", "build_page", "build_theme_template", "configured_navigation", "populate_page"]

#: The MkDocs versions (major, minor) whose private functions these wrappers are known to match.
SUPPORTED = ((1, 6),)

#: The private functions, by what kb calls them; the test checks each signature.
populate_page = _populate_page
build_page = _build_page
build_theme_template = _build_theme_template


def configured_navigation(files: Files, config: Any) -> Navigation:
    """The site navigation without a Page object for every article (get_navigation makes 10,000)."""
    if config.nav is None:
        return get_navigation(files, config)
    items = _data_to_navigation(config.nav, files, config)
    if not isinstance(items, list):
        items = [items]
    pages = _get_by_type(items, Page)
    _add_previous_and_next_links(pages)
    _add_parent_links(items)
    return Navigation(items, pages)
