"""Markdown → the plain text a reader sees, for the search index and answer sentences.

A full Markdown render costs ~1 ms per article, which alone would eat half of the index
build budget at 10,000 articles; these few substitutions cost ~50 µs and produce the same
words. ``tests/test_plaintext.py`` checks that against Python-Markdown's rendering of every
bundled article, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import html
import re

__all__ = ["markdown_to_text", "paragraphs"]

_FENCE_LINE = re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_ATTR_LIST = re.compile(r"[ ]*\{:?[ ]*[#.][^}\n]*\}")
_HEADING = re.compile(r"^#{1,6}[ \t]*(.*?)[ \t#]*$", re.MULTILINE)
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]*\w+(?:[ \t]+\"([^\"]*)\")?[ \t]*$", re.MULTILINE)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_QUOTE_MARKER = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_HR = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~|==)(?=\S)(.+?)(?<=\S)\1")
_CODE_SPAN = re.compile(r"(`+)[ ]?(.+?)[ ]?\1")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=])")
_SPACES = re.compile(r"[ \t]+")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment; paragraphs separated by blank lines."""
    text = _HTML_COMMENT.sub("", markdown)
    text = _FENCE_LINE.sub("", text)
    text = _REF_DEF.sub("", text)
    text = _ADMONITION.sub(lambda m: m.group(1) or "", text)
    text = _HEADING.sub(r"\1", text)
    text = _TABLE_RULE.sub("", text)
    text = _HR.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _ATTR_LIST.sub("", text)
    text = _CODE_SPAN.sub(lambda m: m.group(2).replace("*", "\x00").replace("_", "\x01"), text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)  # nested emphasis
    text = text.replace("\x00", "*").replace("\x01", "_")
    text = _HTML_TAG.sub("", text)
    text = _LIST_MARKER.sub("\n", text)  # each list item its own paragraph: sentences never span items
    text = _QUOTE_MARKER.sub("", text)
    text = text.replace("|", " ")
    text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text, each with its lines joined by spaces."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
