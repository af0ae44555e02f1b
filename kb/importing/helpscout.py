"""Help Scout Docs: collections, categories and articles of the Docs API.

Fields read (https://developer.helpscout.com/docs-api/): collections ``id``, ``name``,
``description``, ``order``; categories ``id``, ``collectionId``, ``name``, ``description``,
``order``; articles ``id``, ``name``, ``text`` (the HTML body), ``publicUrl``, ``categories``
(ids; the first is used, else ``collectionId``), ``keywords``, ``status`` (``notpublished`` is a
draft), ``updatedAt``. Lists may be ``{"articles": {"items": [...]}}`` pages or single
``{"article": {...}}`` responses.
"""

from __future__ import annotations

from pathlib import Path

from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport, RecordError
from kb.importing.pages import integer, read_records, required, strings, text, unique_by_id

__all__ = ["read_helpscout"]


def read_helpscout(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("collections", "categories", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["collections"] + records["categories"]:
        key, name = required(record, "id"), required(record, "name")
        if isinstance(key, RecordError):
            errors.append(key)
            continue
        if isinstance(name, RecordError):
            errors.append(name)
            continue
        parent = text(record, "collectionId") if record.kind == "categories" else ""
        position = integer(record, "order", 0)
        categories.append((key, ImportedCategory(key, name, text(record, "description"), parent or None, position)))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        key, title = required(record, "id"), required(record, "name", "name", "title")
        if isinstance(key, RecordError):
            errors.append(key)
            continue
        if isinstance(title, RecordError):
            errors.append(title)
            continue
        body = record.data.get("text")
        if body is not None and not isinstance(body, str):
            errors.append(RecordError(record.where, "field 'text' must be HTML text", "export the article again"))
            continue
        in_categories = strings(record.data.get("categories"))
        article = ImportedArticle(
            source="helpscout",
            id=key,
            title=title,
            body_html=body or "",
            url=text(record, "publicUrl", "url"),
            category_id=(in_categories[0] if in_categories else text(record, "collectionId")) or None,
            labels=strings(record.data.get("keywords")),
            position=integer(record, "number", 0),
            draft=text(record, "status") == "notpublished",
            updated=text(record, "updatedAt", "lastPublishedAt"),
        )
        articles.append((key, article))
    return ImportedExport("helpscout", tuple(unique_by_id(categories)), tuple(unique_by_id(articles)), tuple(errors))
