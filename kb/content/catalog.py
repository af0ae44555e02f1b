"""The docs tree as a whole: categories (one folder each, nested folders are sub-categories)
and their articles.

A category's title, description and order come from ``<folder>/_category.yml`` when it
exists, else from the folder's own ``index.md`` (its landing page, as in MkDocs), else from the
folder name; a ``nav`` in mkdocs.yml can override titles and order (:mod:`kb.site.nav`).
Pages directly in the docs folder (``docs/faq.md``) belong to no category: the home page lists
them. Loading never raises for bad content: every problem is
collected so ``kb check`` can report them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.content.article import Article, Problem, iter_article_files, load_article
from kb.content.tree import DRAFTS_DIR, is_hidden

__all__ = ["CATEGORY_FILE", "Catalog", "Category", "humanize", "load_catalog"]

CATEGORY_FILE = "_category.yml"


@dataclass(frozen=True)
class Category:
    """A folder of articles. ``slug`` is its path (``setup`` or ``setup/extensions``);
    ``articles`` are the ones directly in it, without ``page``, the folder's own index.md."""

    slug: str
    title: str
    description: str
    order: int
    articles: tuple[Article, ...]
    subcategories: tuple[Category, ...] = ()
    page: Article | None = None

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def parent(self) -> str:
        """The parent category's slug ("" for a top-level category)."""
        return self.slug.rpartition("/")[0]

    def walk(self) -> Iterator[Category]:
        """This category, then its sub-categories depth first."""
        yield self
        for sub in self.subcategories:
            yield from sub.walk()

    def article_count(self) -> int:
        """Articles here and in every sub-category (landing pages included)."""
        return sum(len(c.articles) + (c.page is not None) for c in self.walk())


@dataclass(frozen=True)
class Catalog:
    docs_dir: Path
    articles: tuple[Article, ...]
    categories: tuple[Category, ...]
    problems: tuple[Problem, ...]
    #: the problem that keeps each unusable article file (unparsable front matter, not UTF-8…)
    #: out of the catalog, and so out of the site and the index
    left_out: tuple[Problem, ...] = ()

    def all_categories(self) -> Iterator[Category]:
        """Every category, top-level ones in order, each followed by its sub-categories."""
        for category in self.categories:
            yield from category.walk()

    def top_pages(self) -> list[Article]:
        """The pages directly in the docs folder (no category), by title."""
        return sorted((a for a in self.articles if not a.folder), key=lambda a: a.title.lower())

    def by_path(self) -> dict[str, Article]:
        return {a.path: a for a in self.articles}

    def recent(self, count: int = 8) -> list[Article]:
        """The most recently updated articles, newest first (ties by title)."""
        dated = [a for a in self.articles if a.updated is not None]
        dated.sort(key=lambda a: (a.updated, a.title.lower()), reverse=True)
        return dated[:count]


def humanize(slug: str) -> str:
    """``getting-started`` → ``Getting started``."""
    words = slug.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else slug


def _load_category_meta(
    docs_dir: Path, slug: str, problems: list[Problem], page: Article | None = None
) -> tuple[str, str, int]:
    file = docs_dir / slug / CATEGORY_FILE
    rel = f"{slug}/{CATEGORY_FILE}"
    default = (page.title if page is not None else humanize(slug.rpartition("/")[2]), "", 1000)
    if not file.is_file():
        return default
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        problems.append(
            Problem(
                rel,
                line,
                f"category file is not valid YAML: {exc}".splitlines()[0],
                "write title:, description: and order: lines",
            )
        )
        return default
    if data is None:
        return default
    if not isinstance(data, dict):
        problems.append(
            Problem(rel, 1, "category file must be a mapping", "write title:, description: and order:")
        )
        return default
    title = data.get("title", default[0])
    description = data.get("description", "")
    order = data.get("order", default[2])
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(rel, 1, "category 'title' must be non-empty text", "write title: Billing"))
        title = default[0]
    if not isinstance(description, str):
        problems.append(Problem(rel, 1, "category 'description' must be text", "write description: ..."))
        description = ""
    if not isinstance(order, int) or isinstance(order, bool):
        problems.append(
            Problem(rel, 1, f"category 'order' must be a whole number, got {order!r}", "write order: 1")
        )
        order = default[2]
    return title.strip(), description.strip(), order


def _group(docs_dir: Path, articles: Iterable[Article], problems: list[Problem]) -> tuple[Category, ...]:
    """The category tree: a category per folder holding articles (and per folder above one)."""
    articles = list(articles)
    members: dict[str, list[Article]] = {}
    pages: dict[str, Article] = {}
    for article in articles:
        folder = article.folder
        if not folder:
            continue
        # index.md wins over README.md, as in MkDocs
        if article.is_landing_page and (folder not in pages or article.path.endswith("/index.md")):
            pages[folder] = article
        members.setdefault(folder, [])
        parent = folder.rpartition("/")[0]
        while parent:
            members.setdefault(parent, [])
            parent = parent.rpartition("/")[0]
    for article in articles:
        if article.folder and not (article.is_landing_page and pages.get(article.folder) is article):
            members[article.folder].append(article)

    def build(slug: str) -> Category:
        title, description, order = _load_category_meta(docs_dir, slug, problems, pages.get(slug))
        subs = sorted(
            (build(child) for child in members if child.rpartition("/")[0] == slug),
            key=lambda c: (c.order, c.title.lower()),
        )
        listed = sorted(members[slug], key=lambda a: a.title.lower())
        return Category(slug, title, description, order, tuple(listed), tuple(subs), pages.get(slug))

    categories = [build(slug) for slug in members if "/" not in slug]
    categories.sort(key=lambda c: (c.order, c.title.lower()))
    return tuple(categories)


def load_catalog(docs_dir: Path) -> Catalog:
    """Load every article under ``docs_dir`` (drafts excluded) and group them by category."""
    problems: list[Problem] = []
    articles: list[Article] = []
    left_out: list[Problem] = []
    for file in iter_article_files(docs_dir):
        article, found = load_article(docs_dir, file)
        problems.extend(found)
        if article is not None:
            articles.append(article)
        else:
            left_out.append(next((p for p in found if p.severity == "error"), _unusable(docs_dir, file)))
    if not articles and not left_out:
        problems.extend(_unpublished_folders(docs_dir))
    categories = _group(docs_dir, articles, problems)
    return Catalog(docs_dir, tuple(articles), categories, tuple(problems), tuple(left_out))


def _unpublished_folders(docs_dir: Path) -> list[Problem]:
    """For docs with no article: a warning per folder named ``_…`` (other than ``_drafts/``) that
    holds Markdown, which kb never publishes. A Jekyll site keeps its pages in ``_docs/``; pointed
    at it as it is, kb would build an empty help centre and not say why."""
    folders: dict[str, list[str]] = {}
    for file in sorted(docs_dir.rglob("*.md")):
        parts = file.relative_to(docs_dir).parts
        hidden = next((n for n, part in enumerate(parts[:-1]) if is_hidden(part)), None)
        if hidden is None or parts[0] == DRAFTS_DIR or parts[hidden].startswith("."):
            continue
        folders.setdefault("/".join(parts[: hidden + 1]), []).append("/".join(parts))
    return [
        Problem(
            files[0],
            1,
            f"the docs have no article: the folder '{folder}/' holds {len(files):,} Markdown "
            f"file{'s' if len(files) != 1 else ''} kb does not publish",
            "a folder whose name starts with _ is kb's own (like _drafts/); rename it without the _ "
            "to publish what it holds",
            severity="warning",
        )
        for folder, files in folders.items()
    ]


def _unusable(docs_dir: Path, file: Path) -> Problem:
    return Problem(file.relative_to(docs_dir).as_posix(), 1, "the article cannot be read", "run kb check")
