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
- an article that cannot be rendered at all (front matter that is not YAML, a file that is not
  UTF-8) is left out of the site with a warning naming it, instead of MkDocs rendering its front
  matter as text or stopping the whole build on it; ``kb check`` reports it as an error;
- permalinks: redirect pages for moved articles and short links ``/s/{id}/`` from the permalink
  manifest, the old → new anchor map on pages with renamed headings, and after a real build
  (not a preview with drafts) every published URL and anchor is recorded in the manifest.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.content import Article, Catalog, Category, Problem, iter_article_files, load_article, load_catalog
from kb.errors import KBError
from kb.permalinks import (
    Manifest,
    anchor_maps,
    anchor_script,
    manifest_problems,
    page_url,
    read_manifest,
    record_published,
    redirect_targets,
    write_redirect_pages,
)
from kb.progress import Progress, Tick, counter
from kb.site.cards import card_dest, card_svg, write_card
from kb.site.listings import category_page_uri, category_pages, home_sections, markdown_text, with_summary
from kb.site.nav import apply_nav
from kb.site.plugin_config import check_template, require_anchor_extensions, support_url
from kb.site.related import Related, related_articles
from kb.site.sanitize import sanitize_html
from kb.site.share import ArticleShare, head_markup, page_sections

__all__ = ["KBPlugin", "category_page_uri", "category_pages", "file_inclusion"]

log = logging.getLogger("mkdocs.plugins.kb")
THEME_DIR = Path(__file__).parent / "theme"
# A static file only a preview build (one that includes drafts) copies: such builds never record.
#: Front matter fields the theme prints into pages unescaped.
TEMPLATE_FIELDS = ("title", "description", "subtitle")
_TAG_RE = re.compile(r"<[^>]*>")
_PREVIEW_MARKER = "assets/kb/preview-build.txt"
_MAX_LOGGED = 10

def file_inclusion(uri: str, is_page: bool) -> InclusionLevel | None:
    """kb's rule for a docs file: drafts, ``_*`` data files left out, articles kept out of the nav
    (None: MkDocs' own rules decide)."""
    if uri.startswith("_drafts/"):
        return InclusionLevel.DRAFT
    if uri.split("/")[-1].startswith("_") or "/_" in uri or uri.startswith("_"):
        return InclusionLevel.EXCLUDED
    if is_page and uri != "index.md":
        return InclusionLevel.NOT_IN_NAV
    return None


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
        self._anchor_maps_by_source: dict[str, dict[str, str]] = {}
        self._articles: dict[str, Article] = {}
        self._related: Mapping[str, tuple[Related, ...]] | None = None
        # Set by kb.site.build and kb.site.update; plain `mkdocs build` keeps these defaults.
        #: where the catalog comes from (a partial update passes its cached one)
        self.catalog_source: Callable[[Path], Catalog] = load_catalog
        #: log every permalink problem (needs every article's anchors, which a cached catalog lacks)
        self.check_permalinks = True
        #: keep compiled theme templates here, so a short-lived process does not recompile them
        self.template_cache: Path | None = None
        #: the last related lists and what they came from, so a publish recomputes only a few
        self.related_cache: Path | None = None
        #: what the last build saw, for kb.site.update: its files and the redirect pages it wrote
        self.files: Files | None = None
        self.redirects: dict[str, str] = {}
        #: mkdocs.yml's own nav: kb replaces it, but keeps its category titles and order
        self.project_nav: Any = None
        #: the files left out of the last build, each with the problem that keeps it out
        self.left_out: dict[str, Problem] = {}
        #: log the problems kb check reports too (left-out files, permalinks); kb.site turns it off
        #: when its caller has just reported kb check's
        self.log_problems = True
        #: told how many pages were read and written; set by kb.site for one build
        self.progress: Progress | None = None
        #: which pages this build renders (kb.site sets is_in_serve for a preview with drafts)
        self.page_inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
        self._read_tick: Tick | None = None
        self._written_tick: Tick | None = None
        self._page_total = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        require_anchor_extensions(config)
        if "search" in config.plugins:
            log.warning(
                "kb: the 'search' plugin ships a client index that grows to megabytes; "
                "remove it from mkdocs.yml (kb's search API replaces it)"
            )
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom else 0, str(THEME_DIR))
        if config.nav:
            self.project_nav = config.nav
        config.nav = None  # set in on_files from the categories
        if not config.extra.get("kb_support_url"):
            config.extra["kb_support_url"] = support_url(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in list(files):
            inclusion = file_inclusion(file.src_uri, file.is_documentation_page())
            if inclusion is not None:
                file.inclusion = inclusion
        files = self.add_generated(files, config)
        drafts = [
            problem
            for draft in iter_article_files(Path(config.docs_dir), drafts=True)
            if (problem := _unusable(Path(config.docs_dir), draft)) is not None
        ]
        self._leave_out(files, drafts)
        return files

    def add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """Load the catalog; add the category pages, the nav, the permalink data (``on_files`` after
        the inclusion rules; a partial update, which sets no other file's inclusion, calls it alone)."""
        catalog = self.catalog_source(Path(config.docs_dir))
        if self.project_nav:
            catalog = apply_nav(catalog, self.project_nav)
        self.catalog = catalog
        self._articles = catalog.by_path()
        self._related = None
        self._categories = {c.slug: c for c in catalog.all_categories()}
        self.left_out = {}
        self._leave_out(files, catalog.left_out)
        first_pages = {category_page_uri(c.slug, 1) for c in catalog.categories}
        landing: dict[str, str] = {}
        for category in self._categories.values():
            if category.page is None:
                continue
            source = files.get_file_from_path(category.page.path)
            if source is not None:
                landing[category.slug] = source.content_string
                files.remove(source)  # replaced by the generated page: the same text plus the listing
        for uri, content in category_pages(catalog, self.config.page_size, landing).items():
            inclusion = InclusionLevel.INCLUDED if uri in first_pages else InclusionLevel.NOT_IN_NAV
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        if files.get_file_from_path("index.md") is None:
            name = markdown_text(config.site_name or "Help Centre")
            files.append(File.generated(config, "index.md", content=f"# {name}\n", inclusion=InclusionLevel.INCLUDED))
        # Nav titles reach the page as they are too (Material's nav-item.html), so they are escaped.
        categories = [{html.escape(c.title): category_page_uri(c.slug, 1)} for c in catalog.categories]
        config.nav = [{"Home": "index.md"}, *categories]
        self._load_permalinks(catalog)
        files.append(File.generated(config, _PREVIEW_MARKER, content="preview\n", inclusion=InclusionLevel.DRAFT))
        self.files = files
        return files

    def _leave_out(self, files: Files, problems: Iterable[Problem]) -> None:
        """Exclude the files MkDocs cannot render sensibly: it would show broken front matter as
        text, and a file that is not UTF-8 stops its whole build."""
        for problem in problems:
            file = files.get_file_from_path(problem.path)
            if file is None or file.inclusion == InclusionLevel.EXCLUDED:
                continue
            file.inclusion = InclusionLevel.EXCLUDED
            self.left_out[problem.path] = problem
            if self.log_problems:
                log.warning(f"kb: {problem.path} is left out of the site: {problem}")

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.progress is not None:
            total = len(files.documentation_pages(inclusion=self.page_inclusion))
            self._read_tick = counter(self.progress, "reading pages", total)
            self._page_total = total
        return nav

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._written_tick is not None:
            self._written_tick(1)
        article = self._article(page)
        if article is not None:
            category = self._breadcrumb(page.file.src_uri)
            svg = card_svg(article.title, category.title if category else "", config.site_name or "")
            write_card(config.site_dir, page.file.dest_uri, svg)
        return output

    def _article(self, page: Page) -> Article | None:
        """The article a page is built from (None for the home page and the category pages)."""
        uri = page.file.src_uri
        if uri == "index.md" or page.file.generated_by is not None:
            return None
        return self._articles.get(uri)

    def related(self, src_uri: str) -> tuple[Related, ...]:
        """The related articles the page built from ``src_uri`` lists (see kb.site.related)."""
        if self._related is None:
            catalog = self.catalog
            self._related = related_articles(catalog.articles, self.related_cache) if catalog is not None else {}
        return self._related.get(src_uri, ())

    def related_version(self, src_uri: str) -> str:
        """What the page's related list is made of, hashed ("" when it has none): a partial update
        renders a page again when the articles it lists change."""
        found = self.related(src_uri)
        if not found:
            return ""
        text = "\0".join(f"{r.title}\0{r.url}" for r in found)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    def home_sections(self) -> str:
        """What the plugin appends to the home page: the categories and the recent articles."""
        return home_sections(self.catalog, self.config.recent) if self.catalog is not None else ""

    def anchor_map(self, src_uri: str) -> dict[str, str]:
        """The old → new anchor map of the page built from ``src_uri`` (empty for most pages)."""
        if not self._anchor_maps:
            return {}
        if src_uri.endswith(".md"):  # asked for every page by kb.site.update: no pathlib per page
            return self._anchor_maps_by_source.get(src_uri, {})
        return self._anchor_maps.get(page_url(src_uri), {})

    def _load_permalinks(self, catalog: Catalog) -> None:
        self.manifest, unreadable = read_manifest(catalog.docs_dir)
        self._manifest_readable = not unreadable
        if not self.log_problems:
            problems: list[Problem] = []
        else:
            problems = [*unreadable, *(manifest_problems(self.manifest, catalog) if self.check_permalinks else [])]
        for problem in problems[:_MAX_LOGGED]:
            log.warning(f"kb: {problem}")
        if len(problems) > _MAX_LOGGED:
            log.warning(f"kb: … and {len(problems) - _MAX_LOGGED} more permalink problems (run kb check)")
        self._anchor_maps = anchor_maps(self.manifest)
        # The .md sources a page URL can come from: a/b.md, a/b/index.md, a/b/README.md.
        self._anchor_maps_by_source = {}
        for url, mapping in self._anchor_maps.items():
            folder = url.strip("/") + "/" if url.strip("/") else ""
            for name in (url.strip("/") + ".md", f"{folder}index.md", f"{folder}README.md"):
                if page_url(name) == url:
                    self._anchor_maps_by_source[name] = mapping

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material prints these front matter strings into the page as they are (<title>, the
        # header, <meta name="description">): whatever a writer or a ticket typed is text, never HTML.
        for key in TEMPLATE_FIELDS:
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value)
        if page.file.src_uri == "index.md" and self.catalog is not None:
            return markdown + self.home_sections()
        summary = page.meta.get("summary")
        if isinstance(summary, str) and summary.strip():
            markdown = with_summary(markdown, summary)
        category = self._breadcrumb(page.file.src_uri)
        if category is not None:
            page.meta["kb_category"] = {"title": category.title, "url": category.url}
        article = self._article(page)
        if article is not None:
            if article.summary.strip():
                # Material prints it as <meta name="description">: the article's own, not the site's.
                page.meta["description"] = html.escape(article.summary.strip())
            related = self.related(article.path)
            if related:
                page.meta["kb_related"] = [{"title": r.title, "url": r.url} for r in related]
        return markdown

    def _breadcrumb(self, src_uri: str) -> Category | None:
        """The category a page links back to: its folder's, or for a listing page its parent's."""
        folder = src_uri.rpartition("/")[0]
        if folder.endswith("/_pages") or folder == "_pages":
            folder = folder.rpartition("/")[0]
            return self._categories.get(folder)  # page 2… of a listing: back to its page 1
        category = self._categories.get(folder)
        if category is not None and src_uri == category_page_uri(category.slug, 1):
            return self._categories.get(category.parent)
        return category

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._read_tick is not None:
            self._read_tick(1)
        content = sanitize_html(html_text) if self.config.sanitize else html_text
        if not isinstance(page.meta.get("title"), str) and page.title:
            # A title taken from the H1: the theme prints it with ``striptags``, which turns an
            # escaped "&lt;script&gt;" back into a tag. As plain text, escaped once, it stays text.
            page.meta["title"] = html.escape(html.unescape(_TAG_RE.sub("", str(page.title))))
        article = self._article(page)
        if article is not None:
            page.meta["kb_head"] = head_markup(self._share(article, page, config), page_sections(content))
        renamed = self.anchor_map(page.file.src_uri)
        return content + anchor_script(renamed) if renamed else content  # added after sanitising: kb's own

    def _share(self, article: Article, page: Page, config: MkDocsConfig) -> ArticleShare:
        site_url = config.site_url or ""
        root = site_url if site_url.endswith("/") else (site_url + "/" if site_url else "/")
        category = self._breadcrumb(page.file.src_uri)
        summary = article.summary.strip() or (config.site_description or "")
        return ArticleShare(
            title=article.title,
            summary=summary,
            url=page.canonical_url or root + page.url,
            image=root + card_dest(page.file.dest_uri),
            site_name=config.site_name or "",
            category=category.title if category is not None else "",
            tags=tuple(article.tags),
            updated=article.updated.isoformat() if article.updated is not None else None,
            language=str(config.theme.get("language") or "en"),
        )

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        for file in files.documentation_pages():
            if file.page is not None:
                check_template(env, file.page)
        if self.progress is not None:  # every page has been read; now they are written
            self._written_tick = counter(self.progress, "writing pages", self._page_total)
        if self.template_cache is not None:
            self.template_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.template_cache))
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._read_tick = self._written_tick = None
        site_dir = Path(config.site_dir)
        marker = site_dir / _PREVIEW_MARKER
        preview = marker.exists()
        marker.unlink(missing_ok=True)
        if self.catalog is None:
            return
        self.redirects = targets = redirect_targets(self.manifest, self.catalog.articles)
        write_redirect_pages(site_dir, targets, config.site_url or "")
        if preview or not self.config.record_permalinks or not self._manifest_readable:
            return
        try:
            record_published(self.catalog.docs_dir, self.catalog.articles)
        except (KBError, OSError) as exc:
            raise PluginError(f"kb: cannot record the permalink manifest: {exc}") from exc


def _unusable(docs_dir: Path, file: Path) -> Problem | None:
    """The error that keeps ``file`` from being an article at all, or None if it is one."""
    article, problems = load_article(docs_dir, file)
    if article is not None:
        return None
    return next((p for p in problems if p.severity == "error"), None)
