"""The permalink contract: a published page URL or section anchor never disappears silently.

The manifest, ``docs/_permalinks.yml``, is committed with the articles. It lists every page URL
kb has published (with the article's short id and its section anchors) and the redirects that
keep old addresses working::

    pages:
      /agents/publish-a-draft/:
        id: k3f9a
        anchors: [steps, what-publishing-does]
    redirects:
      /agents/old-name/: /agents/publish-a-draft/
    anchor_redirects:
      /agents/publish-a-draft/:
        old-heading: steps

Recording only ever adds (``kb build``, publishing and ``kb move`` record); ``kb check`` only
reads it and reports every listed address that no longer leads anywhere. Drafts are never in it.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import string
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from kb.content import DRAFTS_DIR, Article, Catalog, Problem, article_url, load_catalog
from kb.errors import ContentError
from kb.permalinks.manifest import MANIFEST_FILE, Manifest, PageRecord, dump_manifest, parse_manifest
from kb.store import write_text_atomic

__all__ = [
    "MANIFEST_FILE",
    "SHORT_LINK_FOLDER",
    "Manifest",
    "PageRecord",
    "add_anchor_redirect",
    "add_page_redirect",
    "dump_manifest",
    "load_manifest",
    "manifest_lock",
    "manifest_problems",
    "new_article_id",
    "page_path",
    "page_url",
    "parse_manifest",
    "read_manifest",
    "record_articles",
    "record_published",
    "save_manifest",
    "short_link",
]

SHORT_LINK_FOLDER = "s"
_ID_LENGTH = 5


def page_url(path: str) -> str:
    """``agents/publish-a-draft.md`` → ``/agents/publish-a-draft/`` (the manifest's form)."""
    return "/" + article_url(path)


def page_path(url: str) -> str:
    """The docs path an article at ``url`` comes from: ``/agents/a/`` → ``agents/a.md``."""
    return url.strip("/") + ".md"


def short_link(article_id: str) -> str:
    return f"/{SHORT_LINK_FOLDER}/{article_id}/"


def new_article_id(existing: Collection[str]) -> str:
    """A fresh short id: 5 characters of ``[a-z0-9]``, starting with a letter, not in ``existing``.

    Pass every id in use: the current articles' and ``Manifest.ids()`` (a retired id may still
    be in someone's short link).
    """
    alphabet = string.ascii_lowercase + string.digits
    while True:
        # A letter first: YAML never reads it as a number or a date, and it reads as a word.
        candidate = secrets.choice(string.ascii_lowercase) + "".join(
            secrets.choice(alphabet) for _ in range(_ID_LENGTH - 1)
        )
        if candidate not in existing:
            return candidate


# -- reading and writing ---------------------------------------------------------------------


def read_manifest(docs_dir: Path) -> tuple[Manifest, list[Problem]]:
    """The manifest in ``docs_dir`` and its problems; an empty one if there is no file yet."""
    file = docs_dir / MANIFEST_FILE
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Manifest(), [Problem(MANIFEST_FILE, 1, f"cannot read the permalink manifest: {exc}", "check the file")]
    return parse_manifest(text)


def load_manifest(docs_dir: Path) -> Manifest:
    """The manifest, for changing it: raises ``ContentError`` rather than lose what it cannot read."""
    manifest, problems = read_manifest(docs_dir)
    if problems:
        raise ContentError(
            f"{docs_dir.name}/{problems[0]}", f"fix {MANIFEST_FILE} first (kb check lists every problem)"
        )
    return manifest


def save_manifest(docs_dir: Path, manifest: Manifest) -> bool:
    """Write the manifest atomically if its text changed; True if it was written."""
    text = dump_manifest(manifest)
    file = docs_dir / MANIFEST_FILE
    try:
        if file.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text_atomic(file, text)
    manifest.source = text
    return True


# -- recording and redirecting ---------------------------------------------------------------


def record_articles(manifest: Manifest, articles: Iterable[Article]) -> bool:
    """Add every article's URL, id and anchors (never removing any). True if anything changed.

    A live article at a URL that used to redirect replaces the redirect.
    """
    changed = False
    for article in articles:
        if PurePosixPath(article.path).parts[0] == DRAFTS_DIR:
            continue
        url = page_url(article.path)
        record = manifest.pages.get(url)
        if record is None:
            manifest.pages[url] = PageRecord(article.id, set(article.anchors))
            changed = True
        else:
            if record.id is None and article.id:
                record.id = article.id
                changed = True
            if not article.anchors <= record.anchors:
                record.anchors |= article.anchors
                changed = True
        if manifest.redirects.pop(url, None) is not None:
            changed = True
    return changed


@contextmanager
def manifest_lock(docs_dir: Path) -> Iterator[None]:
    """Hold this while reading, changing and saving the manifest, so no writer loses another's work.

    It is an ``flock`` on the docs folder itself, so no lock file is left among the committed docs.
    ``flock`` belongs to the open file description: it excludes other processes and other threads,
    and it is not reentrant (do not call kb functions that take it while holding it).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(docs_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def record_published(docs_dir: Path, articles: Iterable[Article] | None = None) -> bool:
    """Record published articles in the manifest of ``docs_dir``; True if the file changed.

    ``articles``: the ones just published or rebuilt (default: every article in the docs).
    Publishing calls this with the article it wrote; the kb MkDocs plugin after each real
    build with all of them. Raises ``ContentError`` if the manifest cannot be read: it is
    never overwritten then.
    """
    if articles is None:
        articles = load_catalog(docs_dir).articles
    with manifest_lock(docs_dir):
        manifest = load_manifest(docs_dir)
        record_articles(manifest, articles)
        return save_manifest(docs_dir, manifest)


def add_page_redirect(manifest: Manifest, old_url: str, new_url: str, *, same_article: bool = True) -> None:
    """Redirect ``old_url`` to ``new_url``; what pointed at ``old_url`` follows (A→B, B→C: A→C).

    For a moved article (``same_article``) the old URL's record, anchors and anchor redirects
    move along, so kb check keeps checking that old section links land on the new page. For a
    deleted article redirected elsewhere, its sections are gone: its record keeps only the id,
    so its short link follows the redirect.
    """
    if old_url == new_url:
        return
    if not same_article:
        record = manifest.pages.get(old_url)
        if record is not None:
            record.anchors.clear()
        manifest.anchor_redirects.pop(old_url, None)
    record = manifest.pages.pop(old_url, None) if same_article else None
    if record is not None:
        target = manifest.pages.setdefault(new_url, PageRecord(record.id))
        target.anchors |= record.anchors
        target.id = target.id or record.id
    moved = manifest.anchor_redirects.pop(old_url, None)
    if moved:
        merged = manifest.anchor_redirects.setdefault(new_url, {})
        for old, new in moved.items():
            merged.setdefault(old, new)
    for source, target_url in list(manifest.redirects.items()):
        if target_url == old_url:
            manifest.redirects[source] = new_url
    manifest.redirects.pop(new_url, None)  # the new URL is a live page now
    manifest.redirects[old_url] = new_url
    for source in [s for s, t in manifest.redirects.items() if s == t]:
        del manifest.redirects[source]


def add_anchor_redirect(manifest: Manifest, url: str, old: str, new: str) -> None:
    """Send ``url#old`` to ``url#new``; anchor redirects to ``old`` follow (a→b, b→c: a→c)."""
    mapping = manifest.anchor_redirects.setdefault(url, {})
    for source, target in list(mapping.items()):
        if target == old:
            mapping[source] = new
    mapping.pop(new, None)  # ``new`` is a live anchor now
    mapping[old] = new


# -- checking --------------------------------------------------------------------------------


def manifest_problems(manifest: Manifest, catalog: Catalog) -> list[Problem]:
    """Every listed address that no longer leads to a page or section, and broken redirects."""
    live = {page_url(a.path): a for a in catalog.articles}
    left_out = {page_url(p.path): p for p in catalog.left_out}
    by_id = {a.id: a for a in catalog.articles if a.id}
    problems: list[Problem] = []
    for article in catalog.articles:
        if article.category == SHORT_LINK_FOLDER:
            problems.append(
                Problem(
                    article.path,
                    1,
                    f"the folder '{SHORT_LINK_FOLDER}/' is reserved for short links /{SHORT_LINK_FOLDER}/{{id}}/",
                    "move the article to another category with kb move",
                )
            )
    for source in manifest.redirects:
        if source in live:
            continue
        final = manifest.resolve_page(source)
        if final not in live and final not in left_out:  # a left-out page is reported itself
            problems.append(
                Problem(
                    MANIFEST_FILE,
                    manifest.line_of(source, "redirects"),
                    f"{source} redirects to {final}, which is not a published page",
                    f"point it at an existing article: kb redirect-page {page_path(source)} NEW.md",
                )
            )
    for url, record in manifest.pages.items():
        live_article = live.get(url)
        if live_article is None:
            final = manifest.resolve_page(url)
            unusable = left_out.get(final)
            if final == url:
                if unusable is not None:
                    problems.append(_left_out(url, unusable))
                else:
                    problems.append(_page_gone(manifest, url, record, by_id.get(record.id or "")))
                continue
            if unusable is not None:
                continue  # reported with the page it redirects to
            if final not in live:
                continue  # reported with the redirects
            article, url_for_anchors = live[final], final
        else:
            article = live_article
            url_for_anchors = url
            if record.id and article.id != record.id:
                now = f"'{article.id}'" if article.id else "nothing"
                problems.append(
                    Problem(
                        article.path,
                        article.field_lines.get("id", 1),
                        f"article id changed from '{record.id}' to {now}: the short link "
                        f"{short_link(record.id)} would break",
                        f"put back id: {record.id}",
                    )
                )
        for anchor in sorted(record.anchors):
            if manifest.resolve_anchor(url_for_anchors, anchor, article.anchors) is None:
                problems.append(
                    Problem(
                        article.path,
                        article.title_line or 1,
                        f"{url}#{anchor} disappeared without a redirect",
                        f"keep the anchor with an explicit id ('## New heading {{#{anchor}}}') or run "
                        f"'kb redirect-anchor {article.path} {anchor} NEW-ANCHOR'",
                    )
                )
    problems.extend(_anchor_redirect_problems(manifest, live))
    return problems


def _left_out(url: str, problem: Problem) -> Problem:
    """A published page whose article cannot be read: the build leaves it out, so its address breaks."""
    return Problem(
        problem.path,
        problem.line,
        f"published page {url} is left out of the site because {problem.message}",
        problem.hint or "fix the article",
    )


def _page_gone(manifest: Manifest, url: str, record: PageRecord, moved: Article | None) -> Problem:
    old_path = page_path(url)
    if moved is not None:
        return Problem(
            moved.path,
            moved.field_lines.get("id", 1),
            f"{url} disappeared without a redirect",
            f"this article (id {record.id}) was published there: rename it back to {old_path} and run "
            f"'kb move {old_path} {moved.path}', which writes the redirect",
        )
    return Problem(
        MANIFEST_FILE,
        manifest.line_of(url),
        f"{url} disappeared without a redirect",
        f"restore {old_path}, rename articles with kb move (it writes the redirect), or redirect the "
        f"old address: kb redirect-page {old_path} NEW.md",
    )


def _anchor_redirect_problems(manifest: Manifest, live: Mapping[str, Article]) -> list[Problem]:
    problems: list[Problem] = []
    for url, mapping in manifest.anchor_redirects.items():
        article = live.get(manifest.resolve_page(url))
        if article is None:
            continue  # the page itself is reported
        for old, new in sorted(mapping.items()):
            if manifest.resolve_anchor(url, old, article.anchors) is None:
                choices = ", ".join(sorted(article.anchors)) or "none"
                problems.append(
                    Problem(
                        article.path,
                        article.title_line or 1,
                        f"anchor redirect {url}#{old} → #{new} leads to a missing anchor",
                        f"redirect it to one of the page's anchors: {choices}",
                    )
                )
    return problems
