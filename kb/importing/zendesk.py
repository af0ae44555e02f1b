"""Zendesk Guide: the Help Center API's categories, sections and articles.

Fields read (https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/):
categories and sections ``id``, ``name``, ``description``, ``position`` (sections also
``category_id``); articles ``id``, ``title``, ``body``, ``html_url``, ``section_id``,
``label_names``, ``position``, ``draft``, ``locale``, ``updated_at`` (``edited_at``).
"""

from __future__ import annotations

from pathlib import Path

from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport
from kb.importing.pages import html_text, id_and_name, integer, read_records, strings, text, unique_by_id

__all__ = ["read_zendesk"]


def read_zendesk(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("categories", "sections", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["categories"] + records["sections"]:
        found = id_and_name(record, errors, "name", "name", "title")
        if found is None:
            continue
        key, name = found
        parent = text(record, "category_id") if record.kind == "sections" else ""
        position = integer(record, "position", 0)
        categories.append((key, ImportedCategory(key, name, text(record, "description"), parent or None, position)))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        found = id_and_name(record, errors, "title", "title", "name")
        if found is None:
            continue
        key, title = found
        body = html_text(record, errors, "body")
        if body is None:
            continue
        article = ImportedArticle(
            source="zendesk",
            id=key,
            title=title,
            body_html=body,
            url=text(record, "html_url", "url"),
            category_id=text(record, "section_id", "category_id") or None,
            labels=strings(record.data.get("label_names")),
            position=integer(record, "position", 0),
            draft=record.data.get("draft") is True,
            updated=text(record, "updated_at", "edited_at"),
            locale=text(record, "locale"),
        )
        articles.append((key, article))
    return ImportedExport("zendesk", tuple(unique_by_id(categories)), tuple(unique_by_id(articles)), tuple(errors))
