"""``python -m kb.cli``: the same as the ``kb`` command."""

from kb.cli import app

app(prog_name="kb")
