"""Changing a waiting draft without losing anyone's change: one queue lock, and versions by ETag.

Every change to a file in the review queue (an agent's save, a later ticket's provenance, publish,
reject, apply) runs under ``queue_lock``, so none of them overwrites another or brings back a draft
that was just published. An edit made from an old copy is refused rather than silently replacing
what changed since: the editor and the API send the ``draft_etag`` of the text they loaded, and a
different current text raises ``StaleEditError`` (the API's 409).

    with queue_lock(settings):
        ...                                   # read, check and write drafts
    save_draft(settings, "export-csv", body=new_body, expected=etag_the_agent_saw)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.config import Settings
from kb.content import split_front_matter, update_front_matter
from kb.drafting.drafts import find_draft, read_draft_meta
from kb.errors import ContentError, InputError, StaleEditError
from kb.store import docs_lock, write_text_atomic
from kb.team import record_change

__all__ = ["MAX_DRAFT_CHARS", "check_version", "draft_etag", "queue_lock", "save_draft"]

MAX_DRAFT_CHARS = 200_000
QUEUE_LOCK = "drafts"


@contextmanager
def queue_lock(settings: Settings) -> Iterator[None]:
    """Hold the review queue's lock (threads and processes alike) for the ``with`` block.

    It is always the innermost of kb's locks (publish and ingest take theirs first), so no order of
    callers can deadlock."""
    with docs_lock(settings, QUEUE_LOCK):
        yield


def draft_etag(text: str) -> str:
    """The version of a draft's text, as an HTTP entity tag (quoted)."""
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + '"'


def check_version(path: Path, text: str, expected: str | None) -> None:
    """Refuse, with a 409-kind error, when ``text`` is not the version ``expected`` (``None``: any)."""
    if expected is None or not expected.strip():
        return
    wanted = {tag.strip().removeprefix("W/") for tag in expected.split(",")}
    if "*" in wanted or draft_etag(text) in wanted:
        return
    raise StaleEditError(
        f"{path.stem} changed since you opened it (another agent's edit, or a new ticket's steps)",
        "reload the draft to see the current text, then make your change again",
    )


def save_draft(
    settings: Settings,
    name: str,
    *,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    expected: str | None = None,
    agent: str = "",
) -> str:
    """Edit a waiting draft: its title (and H1), summary and body (the Markdown after the H1).

    The other front matter fields (provenance, redaction report, questions) are kept as they are.
    ``expected``: the ETag the edit was made from; a draft that changed since is not overwritten.
    Returns the new ETag.
    """
    changes: dict[str, object | None] = {}
    for field_name, value in (("title", title), ("summary", summary)):
        if value is not None:
            cleaned = " ".join(value.split())
            if not cleaned:
                raise InputError(f"the {field_name} cannot be empty", f"write the article's {field_name}")
            changes[field_name] = cleaned
    if body is not None and len(body) > MAX_DRAFT_CHARS:
        raise InputError(f"the body is {len(body):,} characters, over {MAX_DRAFT_CHARS:,}", "shorten the draft")
    with queue_lock(settings):
        path = find_draft(settings.docs_dir, name)
        text = path.read_text(encoding="utf-8")
        check_version(path, text, expected)
        front, old_body, _line = split_front_matter(text)
        if front is None:
            raise ContentError(f"{path.name} has no front matter", "fix it in an editor (see kb check)")
        updated = update_front_matter(text, changes)
        head = updated[: -len(old_body) or None] if old_body else updated
        current_title = str(changes.get("title") or read_draft_meta(path).get("title", ""))
        lines = old_body.split("\n")
        h1 = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
        rest = "\n".join(lines[h1 + 1 :]) if h1 is not None else old_body
        if body is not None:
            rest = "\n" + body.replace("\r\n", "\n").strip("\n") + "\n"
        new_text = head + (f"# {current_title}\n{rest}" if current_title else rest)
        write_text_atomic(path, new_text)
    edited = ", ".join(f for f, v in (("title", title), ("summary", summary), ("body", body)) if v is not None)
    record_change(settings, agent or "agent", "edit", path.relative_to(settings.docs_dir).as_posix(), f"draft {edited}")
    return draft_etag(new_text)
