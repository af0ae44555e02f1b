"""Partial site updates: after a publish, reject, apply or hand edit, every built site holds exactly
what a fresh full build would, while only the pages that changed were rendered again."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import kb.content.catalog_cache
import kb.site.update
from kb.config import Settings
from kb.content import cache_path, load_catalog, load_sources
from kb.index import build_index
from kb.permalinks import redirect_anchor
from kb.review import apply_proposal, publish_draft, reject_draft
from kb.site import build_site, state_path, update_site, update_sites
from kb.store import read_journaled, write_journaled
from tests.support.docs import WriteArticle, article_text
from tests.support.drafts import draft_text
from tests.support.sites import assert_same_as_a_full_build

PAGE_SIZE = 3
MKDOCS_YML = f"""site_name: Test Help Centre
site_url: https://help.example.com/
theme:
  name: material
  font: false
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
plugins:
  - kb:
      page_size: {PAGE_SIZE}
"""


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests write files and build within a second; trust those file versions at once."""
    monkeypatch.setattr(kb.content.catalog_cache, "RACY_SECONDS", 0.0)


@pytest.fixture
def no_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if an update falls back to building a site in full."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the update built the site in full")

    monkeypatch.setattr(kb.site.update, "full_build", refuse)


@pytest.fixture
def kb_site(tmp_path: Path, settings: Settings, write: WriteArticle) -> Settings:
    """Two categories, one paginated (3 per page), the home page, a draft; preview and site built."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    settings = dataclasses.replace(settings, mkdocs_config=config)
    write("index.md", "# Test Help Centre\n\nStart here.\n")
    write("billing/_category.yml", "title: Billing\ndescription: Invoices and payments.\norder: 1\n")
    write("accounts/_category.yml", "title: Accounts\norder: 2\n")
    for number, name in enumerate(["delta", "echo", "golf", "hotel", "india", "kilo", "lima"]):
        write(
            f"billing/{name}.md",
            article_text(
                title=f"{name.capitalize()} invoices",
                summary=f"Open {name} and export.",
                extra=f"id: bil{number:02}\nupdated: 2026-01-{number + 1:02}\n",
                body="Lead.\n\n## Steps\n\n1. Open Billing.\n\n## Why it fails\n\nBecause.\n",
            ),
        )
    write(
        "accounts/sign-in.md",
        article_text(
            title="Sign in",
            summary="Use your email.",
            extra="id: acc01\nupdated: 2025-05-05\n",
            body="See [Golf](../billing/golf.md#steps).\n\n## Steps\n\n1. Sign in.\n",
        ),
    )
    write("_drafts/label-printer.md", draft_text(title="Fix: alpha printer prints blank labels"))
    build_index(settings)
    build_site(settings, site_dir=settings.data_dir / "preview", drafts=True)
    build_site(settings)
    return settings


def test_publish_rebuilds_only_the_pages_it_changes(kb_site: Settings, tmp_path: Path, no_full_build: None) -> None:
    preview = kb_site.data_dir / "preview"
    assert (preview / "_drafts" / "label-printer" / "index.html").is_file()
    untouched = kb_site.site_dir / "billing" / "lima" / "index.html"
    before = untouched.stat().st_mtime_ns

    result = publish_draft(kb_site, "label-printer")

    assert result.path == "billing/fix-alpha-printer-prints-blank-labels.md"
    assert untouched.stat().st_mtime_ns == before  # other articles are not rendered again
    for site in (preview, kb_site.site_dir):
        assert (site / result.url.strip("/") / "index.html").is_file()
        short = (site / result.short_url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "../../billing/fix-alpha-printer-prints-blank-labels/" in short
        # "Fix: alpha…" sorts first, so every listing page shifts by one (8 articles, 3 pages).
        assert "Fix: alpha printer" in (site / "billing" / "index.html").read_text(encoding="utf-8")
    assert not (preview / "_drafts" / "label-printer").exists()
    assert_same_as_a_full_build(kb_site, preview, True, tmp_path)
    assert_same_as_a_full_build(kb_site, kb_site.site_dir, False, tmp_path)


def test_concurrent_publishes_leave_the_sites_as_a_full_build_would(
    kb_site: Settings, write: WriteArticle, tmp_path: Path, no_full_build: None
) -> None:
    names = [f"gadget-{n}" for n in range(4)]
    for n, name in enumerate(names):
        title = f"Fix: {['bravo', 'juliet', 'mike', 'zulu'][n]} gadget blinks"
        write(f"_drafts/{name}.md", draft_text(title=title).replace("'5150'", f"'{7000 + n}'"))
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda name: publish_draft(kb_site, name), names))
    assert len({r.id for r in results}) == 4
    assert_same_as_a_full_build(kb_site, kb_site.data_dir / "preview", True, tmp_path)
    assert_same_as_a_full_build(kb_site, kb_site.site_dir, False, tmp_path)


def test_update_reports_the_pages_it_rendered(
    kb_site: Settings, write: WriteArticle, no_full_build: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    dated = "updated: 2024-01-01\n"
    write("billing/zulu.md", article_text(title="Zulu invoices", summary="Last.", extra=dated))
    update = update_site(kb_site, kb_site.site_dir, False)
    assert not update.full and update.removed == ()
    # Sorted last (7 → 8 articles, still 3 pages): only the last listing page changes. Too old for
    # the home page's recent list, but the home page counts each category's articles.
    assert sorted(update.built) == ["billing/_pages/3.md", "billing/zulu.md", "index.md"]
    again = update_site(kb_site, kb_site.site_dir, False)
    assert again.built == () and again.removed == () and again.redirects == 0
    for name in ("xray", "yankee"):
        write(f"billing/{name}.md", article_text(title=f"{name.capitalize()} invoices", extra=dated))
    update = update_site(kb_site, kb_site.site_dir, False)
    # 10 articles: a fourth page, and every page says "Page n of 4".
    assert sorted(update.built) == [
        "billing/_pages/2.md",
        "billing/_pages/3.md",
        "billing/_pages/4.md",
        "billing/index.md",
        "billing/xray.md",
        "billing/yankee.md",
        "index.md",
    ]


def test_removed_article_goes_with_its_listing_page_and_links_to_it_change(
    kb_site: Settings, tmp_path: Path, no_full_build: None
) -> None:
    for name in ("delta", "echo", "golf"):
        (kb_site.docs_dir / "billing" / f"{name}.md").unlink()  # by hand: 7 → 4 articles, 3 → 2 pages
    update_sites(kb_site, changed=[], removed=[])
    assert not (kb_site.site_dir / "billing" / "golf").exists()
    assert not (kb_site.site_dir / "billing" / "_pages" / "3").exists()
    page = (kb_site.site_dir / "accounts" / "sign-in" / "index.html").read_text(encoding="utf-8")
    assert 'href="../billing/golf.md#steps"' in page  # the link MkDocs leaves as written once broken
    assert_same_as_a_full_build(kb_site, kb_site.site_dir, False, tmp_path)
    assert_same_as_a_full_build(kb_site, kb_site.data_dir / "preview", True, tmp_path)


def test_reject_moves_the_draft_page_in_the_preview(kb_site: Settings, tmp_path: Path, no_full_build: None) -> None:
    preview = kb_site.data_dir / "preview"
    reject_draft(kb_site, "label-printer", "one customer's case")
    assert not (preview / "_drafts" / "label-printer").exists()
    assert (preview / "_drafts" / "_rejected" / "label-printer" / "index.html").is_file()
    assert_same_as_a_full_build(kb_site, preview, True, tmp_path)


def test_apply_and_hand_edits_are_picked_up(
    kb_site: Settings, write: WriteArticle, tmp_path: Path, no_full_build: None
) -> None:
    write(
        "_drafts/update-golf.md",
        draft_text(title="Fix: golf export misses the tax column", extra="proposal_for: billing/golf.md#steps\n"),
    )
    update_sites(kb_site, changed=["_drafts/update-golf.md"], removed=[])
    apply_proposal(kb_site, "update-golf")
    page = (kb_site.site_dir / "billing" / "golf" / "index.html").read_text(encoding="utf-8")
    assert "Golf export misses the tax column" in page
    # A retitled article by hand, and a renamed heading with its anchor redirect.
    text = (kb_site.docs_dir / "billing" / "kilo.md").read_text(encoding="utf-8")
    text = text.replace("Kilo invoices", "Aardvark invoices").replace("## Why it fails", "## Why it breaks")
    (kb_site.docs_dir / "billing" / "kilo.md").write_text(text, encoding="utf-8")
    redirect_anchor(kb_site.docs_dir, "billing/kilo.md", "why-it-fails", "why-it-breaks")
    update_sites(kb_site, changed=[], removed=[])
    page = (kb_site.site_dir / "billing" / "kilo" / "index.html").read_text(encoding="utf-8")
    assert "Aardvark invoices" in page and '"why-it-fails": "why-it-breaks"' in page.replace("\\u0022", '"')
    assert_same_as_a_full_build(kb_site, kb_site.site_dir, False, tmp_path)
    assert_same_as_a_full_build(kb_site, kb_site.data_dir / "preview", True, tmp_path)


def test_the_served_preview_has_the_article_and_its_short_link_not_the_draft(kb_site: Settings) -> None:
    from search_api import create_app

    result = publish_draft(kb_site, "label-printer")
    with TestClient(create_app(kb_site, site_dir=kb_site.data_dir / "preview")) as client:
        article = client.get(result.url)
        assert article.status_code == 200 and "Fix: alpha printer prints blank labels" in article.text
        assert not (kb_site.data_dir / "preview" / "_drafts" / "label-printer").exists()  # the draft's page went
        assert client.get("/_drafts/label-printer/", follow_redirects=False).status_code == 303  # to the agent UI
        short = client.get(result.short_url, follow_redirects=False)  # kb serve answers a redirect page with 301
        assert short.status_code == 301 and short.headers["location"] == result.url
        followed = client.get(result.short_url)
        assert followed.status_code == 200 and followed.text == article.text


def test_what_kb_cannot_vouch_for_is_built_in_full(kb_site: Settings, tmp_path: Path) -> None:
    site = kb_site.site_dir
    state_path(kb_site.data_dir, site).unlink()  # no record of how the site was built
    assert update_site(kb_site, site, False).full
    assert not update_site(kb_site, site, False).full
    (kb_site.docs_dir / "accounts" / "_category.yml").write_text("title: Your account\norder: 2\n")
    assert update_site(kb_site, site, False).full  # the nav of every page changed
    (site / "404.html").write_text("built by something else")
    assert update_site(kb_site, site, False).full
    assert_same_as_a_full_build(kb_site, site, False, tmp_path)


def test_cached_catalog_matches_and_rereads_only_changed_files(
    kb_site: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = cache_path(kb_site.data_dir)
    assert cache.is_file()  # written by the full builds
    read: list[str] = []
    real_load = kb.content.catalog_cache.load_article

    def counting(docs_dir: Path, file: Path):  # type: ignore[no-untyped-def]
        read.append(file.relative_to(docs_dir).as_posix())
        return real_load(docs_dir, file)

    monkeypatch.setattr(kb.content.catalog_cache, "load_article", counting)
    load_sources(kb_site.docs_dir, cache)
    read.clear()
    (kb_site.docs_dir / "billing" / "echo.md").write_text(
        article_text(title="Echo invoices", summary="Changed.", extra="id: bil01\n"), encoding="utf-8"
    )
    sources = load_sources(kb_site.docs_dir, cache)
    assert read == ["billing/echo.md"]
    full = load_catalog(kb_site.docs_dir)
    cached = sources.catalog
    assert [(c.slug, c.title, c.description, c.order) for c in cached.categories] == [
        (c.slug, c.title, c.description, c.order) for c in full.categories
    ]
    assert [[(a.path, a.title, a.summary, a.id, a.updated) for a in c.articles] for c in cached.categories] == [
        [(a.path, a.title, a.summary, a.id, a.updated) for a in c.articles] for c in full.categories
    ]
    assert [a.path for a in cached.recent(3)] == [a.path for a in full.recent(3)]
    assert sources.links["accounts/sign-in.md"] == frozenset({"billing/golf.md"})


def test_a_file_written_just_before_the_update_is_looked_at_again(
    kb_site: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch, no_full_build: None
) -> None:
    """File times are coarse: a version seen within RACY_SECONDS of its write is not trusted."""
    monkeypatch.setattr(kb.content.catalog_cache, "RACY_SECONDS", 3600.0)
    write("billing/zulu.md", article_text(title="Zulu invoices"))
    assert "billing/zulu.md" in update_site(kb_site, kb_site.site_dir, False).built
    assert "billing/zulu.md" in update_site(kb_site, kb_site.site_dir, False).built
    monkeypatch.setattr(kb.content.catalog_cache, "RACY_SECONDS", 0.0)
    assert "billing/zulu.md" in update_site(kb_site, kb_site.site_dir, False).built
    assert "billing/zulu.md" not in update_site(kb_site, kb_site.site_dir, False).built


def test_journaled_document_applies_changes_and_skips_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    header = {"format": 1}
    document = {"files": {"a": 1, "b": 2}}
    write_journaled(path, header, [], lambda: document, snapshot=True)
    assert read_journaled(path, header) == document
    assert read_journaled(path, {"format": 2}) is None  # another format: no document
    write_journaled(path, header, [("files", "a", 10), ("files", "b", None)], lambda: {})
    with open(path.with_name("doc.json.journal"), "a", encoding="utf-8") as journal:
        journal.write('["files", "c", 3')  # a crash in the middle of a line
    write_journaled(path, header, [("files", "d", 4)], lambda: {})
    assert read_journaled(path, header) == {"files": {"a": 10, "d": 4}}
    write_journaled(path, header, [], lambda: {"files": {"z": 26}}, snapshot=True)
    assert read_journaled(path, header) == {"files": {"z": 26}}
    assert not path.with_name("doc.json.journal").exists()


def test_cached_catalog_leaves_out_symlinked_folders_as_load_catalog_does(
    settings: Settings, write: WriteArticle, tmp_path: Path
) -> None:
    write("billing/a.md", article_text(title="A"))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "b.md").write_text(article_text(title="B"), encoding="utf-8")
    (settings.docs_dir / "linked").symlink_to(outside)
    sources = load_sources(settings.docs_dir, cache_path(settings.data_dir))
    assert "linked/b.md" in sources.versions  # MkDocs builds its page, but the catalog does not list it
    assert [a.path for a in sources.catalog.articles] == [a.path for a in load_catalog(settings.docs_dir).articles]


def test_kb_serve_start_updates_only_what_changed(settings: Settings, write: WriteArticle) -> None:
    """Restarting kb serve after an edit re-renders the changed page, not the whole site."""
    from kb.site import prepare

    write("billing/_category.yml", "title: Billing\n")
    write("billing/a.md")
    write("billing/b.md", article_text(title="Refund an invoice", summary="Open Billing and choose Refund."))
    messages: list[str] = []
    site = prepare(settings, echo=messages.append)
    assert messages[0].startswith("built ")
    write("billing/b.md", article_text(title="Refund an invoice", summary="Open Billing, then choose Refund."))
    messages.clear()
    prepare(settings, echo=messages.append)
    assert messages[0].startswith("updated ") and "in full" not in messages[0], messages
    assert "Open Billing, then choose Refund." in (site / "billing" / "b" / "index.html").read_text()
    messages.clear()
    prepare(settings, echo=messages.append)
    assert messages == []  # nothing changed, nothing built


def test_the_modules_that_decide_a_page_exist() -> None:
    """A change to any of them makes the next update a full build, so the list must name real files."""
    from kb.site import KB_MODULES

    kb_dir = Path(__file__).resolve().parents[2] / "kb"
    assert [name for name in KB_MODULES if not (kb_dir / name).is_file()] == []


def test_the_site_fingerprint_follows_kbs_code_not_its_file_times(settings: Settings, write: WriteArticle) -> None:
    """The same kb installed twice (the server's, a command's) must agree, or each publish by the
    other would rebuild the whole site."""
    import os

    from kb.site.build import load_site_config
    from kb.site.state import KB_MODULES, kb_plugin, site_fingerprint

    write("billing/a.md")
    config = load_site_config(settings)
    config = config.plugins.on_config(config)
    assert kb_plugin(config) is not None
    before = site_fingerprint(config, False)
    module = Path(__file__).resolve().parents[2] / "kb" / KB_MODULES[0]
    times = module.stat()
    try:
        os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns - 10**12))
        assert site_fingerprint(config, False) == before
    finally:
        os.utime(module, ns=(times.st_atime_ns, times.st_mtime_ns))
