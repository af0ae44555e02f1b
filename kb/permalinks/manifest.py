"""The permalink manifest's model and its text format (``docs/_permalinks.yml``).

The file is YAML that kb writes in one canonical layout: sorted, one URL per entry, anchors as a
flow list. Reading that layout takes a fast line reader (a 10,000-article manifest is ~2 MB,
and a YAML parser spends seconds on it); anything else a person wrote by hand is read as YAML.
Either way every malformed entry is reported as a ``Problem`` and left out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from kb.content import Problem, is_valid_id

__all__ = ["MANIFEST_FILE", "Manifest", "PageRecord", "dump_manifest", "follow_redirects", "parse_manifest"]

MANIFEST_FILE = "_permalinks.yml"
_HEADER = """\
# kb's permalink manifest: every page URL and section anchor published so far, with the
# redirects that keep old ones working. kb build, publishing and kb move add to it; kb check
# fails when a listed address disappears without a redirect. Commit it with the articles.
"""
_SECTIONS = ("pages", "redirects", "anchor_redirects")
_URL_RE = re.compile(r"^/(?:[^/\s?#\\<>\"']+/)*$")
_PLAIN_RE = re.compile(r"^[A-Za-z_/][\w./-]*$")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_PLAIN_LIST_RE = re.compile(r"^\[(?:[A-Za-z_/][\w./-]*(?:, [A-Za-z_/][\w./-]*)*)?\]$")
_WORD_IN_LIST_RE = re.compile(r"(?i)(?:\[|, )(?:y|n|yes|no|on|off|true|false|null)(?=,|\])")
_MAX_HOPS = 50


def follow_redirects(redirects: Mapping[str, str], start: str, stop: Collection[str] = ()) -> str:
    """Where ``start`` lands after following ``redirects`` (A→B, B→C: C), stopping early at a
    member of ``stop``. A loop or an over-long chain ends at the last address before it repeats."""
    seen = {start}
    current = start
    while current not in stop and current in redirects and len(seen) < _MAX_HOPS:
        following = redirects[current]
        if following in seen:
            break
        current = following
        seen.add(current)
    return current
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class PageRecord:
    """What the manifest knows about one published URL."""

    id: str | None = None
    anchors: set[str] = field(default_factory=set)


@dataclass
class Manifest:
    """The manifest in memory. ``source`` is the text it was read from (for line numbers)."""

    pages: dict[str, PageRecord] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    anchor_redirects: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = field(default="", compare=False, repr=False)

    def resolve_page(self, url: str) -> str:
        """Where ``url`` finally lands after following page redirects (itself if none)."""
        return follow_redirects(self.redirects, url)

    def resolve_anchor(self, url: str, anchor: str, anchors: Collection[str]) -> str | None:
        """The anchor among ``anchors`` (the page's current ones) that ``#anchor`` leads to."""
        final = follow_redirects(self.anchor_redirects.get(url, {}), anchor, stop=anchors)
        return final if final in anchors else None

    def ids(self) -> set[str]:
        """Every article id the manifest has seen (new ids must avoid these too)."""
        return {record.id for record in self.pages.values() if record.id}

    def line_of(self, key: str, section: str = "") -> int:
        """The line of ``key`` (under ``section:``, if given) in the text it was read from, else 1."""
        lines = self.source.split("\n")
        start = next((n for n, line in enumerate(lines) if line.startswith(f"{section}:")), 0) if section else 0
        for number in range(start, len(lines)):
            entry = lines[number].lstrip(" ")
            if entry.startswith((f"{key}:", f'"{key}":', f"'{key}':")):
                return number + 1
        return 1


def _plain(token: str) -> str | None:
    """A scalar as kb writes it: plain (returned as is) or double-quoted (None: not fast-readable)."""
    if _PLAIN_RE.match(token) and token.lower() not in _YAML_WORDS:
        return token
    return None


def _read_canonical(text: str) -> dict[str, Any] | None:
    """The data of a manifest in kb's own layout, or None if any line is not in that layout."""
    data: dict[str, Any] = {}
    section: dict[str, Any] | None = None
    entry: dict[str, Any] | None = None
    name = ""
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            name, _, rest = line.partition(":")
            if name not in _SECTIONS or name in data or rest.strip() not in ("", "{}"):
                return None
            section, entry = data.setdefault(name, {}), None
            continue
        if section is None:
            return None
        if line.startswith("    "):
            key, sep, value = line[4:].partition(": ")
            if entry is None or not sep:
                return None
            if name == "pages" and key == "anchors":
                # one regex for the whole list: this line is most of a large manifest
                if not _PLAIN_LIST_RE.match(value) or _WORD_IN_LIST_RE.search(value):
                    return None
                entry["anchors"] = value[1:-1].split(", ") if value != "[]" else []
                continue
            plain_key, plain_value = _plain(key), _plain(value)
            if plain_key is None or plain_value is None or (name == "pages" and key != "id"):
                return None
            entry[plain_key] = plain_value
            continue
        key, sep, value = line[2:].partition(":")
        url = _plain(key)
        if url is None or not sep:
            return None
        if name == "redirects":
            target = _plain(value[1:]) if value.startswith(" ") else None
            if target is None:
                return None
            section[url] = target
        elif value:
            return None
        else:
            entry = section.setdefault(url, {})
    return data


def parse_manifest(text: str, path: str = MANIFEST_FILE) -> tuple[Manifest, list[Problem]]:
    """Read the manifest's text; every malformed entry is a problem and is left out."""
    manifest = Manifest(source=text)
    data, problems = _load_mapping(text, path)
    if data is None:
        return manifest, problems
    reader = _Reader(manifest, path)
    for name in data:
        if name not in ("pages", "redirects", "anchor_redirects"):
            reader.bad(str(name), f"unknown manifest section '{name}'", "use pages:, redirects: and anchor_redirects:")
    _read_pages(reader, reader.section(data, "pages"))
    for key, target in reader.section(data, "redirects").items():
        source, destination = reader.url(key, str(key)), reader.url(target, str(key))
        if source is not None and destination is not None:
            manifest.redirects[source] = destination
    _read_anchor_redirects(reader, reader.section(data, "anchor_redirects"))
    return manifest, reader.problems


def _load_mapping(text: str, path: str) -> tuple[dict[object, object] | None, list[Problem]]:
    """The manifest's top-level mapping, or None with the problem that stops reading it."""
    try:
        data = _read_canonical(text)
        if data is None:
            data = yaml.load(text, Loader=_Loader) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, f"the permalink manifest is not valid YAML: {reason}", "fix the YAML syntax")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        hint = "write pages:, redirects: and anchor_redirects:"
        return None, [Problem(path, 1, "the permalink manifest must be a mapping", hint)]
    return {key: value for key, value in data.items()}, []


@dataclass
class _Reader:
    """Collects the problems of one manifest, each at the line of its entry."""

    manifest: Manifest
    path: str
    problems: list[Problem] = field(default_factory=list)

    def bad(self, key: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, self.manifest.line_of(key) if key else 1, message, hint))

    def section(self, data: dict[object, object], name: str) -> dict[object, object]:
        value = data.get(name) or {}
        if not isinstance(value, dict):
            self.bad(name, f"manifest section '{name}' must be a mapping", f"write {name}: with one entry per line")
            return {}
        return value

    def url(self, value: object, key: str) -> str | None:
        if isinstance(value, str) and _URL_RE.match(value) and "/../" not in value and "/./" not in value:
            return value
        self.bad(key, f"invalid page URL {value!r} in the permalink manifest", "write URLs like /category/article/")
        return None


def _read_pages(reader: _Reader, pages: dict[object, object]) -> None:
    for key, entry in pages.items():
        page = reader.url(key, str(key))
        if page is None:
            continue
        if not isinstance(entry, dict):
            reader.bad(page, f"manifest entry {page} must be a mapping", "write id: and anchors: under it")
            continue
        anchors = entry.get("anchors") or []
        article_id = entry.get("id")
        if not isinstance(anchors, list) or (article_id is not None and not is_valid_id(article_id)):
            reader.bad(page, f"manifest entry {page} is malformed", "write id: abc12 and anchors: [first, second]")
            continue
        reader.manifest.pages[page] = PageRecord(article_id, {str(a) for a in anchors})


def _read_anchor_redirects(reader: _Reader, redirects: dict[object, object]) -> None:
    for key, mapping in redirects.items():
        page = reader.url(key, str(key))
        if page is None:
            continue
        if not isinstance(mapping, dict):
            reader.bad(page, f"anchor redirects of {page} must be a mapping", "write old-anchor: new-anchor lines")
            continue
        reader.manifest.anchor_redirects[page] = {str(old): str(new) for old, new in mapping.items()}


def _scalar(value: str) -> str:
    if _PLAIN_RE.match(value) and value.lower() not in _YAML_WORDS and ": " not in value:
        return value
    return yaml.safe_dump(value, default_style='"', width=1_000_000).strip()


def dump_manifest(manifest: Manifest) -> str:
    """The manifest as YAML text, sorted, one URL per entry (diffs stay small and readable)."""
    lines = [_HEADER.rstrip("\n"), "pages:" if manifest.pages else "pages: {}"]
    for url in sorted(manifest.pages):
        record = manifest.pages[url]
        lines.append(f"  {_scalar(url)}:")
        if record.id:
            lines.append(f"    id: {_scalar(record.id)}")
        lines.append(f"    anchors: [{', '.join(_scalar(a) for a in sorted(record.anchors))}]")
    lines.append("redirects:" if manifest.redirects else "redirects: {}")
    lines += [f"  {_scalar(src)}: {_scalar(manifest.redirects[src])}" for src in sorted(manifest.redirects)]
    mapped = {page: m for page, m in manifest.anchor_redirects.items() if m}
    lines.append("anchor_redirects:" if mapped else "anchor_redirects: {}")
    for page in sorted(mapped):
        lines.append(f"  {_scalar(page)}:")
        lines += [f"    {_scalar(old)}: {_scalar(mapped[page][old])}" for old in sorted(mapped[page])]
    return "\n".join(lines) + "\n"
