#!/usr/bin/env python3
# ruff: noqa: E501 (tables of the source's pages, titles and summaries, kept one per line)
"""Convert the Passbolt documentation (github:passbolt/passbolt-docs, a Docusaurus site in MDX under
docs/) into a kb docs folder: the end-user guide, most of the admin guide and a few hosting FAQ
pages, one article per page (the pages taken are in PAGES).

MDX rules (the text a reader of passbolt.com/docs sees): front matter and `import` lines are
dropped; a component imported from an `.mdx` file is replaced by that file's text (recursively,
with `{props.x}` filled from the tag's attributes); `<ImportSteps />` becomes the numbered list
its component renders (src/components/ImportSteps/ImportSteps.js); the import page's card grid and
the email page's provider cards become bullet lists (from data/*.json); `<CheckMark*/>` become
Yes / No / Partial; `<CodeBlock>` becomes a fenced code block; `<Tabs>`/`<TabItem>` become plain
text, a tab that does not start with a heading getting a `##` heading with its label; the edition
chips (CE / Pro / Cloud) under a page's title become one line "Editions: CE, Pro, Cloud.";
`:::type[Title]` admonitions become paragraphs that start "Title: " (or "Note: ", "Tip: ",
"Warning: ", ...; info boxes without a title get no label); figures, videos and doc-card lists are
removed; light HTML (b, strong, em, ol/ul/li, br, u, code) becomes Markdown, and HTML tables are
kept (their attributes and Markdown marks removed). MDX has no indented code blocks, so
indentation that is not a list's is removed. Links to converted pages become relative .md links,
other site links their plain text. A blank line is put between a paragraph and a list that
follows it without one (MDX reads the list, Python-Markdown would not). The page's own `#` heading (or a first heading that repeats the
title) is dropped; kb writes the title.

Usage: python3 convert.py GIT_DIR OUT_DOCS_DIR
GIT_DIR is a git directory (a bare clone is enough) whose HEAD is COMMIT of passbolt/passbolt-docs.
Only articles, _category.yml and index.md are written; the question files are left alone.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path

import yaml

# Run as a script: put bench/corpora on the path for the helpers the converters share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _convert import (  # type: ignore[import-not-found]
    NON_PROSE,
    first_paragraph,
    git,
    git_show,
    headings,
    relative_link,
    shift_headings,
    write_articles,
    write_categories,
    write_index,
)
from passbolt_tables import CATEGORIES, PAGES, SUMMARIES

COMMIT = "ad2ff0113c0e92622b4bb688549305402cf19b59"

ADMONITION_LABELS = {"note": "Note", "tip": "Tip", "info": "", "important": "Important", "warning": "Warning", "caution": "Caution", "danger": "Danger"}
CHECKMARKS = {"CheckMarkSuccess": "Yes", "CheckMarkNone": "No", "CheckMarkPartial": "Partial"}
DROPPED = ("Figure", "Video", "DocCardList", "DocCardListWithoutCurrentPage")  # nothing for a reader of the text

IMPORT_RE = re.compile(r"^import\s+(?:\{\s*(\w+)\s*\}|(\w+))\s+from\s+['\"]([^'\"]+)['\"];?\s*$", re.M)
ANY_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def url_of(src: str, fm: dict[str, object]) -> str:
    """The URL path Docusaurus gives docs/<x>.mdx (front-matter slug applied), without slashes at the ends."""
    path = re.sub(r"(/index)?\.mdx?$", "", src[len("docs/"):])
    slug = fm.get("slug")
    if isinstance(slug, str):
        path = slug.strip("/") if slug.startswith("/") else posixpath.join(posixpath.dirname(path), slug)
    return path.strip("/")


def split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    m = re.match(r"\A---\n(.*?)\n---\n", raw, re.S)
    if not m:
        return {}, raw
    return yaml.safe_load(m.group(1)) or {}, raw[m.end():]


def code_block(m: re.Match[str]) -> str:
    """`<CodeBlock>{`...`}</CodeBlock>` or `<CodeBlock>text</CodeBlock>` -> a fenced block."""
    attrs, inner = m.group(1), m.group(2).strip("\n")
    t = re.match(r"\s*\{\s*`(.*)`\s*\}\s*$", inner, re.S)
    if t:
        inner = t.group(1).replace("\\\\", "\\").replace("\\`", "`")
    lines = inner.strip("\n").split("\n")
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    lang = re.search(r'language=["\'](\w+)', attrs)
    return "\n```" + (lang.group(1) if lang else "") + "\n" + "\n".join(x[indent:] for x in lines) + "\n```\n"


def tabs(text: str) -> str:
    """`<TabItem label="X">` content: kept, under a `## X` heading (inner headings one level down)
    unless the content starts with a heading that names X; `<Tabs>` wrappers removed."""
    def item(m: re.Match[str]) -> str:
        label = m.group(1)
        lines = dedent_first(m.group(2).strip("\n").split("\n"))
        first = next((x for x in lines if x.strip()), "")
        if first.lstrip().startswith("#") and label.lower() in first.lower():  # the tab's own heading
            return "\n" + "\n".join(lines) + "\n"
        lines = [re.sub(r"^(#+)(?=\s)", r"\1#", x) for x in lines]
        return f"\n## {label}\n\n" + "\n".join(lines) + "\n"
    text = re.sub(r'<TabItem\b[^>]*?label="([^"]*)"[^>]*>(.*?)</TabItem>', item, text, flags=re.S)
    return re.sub(r"</?Tabs\b[^>]*>", "", text)


def dedent_first(lines: list[str]) -> list[str]:
    """Remove the first non-blank line's indentation from every line that has at least as much."""
    first = next((x for x in lines if x.strip()), "")
    n = len(first) - len(first.lstrip())
    return [x[n:] if x[:n].strip() == "" else x for x in lines]


def admonitions(text: str, keep: bool = True) -> str:
    """`:::type[Title]` (or `:::type Title`) ... `:::` -> the content, its first paragraph starting
    "Title: " (the type's label when there is no title; none for info); keep=False: removed."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^\s*:::(\w+)(?:\[(.*?)\]|[ \t]+(.+))?\s*$", lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        kind, title = m.group(1), (m.group(2) or m.group(3) or "").strip()
        body: list[str] = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*:::\s*$", lines[i]):
            body.append(lines[i])
            i += 1
        i += 1
        body = dedent_first(body) if keep else []
        while body and not body[0].strip():
            body.pop(0)
        label = title or ADMONITION_LABELS.get(kind, kind.capitalize())
        if re.fullmatch(r"Step\.\d+", label):  # the recovery scenarios: the step's heading says it
            label = ""
        label = label.replace("**", "").rstrip(":")
        if label and body:
            if re.match(r"\s*([*-]|\d+\.)\s", body[0]) or body[0].lstrip().startswith(("```", "|", "#")):
                body = [label + ":", "", *body]
            else:
                body[0] = f"{label}: {body[0].lstrip()}"
        out += ["", *body, ""]
    return "\n".join(out)


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def html_to_markdown(text: str) -> str:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\{/\*.*?\*/\}", "", text, flags=re.S)  # MDX comments

    def table_cell_lists(m: re.Match[str]) -> str:  # lists inside a Markdown table row: plain text
        row = re.sub(r"</li>\s*<li>", ", ", m.group(0))
        row = re.sub(r":\s*<ul>\s*<li>", ": ", row)
        row = re.sub(r"</?(ul|li)>", " ", row)
        return re.sub(r"  +", " ", row).replace(" ,", ",").replace(" |", " |")
    text = re.sub(r"^\|.*<li>.*$", table_cell_lists, text, flags=re.M)
    text = re.sub(r"^(\|.*)<br\s*/?>(.*)$", r"\1 \2", text, flags=re.M)

    def html_table(m: re.Match[str]) -> str:  # HTML tables are kept; Markdown is not read inside them
        t = re.sub(r"\s(className|width)=\"[^\"]*\"", "", m.group(0))
        return re.sub(r"\*+([^*\n]+?)\*+", r"\1", t).replace("`", "")

    def ordered(m: re.Match[str]) -> str:
        items = [one_line(x) for x in re.findall(r"<li>\s*(.*?)\s*</li>", m.group(1), flags=re.S)]
        return "\n" + "\n".join(f"{n}. {x}" for n, x in enumerate(items, 1)) + "\n"
    text = re.sub(r"<ol\b[^>]*>(.*?)</ol>", ordered, text, flags=re.S)
    text = re.sub(r"<li>\s*(.*?)\s*</li>", lambda m: "\n* " + one_line(m.group(1)) + "\n", text, flags=re.S)
    text = re.sub(r"</?ul>", "\n", text)
    text = re.sub(r"<(strong|b)>\s*(.*?)\s*</\1>", r"**\2**", text, flags=re.S)
    text = re.sub(r"<(em|i)>(.*?)</\1>", r"*\2*", text, flags=re.S)
    text = re.sub(r"<code>(.*?)</code>", r"`\1`", text, flags=re.S)
    text = re.sub(r"</?(u|span|p)\b[^>]*>", "", text)
    text = re.sub(r"^\s*<br\s*/?>\s*$", "", text, flags=re.M)
    text = re.sub(r"<br\s*/?>", "\n", text)
    return re.sub(r"<table\b.*?</table>", html_table, text, flags=re.S)


def remove_stray_indent(text: str) -> str:
    """MDX has no indented code blocks: indentation is removed from lines (and fences) that are not
    inside a list item; a fenced block's lines lose as much as its opening fence did."""
    out: list[str] = []
    in_code, removed, list_indent = False, 0, -1
    for line in text.split("\n"):
        f = ANY_FENCE_RE.match(line)
        indent = len(line) - len(line.lstrip())
        if in_code:
            out.append(line[removed:] if line[:removed].strip() == "" else line.lstrip())
            if f:
                in_code = False
            continue
        if not line.strip():
            out.append("")
            continue
        item = re.match(r"^\s*([*-]|\d+\.)\s", line)
        if item and (list_indent < 0 or indent <= list_indent + 4):
            if list_indent < 0:
                list_indent = indent
            new = line[min(indent, list_indent):]
        elif list_indent >= 0 and indent > list_indent:
            new = line[list_indent:]
        else:
            list_indent = -1
            new = line.lstrip()
        if f:
            in_code, removed = True, len(line) - len(new)
        out.append(new)
    return "\n".join(out)


def separate_lists(text: str) -> str:
    """A list may start right under a paragraph line in MDX (CommonMark), not in Python-Markdown:
    put a blank line between a paragraph line and a top-level list that follows it."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if ANY_FENCE_RE.match(line):
            in_code = not in_code
        prev, before = (out[-1] if out else ""), (out[-2] if len(out) > 1 else "")
        if (not in_code and re.match(r"([*-]|\d+\.)\s", line) and prev.strip() and prev == prev.lstrip()
                and not re.match(r"([*-]|\d+\.)\s|#|\||<|```", prev)
                and not re.match(r"\s*([*-]|\d+\.)\s", before)):  # not a list item's lazy continuation
            out.append("")
        out.append(line)
    return "\n".join(out)


def anchor(heading: str) -> str:
    """About the id a heading gets (enough to check in-page links)."""
    text = re.sub(r"[^\w\s-]", "", re.sub(r"[*`]", "", heading).lower()).strip()
    return re.sub(r"\s+", "-", text)


def first_sentence(text: str) -> str:
    para = first_paragraph(text.split("\n"), (*NON_PROSE, "<", "`", "Editions:"))
    para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para).replace("`", "")
    para = re.sub(r"(\*+|_{2,})([^*_]+)\1", r"\2", para)
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)(?<!etc)[.!?])(\s|$)", para)
    return str(m.group(1) if m else para).strip()


def main(git_dir: str, out: str) -> None:
    rev = git(git_dir, "rev-parse", "HEAD").strip()
    if rev != COMMIT:
        print(f"warning: HEAD is {rev}, the corpus was made from {COMMIT}", file=sys.stderr)

    def read(path: str) -> str:
        return str(git_show(git_dir, "HEAD", path))

    docs = [p for p in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", "docs").split()
            if p.endswith((".md", ".mdx")) and "/_" not in p]
    urls: dict[str, str] = {}
    for src in docs:
        fm, _ = split_front_matter(read(src))
        urls.setdefault(url_of(src, fm), src)
    dest = {src: f"{c}/{s}.md" for src, (c, s, _) in PAGES.items()}
    steps = [re.sub(r"\s+", " ", x).strip() for x in re.findall(r"<li>(.*?)</li>", read("src/components/ImportSteps/ImportSteps.js"), re.S)]

    def data(name: str) -> list[dict[str, object]]:
        return list(json.loads(read(f"data/{name}.json")))

    def provider_list(name: str, base: str) -> str:
        """Provider cards -> a bullet list of site links (made relative .md links by fix_links)."""
        return "\n" + "\n".join(f"- [{p['name']}](/{base}/{p['slug']}/)" for p in data(name)) + "\n"

    def import_list() -> str:
        """The import page's card grid: one line per source with links to its formats' pages."""
        items = []
        for r in data("import-resources"):
            formats = [str(f) for f in r["formats"]]  # type: ignore[attr-defined]
            base = f"/user/basic-features/browser/import/{r['slug']}"
            links = [f"[{f}]({base}{'-' + f.lower() if len(formats) > 1 else ''}/)" for f in formats]
            items.append(f"- {r['name']}: {', '.join(links)}")
        return "\n" + "\n".join(items) + "\n"

    def expand(text: str, src: str, cat: str, props: dict[str, str], depth: int = 0) -> str:
        """Replace the page's components by text (the module docstring's MDX rules)."""
        imports = {m.group(2): m.group(3) for m in IMPORT_RE.finditer(text) if m.group(2)}  # {X}: JSX, not text
        text = IMPORT_RE.sub("", text)
        text = re.sub(r"\{props\.(\w+)\}", lambda m: props.get(m.group(1), ""), text)
        for name, path in imports.items():
            if not path.endswith(".mdx") or depth > 4:
                continue
            path = path.removeprefix("@site")
            part = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(src), path))

            def inline(m: re.Match[str], part: str = part) -> str:
                attrs = dict(re.findall(r"(\w+)=\{?['\"]([^'\"]*)['\"]\}?", m.group(1)))
                inner = split_front_matter(read(part))[1]
                return "\n" + expand(inner, part, cat, attrs, depth + 1).strip("\n") + "\n"
            text = re.sub(rf"<{name}\b([^>]*?)/>", inline, text)
        # the edition chips under the title -> one line
        chips = re.search(r'<div style=\{\{display: "flex"[^>]*>(.*?)</div>', text, re.S)
        if chips:
            names = re.findall(r"<Chips\b[^>]*>(.*?)</Chips>", chips.group(1))
            text = text[:chips.start()] + f"\nEditions: {', '.join(names)}.\n" + text[chips.end():]
        text = re.sub(r"(?:^<Chips\b[^>]*>.*?</Chips>\n)+", lambda m: "Editions: " + ", ".join(re.findall(r">([^<]*)</Chips>", m.group(0))) + ".\n", text, flags=re.M)
        text = re.sub(r'<div className="info-box">\s*<h3>(.*?)</h3>(.*?)</div>', r"**\1**\n\2", text, flags=re.S)
        text = re.sub(r"<div\b[^>]*/>", "", text)
        text = re.sub(r"<ImportSteps\s*/>", "\n" + "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1)) + "\n", text)
        for comp, word in CHECKMARKS.items():
            text = re.sub(rf"<{comp}\s*/>", word, text)
        text = re.sub(r"<ProviderCardWrapper providers=\{smtpProviders\}\s*/>", lambda m: provider_list("smtp-providers", "admin/emails/email-server"), text)
        text = re.sub(r"<div className=\{styles\.grid\}>.*?</div>", lambda m: import_list(), text, flags=re.S)
        text = re.sub(r"<CodeBlock\b([^>]*)>(.*?)</CodeBlock>", code_block, text, flags=re.S)
        for comp in DROPPED:
            text = re.sub(rf"<{comp}\b.*?/>", "", text, flags=re.S)
        text = re.sub(r"<Link\b[^>]*?to=[{]?[`'\"]([^`'\"]*)[`'\"][}]?[^>]*>(.*?)</Link>",
                      lambda m: f"[{m.group(2).strip()}]({m.group(1)})" if m.group(2).strip() else "", text, flags=re.S)
        return tabs(text)

    def fix_links(body: str, src: str, cat: str) -> str:
        own = {anchor(m.group(2)) for m in headings(body.split("\n"))}

        def link(m: re.Match[str]) -> str:
            label, url = m.group(1), m.group(2)
            if url.startswith("#"):
                return m.group(0) if url[1:] in own else label
            if url.startswith(("http://", "https://", "mailto:")) and "passbolt.com/docs/" not in url:
                return m.group(0)
            path = re.sub(r"^https?://(www\.)?passbolt\.com/docs", "", url).split("#")[0]
            if path.endswith((".mdx", ".md")) and not path.startswith("/"):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
            else:
                target = urls.get(re.sub(r"^/docs/", "/", path).strip("/"), "")
            if target == src and "#" in url:
                frag = url.split("#", 1)[1]
                return f"[{label}](#{frag})" if frag in own else label
            return f"[{label}]({relative_link(cat, dest[target])})" if target in dest else label
        body = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)", "", body)  # linked images
        body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)
        return re.sub(r"(?<!!)\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)", link, body)

    def finish(body: str, src: str, cat: str, title: str) -> str:
        """HTML, indentation, the page's own H1 (or a first heading that repeats the title), heading
        levels, links, blank lines."""
        lines = separate_lists(remove_stray_indent(html_to_markdown(body))).split("\n")
        first_h = next((i for i, x in enumerate(lines) if x.startswith("#")), None)
        if first_h is not None and (re.match(r"#\s", lines[first_h]) or lines[first_h].lstrip("# ").lower() == title.lower()):
            lines.pop(first_h)
        body = fix_links("\n".join(shift_headings(lines)), src, cat)
        body = re.sub(r"[ \t]+$", "", body, flags=re.M)
        return re.sub(r"\n{3,}", "\n\n", body).strip("\n")

    arts = []
    for src, (cat, slug, title) in PAGES.items():
        _, body = split_front_matter(read(src))
        body = expand(body, src, cat, {})
        text, bare = finish(admonitions(body), src, cat, title), finish(admonitions(body, keep=False), src, cat, title)
        path = f"{cat}/{slug}.md"
        if cat == "import" and path not in SUMMARIES:  # the per-source pages: steps, example, fields
            source = title.removeprefix("Import from ")
            SUMMARIES[path] = f"The steps to import passwords exported from {source} into Passbolt, an example file and the fields that are imported."
        arts.append((cat, slug, title, SUMMARIES.get(path) or first_sentence(bare), text))

    write_categories(out, CATEGORIES)
    write_articles(out, arts)
    write_index(out, "Passbolt help",
                "Help for Passbolt, the open source password manager for teams: setting up your account and "
                "the browser extension, creating, sharing, importing and exporting passwords, the mobile and "
                "Windows apps, passphrase and account recovery, multi-factor authentication, and the "
                "administration of users, groups, policies, single sign-on, email and a self-hosted server.")
    print(f"{len(arts)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
