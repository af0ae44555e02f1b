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

COMMIT = "ad2ff0113c0e92622b4bb688549305402cf19b59"

CATEGORIES = {
    "getting-started": ("Getting started", "What Passbolt is, how it protects your data, finding your Passbolt URL, the first setup and setting up another device or browser.", 1),
    "passwords": ("Passwords and autofill", "Creating, editing, deleting, sharing, exporting and tagging passwords, favorites, the clipboard, TOTP previews and autofill.", 2),
    "import": ("Importing passwords", "Importing passwords from CSV and KDBX files exported by other password managers and browsers.", 3),
    "apps": ("Mobile and desktop apps", "The Android, iOS and Windows apps: setup, TLS certificates, autofill in Chrome, TOTP on mobile and troubleshooting.", 4),
    "account": ("Your account and recovery", "Your passphrase, avatar, security token and recovery kit, and recovering a lost passphrase or private key.", 5),
    "mfa": ("Multi-factor authentication", "Setting up TOTP, Duo or a YubiKey as a second factor, and how administrators enable and enforce MFA.", 6),
    "users-groups": ("Users, groups and permissions", "Onboarding, roles and permissions, role-based access control, groups, deleting users, self-registration and account recovery for administrators.", 7),
    "policies": ("Policies and encryption", "Passphrase and password policies, password expiry, secret history and encrypted metadata.", 8),
    "sso-directory": ("Single sign-on and directory sync", "Single sign-on with Google, Microsoft Entra ID and Keycloak, SCIM provisioning and LDAP directory synchronisation.", 9),
    "email-subscription": ("Email and subscription", "Email notifications, the email server settings, the subscription key and moving between Community and Pro editions.", 10),
    "self-hosting": ("Self-hosting basics", "Server requirements, session timeout, firewall rules, backups, OpenPGP keys, logs and email delivery problems on a self-hosted server.", 11),
    "support": ("Help and feedback", "Getting help, reporting bugs and security vulnerabilities, requesting features and how features are prioritised.", 12),
}

U = "docs/user/"
A = "docs/admin/"
H = "docs/hosting/"
IMP = U + "basic-features/browser/import/"

# source path -> (category, slug, title)
PAGES = {
    U + "introduction/what-is-passbolt.mdx": ("getting-started", "what-is-passbolt", "What is Passbolt?"),
    U + "introduction/why-use-a-password-manager.mdx": ("getting-started", "why-use-a-password-manager", "Why use a password manager?"),
    U + "introduction/how-passbolt-secures-your-data.mdx": ("getting-started", "how-passbolt-secures-your-data", "How Passbolt secures your data"),
    U + "introduction/what-is-my-passbolt-url.mdx": ("getting-started", "what-is-my-passbolt-url", "What is my Passbolt URL?"),
    U + "index.mdx": ("getting-started", "user-guide", "About the Passbolt User Guide"),
    U + "quickstart/browser/first-setup.mdx": ("getting-started", "first-setup", "First setup of your Passbolt account"),
    U + "quickstart/browser/setup-on-another-machine.mdx": ("getting-started", "setup-on-another-device", "Set up Passbolt on another device or browser"),
    U + "faq/why-a-browser-extension.mdx": ("getting-started", "why-a-browser-extension", "Why a browser extension?"),
    U + "basic-features/browser/create-resource/index.mdx": ("passwords", "create-a-password", "Create a password"),
    U + "basic-features/browser/update-resource.mdx": ("passwords", "edit-a-password", "Edit a password"),
    U + "basic-features/browser/delete-resource.mdx": ("passwords", "delete-a-password", "Delete a password"),
    U + "basic-features/browser/copy-to-clipboard.mdx": ("passwords", "copy-to-clipboard", "Copy a password to the clipboard"),
    U + "basic-features/browser/preview-secret.mdx": ("passwords", "preview-a-secret", "How to preview a secret"),
    U + "basic-features/browser/mark-as-favorite.mdx": ("passwords", "favorites", "Mark a password as favorite"),
    U + "basic-features/browser/share-resource.mdx": ("passwords", "share-passwords", "How to share passwords"),
    U + "basic-features/browser/export.mdx": ("passwords", "export-passwords", "Export passwords"),
    U + "advanced-features/tags/index.mdx": ("passwords", "tags", "How to use tags"),
    U + "advanced-features/tags/manage-tags.mdx": ("passwords", "manage-tags", "Manage tags"),
    U + "advanced-features/tags/filter-by-tags.mdx": ("passwords", "filter-by-tags", "Filter by tags"),
    U + "faq/why-my-autofill-doesnt-work.mdx": ("passwords", "autofill-not-working", "Why can't I use autofill?"),
    U + "faq/disable-built-in-password-manager.mdx": ("passwords", "disable-built-in-password-manager", "Disable the built-in password manager of your browser or phone"),
    IMP + "index.mdx": ("import", "import-passwords", "Import passwords into Passbolt"),
    IMP + "lastpass/index.mdx": ("import", "from-lastpass", "Import from LastPass"),
    IMP + "1password/index.mdx": ("import", "from-1password", "Import from 1Password"),
    IMP + "bitwarden/index.mdx": ("import", "from-bitwarden", "Import from Bitwarden"),
    IMP + "dashlane/index.mdx": ("import", "from-dashlane", "Import from Dashlane"),
    IMP + "nordpass/index.mdx": ("import", "from-nordpass", "Import from NordPass"),
    IMP + "keepass-csv/index.mdx": ("import", "from-keepass-csv", "Import from KeePass (CSV)"),
    IMP + "keepass-kdbx/index.mdx": ("import", "from-keepass-kdbx", "Import from KeePass (KDBX)"),
    IMP + "keeper/index.mdx": ("import", "from-keeper", "Import from Keeper (KDBX)"),
    IMP + "firefox/index.mdx": ("import", "from-firefox", "Import from Firefox"),
    IMP + "safari/index.mdx": ("import", "from-safari", "Import from Safari"),
    IMP + "chrome/index.mdx": ("import", "from-chrome", "Import from Chrome"),
    U + "quickstart/mobile/android/index.mdx": ("apps", "android-app", "Set up the Android app"),
    U + "quickstart/mobile/ios/index.mdx": ("apps", "ios-app", "Set up the iOS app"),
    U + "quickstart/mobile/import-ssl-certificate.mdx": ("apps", "mobile-tls-certificate", "Import a TLS certificate on the mobile app"),
    U + "basic-features/mobile/autofill-chrome-android.mdx": ("apps", "chrome-autofill-android", "Chrome autofill on Android"),
    U + "basic-features/mobile/totp-mobile.mdx": ("apps", "totp-mobile", "Create a TOTP in the mobile app"),
    U + "quickstart/desktop/windows-app.mdx": ("apps", "windows-app", "Windows app"),
    U + "quickstart/desktop/troubleshooting.mdx": ("apps", "windows-app-troubleshooting", "Troubleshooting the Windows app"),
    U + "settings/browser/change-passphrase.mdx": ("account", "change-passphrase", "How can I change my passphrase?"),
    U + "settings/browser/change-avatar.mdx": ("account", "change-avatar", "How can I change my avatar?"),
    U + "settings/browser/security-token.mdx": ("account", "security-token", "What is the security token?"),
    U + "basic-features/browser/download-recovery-kit.mdx": ("account", "download-recovery-kit", "Download your recovery kit"),
    U + "settings/browser/account-recovery-setup.mdx": ("account", "account-recovery-setup", "Account recovery: user setup"),
    U + "quickstart/browser/admin-assisted-recovery.mdx": ("account", "admin-assisted-recovery", "Account recovery with the help of an administrator"),
    U + "faq/account-recovery-key-scenario.mdx": ("account", "lost-private-key", "Account recovery: I've lost my private key"),
    U + "faq/account-recovery-passphrase-scenario.mdx": ("account", "lost-passphrase", "Account recovery: I've lost my passphrase"),
    U + "advanced-features/mfa/totp.mdx": ("mfa", "totp-for-your-account", "Set up TOTP for your account"),
    U + "advanced-features/mfa/duo.mdx": ("mfa", "duo-for-your-account", "Set up Duo for your account"),
    U + "advanced-features/mfa/yubikey.mdx": ("mfa", "yubikey-for-your-account", "Set up a YubiKey for your account"),
    A + "authentication/mfa-policy.mdx": ("mfa", "mfa-policy", "MFA policy"),
    A + "authentication/mfa/totp.mdx": ("mfa", "enable-totp", "Enable TOTP for your organisation"),
    A + "authentication/mfa/duo.mdx": ("mfa", "enable-duo", "Enable Duo for your organisation"),
    A + "authentication/mfa/yubikey.mdx": ("mfa", "enable-yubikey", "Enable YubiKey for your organisation"),
    A + "authentication/mfa/disable-mfa.mdx": ("mfa", "disable-mfa-for-a-user", "Disable MFA for a specific user"),
    A + "introduction/onboarding-admins.mdx": ("users-groups", "admin-onboarding", "Admin onboarding"),
    A + "introduction/onboarding-users.mdx": ("users-groups", "user-onboarding", "User onboarding"),
    A + "user-provisioning/roles-and-permissions.mdx": ("users-groups", "roles-and-permissions", "Roles and permissions"),
    A + "role-based-access-control.mdx": ("users-groups", "role-based-access-control", "Role-based access control"),
    A + "user-provisioning/manage-groups.mdx": ("users-groups", "manage-groups", "How to manage user groups"),
    A + "user-provisioning/delete-user.mdx": ("users-groups", "delete-users", "How to delete users"),
    A + "user-provisioning/self-registration.mdx": ("users-groups", "self-registration", "Set up user self-registration"),
    A + "authentication/account-recovery/account-recovery-configuration.mdx": ("users-groups", "account-recovery-configuration", "Configure account recovery"),
    A + "authentication/account-recovery/account-recovery-management.mdx": ("users-groups", "account-recovery-requests", "Manage account recovery requests"),
    A + "authentication/user-passphrase-policies.mdx": ("policies", "user-passphrase-policies", "User passphrase policies"),
    A + "resource-policies/password-policy.mdx": ("policies", "password-policy", "Password policy"),
    A + "resource-policies/password-expiry.mdx": ("policies", "password-expiry", "Password expiry"),
    A + "resource-policies/secret-history.mdx": ("policies", "secret-history", "Secret history"),
    A + "resource-types/encrypted-metadata.mdx": ("policies", "encrypted-metadata", "Encrypted metadata"),
    A + "resource-types/metadata-key.mdx": ("policies", "metadata-key", "Metadata key"),
    A + "resource-types/allowed-content-types.mdx": ("policies", "allowed-content-types", "Allow content types"),
    A + "resource-types/migrate-metadata.mdx": ("policies", "migrate-metadata", "Migrate metadata"),
    A + "authentication/sso/google.mdx": ("sso-directory", "sso-google", "How to configure SSO with Google"),
    A + "authentication/sso/microsoft.mdx": ("sso-directory", "sso-entra-id", "How to configure SSO with Microsoft Entra ID"),
    A + "authentication/sso/keycloak.mdx": ("sso-directory", "sso-keycloak", "How to configure SSO with Keycloak"),
    A + "user-provisioning/scim/index.mdx": ("sso-directory", "scim", "SCIM user provisioning"),
    A + "user-provisioning/scim/identity-providers.mdx": ("sso-directory", "scim-identity-providers", "SCIM identity provider configuration"),
    A + "user-provisioning/scim/troubleshooting.mdx": ("sso-directory", "scim-troubleshooting", "SCIM troubleshooting and FAQ"),
    A + "user-provisioning/users-directory/index.mdx": ("sso-directory", "directory-sync", "Synchronise users and groups from a directory"),
    A + "user-provisioning/users-directory/directory-options.mdx": ("sso-directory", "directory-options", "Directory options for OpenLDAP and Active Directory"),
    A + "emails/email-notifications.mdx": ("email-subscription", "email-notifications", "Email notifications"),
    A + "emails/email-server/index.mdx": ("email-subscription", "email-server", "Configure your email server settings"),
    A + "emails/email-server/google/index.mdx": ("email-subscription", "email-google", "Email authentication with Google"),
    A + "emails/email-server/office365/index.mdx": ("email-subscription", "email-office-365", "Email authentication with Office 365"),
    A + "emails/email-server/others/index.mdx": ("email-subscription", "email-other-providers", "Email authentication with other providers"),
    A + "subscription/update-subscription-key.mdx": ("email-subscription", "update-subscription-key", "Update your subscription key"),
    H + "manage-plan/upgrade.mdx": ("email-subscription", "upgrade-to-pro", "Upgrade to Pro"),
    H + "manage-plan/downgrade.mdx": ("email-subscription", "downgrade-to-ce", "Downgrade to Community Edition"),
    H + "requirements.mdx": ("self-hosting", "server-requirements", "Minimum server requirements"),
    H + "session-timeout.mdx": ("self-hosting", "session-timeout", "Increase the auto logout time"),
    H + "firewall-rules.mdx": ("self-hosting", "firewall-rules", "Firewall rules"),
    H + "maintenance/backup/index.mdx": ("self-hosting", "backup-and-recovery", "Backup and recovery"),
    H + "openpgp/index.mdx": ("self-hosting", "openpgp", "OpenPGP in Passbolt"),
    H + "maintenance/diagnostics/collect-info.mdx": ("self-hosting", "logs", "Locate logs on your Passbolt instance"),
    H + "email/troubleshooting.mdx": ("self-hosting", "emails-not-sent", "Why are my emails not being sent?"),
    A + "index.mdx": ("support", "admin-guide", "About the Admin Guide and getting help"),
    "docs/contribute/developer/bug-report.mdx": ("support", "report-a-bug", "How to report a bug"),
    "docs/contribute/developer/feature-request.mdx": ("support", "request-a-feature", "How to request a feature"),
    "docs/contribute/security/vulnerability.mdx": ("support", "report-a-vulnerability", "How to report a vulnerability"),
    U + "faq/feature-priority.mdx": ("support", "feature-priority", "How Passbolt prioritizes feature development"),
}

# Hand-written summaries (from the article's own words) where the first sentence of the lead is
# missing, ends in a colon, is over 200 characters or says nothing on its own.
SUMMARIES = {
    "getting-started/user-guide.md": "The sections of the Passbolt documentation, and the difference between the user and admin roles.",
    "getting-started/what-is-my-passbolt-url.md": "Where to find the URL of your Passbolt instance, self-hosted or in the cloud, and how to find the login page.",
    "getting-started/first-setup.md": "The first setup of a Passbolt account: the invitation link, the browser extension, the passphrase, the recovery kit and the security token.",
    "passwords/create-a-password.md": "How to create a password in the password workspace, with tips on generating passwords.",
    "passwords/edit-a-password.md": "How to edit a password from the password workspace.",
    "passwords/delete-a-password.md": "How to delete a password, or a whole folder of passwords.",
    "passwords/copy-to-clipboard.md": "How to copy a password to the clipboard.",
    "passwords/preview-a-secret.md": "How to preview a TOTP from the web UI.",
    "passwords/favorites.md": "How to mark passwords as favorites and find them again.",
    "passwords/share-passwords.md": "The owner, update and read permissions, sharing a password and removing yourself from a password shared with you.",
    "passwords/export-passwords.md": "How to export passwords or folders to a KDBX file.",
    "passwords/tags.md": "How tags differ from folders and categories, and where to find them in the passwords workspace.",
    "passwords/manage-tags.md": "How to view, add, rename and delete personal and shared tags.",
    "passwords/filter-by-tags.md": "How to filter resources by tag from the sidebar, the resource details, the tag type or the search form.",
    "passwords/autofill-not-working.md": "Why Passbolt cannot autofill some login forms, how to check a page's field selectors, and what you can do.",
    "getting-started/what-is-passbolt.md": "Passbolt is an open source credential manager designed for collaboration.",
    "getting-started/why-a-browser-extension.md": "Why Passbolt needs a browser extension: autofill, and above all code integrity and end-to-end encryption.",
    "import/from-keepass-kdbx.md": "The steps to import a KeePass KDBX file into Passbolt, and the fields imported from KeePass, KeePassXC and MacPass.",
    "import/from-keeper.md": "How to change the key derivation function of a Keeper KDBX export with KeePass, then import it into Passbolt.",
    "sso-directory/directory-options.md": "Guidance for synchronising users and groups from OpenLDAP and Active Directory, and the options of the directory plugin.",
    "import/import-passwords.md": "The password managers and file formats (CSV, KDBX) Passbolt can import passwords from.",
    "apps/android-app.md": "How to install the Passbolt Android app and connect it to your existing account, with autofill and troubleshooting.",
    "apps/ios-app.md": "How to install the Passbolt iOS app and connect it to your existing account, with autofill and troubleshooting.",
    "apps/windows-app.md": "How to install the Passbolt Windows app and import your existing account with the account kit.",
    "apps/windows-app-troubleshooting.md": "Troubleshooting the Passbolt Windows app: the account kit, certificates, server errors and installing the MSIX bundle.",
    "account/change-avatar.md": "How to upload a new profile picture.",
    "account/account-recovery-setup.md": "How users join their organisation's account recovery program, during setup or later from their settings.",
    "account/lost-private-key.md": "Step by step: recovering your account through account recovery when you have lost your private key.",
    "account/lost-passphrase.md": "Step by step: recovering your account through account recovery when you have lost your passphrase.",
    "mfa/totp-for-your-account.md": "How to set up a TOTP authenticator app such as Google Authenticator as a second factor for your account.",
    "mfa/duo-for-your-account.md": "How to set up Duo as a second factor for your account.",
    "mfa/yubikey-for-your-account.md": "How to set up a YubiKey as a second factor for your account.",
    "mfa/disable-mfa-for-a-user.md": "How an administrator can disable multi-factor authentication for a user who lost access, in the interface or in the database.",
    "users-groups/roles-and-permissions.md": "The admin and user roles, group roles, and the owner, update and read permissions on resources and folders.",
    "users-groups/role-based-access-control.md": "How administrators allow or deny functionalities to users with role-based access control.",
    "users-groups/manage-groups.md": "Who can create groups, group managers and members, and editing a group's members.",
    "users-groups/delete-users.md": "How to delete a user, and what happens to their resources and groups.",
    "users-groups/self-registration.md": "How to let users with an email address from allowed domains register themselves.",
    "users-groups/account-recovery-configuration.md": "How administrators enable account recovery, choose a policy and manage the organisation recovery key.",
    "users-groups/account-recovery-requests.md": "How administrators review account recovery requests by email or in the browser extension.",
    "policies/user-passphrase-policies.md": "How administrators set a minimal strength for the users' passphrases and check them against leaked password lists.",
    "policies/password-policy.md": "How administrators configure the default password and passphrase generator and the check against leaked passwords.",
    "policies/password-expiry.md": "How administrators set password expiry policies so passwords are rotated regularly.",
    "policies/secret-history.md": "How Passbolt keeps past revisions of a secret and how administrators configure it.",
    "sso-directory/sso-google.md": "How to configure single sign-on with Google for Passbolt.",
    "sso-directory/sso-entra-id.md": "How to configure single sign-on with Microsoft Entra ID for Passbolt.",
    "sso-directory/sso-keycloak.md": "How to configure single sign-on with Keycloak (OpenID Connect) for Passbolt.",
    "email-subscription/email-notifications.md": "Which events send an email notification and how administrators turn them and their content on or off.",
    "email-subscription/email-server.md": "How administrators configure the SMTP server Passbolt sends its emails with, and test it.",
    "email-subscription/email-google.md": "How to configure Passbolt to send emails through Google Workspace or Gmail with an app password.",
    "email-subscription/email-office-365.md": "How to configure Passbolt to send emails through Office 365, with OAuth 2.0 or an application password.",
    "email-subscription/email-other-providers.md": "How to configure Passbolt to send emails through another or a local SMTP provider.",
    "email-subscription/update-subscription-key.md": "How to update your Passbolt Pro subscription key from the administration panel or the command line.",
    "email-subscription/upgrade-to-pro.md": "How to switch from Passbolt CE to Passbolt Pro by adding a subscription key.",
    "email-subscription/downgrade-to-ce.md": "How to move from Passbolt Pro back to the Community Edition, and what is lost.",
    "self-hosting/server-requirements.md": "The minimum server specifications recommended for running Passbolt.",
    "self-hosting/session-timeout.md": "How the auto logout works and how to extend the session timeout in the PHP configuration.",
    "self-hosting/firewall-rules.md": "The inbound and outbound firewall rules a Passbolt server needs.",
    "self-hosting/backup-and-recovery.md": "What a complete Passbolt backup includes and what to check after restoring one.",
    "self-hosting/openpgp.md": "Where OpenPGP keys are used in Passbolt: server keys, user keys, metadata keys and organisation recovery keys.",
    "self-hosting/logs.md": "Where to find the server logs, health check and status report, and how to collect browser extension and mobile app logs.",
    "self-hosting/emails-not-sent.md": "The most common reasons why a Passbolt server does not send emails, and how to check them.",
    "support/admin-guide.md": "The sections of the Passbolt documentation, and where administrators can get help.",
    "support/report-a-bug.md": "How to report a bug in Passbolt on GitHub or on the community forum.",
    "support/request-a-feature.md": "How to request a new feature on GitHub or on the community forum.",
}

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
