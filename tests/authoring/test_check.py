"""kb check over whole trees: every problem reported at once, located, with a fix; exit 1."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kb.authoring import check_docs
from kb.cli import app
from tests.support.docs import WriteArticle, article_text
from tests.support.paths import BUNDLED_DOCS

runner = CliRunner()


def messages(docs: Path) -> list[str]:
    return [str(p) for p in check_docs(docs)]


def test_bundled_docs_pass_check() -> None:
    result = runner.invoke(app, ["check", "--docs", str(BUNDLED_DOCS)])
    assert result.exit_code == 0, result.output
    assert "no errors" in result.output


def test_all_problems_are_reported_together(docs: Path, write: WriteArticle) -> None:
    write(
        "billing/a.md",
        article_text(
            title="A", extra="id: same-id\n", body="See [b](b.md#nowhere) and [c](c.md).\n\n## Steps\n"
        ),
    )
    write("billing/b.md", article_text(title="B", extra="id: same-id\n"))
    write("billing/empty.md", "")
    write("billing/latin1.md", "---\ntitle: Caf\xe9\n".encode("latin-1"))
    write("loose.md", article_text(title="Loose", body="See [the folder page](billing/index.md).\n"))
    write("billing/index.md", article_text(title="Index"))
    write("_drafts/d.md", article_text(title="Draft", summary="One. Two."))
    # Exactly these problems, each once, sorted by file and line: an extra or a lost one fails.
    assert [(str(p), p.severity) for p in check_docs(docs)] == [
        (
            "_drafts/d.md:3: summary has more than one sentence — keep only the one-sentence answer; "
            "move the rest into the article body",
            "error",
        ),
        (
            "billing/a.md:8: link to missing anchor '#nowhere' in 'billing/b.md' — use one of its anchors: steps",
            "error",
        ),
        (
            "billing/a.md:8: link to missing article 'c.md' — fix the path (it is relative to this file) "
            "or create the article",
            "error",
        ),
        (
            "billing/b.md:4: duplicate article id 'same-id', also used by billing/a.md — give this article "
            "a different id",
            "error",
        ),
        ("billing/empty.md:1: file is empty — write front matter with title and summary, then an H1", "error"),
        ("billing/latin1.md:2: file is not valid UTF-8 (byte 14) — re-save the file as UTF-8", "error"),
    ]
    found = messages(docs)
    # A top-level page and a folder's own index.md are pages like any other (as in MkDocs).
    assert not [m for m in found if m.startswith(("loose.md", "billing/index.md"))], found


def test_cli_prints_path_line_problem_hint_and_exits_1(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md", "---\ntitle: A\nsummary: One. Two.\n---\n# A\n")
    result = runner.invoke(app, ["check", "--docs", str(docs)])
    assert result.exit_code == 1
    assert "docs/billing/a.md:3: summary has more than one sentence — keep only the one-sentence" in result.output
    assert "Traceback" not in result.output


def test_missing_docs_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--docs", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "docs folder not found" in result.output


def test_links_to_existing_anchor_and_home_pass(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md", article_text(title="A", body="[b](../other/b.md#steps) [home](../index.md)\n"))
    write("other/b.md", article_text(title="B"))
    assert messages(docs) == []


def test_new_scaffolds_an_article_that_passes_check(docs: Path) -> None:
    result = runner.invoke(app, ["new", "Reset your password!", "--category", "Account", "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    created = docs / "account" / "reset-your-password.md"
    assert created.is_file()
    assert messages(docs) == []
    again = runner.invoke(app, ["new", "Reset your password!", "--category", "Account", "--docs", str(docs)])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_a_missing_anchor_on_a_long_page_suggests_the_closest_anchors(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    headings = "".join(f"## Question number {n}\n\nAnswer {n}.\n\n" for n in range(30))
    (docs / "faq").mkdir(parents=True)
    (docs / "faq" / "long.md").write_text(f"---\ntitle: Long\nsummary: Many questions.\n---\n# Long\n\n{headings}")
    (docs / "faq" / "link.md").write_text(
        "---\ntitle: Link\nsummary: A link.\n---\n# Link\n\nSee [it](long.md#question-number-3x).\n"
    )
    problems = [str(p) for p in check_docs(docs) if "missing anchor" in p.message]
    assert problems == [
        "faq/link.md:7: link to missing anchor '#question-number-3x' in 'faq/long.md' — did you mean "
        "question-number-3, question-number-23, question-number-13, question-number-9, question-number-8? "
        "(the page has 30 anchors)"
    ]
