"""Showing a :data:`kb.progress.Progress` on stderr: a Rich bar on a terminal, plain lines otherwise.

On a terminal each task gets a bar with ``done/total`` and the time left. Elsewhere (a CI log, a
pipe, a test) each task prints a line when it starts and at 25, 50, 75 and 100 %, so a log shows
that long work moves without filling up.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from kb.content import Problem, count_problems
from kb.progress import Progress as ProgressCallback

__all__ = ["PlainLines", "count_summary", "problem_line", "show_progress"]

_MARKS = (25, 50, 75, 100)


class PlainLines:
    """The callback for a log: ``pages: 0/1,234``, then lines at 25/50/75/100 %."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._printed: dict[str, int] = {}

    def __call__(self, task: str, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        reached = max((mark for mark in _MARKS if percent >= mark), default=0)
        last = self._printed.get(task)
        if last is not None and reached <= last:
            return
        self._printed[task] = reached
        line = f"{task}: {done:,}/{total:,}" + (f" ({percent}%)" if reached else "")
        print(line, file=self._stream or sys.stderr, flush=True)


class _Bars:
    """The callback for a terminal: one Rich bar per task."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, task: str, done: int, total: int) -> None:
        task_id = self._tasks.get(task)
        if task_id is None:
            task_id = self._tasks[task] = self._progress.add_task(task, total=total)
        self._progress.update(task_id, completed=done, total=total)


@contextmanager
def show_progress(terminal: bool | None = None) -> Iterator[ProgressCallback]:
    """A progress callback for the duration of a command; bars when stderr is a terminal."""
    if terminal is None:
        terminal = sys.stderr.isatty()
    if not terminal:
        yield PlainLines()
        return
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    with bars:
        yield _Bars(bars)


def problem_line(problem: Problem, docs_name: str) -> str:
    """``docs/a.md:3: what — how to fix``, with ``(warning)`` after a warning."""
    line = f"{docs_name}/{problem}"
    return line if problem.severity == "error" else f"{line} (warning)"


def count_summary(problems: Iterable[Problem]) -> str:
    """``3 warnings, 1 error (see above)`` or ``no warnings or errors``."""
    found = list(problems)
    return count_problems(found) + (" (see above)" if found else "")
