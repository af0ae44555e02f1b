"""Hypothesis strategies for articles as real writers write them: any heading order, empty sections,
repeated headings, headings of punctuation, emoji or other scripts, code-only sections, tables, raw
HTML, admonitions, front matter with fields missing, very long sections, CRLF line endings, a BOM.

Every paragraph carries a made-up marker word (``zq3fmarker``) that appears nowhere else in the
tree, so a test can ask the index for one section by one of its rare words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from kb.config import Settings, load_settings
from tests.support.paths import ROOT

HEADINGS = [
    "Install", "Install", "Steps", "Why it fails", "FAQ", "Models", "Models",
    "???", "!!!", "--", "🎉", "🎉 Party time", "安装指南", "Установка", "Ünïcødé façade", "C++ & C#",
    "A very long heading " + "that goes on " * 12, "`code` in a heading", "Heading with *emphasis*",
]  # fmt: skip
MARKER_RE = re.compile(r"\bzq\d+f(?:new)?marker\b")


@dataclass
class Counter:
    """Hands out marker words, unique within one generated tree."""

    next: int = 0

    def marker(self) -> str:
        self.next += 1
        return f"zq{self.next}fmarker"


@st.composite
def blocks(draw: st.DrawFn, markers: Counter) -> str:
    kind = draw(
        st.sampled_from(
            [
                "heading",
                "heading",
                "heading",
                "paragraph",
                "paragraph",
                "code",
                "table",
                "html",
                "admonition",
                "long",
                "list",
                "nothing",
            ]
        )
    )
    if kind == "heading":
        level = draw(st.integers(min_value=1, max_value=6))
        return "#" * level + " " + draw(st.sampled_from(HEADINGS))
    if kind == "paragraph":
        words = draw(
            st.lists(st.sampled_from(["printer", "label", "export", "the", "a", "Ünïcødé", "👍", "—"]), max_size=8)
        )
        return " ".join([*words, markers.marker(), "end."])
    if kind == "code":
        return f"```python\nprint('{markers.marker()}')\n```"
    if kind == "table":
        return f"| Key | Value |\n| --- | --- |\n| {markers.marker()} | 1 |"
    if kind == "html":
        return f'<div class="note">Raw <b>HTML</b> {markers.marker()}</div>'
    if kind == "admonition":
        return f'!!! note "Note"\n    An admonition with {markers.marker()} inside.'
    if kind == "long":
        return " ".join(["A long section sentence about printing labels."] * 300 + [markers.marker()])
    if kind == "list":
        return f"1. First {markers.marker()}\n2. Second step."
    return ""


@st.composite
def article_texts(draw: st.DrawFn, markers: Counter | None = None) -> str:
    """The text of one article file."""
    markers = markers or Counter()
    title = draw(st.sampled_from(["Fix the printer", "安装", "🎉", "Models"]))
    fields = []
    if draw(st.booleans()):
        fields.append(f"title: {title!r}")
    if draw(st.booleans()):
        fields.append("summary: Turn it off and on again.")
    if draw(st.booleans()):
        fields.append("tags: [printing]")
    front = ("---\n" + "".join(f"{f}\n" for f in fields) + "---\n") if fields or draw(st.booleans()) else ""
    h1 = f"# {title}\n\n" if draw(st.booleans()) else ""
    body = "\n\n".join(draw(st.lists(blocks(markers), max_size=10)))
    text = front + h1 + body + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def docs_trees(draw: st.DrawFn) -> dict[str, str]:
    """A small docs tree: docs path → text, one to three articles in one or two categories."""
    markers = Counter()
    count = draw(st.integers(min_value=1, max_value=3))
    return {
        f"{draw(st.sampled_from(['printing', 'billing']))}/article-{n}.md": draw(article_texts(markers))
        for n in range(count)
    }


def write_tree(base: Path, tree: dict[str, str]) -> Settings:
    """Write a generated docs tree under ``base`` (bytes as generated: CRLF and BOM kept); its settings."""
    docs = base / "docs"
    for rel, text in tree.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return load_settings(ROOT, environ={}).with_paths(docs, base / "site", base / "data")
