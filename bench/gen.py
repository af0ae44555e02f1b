"""Deterministic synthetic help-centre corpus for kb's benchmarks.

``python bench/gen.py N OUT`` writes N articles for "Fernhill", a fictional SaaS product for client
work (projects, time tracking, invoicing), into about twenty category folders under OUT, plus a
``_category.yml`` per folder and an ``index.md`` home page. Every article passes kb's content
checks: front matter with a one-sentence summary, one H1 equal to the title, 3-5 unique ``##``
sections of 60-150 words with numbered steps, fenced code, inline code and UI paths.

The output depends only on N and ``--seed``: one ``random.Random`` drives the plan (titles,
categories, section headings) and one per article drives its prose, nothing iterates a set or
reads the clock, and files are written as UTF-8 with ``\\n`` line endings, so the same command
gives byte-identical files on every run and machine. ``--queries FILE`` also writes 500 questions
phrased the way users type them, for load-testing the answer API.

The script needs only the standard library, so it runs without kb installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

PRODUCT = "Fernhill"
API_BASE = "https://api.fernhill.example/v2"
SEP = "\u203a"  # the right-pointing angle quote between the parts of a UI path
QUERY_COUNT = 500
DEFAULT_SEED = 42
FIRST_DATE = dt.date(2024, 1, 1)
DATE_SPAN_DAYS = 800


# --- the product's vocabulary ---------------------------------------------------------------------


class Verb(NamedTuple):
    base: str  # "export"
    ing: str  # "exporting"
    past: str  # "exported"


class Noun(NamedTuple):
    plural: str  # "invoices"
    singular: str  # "invoice"


class Context(NamedTuple):
    phrase: str  # "to CSV"
    verbs: tuple[str, ...]  # the verbs it reads well with; empty = all


class ErrorCode(NamedTuple):
    code: str
    meaning: str  # a clause: "the export has more than 50,000 rows"
    fix: str  # an imperative: "narrow the date range and export again"


class Symptom(NamedTuple):
    phrase: str  # follows a plural subject: "are missing from the export"
    cause: str  # a clause: "the date filter excludes them"
    fix: str  # an imperative: "widen the date range and export again"


class Setting(NamedTuple):
    label: str  # "Invoice numbering"
    key: str  # "invoice_prefix"
    does: str  # a verb phrase: "sets the prefix printed before each invoice number"
    value: str  # an example value as typed on the command line


@dataclass(frozen=True)
class Group:
    """Verbs and objects that combine sensibly, with the errors, symptoms and settings around them."""

    verbs: tuple[Verb, ...]
    objects: tuple[Noun, ...]
    contexts: tuple[Context, ...]
    errors: tuple[ErrorCode, ...]
    symptoms: tuple[Symptom, ...]
    settings: tuple[Setting, ...]


@dataclass(frozen=True)
class Category:
    folder: str
    title: str
    description: str
    tag: str
    area: str  # the top-level menu, "Billing" in the UI path Billing, Invoices
    weight: int  # relative number of articles
    mobile: bool  # whether "in the mobile app" makes sense for its tasks
    groups: tuple[Group, ...]
    facts: tuple[str, ...]  # sentences only this category uses


def _verbs(spec: str) -> tuple[Verb, ...]:
    """``"export/exporting/exported; email/emailing/emailed"`` → verbs."""
    return tuple(Verb(*(p.strip() for p in item.split("/"))) for item in spec.split(";"))


def _nouns(spec: str) -> tuple[Noun, ...]:
    """``"invoices/invoice; receipts/receipt"`` → nouns."""
    return tuple(Noun(*(p.strip() for p in item.split("/"))) for item in spec.split(";"))


def _contexts(spec: str) -> tuple[Context, ...]:
    """``"export,download: to CSV; as PDF"`` → contexts, optionally limited to some verbs."""
    found: list[Context] = []
    for item in filter(None, (i.strip() for i in spec.split(";"))):
        verbs, _, phrase = item.rpartition(":")
        found.append(Context(phrase.strip(), tuple(v.strip() for v in verbs.split(",") if v.strip())))
    return tuple(found)


def _group(
    verbs: str,
    objects: str,
    contexts: str,
    errors: Sequence[tuple[str, str, str]],
    symptoms: Sequence[tuple[str, str, str]],
    settings: Sequence[tuple[str, str, str, str]],
) -> Group:
    return Group(
        _verbs(verbs),
        _nouns(objects),
        _contexts(contexts),
        tuple(ErrorCode(*e) for e in errors),
        tuple(Symptom(*s) for s in symptoms),
        tuple(Setting(*s) for s in settings),
    )


CATEGORIES: tuple[Category, ...] = (
    Category(
        "account-and-login",
        "Account and login",
        "Signing in, passwords, two-factor authentication and your profile.",
        "login",
        "Account",
        3,
        True,
        (
            _group(
                "reset/resetting/reset; change/changing/changed; update/updating/updated",
                "passwords/password; recovery codes/recovery code; app PINs/app PIN",
                "after a failed sign-in; for another user; from the sign-in page",
                [
                    (
                        "E2001",
                        "the new password does not meet the workspace password policy",
                        "use at least 12 characters and avoid your last five passwords",
                    ),
                    (
                        "E2007",
                        "the reset link has expired or was already used",
                        "request a new link, which works once and for 60 minutes",
                    ),
                    (
                        "E2013",
                        "too many attempts were made in a short time",
                        "wait 15 minutes before you try again",
                    ),
                ],
                [
                    (
                        "are not accepted",
                        "the workspace password policy changed after they were set",
                        "set a new one that meets the current policy",
                    ),
                    (
                        "stop working after a reset",
                        "other devices still use the previous credentials",
                        "sign out of all sessions and sign in again",
                    ),
                    (
                        "are rejected in the mobile app",
                        "the app is older than version 6",
                        "update the app from the App Store or Google Play",
                    ),
                ],
                [
                    (
                        "Password policy",
                        "password_policy",
                        "sets the minimum length and how often passwords change",
                        "strong",
                    ),
                    (
                        "Session timeout",
                        "session_timeout_minutes",
                        "decides how long people stay signed in without activity",
                        "480",
                    ),
                ],
            ),
            _group(
                "turn on/turning on/turned on; turn off/turning off/turned off; set up/setting up/set up",
                "login alerts/login alert; passkeys/passkey; authenticator apps/authenticator app; "
                "trusted devices/trusted device",
                "for the whole workspace; on a new phone",
                [
                    (
                        "E2014",
                        "the two-factor code has expired or was already used",
                        "wait for the next code and enter it within 30 seconds",
                    ),
                    (
                        "E2021",
                        "the clock on your phone is more than two minutes off",
                        "turn on automatic date and time on your phone",
                    ),
                    (
                        "E2026",
                        "the passkey belongs to a different account",
                        "sign in with your password and register the passkey again",
                    ),
                ],
                [
                    (
                        "are not working after a phone change",
                        "they are tied to the old phone",
                        "use a recovery code, then set them up again on the new phone",
                    ),
                    (
                        "keep asking for a code",
                        "your browser deletes cookies when it closes",
                        "allow cookies for fernhill.example",
                    ),
                ],
                [
                    (
                        "Require two-factor authentication",
                        "require_2fa",
                        "forces every member to set up a second sign-in step",
                        "true",
                    ),
                    (
                        "Trusted device period",
                        "trusted_device_days",
                        "sets how many days a device is remembered",
                        "30",
                    ),
                ],
            ),
        ),
        (
            f"Your sign-in email is also where {PRODUCT} sends security alerts.",
            f"{PRODUCT} never asks for your password by email or chat.",
            "Sign-in attempts are rate limited per account and per IP address.",
            "Signing out on one device does not sign you out everywhere unless you choose "
            "**Sign out of all sessions**.",
            "Security changes to your account are confirmed by email within a minute.",
        ),
    ),
    Category(
        "single-sign-on",
        "Single sign-on",
        "SAML and OpenID Connect sign-in with Okta, Azure AD and Google Workspace.",
        "sso",
        "Security",
        2,
        False,
        (
            _group(
                "configure/configuring/configured; test/testing/tested; update/updating/updated",
                "SAML connections/SAML connection; OpenID Connect apps/OpenID Connect app; "
                "identity provider certificates/identity provider certificate",
                "with Okta; with Azure AD; with Google Workspace",
                [
                    (
                        "E3004",
                        "the SAML response was signed with an unknown certificate",
                        "upload the current certificate from your identity provider",
                    ),
                    (
                        "E3011",
                        "the audience URI does not match your workspace",
                        f"copy the audience URI from Settings {SEP} Security {SEP} SSO into your "
                        f"identity provider",
                    ),
                    (
                        "E3019",
                        "the assertion arrived more than five minutes late",
                        "check that the server clock of your identity provider is correct",
                    ),
                ],
                [
                    (
                        "fail after the certificate rotates",
                        f"the old certificate is still saved in {PRODUCT}",
                        "upload the new certificate before the old one expires",
                    ),
                    (
                        "send people to the wrong workspace",
                        "two workspaces share the same email domain",
                        "verify the domain in only one workspace",
                    ),
                ],
                [
                    (
                        "Enforce SSO",
                        "sso_enforced",
                        "blocks password sign-in for everyone except owners",
                        "true",
                    ),
                    (
                        "Just-in-time provisioning",
                        "sso_jit_provisioning",
                        "creates accounts the first time someone signs in through SSO",
                        "true",
                    ),
                ],
            ),
            _group(
                "provision/provisioning/provisioned; deprovision/deprovisioning/deprovisioned; "
                "sync/syncing/synced",
                "SCIM users/SCIM user; directory groups/directory group; user attributes/user attribute",
                "from Okta; from Azure AD",
                [
                    (
                        "E3025",
                        "the SCIM token was revoked or has expired",
                        f"create a new token under Settings {SEP} Security {SEP} SCIM",
                    ),
                    (
                        "E3032",
                        "a user with the same email already exists",
                        "merge the accounts or change the email in your directory",
                    ),
                ],
                [
                    (
                        f"are not updated in {PRODUCT}",
                        "the directory only pushes changes every 40 minutes",
                        "start a manual sync from your identity provider",
                    ),
                    (
                        "lose their roles after a sync",
                        "the group to role mapping overrides manual changes",
                        "change the mapping instead of the role",
                    ),
                ],
                [
                    (
                        "Group to role mapping",
                        "scim_role_mapping",
                        f"turns directory groups into {PRODUCT} roles",
                        '"Finance=billing_manager"',
                    ),
                    (
                        "Deprovisioning action",
                        "scim_deprovision_action",
                        "decides whether removed users are suspended or deleted",
                        "suspend",
                    ),
                ],
            ),
        ),
        (
            "SSO is available on the Business and Enterprise plans.",
            "Owners can always sign in with a password, so a broken SSO setup never locks you out.",
            f"{PRODUCT} supports SAML 2.0 and OpenID Connect with any standards-compliant identity provider.",
            "Each workspace can have one SAML connection and any number of verified domains.",
        ),
    ),
    Category(
        "billing-and-invoices",
        "Billing and invoices",
        "Invoices, receipts, credit notes and what appears on them.",
        "billing",
        "Billing",
        4,
        True,
        (
            _group(
                "export/exporting/exported; download/downloading/downloaded; email/emailing/emailed; "
                "print/printing/printed",
                "invoices/invoice; receipts/receipt; credit notes/credit note; billing "
                "statements/billing statement",
                "export: to CSV; export: to Excel; export,download,email: as PDF; for a past billing period",
                [
                    (
                        "E1042",
                        "the export has more than 50,000 rows",
                        "narrow the date range and export again",
                    ),
                    (
                        "E1047",
                        "the PDF could not be rendered because the logo is larger than 5 MB",
                        f"upload a smaller logo under Settings {SEP} Billing {SEP} Branding",
                    ),
                    (
                        "E1051",
                        "the recipient address bounced",
                        "correct the billing contact's email and send again",
                    ),
                ],
                [
                    (
                        "are missing from the export",
                        "the date filter excludes them",
                        "widen the date range and export again",
                    ),
                    (
                        "show the wrong currency",
                        "the client's currency was changed after they were created",
                        "issue a credit note and create them again in the new currency",
                    ),
                    (
                        "look garbled in Excel",
                        "Excel opened the file with the wrong character encoding",
                        "import the file with UTF-8 encoding from the Data tab",
                    ),
                ],
                [
                    (
                        "Invoice numbering",
                        "invoice_prefix",
                        "sets the prefix printed before each invoice number",
                        '"INV-"',
                    ),
                    (
                        "CSV delimiter",
                        "csv_delimiter",
                        "chooses between commas and semicolons in exported files",
                        '";"',
                    ),
                ],
            ),
            _group(
                "edit/editing/edited; void/voiding/voided; duplicate/duplicating/duplicated",
                "draft invoices/draft invoice; recurring invoices/recurring invoice; "
                "invoice line items/invoice line item",
                "for a single client; before sending",
                [
                    ("E1055", "the invoice is already paid and cannot change", "issue a credit note instead"),
                    (
                        "E1058",
                        "the tax rate on it was deleted",
                        f"choose an active tax rate under Settings {SEP} Billing {SEP} Taxes",
                    ),
                ],
                [
                    (
                        "are sent twice",
                        "two recurring schedules cover the same client",
                        "delete one of the schedules",
                    ),
                    (
                        "have the wrong tax",
                        "the client's tax region changed",
                        "update the client's address and recalculate",
                    ),
                ],
                [
                    (
                        "Default payment terms",
                        "payment_terms_days",
                        "sets how many days clients have to pay",
                        "30",
                    ),
                    (
                        "Tax rounding",
                        "tax_rounding",
                        "decides whether tax is rounded per line or per invoice",
                        "per_invoice",
                    ),
                ],
            ),
        ),
        (
            "Paid invoices are locked, so the numbers in your accounting system never change afterwards.",
            "Invoice numbers are sequential per workspace and are never reused, even after a deletion.",
            "Every invoice keeps a PDF copy of exactly what the client received.",
            "Credit notes always reference the invoice they correct.",
            "Amounts are stored in the client's currency and converted only in reports.",
        ),
    ),
    Category(
        "plans-and-subscriptions",
        "Plans and subscriptions",
        "Changing plans, adding seats, trials and cancelling.",
        "subscription",
        "Billing",
        3,
        False,
        (
            _group(
                "upgrade/upgrading/upgraded; downgrade/downgrading/downgraded; cancel/cancelling/cancelled; "
                "renew/renewing/renewed",
                "subscriptions/subscription; annual plans/annual plan; add-ons/add-on",
                "before the trial ends; in the middle of a billing cycle",
                [
                    (
                        "E1102",
                        "the new plan has fewer seats than you have active members",
                        "remove members or buy more seats first",
                    ),
                    (
                        "E1109",
                        "a payment for this subscription is still pending",
                        "wait for the payment to finish, usually within an hour",
                    ),
                ],
                [
                    (
                        "still show the old price",
                        "the new price starts at the next renewal",
                        f"check the renewal date under Billing {SEP} Plan",
                    ),
                    (
                        "renew although you cancelled",
                        "the cancellation was scheduled after the renewal date",
                        "contact support within 14 days for a refund",
                    ),
                ],
                [
                    ("Auto-renew", "auto_renew", "renews the subscription at the end of each term", "true"),
                    ("Billing cycle", "billing_cycle", "chooses monthly or annual billing", "annual"),
                ],
            ),
            _group(
                "add/adding/added; remove/removing/removed; reassign/reassigning/reassigned",
                "seats/seat; guest seats/guest seat; licences/licence",
                "for contractors; during a trial",
                [
                    (
                        "E1115",
                        "the workspace reached the seat limit of its plan",
                        "upgrade the plan or remove inactive members",
                    ),
                    (
                        "E1121",
                        "seats on annual plans can only be removed at the end of a term",
                        "schedule the change for the renewal date",
                    ),
                ],
                [
                    (
                        "are still billed after someone leaves",
                        "the person was deactivated but not removed",
                        f"remove them under Settings {SEP} Members",
                    ),
                    (
                        "do not appear after payment",
                        "the card payment is still being confirmed",
                        "refresh the page after a few minutes",
                    ),
                ],
                [
                    (
                        "Seat approval",
                        "seat_approval",
                        "asks an owner to approve every new paid seat",
                        "true",
                    ),
                    ("Seat cap", "seat_cap", "sets the most paid seats the workspace can use", "50"),
                ],
            ),
        ),
        (
            "Upgrades take effect immediately and are prorated to the day.",
            "Downgrades take effect at the end of the current billing period.",
            "Trials last 14 days and include every Business feature.",
            "Annual plans cost 20 percent less than paying monthly.",
        ),
    ),
    Category(
        "payments",
        "Payments and cards",
        "Payment methods, failed charges and refunds for your subscription.",
        "payments",
        "Billing",
        2,
        False,
        (
            _group(
                "update/updating/updated; replace/replacing/replaced; remove/removing/removed; "
                "verify/verifying/verified",
                "payment cards/payment card; bank accounts/bank account; backup payment "
                "methods/backup payment method",
                "after a card expires; with 3D Secure",
                [
                    (
                        "E1201",
                        "the bank declined the charge",
                        f"ask your bank to allow payments to {PRODUCT} or use another card",
                    ),
                    (
                        "E1208",
                        "the 3D Secure check was not completed",
                        "finish the check in the window your bank opens",
                    ),
                    (
                        "E1214",
                        "the billing address does not match the card",
                        "enter the address exactly as your bank has it",
                    ),
                ],
                [
                    (
                        "are declined although they work elsewhere",
                        "your bank blocks foreign subscription payments",
                        "ask your bank to allow recurring payments from abroad",
                    ),
                    (
                        "disappear after saving",
                        "the verification charge was refused",
                        "add the card again and complete the bank check",
                    ),
                ],
                [
                    (
                        "Billing email",
                        "billing_email",
                        "sets who receives receipts and payment alerts",
                        "finance@example.com",
                    ),
                    (
                        "Retry failed payments",
                        "payment_retry_days",
                        f"sets how many days {PRODUCT} retries a failed charge",
                        "7",
                    ),
                ],
            ),
            _group(
                "request/requesting/requested; track/tracking/tracked; dispute/disputing/disputed",
                "refunds/refund; failed payments/failed payment; chargebacks/chargeback",
                "for an annual plan; within 14 days",
                [
                    ("E1220", "the refund window has closed", "contact support to discuss a credit instead"),
                    (
                        "E1226",
                        "a chargeback is already open for this payment",
                        "wait for the decision of your bank",
                    ),
                ],
                [
                    (
                        "take longer than expected",
                        "banks need 5 to 10 working days to return money",
                        "check your statement again after 10 working days",
                    ),
                    (
                        "are not shown in the billing history",
                        "they were made on a different workspace",
                        "switch workspace from the top-left menu",
                    ),
                ],
                [
                    (
                        "Payment reminders",
                        "payment_reminders",
                        "emails the billing contact before each charge",
                        "true",
                    ),
                    (
                        "Bank transfer payments",
                        "allow_bank_transfer",
                        "lets annual plans pay by bank transfer",
                        "true",
                    ),
                ],
            ),
        ),
        (
            f"{PRODUCT} accepts Visa, Mastercard and American Express, and bank transfers on annual plans.",
            f"Card details are stored by our payment provider, never on {PRODUCT} servers.",
            "If a charge fails, the workspace stays active for 14 days while we retry.",
            "Refunds always go back to the card that was charged.",
        ),
    ),
    Category(
        "users-and-permissions",
        "Users and permissions",
        "Inviting people, roles, custom permissions and removing access.",
        "permissions",
        "Members",
        4,
        True,
        (
            _group(
                "invite/inviting/invited; remove/removing/removed; deactivate/deactivating/deactivated; "
                "reactivate/reactivating/reactivated",
                "members/member; guests/guest; contractors/contractor; client users/client user",
                "invite: by email; invite: from a CSV file; invite: to a single project",
                [
                    (
                        "E4003",
                        "the invitation link has expired",
                        f"send a new invitation from Settings {SEP} Members",
                    ),
                    (
                        "E4009",
                        "the email address belongs to another workspace on an SSO domain",
                        "ask the owner of that workspace to release the address",
                    ),
                    (
                        "E4015",
                        "the workspace would be left without an owner",
                        "make someone else an owner first",
                    ),
                ],
                [
                    (
                        "do not receive the invitation",
                        "the email went to spam or quarantine",
                        "ask them to allow mail from fernhill.example or send them the invite link",
                    ),
                    (
                        "still see projects after removal",
                        "their browser shows a cached page",
                        "ask them to reload, because access was removed at once",
                    ),
                ],
                [
                    (
                        "Allowed email domains",
                        "invite_allowed_domains",
                        "limits invitations to your company's email domains",
                        '"example.com"',
                    ),
                    (
                        "Who can invite",
                        "invite_permission",
                        "decides whether members or only admins can invite people",
                        "admins",
                    ),
                ],
            ),
            _group(
                "create/creating/created; edit/editing/edited; assign/assigning/assigned; "
                "delete/deleting/deleted",
                "roles/role; custom roles/custom role; permission sets/permission set",
                "for project managers; for finance staff",
                [
                    (
                        "E4021",
                        "a role that is still assigned cannot be deleted",
                        "move its members to another role first",
                    ),
                    ("E4027", "custom roles need the Enterprise plan", "upgrade or use the built-in roles"),
                ],
                [
                    (
                        "do not take effect",
                        "the person has a session from before the change",
                        "ask them to reload the page",
                    ),
                    (
                        "give more access than expected",
                        "project-level access adds to the workspace role",
                        f"review access under Project {SEP} Sharing",
                    ),
                ],
                [
                    (
                        "Default role",
                        "default_role",
                        "sets the role new members get when they join",
                        "member",
                    ),
                    (
                        "Guest visibility",
                        "guest_visibility",
                        "decides whether guests can see other guests",
                        "restricted",
                    ),
                ],
            ),
        ),
        (
            f"{PRODUCT} has four built-in roles: Owner, Admin, Member and Guest.",
            "Guests are free and do not use a paid seat.",
            "Every role change is written to the audit log.",
            "Owners can do everything, including deleting the workspace.",
        ),
    ),
    Category(
        "teams-and-workspaces",
        "Teams and workspaces",
        "Workspaces, teams, moving work between them and workspace settings.",
        "workspaces",
        "Workspace",
        2,
        False,
        (
            _group(
                "create/creating/created; rename/renaming/renamed; archive/archiving/archived; "
                "delete/deleting/deleted",
                "teams/team; workspaces/workspace; team spaces/team space",
                "for a new client; after a reorganisation",
                [
                    (
                        "E4101",
                        "the workspace URL is already taken",
                        "pick another URL with letters, digits and dashes",
                    ),
                    ("E4108", "only owners can delete a workspace", "ask an owner to do it"),
                ],
                [
                    (
                        "disappear from the sidebar",
                        "an admin archived them",
                        f"open Settings {SEP} Workspace {SEP} Archived to restore them",
                    ),
                    (
                        "show the wrong members",
                        "team membership syncs from your directory",
                        "change the group in your identity provider",
                    ),
                ],
                [
                    (
                        "Workspace URL",
                        "workspace_slug",
                        "sets the address people use to reach the workspace",
                        "acme-design",
                    ),
                    (
                        "Default team",
                        "default_team",
                        "chooses the team new members join automatically",
                        '"General"',
                    ),
                ],
            ),
            _group(
                "transfer/transferring/transferred; move/moving/moved; copy/copying/copied",
                "projects/project; project templates/project template; client folders/client folder",
                "to another workspace; between teams",
                [
                    (
                        "E4114",
                        "the target workspace is on a plan without that feature",
                        "upgrade the target workspace first",
                    ),
                    ("E4119", "the project is larger than 10 GB", "move its files in several parts"),
                ],
                [
                    (
                        "lose their comments after the move",
                        "comments by people outside the target workspace are hidden",
                        "invite those people as guests",
                    ),
                    (
                        "keep the settings of the old workspace",
                        "settings belong to the workspace, not the project",
                        f"review them under Settings {SEP} Workspace",
                    ),
                ],
                [
                    (
                        "Allow transfers",
                        "allow_project_transfer",
                        "lets admins move projects to other workspaces",
                        "false",
                    ),
                    (
                        "Workspace time zone",
                        "workspace_timezone",
                        "sets the time zone for due dates and reports",
                        '"Europe/Berlin"',
                    ),
                ],
            ),
        ),
        (
            "A person can belong to several workspaces with one login.",
            "Each workspace has its own billing, members and settings.",
            "Switch workspace from the menu in the top-left corner.",
            "Support can restore a deleted workspace for 30 days.",
        ),
    ),
    Category(
        "integrations",
        "Integrations",
        "Connecting Slack, Google Drive, Salesforce, HubSpot, Jira and other apps.",
        "integrations",
        "Integrations",
        4,
        False,
        (
            _group(
                "connect/connecting/connected; disconnect/disconnecting/disconnected; "
                "reconnect/reconnecting/reconnected",
                "Slack workspaces/Slack workspace; Google Drive accounts/Google Drive account; "
                "Microsoft Teams channels/Microsoft Teams channel; Dropbox folders/Dropbox folder",
                "for the whole workspace; with a service account",
                [
                    (
                        "E5002",
                        f"the other app revoked the access of {PRODUCT}",
                        f"reconnect it from Settings {SEP} Integrations",
                    ),
                    (
                        "E5009",
                        f"an admin of the other app has to approve {PRODUCT} first",
                        "ask them to approve the app",
                    ),
                    (
                        "E5013",
                        "the connection token expired after 90 days",
                        "reconnect the integration so new tokens refresh automatically",
                    ),
                ],
                [
                    (
                        "stop posting updates",
                        "the person who connected them left the workspace",
                        "reconnect them with an account that stays",
                    ),
                    (
                        "show a red warning icon",
                        "the connection needs new permissions after an update",
                        "click the icon and approve the new permissions",
                    ),
                ],
                [
                    (
                        "Integration owner",
                        "integration_owner",
                        "sets which account an integration acts as",
                        '"ops@example.com"',
                    ),
                    (
                        "Allowed integrations",
                        "allowed_integrations",
                        "limits which apps members can connect",
                        '"slack,google_drive"',
                    ),
                ],
            ),
            _group(
                "sync/syncing/synced; map/mapping/mapped; import/importing/imported",
                "Salesforce contacts/Salesforce contact; HubSpot deals/HubSpot deal; Jira issues/Jira issue; "
                "GitHub pull requests/GitHub pull request",
                "sync: every hour; sync: in both directions; import: into an existing project",
                [
                    (
                        "E5021",
                        "a required field in the other app is empty",
                        "fill in the field or remove it from the field mapping",
                    ),
                    (
                        "E5028",
                        "the API limit of the other app was reached",
                        "wait an hour, and the sync resumes by itself",
                    ),
                ],
                [
                    (
                        "are duplicated after a sync",
                        "two field mappings use the same unique key",
                        "keep one mapping per key",
                    ),
                    (
                        "are out of date",
                        "the sync runs every hour, not instantly",
                        "click Sync now for an immediate update",
                    ),
                ],
                [
                    (
                        "Sync interval",
                        "sync_interval_minutes",
                        f"sets how often {PRODUCT} syncs with other apps",
                        "60",
                    ),
                    (
                        "Conflict rule",
                        "sync_conflict_rule",
                        "decides which side wins when both changed",
                        "newest",
                    ),
                ],
            ),
        ),
        (
            f"Integrations are listed under **Settings {SEP} Integrations** with their status and "
            f"last sync time.",
            f"{PRODUCT} asks only for the permissions each integration needs.",
            f"Disconnecting an integration keeps the data already copied into {PRODUCT}.",
            f"Zapier and Make can connect {PRODUCT} to thousands of other apps.",
        ),
    ),
    Category(
        "api-and-webhooks",
        "API and webhooks",
        "API tokens, rate limits, webhooks and the REST API.",
        "api",
        "Developers",
        3,
        False,
        (
            _group(
                "create/creating/created; rotate/rotating/rotated; revoke/revoking/revoked",
                "API tokens/API token; OAuth clients/OAuth client; personal access tokens/personal "
                "access token",
                "for a CI pipeline; for a read-only script",
                [
                    (
                        "E6001",
                        "the token is missing or malformed",
                        "send it in the Authorization header after the word Bearer",
                    ),
                    (
                        "E6004",
                        "the token does not have the required scope",
                        "create a token with the scope the endpoint lists",
                    ),
                    ("E6010", "the token was revoked", "create a new token and update your scripts"),
                ],
                [
                    (
                        "stop working overnight",
                        "tokens expire after 90 days by default",
                        "create a token with a longer lifetime or rotate it on a schedule",
                    ),
                    (
                        "return 403 for some endpoints",
                        "their scopes do not cover those endpoints",
                        "add the scopes and create the token again",
                    ),
                ],
                [
                    ("Token lifetime", "api_token_ttl_days", "sets how long new tokens stay valid", "90"),
                    (
                        "IP allowlist",
                        "api_ip_allowlist",
                        "limits API access to your networks",
                        '"203.0.113.0/24"',
                    ),
                ],
            ),
            _group(
                "register/registering/registered; test/testing/tested; pause/pausing/paused",
                "webhooks/webhook; webhook endpoints/webhook endpoint; event subscriptions/event "
                "subscription",
                "for invoice events; for new tasks; with a signing secret",
                [
                    (
                        "E6021",
                        "the endpoint did not answer within 10 seconds",
                        "answer with status 200 at once and process the event later",
                    ),
                    (
                        "E6027",
                        "the signature check failed",
                        "verify the signature with the signing secret of this endpoint",
                    ),
                ],
                [
                    (
                        "arrive more than once",
                        f"{PRODUCT} retries when your endpoint answers slowly",
                        "make your handler idempotent using the event ID",
                    ),
                    (
                        "are disabled automatically",
                        "the endpoint failed for 3 days in a row",
                        "fix the endpoint and turn it on again",
                    ),
                ],
                [
                    (
                        "Webhook retries",
                        "webhook_max_retries",
                        "sets how many times a failed delivery is retried",
                        "8",
                    ),
                    (
                        "Webhook timeout",
                        "webhook_timeout_seconds",
                        "sets how long a delivery waits for an answer",
                        "10",
                    ),
                ],
            ),
        ),
        (
            f"The REST API lives at {API_BASE} and always returns JSON.",
            "Version 2 of the API stays stable, and breaking changes are announced six months ahead.",
            "Every response carries an `X-Request-Id` header; include it when you contact support.",
            "API errors use the same E-codes as the web app.",
        ),
    ),
    Category(
        "importing-data",
        "Importing data",
        f"Moving data into {PRODUCT} from spreadsheets and other tools.",
        "import",
        "Import",
        3,
        False,
        (
            _group(
                "import/importing/imported; upload/uploading/uploaded; validate/validating/validated",
                "CSV files/CSV file; spreadsheets/spreadsheet; client lists/client list; time "
                "sheets/time sheet",
                "from Excel; from Google Sheets; with custom fields",
                [
                    ("E7003", "a required column is missing", "add the column or map another column to it"),
                    ("E7008", "the file is not UTF-8 encoded", "save it again as CSV UTF-8"),
                    ("E7012", "the file has more than 100,000 rows", "split it into smaller files"),
                ],
                [
                    (
                        "show garbled characters",
                        "the file was saved in a legacy encoding",
                        "save it as CSV UTF-8 and import again",
                    ),
                    (
                        "import dates in the wrong order",
                        "the date format setting does not match the file",
                        "choose the right date format on the mapping screen",
                    ),
                ],
                [
                    (
                        "Import date format",
                        "import_date_format",
                        f"tells {PRODUCT} how to read dates in files",
                        '"DD/MM/YYYY"',
                    ),
                    (
                        "Duplicate handling",
                        "import_duplicate_rule",
                        "decides whether matching rows update or skip existing records",
                        "update",
                    ),
                ],
            ),
            _group(
                "migrate/migrating/migrated; import/importing/imported; copy/copying/copied",
                "Trello boards/Trello board; Asana projects/Asana project; Harvest time "
                "entries/Harvest time entry; "
                "Basecamp projects/Basecamp project",
                "with attachments; in one go",
                [
                    (
                        "E7020",
                        "the export from the other tool is incomplete",
                        "export again with attachments and comments included",
                    ),
                    (
                        "E7026",
                        "the migration token expired",
                        "connect the other tool again and restart the migration",
                    ),
                ],
                [
                    (
                        "lose their assignees",
                        f"people in the other tool are not yet members of {PRODUCT}",
                        "invite them first, then run the migration again",
                    ),
                    (
                        "arrive without attachments",
                        "files larger than 250 MB are skipped",
                        "upload those files by hand",
                    ),
                ],
                [
                    (
                        "Keep original IDs",
                        "migration_keep_ids",
                        "stores the IDs from the other tool in a custom field",
                        "true",
                    ),
                    (
                        "Migration owner",
                        "migration_owner",
                        "sets who owns imported items",
                        '"admin@example.com"',
                    ),
                ],
            ),
        ),
        (
            f"Imports never delete data that is already in {PRODUCT}.",
            f"You can undo an import for 7 days from **Import {SEP} History**.",
            "A preview shows the first 20 rows before anything is saved.",
            "Large files are imported in the background.",
        ),
    ),
    Category(
        "exports-and-reports",
        "Exports and reports",
        "Exporting data, scheduled reports and backups.",
        "export",
        "Reports",
        4,
        True,
        (
            _group(
                "export/exporting/exported; schedule/scheduling/scheduled; share/sharing/shared; "
                "download/downloading/downloaded",
                "time reports/time report; project reports/project report; expense reports/expense report; "
                "budget reports/budget report",
                "export: to CSV; export: to Excel; export,download: as PDF; schedule: every Monday",
                [
                    ("E7101", "the report covers more than five years", "shorten the period"),
                    ("E7106", "the scheduled recipient is not a member any more", "pick another recipient"),
                    (
                        "E7110",
                        "the export is still being prepared",
                        "wait for the email with the download link",
                    ),
                ],
                [
                    (
                        "show different totals than the dashboard",
                        "the report uses the workspace time zone",
                        "change the time zone filter to match the dashboard",
                    ),
                    (
                        "arrive empty",
                        "the saved filter no longer matches any data",
                        "edit the filter of the schedule",
                    ),
                ],
                [
                    ("Report time zone", "report_timezone", "sets the time zone for report periods", '"UTC"'),
                    (
                        "Number format",
                        "number_format",
                        "chooses decimal and thousands separators",
                        '"1.234,56"',
                    ),
                ],
            ),
            _group(
                "export/exporting/exported; back up/backing up/backed up; archive/archiving/archived",
                "audit logs/audit log; task comments/task comment; attachments/attachment; "
                "whole workspaces/whole workspace",
                "export: to JSON; back up: to an S3 bucket; for compliance",
                [
                    (
                        "E7118",
                        "a full export is already running",
                        "wait for it to finish, as only one runs at a time",
                    ),
                    (
                        "E7123",
                        "the S3 bucket refused the upload",
                        f"check that the bucket policy lets the {PRODUCT} role write",
                    ),
                ],
                [
                    (
                        "are missing files in the export",
                        "attachments are exported as links by default",
                        "tick Include files when you start the export",
                    ),
                    (
                        "take hours to finish",
                        "big workspaces export in parts",
                        "wait for the email, because you can close the page",
                    ),
                ],
                [
                    (
                        "Export retention",
                        "export_retention_days",
                        "sets how long download links stay valid",
                        "7",
                    ),
                    (
                        "Backup bucket",
                        "backup_s3_bucket",
                        "names the S3 bucket for automatic backups",
                        '"s3://acme-fernhill-backups"',
                    ),
                ],
            ),
        ),
        (
            "Export links are valid for 7 days and work only for the person who started the export.",
            "CSV files use UTF-8 with a byte order mark so Excel opens them correctly.",
            "Scheduled reports are sent at 06:00 in the workspace time zone.",
            "Exports include only the data you have access to.",
        ),
    ),
    Category(
        "mobile-app",
        "Mobile app",
        f"The {PRODUCT} app for iOS and Android: setting up, syncing and working offline.",
        "mobile",
        "App settings",
        3,
        True,
        (
            _group(
                "set up/setting up/set up; update/updating/updated; reset/resetting/reset",
                "mobile apps/mobile app; app passcodes/app passcode; home screen widgets/home screen widget",
                "on a work phone; on a tablet; with Face ID",
                [
                    (
                        "E8002",
                        "the app version is too old for your workspace",
                        "update the app from the App Store or Google Play",
                    ),
                    (
                        "E8007",
                        "the device policy of your company blocks the app",
                        f"ask IT to allow {PRODUCT} in your device management",
                    ),
                ],
                [
                    (
                        "crash on start",
                        "a cached file from an older version is broken",
                        "clear the storage of the app or reinstall it",
                    ),
                    (
                        "show an empty screen",
                        "the phone lost its connection while loading",
                        "pull down to refresh",
                    ),
                ],
                [
                    (
                        "Require app passcode",
                        "mobile_require_passcode",
                        "asks for a passcode or Face ID when the app opens",
                        "true",
                    ),
                    (
                        "Offline storage limit",
                        "mobile_max_download_mb",
                        "limits how much data the app keeps offline",
                        "500",
                    ),
                ],
            ),
            _group(
                "download/downloading/downloaded; sync/syncing/synced; edit/editing/edited",
                "offline projects/offline project; photos/photo; voice notes/voice note; "
                "scanned receipts/scanned receipt",
                "without a connection; over mobile data",
                [
                    ("E8013", "the offline copy changed on another device", "choose which version to keep"),
                    ("E8019", "the phone is out of storage", "free some space and sync again"),
                ],
                [
                    (
                        "do not sync",
                        "background refresh is turned off for the app",
                        "turn it on in the settings of your phone",
                    ),
                    (
                        "sync only on Wi-Fi",
                        "syncing over mobile data is off",
                        f"turn it on under App settings {SEP} Data",
                    ),
                ],
                [
                    (
                        "Sync over mobile data",
                        "mobile_sync_cellular",
                        "lets the app sync without Wi-Fi",
                        "false",
                    ),
                    (
                        "Photo quality",
                        "mobile_photo_quality",
                        "sets the resolution of uploaded photos",
                        "high",
                    ),
                ],
            ),
        ),
        (
            "The app needs iOS 16 or Android 10 or later.",
            "Changes made offline sync the next time your phone is online.",
            "The app uses the same login as the web app, including SSO.",
            "Push notifications are set separately on each device.",
        ),
    ),
    Category(
        "notifications-and-email",
        "Notifications and email",
        "Email, push and in-app notifications, digests and quiet hours.",
        "notifications",
        "Notifications",
        3,
        True,
        (
            _group(
                "turn on/turning on/turned on; turn off/turning off/turned off; mute/muting/muted; "
                "customise/customising/customised",
                "email notifications/email notification; push notifications/push notification; "
                "daily digests/daily digest; mention alerts/mention alert",
                "for one project; outside working hours",
                [
                    (
                        "E8101",
                        "your email address bounced and notifications were paused",
                        f"confirm your address under Account {SEP} Profile",
                    ),
                    (
                        "E8106",
                        "the phone blocks push notifications",
                        f"allow notifications for {PRODUCT} in the settings of your phone",
                    ),
                ],
                [
                    (
                        "arrive late",
                        "you are on a daily digest instead of instant mode",
                        f"switch to instant under Notifications {SEP} Email",
                    ),
                    (
                        "go to spam",
                        "your mail server does not trust our sender",
                        "add notifications@fernhill.example to your safe senders",
                    ),
                    (
                        "are sent twice",
                        "both email and push are on for the same event",
                        "keep one channel per event",
                    ),
                ],
                [
                    (
                        "Quiet hours",
                        "quiet_hours",
                        "pauses notifications at night and at weekends",
                        '"22:00-07:00"',
                    ),
                    ("Digest time", "digest_time", "sets when the daily digest is sent", '"08:00"'),
                ],
            ),
            _group(
                "create/creating/created; edit/editing/edited; test/testing/tested",
                "notification rules/notification rule; email templates/email template; "
                "reminder schedules/reminder schedule; Slack alerts/Slack alert",
                "for overdue tasks; for clients",
                [
                    (
                        "E8112",
                        "the template contains an unknown placeholder",
                        "use only the placeholders listed next to the editor",
                    ),
                    (
                        "E8118",
                        "the rule would notify more than 500 people",
                        "narrow the audience or send a digest",
                    ),
                ],
                [
                    ("never fire", "their conditions do not match any events", "test them with Send test"),
                    (
                        "reach the wrong people",
                        "the audience includes a whole team",
                        "narrow it to assignees",
                    ),
                ],
                [
                    (
                        "Sender name",
                        "email_sender_name",
                        "sets the name clients see on emails",
                        '"Acme Design"',
                    ),
                    (
                        "Reply-to address",
                        "email_reply_to",
                        "sets where client replies go",
                        '"support@example.com"',
                    ),
                ],
            ),
        ),
        (
            "Notification settings are personal, but admins can set defaults for new members.",
            "Every email has a link at the bottom to change what you receive.",
            "Push notifications are grouped, so you get at most one per minute per project.",
            "Mentions notify you even during quiet hours unless you turn that off.",
        ),
    ),
    Category(
        "projects-and-tasks",
        "Projects and tasks",
        "Creating projects, tasks, subtasks, statuses and templates.",
        "projects",
        "Projects",
        5,
        True,
        (
            _group(
                "create/creating/created; archive/archiving/archived; duplicate/duplicating/duplicated; "
                "delete/deleting/deleted",
                "projects/project; project templates/project template; task lists/task list; "
                "milestones/milestone",
                "from a template; for a new client",
                [
                    (
                        "E9001",
                        "the project name is already used in this workspace",
                        "choose another name or archive the old project",
                    ),
                    (
                        "E9006",
                        "a project with open invoices cannot be deleted",
                        "close or void the invoices first",
                    ),
                ],
                [
                    (
                        "disappear from the project list",
                        "the list hides archived projects by default",
                        "turn on Show archived in the filter",
                    ),
                    (
                        "are created without tasks",
                        "the template has no tasks in the chosen stage",
                        "edit the template and save it again",
                    ),
                ],
                [
                    (
                        "Project numbering",
                        "project_code_prefix",
                        "sets the prefix of project codes",
                        '"PRJ-"',
                    ),
                    (
                        "Default project visibility",
                        "project_default_visibility",
                        "decides who sees new projects",
                        "team",
                    ),
                ],
            ),
            _group(
                "assign/assigning/assigned; move/moving/moved; reorder/reordering/reordered; "
                "close/closing/closed",
                "tasks/task; subtasks/subtask; recurring tasks/recurring task; checklists/checklist",
                "move: to another project; on the board view",
                [
                    ("E9012", "the task has open subtasks", "close the subtasks first or tick Close all"),
                    ("E9017", "the assignee is not a member of the project", "add them to the project first"),
                ],
                [
                    (
                        "jump back to their old position",
                        "the list is sorted by due date",
                        "switch the sort to Manual",
                    ),
                    (
                        "lose their due dates after a move",
                        "the target project counts working days only",
                        "set the dates again",
                    ),
                ],
                [
                    (
                        "Task statuses",
                        "task_statuses",
                        "defines the columns of the board",
                        '"To do,Doing,Done"',
                    ),
                    ("Working days", "working_days", "sets which days count for due dates", '"mon-fri"'),
                ],
            ),
        ),
        (
            "Tasks belong to one project but can appear on many boards.",
            "Archived projects are read-only but still searchable.",
            "Deleted tasks stay in the trash for 30 days.",
            "Project templates copy tasks, statuses and custom fields, but not files.",
        ),
    ),
    Category(
        "time-tracking",
        "Time tracking",
        "Timers, timesheets, approvals and billable hours.",
        "time",
        "Time",
        4,
        True,
        (
            _group(
                "start/starting/started; stop/stopping/stopped; edit/editing/edited; delete/deleting/deleted",
                "timers/timer; time entries/time entry; manual entries/manual entry",
                "from the browser extension; for a past week",
                [
                    ("E9101", "the time entry overlaps another one", "shorten one of the entries"),
                    ("E9107", "the week is locked after approval", "ask an approver to reopen it"),
                ],
                [
                    (
                        "keep running overnight",
                        "the browser extension lost its connection",
                        "stop the timer in the web app and edit the entry",
                    ),
                    (
                        "round to the wrong minute",
                        "workspace rounding rounds up to 15 minutes",
                        f"change rounding under Settings {SEP} Time",
                    ),
                ],
                [
                    ("Time rounding", "time_rounding_minutes", "rounds time entries on invoices", "15"),
                    ("Idle detection", "idle_detection_minutes", "asks what to do with idle time", "10"),
                ],
            ),
            _group(
                "submit/submitting/submitted; approve/approving/approved; reject/rejecting/rejected; "
                "reopen/reopening/reopened",
                "timesheets/timesheet; overtime requests/overtime request; leave requests/leave request",
                "for a whole team; before payroll",
                [
                    ("E9113", "the timesheet has no entries", "add time or mark the week as leave"),
                    ("E9118", "you cannot approve your own timesheet", "ask another approver"),
                ],
                [
                    (
                        "are stuck in review",
                        "the approver is on leave",
                        f"add a backup approver under Settings {SEP} Time {SEP} Approvals",
                    ),
                    (
                        "show zero hours",
                        "the entries were logged in another workspace",
                        "switch workspace and check there",
                    ),
                ],
                [
                    (
                        "Approval required",
                        "timesheet_approval",
                        "requires approval before time can be invoiced",
                        "true",
                    ),
                    ("Week start", "week_start_day", "sets the first day of the timesheet week", "monday"),
                ],
            ),
        ),
        (
            "Billable time reaches invoices only after approval when approvals are on.",
            "The timer keeps running when you close the tab.",
            "Time entries are stored to the second and rounded only on invoices.",
            "Managers can see the timesheets of everyone in their teams.",
        ),
    ),
    Category(
        "files-and-attachments",
        "Files and attachments",
        "Uploading, previewing, sharing and storage limits.",
        "files",
        "Files",
        3,
        True,
        (
            _group(
                "upload/uploading/uploaded; preview/previewing/previewed; rename/renaming/renamed; "
                "delete/deleting/deleted",
                "files/file; attachments/attachment; images/image; PDF documents/PDF document",
                "upload: by drag and drop; upload: from Google Drive; to a task",
                [
                    ("E9201", "the file is larger than 2 GB", "compress it or upload it to a linked drive"),
                    ("E9206", "your workspace blocks this file type", "ask an admin to allow it"),
                    ("E9210", "the upload was interrupted", "upload again on a stable connection"),
                ],
                [
                    (
                        "do not preview",
                        "the format has no preview, like CAD drawings",
                        "download the file to open it",
                    ),
                    (
                        "upload very slowly",
                        "a VPN or proxy limits upload speed",
                        "try without the VPN or ask IT",
                    ),
                ],
                [
                    (
                        "Blocked file types",
                        "blocked_file_types",
                        "stops uploads of risky file types",
                        '".exe,.bat"',
                    ),
                    (
                        "Storage alerts",
                        "storage_alert_percent",
                        "warns admins when storage is nearly full",
                        "90",
                    ),
                ],
            ),
            _group(
                "restore/restoring/restored; move/moving/moved; lock/locking/locked",
                "folders/folder; file versions/file version; shared folders/shared folder",
                "restore: from the trash; move: to another project",
                [
                    (
                        "E9215",
                        "another person has locked the file",
                        "ask them to unlock it or wait until the lock expires",
                    ),
                    (
                        "E9221",
                        "the trash was emptied more than 30 days ago",
                        "contact support within 60 days for a restore from backup",
                    ),
                ],
                [
                    (
                        "are missing after a move",
                        "the target project hides files from guests",
                        "check sharing on the target project",
                    ),
                    (
                        "show an old version",
                        "the preview is cached",
                        "open the Versions tab and choose the latest",
                    ),
                ],
                [
                    (
                        "Version history",
                        "file_versions_kept",
                        "sets how many versions of each file are kept",
                        "50",
                    ),
                    (
                        "Public links",
                        "allow_public_links",
                        "lets people share files with anyone who has the link",
                        "false",
                    ),
                ],
            ),
        ),
        (
            "Storage is pooled across the workspace, with 100 GB on Team and 1 TB on Business.",
            "Files are scanned for malware before anyone can download them.",
            "Previews work for images, PDFs, Office files and videos up to 500 MB.",
            "Deleted files stay in the trash for 30 days.",
        ),
    ),
    Category(
        "search-and-filters",
        "Search and filters",
        "Finding tasks, files and clients with search, filters and saved views.",
        "search",
        "Search",
        2,
        True,
        (
            _group(
                "save/saving/saved; share/sharing/shared; edit/editing/edited; pin/pinning/pinned",
                "saved filters/saved filter; saved views/saved view; smart lists/smart list",
                "with your team; on the dashboard",
                [
                    (
                        "E9301",
                        "the filter uses a custom field that was deleted",
                        "edit the filter and remove that condition",
                    ),
                    ("E9306", "you have reached 100 saved views", "delete views you no longer use"),
                ],
                [
                    (
                        "show no results",
                        "a hidden condition still applies",
                        "click Clear all and build the filter again",
                    ),
                    (
                        "show items you cannot open",
                        "someone with more access shared them",
                        "ask them to check the sharing settings",
                    ),
                ],
                [
                    ("Default view", "default_view", "sets which view opens first", "board"),
                    (
                        "Search scope",
                        "search_scope",
                        "chooses whether search covers archived items",
                        "active",
                    ),
                ],
            ),
            _group(
                "search/searching/searched; find/finding/found; filter/filtering/filtered",
                "comments/comment; archived tasks/archived task; client records/client record; "
                "file contents/file content",
                "by date; by tag; with exact phrases",
                [
                    ("E9312", "the query has too many terms", "keep it under 32 words"),
                    ("E9317", "search is being rebuilt after a large import", "try again in a few minutes"),
                ],
                [
                    (
                        "do not appear in search",
                        "new items take up to a minute to be indexed",
                        "wait a moment and search again",
                    ),
                    ("match the wrong words", "search matches word stems", "put the phrase in quotes"),
                ],
                [
                    ("Search language", "search_language", "sets the language used for stemming", "en"),
                    (
                        "Index attachments",
                        "search_index_attachments",
                        "includes text from PDFs and Office files in search",
                        "true",
                    ),
                ],
            ),
        ),
        (
            "Press `/` anywhere to jump to search.",
            "Search covers titles, descriptions, comments and file names.",
            "Filters combine with AND, and the OR toggle matches any condition instead.",
            "Saved views remember columns, sorting and grouping.",
        ),
    ),
    Category(
        "automation-and-workflows",
        "Automation and workflows",
        "Rules, triggers, intake forms and approval flows.",
        "automation",
        "Automation",
        3,
        False,
        (
            _group(
                "create/creating/created; pause/pausing/paused; test/testing/tested; delete/deleting/deleted",
                "automation rules/automation rule; triggers/trigger; scheduled actions/scheduled action; "
                "approval flows/approval flow",
                "for new tasks; when a status changes; on a schedule",
                [
                    (
                        "E9401",
                        "the rule would trigger itself in a loop",
                        "add a condition so it ignores its own changes",
                    ),
                    (
                        "E9406",
                        "the workspace used its 10,000 automation runs this month",
                        "upgrade or reduce how often rules run",
                    ),
                    (
                        "E9411",
                        "an action points to a deleted project",
                        "edit the rule and choose another project",
                    ),
                ],
                [
                    ("run twice", "two rules react to the same event", "merge them or add a condition"),
                    (
                        "do not run at all",
                        "the rule was paused after errors",
                        "fix the error in the run log and resume it",
                    ),
                ],
                [
                    (
                        "Automation owner",
                        "automation_run_as",
                        "sets whose permissions rules use",
                        "rule_creator",
                    ),
                    ("Run log retention", "automation_log_days", "sets how long run logs are kept", "30"),
                ],
            ),
            _group(
                "build/building/built; publish/publishing/published; copy/copying/copied",
                "workflows/workflow; intake forms/intake form; form templates/form template",
                "for client requests; with conditional fields",
                [
                    (
                        "E9418",
                        "a required form field has no mapping",
                        "map each required field to a task field",
                    ),
                    ("E9423", "the form was unpublished", "publish it again to accept answers"),
                ],
                [
                    (
                        "create tasks in the wrong project",
                        "the default project of the form changed",
                        "set the project in the form settings",
                    ),
                    (
                        "accept answers after the deadline",
                        "the form has no closing date",
                        f"set one under Form {SEP} Settings",
                    ),
                ],
                [
                    ("Form spam protection", "form_captcha", "adds a CAPTCHA to public forms", "true"),
                    (
                        "Default workflow",
                        "default_workflow",
                        "sets the workflow new projects use",
                        '"Client onboarding"',
                    ),
                ],
            ),
        ),
        (
            "Each rule shows its last 50 runs and what they changed.",
            "Rules run with the permissions of the person who created them.",
            "Business plans include 10,000 automation runs per month.",
            "You can test a rule on one item before you turn it on.",
        ),
    ),
    Category(
        "dashboards-and-analytics",
        "Dashboards and analytics",
        "Dashboards, charts, utilisation and profitability.",
        "analytics",
        "Dashboards",
        2,
        True,
        (
            _group(
                "create/creating/created; customise/customising/customised; share/sharing/shared; "
                "refresh/refreshing/refreshed",
                "dashboards/dashboard; charts/chart; widgets/widget; KPI cards/KPI card",
                "for leadership; on a TV screen",
                [
                    ("E9501", "the chart has more than 20 series", "group the smaller series into Other"),
                    ("E9506", "the data source was deleted", "choose another report as the source"),
                ],
                [
                    (
                        "show outdated numbers",
                        "dashboards refresh every 15 minutes",
                        "click Refresh for the latest data",
                    ),
                    (
                        "look different for colleagues",
                        "each person sees only data they can access",
                        "share the projects or use a public dashboard",
                    ),
                ],
                [
                    (
                        "Refresh interval",
                        "dashboard_refresh_minutes",
                        "sets how often dashboards reload",
                        "15",
                    ),
                    ("Report currency", "report_currency", "converts amounts into one currency", "EUR"),
                ],
            ),
            _group(
                "calculate/calculating/calculated; compare/comparing/compared; forecast/forecasting/forecast",
                "utilisation rates/utilisation rate; profit margins/profit margin; project "
                "budgets/project budget; "
                "capacity plans/capacity plan",
                "by month; per client; against last year",
                [
                    (
                        "E9512",
                        "some time entries have no hourly rate",
                        f"set rates under Settings {SEP} Rates",
                    ),
                    ("E9517", "the period has no closed months", "choose a period with closed months"),
                ],
                [
                    (
                        "look too low",
                        "non-billable time counts toward capacity",
                        "exclude non-billable time in the filter",
                    ),
                    (
                        "change after the month closes",
                        "late time entries were approved afterwards",
                        f"lock months under Settings {SEP} Time",
                    ),
                ],
                [
                    (
                        "Capacity per week",
                        "capacity_hours_per_week",
                        "sets the hours each person has available",
                        "40",
                    ),
                    ("Cost rates", "cost_rates_enabled", "uses internal costs to calculate margins", "true"),
                ],
            ),
        ),
        (
            "Business plans can share dashboards by link with people outside the workspace.",
            "Charts use the workspace currency unless you pick another one.",
            "Utilisation is billable hours divided by capacity.",
            "Every chart can be exported as PNG or CSV.",
        ),
    ),
    Category(
        "security-and-privacy",
        "Security and privacy",
        "Audit logs, data retention, GDPR requests and IP restrictions.",
        "security",
        "Security",
        2,
        False,
        (
            _group(
                "review/reviewing/reviewed; export/exporting/exported; filter/filtering/filtered",
                "audit logs/audit log; login histories/login history; security events/security event",
                "for the last 90 days; for one user",
                [
                    (
                        "E9601",
                        "audit logs older than one year are archived",
                        "request the archive from support",
                    ),
                    (
                        "E9606",
                        "exporting the audit log needs the Enterprise plan",
                        "upgrade or view the log in the app",
                    ),
                ],
                [
                    (
                        "are missing entries",
                        "the filter is limited to one workspace",
                        "clear the workspace filter",
                    ),
                    (
                        "show unknown IP addresses",
                        "someone signed in through a VPN or a mobile network",
                        "check the device and location details",
                    ),
                ],
                [
                    (
                        "Audit log retention",
                        "audit_log_retention_days",
                        "sets how long audit entries are kept",
                        "365",
                    ),
                    (
                        "IP restrictions",
                        "ip_allowlist",
                        "allows sign-in only from listed networks",
                        '"198.51.100.0/24"',
                    ),
                ],
            ),
            _group(
                "request/requesting/requested; delete/deleting/deleted; anonymise/anonymising/anonymised",
                "personal data exports/personal data export; former user accounts/former user account; "
                "client contact records/client contact record",
                "under GDPR; for a former employee",
                [
                    ("E9612", "a legal hold prevents the deletion", "ask an owner to lift the hold"),
                    (
                        "E9618",
                        "the request was already completed",
                        "download the result from the email we sent",
                    ),
                ],
                [
                    (
                        "still appear in old reports",
                        "reports are snapshots made before the deletion",
                        "generate the report again",
                    ),
                    (
                        "take longer than expected",
                        "large accounts are processed in batches overnight",
                        "wait up to 72 hours",
                    ),
                ],
                [
                    (
                        "Data retention",
                        "data_retention_days",
                        "deletes closed projects after a set period",
                        "730",
                    ),
                    ("Data region", "data_region", "chooses where your data is stored", "eu"),
                ],
            ),
        ),
        (
            f"{PRODUCT} stores data in the EU or the US, chosen when the workspace is created.",
            "All data is encrypted in transit and at rest.",
            "We answer GDPR requests within 30 days.",
            "Owners get an email for every new admin and every SSO change.",
        ),
    ),
)

ROLES = ("Owner", "Admin", "Billing manager", "Project manager", "Member")
PLANS = ("Team", "Business", "Enterprise")
BROWSERS = ("Chrome", "Firefox", "Safari", "Edge")
PLATFORMS = ("Android", "iPhone", "iPad")
INTEGRATIONS = ("Slack", "Google Drive", "Salesforce", "HubSpot", "Jira", "Xero", "QuickBooks", "Zapier")
WORKSPACES = ("acme-design", "northwind-studio", "bluebird-legal", "harbour-consulting", "kite-media")
ACTION_CONTEXTS = ("as an admin", "for a whole team", "on the Enterprise plan")
MOBILE_CONTEXTS = ("in the mobile app", "on Android", "on iPhone")
SITUATION_CONTEXTS = ("in Safari", "in Firefox", "for guest users", "after an update", "after changing plans")
READ_VERBS = frozenset(
    {
        "export",
        "download",
        "preview",
        "review",
        "search",
        "find",
        "filter",
        "calculate",
        "compare",
        "forecast",
        "track",
        "print",
    }
)

# --- titles and headings -------------------------------------------------------------------------

KINDS = (
    "steps",
    "mobile",
    "troubleshoot",
    "error",
    "api",
    "permissions",
    "limits",
    "settings",
    "undo",
    "tips",
)

# (primary section kind, title template, weight). {ctx}: an action context, {sctx}: a situation.
TITLE_TEMPLATES: tuple[tuple[str, str, int], ...] = (
    ("steps", "{Verb} {obj}", 3),
    ("steps", "{Verb} {obj} {ctx}", 7),
    ("steps", "How to {verb} {obj} {ctx}", 2),
    ("mobile", "{Verb} {obj} in the mobile app", 1),
    ("mobile", "{Verb} {obj} on {platform}", 1),
    ("error", "Fix {code} when {ing} {obj}", 4),
    ("error", "{code} error when {ing} {obj} {ctx}", 3),
    ("error", "What {code} means when you {verb} {obj}", 1),
    ("troubleshoot", "{Obj} {symptom}", 2),
    ("troubleshoot", "{Obj} {symptom} {sctx}", 3),
    ("troubleshoot", "Troubleshoot {ing} {obj}", 1),
    ("troubleshoot", "Troubleshoot {ing} {obj} {ctx}", 2),
    ("settings", "Change the {setting_lower} setting", 1),
    ("settings", "Use the {setting_lower} setting for {obj}", 1),
    ("api", "{Verb} {obj} with the API", 1),
    ("api", "{Verb} {obj} {ctx} with the API", 1),
    ("permissions", "Who can {verb} {obj}", 1),
    ("permissions", "Let members {verb} {obj}", 1),
    ("limits", "Limits for {ing} {obj}", 1),
    ("limits", "How many {obj} you can {verb} at once", 1),
    ("undo", "Undo {ing} {obj}", 1),
    ("undo", "Undo {ing} {obj} {ctx}", 1),
)

HEADINGS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "steps": ("Steps", "{Verb} {obj} on the web", "{Verb} {obj} step by step", "In the web app"),
        "mobile": ("In the mobile app", "On iOS and Android", "{Verb} {obj} on your phone"),
        "troubleshoot": (
            "Why {obj} {symptom}",
            "If {obj} {symptom}",
            "When {obj} {symptom}",
            "Troubleshooting",
        ),
        "error": ("If you see {code}", "What {code} means", "Error {code}", "Fix {code}"),
        "api": ("Use the API", "{Verb} {obj} with the API", "Automate it with the API"),
        "permissions": ("Who can {verb} {obj}", "Permissions you need", "Before you start"),
        "limits": ("Limits", "Limits for {obj}", "How many {obj} you can {verb}"),
        "settings": ("Change the {setting_lower} setting", "Related settings", "Settings that affect {obj}"),
        "undo": ("Undo the change", "What happens after you {verb} {obj}", "Undo {ing} {obj}"),
        "tips": ("Tips", "Good to know", "Tips for large teams"),
    }
)

# --- prose ---------------------------------------------------------------------------------------
# Sentence templates per section kind; placeholders come from _article_values() and _random_values().

LEADS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "steps": (
            "You can {verb} {obj} from **{menu}** in a few clicks.",
            "Here is how to {verb} {obj}, who can do it, and what changes afterwards.",
            "Most teams {verb} {obj} at the end of each month, but you can do it at any time.",
            "This guide walks you through how to {verb} {obj} {ctx}.",
        ),
        "mobile": (
            "The {product} app for iOS and Android can {verb} {obj} too, even when you are away "
            "from your desk.",
            "You do not need a computer to {verb} {obj}; the mobile app has the same option.",
        ),
        "troubleshoot": (
            "If {obj} {symptom}, the most common reason is that {cause}.",
            "When {obj} {symptom}, check a few things before you contact support.",
        ),
        "error": (
            "{code} appears when {meaning}.",
            "You may see {code} while {ing} {obj}; it means that {meaning}.",
        ),
        "api": (
            "Everything you can do in **{menu}** is also available through the {product} REST API.",
            "Scripts and other systems can {verb} {obj} through the API without anyone opening the web app.",
        ),
        "permissions": (
            "Not everyone in a workspace can {verb} {obj}.",
            "Who may {verb} {obj} depends on their role and on the plan of the workspace.",
        ),
        "limits": (
            "{product} limits how many {obj} you can {verb} at once so that everything stays fast.",
            "Before you {verb} a lot of {obj}, check the limits of your plan.",
        ),
        "settings": (
            "The **{setting}** setting {does}.",
            "Admins can change how {product} handles {obj} with the **{setting}** setting.",
        ),
        "undo": (
            "You can undo {ing} {obj} if you act quickly.",
            "{past_cap} the wrong {obj}? Most changes can be reversed.",
        ),
    }
)

# The first sentence of a section of this kind; kinds not listed open with a fixed sentence.
OPENERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "steps": (
            "You need the {role} role or higher to {verb} {obj}.",
            "It takes about a minute, and nobody else in the workspace is interrupted.",
            "Follow these steps in the web app.",
            "Before you start, make sure you are in the workspace that owns the {obj}.",
        ),
        "mobile": (
            "The app has the same option as the web app, one tap deeper.",
            "On your phone, follow these steps.",
            "You can {verb} {obj} on the go with the {product} app for iOS and Android.",
        ),
        "permissions": (
            "Owners and admins can always {verb} {obj}.",
            "Whether you can {verb} {obj} depends on your role.",
            "Not everyone can {verb} {obj}, and that is on purpose.",
        ),
        "limits": (
            "You can {verb} up to {n} {obj} at a time.",
            "Each workspace can {verb} up to {n} {obj} in one go.",
        ),
        "undo": (
            "If you {past} the wrong {obj}, undo it within {minutes} minutes from the banner at the "
            "top of the page.",
            "Most changes to {obj} can be reversed for {minutes} minutes with **Undo** in the banner.",
        ),
        "tips": (
            "Save a filter for the {obj} you work with most, so the list opens ready to use.",
            "A few habits make it easier to {verb} {obj} in a busy workspace.",
            "Teams that {verb} {obj} every week tend to settle on a routine.",
        ),
    }
)

PROSE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "steps": (
            "The same steps work in {browser} and every other supported browser.",
            "Large jobs run in the background, and you get an email when they finish.",
            "You can follow progress under **Settings {sep} Activity log**.",
            "If the **{Verb}** button is greyed out, you do not have permission; ask an owner to "
            "change your role.",
            "Everything you {verb} is recorded in the audit log with your name and the time.",
            "To {verb} more than {n} {obj} at once, select them with Shift-click in the list first.",
            "The list remembers your last filter, so next time you can skip straight to selecting {obj}.",
            "A green banner confirms when the {obj} are {past}.",
            "If {code} appears instead, {efix}.",
            "Keyboard users can press `Tab` to reach the toolbar and `Enter` to open **{Verb}**.",
        ),
        "mobile": (
            "The mobile app needs version {version} or later; update it from the App Store or Google Play.",
            "On Android, the **More** menu sits under the three dots in the top-right corner.",
            "Offline changes are kept on your phone and synced the next time you are online.",
            "On a tablet the same options appear in the side panel instead of the bottom bar.",
            "If the option is missing, sign out of the app and sign in again to load your latest "
            "permissions.",
            "The app shows the same {obj} as the web app, filtered to the projects you can access.",
            "On {platform}, you can also {verb} {obj} from the share sheet.",
            "Your phone shows a notification when {obj} are {past} in the background.",
        ),
        "troubleshoot": (
            "Check **{menu}** first; the status column shows whether each {obj1} was {past}.",
            "If only some {obj} are affected, compare one that works with one that does not.",
            "Clear your browser cache or try a private window to rule out an old version of the page.",
            "Changes can take up to {minutes} minutes to reach everyone in the workspace.",
            "Still stuck? Contact support with the ID of the {obj1} and the time you tried; we keep "
            "logs for {days} days.",
            "Some browser extensions block downloads and pop-ups; turn them off for {product} and try again.",
            "If your company uses SSO, your identity provider may also limit what you can {verb}.",
            "Another common cause is that {cause2}; in that case, {sfix2}.",
            "The activity log under **Settings {sep} Activity log** shows who last changed the {obj}.",
            "If you also see {code}, {efix}.",
            "Our status page lists any incident that affects {obj} right now.",
        ),
        "error": (
            "To fix it, {efix}.",
            "The error appears as a red banner at the top of **{menu}**, with the code at the end.",
            "Nothing was {past} when the error appeared, so it is safe to try again.",
            "If {code} appears again after {tries} tries, send us the request ID from the message.",
            "{code} is different from {code2}, which means that {meaning2}.",
            "Admins see the same error under **Settings {sep} Activity log**, with the name of the "
            "person who hit it.",
            "Errors from the API use the same codes as the web app, so you can search this help "
            "centre for any code.",
            "The error does not affect {other} or any other part of the workspace.",
            "In the mobile app the same error shows as a short message with the code {code}.",
        ),
        "api": (
            "Create a token under **Settings {sep} API tokens** and give it the `{scope}` scope.",
            "The response lists the {obj} that were {past}, each with its ID.",
            "Requests are limited to {rate} per minute per token; above that the API answers with "
            "status 429 and "
            "a `Retry-After` header.",
            "Use the `cursor` parameter to page through more than {page} {obj}.",
            "Webhooks can tell your system when {obj} are {past}, so you do not need to poll.",
            "Keep the token out of your source code and read it from the `FERNHILL_TOKEN` "
            "environment variable.",
            "Add `dry_run=true` to see what would change without changing anything.",
            "If the request fails with {code}, the response body says so and {efix}.",
            "Every call is logged with the token name, so you can tell scripts apart in the activity log.",
        ),
        "permissions": (
            "Members can {verb} {obj} only after an admin turns on **{perm}** under **Settings "
            "{sep} Roles**.",
            "Guests never see **{menu}**.",
            "On the {plan} plan you can create custom roles with exactly the permissions your team needs.",
            "People invited by a client only see the projects that client shared with them.",
            "A new role takes effect the next time the person loads a page.",
            "{product} records who {past} each {obj1} in the audit log.",
            "Not sure which role you have? It is shown under **Account {sep} Profile**.",
            "The {role} role can {verb} {obj} in the projects it manages.",
            "Without permission, the **{Verb}** option is hidden rather than greyed out.",
        ),
        "limits": (
            "On the {plan} plan the limit is {n2} {obj}.",
            "Files larger than {mb} MB are split into parts automatically.",
            "There is no limit on how often you {verb} {obj}, but jobs run one at a time per workspace.",
            "If you regularly hit the limit, use the API, which pages through results instead of "
            "loading them "
            "all at once.",
            "Limits count per workspace, not per person.",
            "Deleted {obj} do not count toward the limit.",
            "When you go over the limit, {product} stops before anything is {past} and tells you "
            "how many fit.",
            "The limit resets at midnight in the workspace time zone.",
        ),
        "settings": (
            "Find it under **{settings_menu}**; its key in the API and the command-line tool is `{key}`.",
            "Changes apply to new {obj} only; existing {obj} keep the value they were created with.",
            "Only owners and admins can change workspace settings.",
            "Every change is logged under **Settings {sep} Activity log**.",
            "If a setting shows a padlock icon, your organisation manages it centrally.",
            "The **{setting2}** setting sits next to it and {does2}.",
            "Set it once for the workspace; people cannot override it for their own {obj}.",
        ),
        "undo": (
            "After that, open **Settings {sep} Activity log**, find the entry and choose **Revert**.",
            "People affected get an email, unless you turned off notifications for this change.",
            "{obj_cap} that were {past} keep their history, so nothing is lost.",
            "Reports and dashboards catch up within {minutes} minutes.",
            "Integrations such as {integration} receive the change the next time they sync.",
            "Reverting does not notify anyone again.",
            "If the entry is older than {days} days, contact support with the time of the change.",
        ),
        "tips": (
            "Bookmark **{menu}**; the address keeps your filters.",
            "For hundreds of {obj}, the API or a scheduled job is faster than the web app.",
            "Agree on naming rules with your team so {obj} are easy to find in search.",
            "Press `g` then `{shortcut}` to jump to **{area}** from anywhere.",
            "Tell your team before you {verb} {obj}, so nobody is surprised by the change.",
            "Connect {integration} to post a message whenever {obj} are {past}.",
            "Review the {setting_lower} setting once a quarter; it {does}.",
        ),
    }
)

WEB_FIRST_STEPS = (
    "Go to **{menu}**.",
    "Open **{menu}** from the left sidebar.",
    "In the top bar, click your workspace name and choose **{menu}**.",
)
WEB_MIDDLE_STEPS = (  # in the order they happen; a list uses a few of them
    "Use the filter bar to narrow the list by client, project or date.",
    "Select the {obj} you want to {verb}, or tick the box at the top to select all of them.",
    "Open the **More** menu and choose **{Verb}**.",
    "Check the preview; it shows exactly which {obj} will be {past}.",
    "Choose whether to notify the people affected.",
    "If {product} asks for your password, enter it again; it does so before sensitive changes.",
)
WEB_LAST_STEPS = (
    "Click **{Verb}** to finish.",
    "Click **Save**; the change applies right away.",
    "Click **Confirm** and wait for the green confirmation banner.",
)
MOBILE_STEPS = (
    "Open the {product} app and tap **Menu**.",
    "Go to **{menu}**.",
    "Tap and hold {a_obj1} to select it, then tap others to add them.",
    "Tap **{Verb}** at the bottom of the screen.",
    "Confirm with Face ID, your fingerprint or the app passcode.",
)
MOBILE_OPTIONAL_STEPS = (MOBILE_STEPS[2], MOBILE_STEPS[4])
CHECKS = (
    "Reload the page and try once more.",
    "Make sure you are in the right workspace.",
    "Check that your role allows you to {verb} {obj}.",
    "Look for a status message in **{menu}**.",
    "Try the same thing in another browser.",
)

SUMMARIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "steps": (
            "Open {menu}, select the {obj} you need and choose {Verb}.",
            "Go to {menu} and choose {Verb} next to the {obj1} you want to {verb}.",
            "You can {verb} {obj} from {menu} in the web app if you have the {role} role.",
        ),
        "mobile": (
            "In the {product} app, tap {menu}, select the {obj} and tap {Verb}.",
            "Open the mobile app, go to {menu} and tap {Verb}.",
        ),
        "error": (
            "{code} means {meaning}, so {efix} and try again.",
            "You see {code} when {meaning}; {efix}.",
        ),
        "troubleshoot": (
            "{obj_cap} {symptom} when {cause}, so {sfix}.",
            "Usually {cause}, so {sfix}.",
        ),
        "settings": ("The {setting} setting under {settings_menu} {does}.",),
        "api": ("Send a {method} request to {endpoint} with a token that has the {scope} scope.",),
        "permissions": (
            "Owners and admins can {verb} {obj}, and members can too once an admin grants the "
            "{perm} permission.",
        ),
        "limits": (
            "You can {verb} up to {n} {obj} at a time, and more on the Business and Enterprise plans.",
        ),
        "undo": (
            "Undo {ing} {obj} from the banner within {minutes} minutes, or later from the activity log.",
        ),
    }
)

SEE_ALSO = (
    "For a related task, see [{title}]({href}).",
    "See also [{title}]({href}).",
    "If that does not help, [{title}]({href}) covers a similar case.",
)
SEE_SECTION = (
    "The section [{heading}]({href}) in {title} explains a related case.",
    "See [{heading}]({href}) for the details.",
)

# --- user questions ------------------------------------------------------------------------------

QUERY_TEMPLATES = (
    "how do i {verb} {obj}",
    "how do i {verb} {obj} {ctx}",
    "how to {verb} {obj1}",
    "how can i {verb} my {obj}",
    "is it possible to {verb} {obj} {ctx}",
    "{verb} {obj} not working",
    "cant {verb} {obj}",
    "unable to {verb} {obj1}",
    "{code} {ing} {obj}",
    "getting {code} when i try to {verb} {obj}",
    "what does {code} mean",
    "{code} error",
    "my {obj} {symptom}",
    "{why}",
    "{why}",
    "{obj} {symptom} what do i do",
    "my {obj} {symptom} {sctx}",
    "where do i change the {setting_lower} setting",
    "where is {setting_lower}",
    "what does {setting_lower} do",
    "who is allowed to {verb} {obj}",
    "do i need admin rights to {verb} {obj}",
    "max number of {obj} i can {verb}",
    "is there a limit to how many {obj} i can {verb}",
    "api to {verb} {obj}",
    "{verb} {obj} via api",
    "how do i undo {ing} {obj}",
    "i {past} the wrong {obj1} how do i undo it",
)
MOBILE_QUERY_TEMPLATES = (
    "can i {verb} {obj} from my phone",
    "{verb} {obj} on android",
    "{verb} {obj1} iphone app",
)
USER_WORDS = (
    ("sign in", "log in"),
    ("invoices", "bills"),
    ("two-factor", "2fa"),
    ("delete", "remove"),
    ("workspace", "account"),
    ("cancel", "stop"),
    ("email notifications", "emails"),
    ("passwords", "pw"),
)
OFF_TOPIC = (
    "do you have a student discount",
    "is there a desktop app for linux",
    "what is the weather in paris",
    "can i pay with bitcoin",
    "talk to a human",
    "hello",
    "is fernhill down right now",
    "how do i cook rice",
    "who founded fernhill",
    "jobs at fernhill",
    "best laptop for designers",
    "how old is the moon",
    "translate invoice into french",
    "what time is it in tokyo",
    "do you sell gift cards",
    "my cat walked on the keyboard",
    "is there a fernhill conference",
    "recommend a good crm",
    "asdf",
    "help",
)


# --- value objects for the plan ------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSection:
    kind: str
    heading: str
    anchor: str


@dataclass(frozen=True)
class Topic:
    """Everything decided about one article before its prose is written."""

    index: int
    category: Category
    group: Group
    verb: Verb
    obj: Noun
    kind: str
    title: str
    slug: str
    context: str
    error: ErrorCode
    symptom: Symptom
    setting: Setting
    platform: str
    tags: tuple[str, ...]
    updated: dt.date
    sections: tuple[PlannedSection, ...]

    @property
    def path(self) -> str:
        return f"{self.category.folder}/{self.slug}.md"


# --- helpers -------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Python-Markdown toc's default slug, so file names and anchors match what the site renders."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_label(label: str) -> str:
    """ "Invoice numbering" → "invoice numbering", but "SSO enforcement" stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


_YAML_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"})


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same string, else double-quoted."""
    plain = (
        re.fullmatch(r"[A-Za-z][^\n]*", text) is not None
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and text.lower() not in _YAML_RESERVED
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _words(text: str) -> int:
    return len(text.split())


def _fits(context: Context, verb: Verb) -> bool:
    return not context.verbs or verb.base in context.verbs


def _action_contexts(category: Category, group: Group, verb: Verb, mobile: bool) -> list[str]:
    found = [c.phrase for c in group.contexts if _fits(c, verb)]
    found.extend(ACTION_CONTEXTS)
    if mobile and category.mobile:
        found.extend(MOBILE_CONTEXTS)
    return found


def _situation_contexts(category: Category) -> list[str]:
    return list(SITUATION_CONTEXTS) + (list(MOBILE_CONTEXTS) if category.mobile else [])


def _topic_words(
    category: Category, verb: Verb, obj: Noun, error: ErrorCode, symptom: Symptom, setting: Setting
) -> dict[str, str]:
    """The placeholders a title, heading or summary can use."""
    same = obj.plural.lower() == category.area.lower()
    menu = category.area if same else f"{category.area} {SEP} {_cap(obj.plural)}"
    return {
        "verb": verb.base,
        "Verb": _cap(verb.base),
        "ing": verb.ing,
        "past": verb.past,
        "past_cap": _cap(verb.past),
        "obj": obj.plural,
        "obj1": obj.singular,
        "Obj": _cap(obj.plural),
        "obj_cap": _cap(obj.plural),
        "code": error.code,
        "meaning": error.meaning,
        "efix": error.fix,
        "symptom": symptom.phrase,
        "cause": symptom.cause,
        "sfix": symptom.fix,
        "setting": setting.label,
        "setting_lower": _lower_label(setting.label),
        "does": setting.does,
        "key": setting.key,
        "area": category.area,
        "product": PRODUCT,
        "sep": SEP,
        "a_obj1": f"{'an' if obj.singular[0] in 'aeioAEIO' else 'a'} {obj.singular}",
        "menu": menu,
        "settings_menu": f"Settings {SEP} {category.area}",
    }


# --- planning ------------------------------------------------------------------------------------


def _assign_categories(count: int, rng: random.Random) -> list[Category]:
    """Every category gets an article first (when there are enough), the rest follow the weights."""
    order = list(CATEGORIES)
    rng.shuffle(order)
    if count <= len(order):
        return order[:count]
    weights = [c.weight for c in CATEGORIES]
    return order + rng.choices(CATEGORIES, weights=weights, k=count - len(order))


def _plan_sections(
    kind: str, category: Category, words: dict[str, str], title_slug: str, rng: random.Random
) -> tuple[PlannedSection, ...]:
    # Nothing to undo after reading data: no undo section for export, preview, search and the like.
    skip = {"mobile"} if not category.mobile else set()
    if words["verb"] in READ_VERBS:
        skip.add("undo")
    others = [k for k in KINDS if k != kind and k not in skip]
    extra = rng.sample(others, rng.choice((2, 3, 3, 4)))
    kinds = [kind if kind in HEADINGS else "steps"]
    kinds += [k for k in KINDS if k in extra and k not in kinds]
    used = {title_slug}
    planned: list[PlannedSection] = []
    for section_kind in kinds:
        options = list(HEADINGS[section_kind])
        rng.shuffle(options)
        for template in options:
            heading = _cap(template.format_map(words))
            anchor = slugify(heading)
            if anchor not in used:
                used.add(anchor)
                planned.append(PlannedSection(section_kind, heading, anchor))
                break
    return tuple(planned)


def _plan_topic(index: int, category: Category, rng: random.Random, used_slugs: set[str]) -> Topic:
    templates = [t for t in TITLE_TEMPLATES if t[0] != "mobile" or category.mobile]
    weights = [t[2] for t in templates]
    for attempt in range(200):
        group = rng.choice(category.groups)
        verb = rng.choice(group.verbs)
        obj = rng.choice(group.objects)
        error = rng.choice(group.errors)
        symptom = rng.choice(group.symptoms)
        setting = rng.choice(group.settings)
        platform = rng.choice(PLATFORMS)
        kind, template, _ = rng.choices(templates, weights=weights)[0]
        if kind == "undo" and verb.base in READ_VERBS:
            continue
        words = _topic_words(category, verb, obj, error, symptom, setting)
        context = rng.choice(_action_contexts(category, group, verb, mobile=kind != "api"))
        words.update(ctx=context, sctx=rng.choice(_situation_contexts(category)), platform=platform)
        title = _cap(template.format_map(words))
        if kind == "steps" and "{ctx}" in template and context in MOBILE_CONTEXTS:
            kind = "mobile"  # "Export invoices on Android" answers with the app's steps first
        if attempt >= 100:  # the title space of this category is crowded: add a qualifier
            title = f"{title} ({rng.choice(PLANS)} plan, {rng.choice(BROWSERS)})"
        slug = slugify(title)
        # "How to export invoices" and "Export invoices" would be the same article twice.
        key = slug.removeprefix("how-to-")
        if key not in used_slugs:
            break
    else:
        raise RuntimeError(f"no unique title left in category {category.folder}; use fewer articles")
    used_slugs.add(key)
    tags = [category.tag, slugify(verb.base)]
    tags += {"mobile": ["mobile"], "api": ["api"], "error": ["errors"]}.get(kind, [])
    return Topic(
        index=index,
        category=category,
        group=group,
        verb=verb,
        obj=obj,
        kind=kind,
        title=title,
        slug=slug,
        context=words["ctx"],
        error=error,
        symptom=symptom,
        setting=setting,
        platform=platform,
        tags=tuple(dict.fromkeys(tags)),
        updated=FIRST_DATE + dt.timedelta(days=rng.randrange(DATE_SPAN_DAYS)),
        sections=_plan_sections(kind, category, words, slug, rng),
    )


def plan_corpus(count: int, seed: int = DEFAULT_SEED) -> list[Topic]:
    """Decide every article's category, title, tags, date and section headings."""
    rng = random.Random(seed)
    used_slugs: set[str] = set()  # membership only; never iterated, so hash order cannot leak out
    return [_plan_topic(i, c, rng, used_slugs) for i, c in enumerate(_assign_categories(count, rng))]


# --- rendering -----------------------------------------------------------------------------------


def _article_values(topic: Topic) -> dict[str, str]:
    group = topic.group
    words = _topic_words(topic.category, topic.verb, topic.obj, topic.error, topic.symptom, topic.setting)
    error2 = next((e for e in group.errors if e != topic.error), topic.error)
    symptom2 = next((s for s in group.symptoms if s != topic.symptom), topic.symptom)
    setting2 = next((s for s in group.settings if s != topic.setting), topic.setting)
    other = next((o for o in group.objects if o != topic.obj), topic.obj)
    resource = slugify(topic.obj.plural).replace("-", "_")
    action = slugify(topic.verb.base).replace("-", "_")
    read_only = topic.verb.base in READ_VERBS
    words.update(
        ctx=topic.context,
        platform=topic.platform,
        code2=error2.code,
        meaning2=error2.meaning,
        cause2=symptom2.cause,
        sfix2=symptom2.fix,
        setting2=setting2.label,
        does2=setting2.does,
        other=other.plural,
        perm=f"{_cap(topic.verb.base)} {topic.obj.plural}",
        scope=f"{resource}:{'read' if read_only else 'write'}",
        method="GET" if read_only else "POST",
        endpoint=f"/v2/{resource}" if read_only else f"/v2/{resource}/{action}",
        resource=resource,
        action=action,
    )
    return words


def _random_values(base: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The article's numbers, drawn once so the summary and every section agree on them."""
    values = dict(base)
    values.update(
        n=f"{rng.choice((50, 100, 200, 250, 500, 1000)):,}",
        n2=f"{rng.choice((2000, 5000, 10000, 25000)):,}",
        mb=str(rng.choice((25, 50, 100, 250))),
        minutes=str(rng.choice((5, 10, 15, 30))),
        days=str(rng.choice((30, 60, 90))),
        tries=str(rng.choice((2, 3))),
        rate=str(rng.choice((120, 300, 600))),
        page=str(rng.choice((100, 200, 500))),
        version=f"{rng.randint(6, 9)}.{rng.randint(0, 12)}",
        shortcut=rng.choice("abdefhiklmnoprstuvwxyz"),
    )
    return _section_values(values, rng)


def _section_values(base: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Details that may differ from one section to the next."""
    values = dict(base)
    values.update(
        role=rng.choice(ROLES[1:]),
        plan=rng.choice(PLANS),
        browser=rng.choice(BROWSERS),
        integration=rng.choice(INTEGRATIONS),
    )
    return values


def _numbered(lines: Sequence[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def _web_steps(values: dict[str, str], rng: random.Random) -> str:
    middle = sorted(rng.sample(WEB_MIDDLE_STEPS, rng.randint(1, 3)), key=WEB_MIDDLE_STEPS.index)
    steps = [rng.choice(WEB_FIRST_STEPS), *middle, rng.choice(WEB_LAST_STEPS)]
    return _numbered([s.format_map(values) for s in steps])


def _mobile_steps(values: dict[str, str], rng: random.Random) -> str:
    steps = [step for step in MOBILE_STEPS if step not in MOBILE_OPTIONAL_STEPS or rng.random() < 0.6]
    return _numbered([s.format_map(values) for s in steps])


def _hex_id(rng: random.Random, prefix: str) -> str:
    return f"{prefix}_{rng.getrandbits(32):08x}"


def _api_block(values: dict[str, str], rng: random.Random) -> str:
    url = f"{API_BASE}/{values['resource']}"
    prefix = values["resource"][:3]
    if values["method"] == "GET":
        query = f"?limit={values['page']}&updated_since=2025-01-01"
        if rng.random() < 0.5:
            return "\n".join(
                (
                    "```bash",
                    f'curl "{url}{query}" \\',
                    '  -H "Authorization: Bearer $FERNHILL_TOKEN"',
                    "```",
                )
            )
        return "\n".join(
            (
                "```python",
                "import os",
                "",
                "import requests",
                "",
                "response = requests.get(",
                f'    "{url}",',
                f'    params={{"limit": {values["page"]}, "updated_since": "2025-01-01"}},',
                '    headers={"Authorization": f"Bearer {os.environ[\'FERNHILL_TOKEN\']}"},',
                "    timeout=30,",
                ")",
                "response.raise_for_status()",
                "```",
            )
        )
    ids = json.dumps([_hex_id(rng, prefix), _hex_id(rng, prefix)])
    body = json.dumps({"ids": json.loads(ids), "notify": rng.random() < 0.5})
    return "\n".join(
        (
            "```bash",
            f"curl -X POST {url}/{values['action']} \\",
            '  -H "Authorization: Bearer $FERNHILL_TOKEN" \\',
            '  -H "Content-Type: application/json" \\',
            f"  -d '{body}'",
            "```",
        )
    )


def _error_block(values: dict[str, str], rng: random.Random) -> str:
    payload = {
        "error": {
            "code": values["code"],
            "message": _cap(values["meaning"]),
            "request_id": _hex_id(rng, "req"),
        }
    }
    return "```json\n" + json.dumps(payload, indent=2) + "\n```"


def _settings_block(values: dict[str, str], rng: random.Random, value: str) -> str:
    area = slugify(values["area"]).replace("-", "_")
    workspace = rng.choice(WORKSPACES)
    return "\n".join(
        (
            "```console",
            f"$ fernhill settings set {area}.{values['key']} {value}",
            f"Updated {area}.{values['key']} for workspace {workspace}",
            "```",
        )
    )


def _link_sentence(topic: Topic, related: Topic, rng: random.Random) -> str:
    href = f"{related.slug}.md"
    if related.category.folder != topic.category.folder:
        href = f"../{related.category.folder}/{href}"
    if rng.random() < 0.5:
        section = rng.choice(related.sections)
        return rng.choice(SEE_SECTION).format(
            heading=section.heading, title=related.title, href=f"{href}#{section.anchor}"
        )
    return rng.choice(SEE_ALSO).format(title=related.title, href=href)


def _paragraphs(sentences: Sequence[str], rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    start = 0
    while start < len(sentences):
        size = rng.randint(2, 3)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return paragraphs


def _opening_and_structure(
    kind: str, topic: Topic, values: dict[str, str], pool: list[str], rng: random.Random
) -> tuple[list[str], str]:
    """The first sentences of a section and its block: numbered steps, a code block or nothing."""
    if kind == "api":
        opening = [f"Send an authenticated `{values['method']}` request to `{values['endpoint']}`:"]
        return opening, _api_block(values, rng)
    if kind == "error":
        opening = [f"{values['code']} means that {values['meaning']}.", pool.pop()]
        if rng.random() < 0.5:
            return [*opening, "The API returns it like this:"], _error_block(values, rng)
        return opening, ""
    if kind == "settings":
        opening = [f"The **{values['setting']}** setting {values['does']}.", pool.pop()]
        if rng.random() < 0.4:
            opening.append("With the `fernhill` command-line tool, set it like this:")
            return opening, _settings_block(values, rng, topic.setting.value)
        return opening, ""
    if kind == "troubleshoot":
        opening = [f"Usually {values['cause']}, so {values['sfix']}.", pool.pop()]
        if rng.random() < 0.35:
            opening.append("Work through these checks in order:")
            return opening, _numbered([c.format_map(values) for c in rng.sample(CHECKS, 3)])
        return opening, ""
    opening = [rng.choice(OPENERS[kind]).format_map(values)]
    if kind == "steps":
        return opening, _web_steps(values, rng)
    if kind == "mobile":
        return opening, _mobile_steps(values, rng)
    return opening, ""


def _section_body(
    section: PlannedSection,
    topic: Topic,
    base: dict[str, str],
    rng: random.Random,
    facts: list[str],
    link: str | None,
) -> str:
    """About 60-150 words: an opening, the kind's block (steps, code), then more prose."""
    values = _section_values(base, rng)
    pool = [s.format_map(values) for s in PROSE[section.kind]]
    rng.shuffle(pool)
    opening, structure = _opening_and_structure(section.kind, topic, values, pool, rng)
    blocks = [" ".join(opening)]
    if structure:
        blocks.append(structure)
    target = rng.randint(55, 100) if structure.startswith("```") else rng.randint(65, 130)
    count = sum(_words(b) for b in blocks)
    rest: list[str] = []
    while count < target and pool:
        rest.append(pool.pop())
        count += _words(rest[-1])
    # At most one category fact per section: they are shared by every article of the category.
    if facts and (count < 60 or rng.random() < 0.3):
        rest.insert(rng.randint(0, len(rest)), facts.pop())
    if link is not None:
        rest.append(link)
    blocks.extend(_paragraphs(rest, rng))
    return "\n\n".join(blocks)


def _lead(topic: Topic, values: dict[str, str], rng: random.Random, facts: list[str]) -> str:
    first = rng.choice(LEADS.get(topic.kind, LEADS["steps"])).format_map(values)
    if rng.random() < 0.5 or not facts:
        return first
    return f"{first} {facts.pop()}"


def _summary(topic: Topic, values: dict[str, str], rng: random.Random) -> str:
    options = [s.format_map(values) for s in SUMMARIES.get(topic.kind, SUMMARIES["steps"])]
    fitting = [s for s in options if len(s) <= 200]
    if not fitting:
        return f"{_cap(topic.verb.base)} {topic.obj.plural} from {values['menu']}."
    return rng.choice(fitting)


def render_article(topic: Topic, siblings: Sequence[Topic], seed: int, seen: set[bytes] | None = None) -> str:
    """The Markdown file of one article.

    ``siblings`` (the articles of its category) are candidates for a cross-link. ``seen`` holds
    digests of the section texts written so far; a section that would repeat one is written again,
    so every section of the corpus is distinct.
    """
    seen = set() if seen is None else seen
    rng = random.Random(seed * 1_000_003 + topic.index + 1)
    base = _random_values(_article_values(topic), rng)
    facts = list(topic.category.facts)
    rng.shuffle(facts)
    related = rng.choice(siblings) if len(siblings) > 1 and rng.random() < 0.3 else None
    if related is topic:
        related = None
    link_at = rng.randrange(len(topic.sections)) if related is not None else -1
    parts = [
        "---",
        f"title: {yaml_scalar(topic.title)}",
        f"summary: {yaml_scalar(_summary(topic, base, rng))}",
        f"tags: [{', '.join(topic.tags)}]",
        f"updated: {topic.updated.isoformat()}",
        "---",
        f"# {topic.title}",
        "",
        _lead(topic, base, rng, facts),
    ]
    for position, section in enumerate(topic.sections):
        link = _link_sentence(topic, related, rng) if related is not None and position == link_at else None
        for _ in range(20):
            body = _section_body(section, topic, base, rng, facts, link)
            digest = hashlib.blake2b(body.encode("utf-8"), digest_size=16).digest()
            if digest not in seen:
                break
        seen.add(digest)
        parts += ["", f"## {section.heading}", "", body]
    return "\n".join(parts) + "\n"


def render_category(category: Category, order: int) -> str:
    return (
        f"title: {yaml_scalar(category.title)}\n"
        f"description: {yaml_scalar(category.description)}\n"
        f"order: {order}\n"
    )


HOME_PAGE = (
    "# Help Centre\n\n"
    f"Quick answers about {PRODUCT}, from signing in and billing to integrations, the mobile app "
    f"and the API.\n"
)


# --- queries -------------------------------------------------------------------------------------


def _why_question(objects: str, symptom: str) -> str:
    """("invoices", "are missing from the export") → "why are my invoices missing from the export"."""
    first, _, rest = symptom.partition(" ")
    if first in ("are", "is"):
        question = f"why are my {objects} {rest}"
    elif symptom.startswith("do not "):
        question = f"why dont my {objects} {symptom.removeprefix('do not ')}"
    else:
        question = f"why do my {objects} {symptom}"
    return re.sub(r"\byour\b", "my", re.sub(r"\byou\b", "i", question))


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _user_phrasing(question: str, rng: random.Random) -> str:
    for formal, casual in USER_WORDS:
        if formal in question and rng.random() < 0.3:
            question = question.replace(formal, casual)
    words = question.split()
    if rng.random() < 0.05:
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if candidates:
            i = rng.choice(candidates)
            words[i] = _typo(words[i], rng)
    question = " ".join(words)
    if question.startswith(("how ", "what ", "where ", "who ", "can ", "is ", "do ")) and rng.random() < 0.3:
        question += "?"
    return question


def generate_queries(
    topics: Sequence[Topic], seed: int = DEFAULT_SEED, count: int = QUERY_COUNT
) -> list[str]:
    """``count`` questions about the corpus as users type them: lower case, terse, sometimes misspelt.

    About one in twenty-five is off-topic, as in real traffic. A question that equals a title or
    heading is dropped, and duplicates are avoided while the corpus offers enough variety.
    """
    rng = random.Random(seed * 7_919 + 17)
    copies = {t.title.lower() for t in topics} | {s.heading.lower() for t in topics for s in t.sections}
    queries: list[str] = []
    seen: set[str] = set()
    for attempt in range(count * 200):
        if len(queries) == count:
            break
        if rng.random() < 0.04:
            question = rng.choice(OFF_TOPIC)
        else:
            topic = rng.choice(topics)
            words = _topic_words(
                topic.category, topic.verb, topic.obj, topic.error, topic.symptom, topic.setting
            )
            words["ctx"] = topic.context
            words["why"] = _why_question(topic.obj.plural, topic.symptom.phrase)
            words["sctx"] = rng.choice(_situation_contexts(topic.category))
            templates = QUERY_TEMPLATES + (MOBILE_QUERY_TEMPLATES if topic.category.mobile else ())
            question = rng.choice(templates).format_map(words)
            question = _user_phrasing(
                question.lower().replace(topic.error.code.lower(), topic.error.code), rng
            )
        if question.rstrip("?") in copies or (question in seen and attempt < count * 100):
            continue
        seen.add(question)
        queries.append(question)
    return queries


# --- writing -------------------------------------------------------------------------------------


def write_corpus(out: Path, topics: Sequence[Topic], seed: int) -> int:
    """Write the home page, category files and articles; return the number of sections written."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.md").write_text(HOME_PAGE, encoding="utf-8", newline="\n")
    by_category: dict[str, list[Topic]] = {}
    for topic in topics:
        by_category.setdefault(topic.category.folder, []).append(topic)
    for order, category in enumerate(CATEGORIES, start=1):
        if category.folder in by_category:
            folder = out / category.folder
            folder.mkdir(exist_ok=True)
            (folder / "_category.yml").write_text(
                render_category(category, order), encoding="utf-8", newline="\n"
            )
    sections = 0
    seen: set[bytes] = set()
    for topic in topics:
        text = render_article(topic, by_category[topic.category.folder], seed, seen)
        (out / topic.path).write_text(text, encoding="utf-8", newline="\n")
        sections += len(topic.sections)
    return sections


def _clear(out: Path) -> None:
    for child in sorted(out.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _refusal(out: Path, force: bool) -> str | None:
    """Why OUT cannot be used, or None. With ``force`` a non-empty folder is cleared later."""
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a folder — choose another OUT"
    if not out.is_dir() or not any(out.iterdir()):
        return None
    if not force:
        return f"{out} exists and is not empty — choose an empty or new folder, or pass --force to clear it"
    resolved = out.resolve()
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents or resolved == Path.home().resolve():
        return f"refusing to clear {out}: it is the current folder, one of its parents or your home folder"
    return None


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="gen.py",
        description="Write a deterministic synthetic help-centre corpus for kb benchmarks.",
    )
    parser.add_argument("count", type=int, metavar="N", help="number of articles to write")
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write into (new or empty)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="clear OUT first if it is not empty")
    parser.add_argument(
        "--queries",
        type=Path,
        metavar="FILE",
        help=f"also write {QUERY_COUNT} user questions about the corpus to FILE, one per line",
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    out: Path = args.out
    refusal = _refusal(out, args.force)
    if refusal is not None:
        print(f"gen.py: {refusal}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    topics = plan_corpus(args.count, args.seed)
    if out.is_dir():
        _clear(out)
    sections = write_corpus(out, topics, args.seed)
    categories = len({t.category.folder for t in topics})
    message = f"wrote {len(topics)} articles ({sections} sections) in {categories} categories to {out}"
    if args.queries is not None:
        queries = generate_queries(topics, args.seed)
        args.queries.parent.mkdir(parents=True, exist_ok=True)
        args.queries.write_text("".join(f"{q}\n" for q in queries), encoding="utf-8", newline="\n")
        message += f", {len(queries)} questions to {args.queries}"
    print(f"{message} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
