#!/usr/bin/env python3
# ruff: noqa: E501, RUF001 (tables of the source's own headings and summaries, kept one per line)
"""Convert the Anki manual (github:ankitects/anki-manual, mdBook Markdown in src/) into a kb docs
folder. Most pages become one article each; the five longest pages (Deck Options, Adding/Editing,
Browsing, Field Replacements, Searching: over 2,300 words each) are split at their `##` headings:
every `##` section becomes one article (its `###`/`####` headings move up to `##`/`###`), and the
text before the first `##`, where there is any, becomes an overview article.

Usage: python3 convert.py GIT_DIR OUT_DOCS_DIR
Only articles, _category.yml and index.md are written; _questions.yml / _unanswerable.yml are
hand-written and left alone.
"""
import os
import re
import sys
from pathlib import Path

# Run as a script: put bench/corpora on the path for the helpers the converters share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _convert import (
    FENCE_RE,
    HEADING_RE,
    NON_PROSE,
    first_paragraph,
    git_show,
    headings,
    relative_link,
    shift_headings,
    split_sections,
    write_articles,
    write_categories,
    write_index,
)

BASE_URL = "https://docs.ankiweb.net"

# category slug -> (title, description, order)
CATEGORIES = {
    "getting-started": ("Getting started", "What Anki is, how spaced repetition works, the key concepts (cards, decks, notes, note types), shared decks and where to get help.", 1),
    "windows": ("Windows", "Installing and upgrading Anki on Windows, and fixing installation, startup, display, copy and paste, text size and permission problems.", 2),
    "macos": ("macOS", "Installing and upgrading Anki on macOS, and fixing display problems.", 3),
    "linux": ("Linux", "Installing and upgrading Anki on Linux, distribution packages, missing libraries, display, Wayland, GTK theme and input method problems.", 4),
    "studying": ("Studying", "Reviewing cards, answer buttons, burying, filtered decks and cramming, leeches, card info and statistics.", 5),
    "adding-editing": ("Adding and editing", "Adding cards and notes, note types and fields, organising with decks, tags and flags, cloze deletion, image occlusion, media, math and symbols.", 6),
    "deck-options": ("Deck options", "Presets, daily limits, learning and relearning steps, display order, burying, timers, easy days, FSRS and the advanced scheduling options.", 7),
    "templates": ("Card templates", "Card templates, field replacements, text to speech, hints, type-in answers, card generation, styling and template errors.", 8),
    "browsing": ("Browsing", "The Browse window: table modes, sidebar, the card/note table, editing, menus, find and replace and finding duplicates.", 9),
    "searching": ("Searching", "Search syntax: simple searches, fields, tags and decks, regular expressions, card states, flags, properties, recent events and special characters.", 10),
    "syncing": ("Syncing", "Syncing your collection with AnkiWeb, conflicts, media syncing, and running a self-hosted sync server.", 11),
    "import-export": ("Importing, exporting and backups", "Importing text files and packaged decks, exporting, and automatic and manual backups.", 12),
    "settings-and-files": ("Preferences, profiles and files", "Preferences, profiles, where Anki keeps your files, add-ons, troubleshooting, miscellanea and contributing.", 13),
}

# Pages kept whole: source path (under src/) -> (category, slug, title). Order within a category
# follows this list. Left out (navigation only): SUMMARY.md, faqs.md, resources.md,
# platform/intro.md and the three platform/*/intro.md pages.
PAGES = {
    "intro.md": ("getting-started", "introduction", "Introduction to the Anki manual"),
    "background.md": ("getting-started", "background", "Background: how Anki helps you remember"),
    "getting-started.md": ("getting-started", "getting-started", "Getting Started"),
    "getting-help.md": ("getting-started", "getting-help", "Getting help"),
    "platform/windows/installing.md": ("windows", "installing", "Installing & Upgrading Anki on Windows"),
    "platform/windows/installation-issues.md": ("windows", "installation-issues", "Windows installation issues"),
    "platform/windows/startup-issues.md": ("windows", "startup-issues", "Windows startup issues"),
    "platform/windows/display-issues.md": ("windows", "display-issues", "Windows Display Issues"),
    "platform/windows/copy-and-paste.md": ("windows", "copy-and-paste", "Copy and paste issues on Windows"),
    "platform/windows/text-size.md": ("windows", "text-size", "Text size on Windows"),
    "platform/windows/permission-problems.md": ("windows", "permission-problems", "Windows permission problems"),
    "platform/mac/installing.md": ("macos", "installing", "Installing & Upgrading Anki on macOS"),
    "platform/mac/display-issues.md": ("macos", "display-issues", "Display Issues on macOS"),
    "platform/linux/installing.md": ("linux", "installing", "Installing & Upgrading Anki on Linux"),
    "platform/linux/distro-packages.md": ("linux", "distro-packages", "Packages Distributed by Linux Distributions"),
    "platform/linux/missing-libraries.md": ("linux", "missing-libraries", "Missing libraries on Linux"),
    "platform/linux/display-issues.md": ("linux", "display-issues", "Display Issues on Linux"),
    "platform/linux/blank-window.md": ("linux", "blank-window", "Blank main window on Linux"),
    "platform/linux/gtk-theme.md": ("linux", "gtk-theme", "Anki not picking up GTK theme on Gnome/Linux"),
    "platform/linux/wayland.md": ("linux", "wayland", "Wayland on Linux"),
    "platform/linux/input-methods.md": ("linux", "input-methods", "Input Methods on Linux"),
    "studying.md": ("studying", "studying", "Studying"),
    "filtered-decks.md": ("studying", "filtered-decks", "Filtered Decks & Cramming"),
    "leeches.md": ("studying", "leeches", "Leeches"),
    "stats.md": ("studying", "statistics", "Card Info, Graphs and Statistics"),
    "media.md": ("adding-editing", "media", "Media"),
    "math.md": ("adding-editing", "math-and-symbols", "Math and Symbols"),
    "templates/intro.md": ("templates", "card-templates", "Card Templates"),
    "templates/generation.md": ("templates", "card-generation", "Card Generation"),
    "templates/styling.md": ("templates", "styling-and-html", "Styling & HTML"),
    "templates/errors.md": ("templates", "checks-and-errors", "Card template checks and errors"),
    "syncing.md": ("syncing", "syncing-with-ankiweb", "Syncing with AnkiWeb"),
    "sync-server.md": ("syncing", "sync-server", "Self-Hosted Sync Server"),
    "importing/intro.md": ("import-export", "importing", "Importing"),
    "importing/text-files.md": ("import-export", "importing-text-files", "Importing text files"),
    "importing/packaged-decks.md": ("import-export", "packaged-decks", "Importing packaged decks"),
    "exporting.md": ("import-export", "exporting", "Exporting"),
    "backups.md": ("import-export", "backups", "Backups"),
    "preferences.md": ("settings-and-files", "preferences", "Preferences"),
    "profiles.md": ("settings-and-files", "profiles", "Profiles"),
    "files.md": ("settings-and-files", "managing-files", "Managing Files and Your Collection"),
    "addons.md": ("settings-and-files", "add-ons", "Add-ons"),
    "troubleshooting.md": ("settings-and-files", "troubleshooting", "Troubleshooting"),
    "misc.md": ("settings-and-files", "miscellanea", "Miscellanea"),
    "contrib.md": ("settings-and-files", "contributing", "Contributing to Anki"),
}

# Pages split at ## : source path -> (category, overview article (slug, title) for the text before
# the first ## or None when that text is empty).
SPLIT = {
    "editing.md": ("adding-editing", None),
    "deck-options.md": ("deck-options", ("deck-options", "Deck Options")),
    "templates/fields.md": ("templates", None),
    "browsing.md": ("browsing", ("browsing", "Browsing")),
    "searching.md": ("searching", ("searching", "Searching")),
}

# (split page, h2 heading) -> (article slug, title). Titles that are the source heading unchanged
# are listed too, so that every article is named here.
TITLES = {
    ("editing.md", "Adding Cards and Notes"): ("adding-cards-and-notes", "Adding Cards and Notes"),
    ("editing.md", "Adding a Note Type"): ("adding-a-note-type", "Adding a Note Type"),
    ("editing.md", "Customizing Fields"): ("customizing-fields", "Customizing Fields"),
    ("editing.md", "Changing Deck / Note Type"): ("changing-deck-or-note-type", "Changing Deck / Note Type"),
    ("editing.md", "Organizing Content"): ("organizing-content", "Organizing Content"),
    ("editing.md", "Editing Features"): ("editing-features", "Editing Features"),
    ("editing.md", "Cloze Deletion"): ("cloze-deletion", "Cloze Deletion"),
    ("editing.md", "Image Occlusion"): ("image-occlusion", "Image Occlusion"),
    ("editing.md", "Editing IO notes"): ("editing-io-notes", "Editing image occlusion (IO) notes"),
    ("editing.md", "Inputting Non-Latin Characters and Accents"): ("non-latin-characters-and-accents", "Inputting Non-Latin Characters and Accents"),
    ("editing.md", "Unicode Normalization"): ("unicode-normalization", "Unicode Normalization"),
    ("deck-options.md", "Presets"): ("presets", "Deck option presets"),
    ("deck-options.md", "Subdecks"): ("subdecks", "Deck options and subdecks"),
    ("deck-options.md", "Daily Limits"): ("daily-limits", "Daily Limits"),
    ("deck-options.md", "New Cards"): ("new-cards", "New card options"),
    ("deck-options.md", "Lapses"): ("lapses", "Lapse options"),
    ("deck-options.md", "Display Order"): ("display-order", "Display order options"),
    ("deck-options.md", "Burying"): ("burying", "Burying options"),
    ("deck-options.md", "Audio"): ("audio", "Audio options"),
    ("deck-options.md", "Timers"): ("timers", "Timer options"),
    ("deck-options.md", "Auto Advance"): ("auto-advance", "Auto Advance"),
    ("deck-options.md", "Easy Days"): ("easy-days", "Easy Days"),
    ("deck-options.md", "FSRS"): ("fsrs", "FSRS"),
    ("deck-options.md", "Advanced"): ("advanced", "Advanced deck options"),
    ("templates/fields.md", "Basic Replacements"): ("basic-field-replacements", "Basic field replacements"),
    ("templates/fields.md", "Newlines"): ("newlines", "Newlines in card templates"),
    ("templates/fields.md", "Text to Speech for individual fields"): ("text-to-speech-fields", "Text to Speech for individual fields"),
    ("templates/fields.md", "Text to Speech for multiple fields and static text"): ("text-to-speech-multiple-fields", "Text to Speech for multiple fields and static text"),
    ("templates/fields.md", "Special Fields"): ("special-fields", "Special Fields"),
    ("templates/fields.md", "Hint Fields"): ("hint-fields", "Hint Fields"),
    ("templates/fields.md", "Dictionary Links"): ("dictionary-links", "Dictionary Links"),
    ("templates/fields.md", "HTML Stripping"): ("html-stripping", "HTML stripping in field replacements"),
    ("templates/fields.md", "Right To Left Text"): ("right-to-left-text", "Right To Left Text"),
    ("templates/fields.md", "Ruby Characters"): ("ruby-characters", "Ruby Characters"),
    ("templates/fields.md", "Media & LaTeX"): ("media-and-latex-on-templates", "Media & LaTeX on card templates"),
    ("templates/fields.md", "Checking Your Answer"): ("checking-your-answer", "Checking Your Answer"),
    ("browsing.md", "Table Modes"): ("table-modes", "Browser table modes"),
    ("browsing.md", "Sidebar"): ("sidebar", "Browser sidebar"),
    ("browsing.md", "Search Box"): ("search-box", "Browser search box"),
    ("browsing.md", "Card/Note Table"): ("card-note-table", "Browser card/note table"),
    ("browsing.md", "Editing Area"): ("editing-area", "Browser editing area"),
    ("browsing.md", "Menus and Actions"): ("menus-and-actions", "Browser menus and actions"),
    ("browsing.md", "Find and Replace"): ("find-and-replace", "Find and Replace"),
    ("browsing.md", "Finding Duplicates"): ("finding-duplicates", "Finding Duplicates"),
    ("searching.md", "Simple searches"): ("simple-searches", "Simple searches"),
    ("searching.md", "Limiting to a field"): ("limiting-to-a-field", "Limiting a search to a field"),
    ("searching.md", "Tags, decks, cards and notes"): ("tags-decks-cards-and-notes", "Searching by tags, decks, cards and notes"),
    ("searching.md", "Ignoring accents/combining characters"): ("ignoring-accents", "Ignoring accents/combining characters in searches"),
    ("searching.md", "Searching in cloze deletions"): ("cloze-deletions", "Searching in cloze deletions"),
    ("searching.md", "Regular expressions"): ("regular-expressions", "Searching with regular expressions"),
    ("searching.md", "Card state"): ("card-state", "Searching by card state"),
    ("searching.md", "Flags"): ("flags", "Searching by flag"),
    ("searching.md", "Card properties"): ("card-properties", "Searching by card properties"),
    ("searching.md", "Recent Events"): ("recent-events", "Searching for recent events"),
    ("searching.md", "Matching special characters"): ("special-characters", "Matching special characters in searches"),
    ("searching.md", "Object IDs"): ("object-ids", "Searching by object IDs"),
    ("searching.md", "Custom Data"): ("custom-data", "Searching custom data"),
    ("searching.md", "Other Searches"): ("other-searches", "Other searches"),
}

# Summaries written by hand (from the article's own words) where the automatic first sentence is
# missing (article opens with a list, a heading or a code block), ends in a colon, is over 200
# characters, or is only a pointer to another page.
SUMMARIES = {
    "windows/installation-issues.md": "Some error messages you may encounter when installing Anki on Windows: \"Error opening file for writing\" and antivirus false positives.",
    "windows/startup-issues.md": "What to try if Anki fails to appear or shows an error when you start it on Windows.",
    "windows/copy-and-paste.md": "If you are experiencing problems with copying and pasting, please check if you are running other programs on your computer that monitor the clipboard.",
    "windows/text-size.md": "If you find the text is the wrong size, there are two environment variables you can try: ANKI_NOHIGHDPI and ANKI_WEBSCALE.",
    "macos/display-issues.md": "If you're experiencing display issues or crashes in Anki 23.10+, you can try changing the video driver in the preferences screen.",
    "linux/distro-packages.md": "We have seen a lot of issues caused by the customized versions of Anki distributed by Linux distributions.",
    "studying/filtered-decks.md": "Filtered decks let you step outside the normal limits of a regular deck, such as when you need to review for a test or focus on particular material.",
    "settings-and-files/troubleshooting.md": "If you encounter a problem with Anki, please try these steps in order, from restarting Anki to checking add-ons and your database.",
    "adding-editing/adding-a-note-type.md": "As soon as you find yourself wanting to include more than one piece of information on the front or back, it's better to split that information up into more fields.",
    "templates/basic-field-replacements.md": "When you place text within curly brackets, Anki looks for a field by that name, and replaces the text with the actual content of the field.",
    "templates/special-fields.md": "There are some special fields you can include in your templates, such as {{Tags}}, {{Deck}}, {{Card}} and {{FrontSide}}.",
    "templates/right-to-left-text.md": "If you’re using a language that reads from right to left, you’ll need to adjust the template.",
    "browsing/table-modes.md": "Anki 2.1.45+ offers two modes: either cards or notes are shown in the data table.",
    "adding-editing/customizing-fields.md": "To customize fields, click the Fields... button when adding or editing a note, or while the note type is selected in the Manage Note Types window.",
    "deck-options/advanced.md": "Advanced options: maximum interval, historical retention, ignoring cards reviewed before a date, starting ease, easy bonus, interval modifier, hard and new intervals.",
    "deck-options/audio.md": "By default, Anki automatically plays any audio you have on cards; these options turn that off or control what is played when you replay the answer.",
    "deck-options/auto-advance.md": "Auto Advance allows you to automatically take some actions after a certain amount of time has passed.",
    "searching/card-properties.md": "Search by card properties such as interval, due date, number of reviews and lapses, ease, queue position, or FSRS stability, difficulty and retrievability.",
    "searching/card-state.md": "Search by card state: is:due, is:new, is:learn, is:review, is:suspended, is:buried and more.",
    "searching/cloze-deletions.md": "You can use sc: (sc stands for “strip clozes”) to search through the full text of notes with cloze deletions, ignoring the cloze markup.",
    "searching/flags.md": "flag:0 finds cards without a flag, and flag:1 to flag:7 find cards with a red, orange, green, blue, pink, turquoise or purple flag.",
    "searching/ignoring-accents.md": "You can use nc: (nc stands for \"no combining\") to make Anki ignore combining characters.",
    "searching/object-ids.md": "nid:123 finds the note with note id 123, and cid:123,456,789 all cards with card ids 123, 456, or 789.",
    "searching/other-searches.md": "Searches for interday learning cards due today or tomorrow, and for cards rescheduled today.",
    "searching/recent-events.md": "Search for cards added, edited, answered or first answered in the last n days, such as added:1 for cards added today.",
    "searching/special-characters.md": "Some characters like *, _ and \" have a special meaning in search; escaping them with double quotes and backslashes tells Anki not to treat them specially.",
    "settings-and-files/managing-files.md": "Checking your collection for problems, where Anki stores your files, startup options, file syncing, flash drives, and fixing corrupt collections.",
    "templates/card-generation.md": "How Anki generates cards from your notes: reverse cards, card generation and deletion, selective card generation, conditional replacement and cloze templates.",
    "templates/checking-your-answer.md": "The easiest way to check your answer is to click \"Basic\" at the top left of the card adding screen, and select \"Basic (type in the answer)\".",
    "templates/styling-and-html.md": "The styling section of the Cards screen lets you change the background color of the card, the default font, the text alignment, and so on.",
    "templates/text-to-speech-fields.md": "To have Anki read the Front field in a US English voice, you can place {{tts en_US:Front}} in your card template.",
    "templates/text-to-speech-multiple-fields.md": "If you want TTS to read multiple fields or static text included in the template, you can use the [anki:tts] tags.",
    "linux/display-issues.md": "If you experience blank screens or display issues on Linux, you can try enabling software rendering.",
    "linux/missing-libraries.md": "If Anki fails to start, please run it from a terminal with anki; if it says a library is missing, please install it and try again.",
    "linux/blank-window.md": "Recent versions of glibc break the web toolkit that Anki is built on, causing Anki's main window to appear blank.",
    "macos/installing.md": "Requirements, installing, upgrading, Homebrew and add-on compatibility for Anki on macOS.",
    "browsing/search-box.md": "Above the card list is a search box, where you can type in various things to search for cards.",
}

HARD_BREAK = "\x00"  # placeholder for a line break, so trailing blanks can be stripped first


def read_page(git_dir, path):
    """The text of src/<path> at the checked-out commit."""
    return git_show(git_dir, "HEAD", f"src/{path}")


def mdbook_id(text):
    """The id mdBook gives a heading (pulldown-cmark text, then mdBook's normalize_id)."""
    text = re.sub(r"<[^>]+>", "", text).replace("**", "").replace("`", "")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    out = []
    for ch in text.strip().lower():
        if ch.isalnum() or ch in "_-":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out)


def unfence_admonitions(text):
    """```admonish KIND ... ``` boxes -> their text as plain paragraphs."""
    out, in_adm, in_code = [], False, False
    for line in text.split("\n"):
        if not in_code and not in_adm and re.match(r"^```admonish\b", line):
            in_adm = True
            continue
        if in_adm and not in_code and line.strip() == "```":
            in_adm = False
            continue
        if FENCE_RE.match(line):
            in_code = not in_code
        out.append(line)
    return "\n".join(out)


def clean(text):
    text = unfence_admonitions(text)
    # a lone "<!-- -->" separates a list from the indented code block after it: make that block a
    # fenced one (a fence at column 0 ends the list), then drop every HTML comment
    def fence_after_separator(m):
        code = "\n".join(line[4:] for line in m.group(1).rstrip("\n").split("\n"))
        return f"```\n{code}\n```\n\n"
    text = re.sub(r"^<!-- -->\n\n((?:    .*\n|\n)+?)(?=\S)", fence_after_separator, text, flags=re.M)
    text = re.sub(r"^[ \t]*<!--.*?-->[ \t]*\n", "", text, flags=re.M | re.S)
    # images (screenshots) are dropped
    text = re.sub(r"^[ \t]*!\[[^\]]*\]\([^)]*\)[ \t]*\n", "", text, flags=re.M)
    # bare HTML anchors kept for legacy links
    text = re.sub(r'^[ \t]*<a id="[^"]*"></a>[ \t]*\n', "", text, flags=re.M)
    text = re.sub(r'^[ \t]*<div id="[^"]*" />[ \t]*\n', "", text, flags=re.M)
    # explicit heading ids
    text = re.sub(r"^(#{1,6} .*?)\s*\{#[^}]+\}[ \t]*$", r"\1", text, flags=re.M)
    # angle-bracketed link destinations -> plain ones
    text = re.sub(r"\]\(<([^<>\s]+)>\)", r"](\1)", text)
    # keyboard keys -> plain text; ruby (furigana) -> base text with the reading in brackets
    text = re.sub(r"<kbd>(.*?)</kbd>", r"\1", text)
    text = re.sub(r"<ruby><rb>(.*?)</rb><rt>(.*?)</rt></ruby>", r"\1（\2）", text)
    # CommonMark's backslash line break -> Markdown's two trailing spaces (outside code)
    out, in_code = [], False
    for line in text.split("\n"):
        if FENCE_RE.match(line):
            in_code = not in_code
        if not in_code and line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1] + HARD_BREAK
        out.append(line)
    return "\n".join(out)


def body_after_h1(text):
    """The page without its first heading (the page title; linux/display-issues uses ##)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            if HEADING_RE.match(line):
                return "\n".join(lines[i + 1:])
            return text
    return text


def first_sentence(text):
    text = first_paragraph(text.split("\n"), (*NON_PROSE, "<"), skip_indented=True)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<([a-z]+://[^>]+)>", r"\1", text)
    text = text.replace("**", "").replace("`", "").replace("\\", "").replace("&gt;", ">").replace("&lt;", "<")
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", text)
    m = re.match(r"(.+?(?<!e\.g)(?<!i\.e)(?<!etc)[.!?:])(\s|$)", text)
    return (m.group(1) if m else text).strip()


def main(git_dir, out):
    # pass 1: collect articles and the (page, mdBook anchor) -> article path map
    arts, anchor_map, page_first = [], {}, {}
    for src, (cat, slug, title) in PAGES.items():
        body = body_after_h1(clean(read_page(git_dir, src)))
        arts.append((src, cat, slug, title, shift_headings(body.split("\n"))))
        page_first[src] = f"{cat}/{slug}.md"
    for src, (cat, lead_art) in SPLIT.items():
        raw = read_page(git_dir, src)
        for m in re.finditer(r'<(?:a|div) id="([^"]+)"', raw):  # legacy anchors: the section they sit in
            before = raw[:m.start()]
            h2s = re.findall(r"^## (.*)$", before, flags=re.M)
            if h2s:
                anchor_map[(src, m.group(1))] = TITLES[(src, h2s[-1].strip())][0]
        lead, secs = split_sections(body_after_h1(clean(raw)))
        if lead_art and "".join(lead).strip():
            arts.append((src, cat, lead_art[0], lead_art[1], lead))
            page_first[src] = f"{cat}/{lead_art[0]}.md"
        for h2m, lines in secs:
            h2 = h2m.group(2)
            slug, title = TITLES[(src, h2)]
            path = f"{cat}/{slug}.md"
            page_first.setdefault(src, path)
            arts.append((src, cat, slug, title, shift_headings(lines)))
            anchor_map[(src, mdbook_id(h2))] = path
            for m in headings(lines):
                anchor_map[(src, mdbook_id(m.group(2)))] = path
    for key, value in list(anchor_map.items()):
        if not value.endswith(".md"):
            anchor_map[key] = f"{SPLIT[key[0]][0]}/{value}.md"

    def rewrite_links(text, src, cat):
        def repl(m):
            label, target = m.group(1), m.group(2)
            base = os.path.dirname(src)
            if target.startswith(BASE_URL + "/") and ".html" in target:  # the manual's own site
                target, base = re.sub(r"\?[^#]*", "", target[len(BASE_URL) + 1:]), ""
            if re.match(r"^[a-z]+:", target):
                return m.group(0)
            tpath, _, frag = target.partition("#")
            tpath = re.sub(r"\.html$", ".md", tpath)
            tsrc = os.path.normpath(os.path.join(base, tpath)) if tpath else src
            dest = anchor_map.get((tsrc, frag)) or page_first.get(tsrc)
            if dest is None:  # a navigation page left out of the corpus
                html = tsrc[:-3] + ".html" + (f"#{frag}" if frag else "")
                return f"[{label}]({BASE_URL}/{html})"
            return f"[{label}]({relative_link(cat, dest)})"
        return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", repl, text)

    # pass 2: write
    write_categories(out, CATEGORIES)
    seen: set[str] = set()
    written = []
    for src, cat, slug, title, lines in arts:
        path = f"{cat}/{slug}.md"
        assert path not in seen, path
        seen.add(path)
        text = "\n".join(lines)
        text = rewrite_links(text, src, cat)
        text = re.sub(r"[ \t]+$", "", text, flags=re.M).replace(HARD_BREAK, "  ")
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        written.append((cat, slug, title, SUMMARIES.get(path) or first_sentence(text.replace("  \n", "\n")), text))
    write_articles(out, written)
    write_index(out, "Anki help",
                "Help for Anki, the flashcard program that uses spaced repetition: installing "
                "it on Windows, macOS and Linux, studying, adding and editing notes, deck options and FSRS, "
                "card templates, browsing and searching, syncing with AnkiWeb, importing, exporting and "
                "backups, preferences, profiles and files.")
    print(f"{len(arts)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
