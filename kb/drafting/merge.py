"""A later ticket about a waiting draft's problem: its ids, redaction counts, questions and new
steps join the draft file (the agent may have edited it: only the Solution's list grows)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from kb.content import edit_front_matter
from kb.drafting.draft_text import step_key
from kb.drafting.drafts import MAX_QUESTIONS, PLACEHOLDER_SOLUTION, read_draft_meta, strings
from kb.redact import RedactionReport
from kb.store import write_text_atomic

__all__ = ["add_provenance"]

def add_provenance(
    path: Path,
    ticket_ids: Iterable[str],
    report: RedactionReport,
    questions: Iterable[str] = (),
    steps: Sequence[str] = (),
) -> None:
    """Record more tickets on an existing draft: their ids, their redaction counts, their questions,
    and the steps of their replies that its Solution does not have yet (escaped Markdown)."""
    if steps:
        _add_steps(path, steps)
    meta = read_draft_meta(path)
    provenance = list(dict.fromkeys([*strings(meta.get("provenance")), *ticket_ids]))
    old = meta.get("redaction")
    merged = (RedactionReport.from_dict(old) if isinstance(old, dict) else RedactionReport()) + report
    changes: dict[str, object] = {"provenance": provenance, "redaction": merged.as_dict()}
    asked = list(dict.fromkeys([*strings(meta.get("questions")), *questions]))[:MAX_QUESTIONS]
    if asked:
        changes["questions"] = asked
    edit_front_matter(path, changes)


_NUMBERED_ITEM_RE = re.compile(r"^(\d{1,2})[.)]\s+(.*)$")


def _add_steps(path: Path, steps: Sequence[str]) -> None:
    """Append ``steps`` the Solution section lacks to its numbered list (replacing the placeholder)."""
    text = path.read_text(encoding="utf-8")
    start = text.find("\n## Solution\n")
    if start < 0:
        return
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end
    section = text[start:end]
    lines = section.rstrip("\n").split("\n")
    items = [m for line in lines if (m := _NUMBERED_ITEM_RE.match(line.strip()))]
    have = {step_key(m.group(2)) for m in items}
    new = [s for s in steps if step_key(s) not in have]
    if not new:
        return
    if PLACEHOLDER_SOLUTION in section:
        body = "\n".join(f"{n}. {' '.join(step.split())}" for n, step in enumerate(new, 1))
        section = section.replace(PLACEHOLDER_SOLUTION, body)
    else:
        last = max((int(m.group(1)) for m in items), default=0)
        added = "\n".join(f"{last + n}. {' '.join(step.split())}" for n, step in enumerate(new, 1))
        section = section.rstrip("\n") + "\n" + added + "\n"
    write_text_atomic(path, text[:start] + section + text[end:])
