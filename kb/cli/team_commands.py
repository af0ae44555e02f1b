"""``kb agents`` (accounts and roles) and ``kb audit`` (who changed what)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

from kb.cli.app import app, run, settings_for
from kb.errors import InputError

__all__ = ["agents_app", "audit"]

agents_app = typer.Typer(
    help="Agents' accounts: each agent signs in with a token of their own (or a password), with a role: "
    "writer (edits drafts), publisher (also publishes, rejects, applies, edits live articles), admin (also "
    "manages agents).",
    no_args_is_help=True,
)
app.add_typer(agents_app, name="agents")

NameArgument = Annotated[str, typer.Argument(help="The agent's name, e.g. wendy-writer.")]


def _token_line(name: str, token: str) -> str:
    return f"token for {name} (shown once, keep it secret): {token}"


@agents_app.command("add")
def add(
    name: NameArgument,
    role: Annotated[str, typer.Option("--role", help="writer, publisher or admin.")] = "writer",
) -> None:
    """Create an agent's account and print its token (only a hash of it is kept)."""

    def action() -> None:
        from kb.store import connect
        from kb.team import add_agent, cli_agent, record

        with connect(settings_for().database) as db:
            agent, token = add_agent(db, name, role)
            record(db, cli_agent(), "token", agent.name, f"account created, role {agent.role}")
        typer.echo(f"added {agent.name} ({agent.role})")
        typer.echo(_token_line(agent.name, token))

    run(action)


@agents_app.command("list")
def list_command() -> None:
    """List the agents, their roles, and whether they can sign in."""

    def action() -> None:
        from kb.store import connect
        from kb.team import list_agents

        with connect(settings_for().database) as db:
            agents = list_agents(db)
        if not agents:
            typer.echo("no agents yet: kb agents add NAME --role writer|publisher|admin")
        for agent in agents:
            created = dt.datetime.fromtimestamp(agent.created, dt.UTC).date().isoformat()
            state = "disabled" if agent.disabled else "active"
            password = ", password set" if agent.has_password else ""
            typer.echo(f"{agent.name:<24} {agent.role:<10} {state}{password}  (since {created})")

    run(action)


@agents_app.command("disable")
def disable(name: NameArgument) -> None:
    """Stop an agent's token, password and open sessions (kb agents reset enables them again)."""

    def action() -> None:
        from kb.store import connect
        from kb.team import cli_agent, disable_agent, record

        with connect(settings_for().database) as db:
            agent = disable_agent(db, name)
            record(db, cli_agent(), "token", agent.name, "account disabled")
        typer.echo(f"disabled {agent.name}: its token, password and sessions no longer work")

    run(action)


@agents_app.command("reset")
def reset(name: NameArgument) -> None:
    """Give an agent a new token (the old one and its sessions stop working) and print it once."""

    def action() -> None:
        from kb.store import connect
        from kb.team import cli_agent, record, reset_token

        with connect(settings_for().database) as db:
            agent, token = reset_token(db, name)
            record(db, cli_agent(), "token", agent.name, "token reset")
        typer.echo(_token_line(agent.name, token))

    run(action)


@agents_app.command("password")
def password(name: NameArgument) -> None:
    """Set the password an agent may sign in with at /agent (asked twice, never echoed)."""

    def action() -> None:
        from kb.store import connect
        from kb.team import cli_agent, record, set_password

        given = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
        with connect(settings_for().database) as db:
            agent = set_password(db, name, given)
            record(db, cli_agent(), "token", agent.name, "password set")
        typer.echo(f"{agent.name} can now sign in with that password")

    run(action)


def _since(text: str) -> float:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--since {text!r} is not a date", "write it as YYYY-MM-DD, e.g. --since 2026-12-01") from None
    return dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()


@app.command()
def audit(
    since: Annotated[
        str | None, typer.Option("--since", help="Only entries from this day on (YYYY-MM-DD, UTC).")
    ] = None,
    agent: Annotated[str | None, typer.Option("--agent", help="Only this agent's entries.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Show who changed what: publishes, edits, rejections, imports, sign-ins, account changes."""

    def action() -> None:
        from kb.store import connect
        from kb.team import read_audit

        with connect(settings_for().database) as db:
            entries = read_audit(db, since=_since(since) if since else None, agent=agent, limit=limit)
        if not entries and not as_json:
            typer.echo("no audit entries" + (f" for {agent}" if agent else "") + (f" since {since}" if since else ""))
        for entry in entries:
            if as_json:
                typer.echo(json.dumps(entry.as_json(), ensure_ascii=False))
            else:
                summary = f"  {entry.summary}" if entry.summary else ""
                typer.echo(f"{entry.when}  {entry.agent:<20} {entry.action:<9} {entry.target}{summary}")

    run(action)
