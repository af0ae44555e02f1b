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

from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport
from kb.importing.pages import html_text, id_and_name, integer, read_records, strings, text, unique_by_id

__all__ = ["read_helpscout"]


def read_helpscout(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("collections", "categories", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["collections"] + records["categories"]:
        found = id_and_name(record, errors, "name")
        if found is None:
            continue
        key, name = found
        parent = text(record, "collectionId") if record.kind == "categories" else ""
        position = integer(record, "order", 0)
        categories.append((key, ImportedCategory(key, name, text(record, "description"), parent or None, position)))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        found = id_and_name(record, errors, "name", "name", "title")
        if found is None:
            continue
        key, title = found
        body = html_text(record, errors, "text")
        if body is None:
            continue
        in_categories = strings(record.data.get("categories"))
        article = ImportedArticle(
            source="helpscout",
            id=key,
            title=title,
            body_html=body,
            url=text(record, "publicUrl", "url"),
            category_id=(in_categories[0] if in_categories else text(record, "collectionId")) or None,
            labels=strings(record.data.get("keywords")),
            position=integer(record, "number", 0),
            draft=text(record, "status") == "notpublished",
            updated=text(record, "updatedAt", "lastPublishedAt"),
        )
        articles.append((key, article))
    return ImportedExport("helpscout", tuple(unique_by_id(categories)), tuple(unique_by_id(articles)), tuple(errors))
