"""kb move: a moved or renamed article keeps every address working and its links rebased; refusals change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.authoring import check_docs, has_errors
from kb.cli import app
from kb.errors import ConflictError, InputError, NotFoundError
from kb.permalinks import (
    PageRecord,
    move_article,
    read_manifest,
)
from tests.permalinks.conftest import BODY
from tests.support.docs import WriteArticle, article_text
from tests.support.paths import BUNDLED_DOCS

runner = CliRunner()


def errors(docs: Path) -> list[str]:
    return [str(p) for p in check_docs(docs) if p.severity == "error"]


def test_move_keeps_every_address_working(published: Path, write: WriteArticle) -> None:
    write("other/linked.md", article_text(title="Linked", body="[e](../billing/export.md#steps)\n"))
    write("billing/export.md", article_text(title="Export", extra="id: exp01\n", body=BODY + "[r](refunds.md)\n"))
    result = runner.invoke(app, ["move", "billing/export.md", "guides/export-invoices.md", "--docs", str(published)])
    assert result.exit_code == 0, result.output
    assert "/billing/export/ now redirects to /guides/export-invoices/" in result.output
    assert "docs/other/linked.md:7" in result.output  # a link to update
    moved = (published / "guides/export-invoices.md").read_text()
    assert "id: exp01" in moved and "[r](../billing/refunds.md)" in moved  # own links rebased
    assert not (published / "billing/export.md").exists()
    found = errors(published)
    assert found == [
        "other/linked.md:7: link to missing article '../billing/export.md' — the article moved to "
        "guides/export-invoices.md: link to ../guides/export-invoices.md"
    ]
    write("other/linked.md", article_text(title="Linked", body="[e](../guides/export-invoices.md#steps)\n"))
    assert errors(published) == []
    manifest, _ = read_manifest(published)
    assert manifest.redirects == {"/billing/export/": "/guides/export-invoices/"}
    assert manifest.pages["/guides/export-invoices/"] == PageRecord("exp01", {"steps", "why-it-fails"})
    assert "/billing/export/" not in manifest.pages


def test_moves_chain_and_can_come_back(published: Path) -> None:
    move_article(published, "billing/export.md", "billing/b.md")
    move_article(published, "billing/b.md", "billing/c.md")
    manifest, _ = read_manifest(published)
    assert manifest.redirects == {"/billing/export/": "/billing/c/", "/billing/b/": "/billing/c/"}
    move_article(published, "billing/c.md", "billing/export.md")
    manifest, _ = read_manifest(published)
    assert manifest.redirects == {"/billing/b/": "/billing/export/", "/billing/c/": "/billing/export/"}
    assert errors(published) == []


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        ("billing/export.md", "billing/refunds.md", ConflictError, "already exists"),
        ("billing/missing.md", "billing/new.md", NotFoundError, "no such article"),
        ("billing/export.md", "../outside.md", InputError, "outside the docs folder"),
        ("billing/export.md", "/elsewhere/x.md", InputError, "outside the docs folder"),
        ("billing/export.md", "_drafts/x.md", InputError, "drafts"),
        ("billing/export.md", "billing/_x.md", InputError, "drafts"),
        ("billing/export.md", "top.md", InputError, "category folder"),
        ("billing/export.md", "billing/index.md", InputError, "reserved"),
        ("billing/export.md", "s/x.md", InputError, "short links"),
        ("billing/export.md", "billing/x.txt", InputError, "not a Markdown file"),
        ("billing/export.md", "billing/export.md", InputError, "already is"),
    ],
)
def test_move_refusals_change_nothing(
    published: Path, old: str, new: str, error: type[Exception], message: str
) -> None:
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
    with pytest.raises(error, match=message):
        move_article(published, old, new)
    assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before


def test_move_of_a_draft_is_refused(published: Path, write: WriteArticle) -> None:
    write("_drafts/d.md")
    with pytest.raises(InputError, match="not a published article"):
        move_article(published, "_drafts/d.md", "billing/d.md")
    result = runner.invoke(app, ["move", "billing/nope.md", "billing/x.md", "--docs", str(published)])
    assert result.exit_code == 1 and "error: billing/nope.md: no such article" in result.output


def test_bundled_copy_builds_and_checks_clean_after_a_move(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    move_article(docs, "agents/reject-a-draft.md", "writers/reject-a-draft.md")
    problems = check_docs(docs)
    assert not has_errors(problems), [str(p) for p in problems]


def test_move_rebases_its_own_links_but_not_code(docs: Path, write: WriteArticle) -> None:
    write("billing/refunds.md")
    body = (
        'See [r](refunds.md#steps "t"), [again](<refunds.md>) and `[c](refunds.md)`.\n\n'
        "[ref]: refunds.md\n\n```\n[x](refunds.md)\n```\n[home](../index.md) [self](#steps)\n\n## Steps\n"
    )
    write("billing/a.md", article_text(title="A", body=body))
    move_article(docs, "billing/a.md", "guides/deep/a.md")
    moved = (docs / "guides/deep/a.md").read_text()
    assert moved == article_text(
        title="A",
        body=body.replace("](refunds.md#", "](../../billing/refunds.md#")
        .replace("(<refunds.md>)", "(<../../billing/refunds.md>)")
        .replace("[ref]: refunds.md", "[ref]: ../../billing/refunds.md")
        .replace("(../index.md)", "(../../index.md)"),
    )
    assert errors(docs) == []
    assert not (docs / "billing" / "a.md").exists()
