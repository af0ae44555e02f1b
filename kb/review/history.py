"""The history of a published article: every publish, live edit and rollback, with who did it.

When the docs folder is inside a git repository, each change is a commit of that one file, with
the agent as its author (``git -C docs commit --only -- <file>``); its history is ``git log``.
Otherwise each version is kept in kb's database (``article_version``: the path, a UTC timestamp
as its id, the agent, the message and the text), so every replica shows the same history.

    record_version(settings, "billing/export.md", agent="sam", message="Edited the steps")
    versions = list_versions(settings, "billing/export.md")     # newest first
    diff_html(version_text(settings, path, versions[1].id), version_text(settings, path, versions[0].id))

History never stops a publish or an edit: when git is missing or a commit fails, the change is
kept and a warning logged (and returned, for the page that made the change to show).
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path

from kb.config import Settings
from kb.errors import InputError, NotFoundError
from kb.store import DatabaseError, connect

__all__ = [
    "Version",
    "diff_html",
    "diff_lines",
    "history_kind",
    "list_versions",
    "record_version",
    "version_text",
]

log = logging.getLogger(__name__)

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_GIT_TIMEOUT = 20
_STAMP_RE = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
_SHA_RE = re.compile(r"^[0-9a-f]{7,64}$")
_SEPARATOR = "\x1f"
#: who a commit's committer is when git has no user configured (the author is always the agent)
_KB_IDENTITY = {"GIT_COMMITTER_NAME": "kb", "GIT_COMMITTER_EMAIL": "kb@localhost"}


@dataclass(frozen=True)
class Version:
    """One saved version of an article: a commit (``id`` its hash) or a database row (``id`` its time)."""

    id: str
    when: dt.datetime
    agent: str
    message: str


# --- which history -----------------------------------------------------------------------------


def _git(docs_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(docs_dir), *args],
        capture_output=True,
        text=True,
        timeout=_GIT_TIMEOUT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _in_git(docs_dir: Path) -> bool:
    if shutil.which("git") is None:
        return False
    try:
        done = _git(docs_dir, "rev-parse", "--is-inside-work-tree")
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def history_kind(settings: Settings) -> str:
    """``"git"`` when the docs folder is in a git work tree (and git runs), else ``"versions"`` (the database)."""
    return "git" if _in_git(settings.docs_dir.resolve()) else "versions"


def _checked_path(rel: str) -> str:
    parts = rel.split("/")
    if not rel.endswith(".md") or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InputError(f"'{rel}' is not an article path", "use a path inside the docs folder, e.g. billing/a.md")
    return rel


def _identity(agent: str) -> str:
    """A git author for ``agent``: its name, and an address git accepts (no real mail is sent)."""
    name = " ".join(agent.replace("<", " ").replace(">", " ").split()) or "agent"
    local = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-.") or "agent"
    return f"{name} <{local}@kb.invalid>"


# --- recording ---------------------------------------------------------------------------------


def record_version(settings: Settings, rel: str, *, agent: str, message: str, when: dt.datetime | None = None) -> str:
    """Keep the article's current text as a new version by ``agent``; returns a warning or ``""``.

    Never raises for a history failure: the change it records has already been made."""
    rel = _checked_path(rel)
    try:
        if history_kind(settings) == "git":
            return _commit(settings.docs_dir.resolve(), rel, agent, message)
        _save_version(settings, rel, agent, message, when)
    except (OSError, subprocess.SubprocessError, DatabaseError) as exc:
        warning = f"{rel}: the change was made, but its history was not kept ({exc})"
        log.warning(warning)
        return warning
    return ""


def _commit(docs_dir: Path, rel: str, agent: str, message: str) -> str:
    """Commit only ``rel`` with ``agent`` as its author; a warning when git refuses."""
    env = {} if _git(docs_dir, "config", "user.email").stdout.strip() else dict(_KB_IDENTITY)
    added = _git(docs_dir, "add", "--", rel)
    if added.returncode == 0 and _git(docs_dir, "diff", "--cached", "--quiet", "--", rel).returncode == 0:
        return ""  # nothing new to record (an interrupted publish run again)
    done = added if added.returncode else _git(
        docs_dir, "commit", "--quiet", "--author", _identity(agent), "-m", message, "--only", "--", rel,
        env=env,
    )  # fmt: skip
    if done.returncode:
        warning = f"{rel}: the change was made, but git did not commit it: {done.stderr.strip()[:300]}"
        log.warning(warning)
        return warning
    return ""


def _save_version(settings: Settings, rel: str, agent: str, message: str, when: dt.datetime | None) -> None:
    text = (settings.docs_dir / rel).read_text(encoding="utf-8")
    stamp = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    with connect(settings.database) as db, db.write():
        last = db.execute(
            "SELECT stamp, text FROM article_version WHERE path = ? ORDER BY stamp DESC LIMIT 1", (rel,)
        ).fetchone()
        if last is not None and last[1] == text:
            return  # the last version already is this text
        name = stamp.strftime(_STAMP_FORMAT)
        while last is not None and name <= last[0]:  # two versions in one microsecond, or a clock step back
            stamp += dt.timedelta(microseconds=1)
            name = stamp.strftime(_STAMP_FORMAT)
        db.execute(
            "INSERT INTO article_version (path, stamp, agent, message, text) VALUES (?, ?, ?, ?, ?)",
            (rel, name, agent or "agent", message, text),
        )


# --- reading -----------------------------------------------------------------------------------


def list_versions(settings: Settings, rel: str) -> list[Version]:
    """The article's versions, newest first (empty when none was recorded)."""
    rel = _checked_path(rel)
    if history_kind(settings) == "git":
        fields = _SEPARATOR.join(("%H", "%an", "%aI", "%s"))
        done = _git(settings.docs_dir.resolve(), "log", f"--format={fields}", "--", rel)
        versions = []
        for line in done.stdout.splitlines() if done.returncode == 0 else []:
            sha, agent, when, message = ([*line.split(_SEPARATOR), "", "", "", ""])[:4]
            versions.append(Version(sha, dt.datetime.fromisoformat(when), agent, message))
        return versions
    with connect(settings.database) as db:
        rows = db.execute(
            "SELECT stamp, agent, message FROM article_version WHERE path = ? ORDER BY stamp DESC", (rel,)
        ).fetchall()
    return [
        Version(stamp, dt.datetime.strptime(stamp, _STAMP_FORMAT).replace(tzinfo=dt.UTC), agent, message)
        for stamp, agent, message in rows
    ]


def version_text(settings: Settings, rel: str, version: str) -> str:
    """The article's text as it was in ``version`` (an id from :func:`list_versions`)."""
    rel = _checked_path(rel)
    version = version.strip()
    missing = NotFoundError(f"{rel} has no version '{version[:80]}'", "pick one from the article's history")
    if history_kind(settings) == "git":
        if not _SHA_RE.match(version):
            raise missing
        done = _git(settings.docs_dir.resolve(), "show", f"{version}:./{rel}")
        if done.returncode:
            raise missing
        return done.stdout
    if not _STAMP_RE.match(version):
        raise missing
    with connect(settings.database) as db:
        row = db.execute("SELECT text FROM article_version WHERE path = ? AND stamp = ?", (rel, version)).fetchone()
    if row is None:
        raise missing
    return str(row[0])


# --- comparing ---------------------------------------------------------------------------------


def diff_lines(old: str, new: str, context: int = 3) -> list[tuple[str, str]]:
    """A unified diff as (kind, line) pairs: kind is ``add``, ``del``, ``hunk`` or ``same``."""
    lines: list[tuple[str, str]] = []
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context)
    for line in diff:
        if line.startswith(("---", "+++")) and not lines:
            continue
        if line.startswith("@@"):
            lines.append(("hunk", line))
        elif line.startswith("+"):
            lines.append(("add", line[1:]))
        elif line.startswith("-"):
            lines.append(("del", line[1:]))
        else:
            lines.append(("same", line[1:]))
    return lines


def diff_html(old: str, new: str) -> str:
    """The diff from ``old`` to ``new`` as escaped HTML (``<ins>``/``<del>`` lines in a ``<pre>``)."""
    tags = {
        "add": ("<ins>+ ", "</ins>"),
        "del": ("<del>- ", "</del>"),
        "hunk": ('<span class="kb-diff__hunk">', "</span>"),
    }
    out = []
    for kind, line in diff_lines(old, new):
        start, end = tags.get(kind, ("  ", ""))
        out.append(f"{start}{escape(line)}{end}")
    body = "\n".join(out) if out else "The two versions are the same."
    return f'<pre class="kb-diff">{body}</pre>'
