"""Running an import: read the export, plan it, and write the plan (or only show it).

Everything is converted and checked before the first file is written, so a bad record never
leaves anything behind: it is reported and left out. Files are written atomically through
``kb.store``, drafts go to ``docs/_drafts/``, images are copied, and the manifest's redirects are
recorded last, under its lock. Running it again with the same export writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.content import split_front_matter
from kb.errors import InputError
from kb.importing.convert import image_index
from kb.importing.freshdesk import read_freshdesk
from kb.importing.helpscout import read_helpscout
from kb.importing.intercom import read_intercom
from kb.importing.model import SOURCES, ImportedExport
from kb.importing.plan import Existing, ImportPlan, plan_import
from kb.importing.zendesk import read_zendesk
from kb.permalinks import add_page_redirect, load_manifest, manifest_lock, new_article_id, page_url
from kb.permalinks.contract import add_anchor_redirect, save_manifest
from kb.store import write_bytes_atomic, write_text_atomic

__all__ = ["ImportReport", "import_help_centre", "load_category_map", "read_export", "scan_docs_for_imports"]

_READERS: Mapping[str, Callable[[Path], ImportedExport]] = {
    "zendesk": read_zendesk,
    "freshdesk": read_freshdesk,
    "helpscout": read_helpscout,
    "intercom": read_intercom,
}
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".ico"})
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ImportReport:
    """The plan and what was done with it (nothing, for a dry run)."""

    plan: ImportPlan
    dry_run: bool
    files_written: int = 0
    images_copied: int = 0


def read_export(source: str, path: Path) -> ImportedExport:
    reader = _READERS.get(source)
    if reader is None:
        raise InputError(f"unknown source '{source}'", f"use one of: {', '.join(SOURCES)}")
    return reader(path)


def load_category_map(file: Path | None) -> dict[str, str]:
    """``old category name or id: new category`` lines (``Billing/Invoices`` names a sub-category)."""
    if file is None:
        return {}
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise InputError(f"{file}: no such category map", "pass a YAML file of 'Old name: New name' lines") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read the category map: {exc}", "check the file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(
            f"{file}{line}: the category map is not valid YAML", "write 'Old name: New name' lines"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{file}: the category map must be a mapping", "write 'Old name: New name' lines")
    mapping: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str | int) or not str(value).strip():
            raise InputError(f"{file}: category {key!r} maps to {value!r}", "map each old category to a name")
        mapping[str(key).strip()] = str(value).strip()
    return mapping


def scan_docs_for_imports(docs_dir: Path) -> tuple[dict[tuple[str, str], Existing], set[str], set[str]]:
    """(articles imported before by (source, id), every file path taken, every article id in use)."""
    existing: dict[tuple[str, str], Existing] = {}
    taken: set[str] = set()
    ids: set[str] = set()
    if not docs_dir.is_dir():
        return existing, taken, ids
    for file in docs_dir.rglob("*"):
        if not file.is_file():
            continue
        rel = file.relative_to(docs_dir).as_posix()
        taken.add(rel)
        if file.suffix != ".md":
            continue
        try:
            fm, _body, _offset = split_front_matter(file.read_text(encoding="utf-8").lstrip("\ufeff"))
            meta = yaml.load(fm, Loader=_Loader) if fm else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # kb check reports unreadable articles; they are never matched
        if not isinstance(meta, dict):
            continue
        if isinstance(meta.get("id"), str):
            ids.add(meta["id"])
        origin = meta.get("imported_from")
        if isinstance(origin, dict) and origin.get("source") and origin.get("id") is not None:
            key = (str(origin["source"]), str(origin["id"]))
            kb_id = meta.get("id") if isinstance(meta.get("id"), str) else None
            existing[key] = Existing(rel, kb_id, str(origin.get("updated") or ""))
    return existing, taken, ids


def _export_images(path: Path) -> tuple[Path, dict[str, str]]:
    root = path if path.is_dir() else path.parent
    files = [
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix.lower() in _IMAGE_SUFFIXES and p.is_file()
    ]
    return root, image_index(files)


def import_help_centre(
    source: str, path: Path, docs_dir: Path, *, category_map: Path | None = None, dry_run: bool = False
) -> ImportReport:
    """Import the export at ``path`` into ``docs_dir`` (see the module's docstring)."""
    mapping = load_category_map(category_map)
    export = read_export(source, path)
    root, images = _export_images(path)
    existing, taken, ids = scan_docs_for_imports(docs_dir)
    with manifest_lock(docs_dir):
        manifest = load_manifest(docs_dir)
        plan = plan_import(
            export,
            existing=existing,
            taken=taken,
            used_ids=ids | manifest.ids(),
            new_id=new_article_id,
            category_map=mapping,
            images=images,
            live_urls={page_url(p) for p in taken if p.endswith(".md")},
        )
        if dry_run:
            return ImportReport(plan, True)
        written = copied = 0
        for image, target in plan.images:
            file = docs_dir / target
            data = (root / image).read_bytes()
            if not file.is_file() or file.read_bytes() != data:
                write_bytes_atomic(file, data, durable=False)
                copied += 1
        for planned in plan.files:
            if planned.action != "unchanged":
                write_text_atomic(docs_dir / planned.path, planned.text, durable=False)
                written += 1
        if written or copied:
            os.sync()  # one flush for the whole batch, before the manifest points at the files
        for old, new in plan.redirects:
            if manifest.redirects.get(old) != new:
                add_page_redirect(manifest, old, new, same_article=False)
        for url, old_anchor, new_anchor in plan.anchor_redirects:
            if manifest.anchor_redirects.get(url, {}).get(old_anchor) != new_anchor:
                add_anchor_redirect(manifest, url, old_anchor, new_anchor)
        save_manifest(docs_dir, manifest)
    return ImportReport(plan, False, written, copied)
