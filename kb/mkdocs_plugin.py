"""The kb MkDocs plugin: navigation that scales, generated category pages, safe output.

Registered as the ``kb`` entry point, so plain ``mkdocs build`` and ``mkdocs serve`` behave
like ``kb build``. What it does:

- the left nav lists the home page and one entry per category, never the articles, so a
  page's size does not grow with the number of articles;
- each category gets generated index pages (``<category>/index.md``, then ``_pages/2.md``…)
  listing its articles with their summaries, a fixed number per page;
- the home page gets the categories and the recently updated articles appended;
- ``_drafts/`` are MkDocs drafts (in ``serve``, never in ``build``); ``_*.yml`` data files are
  not copied into the site;
- the anchors kb computes (toc with permalinks, attr_list) are enforced, and every page's HTML
  is sanitised with nh3 so nothing a ticket or a writer typed can run script on the page;
- permalinks: redirect pages for moved articles and short links ``/s/{id}/`` from the permalink
  manifest, the old → new anchor map on pages with renamed headings, and after a real build
  (not a preview with drafts) every published URL and anchor is recorded in the manifest.
"""

from __future__ import annotations

import html
import logging
import math
from pathlib import Path
from typing import Any

import nh3
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb.catalog import Catalog, Category, load_catalog
from kb.content import Article
from kb.errors import KBError
from kb.permalinks import Manifest, manifest_problems, page_url, read_manifest, record_published
from kb.redirect_pages import anchor_maps, anchor_script, redirect_targets, write_redirect_pages

__all__ = ["KBPlugin", "category_page_uri"]

log = logging.getLogger("mkdocs.plugins.kb")
THEME_DIR = Path(__file__).parent / "theme"
# A static file only a preview build (one that includes drafts) copies: such builds never record.
_PREVIEW_MARKER = "assets/kb/preview-build.txt"
_MAX_LOGGED = 10

_SAFE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "nav",
}
_SAFE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "code": {"data-lang"},
}


def sanitize_html(fragment: str) -> str:
    """Keep the markup Markdown produces; drop scripts, event handlers and javascript: URLs."""
    return nh3.clean(
        fragment,
        tags=_SAFE_TAGS,
        attributes=_SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def category_page_uri(slug: str, number: int) -> str:
    """Source URI of page ``number`` (1-based) of a category's generated listing."""
    return f"{slug}/index.md" if number == 1 else f"{slug}/_pages/{number}.md"


def _md_text(text: str) -> str:
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
    return f"- [{_md_text(article.title)}]({link}) — {_md_text(article.summary)}"


def _category_markdown(category: Category, number: int, pages: int, page_size: int) -> str:
    uri = category_page_uri(category.slug, number)
    lines = [f"# {_md_text(category.title)}", ""]
    if category.description:
        lines += [_md_text(category.description), ""]
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


def _with_summary(markdown: str, summary: str) -> str:
    """Show the one-sentence quick answer under the H1 (answers deep-link to this text)."""
    block = f"\n{_md_text(summary.strip())}\n{{: .kb-summary }}\n"
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: number + 1], block, *lines[number + 1 :]])
    return block + markdown


def _home_sections(catalog: Catalog, recent: int) -> str:
    lines = ["", "## Browse by topic", ""]
    for category in catalog.categories:
        count = len(category.articles)
        noun = "article" if count == 1 else "articles"
        description = f" — {_md_text(category.description)}" if category.description else ""
        lines.append(f"- [{_md_text(category.title)}]({category.slug}/index.md){description} ({count} {noun})")
    latest = catalog.recent(recent)
    if latest:
        lines += ["", "## Recently updated", ""]
        lines += [_article_line("index.md", a) for a in latest]
    return "\n".join(lines) + "\n"


class KBPluginConfig(Config):
    recent = opt.Type(int, default=8)
    page_size = opt.Type(int, default=50)
    sanitize = opt.Type(bool, default=True)
    record_permalinks = opt.Type(bool, default=True)


class KBPlugin(BasePlugin[KBPluginConfig]):
    """See the module docstring."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self._categories: dict[str, Category] = {}
        self.manifest = Manifest()
        self._manifest_readable = True
        self._anchor_maps: dict[str, dict[str, str]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _require_anchor_extensions(config)
        if "search" in config.plugins:
            log.warning(
                "kb: the 'search' plugin ships a client index that grows to megabytes; "
                "remove it from mkdocs.yml (kb's search API replaces it)"
            )
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom else 0, str(THEME_DIR))
        config.nav = None  # set in on_files from the categories
        if not config.extra.get("kb_support_url"):
            config.extra["kb_support_url"] = _support_url(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        catalog = load_catalog(Path(config.docs_dir))
        self.catalog = catalog
        self._categories = {c.slug: c for c in catalog.categories}
        for file in list(files):
            uri = file.src_uri
            if uri.startswith("_drafts/"):
                file.inclusion = InclusionLevel.DRAFT
            elif uri.split("/")[-1].startswith("_") or "/_" in uri or uri.startswith("_"):
                file.inclusion = InclusionLevel.EXCLUDED
            elif file.is_documentation_page() and uri != "index.md":
                file.inclusion = InclusionLevel.NOT_IN_NAV
        page_size = max(1, self.config.page_size)
        for category in catalog.categories:
            pages = max(1, math.ceil(len(category.articles) / page_size))
            for number in range(1, pages + 1):
                uri = category_page_uri(category.slug, number)
                content = _category_markdown(category, number, pages, page_size)
                inclusion = InclusionLevel.INCLUDED if number == 1 else InclusionLevel.NOT_IN_NAV
                existing = files.get_file_from_path(uri)
                if existing is not None:
                    files.remove(existing)
                files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        if files.get_file_from_path("index.md") is None:
            name = _md_text(config.site_name or "Help Centre")
            files.append(File.generated(config, "index.md", content=f"# {name}\n", inclusion=InclusionLevel.INCLUDED))
        config.nav = [{"Home": "index.md"}] + [{c.title: category_page_uri(c.slug, 1)} for c in catalog.categories]
        self._load_permalinks(catalog)
        files.append(File.generated(config, _PREVIEW_MARKER, content="preview\n", inclusion=InclusionLevel.DRAFT))
        return files

    def _load_permalinks(self, catalog: Catalog) -> None:
        self.manifest, unreadable = read_manifest(catalog.docs_dir)
        self._manifest_readable = not unreadable
        problems = [*unreadable, *manifest_problems(self.manifest, catalog)]
        for problem in problems[:_MAX_LOGGED]:
            log.warning(f"kb: {problem}")
        if len(problems) > _MAX_LOGGED:
            log.warning(f"kb: … and {len(problems) - _MAX_LOGGED} more permalink problems (run kb check)")
        self._anchor_maps = anchor_maps(self.manifest)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md" and self.catalog is not None:
            return markdown + _home_sections(self.catalog, self.config.recent)
        summary = page.meta.get("summary")
        if isinstance(summary, str) and summary.strip():
            markdown = _with_summary(markdown, summary)
        category = self._categories.get(page.file.src_uri.split("/")[0])
        if (
            category is not None
            and page.file.src_uri != category_page_uri(category.slug, 1)
            and not page.file.src_uri.startswith(f"{category.slug}/_pages/")
        ):
            page.meta["kb_category"] = {"title": category.title, "url": category.url}
        return markdown

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        content = sanitize_html(html_text) if self.config.sanitize else html_text
        renamed = self._anchor_maps.get(page_url(page.file.src_uri))
        return content + anchor_script(renamed) if renamed else content  # added after sanitising: kb's own

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        marker = site_dir / _PREVIEW_MARKER
        preview = marker.exists()
        marker.unlink(missing_ok=True)
        if self.catalog is None:
            return
        targets = redirect_targets(self.manifest, self.catalog.articles)
        write_redirect_pages(site_dir, targets, config.site_url or "")
        if preview or not self.config.record_permalinks or not self._manifest_readable:
            return
        try:
            record_published(self.catalog.docs_dir, self.catalog.articles)
        except (KBError, OSError) as exc:
            raise PluginError(f"kb: cannot record the permalink manifest: {exc}") from exc


def _support_url(config: MkDocsConfig) -> str:
    """The contact-support link of the Ask box: kb's ``support_url`` setting."""
    from kb.config import load_settings
    from kb.errors import ConfigError

    try:
        return load_settings(Path(config.config_file_path or ".").parent).support_url
    except ConfigError as exc:
        raise PluginError(str(exc)) from exc


def _require_anchor_extensions(config: MkDocsConfig) -> None:
    """kb computes anchors like toc's default slugify; make sure the site does the same."""
    extensions: list[str] = config.markdown_extensions
    mdx: dict[str, Any] = config.mdx_configs
    for name in ("toc", "attr_list"):
        if name not in extensions:
            extensions.append(name)
    toc = mdx.setdefault("toc", {})
    if "slugify" in toc:
        raise PluginError(
            "kb: markdown_extensions toc 'slugify' must not be set: kb's anchors, links and "
            "search results use Python-Markdown's default slugify — remove the option"
        )
    toc.setdefault("permalink", True)
