"""`csp-draft example`: copy a packaged example draft to start from or to try exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_draft.cli.common import app, make_console, safe


@app.command("example")
def example(
    name: Annotated[str | None, typer.Argument(help="Example to copy, e.g. minsk-2017.")] = None,
    path: Annotated[Path | None, typer.Argument(help="Where to write it (default: "
                                                "./NAME.yaml).", dir_okay=False)] = None,
    list_them: Annotated[bool, typer.Option("--list", help="List the examples.")] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Copy a packaged example draft, e.g. `csp-draft example minsk-2017`."""
    from csp_draft.drafts.examples import copy_example, example_summaries

    if list_them or name is None:
        console = make_console()
        for example_name, summary in example_summaries().items():
            console.print(f"[bold]{safe(example_name)}[/bold]  {safe(summary)}")
        return
    target = path or Path(f"{name}.yaml")
    if copy_example(name, target, force=force):
        typer.echo(f"wrote {target}; try: csp-draft export {target} --format docx", err=True)
    else:
        typer.echo(f"{target} is the example already, unchanged", err=True)
