"""kb build and kb serve: every problem reported, what cannot be built left out, the rest built."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kb.authoring import check_docs
from kb.cli import app
from kb.config import Settings
from kb.content import Problem
from kb.site import prepare
from tests.support.docs import WriteArticle, article_text

runner = CliRunner()

BROKEN_YAML = "---\ntitle: Broken: yes: no\nsummary: [unclosed\n---\n# Broken\n\nText.\n"


def kb(settings: Settings, *args: str) -> tuple[int, str, str]:
    """Run the kb CLI on the settings' folders; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(
        app,
        [*args, "--docs", str(settings.docs_dir)],
        env={"KB_DATA_DIR": str(settings.data_dir), "KB_SITE_DIR": str(settings.site_dir)},
    )
    return result.exit_code, result.stdout, result.stderr


def build(settings: Settings, *args: str) -> tuple[int, str, str]:
    return kb(settings, "build", "--site", str(settings.site_dir), *args)


@pytest.fixture
def mixed(write: WriteArticle) -> None:
    """A category with a good article, one with broken front matter and one that is not UTF-8."""
    write("billing/good.md", article_text(title="Export invoices"))
    write("billing/broken.md", BROKEN_YAML)
    write("billing/latin.md", "---\ntitle: Caf\xe9\nsummary: Bad bytes.\n---\n# Caf\xe9\n\nText.\n".encode("latin-1"))


def pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_build_leaves_out_unreadable_articles_and_builds_the_rest(settings: Settings, mixed: None) -> None:
    code, out, err = build(settings)
    assert code == 0, err
    assert "docs/billing/broken.md:2: front matter is not valid YAML" in err
    assert "docs/billing/latin.md:2: file is not valid UTF-8" in err
    left_out = "left out of the site and the index (they cannot be read): docs/billing/broken.md, docs/billing/latin.md"
    assert left_out in err
    assert (settings.site_dir / "billing" / "good" / "index.html").is_file()
    assert not (settings.site_dir / "billing" / "broken").exists()
    assert not (settings.site_dir / "billing" / "latin").exists()
    # The category page lists only what was built.
    listing = (settings.site_dir / "billing" / "index.html").read_text()
    assert "Export invoices" in listing and "Broken" not in listing
    assert out.strip().splitlines()[-1].endswith("; 0 warnings, 2 errors (see above)")


def test_strict_build_fails_on_any_error_and_builds_nothing(settings: Settings, mixed: None) -> None:
    code, _out, err = build(settings, "--strict")
    assert code == 1
    assert "docs/billing/broken.md:2: front matter is not valid YAML" in err
    assert "2 error(s) in the docs, so the site was not built (--strict)" in err
    assert "Traceback" not in err
    assert not (settings.site_dir / "index.html").exists()
    assert kb(settings, "check")[0] == 1


def test_strict_build_passes_with_warnings_only(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md", article_text(title="A", extra="colour: blue\n"))
    code, out, err = build(settings, "--strict")
    assert code == 0, err
    assert "unknown front matter field 'colour'" in err and "(warning)" in err
    assert out.strip().splitlines()[-1].endswith("; 1 warning, 0 errors (see above)")


def test_a_title_repeated_as_h2_is_a_warning_and_gets_the_sites_anchor(settings: Settings, write: WriteArticle) -> None:
    for number in range(5):
        write(f"billing/other-{number}.md", article_text(title=f"Other {number}"))
    body = "Lead.\n\n## Export invoices\n\nFirst.\n\n## Export invoices\n\nSecond.\n"
    write("billing/a.md", article_text(title="Export invoices", body=body))
    code, out, err = build(settings, "--strict")
    assert code == 0, err
    assert (
        "docs/billing/a.md:9: duplicate heading 'Export invoices' gets anchor 'export-invoices_1' — "
        "rename one of the headings or give it an explicit {#id} (warning)"
    ) in err
    html = (settings.site_dir / "billing" / "a" / "index.html").read_text()
    for anchor in ("export-invoices", "export-invoices_1", "export-invoices_2"):
        assert f'id="{anchor}"' in html
    assert len(pages(settings.site_dir) & {f"billing/other-{n}" for n in range(5)}) == 5
    manifest = yaml.safe_load((settings.docs_dir / "_permalinks.yml").read_text())
    assert {"export-invoices_1", "export-invoices_2"} <= set(manifest["pages"]["/billing/a/"]["anchors"])
    code, out, _err = kb(settings, "check")
    assert code == 0 and "no errors, 2 warning(s)" in out


def test_a_published_article_left_out_is_named_and_keeps_its_manifest_entry(
    settings: Settings, write: WriteArticle
) -> None:
    write("billing/good.md", article_text(title="Export invoices"))
    write("billing/other.md", article_text(title="Refund an invoice"))
    assert build(settings)[0] == 0  # published: recorded in the manifest
    write("billing/good.md", BROKEN_YAML)
    expected = "docs/billing/good.md:2: published page /billing/good/ is left out of the site because front matter"
    code, out, err = build(settings)
    assert code == 0
    assert expected in err
    assert "kb: " not in err  # reported once, by the check, not again by the MkDocs plugin
    assert not (settings.site_dir / "billing" / "good").exists()
    assert (settings.site_dir / "billing" / "other" / "index.html").is_file()
    code, out, _err = kb(settings, "check")
    assert code == 1 and expected in out
    manifest = yaml.safe_load((settings.docs_dir / "_permalinks.yml").read_text())
    assert "steps" in manifest["pages"]["/billing/good/"]["anchors"]


def test_serve_builds_what_build_builds_and_reports_the_same_problems(
    settings: Settings, tmp_path: Path, mixed: None, write: WriteArticle
) -> None:
    write("billing/dup.md", article_text(title="Dup", body="Lead.\n\n## Dup\n\nText.\n"))
    assert build(settings)[0] == 0
    reported: list[Problem] = []
    messages: list[str] = []
    site = prepare(settings.with_paths(site_dir=tmp_path / "other"), messages.append, reported.append)
    assert reported == check_docs(settings.docs_dir)
    assert {p.severity for p in reported} == {"error", "warning"}
    assert pages(site) == pages(settings.site_dir)
    assert "billing/dup" in pages(site) and "billing/broken" not in pages(site)
    assert messages[-1].endswith("; 1 warning, 2 errors")


def test_serve_builds_no_draft_pages_and_removes_an_old_preview(settings: Settings, write: WriteArticle) -> None:
    """Issue 14, finding 9: drafts are previewed in the agent UI, so kb serve's site never holds them."""
    write("billing/good.md", article_text(title="Export invoices"))
    write("_drafts/fine.md", article_text(title="Fine draft"))
    write("_drafts/bad.md", BROKEN_YAML)
    old = settings.data_dir / "preview" / "_drafts" / "fine"
    old.mkdir(parents=True)
    (old / "index.html").write_text("a draft built by an older kb")
    reported: list[Problem] = []
    messages: list[str] = []
    site = prepare(settings, messages.append, reported.append)
    assert "billing/good" in pages(site)
    assert not [page for page in pages(site) if page.startswith("_drafts")]
    assert not (settings.data_dir / "preview").exists() and "removed" in messages[0]
    assert any(p.path == "_drafts/bad.md" and p.severity == "error" for p in reported)  # kb check still says so


def test_build_shows_progress_as_plain_lines_when_not_on_a_terminal(settings: Settings, write: WriteArticle) -> None:
    for number in range(8):
        write(f"billing/a-{number}.md", article_text(title=f"Article {number}"))
    code, out, err = build(settings)
    assert code == 0, err
    lines = err.splitlines()
    built = len(pages(settings.site_dir))
    assert f"reading pages: 0/{built}" in lines and f"reading pages: {built}/{built} (100%)" in lines
    assert f"writing pages: {built}/{built} (100%)" in lines
    assert "indexing articles: 8/8 (100%)" in lines
    assert len([line for line in lines if line.startswith("writing pages")]) <= 5  # a few lines, not one per page
    assert out.strip().splitlines()[-1].startswith(f"built {built} pages in ")
    assert out.strip().splitlines()[-1].endswith("; no warnings or errors")


def test_index_shows_progress(settings: Settings, write: WriteArticle) -> None:
    for number in range(4):
        write(f"billing/a-{number}.md", article_text(title=f"Article {number}"))
    code, out, err = kb(settings, "index")
    assert code == 0, err
    assert "indexing articles: 0/4" in err.splitlines() and "indexing articles: 4/4 (100%)" in err.splitlines()
    assert "indexed 8 sections of 4 articles" in out


def test_serve_restart_leaves_out_an_article_that_broke_and_brings_it_back_when_fixed(
    settings: Settings, write: WriteArticle
) -> None:
    for number in range(4):
        write(f"billing/a-{number}.md", article_text(title=f"Article {number}"))

    def restart() -> set[str]:
        site = prepare(settings, lambda _message: None, lambda _problem: None)
        return pages(site)

    assert "billing/a-1" in restart()
    write("billing/a-1.md", BROKEN_YAML)
    assert "billing/a-1" not in restart()
    write("billing/a-2.md", article_text(title="Article 2", summary="Changed."))
    assert "billing/a-1" not in restart()  # a partial update keeps it out
    write("billing/a-1.md", article_text(title="Article 1"))
    assert "billing/a-1" in restart()
