"""The neutral model every vendor export is read into: categories, articles and per-record errors.

Each vendor module turns its API's list-endpoint JSON into these values; conversion, planning and
writing never look at a vendor's field names again.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCES", "ImportedArticle", "ImportedCategory", "ImportedExport", "RecordError"]

#: The help centres kb imports from (the SOURCE argument of ``kb import``).
SOURCES = ("zendesk", "freshdesk", "helpscout", "intercom")


@dataclass(frozen=True)
class ImportedCategory:
    """A category (or a section, folder or collection) of the old help centre.

    ``parent_id`` is set for a second-level group (a Zendesk section inside its category, a Help
    Scout category inside its collection). ``position`` is the vendor's order among siblings."""

    id: str
    name: str
    description: str = ""
    parent_id: str | None = None
    position: int = 0


@dataclass(frozen=True)
class ImportedArticle:
    """One article as the vendor's API returned it; ``body_html`` is the vendor's HTML, untouched."""

    source: str
    id: str
    title: str
    body_html: str
    url: str
    category_id: str | None
    labels: tuple[str, ...] = ()
    position: int = 0
    draft: bool = False
    updated: str = ""
    locale: str = ""


@dataclass(frozen=True)
class RecordError:
    """A record that cannot be imported: where it is (file, index) and what is wrong with it."""

    where: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class ImportedExport:
    """Everything read from one export: categories in order, articles, and the records left out."""

    source: str
    categories: tuple[ImportedCategory, ...]
    articles: tuple[ImportedArticle, ...]
    errors: tuple[RecordError, ...] = ()
