"""``kb db``: the operational database's schema (SQLite in the data dir, or PostgreSQL)."""

from __future__ import annotations

import typer

from kb.cli.app import app, run, settings_for

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The operational database: `kb db upgrade` creates or migrates its schema (needed once per "
    "release with PostgreSQL; SQLite in the data dir is upgraded by kb itself).",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command()
def upgrade() -> None:
    """Create or migrate the database schema to this kb's version (safe to run on every deploy)."""

    def action() -> None:
        from kb.store import database_for, upgrade_schema

        database = database_for(settings_for().database)
        before = upgrade_schema(database)
        if before.up_to_date:
            typer.echo(f"{database}: schema already at revision {before.head}")
        else:
            typer.echo(f"{database}: schema upgraded from {before.current or 'nothing'} to {before.head}")

    run(action)


@db_app.command()
def status() -> None:
    """Say which schema revision the database has and which this kb needs; exit 1 when they differ."""

    def action() -> None:
        from kb.store import database_for, schema_state

        database = database_for(settings_for().database)
        state = schema_state(database)
        typer.echo(f"{database}: schema revision {state.current or 'none'}, this kb needs {state.head}")
        if not state.up_to_date:
            raise typer.Exit(1)

    run(action)
