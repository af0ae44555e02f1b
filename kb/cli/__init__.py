"""The ``kb`` command line: each command parses its options, calls one kb function, prints.

The commands live in one module per area and register themselves on the one Typer ``app``.
"""

from __future__ import annotations

from kb.cli import answer_commands as answer_commands
from kb.cli import db_commands as db_commands
from kb.cli import docs_commands as docs_commands
from kb.cli import import_commands as import_commands
from kb.cli import insight_commands as insight_commands
from kb.cli import notify_commands as notify_commands
from kb.cli import permalink_commands as permalink_commands
from kb.cli import review_commands as review_commands
from kb.cli import team_commands as team_commands
from kb.cli import ticket_commands as ticket_commands
from kb.cli.app import app

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app(prog_name="kb")
