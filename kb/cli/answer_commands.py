"""``kb ask``: what a customer typing this into the Ask box would get, without a server."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.app import DocsOption, app, run, settings_for
from kb.errors import InputError

__all__ = ["ask"]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question or message, as a customer would type it.")],
    docs: DocsOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=50, help="How many sections to list.")] = 5,
) -> None:
    """Answer QUESTION from the built index as /api/answer does: the sentence, its confidence and
    link, how kb read the question, and the sections it ranked (run kb build first)."""

    def action() -> None:
        from kb.answers import answer_message
        from kb.index import SectionIndex

        settings = settings_for(docs)
        if not question.strip():
            raise InputError("the question is empty", "type what a customer would ask, in quotes")
        index = SectionIndex.open(settings)
        try:
            results, answer = answer_message(index, question, settings.answer_threshold, limit)
        finally:
            index.close()
        if results.understood and results.understood != question:
            typer.echo(f"read as: {results.understood}")
        if results.suggestion:
            typer.echo(f"did you mean: {results.suggestion}")
        if answer.answer is not None and answer.source is not None:
            typer.echo(f"answer (confidence {answer.confidence:.2f}): {answer.answer}")
            typer.echo(f"  from {_place(answer.source.title, answer.source.heading)}: {answer.source_url}")
        else:
            typer.echo(
                f"no answer: confidence {answer.confidence:.2f} is below answer_threshold "
                f"{settings.answer_threshold:.2f}" if results.hits else "no answer: no section matches"
            )
        for number, hit in enumerate(results.hits, start=1):
            typer.echo(f"{number:>3}. {_place(hit.title, hit.heading)}  ({hit.path}#{hit.anchor}, score {hit.score})")

    run(action)


def _place(title: str, heading: str) -> str:
    return f"{title} > {heading}" if heading else title
