"""kb eval: the regression questions (docs/_questions.yml plus front matter), the figures, the CI gate."""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kb.answers import GoldQuestion, answer_message, evaluate, evaluate_docs, load_questions, regression_questions
from kb.answers.evaluate import Asked, Evaluation
from kb.cli import app
from kb.config import Settings
from kb.content import parse_article
from kb.index import SectionIndex
from tests.support.docs import WriteArticle, article_text
from tests.support.paths import ROOT

runner = CliRunner()


@pytest.fixture
def small(settings: Settings, write: WriteArticle) -> Settings:
    write(
        "billing/export.md",
        article_text(
            title="Export invoices",
            summary="Open Billing and choose Export to download a CSV.",
            body="Lead.\n\n## Why the export is empty\n\nThe export is empty when the date filter excludes all rows.\n",
            extra="questions:\n  - why is my invoice export empty\n  - 'how do I get a csv of invoices?'\n",
        ),
    )
    write(
        "account/password.md",
        article_text(
            title="Reset your password",
            summary="Choose Forgot password on the sign-in page.",
            body="Lead.\n\n## Steps\n\n1. Choose Forgot password.\n2. Follow the link in the email.\n",
        ),
    )
    (settings.docs_dir / "_questions.yml").write_text(
        "- question: how do I reset my password\n  article: account/password.md\n  anchor: steps\n"
        "- question: forgot my password\n  article: billing/export.md\n  anchor: ''\n",  # a deliberate miss
        encoding="utf-8",
    )
    return settings


def test_regression_questions_come_from_the_file_and_front_matter(small: Settings) -> None:
    questions = regression_questions(small.docs_dir)
    assert questions == [
        GoldQuestion("how do I reset my password", "account/password.md", "steps"),
        GoldQuestion("forgot my password", "billing/export.md", ""),
        GoldQuestion("why is my invoice export empty", "billing/export.md", None),
        GoldQuestion("how do I get a csv of invoices?", "billing/export.md", None),
    ]


def test_drafts_questions_are_not_asked_until_published(small: Settings, write: WriteArticle) -> None:
    write("_drafts/new.md", article_text(extra="questions: [is this asked]\n"))
    assert "is this asked" not in [q.question for q in regression_questions(small.docs_dir)]


def test_front_matter_questions_must_be_a_list_of_text() -> None:
    _, good = parse_article("a/b.md", article_text(extra="questions: [how do I export]\n"))
    assert good == []  # a known field: no warning
    for bad in ("questions: how do I export\n", "questions: [1, 2]\n", "questions: ['']\n", "questions: {a: b}\n"):
        _, problems = parse_article("a/b.md", article_text(extra=bad))
        assert [p.message for p in problems] == ["front matter field 'questions' must be a list of questions (text)"]
        assert problems[0].line == 4 and problems[0].severity == "error"


def test_questions_without_a_section_count_for_articles_only(small: Settings) -> None:
    result = evaluate_docs(small)
    assert result.questions == 4 and result.sectioned == 2
    assert result.article_at_1 == 0.75
    assert result.section_at_1 == 0.5  # of the two that name a section
    assert result.misses == (("forgot my password", "billing/export.md#", "account/password.md#steps"),)
    assert not (small.data_dir / "index").exists()  # a scratch index, the data dir untouched


def test_kb_eval_prints_misses_and_figures(small: Settings) -> None:
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir)])
    assert result.exit_code == 0, result.output
    assert "miss: 'forgot my password': should land on billing/export.md#, got account/password.md#" in (result.output)
    assert "4 questions: section@1 0.500 (of 2 that name a section), article@1 0.750, MRR@10" in result.output


@pytest.mark.parametrize(
    ("option", "value", "code"),
    [
        ("--min-article-at-1", "0.7", 0),
        ("--min-article-at-1", "0.8", 1),
        ("--min-section-at-1", "0.6", 1),
        ("--min-mrr", "0.99", 1),
    ],
)
def test_kb_eval_fails_below_a_threshold(small: Settings, option: str, value: str, code: int) -> None:
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), option, value])
    assert result.exit_code == code, result.output
    if code:
        assert "is below" in result.output


def test_kb_eval_without_questions_says_where_to_write_them(settings: Settings, write: WriteArticle) -> None:
    write("billing/a.md")
    result = runner.invoke(app, ["eval", "--docs", str(settings.docs_dir)])
    assert result.exit_code == 1 and "_questions.yml" in result.output


def test_kb_eval_can_use_the_built_index(small: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_DATA_DIR", str(small.data_dir))
    missing = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--use-index"])
    assert missing.exit_code == 1 and "kb index" in missing.output
    assert runner.invoke(app, ["index", "--docs", str(small.docs_dir)]).exit_code == 0
    assert runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--use-index"]).exit_code == 0


def test_the_bundled_question_set_is_the_test_data_set() -> None:
    bundled = load_questions(ROOT / "docs" / "_questions.yml")
    assert bundled == load_questions(ROOT / "tests" / "data" / "questions.yml")
    assert len(bundled) >= 150


def test_the_ci_thresholds_hold_on_the_bundled_docs(bundled: Settings) -> None:
    """.ci/run fails the build below these figures; they must sit just under today's."""
    script = (ROOT / ".ci" / "run").read_text()
    line = next(line for line in script.splitlines() if line.strip().startswith("kb eval"))
    floors = {name: float(value) for name, value in re.findall(r"--(min-[\w-]+) ([\d.]+)", line)}
    assert set(floors) == {"min-section-at-1", "min-article-at-1", "min-mrr"}
    with closing(SectionIndex.open(bundled)) as index:
        result = evaluate(index, regression_questions(bundled.docs_dir), bundled.answer_threshold)
    assert result.section_at_1 >= floors["min-section-at-1"] > result.section_at_1 - 0.05, result.summary()
    assert result.article_at_1 >= floors["min-article-at-1"] > result.article_at_1 - 0.05, result.summary()
    assert result.mrr_at_10 >= floors["min-mrr"] > result.mrr_at_10 - 0.05, result.summary()


def test_published_questions_file_is_not_in_the_site(bundled: Settings) -> None:
    assert not list(Path(bundled.site_dir).rglob("_questions.yml"))
    assert yaml.safe_load((bundled.docs_dir / "_questions.yml").read_text())


def test_kb_eval_reports_abstentions_and_no_answer_f1_with_an_unanswerable_set(small: Settings) -> None:
    (small.docs_dir / "_unanswerable.yml").write_text(
        "- who painted the mona lisa\n- which wine goes with salmon\n- why is my invoice export empty\n"
    )
    result = evaluate_docs(small)
    assert result.unanswerable == 3
    # The third is answerable after all: kb answers it, so it counts against the no-answer set.
    assert result.wrongly_answered == ("why is my invoice export empty",)
    assert result.no_answer_f1 is not None and result.no_answer_f1 < 1.0
    output = runner.invoke(app, ["eval", "--docs", str(small.docs_dir)]).output
    assert "answered anyway: 'why is my invoice export empty'" in output
    assert "answers 1 of 3 unanswerable ones; no-answer F1" in output
    assert "abstains on" in output


def test_a_malformed_unanswerable_set_is_named_with_what_to_do(small: Settings) -> None:
    (small.docs_dir / "_unanswerable.yml").write_text("question: not a list\n")
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir)])
    assert result.exit_code == 1
    assert "_unanswerable.yml: must be a list of questions" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--max-abstain", "1.0", "--min-no-answer-f1", "0.1"], 0, ""),
        (["--min-no-answer-f1", "0.99"], 1, "no-answer F1"),
        (["--max-abstain", "0.0"], None, "abstains on"),
    ],
)
def test_kb_eval_can_fail_on_abstentions_and_no_answer_f1(
    small: Settings, options: list[str], code: int | None, message: str
) -> None:
    (small.docs_dir / "_unanswerable.yml").write_text(
        "- who painted the mona lisa\n- which wine goes with salmon\n- why is my invoice export empty\n"
    )
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), *options])
    abstains = evaluate_docs(small).abstain_rate
    expected = code if code is not None else int(abstains > 0.0)
    assert result.exit_code == expected, result.output
    if expected:
        assert message in result.output.split("error:")[-1]


def test_kb_eval_refuses_a_no_answer_floor_without_an_unanswerable_set(small: Settings) -> None:
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--min-no-answer-f1", "0.5"])
    assert result.exit_code == 1 and "_unanswerable.yml" in result.output


def test_answer_sentence_f1_is_reported_for_questions_with_an_answer(small: Settings) -> None:
    (small.docs_dir / "_questions.yml").write_text(
        "- question: how do I reset my password\n  article: account/password.md\n  anchor: steps\n"
        "  answer: Choose Forgot password.\n"
        "- question: who painted the mona lisa\n  article: billing/export.md\n  anchor: ''\n"
        "  answer: Leonardo da Vinci painted it.\n",
        encoding="utf-8",
    )
    result = evaluate_docs(small)
    assert result.with_answer == 2
    # The first answer is found word for word; the second gets no (or a wrong) answer: 0.
    assert result.answer_f1 is not None and 0.4 <= result.answer_f1 <= 0.5
    output = runner.invoke(app, ["eval", "--docs", str(small.docs_dir)]).output
    assert f"answer-sentence F1 {result.answer_f1:.3f} (2 questions with an answer)" in output


def test_answer_f1_counts_shared_words_like_squad() -> None:
    from kb.answers import answer_f1

    assert answer_f1("Choose Forgot password.", "choose forgot password") == 1.0
    assert answer_f1(None, "anything") == 0.0
    assert answer_f1("The export is empty", "an export is empty when filtered") == pytest.approx(2 * 1 * 0.6 / 1.6)


def test_an_answer_that_is_not_text_is_named(small: Settings) -> None:
    (small.docs_dir / "_questions.yml").write_text(
        "- question: q\n  article: account/password.md\n  answer: [1, 2]\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir)])
    assert result.exit_code == 1 and "entry 1: 'answer' must be text" in result.output


def test_kb_eval_can_ask_another_question_file(small: Settings, tmp_path: Path) -> None:
    other = tmp_path / "answers.yml"
    other.write_text(
        "- question: why is my invoice export empty\n  article: billing/export.md\n  anchor: why-the-export-is-empty\n"
        "  answer: The export is empty when the date filter excludes all rows.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--questions", str(other)])
    assert result.exit_code == 0, result.output
    assert "1 questions: section@1 1.000" in result.output
    assert "answer-sentence F1 1.000 (1 questions with an answer)" in result.output
    missing = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--questions", str(tmp_path / "nope.yml")])
    assert missing.exit_code == 1 and "no such question file" in missing.output


def test_kb_eval_can_ask_another_unanswerable_file(small: Settings, tmp_path: Path) -> None:
    other = tmp_path / "off-topic.yml"
    other.write_text("- how do I bake sourdough bread\n- what is the capital of Peru\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--unanswerable", str(other)])
    assert result.exit_code == 0, result.output
    assert "answers 0 of 2 unanswerable ones" in result.output
    missing = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--unanswerable", str(tmp_path / "no.yml")])
    assert missing.exit_code == 1 and "no.yml: no such question file" in missing.output


@pytest.mark.parametrize("threshold", [0.2, 0.5])
def test_the_figures_at_another_threshold_are_what_kb_eval_gives_at_it(bundled: Settings, threshold: float) -> None:
    """``kb eval --thresholds`` lets an admin choose answer_threshold: its rows must be the truth."""
    # Each question's own words as its "answer": any text gives the F1 arithmetic something to add up.
    questions = [replace(q, answer=q.question) for q in load_questions(bundled.docs_dir / "_questions.yml")]
    off_topic = ["how do I bake sourdough bread", "what is the capital of Peru", "who won the world cup in 1998"]
    with closing(SectionIndex.open(bundled)) as index:
        shipped = evaluate(index, questions, bundled.answer_threshold, unanswerable=off_topic)
        there = evaluate(index, questions, threshold, unanswerable=off_topic)
        # Each question is answered at the threshold exactly when the Ask box set to it would answer.
        for gold, asked in zip(questions, shipped.asked, strict=False):
            answer = answer_message(index, gold.question, threshold, 10)[1]
            assert (answer.answer is not None) == asked.answered(threshold), gold.question
    row = shipped.at(threshold)
    assert row.abstain_rate == pytest.approx(there.abstain_rate)
    assert row.wrongly_answered == len(there.wrongly_answered)
    assert row.no_answer_f1 == pytest.approx(there.no_answer_f1)
    assert row.answer_f1 == pytest.approx(there.answer_f1) and there.answer_f1
    lower, higher = shipped.at(0.2), shipped.at(0.5)
    assert lower.abstain_rate <= higher.abstain_rate and lower.answers_right <= higher.answers_right + 0.1


def test_kb_eval_thresholds_prints_a_row_per_threshold_and_marks_the_setting(small: Settings) -> None:
    (small.docs_dir / "_unanswerable.yml").write_text("- who painted the mona lisa\n")
    result = runner.invoke(app, ["eval", "--docs", str(small.docs_dir), "--thresholds"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if re.match(r"\s+0\.\d+\s", line)]
    assert [float(line.split()[0]) for line in rows] == [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7]
    assert [line for line in rows if line.endswith("<- the setting")] == [rows[3]]
    # The setting's row says what the summary line says.
    summary = re.search(r"abstains on ([\d.]+%) of answerable questions; answers (\d+ of 1) ", result.output)
    assert summary is not None, result.output
    assert rows[3].split()[1] == summary.group(1) and summary.group(2) in rows[3]


def test_the_figures_at_a_threshold_count_what_is_answered_there() -> None:
    asked = (
        Asked(0.9, False, True, 0.5),  # no sentence to answer with: never answered
        Asked(0.4, True, True, 1.0),  # answered from 0.4 down, right
        Asked(0.3, True, False, 0.0),  # answered from 0.3 down, wrong article
        Asked(0.35, True),  # an off-topic question answered from 0.35 down
    )
    result = Evaluation(3, 0.0, 0.0, 0.0, 0.0, (), unanswerable=1, asked=asked)
    at_04, at_035, at_03, at_095 = (result.at(t) for t in (0.4, 0.35, 0.3, 0.95))
    assert at_04.abstain_rate == pytest.approx(2 / 3) and at_04.wrongly_answered == 0
    assert at_04.answer_f1 == pytest.approx(1 / 3) and at_04.answers_right == 1.0
    assert at_035.wrongly_answered == 1 and at_035.answers_right == pytest.approx(1 / 2)
    assert at_03.abstain_rate == pytest.approx(1 / 3) and at_03.answers_right == pytest.approx(1 / 3)
    # Nothing answered: no share of right answers to give, every off-topic question abstained on.
    assert at_095.answers_right is None and at_095.no_answer_f1 == pytest.approx(2 * 0.25 / 1.25)
