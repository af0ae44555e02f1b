"""Build the static site with MkDocs (Material theme and the kb plugin)."""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from kb.config import Settings
from kb.errors import BuildError

__all__ = ["BuildResult", "build_site", "load_site_config"]

# Used when the project has no mkdocs.yml: the kb plugin adds what anchors need.
_DEFAULT_CONFIG = """
site_name: Help Centre
theme:
  name: material
  font: false
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


def build_site(settings: Settings, site_dir: Path | None = None, drafts: bool = False) -> BuildResult:
    """Build the whole site into ``site_dir`` (default: the settings' site dir).

    With ``drafts`` the pages in ``docs/_drafts/`` are built too (the preview ``kb serve`` shows).
    """
    config = load_site_config(settings, site_dir)
    if not settings.docs_dir.is_dir():
        raise BuildError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
    start = time.perf_counter()
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
    pages = sum(1 for _ in out.rglob("index.html"))
    return BuildResult(out, pages, time.perf_counter() - start)
