"""``kb check``: validate the whole docs tree and report every problem at once.

Per-file problems come from the content model; this module adds the ones that need the whole
tree: duplicate ids, links to missing articles or anchors, and published addresses that
disappeared (the permalink manifest).
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Collection, Iterable
from pathlib import Path

from kb.content import Article, Catalog, Problem, iter_article_files, load_article, load_catalog, resolve_link
from kb.permalinks import Manifest, manifest_problems, page_path, page_url, read_manifest

__all__ = ["check_docs", "check_links", "has_errors"]


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def check_links(
    articles: Iterable[Article],
    known: dict[str, Article],
    manifest: Manifest | None = None,
    other_files: Collection[str] = (),
) -> list[Problem]:
    """Internal links whose target article or anchor does not exist.

    ``other_files`` are Markdown files in the docs that are no articles (``_snippets/…``): a link
    to one is not broken. With the permalink ``manifest``, the hint names where a moved article
    or renamed section went.
    """
    problems: list[Problem] = []
    for article in articles:
        for link in article.links:
            target_path = resolve_link(article.path, link.target)
            if target_path == "index.md" or target_path in other_files:
                continue
            target = known.get(target_path)
            if target is None:
                hint = "fix the path (it is relative to this file) or create the article"
                new_path = page_path(manifest.resolve_page(page_url(target_path))) if manifest else target_path
                if new_path != target_path and new_path in known:
                    here = posixpath.dirname(article.path) or "."
                    hint = f"the article moved to {new_path}: link to {posixpath.relpath(new_path, here)}"
                problems.append(Problem(article.path, link.line, f"link to missing article '{link.target}'", hint))
            elif link.anchor and link.anchor not in target.anchors and link.anchor not in target.element_ids:
                hint = _anchor_hint(link.anchor, target.anchors)
                renamed = (
                    manifest.resolve_anchor(page_url(target_path), link.anchor, target.anchors) if manifest else None
                )
                if renamed:
                    hint = f"the section was renamed: link to #{renamed}"
                problems.append(
                    Problem(
                        article.path, link.line, f"link to missing anchor '#{link.anchor}' in '{target_path}'", hint
                    )
                )
    return problems


def _structure_problems(catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    first_with_id: dict[str, Article] = {}
    for article in catalog.articles:
        if article.id:
            other = first_with_id.setdefault(article.id, article)
            if other is not article:
                problems.append(
                    Problem(
                        article.path,
                        article.field_lines.get("id", 1),
                        f"duplicate article id '{article.id}', also used by {other.path}",
                        "give this article a different id",
                    )
                )
    return problems


def _load_drafts(docs_dir: Path) -> tuple[list[Article], list[Problem]]:
    drafts: list[Article] = []
    problems: list[Problem] = []
    for file in iter_article_files(docs_dir, drafts=True):
        article, found = load_article(docs_dir, file)
        problems.extend(found)
        if article is not None:
            drafts.append(article)
    return drafts, problems


def check_docs(docs_dir: Path, catalog: Catalog | None = None) -> list[Problem]:
    """Every problem in the docs tree (articles and drafts), sorted by file and line."""
    catalog = catalog or load_catalog(docs_dir)
    problems = list(catalog.problems)
    problems.extend(_structure_problems(catalog))
    known = catalog.by_path()
    drafts, draft_problems = _load_drafts(docs_dir)
    problems.extend(draft_problems)
    manifest, found = read_manifest(docs_dir)
    problems.extend(found)
    problems.extend(manifest_problems(manifest, catalog))
    everything = known | {d.path: d for d in drafts}
    others = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")} - set(everything)
    problems.extend(check_links([*catalog.articles, *drafts], everything, manifest, others))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return problems


def _anchor_hint(wanted: str, anchors: frozenset[str]) -> str:
    """The anchors to link to instead: all of a short list, else the closest few (a FAQ page has dozens)."""
    if not anchors:
        return "the page has no section anchors: link to the page itself"
    if len(anchors) <= 8:
        return f"use one of its anchors: {', '.join(sorted(anchors))}"
    close = difflib.get_close_matches(wanted, sorted(anchors), n=5, cutoff=0.3)
    if close:
        return f"did you mean {', '.join(close)}? (the page has {len(anchors)} anchors)"
    return f"open the page and copy a heading's link (it has {len(anchors)} anchors)"
