"""A ``nav`` from mkdocs.yml applied to kb's categories: their titles and their order.

kb's left nav lists categories, never articles, so a project's own nav cannot be used as it is.
What it says about folders is kept: a nav section maps to a folder when it holds the folder's
``index.md`` or when all its pages sit in that one folder, and the section's title and position
become the category's. Pages the nav does not mention still build; so do categories it does not
mention (after the others, in kb's own order).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from kb.content import Catalog, Category

__all__ = ["apply_nav", "nav_sections"]


def _entries(items: Any) -> Iterator[tuple[str | None, Any]]:
    """(title or None, value) of each nav item; a value is a page path or a list of items."""
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, str):
            yield None, item
        elif isinstance(item, Mapping):
            for title, value in item.items():
                yield (str(title) if title is not None else None), value


def _folder(value: list[Any]) -> str | None:
    """The folder a nav section stands for, or None."""
    pages = [v for _, v in _entries(value) if isinstance(v, str) and v.endswith(".md") and "://" not in v]
    for page in pages:
        folder, _, name = page.rpartition("/")
        if folder and name in ("index.md", "README.md"):
            return folder
    folders = {page.rpartition("/")[0] for page in pages}
    if len(folders) == 1:
        only = folders.pop()
        return only or None
    return None


def nav_sections(nav: Any) -> dict[str, tuple[str, int]]:
    """Folder → (nav section title, position of the section in the nav, depth first)."""
    found: dict[str, tuple[str, int]] = {}
    position = 0

    def visit(items: Any) -> None:
        nonlocal position
        for title, value in _entries(items):
            if not isinstance(value, list):
                continue
            position += 1
            folder = _folder(value)
            if folder is not None and title and folder not in found:
                found[folder] = (title, position)
            visit(value)

    visit(nav)
    return found


def _first_position(category: Category, sections: Mapping[str, tuple[str, int]]) -> int | None:
    """Where the nav first mentions this category or one of its sub-categories."""
    positions = [sections[c.slug][1] for c in category.walk() if c.slug in sections]
    return min(positions) if positions else None


def _apply(categories: tuple[Category, ...], sections: Mapping[str, tuple[str, int]]) -> tuple[Category, ...]:
    updated: list[tuple[int, int, Category]] = []
    for index, category in enumerate(categories):
        title = sections[category.slug][0] if category.slug in sections else category.title
        position = _first_position(category, sections)
        subs = _apply(category.subcategories, sections)
        order = position if position is not None else category.order
        changed = dataclasses.replace(category, title=title, order=order, subcategories=subs)
        # In the nav first (by position), then the others in the order kb gave them.
        updated.append((0 if position is not None else 1, order if position is not None else index, changed))
    updated.sort(key=lambda entry: (entry[0], entry[1]))
    return tuple(category for _, _, category in updated)


def apply_nav(catalog: Catalog, nav: Any) -> Catalog:
    """``catalog`` with the titles and order ``nav`` (mkdocs.yml's, as loaded) gives its categories."""
    sections = nav_sections(nav)
    if not sections:
        return catalog
    return dataclasses.replace(catalog, categories=_apply(catalog.categories, sections))
