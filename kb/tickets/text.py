"""Text cleaning for ticket imports: decoding bytes, HTML → Markdown-ish text, the body size limit.

Pure functions. The HTML path is two standard libraries: nh3 (ammonia) sanitises first, dropping
script/style/iframe contents, comments, images and non-http(s)/mailto links, and markdownify turns
what is left into Markdown, keeping paragraphs, line breaks, lists, code and tables.

What comes out is the text a person wrote, not something safe to paste into a page: a literal ``<``
the customer typed (``&lt;b&gt;`` in HTML) comes out as ``<b>``, and Jinja-like ``{{ }}`` and
``{% %}`` stay as they are. Escaping for Markdown, HTML and templates is the drafts' job.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdownify
import nh3

__all__ = [
    "clean_text",
    "clip_body",
    "decode_export",
    "html_to_text",
    "looks_like_html",
    "truncation_marker",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_RUN = re.compile(r"\n{3,}")
_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|span|ul|ol|li|a|b|i|u|s|em|strong|table|tr|td|th|tbody|thead|h[1-6]|"
    r"blockquote|pre|code|img|script|style|html|body|head|font|hr|iframe|center|small|sub|sup)\b[^>]*>",
    re.IGNORECASE,
)
_HTML_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG_SCAN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"})
# nh3 is quadratic in nesting depth and markdownify recurses once per level (Python's stack runs out
# near 300), so anything nested deeper than this takes the flat, linear path instead.
_MAX_DEPTH = 100
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "title",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "math",
        "textarea",
        "select",
        "head",
    }
)
_ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"img", "area", "map"} - _DROP_WITH_CONTENT
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "ul",
        "ol",
        "table",
        "blockquote",
        "pre",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
    }
)


def decode_export(data: bytes) -> tuple[str, int | None]:
    """Decode an export file: UTF-8 (BOM or not), or UTF-16 with a BOM as Excel writes it.

    Bytes that are not valid UTF-8 become U+FFFD rather than failing the import; the second value
    is the offset of the first such byte (None when there was none) so the caller can note it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), exc.start


def clean_text(text: str) -> str:
    """Unify line ends and drop control characters (NUL and friends break YAML and SQLite later)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup or entities.

    Exports are inconsistent (CSV cells and some "plain" fields hold HTML), and raw markup must not
    travel further, so plain fields that look like HTML are converted too.
    """
    return bool(_HTML_TAG.search(text) or _HTML_ENTITY.search(text))


def _nesting_depth(markup: str) -> int:
    depth = deepest = 0
    for match in _TAG_SCAN.finditer(markup):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _VOID:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


class _FlatText(HTMLParser):
    """Linear tag-stripper for pathological HTML: text and line breaks only, no nesting kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self._skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _flat_text(markup: str) -> str:
    parser = _FlatText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _tidy(text: str) -> str:
    text = clean_text(text.replace("\xa0", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def html_to_text(markup: str) -> str:
    """HTML → plain Markdown-ish text: paragraphs, line breaks, lists, code and tables kept; scripts,
    styles, images, comments and all tags dropped; entities decoded.
    """
    if _nesting_depth(markup) > _MAX_DEPTH:
        return _tidy(_flat_text(markup))
    safe = nh3.clean(
        markup,
        tags=set(_ALLOWED_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    try:
        converted = markdownify.markdownify(
            safe,
            heading_style="ATX",
            bullets="-",
            escape_asterisks=False,
            escape_underscores=False,
            escape_misc=False,
        )
    except RecursionError:  # the depth scan is an estimate; never let a body crash an import
        converted = html.unescape(nh3.clean(safe, tags=set()))
    return _tidy(converted)


def truncation_marker(removed: int) -> str:
    return f"[truncated: {removed} bytes removed]"


def clip_body(text: str, max_bytes: int) -> tuple[str, int]:
    """Cut ``text`` to at most ``max_bytes`` of UTF-8, on a character boundary.

    Returns the kept text and the number of bytes removed (0 when it fit).
    """
    if len(text) * 4 <= max_bytes:  # cannot exceed the limit: skip encoding the common small body
        return text, 0
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text, 0
    kept = encoded[:max_bytes].decode("utf-8", errors="ignore")
    return kept, len(encoded) - len(kept.encode("utf-8"))
