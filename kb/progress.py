"""Progress of long work (a site build, an index build, an import, an evaluation) as a callback.

Library functions take an optional :data:`Progress`; the CLI turns the calls into a progress bar
on a terminal or a few plain lines otherwise (``kb.cli.progress``). The contract a callback can
rely on, for each ``task`` (a short label such as ``"pages"``):

- the first call has ``done == 0`` and the ``total`` that task will reach;
- ``done`` never decreases, never exceeds ``total``, and the last call has ``done == total``
  (also when ``total`` is 0), unless the work fails;
- there are at most about a hundred calls per task whatever its size, so a callback may print.

:func:`counter` keeps that contract for the code doing the work: it is called once per item.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "Tick", "counter", "no_progress"]

#: ``progress(task, done, total)``
Progress = Callable[[str, int, int], None]
#: ``tick(count=1)``: ``count`` more items are done
Tick = Callable[[int], None]

_STEPS = 100


def no_progress(task: str, done: int, total: int) -> None:
    """The callback that reports nothing (the default of every function that takes one)."""


def counter(progress: Progress | None, task: str, total: int) -> Tick:
    """Report ``task`` as started; return a function to call as items get done.

    Calls ``progress`` only when another hundredth of ``total`` is done (and at the end), so a
    per-item tick costs an integer comparison.
    """
    report = progress or no_progress
    total = max(0, total)
    state = {"done": 0, "next": 0}
    report(task, 0, total)

    def step() -> int:
        return max(1, total // _STEPS)

    state["next"] = step()

    def tick(count: int = 1) -> None:
        done = min(total, state["done"] + count)
        if done == state["done"]:
            return
        state["done"] = done
        if done >= state["next"] or done == total:
            state["next"] = done + step()
            report(task, done, total)

    return tick
