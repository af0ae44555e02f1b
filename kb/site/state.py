"""What each built site was built from, so an update rebuilds only the pages that changed.

After every build (full or partial) kb records, per site folder, in ``<data dir>/sites/`` (a
snapshot after a full build, then a journal of what each partial update changed):

- a fingerprint of everything every page depends on: the resolved MkDocs config, the nav, the
  plugin options, the theme files and the versions of MkDocs, Material and Markdown;
- one version per output: a source file's (mtime, size, inode), or the hash of a generated
  page's Markdown, plus the anchor map of the page and, for the home page, its listings;
- the redirect pages written (old URL or short link → target);
- the version of the site's ``404.html``, which only a full build writes: a site rebuilt by
  anything else (plain ``mkdocs build``) no longer matches and gets a full build.

A missing or unreadable record, or a different fingerprint, means "rebuild this site in full".
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from kb.content import FileVersion, Sources, trusted
from kb.site.plugin import THEME_DIR, KBPlugin
from kb.store import Change, forget_journaled, read_journaled, write_journaled

__all__ = [
    "KB_MODULES",
    "Inclusion",
    "Output",
    "SiteState",
    "forget_state",
    "is_generated",
    "kb_plugin",
    "load_state",
    "output_version",
    "save_state",
    "site_fingerprint",
    "site_mark",
    "site_outputs",
    "state_path",
]

_FORMAT = 1
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "nh3", "jinja2")
# kb's code that decides what a page holds (the rest of kb does not touch the site): a change to
# any of them makes the next update a full build. Paths relative to the kb package.
KB_MODULES = (
    "site/plugin.py",
    "site/listings.py",
    "site/sanitize.py",
    "site/nav.py",
    "site/share.py",
    "site/cards.py",
    "site/related.py",
    "content/article.py",
    "content/anchors.py",
    "content/front_matter.py",
    "content/catalog.py",
    "permalinks/contract.py",
    "permalinks/manifest.py",
    "permalinks/redirect_pages.py",
)

Inclusion = Callable[[InclusionLevel], bool]


@dataclass(frozen=True)
class Output:
    """One file of the built site: what it was built from (None: unknown, rebuild it) and where it went."""

    version: str | None
    dest: str
    page: bool


@dataclass(frozen=True)
class SiteState:
    fingerprint: str
    mark: FileVersion | None
    outputs: Mapping[str, Output]
    redirects: Mapping[str, str]
    #: docs files the site leaves out (drafts outside the preview, ``_*.yml``): the rules depend
    #: only on the path and the config, so a file seen once need not be looked at again
    excluded: frozenset[str] = frozenset()


def state_path(data_dir: Path, site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return data_dir / "sites" / f"{key}.json"


def _header(site_dir: Path) -> dict[str, Any]:
    return {"format": _FORMAT, "site_dir": str(site_dir.resolve())}


def _meta(state: SiteState) -> dict[str, Any]:
    return {"fingerprint": state.fingerprint, "mark": list(state.mark) if state.mark else None}


def _sections(state: SiteState) -> dict[str, dict[str, Any]]:
    return {
        "meta": _meta(state),
        "outputs": {uri: [o.version, o.dest, o.page] for uri, o in state.outputs.items()},
        "redirects": dict(state.redirects),
        "excluded": dict.fromkeys(state.excluded, 1),
    }


def load_state(data_dir: Path, site_dir: Path) -> SiteState | None:
    sections = read_journaled(state_path(data_dir, site_dir), _header(site_dir))
    if sections is None:
        return None
    try:
        meta = sections["meta"]
        mark = meta.get("mark")
        return SiteState(
            str(meta["fingerprint"]),
            (int(mark[0]), int(mark[1]), int(mark[2])) if mark else None,
            {uri: Output(v[0], str(v[1]), bool(v[2])) for uri, v in sections.get("outputs", {}).items()},
            {str(k): str(v) for k, v in sections.get("redirects", {}).items()},
            frozenset(sections.get("excluded", {})),
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def save_state(data_dir: Path, site_dir: Path, state: SiteState, previous: SiteState | None = None) -> None:
    """Record ``state``: in full after a full build, as its changes from ``previous`` otherwise."""
    path = state_path(data_dir, site_dir)
    if previous is None:
        write_journaled(path, _header(site_dir), [], lambda: _sections(state), snapshot=True)
        return
    changes: list[Change] = []
    if (state.fingerprint, state.mark) != (previous.fingerprint, previous.mark):
        changes += [("meta", key, value) for key, value in _meta(state).items()]
    for uri, output in state.outputs.items():
        if previous.outputs.get(uri) != output:
            changes.append(("outputs", uri, [output.version, output.dest, output.page]))
    changes += [("outputs", uri, None) for uri in previous.outputs if uri not in state.outputs]
    changes += [("redirects", k, v) for k, v in state.redirects.items() if previous.redirects.get(k) != v]
    changes += [("redirects", k, None) for k in previous.redirects if k not in state.redirects]
    changes += [("excluded", uri, 1) for uri in state.excluded - previous.excluded]
    changes += [("excluded", uri, None) for uri in previous.excluded - state.excluded]
    write_journaled(path, _header(site_dir), changes, lambda: _sections(state))


def forget_state(data_dir: Path, site_dir: Path) -> None:
    """Before a full build: until it finishes, the folder matches no record."""
    forget_journaled(state_path(data_dir, site_dir))


def site_mark(site_dir: Path) -> FileVersion | None:
    try:
        stat = (site_dir / "404.html").stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def kb_plugin(config: MkDocsConfig) -> KBPlugin | None:
    plugin = config.plugins.get("kb")
    return plugin if isinstance(plugin, KBPlugin) else None


def _file_versions(folder: str | Path | None) -> dict[str, list[int]]:
    versions: dict[str, list[int]] = {}
    if not folder or not os.path.isdir(folder):
        return versions
    for base, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            versions[os.path.relpath(path, folder)] = [stat.st_mtime_ns, stat.st_size]
    return versions


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    except OSError:
        return None



def _plain(value: Any) -> Any:
    """A JSON-able form of a config value; objects kb cannot describe are named by type only."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return f"<{type(value).__name__}>"


def site_fingerprint(config: MkDocsConfig, drafts: bool) -> str | None:
    """Everything every page of the site depends on, hashed; None when kb cannot tell (other
    plugins or hooks, whose effects it does not know: such a site is always built in full)."""
    if set(config.plugins) != {"kb"} or config.hooks:
        return None
    plugin = kb_plugin(config)
    if plugin is None:
        return None
    theme = config.theme
    values = {
        key: _plain(value)
        for key, value in config.items()
        if key not in ("theme", "plugins", "dev_addr", "watch", "hooks", "strict")
    }
    kb_dir = Path(__file__).parents[1]
    described = {
        "format": _FORMAT,
        "drafts": drafts,
        "config": values,
        "theme": {
            "vars": _plain(dict(theme)),
            "dirs": list(theme.dirs),
            "static_templates": sorted(theme.static_templates),
            "custom_dir": _file_versions(theme.custom_dir),
            "kb": _file_versions(THEME_DIR),
        },
        "plugin": _plain(dict(plugin.config)),
        # By content, not by file time: the same kb installed twice (the server's and a command's)
        # must agree, or each would rebuild the other's site in full.
        "kb": {name: _digest(kb_dir / name) for name in KB_MODULES},
        "packages": {name: _version(name) for name in _PACKAGES},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def is_generated(output: Output) -> bool:
    return output.version is not None and output.version.startswith("g:")


def output_version(uri: str, is_page: bool, source: str | FileVersion | None, plugin: KBPlugin) -> str | None:
    """What the output of ``uri`` is built from: a generated page's text or a docs file's version
    (None: not to be trusted, rebuild next time), plus its anchor map and the home page listings."""
    if isinstance(source, str):
        version: str | None = "g:" + _hash(source)
    else:
        version = "f:" + ".".join(map(str, source)) if source else None
    if version is not None and is_page:
        renamed = plugin.anchor_map(uri)
        if renamed:
            version += ":a" + _hash(json.dumps(renamed, sort_keys=True))
        related = plugin.related_version(uri)
        if related:
            version += ":r" + related
        if uri == "index.md":
            version += ":h" + _hash(plugin.home_sections())
    return version


def site_outputs(
    files: Iterable[File], inclusion: Inclusion, sources: Sources, plugin: KBPlugin, docs_dir: str
) -> tuple[dict[str, Output], frozenset[str]]:
    """After a full build: every file the site holds from the docs (pages and static files, not
    theme assets) with the version it was built from, and the docs files it leaves out."""
    outputs: dict[str, Output] = {}
    excluded: set[str] = set()
    docs = os.path.normpath(docs_dir)
    for file in files:
        generated = file.generated_by is not None
        if not generated and (file.src_dir is None or os.path.normpath(file.src_dir) != docs):
            continue  # theme assets: covered by the fingerprint
        uri = file.src_uri
        is_page = file.is_documentation_page()
        if not inclusion(file.inclusion) or (generated and not is_page):  # the preview marker is never kept
            if not generated:
                excluded.add(uri)
            continue
        if generated:
            source: str | FileVersion | None = file.content_string
        else:
            source = trusted(sources.versions.get(uri), sources.scanned_ns)
        outputs[uri] = Output(output_version(uri, is_page, source, plugin), file.dest_uri, is_page)
    return outputs, frozenset(excluded)
