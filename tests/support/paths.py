"""Where things are: the repository root and the bundled docs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BUNDLED_DOCS = ROOT / "docs"
