"""A vendor's article HTML → kb Markdown: sanitised first, then converted by markdownify.

The HTML goes through the site's own sanitiser (no script, style, event handler, form or
``javascript:`` URL survives), then markdownify turns it into Markdown with ATX headings, the
body's top heading level becoming ``##``. What vendors wrap around content (Intercom's
``intercom-interblocks-*`` divs, nested divs, Freshdesk's ``<p dir="ltr">``, empty paragraphs) is
dropped; callouts become admonitions, tables and code blocks stay. Links to other imported
articles, by URL or by id, become relative ``.md`` links keeping their ``#fragment``; images
found in the export folder are copied, remote ones stay links (with a warning). Text can never
turn into markup: ``<`` and ``{`` in text are escaped.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from markdownify import ATX, MarkdownConverter

from kb.content import slug
from kb.site.sanitize import sanitize_html

__all__ = [
    "Conversion",
    "LinkIndex",
    "convert_article",
    "heading_anchors",
    "image_index",
    "link_keys",
    "old_path",
]

_HEADING_RE = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_ID_ATTR_RE = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_LOST_RE = re.compile(r"<(iframe|video|audio|object|embed|form|script|style|svg|canvas)\b[^>]*>", re.IGNORECASE)
_SRC_RE = re.compile(r"""\b(?:src|data)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_ARTICLE_TOKEN_RE = re.compile(r"/articles?/([0-9A-Za-z]+?)(?:-[^/]*)?/?$")
_BLANK_LINES_RE = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_ADMONITION_KINDS = (
    ("warn", "warning"),
    ("danger", "danger"),
    ("error", "danger"),
    ("tip", "tip"),
    ("success", "tip"),
    ("info", "info"),
)
_TEXT_ESCAPES = str.maketrans({"{": "\\{", "}": "\\}", "[": "\\[", "]": "\\]", "`": "\\`"})
_INLINE_PARENTS = frozenset(
    {"_inline", "a", "b", "strong", "em", "i", "u", "s", "del", "sub", "sup", "code", "kbd", "mark", "small", "span"}
)
_DROP_WRAPPER_CLASS = re.compile(r"intercom-interblocks-(?!callout|code)")


def old_path(url: str) -> str:
    """The path of an old article URL without the trailing slash (``https://x/hc/a/1-b`` → ``/hc/a/1-b``)."""
    path = urlsplit(url.strip()).path if "://" in url or url.startswith("/") else "/" + url.strip()
    return "/" + unquote(path).strip("/") if path.strip("/") else ""


def link_keys(url: str, article_id: str) -> list[str]:
    """The keys a link to this article may be found by: its URL path, its id, the id in its URL."""
    keys = [f"id:{article_id}"]
    path = old_path(url)
    if path:
        keys.append(f"path:{path.lower()}")
        token = _ARTICLE_TOKEN_RE.search(path)
        if token:
            keys.append(f"id:{token.group(1)}")
    return keys


@dataclass(frozen=True)
class LinkIndex:
    """Where links between imported articles go: key (see :func:`link_keys`) → docs path, and
    per docs path the old heading ids → the new anchors."""

    targets: Mapping[str, str] = field(default_factory=dict)
    anchors: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def find(self, href: str) -> tuple[str, str] | None:
        """(docs path, new fragment) for a link to an imported article, else None."""
        base, _, fragment = href.partition("#")
        if not base:
            return None
        path = old_path(base.split("?", 1)[0])
        target = self.targets.get(f"path:{path.lower()}")
        if target is None:
            token = _ARTICLE_TOKEN_RE.search(path)
            target = self.targets.get(f"id:{token.group(1)}") if token else None
        if target is None and base.strip().isdigit():
            target = self.targets.get(f"id:{base.strip()}")
        if target is None:
            return None
        return target, self.anchors.get(target, {}).get(fragment, fragment)


def image_index(paths: Iterable[str]) -> dict[str, str]:
    """Every path suffix of the export's files → the file (``a/b/c.png``: ``c.png``, ``b/c.png``…);
    a longer suffix wins, and a suffix two files share is left out."""
    index: dict[str, str] = {}
    shared: set[str] = set()
    for path in paths:
        parts = path.split("/")
        for start in range(len(parts)):
            suffix = "/".join(parts[start:]).lower()
            if suffix in index and index[suffix] != path:
                shared.add(suffix)
            index[suffix] = path
    return {k: v for k, v in index.items() if k not in shared}


def heading_anchors(body_html: str) -> dict[str, str]:
    """Old heading id → the anchor kb gives that heading (toc's slug, ``_1`` for repeats)."""
    used: set[str] = set()
    found: dict[str, str] = {}
    for match in _HEADING_RE.finditer(body_html):
        words = " ".join(html.unescape(_TAG_RE.sub(" ", match.group(3))).split())
        if not words:
            continue
        anchor = _unique(slug(words), used)
        id_match = _ID_ATTR_RE.search(match.group(2))
        if id_match:
            old = next(group for group in id_match.groups() if group is not None).strip()
            if old and old != anchor:
                found.setdefault(old, anchor)
    return found


def _unique(base: str, used: set[str]) -> str:
    candidate, number = base, 0
    while candidate in used:
        number += 1
        candidate = f"{base}_{number}"
    used.add(candidate)
    return candidate


@dataclass(frozen=True)
class Conversion:
    """The Markdown body, images to copy (export path, docs path), warnings and what was lost."""

    markdown: str
    images: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()


@dataclass
class _Sink:
    path: str
    links: LinkIndex
    images: Mapping[str, str]
    image_folder: str
    shift: int
    copies: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# markdownify's stub lists none of the convert_* hooks that subclasses override
_Base: Any = MarkdownConverter


class _Converter(_Base):  # type: ignore[misc]
    """markdownify with kb's rules for links, images, headings, callouts, wrappers and escaping."""

    def __init__(self, sink: _Sink, **options: Any) -> None:
        super().__init__(**options)
        self.sink = sink

    def escape(self, text: str, parent_tags: set[str]) -> str:
        escaped: str = super().escape(text.replace("\\", "\\\\"), parent_tags)  # a backslash stays one
        # text stays text: no raw HTML, no attribute list, no link made of bracketed words, no code
        # span opened by a backtick of the text (it would pair with a code span's and free its text)
        return escaped.replace("<", "&lt;").translate(_TEXT_ESCAPES)

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "pre" in parent_tags:  # a fence inside a fence would close it
            return text
        if parent_tags & _INLINE_PARENTS or ("li" in parent_tags and _opens_list_item(el)):
            # a fence inside a heading, link or emphasis, or on a list item's bullet line ("- ```"),
            # is no fence: its text would be read as markup ("<li><pre>&lt;script&gt;</pre></li>")
            words = " ".join(text.split())
            fence = "`" * (max((len(run) for run in re.findall(r"`+", words)), default=0) + 1)
            return f"{fence} {words} {fence}" if words else ""
        return str(super().convert_pre(el, text, parent_tags))

    def convert_code(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "pre" not in parent_tags:
            # a code span ends at a blank line, and the rest of its text would be read as markup
            text = " ".join(text.split())
        return str(super().convert_code(el, text, parent_tags))

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        if not text.strip():
            return ""
        level = min(6, max(2, n + self.sink.shift))
        return str(super().convert_hN(level, el, text, parent_tags))

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = el.get("href") or ""
        found = self.sink.links.find(href) if href else None
        if found is not None:
            target, fragment = found
            relative = posixpath.relpath(target, posixpath.dirname(self.sink.path) or ".")
            el["href"] = relative + (f"#{fragment}" if fragment else "")
        return str(super().convert_a(el, text, parent_tags))

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = (el.get("src") or "").strip()
        if not src:
            return ""
        parts = [p for p in unquote(urlsplit(src).path).split("/") if p and p not in (".", "..")]
        found = next(
            (
                self.sink.images[s]
                for s in ("/".join(parts[i:]).lower() for i in range(len(parts)))
                if s in self.sink.images
            ),
            None,
        )
        if found is not None:
            docs_file = posixpath.join(self.sink.image_folder, found)
            self.sink.copies[found] = docs_file
            el["src"] = posixpath.relpath(docs_file, posixpath.dirname(self.sink.path) or ".")
        elif src.startswith(("http://", "https://", "//")):
            self.sink.warnings.append(
                f"remote image {src} stays a link to the old help centre: download it if it may go away"
            )
        else:
            self.sink.warnings.append(f"image {src} is not in the export folder: it will not show")
        return str(super().convert_img(el, text, parent_tags))

    def convert_div(self, el: Any, text: str, parent_tags: set[str]) -> str:
        classes = " ".join(el.get("class") or [])
        if "callout" in classes and "_inline" not in parent_tags and text.strip():
            kind = next((k for word, k in _ADMONITION_KINDS if word in classes), "note")
            body = "\n".join(("    " + line) if line.strip() else "" for line in text.strip().split("\n"))
            return f"\n\n!!! {kind}\n\n{body}\n\n"
        return str(super().convert_div(el, text, parent_tags))

    convert_aside = convert_div


def _lost(body_html: str) -> list[str]:
    lost = []
    for match in _LOST_RE.finditer(body_html):
        tag = match.group(1).lower()
        source = _SRC_RE.search(match.group(0))
        where = f" ({source.group(1)})" if source and tag not in ("script", "style") else ""
        lost.append(
            f"<{tag}>{where} was dropped: kb articles hold no {tag} elements"
            + ("; link to it instead" if where else "")
        )
    return lost


def convert_article(
    body_html: str,
    path: str,
    links: LinkIndex | None = None,
    images: Mapping[str, str] | None = None,
    image_folder: str = "assets",
) -> Conversion:
    """``body_html`` as the Markdown body of the article at docs path ``path`` (no title, no front matter)."""
    levels = [int(m.group(1)) for m in _HEADING_RE.finditer(body_html)]
    shift = 2 - min(levels) if levels and min(levels) < 2 else 0
    lost = _lost(body_html)
    sink = _Sink(path, links or LinkIndex(), images or {}, image_folder, shift)
    clean = sanitize_html(body_html)
    converter = _Converter(
        sink,
        heading_style=ATX,
        bullets="-",
        strip_document="strip",
        table_infer_header=True,
        code_language_callback=_code_language,
        escape_misc=False,
    )
    try:
        text = converter.convert(_unwrap(clean))
    except RecursionError:  # nested deeper than Python's stack: keep the words, lose the layout
        text = _plain(clean)
        lost = [*lost, "the HTML is nested too deeply to keep its layout: imported as plain text"]
    if _renders_code(text):
        # Malformed markup can still pair a text's backtick or bracket with the converter's own;
        # rather than guess, keep the words (the site's sanitiser would also catch it).
        text = _plain(clean)
        lost = [*lost, "the HTML's markup could not be kept safely: imported as plain text"]
    text = "\n".join(line.rstrip() for line in text.replace("\u00a0", " ").split("\n"))
    text = _BLANK_LINES_RE.sub("\n\n", text).strip("\n")
    return Conversion(text + "\n" if text else "", tuple(sink.copies.items()), tuple(sink.warnings), tuple(lost))


# What the Markdown must not render to: an element or an attribute that runs code.
_UNSAFE_RENDER = re.compile(
    r"<\s*(?:script|style|iframe|object|embed|form|svg)\b|\son\w+\s*=|javascript:", re.IGNORECASE
)
_MAYBE_UNSAFE = re.compile(r"<|javascript:|\bon\w+\s*=", re.IGNORECASE)
_SITE_EXTENSIONS = ["tables", "attr_list", "admonition", "def_list", "pymdownx.superfences", "toc"]  # mkdocs.yml's


def _renders_code(text: str) -> bool:
    """Whether ``text``, rendered as the site renders Markdown, holds a tag that runs code."""
    if not _MAYBE_UNSAFE.search(text):
        return False  # Markdown makes no such tag of its own: only a "<", a scheme or an attribute can
    import markdown  # only when an article is imported

    rendered = markdown.markdown(text, extensions=_SITE_EXTENSIONS)
    return any(_UNSAFE_RENDER.search(tag) for tag in re.findall(r"<[^>]+>", rendered))


def _plain(clean: str) -> str:
    """The words of sanitised HTML as one paragraph of escaped text."""
    flat = html.unescape(sanitize_html(re.sub(r"<[^>]*>", " ", clean)))
    return " ".join(flat.split()).replace("<", "&lt;").translate(_TEXT_ESCAPES)


def _unwrap(fragment: str) -> str:
    """Intercom's block wrappers are layout, not content: drop their class so they read as plain divs."""
    return _DROP_WRAPPER_CLASS.sub("kb-wrapper-", fragment) if "intercom-interblocks-" in fragment else fragment


def _opens_list_item(el: Any) -> bool:
    """Whether nothing that renders comes before ``el`` in the list item that holds it."""
    while el is not None and getattr(el, "name", None) != "li":
        if not all(_renders_nothing(sibling) for sibling in el.previous_siblings):
            return False
        el = el.parent
    return el is not None


def _renders_nothing(node: Any) -> bool:
    """Blanks, or an element with neither text nor an image (an empty ``<p>``)."""
    if not hasattr(node, "get_text"):
        return not str(node).strip()
    return not node.get_text().strip() and node.name != "img" and node.find("img") is None


def _code_language(el: Any) -> str | None:
    for node in (el, *(el.find_all("code") if hasattr(el, "find_all") else ())):
        for name in node.get("class") or ():
            if name.startswith(("language-", "lang-")):
                return str(name.split("-", 1)[1])
        lang = node.get("data-lang") or node.get("data-language")
        if lang:
            return str(lang)
    return None
