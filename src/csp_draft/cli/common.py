"""Shared pieces of the command line: the Typer apps, common options, safe printing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft import __version__
from csp_draft.errors import Diagnostic

app = typer.Typer(
    name="csp-draft",
    help="Draft coalition resolutions, statements and declarations from a library of clauses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
clauses_app = typer.Typer(help="Browse, search and check the clause library.",
                          no_args_is_help=True)
app.add_typer(clauses_app, name="clauses")

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option("--library", "-L", help="Extra clause folder (repeatable); overrides by id.",
                 file_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csp-draft {__version__}")
        raise typer.Exit()


def _completion(action: str, value: bool) -> None:
    from csp_draft.cli import shell

    getattr(shell, action)(value)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors "
                                        "(for bug reports).")] = False,
    install_completion: Annotated[bool, typer.Option(
        "--install-completion", callback=lambda value: _completion("install_current", value),
        is_eager=True, help="Install Tab completion for the shell you use.")] = False,
    show_completion: Annotated[bool, typer.Option(
        "--show-completion", callback=lambda value: _completion("show_current", value),
        is_eager=True, help="Print the Tab completion script of the shell you use.")] = False,
) -> None:
    """Draft coalition resolutions, statements and declarations from a library of clauses."""


# --- output helpers ---------------------------------------------------------------------

def make_console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def safe(text: object) -> str:
    """User or library text made harmless for the terminal: no markup, no control codes."""
    from rich.markup import escape

    from csp_draft.textsafety import strip_control

    return escape(strip_control(str(text)))


# On a terminal, this many problems at most are followed by their line and a caret.
SHOWN_SOURCE_LINES = 20


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """One line per problem on standard error; on a terminal, the first problems are
    followed by the line of the file they are on, with a caret under the column."""
    import sys

    from csp_draft.textsafety import strip_control

    show_source = sys.stderr.isatty()
    for number, diagnostic in enumerate(diagnostics):
        typer.echo(strip_control(diagnostic.format()), err=True)
        if show_source and number < SHOWN_SOURCE_LINES:
            for line in source_excerpt(diagnostic):
                typer.echo(line, err=True)


def source_excerpt(diagnostic: Diagnostic) -> list[str]:
    """The line ``diagnostic`` points at and a caret under its column, indented; nothing
    when the place is not a line and column of a readable file."""
    from csp_draft.textsafety import strip_control

    where = diagnostic.location
    if where is None or not where.line or not where.column:
        return []
    import os

    try:
        if not os.path.isfile(where.path):  # never a pipe or a device: it could block
            return []
        with open(where.path, encoding="utf-8", errors="replace", newline="") as file:
            text = next((line for number, line in enumerate(file, 1)
                         if number == where.line), None)
    except (OSError, ValueError):
        return []
    if text is None:
        return []
    text = text.rstrip("\r\n")
    if len(text) > 200:
        return []
    shown = strip_control(text.replace("\t", " "))
    if len(shown) != len(text):  # a character was dropped: the caret would point wrong
        return []
    return [f"    {shown}", "    " + " " * (where.column - 1) + "^"]


def print_json(data: Any) -> None:
    """``data`` as JSON; characters a terminal would act on are written as \\u escapes
    (json.dumps leaves DEL, the C1 controls and bidirectional overrides raw)."""
    import re

    text = json.dumps(data, ensure_ascii=False, indent=2)
    typer.echo(re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                      lambda m: f"\\u{ord(m.group()):04x}", text))


def open_session(library: list[Path] | None, *, strict: bool = False) -> Any:
    """The session of one command. Outside ``strict`` (clauses check), a broken clause file
    is a warning and its clause is left out: commands that do not need it still run."""
    from csp_draft.cli.progress import terminal_progress
    from csp_draft.cli.session import Session

    return Session(library_dirs=library or (), progress=terminal_progress(), strict=strict)


# The libraries this command opened: problems of clause files it turned out not to need are
# printed as warnings when it ends (see report_unneeded_broken_clauses).
_opened: list[Any] = []


def library_of(session: Any) -> Any:
    library = session.library
    print_diagnostics([*_workspace_notice(session), *library.notices])
    _opened.append(library)
    return library


def _workspace_notice(session: Any) -> list[Diagnostic]:
    """Name the workspace in use when it was found above the current folder, outside its
    own folders (drafts/, clauses/, templates/): its csp-draft.yaml decides which clauses
    the command uses."""
    from csp_draft.errors import Location

    workspace = session.workspace
    config = workspace.config_path
    here = Path.cwd().resolve()
    own = [workspace.root, workspace.drafts_dir, workspace.clauses_dir, workspace.templates_dir]
    if config is None or any(
            folder is not None and (here == folder.resolve() or folder.resolve() in here.parents)
            for folder in own[1:]) or here == own[0]:
        return []
    return [Diagnostic(Location.of_file(config), "using this workspace (found above the "
                       "current folder) and its clauses", severity="notice")]


def report_unneeded_broken_clauses() -> None:
    """Warn about the broken clause files the command did not need (those it needed were
    errors already), once per file, and forget the libraries."""
    seen: set[Any] = set()
    for library in _opened:
        fresh = [p for p in [*library.late_notices, *library.unneeded_broken()]
                 if p not in seen]
        seen.update(fresh)
        print_diagnostics(fresh)
    _opened.clear()


