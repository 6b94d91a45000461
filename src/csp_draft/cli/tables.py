"""Tables for people and for pipes: a rich table on a terminal, whose ids are never split
across lines, and plain aligned columns anywhere else (no box drawing in a file or a pipe)."""

from __future__ import annotations

import sys

import typer

from csp_draft.cli.common import make_console, safe


def print_table(title: str, header: list[str], rows: list[list[str]], *,
                whole: tuple[int, ...] = (0,)) -> None:
    """``rows`` under ``header``. On a terminal the columns in ``whole`` (ids, kinds) keep
    each value on one line and the others wrap at spaces to fit the screen; elsewhere a
    title line, then one line per row, columns separated by two spaces."""
    from csp_draft.textsafety import strip_control

    if not sys.stdout.isatty():
        cells = [[" ".join(strip_control(value).split()) for value in row]
                 for row in [header, *rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        typer.echo(title)
        for row in cells:
            typer.echo("  ".join(value.ljust(widths[i]) for i, value in enumerate(row))
                       .rstrip())
        return
    from rich.table import Table

    table = Table(title=safe(title))
    for index, name in enumerate(header):
        if index in whole:
            longest = max((len(row[index]) for row in [header, *rows]), default=0)
            table.add_column(safe(name), no_wrap=True, min_width=longest)
        else:
            table.add_column(safe(name), overflow="fold")
    for row in rows:
        table.add_row(*(safe(value) for value in row))
    make_console().print(table)
