"""Build the static site with MkDocs (Material theme and the kb plugin)."""

from __future__ import annotations

import gc
import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import InclusionLevel

from kb.config import Settings
from kb.content import Catalog, cache_path, load_catalog, load_sources, scan_docs
from kb.errors import BuildError
from kb.progress import Progress
from kb.site.state import SiteState, forget_state, kb_plugin, save_state, site_fingerprint, site_mark, site_outputs
from kb.store import file_lock

__all__ = ["SITE_LOCK", "BuildResult", "build_site", "full_build", "load_site_config", "template_cache_dir"]

#: One build or update of the built sites at a time per data dir.
SITE_LOCK = "site.lock"

# Used when the project has no mkdocs.yml: the kb plugin adds what anchors need.
_DEFAULT_CONFIG = """
site_name: Help Centre
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-4
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-7
        name: Switch to light mode
plugins:
  - kb
"""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float


def load_site_config(settings: Settings, site_dir: Path | None = None) -> MkDocsConfig:
    """The MkDocs config for ``settings``: its mkdocs.yml (or kb's default) with kb's folders."""
    overrides = {"docs_dir": str(settings.docs_dir), "site_dir": str(site_dir or settings.site_dir)}
    try:
        if settings.mkdocs_config is not None:
            if not settings.mkdocs_config.is_file():
                raise BuildError(
                    f"{settings.mkdocs_config}: no such file", "create mkdocs.yml or unset KB_MKDOCS_CONFIG"
                )
            return load_config(config_file=str(settings.mkdocs_config), **overrides)
        config_file = io.StringIO(_DEFAULT_CONFIG)
        config_file.name = str(settings.docs_dir.parent / "mkdocs.yml")
        return load_config(config_file=config_file, **overrides)
    except MkDocsException as exc:
        raise BuildError(f"the MkDocs configuration is invalid: {exc}", "fix mkdocs.yml") from exc


def template_cache_dir(settings: Settings) -> Path:
    """Compiled theme templates, shared by builds and updates (Jinja checks each against its source)."""
    return settings.data_dir / "template-cache"


def build_site(
    settings: Settings,
    site_dir: Path | None = None,
    drafts: bool = False,
    *,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
) -> BuildResult:
    """Build the whole site into ``site_dir`` (default: the settings' site dir).

    With ``drafts`` the pages in ``docs/_drafts/`` are built too (the preview ``kb serve`` shows).
    What the build was made from is recorded, so that :mod:`kb.site.update` can later rebuild
    only the pages a publish changes.

    An article that cannot be read is left out (see :mod:`kb.site.plugin`); ``progress`` is told
    how many pages were read and written. ``catalog``: the docs as the caller just loaded them
    (for ``kb check``), so the build does not read every article again; the caller has reported
    its problems, so the left-out files are not logged again.
    """
    folder = Path(site_dir or settings.site_dir)
    with file_lock(settings.data_dir / SITE_LOCK):
        return full_build(settings, folder, drafts, progress=progress, catalog=catalog)


def full_build(
    settings: Settings,
    site_dir: Path,
    drafts: bool,
    *,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
) -> BuildResult:
    """:func:`build_site` for a caller that already holds the site lock."""
    config = load_site_config(settings, site_dir)
    if not settings.docs_dir.is_dir():
        raise BuildError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
    start = time.perf_counter()
    forget_state(settings.data_dir, site_dir)
    scanned_ns = time.time_ns()
    versions = scan_docs(settings.docs_dir)
    plugin = kb_plugin(config)
    if plugin is not None:
        plugin.template_cache = template_cache_dir(settings)
        plugin.related_cache = settings.data_dir / "related.json"
        plugin.progress = progress
        plugin.page_inclusion = InclusionLevel.is_in_serve if drafts else InclusionLevel.is_included
        if catalog is not None:
            plugin.catalog_source = lambda _docs: catalog
            plugin.log_problems = False
    quiet = logging.getLogger("mkdocs")
    previous = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        # serve_url is how MkDocs includes drafts; links stay relative either way.
        mkdocs_build(config, serve_url="/" if drafts else None)
    except MkDocsException as exc:
        raise BuildError(f"the site build failed: {exc}", "run 'kb check' and fix what it reports") from exc
    except OSError as exc:
        raise BuildError(f"the site build could not write files: {exc}", "check the site folder") from exc
    finally:
        quiet.setLevel(previous)
    out = Path(config.site_dir)
    fingerprint = site_fingerprint(config, drafts)
    if plugin is not None and plugin.catalog is not None and plugin.files is not None and fingerprint:
        # The articles were read after the scan, so a version recorded here is never newer than
        # the text it stands for: a file edited during the build is simply read again next time.
        sources = load_sources(
            settings.docs_dir,
            cache_path(settings.data_dir),
            versions=versions,
            scanned_ns=scanned_ns,
            parsed=plugin.catalog.by_path(),
        )
        inclusion = InclusionLevel.is_in_serve if drafts else InclusionLevel.is_included
        outputs, excluded = site_outputs(plugin.files, inclusion, sources, plugin, config.docs_dir)
        state = SiteState(fingerprint, site_mark(out), outputs, plugin.redirects, excluded)
        save_state(settings.data_dir, site_dir, state)
    if plugin is not None:
        plugin.files = None
        plugin.progress = None
        plugin.catalog_source = load_catalog
        plugin.log_problems = True
    pages = sum(1 for _ in out.rglob("index.html"))
    # A build leaves millions of objects in reference cycles (each page and its file); collect
    # them now, not in the middle of whatever the process does next (a publish, a request).
    gc.collect()
    return BuildResult(out, pages, time.perf_counter() - start)
