"""The permalink contract: manifest, kb check, kb move, redirects, short links, anchor maps."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kb.permalinks.contract
from kb.authoring import check_docs
from kb.cli import app
from kb.config import Settings
from kb.content import load_catalog, parse_article
from kb.errors import ContentError, InputError
from kb.permalinks import (
    MANIFEST_FILE,
    Manifest,
    PageRecord,
    add_page_redirect,
    anchor_maps,
    anchor_script,
    dump_manifest,
    manifest_problems,
    move_article,
    new_article_id,
    parse_manifest,
    read_manifest,
    record_articles,
    record_published,
    redirect_anchor,
    redirect_html,
    redirect_page,
    redirect_targets,
)
from kb.site import build_site
from tests.support.docs import WriteArticle, article_text
from tests.support.paths import BUNDLED_DOCS

runner = CliRunner()


def errors(docs: Path) -> list[str]:
    return [str(p) for p in check_docs(docs) if p.severity == "error"]


# -- ids -------------------------------------------------------------------------------------


def test_new_article_id_is_short_fresh_and_yaml_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = {new_article_id(set()) for _ in range(200)}
    assert all(re.fullmatch(r"[a-z][a-z0-9]{4}", i) for i in ids)
    letters = iter("abcdeabcdefghij")
    monkeypatch.setattr(kb.permalinks.contract.secrets, "choice", lambda _alphabet: next(letters))
    assert new_article_id({"abcde"}) == "fghij"


def test_bundled_articles_all_have_unique_ids() -> None:
    catalog = load_catalog(BUNDLED_DOCS)
    ids = [a.id for a in catalog.articles]
    missing = [a.path for a in catalog.articles if not a.id]
    assert not missing, f"add an id to {missing}, e.g. id: {new_article_id({i for i in ids if i})}"
    assert len(set(ids)) == len(ids)


def test_bundled_manifest_is_readable_and_nothing_disappeared() -> None:
    manifest, problems = read_manifest(BUNDLED_DOCS)
    assert problems == []
    assert len(manifest.pages) >= 30
    assert manifest_problems(manifest, load_catalog(BUNDLED_DOCS)) == []


def test_record_published_can_record_just_one_article(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md")
    write("billing/b.md", article_text(title="B"))
    article, _ = parse_article("billing/b.md", article_text(title="B"))
    assert article is not None
    assert record_published(docs, [article])
    assert set(read_manifest(docs)[0].pages) == {"/billing/b/"}
    assert not record_published(docs, [article])


# -- the manifest ----------------------------------------------------------------------------


def test_record_adds_only_and_round_trips(published: Path) -> None:
    manifest, problems = read_manifest(published)
    assert problems == []
    assert manifest.pages["/billing/export/"] == PageRecord("exp01", {"steps", "why-it-fails"})
    article, _ = parse_article("billing/export.md", article_text(title="Export", body="## Other\n"))
    assert article is not None
    assert record_articles(manifest, [article])
    assert manifest.pages["/billing/export/"].anchors == {"steps", "why-it-fails", "other"}
    assert not record_articles(manifest, [article])
    again, problems = parse_manifest(dump_manifest(manifest))
    assert problems == [] and again == manifest


def test_drafts_are_never_recorded(docs: Path, write: WriteArticle) -> None:
    write("billing/a.md")
    write("_drafts/secret.md", article_text(title="Secret"))
    record_published(docs)
    text = (docs / MANIFEST_FILE).read_text()
    assert "/billing/a/" in text and "secret" not in text.lower()
    draft, _ = parse_article("_drafts/secret.md", article_text(title="Secret"))
    assert draft is not None and not record_articles(Manifest(), [draft])


def test_odd_anchors_are_quoted_so_they_survive() -> None:
    manifest = Manifest(pages={"/a/b/": PageRecord("x1abc", {"2024", "yes", "a: b", "null", "é"})})
    again, problems = parse_manifest(dump_manifest(manifest))
    assert problems == [] and again.pages == manifest.pages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pages: [\n", "not valid YAML"),
        ("- a\n", "must be a mapping"),
        ("pages:\n  agents/no-slash:\n    anchors: []\n", "invalid page URL"),
        ("redirects:\n  /a/: ../../etc/\n", "invalid page URL"),
        ("pages:\n  /a/b/:\n    anchors: steps\n", "malformed"),
        ("colours: {}\n", "unknown manifest section"),
    ],
)
def test_malformed_manifest_is_a_check_problem(docs: Path, write: WriteArticle, text: str, message: str) -> None:
    write("billing/a.md")
    (docs / MANIFEST_FILE).write_text(text)
    found = errors(docs)
    assert any(m.startswith(f"{MANIFEST_FILE}:") and message in m for m in found), found
    with pytest.raises(ContentError):
        record_published(docs)  # a manifest kb cannot read is never overwritten


# -- kb check --------------------------------------------------------------------------------


def test_renamed_heading_without_redirect_fails_naming_the_old_url(published: Path) -> None:
    file = published / "billing/export.md"
    file.write_text(file.read_text().replace("## Steps", "## Export the invoices"))
    found = errors(published)
    assert len(found) == 1
    assert "/billing/export/#steps disappeared without a redirect" in found[0]
    assert "{#steps}" in found[0] and "kb redirect-anchor billing/export.md steps" in found[0]
    result = runner.invoke(app, ["check", "--docs", str(published)])
    assert result.exit_code == 1 and "/billing/export/#steps disappeared" in result.output


def test_renamed_heading_with_explicit_id_passes(published: Path) -> None:
    file = published / "billing/export.md"
    file.write_text(file.read_text().replace("## Steps", "## Export the invoices {#steps}"))
    assert errors(published) == []


def test_renamed_heading_with_anchor_redirect_passes(published: Path, write: WriteArticle) -> None:
    file = published / "billing/export.md"
    file.write_text(file.read_text().replace("## Steps", "## Export the invoices"))
    refunds = article_text(title="Refunds", extra="id: ref01\n", body="[x](export.md#steps)\n\n## Steps\n")
    write("billing/refunds.md", refunds)
    result = runner.invoke(
        app, ["redirect-anchor", "billing/export.md", "steps", "export-the-invoices", "--docs", str(published)]
    )
    assert result.exit_code == 0, result.output
    assert "/billing/export/#steps now leads to /billing/export/#export-the-invoices" in result.output
    # the page is fine; a link in another article should still be updated, and kb check says how
    assert errors(published) == [
        "billing/refunds.md:8: link to missing anchor '#steps' in 'billing/export.md' — "
        "the section was renamed: link to #export-the-invoices"
    ]
    file.write_text(file.read_text().replace("## Export the invoices", "## Export them"))
    redirect_anchor(published, "billing/export.md", "export-the-invoices", "export-them")
    manifest, _ = read_manifest(published)
    assert manifest.anchor_redirects["/billing/export/"] == {
        "steps": "export-them",
        "export-the-invoices": "export-them",
    }


def test_anchor_redirect_refusals(published: Path) -> None:
    with pytest.raises(InputError, match="no anchor '#nowhere'"):
        redirect_anchor(published, "billing/export.md", "old", "nowhere")
    with pytest.raises(InputError, match="still has the anchor '#steps'"):
        redirect_anchor(published, "billing/export.md", "steps", "why-it-fails")


def test_deleted_article_fails_until_redirected(published: Path, write: WriteArticle) -> None:
    write("billing/refunds.md", article_text(title="Refunds", extra="id: ref01\n", body="## Only here\n"))
    record_published(published)
    (published / "billing/refunds.md").unlink()
    found = errors(published)
    assert len(found) == 1
    assert found[0].startswith(f"{MANIFEST_FILE}:")
    assert "/billing/refunds/ disappeared without a redirect" in found[0]
    with pytest.raises(InputError, match="still exists"):
        redirect_page(published, "billing/export.md", "billing/export.md")
    assert redirect_page(published, "/billing/refunds/", "billing/export.md") == (
        "/billing/refunds/",
        "/billing/export/",
    )
    assert errors(published) == []  # the deleted article's sections are not expected on another article
    manifest, _ = read_manifest(published)
    assert manifest.pages["/billing/refunds/"] == PageRecord("ref01", set())
    targets = redirect_targets(manifest, load_catalog(published).articles)
    assert targets["/s/ref01/"] == targets["/billing/refunds/"] == "/billing/export/"


def test_hand_renamed_article_is_recognised_by_its_id(published: Path) -> None:
    (published / "billing/export.md").rename(published / "billing/export-invoices.md")
    found = errors(published)
    assert len(found) == 1
    assert found[0].startswith("billing/export-invoices.md:")
    assert "/billing/export/ disappeared without a redirect" in found[0]
    assert "kb move billing/export.md billing/export-invoices.md" in found[0]


def test_changed_id_would_break_the_short_link(published: Path) -> None:
    file = published / "billing/export.md"
    file.write_text(file.read_text().replace("id: exp01", "id: exp02"))
    assert errors(published) == [
        "billing/export.md:4: article id changed from 'exp01' to 'exp02': the short link /s/exp01/ would "
        "break — put back id: exp01"
    ]


def test_broken_redirects_are_reported(published: Path) -> None:
    manifest, _ = read_manifest(published)
    manifest.redirects["/billing/old/"] = "/billing/gone/"
    manifest.anchor_redirects["/billing/export/"] = {"old": "nowhere"}
    (published / MANIFEST_FILE).write_text(dump_manifest(manifest))
    found = errors(published)
    assert any("/billing/old/ redirects to /billing/gone/, which is not a published page" in m for m in found)
    assert any("anchor redirect /billing/export/#old → #nowhere leads to a missing anchor" in m for m in found)


def test_the_short_link_folder_is_reserved(docs: Path, write: WriteArticle) -> None:
    write("s/a.md")
    assert any("reserved for short links" in m for m in errors(docs))


# -- kb move ---------------------------------------------------------------------------------


def test_add_page_redirect_moves_the_record_and_anchor_redirects() -> None:
    manifest = Manifest(
        pages={"/a/x/": PageRecord("aaaaa", {"steps"})},
        redirects={"/a/old/": "/a/x/"},
        anchor_redirects={"/a/x/": {"old": "steps"}},
    )
    add_page_redirect(manifest, "/a/x/", "/b/y/")
    assert manifest.pages == {"/b/y/": PageRecord("aaaaa", {"steps"})}
    assert manifest.redirects == {"/a/old/": "/b/y/", "/a/x/": "/b/y/"}
    assert manifest.anchor_redirects == {"/b/y/": {"old": "steps"}}


# -- the built site --------------------------------------------------------------------------


def test_redirect_page_keeps_the_fragment_and_works_without_script() -> None:
    page = redirect_html("/billing/export/", "/guides/export-invoices/")
    assert 'location.replace("../../guides/export-invoices/" + location.hash)' in page
    assert '<meta http-equiv="refresh" content="0; url=../../guides/export-invoices/">' in page
    assert '<link rel="canonical" href="../../guides/export-invoices/">' in page
    absolute = redirect_html("/s/abcde/", "/a/b/", "https://help.example.com/kb/")
    assert '<link rel="canonical" href="https://help.example.com/kb/a/b/">' in absolute


def test_anchor_data_cannot_break_out_of_its_script() -> None:
    script = anchor_script({"</script><script>alert(1)</script>": "a&b"})
    assert script.count("</script>") == 1 and "<script>alert" not in script
    data = script[script.index(">") + 1 : script.rindex("<")]
    assert json.loads(data) == {"</script><script>alert(1)</script>": "a&b"}


def test_build_writes_redirects_short_links_and_anchor_maps(settings: Settings, published: Path) -> None:
    move_article(published, "billing/export.md", "guides/export-invoices.md")
    file = published / "guides/export-invoices.md"
    file.write_text(file.read_text().replace("## Steps", "## Export them"))
    redirect_anchor(published, "guides/export-invoices.md", "steps", "export-them")
    build_site(settings)
    site = settings.site_dir
    old = (site / "billing/export/index.html").read_text()
    assert "location.replace" in old and "../../guides/export-invoices/" in old
    short = (site / "s/exp01/index.html").read_text()
    assert '"../../guides/export-invoices/"' in short
    assert (site / "s/ref01/index.html").is_file()
    page = (site / "guides/export-invoices/index.html").read_text()
    assert '<script type="application/json" id="kb-anchor-redirects">{"steps": "export-them"}</script>' in page
    assert "assets/kb/permalinks.js" in page
    assert not (site / MANIFEST_FILE).exists() and not (site / "assets/kb/preview-build.txt").exists()
    refunds = (site / "billing/refunds/index.html").read_text()
    assert "kb-anchor-redirects" not in refunds


def test_build_records_new_pages_but_a_preview_does_not(
    tmp_path: Path, settings: Settings, published: Path, write: WriteArticle
) -> None:
    write("billing/new.md", article_text(title="New one", body="## Fresh\n"))
    build_site(settings, site_dir=tmp_path / "preview", drafts=True)
    assert "/billing/new/" not in read_manifest(published)[0].pages
    assert not (tmp_path / "preview/assets/kb/preview-build.txt").exists()
    build_site(settings)
    assert read_manifest(published)[0].pages["/billing/new/"].anchors == {"fresh"}


def test_bundled_site_has_a_short_link_per_article(bundled: Settings) -> None:
    for article in load_catalog(bundled.docs_dir).articles:
        assert article.id
        assert (bundled.site_dir / "s" / article.id / "index.html").is_file()


def test_concurrent_recorders_lose_nothing(docs: Path, write: WriteArticle) -> None:
    articles = []
    for number in range(40):
        article, _ = parse_article(f"c{number % 4}/a{number}.md", article_text(title=f"A{number}"))
        assert article is not None
        articles.append(article)
    threads = [threading.Thread(target=record_published, args=(docs, [a])) for a in articles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(read_manifest(docs)[0].pages) == 40


def test_redirect_chains_are_followed_once_the_same_way_for_pages_and_anchors() -> None:
    from kb.permalinks import follow_redirects

    chain = {"/a/": "/b/", "/b/": "/c/", "/loop1/": "/loop2/", "/loop2/": "/loop1/"}
    assert follow_redirects(chain, "/a/") == "/c/"
    assert follow_redirects(chain, "/c/") == "/c/"
    assert follow_redirects(chain, "/a/", stop={"/b/"}) == "/b/"
    assert follow_redirects(chain, "/loop1/") == "/loop2/"  # a loop ends instead of spinning
    manifest = Manifest(redirects=dict(chain), anchor_redirects={"/c/": {"old": "mid", "mid": "new"}})
    assert manifest.resolve_page("/a/") == "/c/"
    assert manifest.resolve_anchor("/c/", "old", {"new"}) == "new"
    assert manifest.resolve_anchor("/c/", "old", {"other"}) is None
    assert anchor_maps(manifest) == {"/c/": {"old": "new", "mid": "new"}}


def test_ids_and_redirect_addresses_never_leave_the_site(
    settings: Settings, write: WriteArticle, tmp_path: Path
) -> None:
    """Finding 10 of issue 14: an id like ../../x became a short link written outside the site folder."""
    from kb.content import parse_article
    from kb.errors import InputError
    from kb.permalinks import redirect_file

    article, problems = parse_article("billing/a.md", article_text(title="A", extra="id: ../../x\n"))
    assert article is not None and article.id is None
    assert any("front matter field 'id' is invalid" in p.message for p in problems)
    site = tmp_path / "site"
    assert redirect_file(site, "/s/../../x/") is None and redirect_file(site, "/../x/") is None
    assert redirect_file(site, "/s/abc12/") == site / "s" / "abc12" / "index.html"
    write("billing/a.md", article_text(title="A", extra="id: ../../escape\n"))
    build_site(settings)
    assert not (tmp_path / "escape").exists() and not (settings.site_dir.parent / "escape").exists()
    with pytest.raises(InputError, match="outside the docs folder"):
        redirect_page(settings.docs_dir, "/../x/", "billing/a.md")
    assert (
        not (settings.docs_dir / "_permalinks.yml").exists()
        or "../" not in (settings.docs_dir / "_permalinks.yml").read_text()
    )
