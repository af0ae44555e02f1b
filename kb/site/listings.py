"""The pages kb generates from the catalog: category (and sub-category) listings and the home page's sections.

Listings are paginated, so no page grows with the number of articles.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

from kb.content import Article, Catalog, Category

__all__ = ["category_page_uri", "category_pages", "home_sections", "markdown_text", "with_summary"]

def category_page_uri(slug: str, number: int) -> str:
    """Source URI of page ``number`` (1-based) of a category's generated listing."""
    return f"{slug}/index.md" if number == 1 else f"{slug}/_pages/{number}.md"


def markdown_text(text: str) -> str:
    """Escape text for generated Markdown: HTML-escaped, link brackets neutralised."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")


def _relative(from_uri: str, to_uri: str) -> str:
    from_parts = from_uri.split("/")[:-1]
    to_parts = to_uri.split("/")
    common = 0
    while common < min(len(from_parts), len(to_parts) - 1) and from_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


def _article_line(from_uri: str, article: Article) -> str:
    link = _relative(from_uri, article.path)
    return f"- [{markdown_text(article.title)}]({link}) — {markdown_text(article.summary)}"


def _subcategory_line(from_uri: str, category: Category) -> str:
    count = category.article_count()
    noun = "article" if count == 1 else "articles"
    description = f" — {markdown_text(category.description)}" if category.description else ""
    link = _relative(from_uri, category_page_uri(category.slug, 1))
    return f"- [{markdown_text(category.title)}]({link}){description} ({count} {noun})"


def _category_markdown(category: Category, number: int, pages: int, page_size: int, landing: str | None) -> str:
    """One listing page. On page 1 of a folder with its own index.md (``landing``, its source
    text), that page comes first and the listing follows it, as MkDocs' section index pages do."""
    uri = category_page_uri(category.slug, number)
    if number == 1 and landing is not None:
        lines = [landing.rstrip("\n"), "", "## In this section", ""]
    else:
        lines = [f"# {markdown_text(category.title)}", ""]
        if category.description:
            lines += [markdown_text(category.description), ""]
    if number == 1 and category.subcategories:
        lines += [_subcategory_line(uri, sub) for sub in category.subcategories]
        lines.append("")
    start = (number - 1) * page_size
    lines += [_article_line(uri, a) for a in category.articles[start : start + page_size]]
    if pages > 1:
        nav = []
        if number > 1:
            nav.append(f"[← Previous]({_relative(uri, category_page_uri(category.slug, number - 1))})")
        nav.append(f"Page {number} of {pages}")
        if number < pages:
            nav.append(f"[Next →]({_relative(uri, category_page_uri(category.slug, number + 1))})")
        lines += ["", " · ".join(nav)]
    return "\n".join(lines) + "\n"


def with_summary(markdown: str, summary: str) -> str:
    """Show the one-sentence quick answer under the H1 (answers deep-link to this text)."""
    block = f"\n{markdown_text(summary.strip())}\n{{: .kb-summary }}\n"
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: number + 1], block, *lines[number + 1 :]])
    return block + markdown


def category_pages(catalog: Catalog, page_size: int, landing: Mapping[str, str] | None = None) -> dict[str, str]:
    """Source URI → Markdown of every generated listing page (sub-categories too), in nav order.

    ``landing`` maps a category's slug to the source text of its own index.md, if it has one.
    """
    size = max(1, page_size)
    pages: dict[str, str] = {}
    for category in catalog.all_categories():
        count = max(1, math.ceil(len(category.articles) / size))
        text = (landing or {}).get(category.slug)
        for number in range(1, count + 1):
            pages[category_page_uri(category.slug, number)] = _category_markdown(category, number, count, size, text)
    return pages


def home_sections(catalog: Catalog, recent: int) -> str:
    lines = ["", "## Browse by topic", ""]
    lines += [_subcategory_line("index.md", category) for category in catalog.categories]
    top = catalog.top_pages()
    if top:
        # Pages directly in docs/ (MkDocs sites have a few: getting-started.md, license.md…).
        lines += ["", "## Pages", ""]
        lines += [_article_line("index.md", a) for a in top]
    latest = catalog.recent(recent)
    if latest:
        lines += ["", "## Recently updated", ""]
        lines += [_article_line("index.md", a) for a in latest]
    return "\n".join(lines) + "\n"
