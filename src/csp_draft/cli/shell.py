"""`csp-draft completion show|install` (and the root's --show-completion and
--install-completion): Tab completion in bash, zsh, fish and PowerShell.

The scripts and the answer to a Tab press live in :mod:`csp_draft.cli.completion`, which
runs without Typer; this module only offers them as commands.
"""

from __future__ import annotations

from typing import Annotated

import typer

from csp_draft.cli.common import app
from csp_draft.errors import UsageError

completion_app = typer.Typer(help="Complete commands, clause ids and items with Tab.",
                             no_args_is_help=True)
app.add_typer(completion_app, name="completion")

ShellArgument = Annotated[str | None, typer.Argument(
    metavar="SHELL", help="bash, zsh, fish or powershell (default: the shell you use).")]


def chosen_shell(shell: str | None) -> str:
    from csp_draft.cli.completion import SHELLS, current_shell

    if shell is None:
        found = current_shell()
        if found is None:
            raise UsageError("cannot tell which shell you use",
                             hint="name it: csp-draft completion install bash (or zsh, fish, "
                             "powershell)")
        return found
    name = shell.lower()
    if name == "pwsh":
        name = "powershell"
    if name not in SHELLS:
        raise UsageError(f"no completion for the shell '{shell}'",
                         hint="choose bash, zsh, fish or powershell")
    return name


@completion_app.command("show")
def show(shell: ShellArgument = None) -> None:
    """Print the completion script of a shell (to read it, or to load it yourself)."""
    from csp_draft.cli.completion import script

    typer.echo(script(chosen_shell(shell)), nl=False)


@completion_app.command("install")
def install(shell: ShellArgument = None) -> None:
    """Install completion for a shell: new shells complete csp-draft on Tab."""
    from csp_draft.cli.completion import command_table
    from csp_draft.cli.completion import install as install_script

    name = chosen_shell(shell)
    for path, what in install_script(name):
        typer.echo(f"{path}: {what}")
    command_table()  # made now, so that the first Tab press answers at once
    typer.echo(f"completion for {name} installed; open a new terminal to use it")


def show_current(value: bool) -> None:
    if value:
        show(None)
        raise typer.Exit()


def install_current(value: bool) -> None:
    if value:
        install(None)
        raise typer.Exit()
