"""What an import would write, as a pure function of the export and what the docs folder holds.

Nothing here touches the disk: ``plan_import`` gets the export, the articles imported before
(matched by ``imported_from``), the paths and ids already taken and the export's image files,
and returns every file to write with its action (create, update, unchanged), the images to
copy, the redirects and anchor redirects to record, the summaries to review, and every record
that cannot be imported with the reason. ``kb import --dry-run`` prints it; ``apply`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import yaml

from kb.content import DRAFTS_DIR, parse_article, slug
from kb.importing.convert import LinkIndex, convert_article, heading_anchors, link_keys, old_path
from kb.importing.model import ImportedArticle, ImportedCategory, ImportedExport, RecordError
from kb.permalinks import page_url

__all__ = ["Existing", "ImportPlan", "PlannedFile", "plan_import"]

#: Where imported articles without a (known) category go.
FALLBACK_FOLDER = "general"
#: Where images copied from the export go (``assets/zendesk/...``): not a category, no articles.
ASSETS_FOLDER = "assets"
_RESERVED_FOLDERS = frozenset({"s", ASSETS_FOLDER})
_MANIFEST_URL_RE = re.compile(r"^/(?:[^/\s?#\\<>\"']+/)*$")
_ESCAPE_TITLE_RE = re.compile(r"([\\`*_{}\[\]<>#!|])")


@dataclass(frozen=True)
class Existing:
    """An article imported before: where it is now, its kb id and the vendor's ``updated`` then."""

    path: str
    kb_id: str | None
    updated: str


@dataclass(frozen=True)
class PlannedFile:
    """One file of the plan. ``action`` is ``create``, ``update`` or ``unchanged``."""

    path: str
    text: str
    action: str
    label: str


@dataclass(frozen=True)
class ImportPlan:
    source: str
    files: tuple[PlannedFile, ...] = ()
    images: tuple[tuple[str, str], ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()
    anchor_redirects: tuple[tuple[str, str, str], ...] = ()
    summaries: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[RecordError, ...] = ()
    #: parts of imported articles that could not be converted (an embedded video, a form…)
    unconverted: tuple[str, ...] = ()

    def count(self, action: str, articles_only: bool = True) -> int:
        return sum(1 for f in self.files if f.action == action and (f.path.endswith(".md") or not articles_only))


@dataclass
class _Folders:
    """Category → docs folder, with the title, description and order of each folder."""

    by_category: dict[str, str] = field(default_factory=dict)
    meta: dict[str, tuple[str, str, int]] = field(default_factory=dict)


def _folder_slug(name: str, fallback: str) -> str:
    value = slug(name).strip("_.-")[:60].strip("-") or fallback
    return f"{value}-docs" if value in _RESERVED_FOLDERS else value


def _folders(categories: tuple[ImportedCategory, ...], category_map: Mapping[str, str]) -> _Folders:
    by_id = {c.id: c for c in categories}
    ranks: dict[str, int] = {}
    siblings: dict[str | None, list[ImportedCategory]] = {}
    for category in categories:
        parent = category.parent_id if category.parent_id in by_id else None
        siblings.setdefault(parent, []).append(category)
    for group in siblings.values():
        ordered = sorted(enumerate(group), key=lambda pair: (pair[1].position, pair[0]))
        for rank, (_index, category) in enumerate(ordered, 1):
            ranks[category.id] = rank
    folders = _Folders()

    def resolve(category: ImportedCategory, depth: int = 0) -> str:
        if category.id in folders.by_category:
            return folders.by_category[category.id]
        mapped = category_map.get(category.id) or category_map.get(category.name)
        name = (mapped or category.name).strip()
        parent = by_id.get(category.parent_id or "")
        if mapped and "/" in mapped:
            parts = [p.strip() for p in mapped.split("/") if p.strip()]
            folder = "/".join(_folder_slug(p, f"category-{category.id}") for p in parts)
            title = parts[-1] if parts else category.name
        else:
            base = resolve(parent, depth + 1) if parent is not None and depth < 10 else ""
            own = _folder_slug(name, f"category-{category.id}")
            folder, title = (f"{base}/{own}" if base else own), name
        folders.by_category[category.id] = folder
        folders.meta.setdefault(folder, (title, category.description.strip(), ranks.get(category.id, 1)))
        return folder

    for category in categories:
        resolve(category)
    return folders


def _article_slug(article: ImportedArticle) -> str:
    return slug(article.title).strip("_.-")[:80].strip("-") or f"article-{slug(article.id) or 'x'}"


def _place(base: str, taken: set[str]) -> str:
    path, number = f"{base}.md", 1
    while path in taken:
        number += 1
        path = f"{base}-{number}.md"
    taken.add(path)
    return path


def _redirect_sources(url: str) -> list[str]:
    """The old addresses of an article in the manifest's form: its path, and the path with only
    the id (``/hc/en-us/articles/123-title`` also answers at ``/hc/en-us/articles/123``)."""
    path = old_path(url)
    if not path:
        return []
    forms = [path]
    head, _, last = path.rpartition("/")
    number, dash, _rest = last.partition("-")
    if dash and number.isdigit():
        forms.append(f"{head}/{number}")
    return [quote(form, safe="/%!$&()*+,;=:@-._~") + "/" for form in forms]


def _front_matter(meta: Mapping[str, object]) -> str:
    return yaml.safe_dump(dict(meta), sort_keys=False, allow_unicode=True, width=1000)


def _document(meta: Mapping[str, object], title: str, body: str) -> str:
    heading = _ESCAPE_TITLE_RE.sub(r"\\\1", " ".join(title.split()))
    return f"---\n{_front_matter(meta)}---\n# {heading}\n\n{body}"


def plan_import(
    export: ImportedExport,
    *,
    existing: Mapping[tuple[str, str], Existing],
    taken: Collection[str],
    used_ids: Collection[str],
    new_id: Callable[[Collection[str]], str],
    category_map: Mapping[str, str] | None = None,
    images: Mapping[str, str] | None = None,
    live_urls: Collection[str] = (),
) -> ImportPlan:
    """The plan for importing ``export`` into a docs folder (see the module's docstring)."""
    folders = _folders(export.categories, category_map or {})
    taken_paths = set(taken)
    ids = set(used_ids)
    warnings: list[str] = []
    errors = list(export.errors)
    paths: dict[str, str] = {}
    for article in export.articles:
        known = existing.get((export.source, article.id))
        if known is not None:
            paths[article.id] = known.path
            continue
        folder = folders.by_category.get(article.category_id or "")
        if folder is None:
            if article.category_id:
                warnings.append(
                    f"{article.source} article {article.id}: unknown category {article.category_id}, "
                    f"put in {FALLBACK_FOLDER}/"
                )
            folder = FALLBACK_FOLDER
            folders.meta.setdefault(FALLBACK_FOLDER, ("General", "", len(folders.meta) + 1))
        base = f"{DRAFTS_DIR}/{_article_slug(article)}" if article.draft else f"{folder}/{_article_slug(article)}"
        paths[article.id] = _place(base, taken_paths)
    published = [a for a in export.articles if not paths[a.id].startswith(f"{DRAFTS_DIR}/")]
    targets: dict[str, str] = {}
    for article in published:
        for key in link_keys(article.url, article.id):
            targets.setdefault(key, paths[article.id])
    anchors = {paths[a.id]: heading_anchors(a.body_html) for a in published}
    links = LinkIndex(targets, anchors)

    files: list[PlannedFile] = []
    image_copies: dict[str, str] = {}
    redirects: dict[str, str] = {}
    anchor_redirects: list[tuple[str, str, str]] = []
    summaries: list[tuple[str, str]] = []
    unconverted: list[str] = []
    used_folders: set[str] = set()
    for article in export.articles:
        path = paths[article.id]
        label = f"{article.source} article {article.id} ({article.title!r})"
        conversion = convert_article(article.body_html, path, links, images, f"{ASSETS_FOLDER}/{export.source}")
        warnings += [f"{label}: {w}" for w in conversion.warnings]
        unconverted += [f"{label}: {lost}" for lost in conversion.lost]
        known = existing.get((export.source, article.id))
        kb_id = known.kb_id if known is not None and known.kb_id else None
        if kb_id is None:
            kb_id = new_id(ids)
            ids.add(kb_id)
        meta: dict[str, object] = {"title": " ".join(article.title.split())}
        tail: dict[str, object] = {
            "tags": [slug(label_) or label_ for label_ in article.labels],
            "id": kb_id,
            "imported_from": {
                "source": article.source,
                "id": article.id,
                "url": article.url,
                "updated": article.updated,
            },
        }
        folder = path.rpartition("/")[0]
        if article.draft:
            tail = {"status": "draft", "category": folders.by_category.get(article.category_id or "", ""), **tail}
        parsed, problems = parse_article(path, _document({**meta, **tail}, article.title, conversion.markdown))
        if parsed is None:
            errors.append(RecordError(label, f"converts to an unreadable article: {problems[0].message}"))
            continue
        summary = parsed.summary or meta["title"]
        text = _document({**meta, "summary": summary, **tail}, article.title, conversion.markdown)
        if not conversion.markdown.strip():
            warnings.append(f"{label}: the body is empty")
        action = "create"
        if known is not None:
            action = "unchanged" if known.updated == article.updated else "update"
        files.append(PlannedFile(path, text, action, label))
        if action != "unchanged":
            summaries.append((path, str(summary)))
        image_copies.update(dict(conversion.images))
        if article.draft:
            continue
        used_folders.add(folder)
        url = page_url(path)
        for source in _redirect_sources(article.url):
            if not _MANIFEST_URL_RE.match(source) or "/../" in source or source == url:
                continue
            if source in live_urls or any(source == page_url(p) for p in paths.values()):
                warnings.append(f"{label}: old address {source} is a kb page already; not redirected")
            elif redirects.setdefault(source, url) != url:
                warnings.append(f"{label}: old address {source} also belongs to another article; kept the first")
        for old, new in sorted(heading_anchors(article.body_html).items()):
            if new in parsed.anchors and old not in parsed.anchors:
                anchor_redirects.append((url, old, new))
    files += _category_files(folders, used_folders, taken)
    return ImportPlan(
        export.source,
        tuple(files),
        tuple(sorted(image_copies.items())),
        tuple(sorted(redirects.items())),
        tuple(anchor_redirects),
        tuple(summaries),
        tuple(warnings),
        tuple(errors),
        tuple(unconverted),
    )


def _category_files(folders: _Folders, used: set[str], taken: Collection[str]) -> list[PlannedFile]:
    """``_category.yml`` for each folder that gets articles (and the folders above), unless one exists."""
    wanted: set[str] = set()
    for folder in used:
        parts = folder.split("/")
        wanted.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    files = []
    for folder in sorted(wanted):
        path = f"{folder}/_category.yml"
        title, description, order = folders.meta.get(
            folder, (folder.rsplit("/", 1)[-1].replace("-", " ").title(), "", 1)
        )
        meta: dict[str, object] = {"title": title, "order": order}
        if description:
            meta["description"] = " ".join(description.split())
        action = "unchanged" if path in taken else "create"
        files.append(PlannedFile(path, _front_matter(meta), action, f"category {folder}"))
    return files
