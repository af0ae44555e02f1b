"""Extractive drafting: the pieces of a quick-guide article, cut from a redacted ticket's own words.

Nothing is generated: the title is the subject turned into a task, the problem is the customer's
first message without greetings, quotes and signatures, the steps are the agent's instructions
from the resolving reply, and the summary is the first one or two of those steps. Every function
here is pure and takes text that is already redacted.

``escape_markdown`` makes ticket text inert on the page: no raw HTML, no Jinja-like braces, no
links, no headings or setext underlines that would change the article's sections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kb.content import MAX_SUMMARY_CHARS
from kb.text import GREETINGS, SIGNOFFS, phrase_pattern, split_sentences

__all__ = [
    "clean_message",
    "escape_markdown",
    "informative_sentences",
    "plain_line",
    "resolution_steps",
    "summary_from_steps",
    "task_title",
]

MAX_TITLE_CHARS = 90
MAX_STEPS = 8
MAX_STEP_CHARS = 300

_GREETING_RE = re.compile(
    r"^\s*" + phrase_pattern(GREETINGS) + r"\b(?:[ \t]+[\w.'-]+){0,4}[ \t]*[,!.:]?[ \t]*(?:\n|$)",
    re.IGNORECASE,
)
_SIGNOFF_RE = re.compile(r"^\s*" + phrase_pattern(SIGNOFFS) + r"(?!\w)[^\n]{0,40}$", re.IGNORECASE)
_INLINE_GREETING_RE = re.compile(r"^\s*" + phrase_pattern(GREETINGS) + r"\b[^,.!?\n]{0,40}[,!]\s*", re.IGNORECASE)
# Where quoted history starts: "On … wrote:", an Outlook header block, a forwarded message.
_QUOTE_START_RE = re.compile(
    r"^\s*(?:on\s.{0,200}\bwrote:\s*$|from:\s|-{2,}\s*original message\s*-{2,}|-{2,}\s*forwarded message|"
    r"sent from my\s)",
    re.IGNORECASE,
)
_SIGNATURE_RE = re.compile(r"^\s*--\s*$")
_PLEASANTRY_RE = re.compile(
    r"^(?:thanks?\b|thank\s+you|many\s+thanks|i\s+hope\s+(?:this|that)|hope\s+(?:this|that)|let\s+(?:me|us)\s+know|"
    r"please\s+(?:do\s+not|don'?t)\s+hesitate|feel\s+free|have\s+a\s+(?:great|nice|good|lovely)|"
    r"(?:i'?m|we'?re|i\s+am|we\s+are)\s+(?:sorry|happy|glad)|sorry\s+(?:for|about)|apologies|"
    r"glad\s+(?:it|that|to)|great\s+to\s+hear|you'?re\s+welcome|no\s+problem|any\s+other\s+questions|"
    r"if\s+you\s+(?:have|need)\s+(?:any|more|further)|it\s+was\s+(?:a\s+)?pleasure|"
    r"(?:i|we)\s+(?:have\s+)?(?:escalated|forwarded|passed)|(?:i'?ll|we'?ll)\s+(?:close|mark)|"
    r"this\s+ticket|marking\s+(?:this|the)\s+ticket|closing\s+(?:this|the)\s+ticket)",
    re.IGNORECASE,
)
_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·]|step\s+\d{1,2}\s*[:.)-]?)\s+(?P<item>\S.*)$", re.IGNORECASE)
_LEAD_IN_RE = re.compile(
    r"^(?:(?:first(?:ly)?|second(?:ly)?|then|next|finally|after\s+that|afterwards|now|also|and|so|once\s+done)"
    r"\s*,?\s+)*(?:please\s+|kindly\s+|just\s+|simply\s+)?(?:(?:you\s+(?:can|could|should|will\s+need\s+to|"
    r"need\s+to|have\s+to|must|may\s+want\s+to)|you'?ll\s+need\s+to|could\s+you|can\s+you|would\s+you)\s+)?"
    r"(?:please\s+|just\s+|simply\s+|also\s+)?",
    re.IGNORECASE,
)
# Verbs an instruction starts with, once the lead-in ("Please", "You can", "Then") is gone.
_INSTRUCTION_VERBS = frozenset(
    """add allow apply approve assign back block boot change check choose clean clear click close configure
    confirm connect contact copy create delete deselect disable disconnect download drag edit empty enable
    enter export find follow force generate go grant hold import install keep launch leave log make move
    navigate open paste pick plug point power press reboot refresh regenerate reinstall reload remove rename
    renew reopen repair replace rerun re-run reset restart restore retry revoke rotate run save scroll search
    select send set share sign start stop switch sync tap toggle try turn type uncheck uninstall unplug update
    upgrade upload use verify visit wait whitelist allowlist write""".split()  # noqa: SIM905
)
_ASKS_RE = re.compile(r"\?\s*$")
_SUBJECT_NOISE_RE = re.compile(
    r"^\s*(?:(?:re|fwd?|fw|aw|wg|sv|tr)\s*:\s*|\[[^\]]{0,40}\]\s*|(?:urgent|help|question|issue|problem|bug)\s*[:!-]\s*)+",
    re.IGNORECASE,
)
_HOW_TO_RE = re.compile(
    r"^(?:how\s+(?:do|can|should|would)\s+(?:i|we|you)\s+|how\s+to\s+|is\s+it\s+possible\s+to\s+|"
    r"can\s+(?:i|we)\s+|(?:i|we)\s+(?:want|need|would\s+like)\s+to\s+|(?:i|we)'d\s+like\s+to\s+|"
    r"where\s+(?:do|can)\s+(?:i|we)\s+)(?P<task>.+)$",
    re.IGNORECASE,
)
_PRONOUNS = {"i": "you", "me": "you", "my": "your", "mine": "yours", "we": "you", "us": "you", "our": "your"}
_PLACEHOLDER_RE = re.compile(r"\[[a-z_]+\]")
_EMPHASIS_RE = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)|\*+|`+")  # markers, not the _ inside ERR_EXPORT_42
_UNSAFE_TITLE = re.compile(r"[<>{}\[\]\\|#]")
_UNSAFE_SUMMARY = re.compile(r"[<{}\[\]\\|#]")  # "Settings > Printers" reads well in a summary
_SYMPTOM_RE = re.compile(
    r"\b(?:fails?|failing|failed|error|errors|broken|not\s+working|doesn'?t|does\s+not|can'?t|cannot|won'?t|"
    r"crash(?:es|ed|ing)?|stuck|missing|wrong|slow|freez(?:e|es|ing)|hangs?|offline|denied|invalid)\b",
    re.IGNORECASE,
)


def _lines_before_quotes(text: str) -> list[str]:
    kept: list[str] = []
    for line in text.splitlines():
        if _QUOTE_START_RE.match(line) or _SIGNATURE_RE.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return kept


def clean_message(text: str) -> str:
    """A message without its greeting, sign-off, signature and quoted history.

    Paragraph breaks are kept; a greeting on its own line ("Hi Sam,") or at the start of the first
    line ("Hi Sam, my printer ...") goes, and everything from a sign-off line near the end goes.
    """
    lines = _lines_before_quotes(text)
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines:
        match = _GREETING_RE.match(lines[0] + "\n")
        if match and match.end() >= len(lines[0]):
            lines.pop(0)
        else:
            lines[0] = _INLINE_GREETING_RE.sub("", lines[0], count=1)
    for position in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        if _SIGNOFF_RE.match(lines[position]):
            del lines[position:]
            break
    cleaned = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", cleaned)


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        if flat:
            sentences.extend(s.strip() for s in split_sentences(flat) if s.strip())
    return sentences


def _is_pleasantry(sentence: str) -> bool:
    return bool(_PLEASANTRY_RE.match(sentence.strip(" \"'")))


def _instruction(sentence: str) -> str | None:
    """``sentence`` as an imperative step ("Please restart the app." → "Restart the app."), or None.

    A question is never a step: "Could you confirm it works?" asks the customer, it does not instruct.
    """
    if _ASKS_RE.search(sentence):
        return None
    body = _LEAD_IN_RE.sub("", sentence.strip(), count=1).strip()
    first = re.match(r"[A-Za-z-]+", body)
    if not first or first.group(0).lower() not in _INSTRUCTION_VERBS:
        return None
    if body[-1] not in ".!:":
        body += "."
    return body[0].upper() + body[1:]


def resolution_steps(resolution: str) -> list[str]:
    """Numbered steps from the agent's resolving reply: its list items if it has a list, else its
    instruction sentences (lead-ins like "Please" or "You can" removed). At most ``MAX_STEPS``."""
    items = [m.group("item").strip() for line in resolution.splitlines() if (m := _LIST_ITEM_RE.match(line))]
    if len(items) >= 2:
        steps = [_instruction(item) or _as_sentence(item) for item in items]
    else:
        steps = [step for s in _sentences(resolution) if not _is_pleasantry(s) and (step := _instruction(s))]
    return [_clip(step, MAX_STEP_CHARS) for step in steps if step][:MAX_STEPS]


def informative_sentences(text: str, exclude: Iterable[str] = (), limit: int = 6) -> list[str]:
    """Sentences worth keeping as detail: not pleasantries, not questions back to the customer, not
    list items already used as steps, not in ``exclude``."""
    skip = {_key(s) for s in exclude}
    kept: list[str] = []
    # List items are steps (see resolution_steps); only the prose around them can be detail.
    prose = "\n".join(line for line in text.splitlines() if not _LIST_ITEM_RE.match(line))
    for sentence in _sentences(prose):
        if _is_pleasantry(sentence) or _ASKS_RE.search(sentence) or len(sentence) < 12:
            continue
        instruction = _instruction(sentence)
        if _key(sentence) in skip or (instruction and _key(instruction) in skip):
            continue
        kept.append(_clip(sentence, MAX_STEP_CHARS))
        if len(kept) >= limit:
            break
    return kept


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _as_sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:" else text + "."


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def plain_line(text: str, *, summary: bool = False) -> str:
    """One line of plain text safe as a title (or, with ``summary``, a summary): no Markdown or HTML
    specials, no placeholders."""
    text = _EMPHASIS_RE.sub("", _PLACEHOLDER_RE.sub("", text))
    text = (_UNSAFE_SUMMARY if summary else _UNSAFE_TITLE).sub(" ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))
    return text.strip(" -,;:")


def _swap_pronouns(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return _PRONOUNS.get(word.lower(), word)

    return re.sub(r"\b(?:I|me|my|mine|we|us|our)\b", swap, text, flags=re.IGNORECASE)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].lower() != first[1:] or any(ch.isdigit() for ch in first)):
        return text  # an acronym, product name or code keeps its case ("VPN", "iOS", "E1234")
    return text[:1].lower() + text[1:]


def task_title(subject: str, fallback: str = "") -> str:
    """A task-style title from a ticket subject.

    "Re: How do I export my invoices?" → "Export your invoices"; a symptom ("Printer shows offline
    after update") → "Fix: printer shows offline after update". An empty subject falls back to the
    start of ``fallback`` (the customer's first sentence).
    """
    text = plain_line(_SUBJECT_NOISE_RE.sub("", subject))
    if not text:
        first = _sentences(fallback)[:1]
        text = plain_line(first[0]) if first else ""
    text = text.rstrip("?!. ")
    if not text:
        return "Untitled problem from a support ticket"
    how_to = _HOW_TO_RE.match(text)
    if how_to:
        task = _swap_pronouns(how_to.group("task")).strip()
        title = task[:1].upper() + task[1:]
    elif (
        (verb := re.match(r"[A-Za-z-]+", text))
        and verb.group(0).lower() in _INSTRUCTION_VERBS
        and not _SYMPTOM_RE.search(text)
    ):
        title = _swap_pronouns(text[:1].upper() + text[1:])
    else:
        title = "Fix: " + _lower_first(_swap_pronouns(text))
    return _clip(title, MAX_TITLE_CHARS).rstrip("…").strip()


def summary_from_steps(steps: Sequence[str], fallback: Sequence[str] = ()) -> str:
    """One sentence stating the fix: the first step, joined with the second when both fit."""
    candidates: list[str] = []
    if len(steps) >= 2:
        first, second = (plain_line(s, summary=True).rstrip(".!:") for s in steps[:2])
        candidates.append(f"{first}, then {_lower_first(second)}.")
    candidates.extend(plain_line(s, summary=True) for s in [*steps[:1], *fallback[:2]])
    for candidate in candidates:
        candidate = candidate.strip()
        if not candidate:
            continue
        if candidate[-1] not in ".!":
            candidate = candidate.rstrip(":?") + "."
        if len(candidate) <= MAX_SUMMARY_CHARS and len(split_sentences(candidate)) == 1:
            return candidate
    first_fit = next((c for c in candidates if c.strip()), "")
    if first_fit:
        clipped = _clip(split_sentences(first_fit)[0], MAX_SUMMARY_CHARS - 1).rstrip("….!?") + "."
        if len(split_sentences(clipped)) == 1:
            return clipped
    return "Follow the steps below to fix this problem."


def escape_markdown(text: str) -> str:
    """Ticket text made inert for a Markdown page: entities for HTML and braces, no links, no
    headings, no indented code, no setext underlines. Line breaks and paragraphs are kept."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;").replace("`", "\\`").replace("|", "&#124;")
    text = text.replace("](", "]\\(").replace("![", "!\\[")
    lines: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            line = "\\" + line
        elif line and set(line) <= set("-=_*+ ") and len(line.replace(" ", "")) >= 2:
            line = "\\" + line  # a rule or a setext underline would change the page's structure
        lines.append(line)
    return "\n".join(lines)
