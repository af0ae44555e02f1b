"""Builds the test exports in tests/importing/data/ from the joplin-help corpus.

Run once (``python tests/importing/build_exports.py /work/shared/corpora/joplin-help/docs``); the
output is committed. The text is Joplin's help (AGPL-3.0-or-later, see data/LICENSE-NOTICE.md);
the HTML is shaped the way each vendor's editor emits it: Zendesk's ``<h2 id="h_01…">``,
Intercom's ``intercom-interblocks-*`` wrappers, Freshdesk's ``<p dir="ltr">`` with nested divs
and empty paragraphs, and links between articles by the vendor's URLs.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import markdown
import yaml

ARTICLES = [
    ("sync", "dropbox.md"),
    ("sync", "webdav.md"),
    ("sync", "conflict.md"),
    ("sync", "e2ee.md"),
    ("sync", "s3.md"),
    ("notes", "to-dos.md"),
    ("notes", "attachments.md"),
    ("notes", "note-history.md"),
    ("customising", "custom-css.md"),
    ("customising", "debugging.md"),
    ("customising", "home-directory.md"),
    ("joplin-cloud", "mfa.md"),
]
GROUPS = {  # kb folder → (category, section)
    "sync": ("Sync and security", "Synchronisation"),
    "notes": ("Using Joplin", "Writing notes"),
    "customising": ("Using Joplin", "Customising"),
    "joplin-cloud": ("Sync and security", "Joplin Cloud"),
}
OUT = Path(__file__).parent / "data"
CALLOUT = (
    '<div class="intercom-interblocks-callout" style="background-color: #feedaf80; border-color: #fbc91633;">'
    '<div class="intercom-interblocks-paragraph"><p><b>Note:</b> ask us in the chat if you are stuck.</p></div></div>'
)


def _load(docs: Path, folder: str, name: str) -> tuple[str, str, list[str]]:
    text = (docs / folder / name).read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    body = re.sub(r"^# .*\n", "", body.lstrip(), count=1)
    return str(meta["title"]), body, list(meta.get("tags") or [])


def _ids(seed: str) -> str:
    return str(360000000000 + int(hashlib.sha1(seed.encode()).hexdigest()[:8], 16) % 10_000_000)


def _html(body: str) -> str:
    return markdown.markdown(body, extensions=["tables", "fenced_code", "toc"])


def _links(html: str, urls: dict[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        target, fragment = match.group(1), match.group(2) or ""
        name = target.rsplit("/", 1)[-1]
        if name in urls:
            return f'href="{urls[name]}{fragment}"'
        return f'href="https://joplinapp.org/help/{name[:-3]}{fragment}"'  # not in the export: stays external

    return re.sub(r'href="([^"#:]+\.md)(#[^"]*)?"', swap, html)


def _zendesk_heading_ids(html: str, number: int) -> str:
    counter = iter(range(100))
    return re.sub(
        r'<h([23]) id="[^"]*">', lambda m: f'<h{m[1]} id="h_01HQ{number:02d}{next(counter):02d}ZXK7P3">', html
    )


def zendesk(docs: Path) -> dict[str, object]:
    categories, sections, articles = [], [], []
    urls = {
        name: f"https://help.example.com/hc/en-us/articles/{_ids(name)}-{name[:-3].title()}" for _, name in ARTICLES
    }
    for category, section in GROUPS.values():
        if not any(c["name"] == category for c in categories):
            categories.append(
                {"id": int(_ids(category)), "name": category, "description": "", "position": len(categories)}
            )
        sections.append(
            {
                "id": int(_ids(section)),
                "name": section,
                "category_id": int(_ids(category)),
                "position": len(sections),
                "description": f"Articles about {section.lower()}.",
            }
        )
    for number, (folder, name) in enumerate(ARTICLES):
        title, body, tags = _load(docs, folder, name)
        html = _links(_html(body), urls)
        html = _zendesk_heading_ids(html, number)
        if name == "to-dos.md":  # links by URL with an old section anchor, and by the bare id path
            conflict = ARTICLES.index(("sync", "conflict.md"))
            html += (
                f'<p>See <a href="{urls["conflict.md"]}#h_01HQ{conflict:02d}00ZXK7P3">how conflicts are handled</a>'
                f' and <a href="/hc/en-us/articles/{_ids("dropbox.md")}">Dropbox sync</a>.</p>'
            )
        html = html.replace("</p>\n<h", "</p>\n<p>&nbsp;</p>\n<h", 1)
        articles.append(
            {
                "id": int(_ids(name)),
                "url": f"https://example.zendesk.com/api/v2/help_center/en-us/articles/{_ids(name)}.json",
                "html_url": urls[name],
                "title": title,
                "body": html,
                "locale": "en-us",
                "source_locale": "en-us",
                "section_id": int(_ids(GROUPS[folder][1])),
                "label_names": tags,
                "position": number,
                "draft": name == "debugging.md",
                "created_at": "2023-03-01T10:00:00Z",
                "updated_at": "2024-05-02T09:30:00Z",
            }
        )
    return {"categories": categories, "sections": sections, "articles": articles}


def intercom(docs: Path) -> list[dict[str, object]]:
    urls = {name: f"https://intercom.help/example/en/articles/{_ids(name)[-7:]}-{name[:-3]}" for _, name in ARTICLES}
    collections = [
        {"type": "collection", "id": _ids(c)[-7:], "name": c, "description": "", "order": n}
        for n, c in enumerate(dict.fromkeys(c for c, _ in GROUPS.values()))
    ]
    sections = [
        {"type": "section", "id": _ids(s)[-7:], "name": s, "parent_id": _ids(c)[-7:], "order": n}
        for n, (c, s) in enumerate(GROUPS.values())
    ]
    articles = []
    for folder, name in ARTICLES:
        title, body, _tags = _load(docs, folder, name)
        html = _links(_html(body), urls)
        html = re.sub(r"(<h[23][^>]*>.*?</h[23]>)", r'<div class="intercom-interblocks-subheading">\1</div>', html)
        html = re.sub(
            r"(<p>.*?</p>)",
            r'<div class="intercom-interblocks-paragraph no-margin intercom-interblocks-align-left">\1</div>',
            html,
            flags=re.S,
        )
        html = re.sub(r"(<pre>.*?</pre>)", r'<div class="intercom-interblocks-code">\1</div>', html, flags=re.S)
        html += CALLOUT
        articles.append(
            {
                "type": "article",
                "id": _ids(name)[-7:],
                "title": title,
                "description": "",
                "body": html,
                "author_id": 5017691,
                "state": "published",
                "created_at": 1672531200,
                "updated_at": 1714641000,
                "url": urls[name],
                "parent_id": _ids(GROUPS[folder][1])[-7:],
                "parent_type": "collection",
            }
        )
    return [
        {"type": "list", "data": collections + sections, "pages": {"page": 1, "total_pages": 1}},
        {"type": "list", "data": articles[:5], "pages": {"page": 1, "total_pages": 2}},
        {"type": "list", "data": articles[5:], "pages": {"page": 2, "total_pages": 2}},
    ]


def freshdesk(docs: Path) -> dict[str, list[dict[str, object]]]:
    categories = [
        {"id": int(_ids(c)[-8:]), "name": c, "description": None} for c in dict.fromkeys(c for c, _ in GROUPS.values())
    ]
    folders = [
        {"id": int(_ids(s)[-8:]), "name": s, "category_id": int(_ids(c)[-8:]), "visibility": 1}
        for c, s in GROUPS.values()
    ]
    articles = []
    for folder, name in ARTICLES:
        title, body, tags = _load(docs, folder, name)
        html = _html(body).replace("<p>", '<p dir="ltr">')
        html = re.sub(r"(<h[23][^>]*>.*?</h[23]>)", r'<div dir="ltr"><div>\1</div></div><p><br></p>', html)
        html = html.replace(
            '<p dir="ltr">', '<p dir="ltr"><span style="font-size: 14px; color: rgb(24, 50, 71);">'
        ).replace("</p>", "</span></p>")
        articles.append(
            {
                "id": int(_ids(name)[-8:]),
                "title": title,
                "description": f"<div>{html}</div>",
                "description_text": body,
                "status": 2,
                "folder_id": int(_ids(GROUPS[folder][1])[-8:]),
                "tags": tags,
                "created_at": "2023-03-01T10:00:00Z",
                "updated_at": "2024-05-02T09:30:00Z",
            }
        )
    return {"categories": categories, "folders": folders, "articles": articles}


def helpscout(docs: Path) -> dict[str, object]:
    collections = [
        {"id": hashlib.md5(c.encode()).hexdigest()[:24], "name": c, "order": n}
        for n, c in enumerate(dict.fromkeys(c for c, _ in GROUPS.values()))
    ]
    cats = [
        {
            "id": hashlib.md5(s.encode()).hexdigest()[:24],
            "name": s,
            "order": n,
            "collectionId": hashlib.md5(c.encode()).hexdigest()[:24],
        }
        for n, (c, s) in enumerate(GROUPS.values())
    ]
    urls = {name: f"https://docs.example.com/article/{n + 10}-{name[:-3]}" for n, (_, name) in enumerate(ARTICLES)}
    items = []
    for number, (folder, name) in enumerate(ARTICLES):
        title, body, tags = _load(docs, folder, name)
        items.append(
            {
                "id": hashlib.md5(name.encode()).hexdigest()[:24],
                "number": number + 10,
                "name": title,
                "text": _links(_html(body), urls),
                "status": "published",
                "publicUrl": urls[name],
                "categories": [hashlib.md5(GROUPS[folder][1].encode()).hexdigest()[:24]],
                "keywords": tags,
                "updatedAt": "2024-05-02T09:30:00Z",
            }
        )
    return {
        "collections": {"page": 1, "pages": 1, "items": collections},
        "categories": {"page": 1, "pages": 1, "items": cats},
        "articles": {"page": 1, "pages": 1, "items": items},
    }


def main(docs: Path) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "zendesk.json").write_text(json.dumps(zendesk(docs), indent=1), encoding="utf-8")
    for n, page in enumerate(intercom(docs), 1):
        (OUT / "intercom").mkdir(exist_ok=True)
        (OUT / "intercom" / f"page-{n}.json").write_text(json.dumps(page, indent=1), encoding="utf-8")
    fresh = freshdesk(docs)
    (OUT / "freshdesk").mkdir(exist_ok=True)
    for kind, items in fresh.items():
        (OUT / "freshdesk" / f"{kind}.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
    (OUT / "helpscout.json").write_text(json.dumps(helpscout(docs), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
