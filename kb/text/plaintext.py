"""Markdown → the plain text a reader sees, for the search index and answer sentences.

A full Markdown render costs ~1 ms per article, which alone would eat half of the index
build budget at 10,000 articles; these few substitutions produce the same words in a tenth of
that. Each substitution runs only when the text holds a character its pattern needs: most
sections have no links, comments or fences, and skipping those scans halves the cost.
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
# A GitHub alert's first line ("> [!NOTE]"), which the site shows as a titled box: no words of its own.
_CALLOUT = re.compile(r"^[ \t]*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.MULTILINE | re.IGNORECASE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)
_HR = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE)
# Emphasis may wrap to the next line but never crosses a blank line (its paragraph). Its text is
# bounded (1,000 characters) so that unclosed markers cost linear time: unbounded, one 150 KB line
# of "*a " took 84 s. As in CommonMark, "_" neither opens nor closes inside a word, so max_size
# and min_size keep their underscores.
_EMPHASIS_TEXT = r"(?=\S)((?:[^\n]|\n(?![ \t]*\n)){1,1000}?)(?<=\S)"
_EMPHASIS = re.compile(rf"(\*{{1,3}}|~~|==){_EMPHASIS_TEXT}\1")
_UNDERSCORE_EMPHASIS = re.compile(rf"(?<![^\W_])(_{{1,3}}){_EMPHASIS_TEXT}\1(?![^\W_])")
_CODE_SPAN = re.compile(r"(`+)[ ]?(.+?)[ ]?\1")
_BACKSLASH_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=])")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


# A code span shows its text as written: it is set aside first, stood in for by a numbered marker
# no pattern below matches, and put back at the end. The markers use two Unicode noncharacters
# (U+FDD0, U+FDD1), which are for a program's internal use; any in the input are dropped.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_STAND_IN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment; paragraphs separated by blank lines."""
    text = markdown
    if "\r" in text:  # Windows and old Mac line ends: a blank line is a blank line
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _OPEN in text or _CLOSE in text:
        text = text.replace(_OPEN, "").replace(_CLOSE, "")
    codes: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        codes.append(match.group(2))
        return f"{_OPEN}{len(codes) - 1}{_CLOSE}"

    if "<!--" in text:
        text = _HTML_COMMENT.sub("", text)
    if "```" in text or "~~~" in text:
        text = _FENCE_LINE.sub("", text)
    if "`" in text:
        text = _CODE_SPAN.sub(set_aside, text)
    if "]:" in text:
        text = _REF_DEF.sub("", text)
    if "!!!" in text or "???" in text:
        text = _ADMONITION.sub(lambda m: m.group(1) or "", text)
    if "#" in text:
        text = _HEADING.sub(r"\1", text)
    if "---" in text:
        text = _TABLE_RULE.sub("", text)
    text = _HR.sub("", text)
    if "](" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "][" in text:
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "{" in text:
        text = _ATTR_LIST.sub("", text)
    for pattern in (_EMPHASIS, _UNDERSCORE_EMPHASIS):
        if pattern is _UNDERSCORE_EMPHASIS and "_" not in text:
            continue
        text, count = pattern.subn(r"\2", text)
        if count:
            text = pattern.sub(r"\2", text)  # nested emphasis
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    text = _LIST_MARKER.sub("\n", text)  # each list item its own paragraph: sentences never span items
    if ">" in text:
        text = _QUOTE_MARKER.sub("", text)
        if "[!" in text:
            text = _CALLOUT.sub("", text)
    text = text.replace("|", " ")
    if "\\" in text:
        text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    if codes:
        text = _STAND_IN.sub(lambda match: codes[int(match.group(1))], text)
    # [ \t] never matches a newline, so one pass over the whole text equals one per line.
    text = "\n".join([line.strip() for line in _SPACES.sub(" ", text).split("\n")])
    return _BLANK_LINES.sub("\n\n", text).strip()


def paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text, each with its lines joined by spaces."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
