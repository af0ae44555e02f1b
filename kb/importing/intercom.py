"""Intercom Articles: collections, sections and articles of the Help Center and Articles APIs.

Fields read (https://developers.intercom.com/docs/references/rest-api/api.intercom.io/articles):
collections and sections ``id``, ``name``, ``description``, ``order``, ``parent_id`` (a
section's collection, or a nested collection's parent); articles ``id``, ``title``, ``body``
(HTML), ``url``, ``parent_id`` (``parent_ids`` in newer versions), ``state`` (``draft``),
``updated_at`` (Unix seconds) and ``tags`` when present. Lists are ``{"type": "list", "data":
[...]}`` pages whose items carry their ``type``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport
from kb.importing.pages import (
    Record,
    html_text,
    id_and_name,
    integer,
    read_records,
    strings,
    text,
    unique_by_id,
)

__all__ = ["read_intercom"]


def _updated(record: Record) -> str:
    value = record.data.get("updated_at")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return dt.datetime.fromtimestamp(value, dt.UTC).isoformat().replace("+00:00", "Z")
    return text(record, "updated_at")


def _parent(record: Record) -> str:
    parent = text(record, "parent_id")
    if not parent:
        parents = strings(record.data.get("parent_ids"))
        parent = parents[0] if parents else ""
    return parent


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, dict):  # {"type": "tag.list", "tags": [{"name": ...}]}
        value = value.get("tags")
    return strings(value)


def read_intercom(path: Path) -> ImportedExport:
    records, errors = read_records(path, ("collections", "sections", "articles"))
    categories: list[tuple[str, ImportedCategory]] = []
    for record in records["collections"] + records["sections"]:
        found = id_and_name(record, errors, "name")
        if found is None:
            continue
        key, name = found
        position = integer(record, "order", 0)
        category = ImportedCategory(key, name, text(record, "description"), _parent(record) or None, position)
        categories.append((key, category))
    articles: list[tuple[str, ImportedArticle]] = []
    for record in records["articles"]:
        found = id_and_name(record, errors, "title")
        if found is None:
            continue
        key, title = found
        body = html_text(record, errors, "body")
        if body is None:
            continue
        article = ImportedArticle(
            source="intercom",
            id=key,
            title=title,
            body_html=body,
            url=text(record, "url"),
            category_id=_parent(record) or None,
            labels=_tags(record.data.get("tags")),
            draft=text(record, "state") == "draft",
            updated=_updated(record),
        )
        articles.append((key, article))
    return ImportedExport("intercom", tuple(unique_by_id(categories)), tuple(unique_by_id(articles)), tuple(errors))
