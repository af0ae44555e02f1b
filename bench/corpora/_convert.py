"""Helpers shared by the corpus converters (bench/corpora/*/convert.py).

Each converter turns one public documentation source, read from a git directory, into a kb docs
folder. What they do alike lives here: reading a file at a commit, writing the `_category.yml`
files, an article with its front matter and the `index.md`, finding headings outside fenced code,
splitting a page at its `##` headings, moving a section's headings up to `##`, and reading the
first paragraph for a summary. What belongs to one source (its macros, boxes, link rewriting,
the rules that cut a summary's sentence) stays in its own script.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")  # group 1: the #s, group 2: the text
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")  # a line that opens or closes a fenced block
NON_PROSE = ("#", "|", "-", "*", ">")  # line starts that are not a paragraph's text


def git(git_dir: str, *args: str) -> str:
    """Run git on git_dir (a bare directory or a clone's .git) and return its output."""
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True).stdout


def git_show(git_dir: str, rev: str, path: str) -> str:
    """The text of path at rev (raises CalledProcessError when it is not there)."""
    return git(git_dir, "show", f"{rev}:{path}")


def write_categories(out: str, categories: Mapping[str, tuple[str, str, int]]) -> None:
    """One folder per category slug, each with its `_category.yml` (title, description, order)."""
    for cat, (title, desc, order) in categories.items():
        os.makedirs(os.path.join(out, cat), exist_ok=True)
        with open(os.path.join(out, cat, "_category.yml"), "w") as f:
            f.write(f'title: "{title}"\ndescription: "{desc}"\norder: {order}\n')


def write_article(out: str, cat: str, slug: str, title: str, summary: str, body: str) -> None:
    """`<out>/<cat>/<slug>.md`: kb front matter (title, summary, tags: [cat]), `# title`, body."""
    summary = summary.replace("\\", "\\\\").replace('"', '\\"')
    with open(os.path.join(out, cat, slug + ".md"), "w") as f:
        f.write(f'---\ntitle: "{title}"\nsummary: "{summary}"\ntags: [{cat}]\n---\n# {title}\n\n{body}\n')


def write_articles(out: str, articles: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Write each (category, slug, title, summary, body) with :func:`write_article`. A summary that
    is empty, longer than 200 characters or ends with a colon is printed, and the conversion stops
    once every article has been checked (a converter's SUMMARIES table must then name one)."""
    bad = []
    for cat, slug, title, summary, body in articles:
        if not summary or len(summary) > 200 or summary.endswith(":"):
            bad.append((f"{cat}/{slug}.md", summary))
            continue
        write_article(out, cat, slug, title, summary, body)
    for path, summary in bad:
        print(f"no summary for {path}: {summary!r}")
    if bad:
        raise SystemExit(f"{len(bad)} articles without a usable summary: add them to SUMMARIES")


def write_index(out: str, heading: str, text: str) -> None:
    """`<out>/index.md`: a `#` heading and one paragraph."""
    with open(os.path.join(out, "index.md"), "w") as f:
        f.write(f"# {heading}\n\n{text}\n")


def relative_link(cat: str, dest: str) -> str:
    """The link from an article in category cat to the article dest (`<category>/<slug>.md`)."""
    dcat, dfile = dest.split("/")
    return dfile if dcat == cat else f"../{dest}"


def headings(lines: Iterable[str], heading_re: re.Pattern[str] = HEADING_RE) -> Iterator[re.Match[str]]:
    """The heading matches among lines, leaving out fenced code."""
    in_code = False
    for line in lines:
        if FENCE_RE.match(line):
            in_code = not in_code
        m = None if in_code else heading_re.match(line)
        if m:
            yield m


def split_sections(
    body: str, heading_re: re.Pattern[str] = HEADING_RE
) -> tuple[list[str], list[tuple[re.Match[str], list[str]]]]:
    """Split a page body at its `##` headings -> (lines before the first, [(its match, lines)])."""
    lead: list[str] = []
    out: list[tuple[re.Match[str], list[str]]] = []
    in_code = False
    for line in body.split("\n"):
        if FENCE_RE.match(line):
            in_code = not in_code
        m = None if in_code else heading_re.match(line)
        if m and len(m.group(1)) == 2:
            out.append((m, []))
        elif out:
            out[-1][1].append(line)
        else:
            lead.append(line)
    return lead, out


def shift_headings(lines: list[str], heading_re: re.Pattern[str] = HEADING_RE) -> list[str]:
    """Map the distinct heading levels of a section onto ##, ###, ####, ... (group 2 is the text)."""
    levels = sorted({len(m.group(1)) for m in headings(lines, heading_re)})
    lvmap = {lv: i + 2 for i, lv in enumerate(levels)}
    new, in_code = [], False
    for line in lines:
        if FENCE_RE.match(line):
            in_code = not in_code
        m = None if in_code else heading_re.match(line)
        if m:
            line = "#" * lvmap[len(m.group(1))] + " " + m.group(2)
        new.append(line)
    return new


def first_paragraph(lines: Iterable[str], non_prose: tuple[str, ...] = NON_PROSE, skip_indented: bool = False) -> str:
    """The first paragraph's lines, stripped and joined by spaces, leaving out fenced code and the
    lines that start with one of non_prose (headings, tables, lists, quotes by default); such a
    line ends the paragraph. skip_indented: also leave out indented (code) lines before it."""
    para: list[str] = []
    in_code = False
    for line in lines:
        s = line.strip()
        if FENCE_RE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        if not s:
            if para:
                break
            continue
        if skip_indented and line.startswith("    ") and not para:
            continue
        if s.startswith(non_prose) or re.match(r"\d+\.", s):
            if para:
                break
            continue
        para.append(s)
    return " ".join(para)
