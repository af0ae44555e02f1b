"""Configured patterns (``[tool.kb.redact_patterns]``): validated once, each with its own placeholder.

An operator names a pattern after what it finds ("order", "account") and that name becomes the
placeholder (``[order]``), so the draft still says what was there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from kb.errors import ConfigError

__all__ = ["CustomPattern", "compile_patterns", "compiled_patterns", "custom_finder"]


@dataclass(frozen=True)
class CustomPattern:
    """A configured pattern (``[tool.kb.redact_patterns]``): its placeholder kind and regex.

    When the regex has a group named ``value``, only that group is replaced, so a pattern such as
    ``order\\s*#?(?P<value>\\d{6})`` keeps the word "order" readable in the draft.
    """

    kind: str
    regex: re.Pattern[str]


_KIND_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def compile_patterns(patterns: Mapping[str, str]) -> tuple[CustomPattern, ...]:
    """Validate and compile ``Settings.redact_patterns`` (name → regex).

    Every problem is reported at once in one ``ConfigError`` naming the pattern and what is wrong.
    """
    compiled: list[CustomPattern] = []
    problems: list[str] = []
    for name, source in patterns.items():
        where = f"redact_patterns '{name}'"
        kind = name.strip().lower() if isinstance(name, str) else ""
        if not _KIND_RE.fullmatch(kind):
            problems.append(
                f"{where}: the name becomes the placeholder [{name}], so it must be a short word "
                "(letters, digits, '_' or '-', starting with a letter)"
            )
            continue
        if not isinstance(source, str) or not source.strip():
            problems.append(f"{where}: the pattern must be a non-empty string, got {source!r}")
            continue
        try:
            regex = re.compile(source)
        except re.error as exc:
            problems.append(f"{where}: bad regex {source!r}: {exc}")
            continue
        # A pattern that can match nothing at all would "find" an empty value at every position.
        if regex.fullmatch(""):
            problems.append(f"{where}: the regex {source!r} matches the empty string")
            continue
        compiled.append(CustomPattern(kind, regex))
    if problems:
        raise ConfigError(
            "invalid redaction patterns:\n  " + "\n  ".join(problems),
            'fix [tool.kb.redact_patterns] in pyproject.toml (name = "regex", Python re syntax)',
        )
    return tuple(compiled)


@functools.lru_cache(maxsize=64)
def compiled_patterns(items: tuple[tuple[str, str], ...]) -> tuple[CustomPattern, ...]:
    # Settings hand the same mapping to every ticket of an ingest run: compile it once.
    return compile_patterns(dict(items))


def custom_finder(pattern: CustomPattern) -> Callable[[str], Iterator[tuple[int, int]]]:
    """A detector for ``pattern``: its ``value`` group where it has one, else the whole match."""
    return functools.partial(_find_custom, pattern, _start_regex(pattern.regex))


def _start_regex(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    r"""The pattern without a leading ``\b``, or None.

    Configured patterns tend to start with ``\b`` ("\bORD-\d{6}\b"), which keeps the regex engine
    from jumping to their first literal: it tries every position of the text instead. Without it,
    the pattern matches wherever the whole one does, so its first match is where the whole one's
    scan can start, and a text without one is skipped at once.
    """
    if not regex.pattern.startswith("\\b"):
        return None
    try:
        return re.compile(regex.pattern[2:], regex.flags)
    except re.error:
        return None


def _find_custom(pattern: CustomPattern, start: re.Pattern[str] | None, text: str) -> Iterator[tuple[int, int]]:
    position = 0
    if start is not None:
        first = start.search(text)
        if first is None:
            return
        position = first.start()
    has_value = "value" in pattern.regex.groupindex
    for match in pattern.regex.finditer(text, position):
        span = match.span("value") if has_value and match.group("value") else match.span()
        if span[0] < span[1]:
            yield span
