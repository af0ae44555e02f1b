"""kb.content.tree: the docs-tree rules, and paths as people give them (a path, a file, a page URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.content import category_folders, docs_path, is_published_path, load_catalog
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



def test_docs_with_no_article_say_which_underscore_folder_holds_their_markdown(tmp_path: Path) -> None:
    # A Jekyll site keeps its pages in _docs/: pointed at it as it is, kb says why nothing is published.
    for path in ("_docs/a/x.md", "_docs/y.md", "_drafts/d.md", ".git/notes.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("# Page\n\nText.\n")
    catalog = load_catalog(tmp_path)
    assert catalog.articles == ()
    [warning] = [p for p in catalog.problems if "no article" in p.message]
    assert warning.severity == "warning" and warning.path == "_docs/a/x.md"
    assert "the folder '_docs/' holds 2 Markdown files kb does not publish" in warning.message
    assert "rename it without the _" in warning.hint


def test_an_underscore_folder_beside_articles_is_not_reported(tmp_path: Path) -> None:
    # Snippets included into pages (pymdownx.snippets) often live in _snippets/: nothing to say.
    for path in ("billing/a.md", "_snippets/note.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("---\ntitle: A\nsummary: A.\n---\n# A\n\nText.\n")
    assert not [p for p in load_catalog(tmp_path).problems if "no article" in p.message]
