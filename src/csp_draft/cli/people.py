"""`csp-draft people`: list, show and re-check the case records of the people documents name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import JsonOption, LibraryOption, app, make_console, print_json, safe
from csp_draft.errors import UsageError

people_app = typer.Typer(
    help="The case records of the people documents name: list, show, verify.",
    no_args_is_help=True)
app.add_typer(people_app, name="people")

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The record's id (see "
                                           "`csp-draft people list`).")]


def _records(library: list[Path] | None) -> tuple[Any, Any]:
    """(the workspace, its case records on the search path)."""
    from csp_draft.cli.session import Session
    from csp_draft.library.people import load_people, people_sources

    session = Session(library_dirs=library or ())
    workspace = session.workspace
    return workspace, load_people(people_sources(workspace, session.library_dirs))


def _person(people: Any, person_id: str) -> Any:
    person = people.get(person_id)
    if person is None:
        raise UsageError(f"no case record '{safe(person_id)}'", hint=people.suggest(person_id))
    return person


def _summary(person: Any, today: dt.date, window: int) -> dict[str, Any]:
    current = person.current
    return {
        "id": person.id, "name": person.name.form("en"), "country": person.country,
        "status": current.state, "since": current.on.isoformat(),
        "checked": current.checked.isoformat(),
        "stale": person.is_stale(today, window), "sensitive": person.sensitive,
        "library": person.library,
    }


@people_app.command("list")
def list_people(
    stale: Annotated[bool, typer.Option("--stale", help="Only the records checked longer "
                                        "ago than the workspace's freshness window.")] = False,
    ids: Annotated[bool, typer.Option("--ids", help="Only the ids, one a line (for shell "
                                      "completion and scripts).")] = False,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """List the case records: id, name, country, current status and when it was checked."""
    workspace, people = _records(library)
    today = dt.date.today()
    window = workspace.freshness_days
    rows = [_summary(people[person_id], today, window) for person_id in people]
    if stale:
        rows = [row for row in rows if row["stale"]]
    if as_json:
        print_json(rows)
        return
    if ids:
        for row in rows:
            typer.echo(row["id"])
        return
    if not rows:
        typer.echo("no stale records" if stale else "no case records on the search path",
                   err=True)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("id", "name", "country", "status", "since", "checked"):
        table.add_column(column)
    for row in rows:
        checked = row["checked"] + (" [red](stale)[/red]" if row["stale"] else "")
        table.add_row(safe(row["id"]), safe(row["name"]), row["country"], row["status"],
                      row["since"], checked)
    make_console().print(table)
    stale_count = sum(1 for row in rows if row["stale"])
    if stale_count and not stale:
        typer.echo(f"{stale_count} checked more than {window} days ago: see "
                   "`csp-draft people list --stale`", err=True)


@people_app.command("show")
def show(person_id: IdArgument, as_json: JsonOption = False,
         library: LibraryOption = None) -> None:
    """Show one record: its names in every case, its status history and sources."""
    workspace, people = _records(library)
    person = _person(people, person_id)
    data = {
        **_summary(person, dt.date.today(), workspace.freshness_days),
        "names": {lang: dict(forms) for lang, forms in person.name.items()},
        "description": {lang: dict(forms) for lang, forms in person.description.items()},
        "history": [{"state": e.state, "on": e.on.isoformat(), "years": e.years,
                     "note": e.note, "source": e.source, "checked": e.checked.isoformat()}
                    for e in person.status],
        "file": str(person.path),
    }
    if as_json:
        print_json(data)
        return
    line = make_console().print
    line(f"[bold]{safe(person.id)}[/bold]  {safe(person.name.form('en'))} "
         f"({person.country}){'  [yellow]sensitive[/yellow]' if person.sensitive else ''}")
    line(f"  file: {safe(data['file'])}")
    for lang, forms in person.name.items():
        line(f"  {lang}: " + "; ".join(f"{case} {safe(text)}" for case, text in forms.items()))
    for lang, forms in person.description.items():
        line(f"  public ({lang}): " + "; ".join(f"{case} {safe(text)}"
                                                for case, text in forms.items()))
    line("  status:")
    current = person.current
    for entry in person.status:
        mark = "→" if entry is current else " "
        note = f" — {safe(entry.note)}" if entry.note else ""
        line(f"  {mark} {entry.describe()}{note}")
        line(f"      source: {safe(entry.source)} (checked {entry.checked.isoformat()})")
    if data["stale"]:
        line(f"[red]stale[/red]: checked more than {workspace.freshness_days} days ago; "
             f"re-check with `csp-draft people verify {safe(person.id)} --status "
             f"{current.state} --source URL`")


@people_app.command("verify")
def verify(
    person_id: IdArgument,
    status: Annotated[str, typer.Option("--status", help="The status the source shows: "
                                        "detained, sentenced, released, exile or deceased.")],
    source: Annotated[str, typer.Option("--source", help="Where it is published (a URL).")],
    on: Annotated[str | None, typer.Option("--on", metavar="YYYY-MM-DD",
                                           help="The day the status began (for a new "
                                           "status; default: today).")] = None,
    library: LibraryOption = None,
) -> None:
    """Re-stamp a record after checking its source: the same status gets the source and
    today's date; another status is added to the history."""
    if not source.strip():
        raise UsageError("--source is empty", hint="give the URL or document you checked")
    day = None
    if on is not None:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            raise UsageError(f"--on must be a date written YYYY-MM-DD, not '{safe(on)}'"
                             ) from None
    from csp_draft.library.people import verify_person

    _, people = _records(library)
    person = _person(people, person_id)
    done = verify_person(person, state=status, source=source.strip(), on=day,
                         today=dt.date.today())
    if done.action == "restamped":
        typer.echo(f"{person.id}: {status} confirmed, checked today ({safe(done.path)})",
                   err=True)
    else:
        typer.echo(f"{person.id}: now {status} (added to the history of {safe(done.path)})",
                   err=True)
