"""What an article page carries so a shared link looks right: Open Graph and Twitter card tags,
and JSON-LD (``TechArticle``; ``FAQPage`` when its sections ask questions; ``HowTo`` when it has
a Steps section).

Pure functions over plain values: the plugin hands in the article's text and the rendered HTML,
and gets back the head markup. Everything that reaches the page is escaped here: attribute values
with :func:`html.escape`, JSON-LD with ``<``, ``>`` and ``&`` as ``\\u003c``… so no title can close
the ``<script>`` element.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

__all__ = ["ArticleShare", "PageSection", "head_markup", "json_ld", "page_sections", "script_json"]

#: What a FAQ answer or a step may hold in the JSON-LD (search engines show a snippet at most).
_MAX_TEXT = 500
#: Sections asking questions that make an article FAQ-shaped.
_MIN_QUESTIONS = 2
_SPACE = re.compile(r"\s+")
_STEPS = re.compile(r"^steps\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleShare:
    """The plain-text facts about one article page (nothing escaped yet)."""

    title: str
    summary: str
    url: str
    image: str
    site_name: str
    category: str = ""
    tags: tuple[str, ...] = ()
    updated: str | None = None
    language: str = "en"


@dataclass
class PageSection:
    """A ``##`` section of the rendered page: its heading, anchor, text and numbered-list items."""

    heading: str
    anchor: str
    text: str = ""
    steps: list[str] = field(default_factory=list)


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no tag, comment or entity can start from it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _clip(text: str, limit: int = _MAX_TEXT) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def json_ld(share: ArticleShare, sections: list[PageSection]) -> list[dict[str, Any]]:
    """The schema.org objects of one article: TechArticle, plus FAQPage and HowTo when they fit."""
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": _clip(share.title, 110),
        "description": share.summary,
        "url": share.url,
        "mainEntityOfPage": share.url,
        "image": share.image,
        "inLanguage": share.language,
        "publisher": {"@type": "Organization", "name": share.site_name},
    }
    if share.category:
        article["articleSection"] = share.category
    if share.tags:
        article["keywords"] = ", ".join(share.tags)
    if share.updated:
        article["dateModified"] = share.updated
    found = [article]
    questions = [s for s in sections if s.heading.rstrip().endswith("?") and s.text.strip()]
    if len(questions) >= _MIN_QUESTIONS:
        found.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "url": share.url,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": _clip(q.heading),
                        "acceptedAnswer": {"@type": "Answer", "text": _clip(q.text)},
                    }
                    for q in questions
                ],
            }
        )
    steps = next((s for s in sections if _STEPS.match(s.heading.strip()) and s.steps), None)
    if steps is not None:
        found.append(
            {
                "@context": "https://schema.org",
                "@type": "HowTo",
                "name": _clip(share.title, 110),
                "description": share.summary,
                "url": share.url,
                "step": [
                    {
                        "@type": "HowToStep",
                        "position": number,
                        "text": _clip(text),
                        "url": f"{share.url}#{steps.anchor}" if steps.anchor else share.url,
                    }
                    for number, text in enumerate(steps.steps, start=1)
                    if text.strip()
                ],
            }
        )
    return found


def head_markup(share: ArticleShare, sections: list[PageSection]) -> str:
    """The Open Graph, Twitter card and JSON-LD tags for the page's ``<head>``."""

    def meta(attribute: str, name: str, value: str) -> str:
        return f'<meta {attribute}="{name}" content="{html.escape(value, quote=True)}">'

    tags = [
        meta("property", "og:type", "article"),
        meta("property", "og:site_name", share.site_name),
        meta("property", "og:title", share.title),
        meta("property", "og:description", share.summary),
        meta("property", "og:url", share.url),
        meta("property", "og:image", share.image),
        meta("property", "og:image:alt", share.title),
        meta("name", "twitter:card", "summary_large_image"),
        meta("name", "twitter:title", share.title),
        meta("name", "twitter:description", share.summary),
        meta("name", "twitter:image", share.image),
        f'<link rel="canonical" href="{html.escape(share.url, quote=True)}">' if "://" in share.url else "",
    ]
    if share.updated:
        tags.append(meta("property", "article:modified_time", share.updated))
    tags.extend(meta("property", "article:tag", tag) for tag in share.tags)
    data = json_ld(share, sections)
    tags.append(f'<script type="application/ld+json">{script_json(data if len(data) > 1 else data[0])}</script>')
    return "\n".join(tag for tag in tags if tag)


class _SectionParser(HTMLParser):
    """Cuts rendered article HTML at its ``<h2>`` headings (as the section index does)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[PageSection] = []
        self._in_heading = False
        self._heading: list[str] = []
        self._skip = 0  # inside the heading's permalink (¶)
        self._list_depth = 0
        self._ordered: list[bool] = []
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h2":
            self._in_heading, self._heading = True, []
            self.sections.append(PageSection("", found.get("id") or ""))
        elif tag == "a" and "headerlink" in (found.get("class") or "").split():
            self._skip += 1
        elif tag in ("ol", "ul"):
            self._ordered.append(tag == "ol")
        elif tag == "li" and self.sections and len(self._ordered) == 1 and self._ordered[0]:
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._in_heading:
            self._in_heading = False
            self.sections[-1].heading = _clip("".join(self._heading), 300)
        elif tag == "a" and self._skip:
            self._skip -= 1
        elif tag in ("ol", "ul") and self._ordered:
            self._ordered.pop()
        elif tag == "li" and self._item is not None and len(self._ordered) == 1:
            self.sections[-1].steps.append(_clip("".join(self._item)))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_heading:
            self._heading.append(data)
        elif self.sections:
            self.sections[-1].text += data
            if self._item is not None:
                self._item.append(data)


def page_sections(content_html: str) -> list[PageSection]:
    """The ``##`` sections of a rendered page, in order."""
    parser = _SectionParser()
    parser.feed(content_html)
    parser.close()
    for section in parser.sections:
        section.text = _clip(section.text, 4 * _MAX_TEXT)
    return parser.sections
