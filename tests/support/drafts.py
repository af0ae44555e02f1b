"""Shared test helpers (moved from tests/test_publish.py)."""

from __future__ import annotations


def draft_text(title: str = "Fix: label printer prints blank labels", extra: str = "", body: str = "") -> str:
    return (
        f"---\ntitle: '{title}'\nsummary: Open Printer settings, then set Darkness to 12.\n"
        f"tags: [printing]\nstatus: draft\ncategory: billing\nprovenance: ['5150']\ncreated: 2026-11-20\n"
        f"redaction: {{name: 2}}\n{extra}---\n# {title}\n\n"
        + (body or "## Problem\n\nEvery label comes out blank.\n\n## Solution\n\n1. Open Printer settings.\n"
           "2. Set Darkness to 12.\n")
    )  # fmt: skip
