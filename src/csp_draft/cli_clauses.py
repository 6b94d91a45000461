"""`csp-draft clauses ...`: browse, search, show, check and start clauses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli_common import (
    JsonOption,
    LibraryOption,
    clauses_app,
    library_of,
    make_console,
    open_session,
    print_json,
    safe,
)
from csp_draft.errors import CspDraftError


@clauses_app.command("list")
def clauses_list(
    topic: Annotated[str | None, typer.Option(help="Only clauses with this topic.")] = None,
    addressee: Annotated[str | None, typer.Option(help="Only clauses addressed to this.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only clauses of this kind.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only clauses with text in this language.")
                    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """List the clauses in the library."""
    from csp_draft.clause_tools import clause_summary

    lib = library_of(open_session(library))
    clauses = lib.filter(topic=topic, addressee=addressee, kind=kind, lang=lang)
    if as_json:
        print_json([clause_summary(c) for c in clauses])
        return
    from rich.table import Table

    display_lang = lang or "en"
    table = Table(title=f"{len(clauses)} clause{'s' if len(clauses) != 1 else ''}",
                  show_lines=False)
    for column in ("id", "title", "kind", "topics", "lang"):
        table.add_column(column, overflow="fold")
    for clause in clauses:
        table.add_row(safe(clause.id), safe(clause.title_in(display_lang)), safe(clause.kind),
                      safe(", ".join(clause.topics)), safe(",".join(clause.languages)))
    make_console().print(table)


@clauses_app.command("search")
def clauses_search(
    query: Annotated[str, typer.Argument(help="Words to look for (any language).")],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Search clause ids, titles, topics and texts, best matches first."""
    from csp_draft.search import search

    lib = library_of(open_session(library))
    hits = search(lib.clauses.values(), query, limit=limit)
    if as_json:
        print_json([{"id": h.clause.id, "score": round(h.score, 2), "lang": h.lang,
                     "title": dict(h.clause.title), "snippet": h.snippet} for h in hits])
        return
    if not hits:
        typer.echo(f"no clause matches '{query}'", err=True)
        return
    console = make_console()
    for hit in hits:
        lang = hit.lang or "en"
        console.print(f"[bold]{safe(hit.clause.id)}[/bold]  {safe(hit.clause.title_in(lang))}")
        console.print(f"    {safe(hit.snippet)}", style="dim")


@clauses_app.command("show")
def clauses_show(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="The clause id.")],
    lang: Annotated[str | None, typer.Option(help="Language of the text (default: all).")
                    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Show a clause: metadata, variables, and its text rendered with the example values."""
    from csp_draft.clause_tools import clause_to_dict, jsonable

    session = open_session(library)
    lib = library_of(session)
    clause = lib.get(clause_id)
    languages = [lang] if lang else list(clause.languages)
    if lang and lang not in clause.text:
        raise CspDraftError(f"clause '{clause.id}' has no text in '{lang}'",
                            hint="it has " + ", ".join(clause.languages))
    rendered = {code: session.renderer.render(clause, code, clause.example_values())
                for code in languages}
    if as_json:
        data = clause_to_dict(clause)
        data["rendered"] = rendered
        print_json(jsonable(data))
        return
    from rich.table import Table

    console = make_console()
    console.print(f"[bold]{safe(clause.id)}[/bold] — {safe(clause.title_in(languages[0]))}")
    console.print(f"kind: {safe(clause.kind)}   version: {safe(clause.version)}   "
                  f"updated: {safe(clause.updated or '')}")
    console.print(f"topics: {safe(', '.join(clause.topics))}")
    if clause.addressees:
        console.print(f"addressees: {safe(', '.join(clause.addressees))}")
    console.print(f"file: {safe(clause.path)}")
    if clause.variables:
        table = Table(title="variables")
        for column in ("name", "type", "required", "default", "example", "help"):
            table.add_column(column, overflow="fold")
        for spec in clause.variables.values():
            table.add_row(safe(spec.name), safe(spec.type_label), "yes" if spec.required else "",
                          safe(_brief(spec.default)), safe(_brief(spec.example)), safe(spec.help))
        console.print(table)
    from rich.markdown import Markdown

    from csp_draft.textsafety import strip_control

    for code in languages:
        console.print(f"\n[bold]text ({safe(code)})[/bold]")
        console.print(Markdown(strip_control(rendered[code])))
    if clause.legal_basis:
        console.print("\n[bold]legal basis[/bold]")
        for item in clause.legal_basis:
            console.print(f"  • {safe(item)}")
    if clause.sources:
        console.print("[bold]sources[/bold]")
        for item in clause.sources:
            console.print(f"  • {safe(item)}")


def _brief(value: Any) -> str:
    from csp_draft.clause_tools import jsonable

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(jsonable(value), ensure_ascii=False)


@clauses_app.command("check")
def clauses_check(library: LibraryOption = None) -> None:
    """Check every clause file, and render each clause in each of its languages."""
    from csp_draft.errors import ValidationFailed
    from csp_draft.library import check_library

    session = open_session(library)
    lib = library_of(session)
    problems = check_library(lib, session.renderer)
    if problems:
        raise ValidationFailed(problems)
    typer.echo(f"{len(lib)} clauses checked, no problems found", err=True)


@clauses_app.command("schema")
def clauses_schema() -> None:
    """Print the JSON Schema of clause files."""
    from csp_draft.schema import json_schema

    print_json(json_schema())


@clauses_app.command("new")
def clauses_new(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new clause (a slug).")],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic (repeatable).")
                     ] = None,
    kind: Annotated[str, typer.Option(help="Kind of clause.")] = "recommendation",
    folder: Annotated[Path | None, typer.Option("--dir", help="Folder to write to (default: the "
                                                "workspace clauses/ folder).", file_okay=False)
                      ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented clause skeleton to fill in."""
    from csp_draft.clause_tools import write_skeleton
    from csp_draft.workspace import load_workspace

    if folder is None:
        workspace = load_workspace()
        folder = workspace.clauses_dir or ((workspace.root or Path.cwd()) / "clauses")
    path = write_skeleton(folder, clause_id, topics=topic or [], kind=kind, force=force)
    typer.echo(f"wrote {path}; fill in the titles and texts, then run `csp-draft clauses check`",
               err=True)


