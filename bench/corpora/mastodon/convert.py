#!/usr/bin/env python3
# ruff: noqa: E501, RUF001 (tables of the source's own headings and summaries, kept one per line)
"""Convert the Mastodon user guide (github:mastodon/documentation, content/en/user/*.md) into a
kb docs folder. The source has only 13 user pages, so each page is split at its `##` headings:
every `##` section becomes one article (its `###`/`####` headings move up to `##`/`###`).

Usage: python3 convert.py GIT_DIR OUT_DOCS_DIR
Only articles, _category.yml and index.md are written; _questions.yml / _unanswerable.yml are
hand-written and left alone.
"""
import re
import sys
from pathlib import Path

# Run as a script: put bench/corpora on the path for the helpers the converters share.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _convert import (
    first_paragraph,
    git_show,
    relative_link,
    shift_headings,
    split_sections,
    write_articles,
    write_categories,
    write_index,
)

BASE_URL = "https://docs.joinmastodon.org"

# category slug -> (title, description, order)
CATEGORIES = {
    "getting-started": ("Getting started", "Signing up, choosing a server, usernames, the official apps, other apps and running your own server.", 1),
    "posting": ("Posting", "Writing posts: text, links, mentions, hashtags, attachments, polls, publishing levels, replies and content warnings.", 2),
    "quote-posts": ("Quote posts", "Quoting other people's posts, controlling who can quote you, and the quote posts FAQ.", 3),
    "network": ("Timelines, following and search", "Live feeds, interacting with posts, notifications, following, search, private mentions, lists, feeds and translation.", 4),
    "profile": ("Your profile", "Display name, avatar, header, profile flags, metadata and verification, featured hashtags, pinned posts and the profile directory.", 5),
    "safety": ("Filters, blocking and reporting", "Filtering posts, muting, blocking, hiding servers and reporting content to moderators.", 6),
    "account": ("Account and preferences", "Preferences, notifications by email, invites, followers, account settings, export, moving and deleting your account.", 7),
}

# source page -> category; order of pages within a category follows this list
PAGES = [
    ("signup", "getting-started"),
    ("official-ios-android-app-user-guide", "getting-started"),
    ("external", "getting-started"),
    ("run-your-own", "getting-started"),
    ("posting", "posting"),
    ("quote-posts", "quote-posts"),
    ("network", "network"),
    ("profile", "profile"),
    ("discoverability", "profile"),
    ("moderating", "safety"),
    ("preferences", "account"),
    ("contacts", "account"),
    ("moving", "account"),
]

# (page, h2 heading text) -> (article slug, title). Titles that are the source heading unchanged
# are listed too, so that every article is named here.
TITLES = {
    ("signup", "Choosing a website"): ("choosing-a-website", "Choosing a website"),
    ("signup", "Your username and your domain"): ("username-and-domain", "Your username and your domain"),
    ("official-ios-android-app-user-guide", "Installation"): ("app-installation", "Installing the official iOS and Android apps"),
    ("official-ios-android-app-user-guide", "First Steps"): ("app-first-steps", "First steps in the official apps"),
    ("official-ios-android-app-user-guide", "Basic app features"): ("app-basic-features", "Basic features of the official apps"),
    ("external", "Remote interactions on another Mastodon site"): ("remote-interactions", "Remote interactions on another Mastodon site"),
    ("external", "Signing into a client app"): ("client-apps", "Signing into a client app"),
    ("run-your-own", "Why would you want to run your own Mastodon server?"): ("why-run-your-own-server", "Why would you want to run your own Mastodon server?"),
    ("run-your-own", "So you want to run your own Mastodon server"): ("run-your-own-server", "So you want to run your own Mastodon server"),
    ("posting", "Text"): ("text", "Writing the text of a post"),
    ("posting", "Attachments"): ("attachments", "Attachments: files and polls"),
    ("posting", "Publishing levels"): ("publishing-levels", "Publishing levels"),
    ("posting", "Visibility of Replies"): ("visibility-of-replies", "Visibility of Replies"),
    ("posting", "Content Warnings"): ("content-warnings", "Content Warnings"),
    ("quote-posts", "What are quote posts?"): ("what-are-quote-posts", "What are quote posts?"),
    ("quote-posts", "How to quote others"): ("how-to-quote", "How to quote others"),
    ("quote-posts", "Setting your default quote settings"): ("default-quote-settings", "Setting your default quote settings"),
    ("quote-posts", "Customizing quote settings when composing a post"): ("quote-settings-when-composing", "Customizing quote settings when composing a post"),
    ("quote-posts", "Notifications"): ("quote-notifications", "Notifications for quote posts"),
    ("quote-posts", "Removing your post from someone’s quote post"): ("remove-quote", "Removing your post from someone’s quote post"),
    ("quote-posts", "Changing quote settings on a published post"): ("change-quote-settings", "Changing quote settings on a published post"),
    ("quote-posts", "Additional tips"): ("quote-tips", "Additional tips for quote posts"),
    ("quote-posts", "Frequently Asked Questions"): ("quote-posts-faq", "Quote posts: frequently asked questions"),
    ("network", "Browsing Content in Live Feeds"): ("live-feeds", "Browsing Content in Live Feeds"),
    ("network", "Interacting with Posts"): ("interacting-with-posts", "Interacting with Posts"),
    ("network", "Notifications"): ("notifications", "Notifications"),
    ("network", "Following Profiles"): ("following-profiles", "Following Profiles"),
    ("network", "Enabling Notifications"): ("enabling-notifications", "Enabling Notifications"),
    ("network", "Search"): ("search", "Search"),
    ("network", "Private Mentions"): ("private-mentions", "Private Mentions"),
    ("network", "List Timelines"): ("lists", "List Timelines"),
    ("network", "Syndication Feeds"): ("syndication-feeds", "Syndication Feeds"),
    ("network", "Translation"): ("translation", "Translation"),
    ("profile", "Your appearance"): ("appearance", "Your profile's appearance"),
    ("profile", "Profile flags"): ("profile-flags", "Profile flags"),
    ("profile", "Profile metadata"): ("profile-metadata", "Profile metadata"),
    ("discoverability", "Featured links on your profile"): ("featured-hashtags", "Featured links on your profile"),
    ("discoverability", "Pinned posts"): ("pinned-posts", "Pinned posts"),
    ("discoverability", "Profile directory"): ("profile-directory", "Profile directory"),
    ("moderating", "Filtering posts"): ("filters", "Filtering posts"),
    ("moderating", "User-level actions"): ("muting-and-blocking", "User-level actions: hiding boosts, muting and blocking"),
    ("moderating", "Reporting problematic content to moderators"): ("reporting", "Reporting problematic content to moderators"),
    ("preferences", "Customizing the user interface"): ("user-interface", "Customizing the user interface"),
    ("preferences", "Controlling your notifications"): ("notification-preferences", "Controlling your notifications"),
    ("preferences", "Miscellaneous options"): ("miscellaneous-preferences", "Miscellaneous preferences"),
    ("contacts", "Generating invites"): ("invites", "Generating invites"),
    ("contacts", "Follows and followers"): ("follows-and-followers", "Follows and followers"),
    ("contacts", "Account settings"): ("account-settings", "Account settings"),
    ("moving", "Summary"): ("moving-summary", "Moving to another server: summary"),
    ("moving", "Exporting your information"): ("export", "Exporting your information"),
    ("moving", "Redirecting or moving your profile"): ("redirect-or-move", "Redirecting or moving your profile"),
    ("moving", "Deleting your account"): ("delete-account", "Deleting your account"),
}

# Summaries written by hand (from the article's own first sentence or list) where the automatic
# first sentence is missing (article opens with a list), ends in a colon, or is over 200 characters.
SUMMARIES = {
    "app-installation": "Download the official iOS app on the App Store or the official Android app on the Google Play Store.",
    "app-first-steps": "Join Mastodon by clicking \"Join Mastodon Social\", agree to the rules and create an account.",
    "app-basic-features": "Learn the basics of the official iOS and Android apps for Mastodon.",
    "quote-tips": "You can still boost quickly using Shift + Click on the Boost button or using the 'B' hotkey.",
    "export": "At any time you can go to Settings > Import and export > Export and download CSV files of your follows, lists, blocks, mutes and blocked domains.",
    "moving-summary": "If your current server is no longer working for you, you can migrate your account to a new server and preserve much of your account content and relationships.",
    "interacting-with-posts": "You can perform quick actions on a post directly from the timeline, or click on the post to load an expanded view.",
    "following-profiles": "When you see someone in your app's interface, you can simply click \"follow.\"",
    "user-interface": "Mastodon has multiple theme options, a simple or advanced layout, confirmation dialogs and settings for sensitive content.",
    "username-and-domain": "Mastodon usernames consist of two parts, the local username and the domain of the website, just like an email address.",
    "run-your-own-server": "To run your own Mastodon server you need a domain name, a VPS, an e-mail provider and optionally an object storage provider.",
    "follows-and-followers": "Within settings, you can find a relationship manager that lets you filter and sort through the profiles that you are connected to.",
    "quote-posts-faq": "Frequently asked questions about quote posts in Mastodon.",
    "why-run-your-own-server": "Absolute control over your own voice on the web, not subject to anyone else's rules or whims.",
}

# a heading with its Hugo id: group 2 is the text, group 4 the id
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{#([^}]+)\})?\s*$")


def split_front_matter(text):
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return (m.group(1), text[m.end():]) if m else ("", text)


def clean(body):
    """Strip Hugo shortcodes, HTML comments, images, <style>, <video>."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    body = re.sub(r"<style>.*?</style>\n?", "", body, flags=re.S)
    body = re.sub(r"<video[^>]*>.*?</video>\n?", "", body, flags=re.S)
    body = re.sub(r"^\s*\{\{<\s*figure\b.*?>\}\}\s*\n", "", body, flags=re.M)
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)
    # {{< ref "/admin/config#x" >}} inside a link target -> absolute URL
    def ref(m):
        path, _, frag = m.group(1).partition("#")
        return BASE_URL + path.rstrip("/") + "/" + (("#" + frag) if frag else "")
    body = re.sub(r'\{\{<\s*ref\s+"([^"]+)"\s*>\}\}', ref, body)
    body = re.sub(r'\{\{<\s*caption-link\s+url="([^"]+)"\s+caption="([^"]+)"\s*>\}\}',
                  lambda m: f"- [{m.group(2)}]({m.group(1)})", body)
    # collapse the blank lines between consecutive caption-link list items
    body = re.sub(r"(^- \[[^\]]+\]\(http[^)]+\)\n)\n(?=- \[)", r"\1", body, flags=re.M)
    body = re.sub(r"(^- \[[^\]]+\]\(http[^)]+\)\n)\n(?=- \[)", r"\1", body, flags=re.M)
    body = re.sub(r'\{\{<\s*page-ref\s+page="([^"]+)"\s*>\}\}',
                  lambda m: f"[{m.group(1)}]({BASE_URL}/{m.group(1)}/)", body)
    # hint boxes: keep the text as a plain paragraph (dedented to its own indentation)
    body = re.sub(r"^[ \t]*\{\{<\s*hint[^>]*>\}\}[ \t]*\n", "", body, flags=re.M)
    body = re.sub(r"^[ \t]*\{\{<\s*/hint\s*>\}\}[ \t]*\n", "", body, flags=re.M)
    body = re.sub(r"\{\{[<%].*?[>%]\}\}", "", body, flags=re.S)  # anything left
    return body


def first_sentence(text):
    text = first_paragraph(text.split("\n"))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("`", "").replace("&gt;", ">")
    m = re.match(r"(.+?[.!?:])(\s|$)", text)
    return (m.group(1) if m else text).strip()


def main(git_dir, out):
    # pass 1: collect articles and the (page, source anchor) -> article path map
    arts, anchor_map = [], {}
    for page, cat in PAGES:
        src = f"content/en/user/{page}.md"
        _front_matter, body = split_front_matter(git_show(git_dir, "HEAD", src))
        for h2m, lines in split_sections(clean(body), HEADING_RE)[1]:
            h2, h2id = h2m.group(2), h2m.group(4)
            slug, title = TITLES[(page, h2)]
            path = f"{cat}/{slug}.md"
            arts.append((page, cat, slug, title, lines, src))
            if h2id:
                anchor_map[(page, h2id)] = path
            for line in lines:
                m = HEADING_RE.match(line)
                if m and m.group(4):
                    anchor_map[(page, m.group(4))] = path

    def rewrite_links(text, page, cat):
        def repl(m):
            label, target = m.group(1), m.group(2)
            if target.startswith(("http://", "https://", "mailto:")):
                return m.group(0)
            t = target
            if t.startswith("#"):
                tpage, frag = page, t[1:]
            else:
                t = t.strip("./").rstrip("/")
                tpage, _, frag = t.partition("#")
                tpage = tpage.rstrip("/").split("/")[-1]
            key = (tpage, frag) if frag else None
            if key in anchor_map:
                dest = anchor_map[key]
            else:  # link to a whole page: its first article
                cands = [f"{c}/{s}.md" for p, c, s, *_ in arts if p == tpage]
                if not cands:
                    return f"[{label}]({BASE_URL}/user/{tpage}/)"
                dest = cands[0]
            return f"[{label}]({relative_link(cat, dest)})"
        return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", repl, text)

    # pass 2: write
    write_categories(out, CATEGORIES)
    written = []
    for page, cat, slug, title, lines, _src in arts:
        # heading levels below ## : map the distinct deeper levels onto ##, ###, ####
        text = "\n".join(shift_headings(lines, HEADING_RE))
        text = rewrite_links(text, page, cat)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        written.append((cat, slug, title, SUMMARIES.get(slug) or first_sentence(text), text))
    write_articles(out, written)
    write_index(out, "Mastodon help",
                "Help for Mastodon, the decentralised social network: signing up and "
                "choosing a server, posting and quoting, timelines, following and search, your profile, "
                "filters, muting, blocking and reporting, preferences, and moving or deleting your account.")
    print(f"{len(arts)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
