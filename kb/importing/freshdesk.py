"""Freshdesk Solutions: categories, folders and articles of the Solutions API (v2).

Fields read (https://developers.freshdesk.com/api/#solutions): categories ``id``, ``name``,
``description``, ``position``; folders ``id``, ``name``, ``description``, ``category_id``
(``parent_folder_id`` for a sub-folder), ``position``; articles ``id``, ``title``,
``description`` (the HTML body), ``folder_id``, ``tags``, ``status`` (1 draft, 2 published),
``position``, ``updated_at``. The API gives no article URL: the portal's
``/support/solutions/articles/{id}-{title}`` is used unless the record has ``url``.
"""

from __future__ import annotations

from pathlib import Path

from kb.content import slug
from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport
from kb.importing.pages import html_text, id_and_name, integer, read_records, strings, text, unique_by_id

__all__ = ["read_freshdesk"]


def read_freshdesk(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("categories", "folders", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["categories"] + records["folders"]:
        found = id_and_name(record, errors, "name")
        if found is None:
            continue
        key, name = found
        parent = text(record, "parent_folder_id", "category_id") if record.kind == "folders" else ""
        position = integer(record, "position", 0)
        categories.append((key, ImportedCategory(key, name, text(record, "description"), parent or None, position)))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        found = id_and_name(record, errors, "title")
        if found is None:
            continue
        key, title = found
        body = html_text(record, errors, "description")
        if body is None:
            continue
        url = text(record, "url") or f"/support/solutions/articles/{key}-{slug(title)}"
        article = ImportedArticle(
            source="freshdesk",
            id=key,
            title=title,
            body_html=body,
            url=url,
            category_id=text(record, "folder_id", "category_id") or None,
            labels=strings(record.data.get("tags")),
            position=integer(record, "position", 0),
            draft=integer(record, "status", 2) == 1,
            updated=text(record, "updated_at"),
        )
        articles.append((key, article))
    return ImportedExport("freshdesk", tuple(unique_by_id(categories)), tuple(unique_by_id(articles)), tuple(errors))
