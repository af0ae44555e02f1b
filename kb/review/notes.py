"""What an agent should check in a draft before publishing it, beyond ``kb check``.

A placeholder Solution is an error (publish refuses it: it would tell customers nothing); the
other notes are warnings the review shows: no numbered steps, a summary too long to read as a
quick answer, a problem with no cause given, no suggested category.
"""

from __future__ import annotations

import re

from kb.content import Problem, split_front_matter
from kb.drafting import PLACEHOLDER_SOLUTION, is_symptom

__all__ = ["LONG_SUMMARY_CHARS", "quality_notes"]

#: A quick answer longer than this is hard to take in at a glance (the limit is 200).
LONG_SUMMARY_CHARS = 160
_NUMBERED_RE = re.compile(r"^\s*\d{1,2}[.)]\s+\S", re.MULTILINE)


def _line_of(text: str, needle: str) -> int:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def quality_notes(rel: str, text: str, summary: str, category: str = "", proposal: bool = False) -> list[Problem]:
    """Notes on the draft file ``rel`` whose text is ``text``, summary ``summary`` and suggested
    ``category``; an update proposal (``proposal``) needs no category or cause of its own."""
    notes: list[Problem] = []
    _meta, body, _line = split_front_matter(text)
    problem = body.split("\n## Problem\n", 1)[1].split("\n## ", 1)[0] if "\n## Problem\n" in body else ""
    if not proposal and is_symptom(problem) and "\n## Cause" not in body:
        notes.append(
            Problem(
                rel,
                1,
                "no cause",
                "if the reply said why this happens, add it as a ## Cause section",
                severity="warning",
            )
        )
    if not proposal and not category:
        notes.append(
            Problem(
                rel,
                1,
                "no category suggested (no published article is close to this problem)",
                "choose the category when you publish",
                severity="warning",
            )
        )
    if PLACEHOLDER_SOLUTION in body:
        notes.append(
            Problem(
                rel,
                _line_of(text, PLACEHOLDER_SOLUTION),
                "the Solution is still the placeholder: the ticket's reply had no steps kb could find",
                "write the steps the customer follows as a numbered list, from the ticket's reply",
            )
        )
    elif not _NUMBERED_RE.search(body):
        notes.append(
            Problem(rel, 1, "no numbered steps", "if the fix is a procedure, write it as 1. 2. 3.", severity="warning")
        )
    if len(summary) > LONG_SUMMARY_CHARS:
        notes.append(
            Problem(
                rel,
                _line_of(text, "summary:"),
                f"the summary is long ({len(summary)} characters)",
                f"customers read it as the answer: keep it under {LONG_SUMMARY_CHARS}",
                severity="warning",
            )
        )
    return notes
