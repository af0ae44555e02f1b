"""Steps from an instruction sentence: "choose A, pick B, set C and click D" is four steps.

An agent writes a procedure as a list, as one sentence of clauses joined by commas, "then" and
"and", or as separate sentences ("First … Next … Finally …"). Each clause that starts with an
instruction verb becomes its own step. Menu paths (``Settings > Vault``), quoted labels, code
and parentheses are never cut, and every step keeps the agent's words exactly.
"""

from __future__ import annotations

import re

from kb.drafting.roles import INSTRUCTION_VERBS, imperative

__all__ = ["split_instruction"]

# Spans whose commas and "and"s belong to them: quotes, code, brackets, and menu paths.
_PROTECTED_RE = re.compile(
    r"\"[^\"]{0,200}\"|“[^”]{0,200}”|'[^'\n]{1,80}'(?!\w)|`[^`]{0,200}`|\([^()]{0,200}\)|\[[^\[\]]{0,200}\]|"
    r"[^\s,;]+(?:\s*(?:>|→|»)\s*[^,;>→»]+?)+(?=[,;.]|\s+(?:and|then)\b|$)"
)
# Where one clause may end and the next begin: "; ", ", then ", " then ", ", and ", " and ", ", ".
_JOINT_RE = re.compile(
    r"\s*;\s*(?:then\s+|and\s+)?|,\s*(?:and\s+)?then\s+|\s+and\s+then\s+|\s+then\s+|,\s*and\s+|\s+and\s+|,\s*",
    re.IGNORECASE,
)
_LEAD_WORDS_RE = re.compile(
    r"^(?:(?:next|finally|lastly|after\s+that|afterwards|now|also|once\s+done|please|just|simply)\s*,?\s+)+",
    re.IGNORECASE,
)


def _protected(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PROTECTED_RE.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _starts_instruction(clause: str) -> bool:
    text = _LEAD_WORDS_RE.sub("", clause.strip())
    verb = re.match(r"[A-Za-z-]+", text)
    return bool(verb and verb.group(0).lower() in INSTRUCTION_VERBS) or imperative(text) is not None


# Verbs that make a step alone ("then restart"); any other lone verb after "and" or "then" is a
# label being clicked ("click Invoices and then Export").
_ALONE = frozenset("restart reboot wait retry right-click double-click save refresh reload relaunch".split())  # noqa: SIM905


def _next_is_step(rest: str) -> bool:
    if not _starts_instruction(rest):
        return False
    clause = _JOINT_RE.split(_LEAD_WORDS_RE.sub("", rest.strip()), maxsplit=1)[0].strip(" .!")
    words = clause.split()
    return len(words) >= 2 or (bool(words) and words[0].lower() in _ALONE)


def split_instruction(sentence: str) -> list[str]:
    """The steps of one instruction sentence, each a sentence of its own; the sentence itself
    (as :func:`~kb.drafting.roles.imperative` words it) when it is one step."""
    step = imperative(sentence)
    if step is None:
        return []
    spans = _protected(step)
    cuts: list[tuple[int, int]] = []
    segment = 0
    for joint in _JOINT_RE.finditer(step):
        if _inside(joint.start(), spans) or _inside(joint.end() - 1, spans):
            continue
        # Cut only between two instructions: "In Excel, choose …" keeps its context.
        if _starts_instruction(step[segment : joint.start()]) and _next_is_step(step[joint.end() :]):
            cuts.append((joint.start(), joint.end()))
            segment = joint.end()
    if not cuts:
        return [step]
    clauses: list[str] = []
    start = 0
    for cut_start, cut_end in cuts:
        clauses.append(step[start:cut_start])
        start = cut_end
    clauses.append(step[start:])
    steps: list[str] = []
    for n, clause in enumerate(clauses):
        clause = clause.strip().rstrip(",;")
        if n:
            clause = _LEAD_WORDS_RE.sub("", clause)
        if not clause:
            continue
        clause = clause[:1].upper() + clause[1:]
        steps.append(clause if clause[-1] in ".!:" else clause + ".")
    return steps
