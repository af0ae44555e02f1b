"""Generate a synthetic corpus for a benchmark (runs bench/gen.py, as a user would)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GEN = Path(__file__).resolve().parent / "gen.py"


def generate(count: int, docs: Path, questions: Path | None = None, question_count: int = 500) -> None:
    """Write ``count`` articles into ``docs`` (and ``question_count`` questions into ``questions``)."""
    command = [sys.executable, str(GEN), str(count), str(docs)]
    if questions is not None:
        command += ["--queries", str(questions), "--query-count", str(question_count)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
