"""Zendesk Guide: the Help Center API's categories, sections and articles.

Fields read (https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/):
categories and sections ``id``, ``name``, ``description``, ``position`` (sections also
``category_id``); articles ``id``, ``title``, ``body``, ``html_url``, ``section_id``,
``label_names``, ``position``, ``draft``, ``locale``, ``updated_at`` (``edited_at``).
"""

from __future__ import annotations

from pathlib import Path

from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport, RecordError
from kb.importing.pages import integer, read_records, required, strings, text, unique_by_id

__all__ = ["read_zendesk"]


def read_zendesk(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("categories", "sections", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["categories"] + records["sections"]:
        key, name = required(record, "id"), required(record, "name", "name", "title")
        if isinstance(key, RecordError):
            errors.append(key)
            continue
        if isinstance(name, RecordError):
            errors.append(name)
            continue
        parent = text(record, "category_id") if record.kind == "sections" else ""
        position = integer(record, "position", 0)
        categories.append((key, ImportedCategory(key, name, text(record, "description"), parent or None, position)))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        key, title = required(record, "id"), required(record, "title", "title", "name")
        if isinstance(key, RecordError):
            errors.append(key)
            continue
        if isinstance(title, RecordError):
            errors.append(title)
            continue
        body = record.data.get("body")
        if body is not None and not isinstance(body, str):
            errors.append(RecordError(record.where, "field 'body' must be HTML text", "export the article again"))
            continue
        article = ImportedArticle(
            source="zendesk",
            id=key,
            title=title,
            body_html=body or "",
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
