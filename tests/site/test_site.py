"""Real MkDocs builds: pages, category pages, anchors as ids, drafts absent, nav that scales."""

from __future__ import annotations

import re
from pathlib import Path

from kb.config import Settings
from kb.content import load_catalog
from kb.site import build_site
from tests.support.docs import WriteArticle, article_text


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_article_has_a_page_with_every_anchor(bundled: Settings) -> None:
    catalog = load_catalog(bundled.docs_dir)
    assert len(catalog.articles) >= 20
    for article in catalog.articles:
        html = page(bundled.site_dir, article.url)
        missing = article.anchors - ids_in(html)
        assert not missing, f"{article.path}: anchors {missing} not in the built page"
        assert article.title in html


def test_every_category_has_a_generated_index_page(bundled: Settings) -> None:
    catalog = load_catalog(bundled.docs_dir)
    assert len(catalog.categories) >= 4
    for category in catalog.categories:
        html = page(bundled.site_dir, category.url)
        for article in category.articles:
            assert f'href="{Path(article.path).stem}/"' in html


def test_nav_lists_categories_not_articles(bundled: Settings) -> None:
    catalog = load_catalog(bundled.docs_dir)
    html = page(bundled.site_dir, catalog.articles[0].url)
    nav = html[
        html.index('class="md-nav md-nav--primary"') : html.index('class="md-sidebar md-sidebar--secondary"')
    ]
    for category in catalog.categories:
        assert category.title in nav
    linked_articles = [a for a in catalog.articles if f"/{Path(a.path).stem}/" in nav]
    assert linked_articles == []


def test_home_lists_categories_and_recent_articles(bundled: Settings) -> None:
    html = page(bundled.site_dir, "")
    assert "Browse by topic" in html and "Recently updated" in html
    newest = load_catalog(bundled.docs_dir).recent(1)[0]
    assert newest.title in html


def test_material_client_search_index_is_not_built(bundled: Settings) -> None:
    assert not (bundled.site_dir / "search" / "search_index.json").exists()


def test_drafts_are_left_out_of_the_built_site(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    write("_drafts/secret-draft.md", article_text(title="Secret draft"))
    build_site(settings)
    assert not (settings.site_dir / "_drafts").exists()
    assert "Secret draft" not in "".join(p.read_text() for p in settings.site_dir.rglob("*.html"))


def test_script_in_an_article_never_reaches_the_page(settings: Settings, write: WriteArticle) -> None:
    body = 'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))\n'
    write(
        "billing/a.md", article_text(title="<b>T</b> & co", summary="Use <script>x</script> now.", body=body)
    )
    build_site(settings)
    html = page(settings.site_dir, "billing/a")
    article = html[html.index("<article") : html.index("</article>")]
    assert "alert(" not in article
    assert "onerror" not in article
    listing = page(settings.site_dir, "billing")
    assert "<script>x</script>" not in listing and "&lt;script&gt;x&lt;/script&gt;" in listing
    assert "<b>T</b>" not in listing and "&lt;b&gt;T&lt;/b&gt; &amp; co" in listing


def test_category_pages_are_paginated_so_size_stays_flat(settings: Settings, write: WriteArticle) -> None:
    for number in range(120):
        write(
            f"billing/a{number:03}.md",
            article_text(title=f"Article {number:03}", summary=f"Answer {number}."),
        )
    build_site(settings)
    first = page(settings.site_dir, "billing")
    assert first.count('href="a0') == 50
    assert "Page 1 of 3" in first and 'href="_pages/2/"' in first
    third = page(settings.site_dir, "billing/_pages/3")
    assert third.count('href="../../a1') == 20


def test_article_page_size_does_not_grow_with_the_kb(
    tmp_path: Path, settings: Settings, write: WriteArticle
) -> None:
    write("billing/probe.md", article_text(title="Probe"))
    for number in range(10):
        write(f"cat{number % 5}/a{number}.md", article_text(title=f"Article {number}"))
    build_site(settings)
    small = len(page(settings.site_dir, "billing/probe"))
    for number in range(10, 400):
        write(f"cat{number % 5}/a{number}.md", article_text(title=f"Article {number}"))
    build_site(settings)
    large = len(page(settings.site_dir, "billing/probe"))
    assert abs(large - small) / small < 0.02, (small, large)


def test_serve_preview_shows_drafts(tmp_path: Path, settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    write("_drafts/new-fix.md", article_text(title="New fix"))
    build_site(settings, site_dir=tmp_path / "preview", drafts=True)
    assert "New fix" in page(tmp_path / "preview", "_drafts/new-fix")
