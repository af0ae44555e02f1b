#!/usr/bin/env python3
# ruff: noqa: E501 (tables of the source's pages and titles, kept one per line)
"""Convert the CalyxOS website's user documentation (github:CalyxOS/calyxos.org, a Jekyll site in
Markdown under pages/) into a kb docs folder. Every page taken becomes one article, except the
Seedvault page (about 34,000 characters), which is split at its `##` headings.

Jekyll rules (the text a reader of calyxos.org sees): `{% include %}` is inlined from
pages/_includes (also the per-brand includes named in _data/install.yml), recursively up to depth 4,
with its parameters and `{% assign %}` values filled into `{{ include.x }}`/`{{ x.y }}`; the text of
an `{% if %}` branch is kept and an `{% else %}` branch dropped; `{% for %}` and `{% capture %}`
blocks (tables generated from _data, with no text of their own) are dropped; every other Liquid tag
and `{{ }}` output left is removed. Wiki links `[[page]]`/`[[label => page]]` become the label (or
the page's title), a relative .md link when the page is converted; site-relative Markdown links
become relative .md links or their plain text.

Usage: python3 convert.py GIT_DIR OUT_DOCS_DIR
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# Run as a script: put bench/corpora on the path for the helpers the converters share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _convert import (  # type: ignore[import-not-found]
    FENCE_RE,
    NON_PROSE,
    first_paragraph,
    git,
    git_show,
    headings,
    relative_link,
    shift_headings,
    split_sections,
    write_articles,
    write_categories,
    write_index,
)

SITE = "https://calyxos.org"
Scope = dict[str, Any]

CATEGORIES = {
    "getting-started": ("Getting started", "What CalyxOS is, its features, the first steps after installing, device support, the FAQ and how to report a bug.", 1),
    "install": ("Installing CalyxOS", "Installing CalyxOS from a computer, fastboot mode, verifying builds, Verizon Pixels, Fairphone bootloader locking and going back to stock Android.", 2),
    "updates": ("Updates", "How CalyxOS is updated, installing an OTA update by hand and temporarily unavailable factory images.", 3),
    "apps": ("Apps", "App stores, app compatibility, and the apps that come with CalyxOS: Aurora Store, F-Droid Basic, Signal, Tor, VPNs and more.", 4),
    "backup": ("Backups with Seedvault", "Backing up and restoring your phone with Seedvault: what is included, setting up, verifying and restoring backups.", 5),
    "privacy-security": ("Privacy and security", "microG, location privacy, unique identifiers, network activity, the Datura firewall, bootloader locking and security updates.", 6),
}

# source path under pages/ -> (category, slug, title)
PAGES = {
    "docs/about/index.md": ("getting-started", "about-calyxos", "About CalyxOS"),
    "features/list/index.md": ("getting-started", "features", "CalyxOS features list"),
    "docs/guide/getting-started/index.md": ("getting-started", "getting-started", "Getting started with CalyxOS"),
    "docs/guide/faq/index.md": ("getting-started", "faq", "Frequently Asked Questions"),
    "docs/guide/device-support/index.md": ("getting-started", "device-support", "Device support"),
    "docs/guide/bug-reporting/index.md": ("getting-started", "bug-reporting", "Bug reporting"),
    "docs/about/opensource/index.md": ("getting-started", "open-source", "Open source contributions by CalyxOS"),
    "install/index.md": ("install", "install-calyxos", "Install CalyxOS"),
    "install/fastboot/index.md": ("install", "fastboot", "Fastboot"),
    "install/verify/index.md": ("install", "verifying-builds", "Verifying CalyxOS builds"),
    "install/verizon.md": ("install", "verizon-pixels", "Verizon Pixels"),
    "install/stock/index.md": ("install", "back-to-stock", "Back to stock Android"),
    "docs/guide/fp4.md": ("install", "fairphone-bootloader", "Fairphone 4 and 5: bootloader not locked"),
    "install/devices/akita/linux.md": ("install", "pixel-8a-linux", "Install on Pixel 8a from Linux"),
    "install/devices/akita/windows.md": ("install", "pixel-8a-windows", "Install on Pixel 8a from Windows"),
    "install/devices/FP5/linux.md": ("install", "fairphone-5-linux", "Install on Fairphone 5 from Linux"),
    "install/devices/FP4/windows.md": ("install", "fairphone-4-windows", "Install on Fairphone 4 from Windows"),
    "install/devices/bangkk/linux.md": ("install", "moto-g84-linux", "Install on Motorola moto g84 5G from Linux"),
    "install/devices/fogos/windows.md": ("install", "moto-g34-windows", "Install on Motorola moto g34 / g45 5G from Windows"),
    "docs/guide/updates/index.md": ("updates", "updates", "Updates"),
    "get/ota/index.md": ("updates", "ota-updates", "CalyxOS OTA updates"),
    "get/ota/ota-install/index.md": ("updates", "install-ota", "Install an OTA update manually"),
    "install/antirollback-update-pending.md": ("updates", "antirollback-update-pending", "CalyxOS temporarily unavailable after manufacturer updates"),
    "docs/guide/apps/index.md": ("apps", "apps", "Apps"),
    "docs/guide/apps/aurora-store/index.md": ("apps", "aurora-store", "Aurora Store"),
    "docs/guide/apps/aurora-store/security.md": ("apps", "aurora-store-security", "Aurora Store security"),
    "docs/guide/apps/f-droid-basic/index.md": ("apps", "f-droid-basic", "F-Droid Basic"),
    "docs/guide/apps/f-droid-basic/security.md": ("apps", "f-droid-basic-security", "F-Droid Basic security"),
    "docs/guide/apps/signal.md": ("apps", "signal", "Signal"),
    "docs/guide/apps/tor-browser-for-android.md": ("apps", "tor-browser", "Tor Browser for Android"),
    "docs/guide/apps/tor-vpn.md": ("apps", "tor-vpn", "Tor VPN"),
    "docs/guide/apps/riseup-vpn.md": ("apps", "riseup-vpn", "Riseup VPN"),
    "docs/guide/apps/ooni-probe.md": ("apps", "ooni-probe", "OONI Probe"),
    "docs/guide/apps/onionshare.md": ("apps", "onionshare", "OnionShare"),
    "docs/guide/apps/scrambled-exif.md": ("apps", "scrambled-exif", "Scrambled Exif"),
    "docs/guide/apps/davx-.md": ("apps", "davx5", "DAVx⁵"),
    "docs/guide/apps/thunderbird-free-your-inbox.md": ("apps", "thunderbird", "Thunderbird: Free Your Inbox"),
    "docs/guide/apps/breezy-weather.md": ("apps", "breezy-weather", "Breezy Weather"),
    "docs/guide/apps/comaps.md": ("apps", "comaps", "CoMaps"),
    "docs/guide/apps/gcam-photos-preview.md": ("apps", "gcam-photos-preview", "GCam Photos Preview"),
    "docs/guide/android-auto/index.md": ("apps", "android-auto", "Android Auto"),
    "docs/guide/microg/index.md": ("privacy-security", "microg", "microG"),
    "docs/tech/microg-details/index.md": ("privacy-security", "microg-details", "How CalyxOS uses microG"),
    "docs/guide/security/location.md": ("privacy-security", "location", "Location privacy"),
    "docs/guide/security/identifiers.md": ("privacy-security", "identifiers", "Unique identifiers"),
    "docs/guide/security/network-activity.md": ("privacy-security", "network-activity", "Network activity"),
    "docs/tech/datura-details/index.md": ("privacy-security", "datura-firewall", "Datura firewall"),
    "docs/guide/security/security-faq.md": ("privacy-security", "security-faq", "Security FAQ"),
    "docs/guide/security/bootloader-lock.md": ("privacy-security", "bootloader-locking", "Bootloader locking"),
    "docs/guide/security/bulletin/index.md": ("privacy-security", "security-bulletins", "Android Security Bulletins"),
}

# Pages split at ## (over ~15,000 characters): source -> (category, overview slug, overview title)
SPLIT = {"docs/guide/apps/seedvault.md": ("backup", "seedvault", "Seedvault backups")}
SPLIT_TITLES = {  # split-page ## heading -> (slug, title)
    "Seedvault overview": ("overview", "Seedvault overview"),
    "Compatibility": ("compatibility", "Seedvault compatibility"),
    "Common starting questions": ("common-questions", "Seedvault: common starting questions"),
    "What is included in a backup": ("whats-included", "What is included in a Seedvault backup"),
    "What is not included": ("whats-not-included", "What is not included in a Seedvault backup"),
    "What about a Work Profile, Private Space, or secondary user?": ("work-profile", "Seedvault with a Work Profile, Private Space, or secondary user"),
    "Setting up backups": ("setting-up", "Setting up Seedvault backups"),
    "Performing a backup": ("performing-a-backup", "Performing a Seedvault backup"),
    "Verifying your backup": ("verifying", "Verifying your Seedvault backup"),
    "Before moving forward...": ("before-moving-forward", "Before moving to a new phone"),
    "Restoring": ("restoring", "Restoring a Seedvault backup"),
    "Apps whose data isn't backed up out of the box": ("apps-not-backed-up", "Apps whose data Seedvault does not back up out of the box"),
}

# Hand-written summaries (from the article's own words) where the first sentence ends in a colon or
# is over 200 characters; each per-device install page gets "Install CalyxOS on <device> ..." (main).
SEEDVAULT_FIRST = "Seedvault overview"  # the page has no text before its first ##: links go here

SUMMARIES = {
    "install/verifying-builds.md": "How to verify that a CalyxOS factory image or OTA update was built and signed by CalyxOS, and that a build is reproducible.",
    "install/fairphone-bootloader.md": "Why device-flasher does not lock the bootloader of a Fairphone 4 or 5: a bug with the Fairphone bootloader may lead to a non-functioning device.",
    "privacy-security/datura-firewall.md": "Technical notes on the Datura Firewall (\"Firewall\" in CalyxOS): its UI, framework, netd and Connectivity module layers.",
    "backup/restoring.md": "What you need to restore a Seedvault backup, restoring during the Setup Wizard, apps that fail to restore and turning backup on again.",
}

LIQUID_RE = re.compile(r"\\?\{%-?\s*(\w+)(.*?)-?\\?%\}", re.S)
OUTPUT_RE = re.compile(r"\\?\{\{-?\s*(.*?)\s*-?\\?\}\}", re.S)
WIKI_RE = re.compile(r"\\?\[\[([^\]]+?)\]\]")


def page_url(src: str) -> str:
    """The URL Jekyll gives pages/<src> (index.md -> its folder, x.md -> x/)."""
    path = re.sub(r"(index)?\.(md|html)$", "", src)
    return "/" + path.rstrip("/") + "/"


def lookup(expr: str, scope: Scope) -> object:
    """Evaluate a Liquid variable path like `site.data.install.pixel.troubleshooting` or
    `site.data.device-flasher[include.os]` (None when it is not there)."""
    expr = re.sub(r"\[([\w.]+)\]", lambda m: "." + str(lookup(m.group(1), scope)), expr.strip())
    value: object = scope
    for part in expr.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def evaluate(expr: str, scope: Scope) -> object:
    """`"a/b/c" | split: "/" | last` -> "c"; otherwise a variable path."""
    m = re.match(r'\s*"([^"]*)"\s*\|\s*split:\s*"([^"]*)"\s*\|\s*last\s*$', expr)
    return m.group(1).split(m.group(2))[-1] if m else lookup(expr, scope)


def render(text: str, scope: Scope, read_include: Callable[[str], str], depth: int = 0) -> str:
    """Apply the Liquid rules of the module docstring to text."""
    out: list[str] = []
    stack: list[str] = []  # "keep" / "drop" for each open if/for/capture/unless
    pos = 0
    for m in LIQUID_RE.finditer(text):
        if "drop" not in stack:
            out.append(text[pos:m.start()])
        pos = m.end()
        tag, arg = m.group(1), m.group(2).strip()
        if tag in ("if", "unless"):
            stack.append("keep")
        elif tag in ("for", "capture"):
            stack.append("drop")
        elif tag in ("else", "elsif") and stack:
            stack[-1] = "drop"
        elif tag in ("endif", "endunless", "endfor", "endcapture") and stack:
            stack.pop()
        elif "drop" in stack:
            continue
        elif tag == "assign":
            name, _, expr = arg.partition("=")
            scope[name.strip()] = evaluate(expr, scope)
        elif tag == "include_page" and depth < 4:  # the site's plugin: another page's body
            out.append(render(read_include("page:" + arg), dict(scope), read_include, depth + 1).strip("\n"))
        elif tag == "include" and depth < 4:
            m2 = re.match(r"(\S+)(.*)", arg, re.S)
            assert m2, arg
            name = m2.group(1)
            if name.startswith("{{"):
                name = str(lookup(name.strip("{}"), scope) or "")
            if not name:
                continue
            params = {k: (v[1:-1] if v.startswith('"') else evaluate(v, scope))
                      for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', m2.group(2))}
            inner = render(read_include(name), {**scope, "include": params}, read_include, depth + 1)
            out.append(inner.strip("\n"))
    if "drop" not in stack:
        out.append(text[pos:])
    text = "".join(out)
    return OUTPUT_RE.sub(lambda m: str(evaluate(m.group(1), scope) or ""), text)


def html_to_markdown(text: str) -> str:
    """The site's light HTML -> Markdown; tables are kept as HTML (kb renders them)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<img[^>]*>", "", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images, also the anchor gifs in headings
    text = re.sub(r"</?(div|p|ul|span|br)\b[^>]*>", "\n", text)
    text = re.sub(r"<li>\s*(.*?)\s*</li>", lambda m: "\n* " + re.sub(r"\s*\n\s*", " ", m.group(1)) + "\n", text, flags=re.S)
    text = re.sub(r"<(strong|b)>\s*(.*?)\s*</\1>", r"**\2**", text, flags=re.S)
    text = re.sub(r"<(em|i)>(.*?)</\1>", r"*\2*", text, flags=re.S)
    text = re.sub(r"<h3[^>]*>(.*?)</h3>", r"\n### \1\n", text)
    text = re.sub(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', r"[\2](\1)", text, flags=re.S)
    text = re.sub(r"<a\b[^>]*>(.*?)</a>", r"\1", text, flags=re.S)
    text = re.sub(r'\s+markdown="?\d"?', "", text)
    text = re.sub(r"^\s*\{:[^}]*\}\s*$", "", text, flags=re.M)  # kramdown attribute lines
    text = re.sub(r"\{:[^}]*\}", "", text)
    out, in_code = [], False
    for line in text.split("\n"):  # indentation left by the HTML (outside code blocks)
        in_code = in_code != bool(FENCE_RE.match(line))
        out.append(line if in_code or FENCE_RE.match(line) else re.sub(r"^[ \t]+(?=[^ \t<`])(?![*-] |\d+\. )", "", line))
    return "\n".join(out)


def anchor(heading: str) -> str:
    """About the id kb gives a heading (enough to match the source's in-page links)."""
    text = re.sub(r"[^\w\s-]", "", heading.replace("**", "").lower()).strip()
    return re.sub(r"\s+", "-", text)


def fix_fragments(lines: list[str], where: dict[str, str], cat: str) -> list[str]:
    """In-page links `(#x)`: kept when this article has the heading, else a link to the split
    article that has it (where), else plain text (the source's own anchor is missing)."""
    own = {anchor(m.group(2)) for m in headings(lines)}
    fuzzy = {re.sub(r"-(is-)?not-", "-isnt-", k): v for k, v in where.items()}

    def repl(m: re.Match[str]) -> str:
        label, frag = m.group(1), m.group(2)
        if frag in own:
            return m.group(0)
        target = where.get(frag) or fuzzy.get(re.sub(r"-(is-)?not-", "-isnt-", frag))
        return f"[{label}]({relative_link(cat, target)})" if target else label
    return [re.sub(r"(?<!!)\[([^\]]+)\]\(#([^)\s]+)\)", repl, line) for line in lines]


def first_sentence(text: str) -> str:
    para = first_paragraph(text.split("\n"), (*NON_PROSE, "<", "`"))
    para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)
    para = re.sub(r"<(https?://[^>]+)>", r"\1", para).replace("**", "").replace("`", "")
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)(?<!etc)[.!?])(\s|$)", para)
    return str(m.group(1) if m else para).strip()


def main(git_dir: str, out: str) -> None:
    def read(path: str) -> str:
        return str(git_show(git_dir, "HEAD", f"pages/{path}"))

    all_pages = [p[len("pages/"):] for p in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", "pages").split()
                 if p.endswith((".md", ".html")) and "/_" not in p]
    scope = {"site": {"data": {n: yaml.safe_load(read(f"_data/{n}.yml")) for n in ("install", "device-flasher")}}}
    # wiki names (Jekyll's find_page: the page's file or folder name, or its title) and URLs -> source
    names: dict[str, str] = {}
    for src in all_pages:
        stem = posixpath.basename(re.sub(r"/index\.(md|html)$", "", src)).rsplit(".", 1)[0]
        names.setdefault(stem.lower(), src)
    urls = {page_url(src): src for src in all_pages}
    dest: dict[str, str] = {src: f"{c}/{s}.md" for src, (c, s, _) in PAGES.items()}
    dest.update({src: f"{c}/{SPLIT_TITLES[SEEDVAULT_FIRST][0]}.md" for src, (c, _, _) in SPLIT.items()})
    titles = {src: t for src, (_, _, t) in {**PAGES, **SPLIT}.items()}

    def include(name: str) -> str:
        if name.startswith("page:"):  # {% include_page x/y %}: the page whose path ends in x/y
            page = next(p for p in all_pages if re.sub(r"(/index)?\.md$", "", p).endswith("/" + name[5:]))
            return re.sub(r"\A---\n.*?\n---\n", "", read(page), flags=re.S)
        return read(f"_includes/{name}")

    def convert(src: str, cat: str) -> str:
        raw = read(src)
        body = re.sub(r"\A---\n.*?\n---\n", "", raw, flags=re.S)
        body = re.sub(r"^<strong>\[\[.*$", "", body, flags=re.M)  # the breadcrumb of install pages
        body = html_to_markdown(render(body, dict(scope), include))

        def wiki(m: re.Match[str]) -> str:
            inner = m.group(1)
            label, _, target = inner.partition("=>") if "=>" in inner else (inner, "", inner)
            if "|" in inner:
                target, label = inner.split("|", 1)
            target_src = names.get(posixpath.basename(target.strip().rstrip("/")).lower())
            text = label.strip() if ("=>" in inner or "|" in inner) else (titles.get(target_src or "") or label.strip())
            return f"[{text}]({relative_link(cat, dest[target_src])})" if target_src in dest else text

        def link(m: re.Match[str]) -> str:
            label, url = m.group(1), m.group(2)
            if url.startswith(SITE):
                url = url[len(SITE):] or "/"
            if not url.startswith("/"):
                return m.group(0)
            path = url.split("#")[0]
            target = urls.get(path if path.endswith("/") else path + "/")
            return f"[{label}]({relative_link(cat, dest[target])})" if target in dest else label

        body = WIKI_RE.sub(wiki, body)
        body = re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", link, body)
        body = re.sub(r"<table.*?</table>", lambda t: re.sub(r"(?<!!)\[([^\]]+)\]\([^)\s]+\)", r"\1", t.group(0)), body, flags=re.S)  # no Markdown in HTML
        body = re.sub(r"[ \t]+$", "", body, flags=re.M)
        return re.sub(r"\n{3,}", "\n\n", body).strip("\n")

    def description(src: str) -> str:
        """The page's front-matter description (shown under its title on the site), emoji left out."""
        m = re.search(r"^description: *(.*)$", read(src).split("\n---", 1)[0], flags=re.M)
        text = re.sub(r"\s+", " ", re.sub(r"[\u2600-\U0001FFFF]", "", m.group(1) if m else "")).strip()
        return text if not text or text.endswith((".", "!", "?")) else text + "."

    arts: list[tuple[str, str, str, list[str]]] = []
    for src, (cat, slug, title) in PAGES.items():
        lines = fix_fragments(shift_headings(convert(src, cat).split("\n")), {}, cat)
        if not re.search(r"[.!?]$", first_sentence("\n".join(lines))) and description(src):
            SUMMARIES.setdefault(f"{cat}/{slug}.md", description(src))  # the page is only link buttons
        arts.append((cat, slug, title, lines))
    for src, (cat, slug, title) in SPLIT.items():
        lead, secs = split_sections(convert(src, cat))
        parts = ([(slug, title, lead)] if "".join(lead).strip() else []) + [
            (*SPLIT_TITLES[h2m.group(2).strip()], [h2m.group(0), *lines]) for h2m, lines in secs]
        where = {anchor(m.group(2)): f"{cat}/{pslug}.md" for pslug, _, lines in parts for m in headings(lines)}
        for pslug, ptitle, lines in parts:
            arts.append((cat, pslug, ptitle, fix_fragments(shift_headings(lines[1:] if lines is not lead else lines), where, cat)))

    write_categories(out, CATEGORIES)
    written = []
    for cat, slug, title, lines in arts:
        text = "\n".join(lines).strip("\n")
        path = f"{cat}/{slug}.md"
        if slug.endswith(("-linux", "-windows")):
            SUMMARIES[path] = f"{title.replace('Install on', 'Install CalyxOS on')}: prepare the phone and the computer, run device-flasher, unlock the bootloader, troubleshooting."
        written.append((cat, slug, title, SUMMARIES.get(path) or first_sentence(text), text))
    write_articles(out, written)
    write_index(out, "CalyxOS help",
                "Help for CalyxOS, the privacy-focused Android-based operating system for Pixel, Fairphone "
                "and Motorola phones: installing it, updates, apps and app stores, microG, backups with "
                "Seedvault, location privacy, the Datura firewall and security.")
    print(f"{len(arts)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
