"""Problems printed as a person can read them: every error, and each kind of warning a few times.

A help centre imported from elsewhere repeats the same warning in every article: Microsoft's
2,461 support articles give 23,756 "unknown front matter field" warnings (their ``ms.author``,
``ms.date``…), which bury the 132 errors (broken links) a writer must fix. So ``kb build`` and
``kb serve`` print every error, each kind of warning :data:`SHOWN_PER_KIND` times, and then how
many of each kind were not printed, with the values they were about. ``kb check`` still lists
every problem, one per line, for scripts and CI.

MkDocs' own warnings (a link to an image that is not there: "Doc file 'a.md' contains a link
'x.png', but the target … is not found") come through its logger, not as kb problems; while a
build runs, :func:`mkdocs_warnings_to` hands them to the same digest.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kb.cli.progress import problem_line

if TYPE_CHECKING:
    from kb.content import Problem

__all__ = ["SHOWN_PER_KIND", "WarningDigest", "mkdocs_warnings_to", "warning_kind"]

SHOWN_PER_KIND = 5
_NAMED_PER_KIND = 5  # values named in the closing count: "'ms.author', 'ms.date', …"
_QUOTED = re.compile(r"'[^']*'")


def warning_kind(message: str) -> str:
    """What a warning says without what it is about: "unknown front matter field '…'"."""
    return _QUOTED.sub("'…'", message)


class WarningDigest:
    """A problem reporter (for :func:`kb.site.build_docs` and :func:`kb.site.prepare`) that echoes
    every error and the first :data:`SHOWN_PER_KIND` warnings of each kind; :meth:`closing` says
    what it left out."""

    def __init__(self, docs_name: str, echo: Callable[[str], None], shown_per_kind: int = SHOWN_PER_KIND) -> None:
        self._docs_name = docs_name
        self._echo = echo
        self._shown = shown_per_kind
        self._seen: Counter[str] = Counter()
        self._named: dict[str, dict[str, None]] = {}
        self._mkdocs: set[str] = set()

    def __call__(self, problem: Problem) -> None:
        if problem.severity == "error":
            self._echo(problem_line(problem, self._docs_name))
        else:
            self.warning(problem.message, problem_line(problem, self._docs_name))

    def warning(self, message: str, line: str, mkdocs: bool = False) -> None:
        """Count a warning saying ``message`` (``mkdocs``: one MkDocs logged, which kb check does
        not report); echo ``line`` while its kind is under the limit."""
        kind = warning_kind(message)
        self._seen[kind] += 1
        if mkdocs:
            self._mkdocs.add(kind)
        if self._seen[kind] <= self._shown:
            self._echo(line)
            return
        quoted = _QUOTED.search(message)
        named = self._named.setdefault(kind, {})
        if quoted and len(named) <= _NAMED_PER_KIND:  # one past the names shown: then closing() adds "…"
            named.setdefault(quoted.group(), None)

    def closing(self) -> list[str]:
        """Lines that count the warnings not printed, most frequent kind first ([] when none)."""
        hidden = sorted(
            ((count - self._shown, kind) for kind, count in self._seen.items() if count > self._shown),
            key=lambda item: (-item[0], item[1]),
        )
        if not hidden:
            return []
        lines = ["warnings not printed, by kind:"]
        for count, kind in hidden:
            named = list(self._named.get(kind, {}))
            about = ""
            if named:
                shown = named[:_NAMED_PER_KIND]
                about = f" ({', '.join(shown)}{', …' if len(named) > _NAMED_PER_KIND else ''})"
            lines.append(f"  {count:,}  {kind}{about}")
        if any(kind not in self._mkdocs for _count, kind in hidden):
            lines.append("  kb check lists every one of kb's")
        if any(kind in self._mkdocs for _count, kind in hidden):
            lines.append("  mkdocs build lists every one of MkDocs' own")
        return lines


class _ToDigest(logging.Handler):
    def __init__(self, digest: WarningDigest) -> None:
        super().__init__(logging.WARNING)
        self._digest = digest

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self._digest.warning(message, message, mkdocs=True)


@contextmanager
def mkdocs_warnings_to(digest: WarningDigest) -> Iterator[None]:
    """While the block runs, MkDocs' warnings go to ``digest`` instead of straight to stderr."""
    logger = logging.getLogger("mkdocs")
    handler = _ToDigest(digest)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
