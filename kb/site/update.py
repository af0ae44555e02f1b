"""Keep every built copy of the site current after a publish, reject, apply or move.

The sites kb may have built: the ``kb serve`` preview (drafts shown) and plain site in the data
dir, and the static site in ``site_dir``. Each one that exists is brought up to date; one that was
never built is left alone (``kb build`` or ``kb serve`` builds it in full when needed).

Bringing a site up to date rebuilds only what changed since that site was last built (see
:mod:`kb.site.state` for what is recorded): the pages whose source changed (a published article,
the draft moved to ``_rejected/``), the generated category pages whose listing changed (an
article added on page 2 of 10 shifts pages 2 to 10; a new page 11 appears), the home page, pages
whose anchor map changed, pages linking to a page that appeared or went, the redirect pages and
short links (``/s/{id}/``) that changed; the output of a page that went (the draft that was
published) is deleted. It drives MkDocs itself: the config is loaded and the plugin events run as
in ``mkdocs build``, with the cached catalog of :mod:`kb.content.catalog_cache` instead of reading every
article, and only the selected pages are rendered (theme assets are not copied again and the site
folder is not cleaned). Each page is written to a temp file and renamed, so a server reading the
folder never sees half a page.

A site is rebuilt in full instead when kb cannot tell what it was built from: no record (built by
an older kb or by plain ``mkdocs build``), a different config, nav, theme or package versions,
other MkDocs plugins or hooks, or so many changed pages that a full build is as quick.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.config import Settings
from kb.content import Sources, cache_path, load_sources
from kb.errors import BuildError
from kb.permalinks import redirect_targets
from kb.site.build import SITE_LOCK, full_build, load_site_config, template_cache_dir
from kb.site.cards import card_dest
from kb.site.files import build_page_atomic, copy_atomic, delete_output, update_redirect_pages
from kb.site.mkdocs_internals import build_theme_template, configured_navigation, populate_page
from kb.site.plan import current_outputs, stale_outputs
from kb.site.plugin import KBPlugin, file_inclusion
from kb.site.state import (
    Output,
    SiteState,
    kb_plugin,
    load_state,
    save_state,
    site_fingerprint,
    site_mark,
)
from kb.store import file_lock

__all__ = ["SiteUpdate", "built_sites", "update_site", "update_sites"]

log = logging.getLogger("kb.site.build")


@dataclass(frozen=True)
class SiteUpdate:
    """What one site update did: a full build, or the pages (source URIs) it rebuilt and removed."""

    site_dir: Path
    full: bool
    built: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    redirects: int = 0
    seconds: float = 0.0
    #: (step, seconds) of a partial update: prepare, plan, render, write, redirects, record
    steps: tuple[tuple[str, float], ...] = ()


def built_sites(settings: Settings) -> list[tuple[Path, bool]]:
    """(site folder, drafts shown) for each site that has been built."""
    candidates = [
        (settings.data_dir / "preview", True),
        (settings.data_dir / "site", False),
        (settings.site_dir, False),
    ]
    seen: set[Path] = set()
    sites: list[tuple[Path, bool]] = []
    for folder, drafts in candidates:
        resolved = folder.resolve()
        if resolved not in seen and (folder / "index.html").is_file():
            seen.add(resolved)
            sites.append((folder, drafts))
    return sites


def update_sites(settings: Settings, changed: Sequence[str], removed: Sequence[str]) -> int:
    """Bring the built sites up to date after ``changed`` docs paths were written and ``removed``
    ones went; returns how many sites were updated.

    Changes are found by comparing each site's record with the docs folder, so edits made by hand
    since the last build are picked up too; ``changed`` paths are rebuilt whatever their file
    version says (``removed`` ones are found gone by the same comparison).
    """
    sites = built_sites(settings)
    if not sites:
        return 0
    with file_lock(settings.data_dir / SITE_LOCK):
        with _collector_paused():
            sources = load_sources(settings.docs_dir, cache_path(settings.data_dir), reread=changed)
        for folder, drafts in sites:
            update_site(settings, folder, drafts, sources=sources, forced=changed)
    return len(sites)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a partial update (under a second; never a full build):
    it allocates tens of thousands of small objects, which set off collections that walk every
    object the process holds — a third of the update's time, more in a server that holds a big
    heap (kb serve builds the site in its own process). Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def update_site(
    settings: Settings,
    site_dir: Path,
    drafts: bool,
    *,
    sources: Sources | None = None,
    forced: Collection[str] = (),
) -> SiteUpdate:
    """Bring one built site up to date (see the module doc); the caller holds the site lock."""
    start = time.perf_counter()
    if sources is None:
        sources = load_sources(settings.docs_dir, cache_path(settings.data_dir), reread=forced)
    with _collector_paused():
        update = _try_partial(settings, site_dir, drafts, sources, set(forced))
    if update is None:
        log.info("kb: building %s in full", site_dir)
        full_build(settings, site_dir, drafts)
        update = SiteUpdate(site_dir, full=True)
    return dataclasses.replace(update, seconds=time.perf_counter() - start)


def _try_partial(
    settings: Settings, site_dir: Path, drafts: bool, sources: Sources, forced: set[str]
) -> SiteUpdate | None:
    state = load_state(settings.data_dir, site_dir)
    if state is None or state.mark != site_mark(site_dir):
        return None
    config = load_site_config(settings, site_dir)
    plugin = kb_plugin(config)
    if plugin is None:
        return None
    try:
        with _quiet():
            return _update_pages(settings, site_dir, drafts, sources, forced, state, config, plugin)
    except MkDocsException as exc:
        raise BuildError(f"the site update failed: {exc}", "run 'kb check' and fix what it reports") from exc
    except OSError as exc:
        raise BuildError(f"the site update could not write files: {exc}", "check the site folder") from exc


@contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


class _FilesOnDemand(Files):
    """The docs files as ``get_files`` and the kb plugin would give them, but each File is made
    when first asked for (by the update, the nav or a link in a page being built) instead of all
    10,000 up front; MkDocs' and kb's inclusion rules are applied to each one the same way."""

    def __init__(self, config: MkDocsConfig, present: Collection[str]) -> None:
        super().__init__([])
        self._config = config
        self._present = present
        self._removed: set[str] = set()

    def get_file_from_path(self, path: str) -> File | None:
        uri = PurePath(path).as_posix()
        found = self.src_uris.get(uri)
        if found is None and uri in self._present and uri not in self._removed:
            config = self._config
            found = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            inclusion = file_inclusion(uri, found.is_documentation_page())
            if inclusion is not None:
                found.inclusion = inclusion
            set_exclusions([found], config)
            super().append(found)
        return found

    def remove(self, file: File) -> None:
        super().remove(file)
        self._removed.add(file.src_uri)


def _update_pages(
    settings: Settings,
    site_dir: Path,
    drafts: bool,
    sources: Sources,
    forced: set[str],
    state: SiteState,
    config: MkDocsConfig,
    plugin: KBPlugin,
) -> SiteUpdate | None:
    """The partial update; None when the site needs a full build instead."""
    clock = _Clock()
    prepared = _prepare(settings, drafts, sources, state, config, plugin)
    if prepared is None:
        return None
    config, files, fingerprint, (outputs, excluded) = prepared
    clock.step("prepare")
    rebuild, copy = stale_outputs(outputs, state.outputs, sources, forced)
    if len(rebuild) > max(100, sum(1 for o in outputs.values() if o.page) // 2):
        return None  # as quick to build it all
    clock.step("plan")
    nav, built, vanished, env = _render(rebuild, files, config)
    clock.step("render")
    gone = _remove_and_copy(site_dir, state, outputs, copy, files, vanished)
    sitemap = _needs_sitemap(state, outputs, config, files)
    inclusion = InclusionLevel.is_in_serve if drafts else InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    for page in built:
        build_page_atomic(page, config, doc_files, nav, env)
    clock.step("write")
    redirects = redirect_targets(plugin.manifest, sources.catalog.articles)
    written = update_redirect_pages(site_dir, state, outputs, redirects, config.site_url or "")
    if sitemap:
        _write_sitemap(files, config, nav, env)
    clock.step("redirects")
    save_state(settings.data_dir, site_dir, SiteState(fingerprint, state.mark, outputs, redirects, excluded), state)
    clock.step("record")
    return SiteUpdate(site_dir, False, tuple(rebuild), tuple(gone), written, steps=clock.steps())


def _prepare(
    settings: Settings, drafts: bool, sources: Sources, state: SiteState, config: MkDocsConfig, plugin: KBPlugin
) -> tuple[MkDocsConfig, _FilesOnDemand, str, tuple[dict[str, Output], frozenset[str]]] | None:
    """The config, files and outputs as a full build would see them; None if the site must be rebuilt."""
    plugin.catalog_source = lambda _docs: sources.catalog
    plugin.check_permalinks = False  # the cached catalog has no anchors; kb check reports them
    plugin.log_problems = False  # nor why an article cannot be read; kb check says
    plugin.template_cache = template_cache_dir(settings)
    plugin.related_cache = settings.data_dir / "related.json"
    # The events of mkdocs.commands.build.build up to the navigation, for the kb plugin alone
    # (the fingerprint is None with any other plugin).
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = _FilesOnDemand(config, sources.versions)
    plugin.add_generated(files, config)
    fingerprint = site_fingerprint(config, drafts)
    if fingerprint is None or fingerprint != state.fingerprint:
        return None
    inclusion = InclusionLevel.is_in_serve if drafts else InclusionLevel.is_included
    found = current_outputs(files, inclusion, sources, plugin, state)
    if found is None:
        return None
    return config, files, fingerprint, (dict(found[0]), frozenset(found[1]))


def _render(
    rebuild: Sequence[str], files: Files, config: MkDocsConfig
) -> tuple[Navigation, list[Page], set[str], jinja2.Environment]:
    """Render the pages to rebuild (a page deleted since the scan is noted as vanished)."""
    nav = configured_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    chosen = set(rebuild)
    for page in nav.pages:
        if page.file.src_uri not in chosen:
            page.read_source(config)  # the nav shows its pages' meta (icon, status) on every page
    built: list[Page] = []
    vanished: set[str] = set()
    for uri in rebuild:
        file = files.get_file_from_path(uri)
        assert file is not None
        page = file.page if file.page is not None else Page(None, file, config)
        try:
            if file.abs_src_path is not None and not os.path.exists(file.abs_src_path):
                raise FileNotFoundError(file.abs_src_path)
            populate_page(page, config, files)
        except FileNotFoundError:
            vanished.add(uri)  # deleted since the scan (a concurrent publish): the next update removes it
            continue
        built.append(page)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    return nav, built, vanished, env


def _remove_and_copy(
    site_dir: Path,
    state: SiteState,
    outputs: dict[str, Output],
    copy: Sequence[str],
    files: Files,
    vanished: set[str],
) -> list[str]:
    """Delete the outputs whose sources went, copy the changed static files; returns the gone sources."""
    live = {o.dest for o in outputs.values()}
    gone = [uri for uri in state.outputs if uri not in outputs]
    for uri in gone:
        if state.outputs[uri].dest not in live:
            delete_output(site_dir, state.outputs[uri].dest)
            if state.outputs[uri].page:  # its social card goes with it
                delete_output(site_dir, card_dest(state.outputs[uri].dest))
    for uri in copy:
        static = files.get_file_from_path(uri)
        assert static is not None
        try:
            copy_atomic(static)
        except FileNotFoundError:
            vanished.add(uri)
    for uri in vanished:  # not built: recorded as unknown, so the next update looks again
        outputs[uri] = dataclasses.replace(outputs[uri], version=None)
    return gone


def _needs_sitemap(state: SiteState, outputs: Mapping[str, Output], config: MkDocsConfig, files: Files) -> bool:
    """Whether the set of pages changed and the theme writes a sitemap (only with site_url set)."""
    old_pages = {uri for uri, o in state.outputs.items() if o.page}
    new_pages = {uri for uri, o in outputs.items() if o.page}
    sitemap = bool(config.site_url) and old_pages != new_pages and "sitemap.xml" in config.theme.static_templates
    if sitemap:
        for uri in new_pages:  # the sitemap lists every page, so each is looked up (and made) now
            files.get_file_from_path(uri)
    return sitemap


class _Clock:
    def __init__(self) -> None:
        self._last = time.perf_counter()
        self._steps: list[tuple[str, float]] = []

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self._steps.append((name, now - self._last))
        self._last = now

    def steps(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._steps)


def _write_sitemap(files: Files, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment) -> None:
    """The sitemap lists every page in the order of a full build: the docs files as get_files
    walks them, then the pages the plugin generated, in the order it added them."""
    ordered = sorted((f for f in files if f.generated_by is None), key=file_sort_key)
    ordered += [f for f in files if f.generated_by is not None]
    every = Files(ordered)
    for file in every.documentation_pages():
        if file.page is None:
            Page(None, file, config)
    build_theme_template("sitemap.xml", env, every, config, nav)
