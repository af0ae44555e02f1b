"""update_front_matter: set or remove fields, keep everything else byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from kb.content import parse_article, split_front_matter, update_front_matter
from kb.errors import ContentError

TEXT = (
    "---\n"
    "title: 'Export: invoices'  # a comment\n"
    "summary: Open Billing and choose Export.\n"
    "tags:\n"
    "- billing\n"
    "- export\n"
    "\n"
    "updated: 2026-01-02\n"
    "---\n"
    "# Export: invoices\n\n## Steps\n\n---\n\nid: not-front-matter\n"
)


def body(text: str) -> str:
    return text[text.index("# Export") :]


def meta(text: str) -> dict[str, object]:
    fm, _body, _line = split_front_matter(text)
    assert fm is not None
    loaded = yaml.safe_load(fm)
    assert isinstance(loaded, dict)
    return loaded


def test_adds_a_field_last_and_keeps_the_rest_byte_identical() -> None:
    updated = update_front_matter(TEXT, {"verified": dt.date(2026, 11, 23)})
    assert updated == TEXT.replace("updated: 2026-01-02\n---", "updated: 2026-01-02\nverified: 2026-11-23\n---")
    assert meta(updated)["verified"] == dt.date(2026, 11, 23)


def test_replaces_a_field_in_place_and_keeps_order() -> None:
    updated = update_front_matter(TEXT, {"tags": ["billing"], "title": "New: title"})
    assert list(meta(updated)) == ["title", "summary", "tags", "updated"]
    assert "tags: [billing]\n\nupdated" in updated  # the blank line after the old block stays
    assert meta(updated)["title"] == "New: title"
    assert body(updated) == body(TEXT)


def test_removes_fields_and_ignores_missing_ones() -> None:
    updated = update_front_matter(TEXT, {"tags": None, "status": None})
    assert "billing" not in updated.split("---")[1]
    assert list(meta(updated)) == ["title", "summary", "updated"]
    assert body(updated) == body(TEXT)


def test_values_are_yaml_safe() -> None:
    tricky = "x: y # not a comment\n- and\n'quotes'"
    updated = update_front_matter(TEXT, {"summary": tricky, "redaction": {"email": 2}, "id": "yes"})
    loaded = meta(updated)
    assert loaded["summary"] == tricky and loaded["redaction"] == {"email": 2} and loaded["id"] == "yes"
    article, _problems = parse_article("billing/a.md", updated)
    assert article is not None and article.id == "yes"


def test_crlf_bom_and_no_change() -> None:
    text = "\ufeff---\r\ntitle: A\r\nsummary: B.\r\n---\r\n# A\r\nbody\r\n"
    updated = update_front_matter(text, {"id": "ab12c"})
    assert updated == "\ufeff---\r\ntitle: A\r\nsummary: B.\r\nid: ab12c\r\n---\r\n# A\r\nbody\r\n"
    assert update_front_matter(text, {}) == text


def test_text_without_front_matter_gets_one() -> None:
    assert update_front_matter("# A\n", {"id": "ab12c"}) == "---\nid: ab12c\n---\n# A\n"


@pytest.mark.parametrize(
    "text",
    ["---\ntitle: [unclosed\n---\n# A\n", "---\n- a list\n---\n# A\n", "---\ntitle: A\n# never closed\n"],
)
def test_broken_front_matter_is_refused(text: str) -> None:
    with pytest.raises(ContentError):
        update_front_matter(text, {"id": "ab12c"})


def test_field_written_in_an_unusual_form_is_refused_not_duplicated() -> None:
    with pytest.raises(ContentError, match="'title'"):
        update_front_matter('---\n"title": A\n---\n# A\n', {"title": "B"})
    with pytest.raises(ValueError):
        update_front_matter(TEXT, {"not a name": 1})
