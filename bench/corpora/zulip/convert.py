#!/usr/bin/env python3
# ruff: noqa: E501 (tables of the source's pages, categories and summaries, kept one per line)
"""Convert the Zulip help center (github:zulip/zulip, help/*.md) into a kb docs folder.

One source page becomes one article, `<category>/<page>.md`; the categories follow the help
center's own sidebar (help/include/sidebar_index.md). Zulip's Markdown macros are turned into
plain Markdown: `{!file.md!}` includes are inlined from help/include/, `{start_tabs}` blocks
become plain text with a bold label per tab ("**Desktop/Web:**"), `{settings_tab|...}` and
`{relative|...}` become the numbered steps the help center shows, `!!! tip ""` boxes become
plain paragraphs ("Tip: ..."), and HTML icons, images and spans are removed. The "Related
articles" link lists and the headings left empty by a removed example image are dropped; links
between help pages become relative .md links (or zulip.com URLs for pages not converted).

Usage: python3 convert.py GIT_DIR OUT_DOCS_DIR
GIT_DIR is a git directory holding commit COMMIT of zulip/zulip (a clone, or any repository
whose history contains that commit). Only articles, _category.yml and index.md are written;
_questions.yml / _unanswerable.yml are hand-written and left alone.
"""
import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

# Run as a script: put bench/corpora on the path for the helpers the converters share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _convert import HEADING_RE, git, git_show, relative_link, write_article, write_categories, write_index
from zulip_tables import (
    ADMONITION_LABELS,
    CATEGORIES,
    GEAR_ITEMS,
    GEAR_STEPS,
    MESSAGE_STEPS,
    PAGES,
    SETTINGS_STEPS,
    SETTINGS_TABS,
    STREAM_STEPS,
    SUMMARIES,
    TAB_LABELS,
)

COMMIT = "d1f82c47fd08a5df55f93a669590450a07c8fea6"
BASE_URL = "https://zulip.com"


PAGE_NAMES: set[str] = set()  # every help/*.md page at COMMIT, filled in by main()
INCLUDE_RE = re.compile(r"^([ \t]*)\{!([^!]+)!\} *$")
TAB_RE = re.compile(r"^\s*\{tab\|([^}]+)\}\s*$")


def read_file(git_dir, path):
    """The text of path at COMMIT."""
    return git_show(git_dir, COMMIT, path)


def toc_slug(text):
    """Python-Markdown toc's default slugify (the help center's and kb's heading ids)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def expand_includes(lines, git_dir, depth=0):
    assert depth < 10, "include loop"
    out = []
    for line in lines:
        m = INCLUDE_RE.match(line)
        if not m:
            out.append(line)
            continue
        indent, name = m.group(1), m.group(2).strip()
        try:
            included = read_file(git_dir, f"help/include/{name}").split("\n")
        except subprocess.CalledProcessError:
            print(f"warning: help/include/{name} not found; include dropped", file=sys.stderr)
            continue
        included = expand_includes(included, git_dir, depth + 1)
        out.extend((indent + x) if x.strip() else "" for x in included)
    return out


def expand_macros(lines, emoticons):
    out = []
    for line in lines:
        indent = re.match(r"\s*", line).group(0)
        m = re.search(r"\{settings_tab\|([^}]+)\}", line)
        r = re.search(r"\{relative\|([^|}]+)\|([^}]+)\}", line)
        if m:
            menu, tab = SETTINGS_TABS[m.group(1)]
            text = SETTINGS_STEPS.format(menu=menu, tab=tab)
        elif r:
            kind, key = r.group(1), r.group(2)
            if kind == "gear":
                text = GEAR_STEPS.format(item=GEAR_ITEMS[key])
            elif kind == "stream":
                text = STREAM_STEPS + ("\n\n1. Click **All streams** in the upper left." if key == "all" else "")
            else:
                text = MESSAGE_STEPS[key]
        elif line.strip() == "{emoticon_translations}":
            text = emoticons
        else:
            out.append(line)
            continue
        assert line.strip().startswith("{"), line
        out.append("")
        out.extend((indent + x) if x.strip() else "" for x in text.split("\n"))
        out.append("")
    return out


def expand_tabs(lines):
    """Innermost {start_tabs} ... {end_tabs} first; each tab -> a bold label and its content."""
    while True:
        start = None
        for i, line in enumerate(lines):
            s = line.strip()
            if s == "{start_tabs}":
                start = i
            elif s == "{end_tabs}":
                assert start is not None, "end_tabs without start_tabs"
                break
        else:
            assert start is None, "start_tabs without end_tabs"
            return lines
        block = lines[start + 1:i]
        new = []
        for line in block:
            m = TAB_RE.match(line)
            if m:
                new += ["", f"**{TAB_LABELS[m.group(1)]}:**", ""]
            else:
                new.append(line)
        lines = [*lines[:start], "", *new, "", *lines[i + 1:]]


def unwrap_admonitions(lines, keep=True):
    out, i = [], 0
    while i < len(lines):
        m = re.match(r'^(\s*)!!! (\w+) ""\s*$', lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        indent, kind = m.group(1), m.group(2).lower()
        inner_indent = indent + "    "
        body, i = [], i + 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(inner_indent)):
            body.append(lines[i][len(inner_indent):] if lines[i].strip() else "")
            i += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if not keep:
            continue
        label = ADMONITION_LABELS[kind]
        if label and body:
            if re.match(r"\s*([*-]|\d+\.)\s", body[0]):
                body = [label.strip(), "", *body]
            else:
                body[0] = label + body[0]
        out += ["", *[(indent + x) if x.strip() else "" for x in body], ""]
    return out


def drop_sections(lines, titles=("Related articles",)):
    out, skipping, in_code = [], None, False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        m = None if in_code else HEADING_RE.match(line)
        if m:
            level = len(m.group(1))
            if skipping is not None and level <= skipping:
                skipping = None
            if m.group(2).strip() in titles:
                skipping = level
        if skipping is None:
            out.append(line)
    return out


ICON = r'(?:<i\s+class="[^"]*"\s*></i>|<img\s[^>]*>|<span class="indicator[^"]*"></span>)'


def protect_code(text, fn):
    """Apply fn to text with its fenced blocks and code spans set aside (and put back after)."""
    kept = []

    def keep(m):
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = re.sub(r"^([ \t]*)(```+).*?^\1\2[ \t]*$", keep, text, flags=re.S | re.M)
    text = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", keep, text, flags=re.S)
    text = fn(text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def clean_html(text):
    # emoji images: keep their name; every other image (icons) goes, with the parentheses
    # around it ("the **pencil** (<i ...></i>) icon" -> "the **pencil** icon")
    text = re.sub(r'<img\s[^>]*?alt="(:[^"]+:)"[^>]*?class="emoji"[^>]*>', r"\1", text, flags=re.S)
    text = re.sub(r'<img\s[^>]*?alt="([^"]+)"[^>]*?class="emoji-(?:small|big)"[^>]*>', r":\1:", text, flags=re.S)
    # the two icons the text names only by the icon itself ("click the <i> to the right")
    text = re.sub(r'<i class="fa fa-play-circle"></i> to the right', "**play** icon to the right", text)
    text = re.sub(r'<i class="fa fa-remove"></i> icon', "**close** icon", text)
    text = re.sub(r"[ \t]*\n?[ \t]*\(\s*(?:like\s*)?" + ICON + r"\s*\)", "", text, flags=re.S)
    text = re.sub(r"[ \t]*" + ICON, "", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"[ \t]*<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<div[^>]*></div>\n?", "", text)
    text = text.replace("</span><span", "</span> <span")
    text = re.sub(r"<span[^>]*>(.*?)</span>", r"\1", text, flags=re.S)
    text = re.sub(r'<a href="([^"]+)">(.*?)</a>', r"[\2](\1)", text, flags=re.S)
    # keys as plain text; a key that is Markdown punctuation ("[", "*") is escaped
    text = re.sub(r"<kbd[^>]*>(.*?)</kbd>", lambda m: re.sub(r"([\[\]*_`\\])", r"\\\1", m.group(1)), text)
    text = re.sub(r"<code>(.*?)</code>", lambda m: "`" + html.unescape(m.group(1)) + "`", text)
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)


def rewrite_links(text, page, cat, where, anchors):
    def target(url):
        if url.startswith(("http://", "https://", "mailto:")):
            return url
        if url.startswith("#"):
            return url if url[1:] in anchors.get(page, ()) else None
        if url.startswith("/help/"):
            dest, _, frag = url[len("/help/"):].partition("#")
            dest = dest.rstrip("/")
            if dest in where:
                rel = relative_link(cat, f"{where[dest]}/{dest}.md")
                return rel + (f"#{frag}" if frag and frag in anchors.get(dest, ()) else "")
            return BASE_URL + url
        if url.startswith("/#"):  # a place in the web app, not a page
            return None
        if url.startswith("../"):  # relative to /help/
            url = url[2:]
        if url.startswith("/"):
            return BASE_URL + url
        if url.split("#")[0] in where or url.split("#")[0] in PAGE_NAMES:  # relative to /help/
            return target("/help/" + url)
        return url

    def inline(m):
        label, url = m.group(1), m.group(2)
        new = target(url)
        return f"[{label}]({new})" if new else label

    text = protect_code(text, lambda t: re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", inline, t))

    def ref_def(m):
        new = target(m.group(2))
        return f"[{m.group(1)}]: {new or BASE_URL + '/'}"

    return re.sub(r"^\[([^\]]+)\]:\s*\n?\s*(\S+)[ \t]*$", ref_def, text, flags=re.M)


def plain(text):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "").replace("*", "")).strip()


def first_sentence(lines):
    """First sentence of the first paragraph that is not a tip box, list or heading."""
    para, in_code, skipping = [], False, False
    for line in lines:
        s = line.strip()
        if s.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if not s:
            if para:
                break
            skipping = False
            continue
        if skipping:
            continue
        if para:
            para.append(s)
            continue
        if s.startswith(("#", "|", "-", "*", ">", "Tip:", "Keyboard shortcut:", "<", "{")) or re.match(r"\d+\.|\[[^\]]+\]:", s):
            skipping = True
            continue
        para.append(s)
    text = plain(" ".join(para))
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)[.!?])(\s+[A-Z(\"]|$)", text)
    return (m.group(1) if m else text).strip()


def emoticon_table(git_dir):
    src = read_file(git_dir, "tools/setup/emoji/emoji_setup_utils.py")
    block = re.search(r"EMOTICON_CONVERSIONS = \{(.*?)\n\}", src, re.S).group(1)
    rows = re.findall(r'"([^"]+)": "([^"]+)"', block)
    return "\n".join(["| Emoticon | Emoji |", "| --- | --- |", *[f"| `{e}` | {n} |" for e, n in rows]])


def convert_page(git_dir, page, emoticons):
    lines = read_file(git_dir, f"help/{page}.md").split("\n")
    lines = expand_includes(lines, git_dir)
    lines = expand_macros(lines, emoticons)
    lines = expand_includes(lines, git_dir)
    lines = expand_tabs(lines)
    # the summary is read from the page without its tip and warning boxes
    unboxed = protect_code("\n".join(unwrap_admonitions(lines, keep=False)), clean_html).split("\n")
    lead = []
    for line in unboxed[1:]:
        if line.startswith("## "):
            break
        lead.append(line)
    summary = SUMMARIES.get(page) or first_sentence(lead) or first_sentence(unboxed[1:])
    lines = unwrap_admonitions(lines)
    lines = drop_sections(lines)
    text = protect_code("\n".join(lines), clean_html)
    text = text.replace(" ({{ support_email }})", "")
    assert text.startswith("# "), page
    title, _, body = text.partition("\n")
    return title[2:].strip(), summary, body


def heading_anchors(body):
    found, in_code = set(), False
    for line in body.split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        m = None if in_code else HEADING_RE.match(line)
        if m and len(m.group(1)) >= 2:
            found.add(toc_slug(plain(m.group(2))))
    return found


def drop_empty_headings(body):
    """Headings left with nothing under them (their example image was removed) and no subsections."""
    lines, in_code, heads = body.split("\n"), False, []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        m = None if in_code else HEADING_RE.match(line)
        if m:
            heads.append((i, len(m.group(1))))
    drop = set()
    for k, (i, level) in enumerate(heads):
        end, next_level = (heads[k + 1] if k + 1 < len(heads) else (len(lines), 0))
        if not any(x.strip() for x in lines[i + 1:end]) and next_level <= level:
            drop.add(i)
    return "\n".join(x for i, x in enumerate(lines) if i not in drop)


def main(git_dir, out):
    listing = git(git_dir, "ls-tree", "--name-only", f"{COMMIT}:help/").split()
    PAGE_NAMES.update(name[:-3] for name in listing if name.endswith(".md"))
    where = {page: cat for page, cat in PAGES}
    assert len(where) == len(PAGES), "page listed twice"
    emoticons = emoticon_table(git_dir)
    converted = {page: convert_page(git_dir, page, emoticons) for page, _ in PAGES}
    anchors = {page: heading_anchors(body) for page, (_, _, body) in converted.items()}
    write_categories(out, CATEGORIES)
    for page, cat in PAGES:
        title, summary, body = converted[page]
        body = rewrite_links(body, page, cat, where, anchors)
        body = "\n".join(line.rstrip() for line in body.split("\n"))
        body = drop_empty_headings(body)
        body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
        assert summary and len(summary) <= 200 and summary[-1] in ".!?", (page, summary)
        write_article(out, cat, page, title, summary, body)
    write_index(out, "Zulip help",
                "Help for Zulip, the team chat app organized by streams and topics: "
                "getting started, your account and preferences, writing, sending and reading messages, "
                "people, streams and topics, notifications and apps, and, for administrators, "
                "organization, user and stream management, organization settings and bots.")
    print(f"{len(PAGES)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
