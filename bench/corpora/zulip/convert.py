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
import os
import re
import subprocess
import sys
import unicodedata

COMMIT = "d1f82c47fd08a5df55f93a669590450a07c8fea6"
BASE_URL = "https://zulip.com"

# category slug -> (title, description, order)
CATEGORIES = {
    "getting-started": ("Getting started", "Joining an organization, streams and topics, reading and starting conversations, replying, and keyboard shortcuts.", 1),
    "account": ("Account basics", "Your profile, name, email address, avatar and password, logging in and out, switching organizations and deactivating your account.", 2),
    "preferences": ("Preferences", "Theme, language, time zone, time format, emoticons, home view, display width and uploaded files.", 3),
    "writing-messages": ("Writing messages", "Message formatting: mentions, quotes, emoji, links, files, GIFs, emphasis, lists, tables, code, LaTeX, spoilers, polls, to-do lists, global times and calls.", 4),
    "sending-messages": ("Sending messages", "The compose box, typing notifications, previews, editing and deleting messages, drafts, scheduled messages and sending by email.", 5),
    "reading-messages": ("Reading messages", "Inbox, recent conversations, all messages, marking messages read or unread, reactions, mentions, starred messages, search and message details.", 6),
    "people": ("People", "Status and availability, user cards, profiles and direct messages.", 7),
    "streams-and-topics": ("Streams and topics", "Subscribing to, creating and managing streams, and renaming, resolving, moving and deleting topics.", 8),
    "notifications": ("Notifications", "Stream and topic notifications, following and muting, mentions and alerts, email, desktop and mobile notifications, and do not disturb.", 9),
    "apps": ("Apps", "Installing the desktop app, supported browsers, how links open and connecting through a proxy.", 10),
    "organization": ("Organization basics", "Authentication methods, exporting, importing from Slack, changing the URL, deactivating an organization and usage statistics.", 11),
    "users": ("Users", "Roles and permissions, inviting users, restricting sign-up, deactivating users, custom profile fields, user groups and default settings.", 12),
    "stream-management": ("Stream management", "Stream permissions, posting policy, who can create streams, default streams, renaming, describing, making private and archiving streams.", 13),
    "organization-settings": ("Organization settings", "Custom emoji, linkifiers, required topics, restricting DMs, mentions, moving and editing messages, previews, retention and digest emails.", 14),
    "bots": ("Bots and integrations", "Adding, editing, deactivating and reactivating bots and integrations.", 15),
    "support": ("Support", "Zulip version, Zulip Cloud billing and contacting support.", 16),
}

# source page (help/<page>.md) -> category; order within a category follows this list
PAGES = [
    ("join-a-zulip-organization", "getting-started"),
    ("streams-and-topics", "getting-started"),
    ("reading-topics", "getting-started"),
    ("starting-a-new-topic", "getting-started"),
    ("starting-a-new-direct-message", "getting-started"),
    ("replying-to-messages", "getting-started"),
    ("keyboard-shortcuts", "getting-started"),
    ("edit-your-profile", "account"),
    ("change-your-name", "account"),
    ("change-your-email-address", "account"),
    ("change-your-profile-picture", "account"),
    ("change-your-password", "account"),
    ("configure-email-visibility", "account"),
    ("logging-in", "account"),
    ("logging-out", "account"),
    ("switching-between-organizations", "account"),
    ("deactivate-your-account", "account"),
    ("dark-theme", "preferences"),
    ("change-your-language", "preferences"),
    ("change-your-timezone", "preferences"),
    ("change-the-time-format", "preferences"),
    ("configure-emoticon-translations", "preferences"),
    ("configure-home-view", "preferences"),
    ("enable-full-width-display", "preferences"),
    ("manage-your-uploaded-files", "preferences"),
    ("mention-a-user-or-group", "writing-messages"),
    ("link-to-a-message-or-conversation", "writing-messages"),
    ("format-a-quote", "writing-messages"),
    ("quote-and-reply", "writing-messages"),
    ("emoji-and-emoticons", "writing-messages"),
    ("insert-a-link", "writing-messages"),
    ("share-and-upload-files", "writing-messages"),
    ("animated-gifs-from-giphy", "writing-messages"),
    ("text-emphasis", "writing-messages"),
    ("paragraph-and-section-formatting", "writing-messages"),
    ("bulleted-and-numbered-lists", "writing-messages"),
    ("tables", "writing-messages"),
    ("code-blocks", "writing-messages"),
    ("latex", "writing-messages"),
    ("spoilers", "writing-messages"),
    ("me-action-messages", "writing-messages"),
    ("create-a-poll", "writing-messages"),
    ("collaborative-to-do-lists", "writing-messages"),
    ("global-times", "writing-messages"),
    ("start-a-call", "writing-messages"),
    ("open-the-compose-box", "sending-messages"),
    ("mastering-the-compose-box", "sending-messages"),
    ("typing-notifications", "sending-messages"),
    ("preview-your-message-before-sending", "sending-messages"),
    ("edit-a-message", "sending-messages"),
    ("delete-a-message", "sending-messages"),
    ("view-and-edit-your-message-drafts", "sending-messages"),
    ("schedule-a-message", "sending-messages"),
    ("message-a-stream-by-email", "sending-messages"),
    ("inbox", "reading-messages"),
    ("recent-conversations", "reading-messages"),
    ("all-messages", "reading-messages"),
    ("marking-messages-as-read", "reading-messages"),
    ("marking-messages-as-unread", "reading-messages"),
    ("configure-unread-message-counters", "reading-messages"),
    ("emoji-reactions", "reading-messages"),
    ("view-your-mentions", "reading-messages"),
    ("star-a-message", "reading-messages"),
    ("view-and-browse-images", "reading-messages"),
    ("view-messages-sent-by-a-user", "reading-messages"),
    ("search-for-messages", "reading-messages"),
    ("printing-messages", "reading-messages"),
    ("view-the-markdown-source-of-a-message", "reading-messages"),
    ("view-the-exact-time-a-message-was-sent", "reading-messages"),
    ("view-a-messages-edit-history", "reading-messages"),
    ("collapse-a-message", "reading-messages"),
    ("read-receipts", "reading-messages"),
    ("status-and-availability", "people"),
    ("user-cards", "people"),
    ("view-someones-profile", "people"),
    ("direct-messages", "people"),
    ("browse-and-subscribe-to-streams", "streams-and-topics"),
    ("unsubscribe-from-a-stream", "streams-and-topics"),
    ("create-a-stream", "streams-and-topics"),
    ("add-or-remove-users-from-a-stream", "streams-and-topics"),
    ("pin-a-stream", "streams-and-topics"),
    ("change-the-color-of-a-stream", "streams-and-topics"),
    ("rename-a-topic", "streams-and-topics"),
    ("resolve-a-topic", "streams-and-topics"),
    ("move-content-to-another-topic", "streams-and-topics"),
    ("move-content-to-another-stream", "streams-and-topics"),
    ("delete-a-topic", "streams-and-topics"),
    ("manage-inactive-streams", "streams-and-topics"),
    ("stream-notifications", "notifications"),
    ("follow-a-topic", "notifications"),
    ("dm-mention-alert-notifications", "notifications"),
    ("mute-a-stream", "notifications"),
    ("mute-a-topic", "notifications"),
    ("mute-a-user", "notifications"),
    ("email-notifications", "notifications"),
    ("desktop-notifications", "notifications"),
    ("mobile-notifications", "notifications"),
    ("do-not-disturb", "notifications"),
    ("desktop-app-install-guide", "apps"),
    ("supported-browsers", "apps"),
    ("configure-how-links-open", "apps"),
    ("connect-through-a-proxy", "apps"),
    ("configure-authentication-methods", "organization"),
    ("export-your-organization", "organization"),
    ("import-from-slack", "organization"),
    ("change-organization-url", "organization"),
    ("deactivate-your-organization", "organization"),
    ("analytics", "organization"),
    ("roles-and-permissions", "users"),
    ("invite-new-users", "users"),
    ("restrict-account-creation", "users"),
    ("deactivate-or-reactivate-a-user", "users"),
    ("custom-profile-fields", "users"),
    ("configure-default-new-user-settings", "users"),
    ("user-groups", "users"),
    ("change-a-users-role", "users"),
    ("restrict-name-and-email-changes", "users"),
    ("stream-permissions", "stream-management"),
    ("stream-sending-policy", "stream-management"),
    ("configure-who-can-create-streams", "stream-management"),
    ("set-default-streams-for-new-users", "stream-management"),
    ("rename-a-stream", "stream-management"),
    ("change-the-stream-description", "stream-management"),
    ("change-the-privacy-of-a-stream", "stream-management"),
    ("archive-a-stream", "stream-management"),
    ("custom-emoji", "organization-settings"),
    ("add-a-custom-linkifier", "organization-settings"),
    ("require-topics", "organization-settings"),
    ("restrict-direct-messages", "organization-settings"),
    ("restrict-wildcard-mentions", "organization-settings"),
    ("restrict-moving-messages", "organization-settings"),
    ("restrict-message-editing-and-deletion", "organization-settings"),
    ("disable-message-edit-history", "organization-settings"),
    ("allow-image-link-previews", "organization-settings"),
    ("message-retention-policy", "organization-settings"),
    ("digest-emails", "organization-settings"),
    ("bots-and-integrations", "bots"),
    ("add-a-bot-or-integration", "bots"),
    ("edit-a-bot", "bots"),
    ("deactivate-or-reactivate-a-bot", "bots"),
    ("view-zulip-version", "support"),
    ("zulip-cloud-billing", "support"),
    ("contact-support", "support"),
]

# Summaries written by hand, from the article's own words, where the page's first sentence is
# missing (the page opens with steps or a list), ends in a colon, or is over 200 characters.
SUMMARIES = {
    "starting-a-new-direct-message": "Click the New direct message button at the bottom of the app, or use the X keyboard shortcut, and select the people you want to message.",
    "replying-to-messages": "To reply to an existing thread, click the Message... button at the bottom of the app, compose your message, and click Send.",
    "logging-out": "To log out, click the gear icon in the top right corner of the app, and click Log out.",
    "emoji-and-emoticons": "There are several ways to use an emoji in your message: enter an emoji name, select an emoji from the emoji picker, use an emoticon, or paste an emoji.",
    "browse-and-subscribe-to-streams": "Scroll through the list of all streams, and click the gray checkmark to the left of a stream to subscribe to it.",
    "delete-a-topic": "We generally recommend against deleting topics, but there are a few situations in which it can be useful.",
    "deactivate-your-organization": "Organization owners can deactivate their organization; this action cannot be undone by anyone in the organization.",
    "deactivate-or-reactivate-a-user": "When you deactivate a user, the user will be immediately logged out of all Zulip sessions, and their credentials for logging in will no longer work.",
    "bots-and-integrations": "Bots allow you to send content into and out of Zulip, send content to and from another product, and automate tasks a human user could do.",
    "preview-your-message-before-sending": "Click the eye icon at the bottom of the compose box to preview your message, and the pencil and paper icon to resume editing.",
    "inbox": "Inbox provides an overview of your conversations with unread messages.",
    "recent-conversations": "Use the Recent conversations view to get an overview of all the ongoing conversations.",
    "reading-topics": "It generally works best to read your messages organized by conversation.",
    "mute-a-stream": "Muting a stream effectively mutes all topics in that stream.",
    "mute-a-topic": "You can manually mute a topic in an unmuted stream, or unmute a topic in a muted stream.",
    "change-the-time-format": "Based on your preference, Zulip can display times either in a 12-hour format or a 24-hour format.",
    "rename-a-stream": "Organization owners and administrators can rename a stream by selecting it in Manage streams and clicking the pencil icon to the right of the stream name.",
}

# ---- the help center's Markdown extensions (zerver/lib/markdown/*.py at COMMIT) -------------

# help_settings_links.py: {settings_tab|key} -> (settings menu, tab name)
SETTINGS_TABS = {
    "profile": ("Personal settings", "Profile"),
    "account-and-privacy": ("Personal settings", "Account & privacy"),
    "preferences": ("Personal settings", "Preferences"),
    "notifications": ("Personal settings", "Notifications"),
    "your-bots": ("Personal settings", "Bots"),
    "alert-words": ("Personal settings", "Alert words"),
    "uploaded-files": ("Personal settings", "Uploaded files"),
    "topics": ("Personal settings", "Topics"),
    "muted-users": ("Personal settings", "Muted users"),
    "organization-profile": ("Organization settings", "Organization profile"),
    "organization-settings": ("Organization settings", "Organization settings"),
    "organization-permissions": ("Organization settings", "Organization permissions"),
    "default-user-settings": ("Organization settings", "Default user settings"),
    "emoji-settings": ("Organization settings", "Custom emoji"),
    "auth-methods": ("Organization settings", "Authentication methods"),
    "user-groups-admin": ("Organization settings", "User groups"),
    "user-list-admin": ("Organization settings", "Users"),
    "deactivated-users-admin": ("Organization settings", "Deactivated users"),
    "bot-list-admin": ("Organization settings", "Bots"),
    "default-streams-list": ("Organization settings", "Default streams"),
    "linkifier-settings": ("Organization settings", "Linkifiers"),
    "playground-settings": ("Organization settings", "Code playgrounds"),
    "profile-field-settings": ("Organization settings", "Custom profile fields"),
    "invites-list-admin": ("Organization settings", "Invitations"),
    "data-exports-admin": ("Organization settings", "Data exports"),
}
SETTINGS_STEPS = """1. Click on the **gear** icon in the upper right corner of the web or desktop app.

1. Select **{menu}**.

1. On the left, click **{tab}**."""

GEAR_STEPS = """1. Click on the **gear** icon in the upper right corner of the web or desktop app.

1. Select **{item}**."""

# help_relative_links.py: {relative|type|key} -> the steps shown when links are not relative
GEAR_ITEMS = {
    "manage-streams": "Manage streams",
    "settings": "Personal Settings",
    "organization-settings": "Organization settings",
    "integrations": "Integrations",
    "stats": "Usage statistics",
    "plans": "Plans and pricing",
    "billing": "Billing",
    "keyboard-shortcuts": "Keyboard shortcuts (?)",
    "message-formatting": "Message formatting",
    "search-filters": "Search filters",
    "about-zulip": "About Zulip",
}
STREAM_STEPS = """1. Click on the **gear** icon in the upper right corner of the web or desktop app.

1. Click **Manage streams**."""
MESSAGE_STEPS = {
    "drafts": "1. Click on **Drafts** in the left sidebar.",
    "scheduled": "1. Click on **Scheduled messages** in the left sidebar. If you do not see this link, you have no scheduled messages.",
    "recent": "1. Click on **Recent conversations** in the left sidebar, or use the <kbd>T</kbd> keyboard shortcut.",
    "all": "1. Click on **All messages** in the left sidebar, or use the <kbd>A</kbd> keyboard shortcut.",
    "starred": "1. Click on **Starred messages** in the left sidebar, or by [searching](/help/search-for-messages) for `is:starred`.",
    "direct": "1. In the left sidebar, click the **All direct messages** icon to the right of the **Direct messages** label, or use the <kbd>Shift</kbd> + <kbd>P</kbd> keyboard shortcut.",
    "inbox": "1. Click on **Inbox** in the left sidebar, or use the <kbd>Shift</kbd> + <kbd>I</kbd> keyboard shortcut.",
}

# tabbed_sections.py: TAB_SECTION_LABELS
TAB_LABELS = {
    "desktop-web": "Desktop/Web", "ios": "iOS", "android": "Android", "mac": "macOS",
    "windows": "Windows", "linux": "Linux", "python": "Python", "js": "JavaScript",
    "curl": "curl", "zulip-send": "zulip-send", "web": "Web", "desktop": "Desktop",
    "mobile": "Mobile", "mm-default": "Default installation", "mm-cloud": "Cloud instance",
    "mm-docker": "Docker", "mm-gitlab-omnibus": "GitLab Omnibus",
    "mm-self-hosting-cloud-export": "Self hosting (cloud export)",
    "require-invitations": "Require invitations", "allow-anyone-to-join": "Allow anyone to join",
    "restrict-by-email-domain": "Restrict by email domain", "zoom": "Zoom",
    "jitsi-meet": "Jitsi Meet", "bigbluebutton": "BigBlueButton", "disable": "Disabled",
    "chrome": "Chrome", "firefox": "Firefox", "desktop-app": "Desktop app",
    "system-proxy-settings": "System proxy settings", "custom-proxy-settings": "Custom proxy settings",
    "stream": "From a stream view", "not-stream": "From other views",
    "via-recent-conversations": "Via recent conversations", "via-inbox-view": "Via inbox view",
    "via-left-sidebar": "Via left sidebar",
    "instructions-for-all-platforms": "Instructions for all platforms",
    "public-streams": "Public streams", "private-streams": "Private streams",
    "web-public-streams": "Web-public streams", "via-user-card": "Via user card",
    "via-user-profile": "Via user profile", "via-organization-settings": "Via organization settings",
    "via-personal-settings": "Via personal settings", "default-subdomain": "Default subdomain",
    "custom-subdomain": "Custom subdomain", "zulip-cloud": "Zulip Cloud",
    "self-hosting": "Self hosting", "okta": "Okta", "onelogin": "OneLogin", "azuread": "AzureAD",
    "keycloak": "Keycloak", "auth0": "Auth0", "logged-in": "If you are logged in",
    "logged-out": "If you are logged out", "user": "User", "bot": "Bot", "on-sign-up": "On sign-up",
    "via-markdown": "Via Markdown", "via-compose-box-buttons": "Via compose box buttons",
    "stream-compose": "Compose to a stream", "dm-compose": "Compose a DM",
    "v6": "Zulip Server 6.0+", "v4": "Zulip Server 4.0+",
}

# portico/markdown.css: what the help center prints before each kind of box
ADMONITION_LABELS = {"tip": "Tip: ", "keyboard_tip": "Keyboard shortcut: ", "warn": ""}

PAGE_NAMES: set[str] = set()  # every help/*.md page at COMMIT, filled in by main()
INCLUDE_RE = re.compile(r"^([ \t]*)\{!([^!]+)!\} *$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
TAB_RE = re.compile(r"^\s*\{tab\|([^}]+)\}\s*$")


def git_show(git_dir, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"],
                          check=True, capture_output=True, text=True).stdout


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
            included = git_show(git_dir, f"help/include/{name}").split("\n")
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
                dcat = where[dest]
                rel = f"{dest}.md" if dcat == cat else f"../{dcat}/{dest}.md"
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
    src = git_show(git_dir, "tools/setup/emoji/emoji_setup_utils.py")
    block = re.search(r"EMOTICON_CONVERSIONS = \{(.*?)\n\}", src, re.S).group(1)
    rows = re.findall(r'"([^"]+)": "([^"]+)"', block)
    return "\n".join(["| Emoticon | Emoji |", "| --- | --- |", *[f"| `{e}` | {n} |" for e, n in rows]])


def convert_page(git_dir, page, emoticons):
    lines = git_show(git_dir, f"help/{page}.md").split("\n")
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
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"{COMMIT}:help/"],
                             check=True, capture_output=True, text=True).stdout.split()
    PAGE_NAMES.update(name[:-3] for name in listing if name.endswith(".md"))
    where = {page: cat for page, cat in PAGES}
    assert len(where) == len(PAGES), "page listed twice"
    emoticons = emoticon_table(git_dir)
    converted = {page: convert_page(git_dir, page, emoticons) for page, _ in PAGES}
    anchors = {page: heading_anchors(body) for page, (_, _, body) in converted.items()}
    for cat, (title, desc, order) in CATEGORIES.items():
        os.makedirs(os.path.join(out, cat), exist_ok=True)
        with open(os.path.join(out, cat, "_category.yml"), "w") as f:
            f.write(f'title: "{title}"\ndescription: "{desc}"\norder: {order}\n')
    for page, cat in PAGES:
        title, summary, body = converted[page]
        body = rewrite_links(body, page, cat, where, anchors)
        body = "\n".join(line.rstrip() for line in body.split("\n"))
        body = drop_empty_headings(body)
        body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
        assert summary and len(summary) <= 200 and summary[-1] in ".!?", (page, summary)
        summary = summary.replace("\\", "\\\\").replace('"', '\\"')
        with open(os.path.join(out, cat, page + ".md"), "w") as f:
            f.write(f'---\ntitle: "{title}"\nsummary: "{summary}"\ntags: [{cat}]\n---\n# {title}\n\n{body}\n')
    with open(os.path.join(out, "index.md"), "w") as f:
        f.write("# Zulip help\n\nHelp for Zulip, the team chat app organized by streams and topics: "
                "getting started, your account and preferences, writing, sending and reading messages, "
                "people, streams and topics, notifications and apps, and, for administrators, "
                "organization, user and stream management, organization settings and bots.\n")
    print(f"{len(PAGES)} articles in {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
