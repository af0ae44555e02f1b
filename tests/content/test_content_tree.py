"""kb.content.tree: the docs-tree rules, and paths as people give them (a path, a file, a page URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.content import category_folders, docs_path, is_published_path
from kb.errors import InputError


@pytest.mark.parametrize(
    "given",
    [
        "billing/export.md",
        " billing/export.md ",
        "billing/export",
        "/billing/export/",
        "billing/export/",
        "https://help.example.com/billing/export/#steps",
        "http://localhost:8000/billing/export/?q=x",
        "billing/../billing/export.md",
    ],
)
def test_every_way_to_name_an_article_gives_its_docs_path(tmp_path: Path, given: str) -> None:
    assert docs_path(tmp_path, given) == "billing/export.md"


def test_a_file_path_inside_the_docs_folder_is_made_relative(tmp_path: Path) -> None:
    (tmp_path / "billing").mkdir()
    file = tmp_path / "billing" / "export.md"
    file.write_text("x")
    assert docs_path(tmp_path, str(file)) == "billing/export.md"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("../secret.md", "outside the docs folder"),
        ("/elsewhere/x.md", "outside the docs folder"),
        ("", "outside the docs folder"),
        ("billing/picture.png", "not a Markdown file"),
    ],
)
def test_paths_outside_the_docs_or_not_markdown_are_refused(tmp_path: Path, given: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        docs_path(tmp_path, given)


def test_published_paths_and_categories_follow_one_rule(tmp_path: Path) -> None:
    for folder in ("billing", "_drafts", ".git", "accounts"):
        (tmp_path / folder).mkdir()
    assert category_folders(tmp_path) == ["accounts", "billing"]
    assert is_published_path("billing/a.md") and is_published_path("top.md")
    for path in ("index.md", "_drafts/a.md", "billing/_hidden.md", ".git/a.md", "billing/a.txt", ""):
        assert not is_published_path(path), path

