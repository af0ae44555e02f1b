"""``kb ask``: what the Ask box would answer, from the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.config import Settings
from tests.support.docs import EXPORT, WriteArticle

runner = CliRunner()


@pytest.fixture
def built(settings: Settings, write: WriteArticle, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KB_DATA_DIR", str(settings.data_dir))
    write("billing/export-invoices.md", EXPORT)
    assert runner.invoke(app, ["index", "--docs", str(settings.docs_dir)]).exit_code == 0
    return settings


def ask(settings: Settings, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ask", "--docs", str(settings.docs_dir), *args])
    return result.exit_code, result.output


def test_kb_ask_prints_the_answer_its_link_and_the_ranked_sections(built: Settings) -> None:
    code, output = ask(built, "why is my invoice export empty")
    assert code == 0, output
    assert "answer (confidence " in output
    assert "The export is empty when the date filter excludes every invoice." in output
    assert "billing/export-invoices/#why-the-export-is-empty:~:text=" in output
    assert "1. Export invoices to CSV > Why the export is empty" in output


def test_kb_ask_says_how_it_read_a_message_and_when_it_has_no_answer(built: Settings) -> None:
    code, output = ask(built, "My bank card got blocked while I was travelling. Why is the export empty?")
    assert code == 0 and "read as: Why is the export empty?" in output
    code, output = ask(built, "which invoice wine goes with salmon", "--limit", "1")
    assert code == 0 and "no answer: confidence" in output and "below answer_threshold 0.35" in output
    assert "1. Export invoices to CSV" in output and "2." not in output
    code, output = ask(built, "which wine goes with salmon")
    assert code == 0 and "no answer: no section matches" in output


def test_kb_ask_names_what_is_missing(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    code, output = ask(built, "   ")
    assert code == 1 and "the question is empty" in output
    empty = tmp_path_factory.mktemp("nothing-built")
    result = runner.invoke(app, ["ask", "--docs", str(built.docs_dir), "export"], env={"KB_DATA_DIR": str(empty)})
    assert result.exit_code == 1 and "kb index" in result.output
