"""``samenwerking session ...``: advisers run board sessions from the command line.

The same store as the dashboard's "Samen invullen" (``SAMENWERKING_DATABASE_URL``, or
``--database``; by default the SQLite file in the data folder), so a session can be opened
here and filled in the browser, or the other way round.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import click

from samenwerking.board_pack import dispute_sentences, group_pack
from samenwerking.cli.common import (
    LANG_OPTION,
    RULES_OPTION,
    WEIGHT_OPTION,
    parse_weights,
    reports_errors,
    write_document,
)
from samenwerking.files import write_text_atomically
from samenwerking.numbers import format_number
from samenwerking.sessions import SessionStore
from samenwerking.situation import load_situation
from samenwerking.translations import say

#: Sessions older than this are deleted by ``session purge`` unless told otherwise.
DEFAULT_RETENTION_DAYS = 90

DATABASE_OPTION = click.option(
    "--database",
    "database",
    default=None,
    metavar="URL",
    help="Database URL (default: $SAMENWERKING_DATABASE_URL, else the SQLite file in the "
    "data folder).",
)


def _store(database: str | None) -> SessionStore:
    return SessionStore(database)


@click.group("session")
def session_group() -> None:
    """Board sessions: the board and its partners assess together."""


@session_group.command("new")
@click.argument("title")
@click.option("--anonymous", is_flag=True, help="Members see each other as 'lid 1..n'.")
@RULES_OPTION
@DATABASE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the codes as JSON.")
@LANG_OPTION
@reports_errors
def session_new(
    title: str,
    anonymous: bool,
    rules_dir: Path | None,
    database: str | None,
    as_json: bool,
    lang: str,
) -> None:
    """Open a session titled TITLE; prints the participant code and the facilitator key."""
    new = _store(database).create(title, rules=rules_dir, anonymous=anonymous)
    if as_json:
        click.echo(json.dumps(new.__dict__, indent=2))
        return
    click.echo(say("session_cli.created", lang, title=new.title))
    click.echo(say("session_cli.code", lang, code=new.participant_code))
    click.echo(say("session_cli.key", lang, secret=new.facilitator_key))


@session_group.command("join")
@click.argument("code")
@click.argument("name")
@click.option("--organisation", default=None, help="The organisation the member speaks for.")
@click.option("--kind", "organisation_kind", default=None, help="The organisation's kind.")
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_join(
    code: str,
    name: str,
    organisation: str | None,
    organisation_kind: str | None,
    database: str | None,
    lang: str,
) -> None:
    """Join the session CODE opens as NAME; prints the member token."""
    token = _store(database).join(code, name, organisation, organisation_kind=organisation_kind)
    click.echo(say("session_cli.joined", lang, name=name))
    click.echo(say("session_cli.token", lang, token=token))


@session_group.command("submit")
@click.argument("token")
@click.argument("situation_file", type=click.Path(path_type=Path))
@WEIGHT_OPTION
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_submit(
    token: str,
    situation_file: Path,
    weights: tuple[str, ...],
    database: str | None,
    lang: str,
) -> None:
    """Submit SITUATION_FILE (and weights) as the member TOKEN belongs to."""
    store = _store(database)
    view = store.member(token)
    _, rules = store.about(token)
    situation = load_situation(situation_file, rules)
    store.submit(token, situation, parse_weights(weights) or None)
    click.echo(say("session_cli.submitted", lang, name=view.name, title=view.title))


@session_group.command("status")
@click.argument("key")
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_status(key: str, database: str | None, lang: str) -> None:
    """Who has joined the session and who has submitted (never what)."""
    status = _store(database).status(key)
    click.echo(status.title)
    click.echo(
        say("session_cli.progress", lang, submitted=status.submitted, total=len(status.members))
    )
    for member in status.members:
        mark = say("session_cli.done" if member.submitted else "session_cli.waiting", lang)
        organisation = f" ({member.organisation})" if member.organisation else ""
        click.echo(f"  {mark}  {member.name}{organisation}")
    if status.revealed:
        click.echo(say("session_cli.is_revealed", lang))


@session_group.command("reveal")
@click.argument("key")
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_reveal(key: str, database: str | None, lang: str) -> None:
    """Reveal the result to every member; the answers are frozen from now on."""
    _store(database).reveal(key)
    click.echo(say("session_cli.revealed", lang))


@session_group.command("result")
@click.argument("key_or_code")
@click.option(
    "--method", type=click.Choice(["median", "mean"]), default="median", show_default=True
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the group report: .pdf (A4), .html, .md, or .json (the numbers).",
)
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_result(
    key_or_code: str,
    method: Literal["median", "mean"],
    out: Path | None,
    database: str | None,
    lang: str,
) -> None:
    """The group advice: the facilitator's key any time, a member's code after the reveal."""
    store = _store(database)
    group = store.result(key_or_code, method, lang=lang)
    title, rules = store.about(key_or_code)
    if out is None:
        top = rules.label("form", group.advice.top, lang)
        click.echo(title)
        click.echo(
            say(
                "session_cli.result",
                lang,
                form=top,
                members=len(group.members),
                consensus=format_number(group.consensus, lang, 2),
            )
        )
        click.echo(say("group.disputed_heading", lang) + ":")
        lines = dispute_sentences(group, rules, lang) or [say("group.no_disputes", lang)]
        for line in lines:
            click.echo(f"  - {line}")
        for name, advice in group.members.items():
            click.echo(f"  {name}: {rules.label('form', advice.top, lang)}")
        return
    suffix = out.suffix.lower()
    if suffix == ".json":
        write_text_atomically(out, json.dumps(group.summary(), indent=2, ensure_ascii=False))
    else:
        write_document(group_pack(group, rules, title=title, lang=lang), out)
    click.echo(f"-> {out}")


@session_group.command("export")
@click.argument("key")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="JSON file to write.")
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_export(key: str, out: Path, database: str | None, lang: str) -> None:
    """Write the whole session (members, answers, weights, result) as a dossier."""
    dossier = _store(database).export(key)
    write_text_atomically(out, json.dumps(dossier, indent=2, ensure_ascii=False))
    click.echo(f"-> {out}")


@session_group.command("delete")
@click.argument("key")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_delete(key: str, yes: bool, database: str | None, lang: str) -> None:
    """Delete the session and everything in it."""
    store = _store(database)
    title = store.status(key).title
    if not yes and not click.confirm(say("session_cli.confirm_delete", lang, title=title)):
        click.echo(say("session_cli.kept", lang))
        return
    store.delete(key)
    click.echo(say("session_cli.deleted", lang, title=title))


@session_group.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_backup(file: Path, database: str | None, lang: str) -> None:
    """Copy the session database to FILE while the dashboard keeps running (SQLite)."""
    written = _store(database).backup(file)
    click.echo(say("session_cli.backed_up", lang, path=str(written)))


@session_group.command("purge")
@click.option(
    "--older-than",
    "days",
    type=float,
    default=DEFAULT_RETENTION_DAYS,
    show_default=True,
    help="Delete sessions created more than this many days ago.",
)
@DATABASE_OPTION
@LANG_OPTION
@reports_errors
def session_purge(days: float, database: str | None, lang: str) -> None:
    """Retention: delete every session older than --older-than days."""
    count = _store(database).purge(days)
    click.echo(say("session_cli.purged", lang, count=count, days=format_number(days, lang, 0)))
