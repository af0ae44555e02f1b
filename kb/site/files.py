"""Writing a built site's files so a server reading the folder never sees half of one.

Each page, asset or redirect is written to a temp file beside it and renamed over the old one;
an output that went is deleted with the folders it leaves empty (never the site folder itself).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.permalinks import redirect_file, redirect_html
from kb.site.mkdocs_internals import build_page
from kb.site.state import Output, SiteState

__all__ = ["build_page_atomic", "copy_atomic", "delete_output", "temp_path", "update_redirect_pages", "write_atomic"]


def temp_path(final: str) -> str:
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}.{os.getpid()}.tmp")


def build_page_atomic(
    page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: jinja2.Environment
) -> None:
    """MkDocs' own page build, written to a temp file that is then renamed over the page."""
    file = page.file
    final = file.abs_dest_path
    temp = temp_path(final)
    file.abs_dest_path = temp
    try:
        build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
        if os.path.exists(temp):
            os.replace(temp, final)
    finally:
        file.abs_dest_path = final
        if os.path.exists(temp):
            os.unlink(temp)


def write_atomic(path: str, data: bytes) -> None:
    """Write a site file as MkDocs does (plain open, so the umask sets its mode), via a rename."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temp = temp_path(path)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def copy_atomic(file: File) -> None:
    final = file.abs_dest_path
    os.makedirs(os.path.dirname(final), exist_ok=True)
    temp = temp_path(final)
    try:
        if file.abs_src_path is not None:
            shutil.copyfile(file.abs_src_path, temp)
        else:
            with open(temp, "wb") as handle:
                handle.write(file.content_bytes)
        os.replace(temp, final)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def delete_output(site_dir: Path, dest: str) -> None:
    """Delete one output file and the folders it leaves empty (never the site folder itself)."""
    root = os.path.normpath(site_dir)
    path = os.path.normpath(os.path.join(root, dest))
    if not path.startswith(root + os.sep):
        return
    with suppress(FileNotFoundError):
        os.unlink(path)
    folder = os.path.dirname(path)
    while folder != root and folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            break  # not empty
        folder = os.path.dirname(folder)


def update_redirect_pages(
    site_dir: Path, state: SiteState, outputs: Mapping[str, Output], targets: Mapping[str, str], site_url: str
) -> int:
    """Write the redirect pages that are new or lead elsewhere now, delete those that went.

    As in a full build, a real page at a redirect's address wins.
    """
    live = {o.dest for o in outputs.values()}
    was_live = {o.dest for o in state.outputs.values()}
    written = 0
    for source, target in targets.items():
        dest = posixpath.join(source.strip("/"), "index.html")
        file_or_none = redirect_file(site_dir, source)
        if dest in live or file_or_none is None:
            continue
        file = file_or_none
        if state.redirects.get(source) == target and dest not in was_live and file.is_file():
            continue
        write_atomic(str(file), redirect_html(source, target, site_url).encode("utf-8"))
        written += 1
    for source in state.redirects:
        dest = posixpath.join(source.strip("/"), "index.html")
        if source not in targets and dest not in live:
            delete_output(site_dir, dest)
    return written
