"""Keep every built copy of the site current after a publish, reject, apply or move.

The sites kb may have built: the ``kb serve`` preview (drafts shown) and plain site in the data
dir, and the static site in ``site_dir``. Each one that exists is brought up to date; one that was
never built is left alone (``kb build`` or ``kb serve`` builds it in full when needed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kb.config import Settings
from kb.site import build_site

__all__ = ["built_sites", "update_sites"]


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
    """Rebuild the built sites after ``changed`` docs paths were written and ``removed`` ones went;
    returns how many sites were updated."""
    sites = built_sites(settings)
    for folder, drafts in sites:
        build_site(settings, site_dir=folder, drafts=drafts)
    return len(sites)
