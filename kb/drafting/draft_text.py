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
from kb.drafting.roles import INSTRUCTION_VERBS, Role, imperative, sentence_role
from kb.drafting.steps import split_instruction
from kb.drafting.symptoms import if_title
from kb.text import GREETINGS, SIGNOFFS, phrase_pattern, split_sentences

__all__ = [
    "cause_sentences",
    "clean_message",
    "escape_markdown",
    "informative_sentences",
    "is_symptom",
    "plain_line",
    "resolution_steps",
    "step_key",
    "summary_from_steps",
    "task_title",
    "without_signature",
]

MAX_TITLE_CHARS = 90
MAX_STEPS = 12
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
_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·]|step\s+\d{1,2}\s*[:.)-]?)\s+(?P<item>\S.*)$", re.IGNORECASE)
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
    r"crash(?:es|ed|ing)?|stuck|missing|wrong|slow|freez(?:e|es|ing)|hangs?|offline|denied|invalid|garbled|"
    r"blank|corrupt(?:ed)?|unable|disappear(?:ed|s)?|gone|lost|duplicated?|empty|out\s+of\s+sync|timeout|"
    r"timed\s+out|rejected|declined|blocked|locked\s+out|full|never\s+arrives?|doesn'?t\s+open|forgot|forgotten)\b",
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


_NAME_LINE_RE = re.compile(r"^(?:\[name\]|[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2})[.!]?$")


def without_signature(text: str) -> str:
    """A customer's message without the thanks and name it ends on ("… look garbled. Thanks, Maria")."""
    sentences = _sentences(text)
    trailing = 0
    for sentence in reversed(sentences):
        bare = sentence.strip().rstrip(",")
        if _NAME_LINE_RE.match(bare) or sentence_role(bare) in (Role.SIGNOFF, Role.GREETING):
            trailing += 1
            continue
        words = bare.split()
        # "… garbled. Maria" and "Thanks, Maria": a sign-off word, then a name.
        if len(words) <= 4 and _SIGNOFF_RE.match(bare):
            trailing += 1
            continue
        break
    if trailing == len(sentences):
        return text
    kept = " ".join(sentences[: len(sentences) - trailing]) if trailing else text.rstrip()
    # A name glued to the last sentence by the sentence splitter ("garbled. Maria").
    return re.sub(r"([.!?])\s+(?:\[name\]|[A-Z][a-z]+)$", r"\1", kept)


# A signature name on the reply's last line, redacted: "… restart the computer. [name]".
_TRAILING_NAME_RE = re.compile(r"(?<=[.!?])\s+(?:-+\s*)?\[name\][.!]?$")


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = _TRAILING_NAME_RE.sub("", " ".join(paragraph.split()))
        if flat:
            sentences.extend(s.strip() for s in split_sentences(flat) if s.strip())
    return sentences


_CHATTER = frozenset({Role.GREETING, Role.EMPATHY, Role.OFFER, Role.SIGNOFF})


def _is_pleasantry(sentence: str) -> bool:
    return sentence_role(sentence) in _CHATTER


def resolution_steps(resolution: str) -> list[str]:
    """Numbered steps from the agent's resolving reply: its list items if it has a list, else its
    instruction sentences, each cut into its clauses ("choose A, pick B and click C" is three
    steps; lead-ins like "Please" or "You can" removed). At most ``MAX_STEPS``."""
    items = [m.group("item").strip() for line in resolution.splitlines() if (m := _LIST_ITEM_RE.match(line))]
    steps: list[str] = []
    if len(items) >= 2:
        for item in items:
            steps.extend(split_instruction(item) or [_as_sentence(item)])
    else:
        for sentence in _sentences(resolution):
            if sentence_role(sentence) is Role.INSTRUCTION:
                steps.extend(split_instruction(sentence))
    unique = list(dict.fromkeys(_clip(step, MAX_STEP_CHARS) for step in steps if step))
    return unique[:MAX_STEPS]


def cause_sentences(text: str, limit: int = 2) -> list[str]:
    """The reply's explanation of why the problem happened ("Excel assumes a legacy encoding.")."""
    prose = "\n".join(line for line in text.splitlines() if not _LIST_ITEM_RE.match(line))
    found = [_clip(s, MAX_STEP_CHARS) for s in _sentences(prose) if sentence_role(s) is Role.CAUSE]
    return found[:limit]


def informative_sentences(text: str, exclude: Iterable[str] = (), limit: int = 6) -> list[str]:
    """Sentences worth keeping as detail: what the customer should see afterwards and other facts;
    not greetings, sympathy, offers or sign-offs, not questions back to the customer, not steps,
    not in ``exclude``."""
    skip = {_key(s) for s in exclude}
    kept: list[str] = []
    # List items are steps (see resolution_steps); only the prose around them can be detail.
    prose = "\n".join(line for line in text.splitlines() if not _LIST_ITEM_RE.match(line))
    for sentence in _sentences(prose):
        role = sentence_role(sentence)
        if role in _CHATTER or role is Role.INSTRUCTION or _ASKS_RE.search(sentence) or len(sentence) < 12:
            continue
        instruction = imperative(sentence)
        if _key(sentence) in skip or (instruction and _key(instruction) in skip):
            continue
        kept.append(_clip(sentence, MAX_STEP_CHARS))
        if len(kept) >= limit:
            break
    return kept


def step_key(step: str) -> str:
    """A step compared with others: case and spacing ignored, no final full stop."""
    return " ".join(step.lower().split()).rstrip(".")


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


_FILLER_RE = re.compile(
    r"^(?:(?:need\s+|some\s+|urgent\s+)?(?:assistance|help|support|question|questions|inquiry|enquiry|query|issue|issues|"
    r"problem|problems|trouble|request)\s+(?:with|about|regarding|re|on|for|concerning)\s+|"
    r"(?:regarding|concerning|about|re)\s+)",
    re.IGNORECASE,
)


def task_title(subject: str, fallback: str = "") -> str:
    """A title that names the task or the problem, from a ticket subject.

    "Re: How do I export my invoices?" → "Export your invoices"; a symptom becomes the situation the
    article fixes, in the words customers search for ("Printer offline after update" → "If the
    printer is offline after update", see :mod:`kb.drafting.symptoms`); filler such as
    "Assistance with" goes. An empty subject falls back to the start of ``fallback`` (the customer's first
    sentence).
    """
    text = plain_line(_SUBJECT_NOISE_RE.sub("", subject))
    text = _FILLER_RE.sub("", text).strip()
    if not text:
        first = _sentences(fallback)[:1]
        text = plain_line(first[0]) if first else ""
    text = text.rstrip("?!. ")
    if not text:
        return "Untitled problem from a support ticket"
    how_to = _HOW_TO_RE.match(text)
    if not how_to and not _is_task(text) and not _SYMPTOM_RE.search(text):
        # "Medical Data Security" names a topic; the customer's own "How do I …?" names the task.
        for sentence in _sentences(fallback)[:4]:
            asked = _HOW_TO_RE.match(plain_line(sentence).rstrip("?!. "))
            if asked and sentence.rstrip().endswith("?"):
                how_to = asked
                break
    if how_to:
        task = _swap_pronouns(how_to.group("task")).strip()
        title = task[:1].upper() + task[1:]
    elif _SYMPTOM_RE.search(text) and not _is_task(text):
        title = if_title(_swap_pronouns(text), fallback)  # "If Dropbox sync is stuck"
    else:
        title = _swap_pronouns(text[:1].upper() + text[1:])
    return _clip(title, MAX_TITLE_CHARS).rstrip("…").strip()


def is_symptom(text: str) -> bool:
    """Whether ``text`` describes something going wrong ("fails", "can't", "garbled", an error)."""
    return bool(_SYMPTOM_RE.search(text))


def _is_task(title: str) -> bool:
    verb = re.match(r"[A-Za-z-]+", title)
    return bool(verb and verb.group(0).lower() in INSTRUCTION_VERBS) and not _SYMPTOM_RE.search(title)


def _joined(clauses: Sequence[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


def summary_from_steps(steps: Sequence[str], fallback: Sequence[str] = (), title: str = "") -> str:
    """One self-contained sentence that answers: "To <task>, <step>, <step> and <step>." for a
    task, "If <symptom>, <step> and <step>." for a problem; as many of the first steps as fit.
    Without steps, the first informative sentence (never a greeting or an offer)."""
    # A step with a placeholder ("set Password=[secret]") stays a step: cut out of a summary it
    # would read "set Password= and …".
    clauses = [plain_line(s, summary=True).rstrip(".!:") for s in steps[:4] if not _PLACEHOLDER_RE.search(s)]
    clauses = [c for c in clauses if c]
    if clauses:
        name = plain_line(title, summary=True).rstrip(".?!")
        if name and _is_task(name):
            opening = f"To {_lower_first(name)}, "
        elif name.lower().startswith("if "):  # a symptom's title is already the clause
            opening = f"If {name[3:]}, "
        elif name and _SYMPTOM_RE.search(name):
            opening = if_title(name) + ", "
        else:
            opening = ""
        for count in range(len(clauses), 0, -1):
            for start in (opening, ""):
                parts = [c if n == 0 and not start else _lower_first(c) for n, c in enumerate(clauses[:count])]
                body = _joined(parts)
                candidate = f"{start}{body}."
                candidate = candidate[:1].upper() + candidate[1:]
                if len(candidate) <= MAX_SUMMARY_CHARS and len(split_sentences(candidate)) == 1:
                    return candidate
    for sentence in [*steps[:1], *fallback]:
        candidate = plain_line(sentence, summary=True).strip()
        if not candidate or _is_pleasantry(candidate):
            continue
        if candidate[-1] not in ".!":
            candidate = candidate.rstrip(":?") + "."
        if len(candidate) > MAX_SUMMARY_CHARS:
            candidate = _clip(candidate, MAX_SUMMARY_CHARS - 1).rstrip("….!?") + "."
        if len(split_sentences(candidate)) == 1:
            return candidate
    return "Follow the steps below to fix this problem."


def escape_markdown(text: str) -> str:
    """Ticket text made inert for a Markdown page: no HTML, no Jinja-like braces, no links, no
    headings or quotes, no indented code, no setext underlines. Line breaks and paragraphs are
    kept, and so are ">" and "&" where Markdown reads them as text."""
    # "Data > From Text/CSV" and "Q&A" stay as written: only "<" can open a tag, only an "&" that
    # spells an entity ("&lt;") would turn into another character, only a ">" first on a line quotes.
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text.replace("\\", "\\\\"))
    text = text.replace("<", "&lt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;").replace("`", "\\`").replace("|", "&#124;")
    text = text.replace("](", "]\\(").replace("![", "!\\[")
    lines: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("#", ">")):
            line = "\\" + line
        elif line and set(line) <= set("-=_*+ ") and len(line.replace(" ", "")) >= 2:
            line = "\\" + line  # a rule or a setext underline would change the page's structure
        lines.append(line)
    return "\n".join(lines)
