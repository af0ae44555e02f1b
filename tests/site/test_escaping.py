"""Nothing a writer or a ticket types into front matter, a heading or a category file runs as script
on the site: the theme prints titles, descriptions and nav titles as they are, so kb escapes them."""

from __future__ import annotations

from pathlib import Path

from kb.config import Settings
from kb.site import build_site
from tests.support.docs import WriteArticle

EVIL = ("<script>alert(", "<img src=x onerror", "</title><script>")


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_front_matter_category_and_heading_text_never_become_markup(settings: Settings, write: WriteArticle) -> None:
    write("billing/_category.yml", "title: '<script>alert(3)</script>'\ndescription: '<img src=x onerror=alert(4)>'\n")
    write(
        "billing/a.md",
        "---\ntitle: '</title><script>alert(1)</script>'\nsummary: 'Pay <img src=x onerror=alert(2)> now.'\n"
        "description: '<script>alert(6)</script>'\n---\n# Safe heading\n\nText.\n",
    )
    write("billing/b.md", "# <script>alert(5)</script> Refunds\n\nRefunds take five days.\n")  # MkDocs style
    site = build_site(settings).site_dir
    pages = _pages(site)
    found = [(name, evil) for name, text in pages.items() for evil in EVIL if evil in text]
    assert found == []
    article = pages["billing/a/index.html"]
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in article  # shown as text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in pages["billing/index.html"]


def test_an_ampersand_in_a_title_is_shown_once_escaped(settings: Settings, write: WriteArticle) -> None:
    write("billing/c.md", "---\ntitle: Taxes & fees\nsummary: Open Billing.\n---\n# Taxes & fees\n\nText.\n")
    page = (build_site(settings).site_dir / "billing" / "c" / "index.html").read_text(encoding="utf-8")
    assert "<title>Taxes &amp; fees - " in page and "&amp;amp;" not in page
