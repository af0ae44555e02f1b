"""Person names: the requester's own names wherever they appear, and capitalised words after a
greeting ("Hi Maria,"), a sign-off ("Best regards,\\nAnna Schmidt") or a self-introduction.

Names run last: by then emails, addresses and phone numbers are blanked out, so what is left after
a greeting or sign-off is a capitalised word to judge, and street names ("Maria Ville") already
belong to an address.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from kb.redact.text import EMAIL_MASK, MASK, folded, word_set
from kb.text import GREETINGS, SIGNOFFS, phrase_pattern

__all__ = ["RequesterNames", "find_names", "requester_names"]


_TITLES = word_set(
    "mr mrs ms miss mx dr prof sir madam herr frau monsieur madame mademoiselle m mme mlle dipl.-ing ing univ.prof"
)
_PARTICLES = word_set("van von der den de du des la le di da del dos ter ten zu mc st")
_CONNECTORS = word_set("and & und et y")
# Capitalised words that cannot be part of a name: they start the next sentence.
_SENTENCE_WORDS = word_set(
    """i i'm i\u2019m im we my our the this that it its thanks thank sorry please just so also
    again your you yes no ok okay hi hello hey dear sent from kind best regards"""
)
# Words that introduce an address in a mail ("Contact Anna <...>", "Reply to <...>").
_MAIL_WORDS = word_set("contact email e-mail mail write send reply ping ask cc to from via at")
# Capitalised words that follow a greeting or sign-off but are not anybody's name. Some are
# surnames too ("Hope", "Good"), so they only stop a name at its start, not inside it.
_NOT_NAMES = (
    _SENTENCE_WORDS
    | _MAIL_WORDS
    | word_set(
        """everyone everybody all there folks guys people team support helpdesk help desk service
    services customer customers care admin admins administrator colleagues friends zusammen tous
    toutes équipe equipe quick question hope regarding re fw fwd urgent update good morning
    afternoon evening"""
    )
)
# Words after which a run of capitalised words is a company or a team, not a person.
_ORG_WORDS = word_set("team support helpdesk desk service services care customer sales billing it admins")

_GREETING_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t>]*(?i:" + phrase_pattern(GREETINGS) + r")(?!\w)(?P<comma>[ \t]*,)?[ \t]*"
    r"(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
_SIGNOFF_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))[ \t>]*(?P<phrase>--|(?i:" + phrase_pattern(SIGNOFFS) + r"))(?!\w)"
    r"(?P<sep>[ \t]*[,!.:;\u2014\u2013-]+[ \t]*(?:\n[ \t>]*)?|[ \t]*\n[ \t>]*|[ \t]+)"
    r"(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
# Sign-offs that are also ordinary words ("Best practices", "Regards to the team") need a comma,
# a dash or a line break before the name.
_SIGNOFF_NEEDS_PUNCT = ("best", "regards", "kind", "warm", "yours", "sincerely", "all", "lg", "vg",
                        "mfg", "gruß", "grüße", "take", "talk", "br")  # fmt: skip
# Mail headers quoted in a ticket: "From: Anna Schmidt", "De : Marie Dupont".
_HEADER_RE = re.compile(
    r"^[ \t>]*(?i:from|to|cc|bcc|reply-to|sender|requester|contact|name|von|an|de|à|nom)[ \t]*:"
    r"[ \t]*[\"']?(?P<rest>[^\n]{1,80})",
    re.MULTILINE,
)
# "Anna Schmidt <[email]>", "\"Schmidt, Anna\" <...>", "On Monday, Anna Schmidt wrote:". Emails are
# blanked by the time names are looked for, with a mask character of their own.
_BEFORE_ADDRESS_ANCHOR_RE = re.compile(
    # (a part of the name may already be blanked: "Heinz [name] <...>")
    rf"[ \t]*(?:{MASK}+[ \t]*)?[<(\[]?{EMAIL_MASK}+|[ \t]+(?i:wrote|schrieb|a[ \t]+écrit)[ \t]*:"
)
# An anchor is a blanked email or one of these words (in folded text); most texts have neither.
_WROTE_WORDS = ("wrote", "schrieb", "écrit")
_NAME_BEFORE_ADDRESS_RE = re.compile(
    r"(?<![\w'\u2019.-])(?P<name>(?:[^\W\d_][\w'\u2019.-]*,?[ \t]+){0,3}[^\W\d_][\w'\u2019.-]*[\"']?)$"
)
_INTRO_PHRASE = (
    r"my[ \t]+name[ \t]+is|i[ \t]+am|i'm|i\u2019m|mein[ \t]+name[ \t]+ist|ich[ \t]+bin"
    r"|je[ \t]+m'appelle|je[ \t]+m\u2019appelle|je[ \t]+suis"
)
_INTRO_RE = re.compile(rf"(?<!\w)(?i:{_INTRO_PHRASE})[ \t]+(?P<rest>[^\n]{{1,60}})")
# The phrase alone, looked for in folded(text): it starts with a letter the regex engine jumps to,
# while _INTRO_RE starts with a look-behind tried at every position. No introduction can start
# before the first phrase.
_INTRO_PHRASE_RE = re.compile(_INTRO_PHRASE)
_PARTICLE = r"(?i:" + "|".join(sorted(_PARTICLES)) + r")"
_PARTICLES_THEN_NAME_RE = re.compile(rf"(?:{_PARTICLE}[ \t]+)+[A-ZÀ-ÖØ-Þ]")
_NAME_AFTER_CONNECTOR_RE = re.compile(r"[ \t]+[A-ZÀ-ÖØ-Þ]")
_TRAILING_PARTICLES_RE = re.compile(rf"(?:[ \t]+{_PARTICLE})+(?=[ \t]*(?:$|[,.!;:]))")
_NAME_WORD_RE = re.compile(r"[ \t]*(?P<word>[^\W\d_](?:[\w'\u2019-]*[^\W_])?\.?|&)")
# What may follow a name in a sign-off: the end, punctuation, a signature separator, or "from".
_AFTER_SIGNOFF_NAME_RE = re.compile(
    r"[ \t]*(?:$|[,.!;:)|(/@<\[\"'\x00\x01\u2013\u2014-]|(?:from|at|for|and|und|et|de|chez|von|bei)\b)",
    re.IGNORECASE,
)
_AFTER_GREETING_NAME_RE = re.compile(r"[ \t]*(?:$|[,.!;:)\u2013\u2014-]|(?:and|&|und|et)\b)", re.IGNORECASE)


def _name_spans(rest: str, base: int, follow: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The capitalised names at the start of ``rest``: titles skipped, particles kept inside.

    With ``follow`` given, the names count only if what comes after them matches it: "Thanks,
    Acme Sync 4.2 works" is not a sign-off with a name.
    """
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None
    pos = 0  # where the text after the names starts
    after_title = False
    while True:
        found = _NAME_WORD_RE.match(rest, pos)
        if not found:
            break
        word, word_start, word_end = found.group("word"), found.start("word"), found.end("word")
        bare = word.rstrip(".").lower()
        # After a title ("Dear Ms Hope") or inside a name, only sentence words end the name.
        stop_words = _NOT_NAMES if current is None and not after_title else _SENTENCE_WORDS
        # All capitals: a name in a shouting mail ("Hi MARIA"), but not "IT" or "HR".
        capitalised = word[0].isupper() and bare not in stop_words and (not word.isupper() or len(bare) >= 3)
        if bare in _ORG_WORDS and (current is not None or spans):
            return []  # "Hello Acme Support": a team, not a person
        if current is None and not spans and bare in _TITLES:
            pos = word_end  # "Dear Mr. Smith": the title stays
            after_title = True
        elif capitalised or (len(bare) == 1 and word.endswith(".") and current is not None):
            # A name word, or an initial inside a name ("John F. Kennedy").
            end = word_end if len(bare) == 1 else word_start + len(word.rstrip("."))
            current = [word_start if current is None else current[0], end]
            pos = end
        elif bare in _PARTICLES and _PARTICLES_THEN_NAME_RE.match(rest, word_start):
            # "van der Dussen", "Ludwig van Beethoven": only when a capitalised word follows.
            if current is None:
                current = [word_start, word_start]
            pos = word_end
        elif bare in _CONNECTORS and current is not None:
            spans.append((current[0], current[1]))  # "Maria and Tom"
            current = None
            pos = word_end
            if not _NAME_AFTER_CONNECTOR_RE.match(rest, pos):
                pos = spans[-1][1]  # "Thanks John and good luck": "and" is what follows
                break
        else:
            break
    if current is not None:
        # Particles that end the line belong to the name ("Erica Dussen van").
        trailing = _TRAILING_PARTICLES_RE.match(rest, current[1])
        if trailing:
            current[1] = pos = trailing.end()
        spans.append((current[0], current[1]))
    spans = [(start, end) for start, end in spans if start < end]
    if not spans or (follow is not None and not follow.match(rest, pos)):
        return []
    return [(base + start, base + end) for start, end in spans]


# Greetings, sign-offs and mail headers start a line or follow a sentence's end; trying the
# patterns there only finds what a scan of the whole text finds, at a fraction of the cost.
# (The same ends as r"\n|[.!?][ \t]", with a fixed first character the regex engine jumps to.)
_SENTENCE_BREAK_RE = re.compile(r"[\n.!?](?:(?<=\n)|[ \t])")


def _matches_at(regex: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)`` for a regex that can only match at one of ``starts`` (ascending)."""
    end = 0
    for start in starts:
        if start >= end and (match := regex.match(text, start)):
            yield match
            end = match.end()


def _find_greeting_names(text: str, lower: str) -> Iterator[tuple[int, int]]:
    """Names after greetings, sign-offs, self-introductions and mail header fields."""
    starts = [0, *(match.end() for match in _SENTENCE_BREAK_RE.finditer(text))]
    for match in _matches_at(_GREETING_RE, text, starts):
        # "Hi Maria thanks for ..." names right away; "Hi, Quick question" must end at punctuation.
        follow = _AFTER_GREETING_NAME_RE if match.group("comma") else None
        yield from _name_spans(match.group("rest"), match.start("rest"), follow)
    for match in _matches_at(_SIGNOFF_RE, text, starts):
        phrase = match.group("phrase").lower()
        if phrase.startswith(_SIGNOFF_NEEDS_PUNCT) and not match.group("sep").strip(" \t"):
            continue
        yield from _name_spans(match.group("rest"), match.start("rest"), _AFTER_SIGNOFF_NAME_RE)
    if first := _INTRO_PHRASE_RE.search(lower):
        for match in _INTRO_RE.finditer(text, first.start()):
            yield from _name_spans(match.group("rest"), match.start("rest"), None)
    for match in _matches_at(_HEADER_RE, text, starts):
        yield from _name_spans(match.group("rest"), match.start("rest"), _AFTER_SIGNOFF_NAME_RE)


def _find_names_before_emails(text: str, lower: str) -> Iterator[tuple[int, int]]:
    """The name right before an address: "Anna Schmidt <[email]>", "Anna Schmidt wrote:"."""
    # An anchor holds a blanked email or a "wrote" word, and no line break: none starts before the
    # line of the first of them.
    found = [i for i in (text.find(EMAIL_MASK), *(lower.find(word) for word in _WROTE_WORDS)) if i >= 0]
    if not found:
        return
    for anchor in _BEFORE_ADDRESS_ANCHOR_RE.finditer(text, text.rfind("\n", 0, min(found)) + 1):
        # Keep the words that are names, walking back from the address, so "Reply from Anna
        # <...>" gives "Anna". Looking back from an anchor keeps the scan linear.
        window_start = max(text.rfind("\n", 0, anchor.start()) + 1, anchor.start() - 100)
        before = _NAME_BEFORE_ADDRESS_RE.search(text, window_start, anchor.start())
        if not before:
            continue
        words = list(_NAME_WORD_RE.finditer(before.group("name")))
        start = None
        for word in reversed(words):
            bare = word.group("word").rstrip(".").lower()
            if bare in _ORG_WORDS:
                start = None
                break
            if bare in _SENTENCE_WORDS | _MAIL_WORDS or not (word.group("word")[0].isupper() or bare in _PARTICLES):
                break
            start = word.start("word")
        if start is not None:
            base = before.start("name")
            end = len(before.group("name").rstrip(" \t\"',").rstrip())
            yield base + start, base + end


class RequesterNames(NamedTuple):
    """Every spelling of the requester's names, longest first, so "Anna Schmidt" is one finding
    rather than two.

    Names in ASCII letters are looked for word by word in folded(text), starting where a first
    word occurs: a regex of them, compiled afresh for every ticket's requester, cost more than
    the search itself. Names in other letters go through one case-insensitive regex, since their
    case rules are subtler than folded() knows.
    """

    spellings: tuple[tuple[str, ...], ...]  # ASCII names: each spelling as its words, in lower case
    first_words: frozenset[str]
    regex: re.Pattern[str] | None  # other names


@functools.lru_cache(maxsize=256)
def requester_names(names: tuple[str, ...]) -> RequesterNames | None:
    """What to look for to find the requester's ``names``: the full names, surnames with their
    particles, each name and each part of a hyphenated one."""
    variants: set[str] = set()
    for name in names:
        full = " ".join(name.split())
        tokens = [t.strip(".,;:()\"'") for t in full.split(" ")]
        tokens = [t for t in tokens if t and t.lower().rstrip(".") not in _TITLES | _PARTICLES]
        words = full.split(" ")
        if len(full) >= 2 and any(w.lower().rstrip(".") not in _TITLES | _PARTICLES for w in words):
            variants.add(full)
        # "dos Santos", "von der Heide": surnames with particles, found as a whole (but not a
        # bare "von der", which is ordinary German).
        variants.update(
            " ".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 2, len(words) + 1)
            if any(word.lower().rstrip(".") not in _TITLES | _PARTICLES for word in words[i:j])
        )
        for token in tokens:
            if not token.endswith(".") and len(token) >= 2:
                variants.add(token)
                variants.update(part for part in token.split("-") if len(part) >= 2)
    # re.IGNORECASE folds one character at a time, so "PREISS" needs "preiss" next to "Preiß".
    variants |= {variant.casefold() for variant in variants}
    if not variants:
        return None
    longest_first = sorted(variants, key=len, reverse=True)
    if all(variant.isascii() for variant in variants):
        spellings = tuple(dict.fromkeys(tuple(variant.lower().split(" ")) for variant in longest_first))
        return RequesterNames(spellings, frozenset(spelling[0] for spelling in spellings), None)
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in variant.split(" ")) for variant in longest_first)
    return RequesterNames((), frozenset(), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))


def _find_requester_names(text: str, lower: str, requester: RequesterNames) -> Iterator[tuple[int, int]]:
    # Every occurrence, whatever the case: a requester called Will Young also turns "I will try"
    # into "I [name] try". An agent fixes that in review; a leaked name cannot be taken back.
    if requester.regex is not None:
        for match in requester.regex.finditer(text):
            yield match.span()
        return
    # What the regex (?<!\w)(?:spelling|...)(?!\w) would find, words joined by \s+: ASCII letters
    # match case-insensitively exactly where folded(text) has them in lower case.
    starts: set[int] = set()
    for word in requester.first_words:
        position = lower.find(word)
        while position >= 0:
            starts.add(position)
            position = lower.find(word, position + 1)
    end = 0
    for start in sorted(starts):
        if start >= end and not (start and _is_word(text[start - 1])):
            found = _spelling_end(text, lower, start, requester.spellings)
            if found is not None:
                yield start, found
                end = found


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _spelling_end(text: str, lower: str, start: int, spellings: tuple[tuple[str, ...], ...]) -> int | None:
    """Where the first spelling that occurs at ``start`` as whole words ends, if one does."""
    for words in spellings:
        position = start
        for index, word in enumerate(words):
            if index:
                after_space = position
                while after_space < len(text) and text[after_space].isspace():
                    after_space += 1
                if after_space == position:
                    break
                position = after_space
            if not lower.startswith(word, position):
                break
            position += len(word)
        else:
            if position == len(text) or not _is_word(text[position]):
                return position
    return None


def find_names(text: str, requester: RequesterNames | None) -> Iterator[tuple[int, int]]:
    """The requester's names (see :func:`requester_names`), then names in context."""
    lower = folded(text)
    if requester is not None:
        yield from _find_requester_names(text, lower, requester)
    yield from _find_greeting_names(text, lower)
    yield from _find_names_before_emails(text, lower)
