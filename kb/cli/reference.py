"""The command-line reference article, generated from the commands themselves.

``python -m kb.cli.reference > docs/admins/command-line-reference.md`` writes it; a test fails
when the article and the commands drift apart, so every command and option is documented.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from kb.cli import app

__all__ = ["reference_markdown"]

_FRONT = """---
title: Command-line reference
summary: Every kb command with its arguments and options, as kb --help prints them.
tags: [cli, reference]
id: clirf
search:
  exclude: true
---
# Command-line reference

Every command takes `--help`. Settings such as the docs folder can also come from `[tool.kb]` in
`pyproject.toml` or `KB_*` environment variables (see [Configure kb](configure-kb.md#settings-reference)).
This page is generated from the commands (`python -m kb.cli.reference`), so it is always complete.
It is left out of the Ask box: the how-to articles answer questions; this page is for looking up.
"""


def _parameter(param: Any, context: Any) -> str:
    # Typer ships its own copy of Click, so parameters are told apart by their kind, not their class.
    option = param.param_type_name == "option"
    if not option:
        name = f"`{(param.name or '').upper()}`"
    else:
        flags = [*param.opts, *param.secondary_opts]
        name = ", ".join(f"`{flag}`" for flag in flags)
        if not param.is_flag:
            name += f" {param.display_type(context).strip('<>').upper()}"
    help_text = _escaped(getattr(param, "help", None) or "")
    default = param.default if not callable(param.default) else None
    if option and default not in (None, False, "", ()) and not param.is_flag:
        help_text += f" (default: `{default}`)"
    if param.required:
        help_text += " (required)"
    return f"| {name} | {help_text} |"


def _escaped(text: str) -> str:
    """Help text as Markdown table or paragraph text: one line, no HTML, no column breaks."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def reference_markdown() -> str:
    """The whole article: one section per command, in the order ``kb --help`` lists them."""
    group: Any = typer.main.get_command(app)
    parts = [_FRONT]
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        lines = (command.help or "").strip().splitlines()
        parts.append(f"\n## kb {name}\n\n{_escaped(' '.join(lines))}\n")
        params = [p for p in command.params if p.name != "help"]
        if params:
            parts.append("\n| Argument or option | What it does |\n|---|---|\n")
            parts.append("\n".join(_parameter(p, context) for p in params) + "\n")
    return "".join(parts)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(reference_markdown())
