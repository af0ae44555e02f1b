"""The command-line reference article is the commands' own help: every command and option, nothing stale."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from kb.cli import app
from kb.cli.reference import reference_markdown
from tests.support.paths import BUNDLED_DOCS

ARTICLE = BUNDLED_DOCS / "admins" / "command-line-reference.md"


def test_the_reference_article_is_up_to_date() -> None:
    assert ARTICLE.read_text(encoding="utf-8") == reference_markdown(), (
        "regenerate it: python -m kb.cli.reference > docs/admins/command-line-reference.md"
    )


def test_every_command_and_option_in_kb_help_is_in_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    listed = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    commands = re.findall(r"^│ (\w[\w-]*) ", listed, re.M)
    assert len(commands) >= 20
    for command in commands:
        assert f"\n## kb {command}\n" in article
        help_text = CliRunner().invoke(app, [command, "--help"], terminal_width=200).output
        for option in set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9])", help_text)) - {"--help"}:
            section = article.split(f"\n## kb {command}\n", 1)[1].split("\n## ", 1)[0]
            assert f"`{option}`" in section, (command, option)
