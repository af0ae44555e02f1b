"""Comparing built sites: a partial update must leave exactly what a full build writes."""

from __future__ import annotations

import gzip
import stat
from pathlib import Path

from kb.config import Settings
from kb.site import build_site


def site_files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a built site: its mode and bytes (gzip files by their content: their header
    holds a time)."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            mode = stat.S_IMODE(path.stat().st_mode)
            found[path.relative_to(site).as_posix()] = (mode, gzip.decompress(data) if path.suffix == ".gz" else data)
    return found


def assert_same_as_a_full_build(settings: Settings, site: Path, drafts: bool, tmp_path: Path) -> None:
    fresh = tmp_path / f"fresh-{site.name}"
    build_site(settings, site_dir=fresh, drafts=drafts)
    updated, expected = site_files(site), site_files(fresh)
    assert sorted(set(updated) - set(expected)) == [], "files a full build does not write"
    assert sorted(set(expected) - set(updated)) == [], "files missing after the update"
    differ = [name for name in expected if updated[name] != expected[name]]
    assert differ == [], "pages that differ from a full build"
