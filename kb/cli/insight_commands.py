"""Commands over what customers did: gaps, report, eval, prune."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.app import DocsOption, app, echo_err, run, settings_for
from kb.cli.progress import show_progress
from kb.errors import KBError
from kb.store import connect

if TYPE_CHECKING:
    from kb.answers import Evaluation

__all__ = ["eval_command", "gaps", "prune", "report"]

DaysOption = Annotated[int, typer.Option("--days", min=1, help="How many days back to look.")]


@app.command()
def gaps(
    days: DaysOption = 30,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many groups.")] = 20,
    docs: DocsOption = None,
) -> None:
    """List the questions customers got no good answer to, grouped, most frequent first."""

    def action() -> None:
        from kb.insight import gap_groups

        settings = settings_for(docs)
        with closing(connect(settings.database)) as db:
            groups = gap_groups(db, days, limit=limit)
        if not groups:
            typer.echo(f"no content gaps in the last {days} days")
            return
        for group in groups:
            weeks = ", ".join(f"{week}: {count}" for week, count in group.weeks)
            typer.echo(f"{group.count:>5}  {group.question}  ({weeks})")
            kinds = [
                f"{count} {label}"
                for count, label in (
                    (group.no_results, "no results"),
                    (group.no_answer, "no answer"),
                    (group.not_helpful, "not helpful"),
                )
                if count
            ]
            typer.echo(f"       {', '.join(kinds)}  [{group.key}]")
            others = [e for e in group.examples if e != group.question]
            if others:
                typer.echo("       also asked: " + "; ".join(others))
            if group.pages:
                typer.echo("       not helpful: " + ", ".join(group.pages[:3]))
            for comment in group.comments[:3]:
                typer.echo(f'       comment: "{comment}"')

    run(action)


@app.command()
def report(days: DaysOption = 30, docs: DocsOption = None) -> None:
    """Searches, answer rate, helpful rates, top unanswered questions, stale articles, waiting drafts."""

    def action() -> None:
        from kb.insight import format_report, usage_report

        settings = settings_for(docs)
        with closing(connect(settings.database)) as db:
            typer.echo(format_report(usage_report(db, settings, days)))

    run(action)


@app.command("eval")
def eval_command(
    docs: DocsOption = None,
    min_section_at_1: Annotated[
        float | None, typer.Option("--min-section-at-1", min=0.0, max=1.0, help="Fail below this section@1.")
    ] = None,
    min_article_at_1: Annotated[
        float | None, typer.Option("--min-article-at-1", min=0.0, max=1.0, help="Fail below this article@1.")
    ] = None,
    min_mrr: Annotated[
        float | None, typer.Option("--min-mrr", min=0.0, max=1.0, help="Fail below this MRR@10.")
    ] = None,
    max_abstain: Annotated[
        float | None,
        typer.Option(
            "--max-abstain", min=0.0, max=1.0, help="Fail when kb gives no answer to more of the answerable questions."
        ),
    ] = None,
    min_no_answer_f1: Annotated[
        float | None,
        typer.Option("--min-no-answer-f1", min=0.0, max=1.0, help="Fail below this no-answer F1 (_unanswerable.yml)."),
    ] = None,
    min_answer_f1: Annotated[
        float | None,
        typer.Option("--min-answer-f1", min=0.0, max=1.0, help="Fail below this answer-sentence F1."),
    ] = None,
    use_index: Annotated[
        bool, typer.Option("--use-index", help="Use the index in the data dir instead of building a fresh one.")
    ] = False,
    questions: Annotated[
        Path | None,
        typer.Option("--questions", help="Ask this question file (a YAML list) instead of the docs' own questions."),
    ] = None,
    unanswerable: Annotated[
        Path | None,
        typer.Option(
            "--unanswerable", help="Ask these off-topic questions (a YAML list of text) instead of _unanswerable.yml."
        ),
    ] = None,
    thresholds: Annotated[
        bool,
        typer.Option(
            "--thresholds", help="Also print the answer figures at other answer_threshold values, to choose one."
        ),
    ] = False,
) -> None:
    """Ask every regression question; list those that miss their article; exit 1 below a threshold."""

    def action() -> None:
        from kb.answers import UNANSWERABLE_FILE, evaluate_docs

        settings = settings_for(docs)
        if not settings.docs_dir.is_dir():
            raise KBError(f"{settings.docs_dir}: docs folder not found", "pass --docs DIR or set KB_DOCS_DIR")
        with show_progress() as progress:
            result = evaluate_docs(
                settings,
                use_index=use_index,
                progress=progress,
                questions_file=questions,
                unanswerable_file=unanswerable,
            )
        for question, gold, got in result.misses:
            typer.echo(f"miss: {question!r}: should land on {gold}, got {got}")
        typer.echo(
            f"{result.questions} questions: section@1 {result.section_at_1:.3f} "
            f"(of {result.sectioned} that name a section), article@1 {result.article_at_1:.3f}, "
            f"MRR@10 {result.mrr_at_10:.3f}"
        )
        if result.answer_f1 is not None:
            typer.echo(f"answer-sentence F1 {result.answer_f1:.3f} ({result.with_answer} questions with an answer)")
        f1 = result.no_answer_f1
        if f1 is not None:
            for question in result.wrongly_answered:
                typer.echo(f"answered anyway: {question!r} is in {(unanswerable or Path(UNANSWERABLE_FILE)).name}")
            typer.echo(
                f"abstains on {result.abstain_rate:.1%} of answerable questions; answers "
                f"{len(result.wrongly_answered)} of {result.unanswerable} unanswerable ones; no-answer F1 {f1:.3f}"
            )
        if thresholds:
            _print_thresholds(result, settings.answer_threshold)
        failed = [
            f"{name} {value:.3f} is below {floor:.3f}"
            for name, value, floor in (
                ("section@1", result.section_at_1, min_section_at_1),
                ("article@1", result.article_at_1, min_article_at_1),
                ("MRR@10", result.mrr_at_10, min_mrr),
                ("no-answer F1", f1 if f1 is not None else 0.0, min_no_answer_f1),
            )
            if floor is not None and value < floor
        ]
        if max_abstain is not None and result.abstain_rate > max_abstain:
            failed.append(f"abstains on {result.abstain_rate:.3f} of answerable questions, above {max_abstain:.3f}")
        if min_answer_f1 is not None and (result.answer_f1 or 0.0) < min_answer_f1:
            failed.append(f"answer-sentence F1 {result.answer_f1 or 0.0:.3f} is below {min_answer_f1:.3f}")
        if min_no_answer_f1 is not None and f1 is None:
            where = str(unanswerable) if unanswerable else f"{UNANSWERABLE_FILE} in {settings.docs_dir}"
            failed.append(f"no questions in {where}: no-answer F1 cannot be measured")
        if failed:
            echo_err("error: " + "; ".join(failed) + " — see the misses above")
            raise typer.Exit(1)

    run(action)


#: The answer_threshold values ``kb eval --thresholds`` compares (the setting's own is added).
_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)


def _print_thresholds(result: Evaluation, current: float) -> None:
    """A table of the answer figures at each threshold: abstentions on answerable questions,
    off-topic ones answered, no-answer F1, answer-sentence F1, and the share of answers whose
    article is right (off-topic questions answered count as wrong)."""
    typer.echo("answer_threshold  abstains  off-topic answered  no-answer F1  answer F1  answers right")
    for threshold in sorted({*_THRESHOLDS, current}):
        row = result.at(threshold)
        na = "-" if row.no_answer_f1 is None else f"{row.no_answer_f1:.3f}"
        f1 = "-" if row.answer_f1 is None else f"{row.answer_f1:.3f}"
        off = f"{row.wrongly_answered} of {result.unanswerable}" if result.unanswerable else "-"
        right = "-" if row.answers_right is None else f"{row.answers_right:.1%}"
        mark = "  <- the setting" if threshold == current else ""
        typer.echo(f"{threshold:16g}  {row.abstain_rate:8.1%}  {off:>18}  {na:>12}  {f1:>9}  {right:>13}{mark}")


@app.command()
def prune(
    days: Annotated[
        int | None,
        typer.Option("--days", min=0, help="Keep this many days (default: the log_retention_days setting, 180)."),
    ] = None,
    docs: DocsOption = None,
) -> None:
    """Delete search logs and feedback older than the retention period; never articles or drafts."""

    def action() -> None:
        from kb.insight import prune_logs

        settings = settings_for(docs)
        keep = settings.log_retention_days if days is None else days
        with closing(connect(settings.database)) as db:
            pruned = prune_logs(db, keep)
        typer.echo(f"deleted {pruned.search_log} searches and {pruned.feedback} feedback votes older than {keep} days")

    run(action)
