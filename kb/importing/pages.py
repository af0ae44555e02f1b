"""Reading a vendor export: one JSON file, or a folder of the API's paged responses.

Every vendor wraps its lists differently: Zendesk ``{"articles": [...], "next_page": ...}``,
Help Scout ``{"articles": {"page": 1, "items": [...]}}``, Intercom ``{"type": "list", "data":
[...]}`` whose items say their own ``type``, and Freshdesk a bare list per endpoint (its kind is
then taken from the file name, ``articles-2.json``). All of them come out as ``Record`` values
per kind, in file order (``page-2`` before ``page-10``), each knowing where it was read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.errors import InputError
from kb.importing.model import RecordError

__all__ = ["Record", "export_files", "integer", "read_records", "required", "strings", "text", "unique_by_id"]

_DIGITS_RE = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Record:
    """One object of a list endpoint and where it was read (``export.json: articles[3]``)."""

    kind: str
    where: str
    data: Mapping[str, Any]


def _natural(path: Path) -> list[object]:
    return [int(part) if part.isdigit() else part.lower() for part in _DIGITS_RE.split(path.as_posix())]


def export_files(path: Path) -> list[Path]:
    """The JSON files of an export: ``path`` itself, or every ``*.json`` under the folder in page order."""
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted((p for p in path.rglob("*.json") if p.is_file()), key=_natural)
        if not files:
            raise InputError(f"{path}: no .json files in this folder", "pass the export file or the folder of pages")
        return files
    raise InputError(f"{path}: no such file or folder", "pass the JSON export file or the folder of JSON pages")


def _kind_of_name(name: str, kinds: Iterable[str]) -> str | None:
    lowered = name.lower()
    found = [kind for kind in kinds if kind in lowered or kind.rstrip("s") in lowered]
    return max(found, key=len) if found else None


def _items(value: object) -> list[object] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        return list(value["items"])
    return None


def read_records(path: Path, kinds: tuple[str, ...]) -> tuple[dict[str, list[Record]], list[RecordError]]:
    """Every record of the given kinds (``("categories", "sections", "articles")``) in the export.

    A file that is not JSON, or holds nothing of these kinds, is an error naming the file; a
    record that is not an object is an error naming its place. The rest is read."""
    found: dict[str, list[Record]] = {kind: [] for kind in kinds}
    errors: list[RecordError] = []
    root = path if path.is_dir() else path.parent
    for file in export_files(path):
        name = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name
        try:
            data = json.loads(file.read_bytes())
        except json.JSONDecodeError as exc:
            errors.append(RecordError(f"{name}:{exc.lineno}", f"not valid JSON: {exc.msg}", "fix or remove the file"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RecordError(name, f"cannot read the file: {exc}", "check the file"))
            continue
        before = sum(len(v) for v in found.values())
        _collect(data, name, kinds, found, errors)
        if sum(len(v) for v in found.values()) == before and not _is_empty_page(data):
            expected = ", ".join(kinds)
            errors.append(
                RecordError(
                    name, f"holds none of: {expected}", f"this file is not a list-endpoint response of {expected}"
                )
            )
    return found, errors


def _is_empty_page(data: object) -> bool:
    """A paged response with an empty list is a normal last page, not a mistake."""
    if isinstance(data, list):
        return not data
    return isinstance(data, dict) and any(_items(value) == [] for value in data.values())


def _collect(
    data: object, name: str, kinds: tuple[str, ...], found: dict[str, list[Record]], errors: list[RecordError]
) -> None:
    def add(kind: str, items: list[object], label: str) -> None:
        for number, item in enumerate(items):
            where = f"{name}: {label}[{number}]"
            if isinstance(item, dict):
                found[kind].append(Record(kind, where, item))
            else:
                errors.append(RecordError(where, f"expected an object, got {type(item).__name__}", "remove it"))

    if isinstance(data, list):
        kind = _kind_of_name(Path(name).stem, kinds)
        if kind is None:
            errors.append(
                RecordError(
                    name,
                    "a bare list, and its file name does not say what it holds",
                    f"name the file after the endpoint: {', '.join(k + '.json' for k in kinds)}",
                )
            )
        else:
            add(kind, data, kind)
        return
    if not isinstance(data, dict):
        errors.append(RecordError(name, "expected a JSON object or list", "pass the API's responses as saved"))
        return
    for kind in kinds:
        items = _items(data.get(kind))
        if items is not None:
            add(kind, items, kind)
        single = data.get(kind.rstrip("s"))
        if isinstance(single, dict):  # one object's response: {"article": {...}}
            add(kind, [single], kind.rstrip("s"))
    listed = data.get("data")
    if isinstance(listed, list):  # Intercom: {"type": "list", "data": [{"type": "article", ...}]}
        by_name = _kind_of_name(Path(name).stem, kinds)
        for number, item in enumerate(listed):
            item_type = item.get("type") if isinstance(item, dict) else None
            kind = _kind_of_name(str(item_type), kinds) if item_type else by_name
            where = f"{name}: data[{number}]"
            if kind is None or not isinstance(item, dict):
                errors.append(RecordError(where, f"cannot tell what this item is (type {item_type!r})", "remove it"))
            else:
                found[kind].append(Record(kind, where, item))


def text(record: Record, *names: str) -> str:
    """The first of ``names`` holding a string or number, as a string ("" if none)."""
    for name in names:
        value = record.data.get(name)
        if isinstance(value, bool):
            continue
        if isinstance(value, str | int | float):
            return str(value)
    return ""


def integer(record: Record, name: str, default: int) -> int:
    value = record.data.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default


def strings(value: object) -> tuple[str, ...]:
    """A list of labels as strings (``["a", {"name": "b"}]`` → ``("a", "b")``), blanks dropped."""
    if not isinstance(value, list):
        return ()
    out: list[str] = []
    for item in value:
        label = item.get("name") if isinstance(item, dict) else item
        if isinstance(label, str | int) and str(label).strip():
            out.append(str(label).strip())
    return tuple(out)


def required(record: Record, field: str, *names: str) -> str | RecordError:
    """The record's ``field`` (read from ``names``, default the field itself), or the error saying it is missing."""
    value = text(record, *(names or (field,))).strip()
    if value:
        return value
    return RecordError(
        record.where, f"field '{field}' is missing or empty", f"every {record.kind[:-1]} needs '{field}'"
    )


def id_and_name(record: Record, errors: list[RecordError], field: str, *names: str) -> tuple[str, str] | None:
    """The record's id and its ``field`` (read from ``names``); None, with the error recorded, when
    either is missing (the record is then left out)."""
    for value in (key := required(record, "id"), name := required(record, field, *names)):
        if isinstance(value, RecordError):
            errors.append(value)
            return None
    assert isinstance(key, str) and isinstance(name, str)
    return key, name


def html_text(record: Record, errors: list[RecordError], field: str) -> str | None:
    """The record's HTML ``field`` ("" when absent); None, with the error recorded, when it is not text."""
    body = record.data.get(field)
    if body is None or isinstance(body, str):
        return body or ""
    errors.append(RecordError(record.where, f"field '{field}' must be HTML text", "export the article again"))
    return None


def unique_by_id(records: Iterable[tuple[str, Any]]) -> list[Any]:
    """Values keyed by id, the last one read winning (paged responses overlap), first-seen order kept."""
    kept: dict[str, Any] = {}
    for key, value in records:
        kept[key] = value
    return list(kept.values())
