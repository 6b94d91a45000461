"""`csp-draft library ...`: clause libraries shared through git, pinned in csp-draft.lock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_draft.cli.common import app
from csp_draft.errors import CspDraftError

library_app = typer.Typer(help="Use clause libraries shared through git: add, update, status, "
                          "remove.", no_args_is_help=True)
app.add_typer(library_app, name="library")


def _root() -> Path:
    from csp_draft.workspace import load_workspace

    root = load_workspace().root
    if root is None:
        raise CspDraftError("shared libraries belong to a workspace, and there is none here",
                            hint="run this inside a workspace, or make one with "
                            "`csp-draft init FOLDER`")
    return root


def _overrides() -> Path | None:
    """The workspace's own clauses folder, where local versions of shared clauses live."""
    from csp_draft.workspace import load_workspace

    return load_workspace().clauses_dir


def _cache() -> Path:
    from csp_draft.library.index.cache import user_cache_dir

    return user_cache_dir()


@library_app.command("add")
def library_add(
    url: Annotated[str, typer.Argument(help="https:// or ssh:// address, user@host:path, or "
                                       "a local folder.")],
    ref: Annotated[str | None, typer.Option("--ref", help="Branch or tag to follow (default: "
                                            "the repository's default branch).")] = None,
    name: Annotated[str | None, typer.Option("--as", help="Name of the library in this "
                                             "workspace (default: from the address).")] = None,
) -> None:
    """Fetch a shared clause library and pin it in csp-draft.lock.

    Examples: `csp-draft library add https://git.example.org/coalition/clauses.git --ref v2026.1`,
    `csp-draft library add ../clauses --as national`.
    """
    from csp_draft.library.shared import add_library

    change = add_library(_root(), _cache(), url, ref=ref, name=name)
    for link in change.skipped_links:
        typer.echo(f"notice: '{link}' is a symbolic link; left out", err=True)
    typer.echo(f"added library '{change.name}' at {change.new[:12]}: "
               f"{_files(len(change.added))}", err=True)


@library_app.command("update")
def library_update(
    name: Annotated[str | None, typer.Argument(help="The library (default: all).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; change "
                                          "nothing.")] = False,
    corrections: Annotated[bool, typer.Option("--corrections", help="Apply the update only "
                                              "when every changed clause is a correction "
                                              "(safe to run unattended).")] = False,
) -> None:
    """Fetch the followed branch or tag again and show what changed, clause by clause.

    Examples: `csp-draft library update --dry-run`, `csp-draft library update coalition`.
    """
    from csp_draft.library.lock import read_lock
    from csp_draft.library.shared import update_library

    root = _root()
    names = [name] if name else list(read_lock(root))
    if not names:
        typer.echo("no shared libraries in this workspace", err=True)
        return
    for each in names:
        change = update_library(root, _cache(), each, dry_run=dry_run,
                                overrides=_overrides(), corrections_only=corrections)
        if change.new == change.old:
            typer.echo(f"{each}: up to date at {change.new[:12]}")
            continue
        typer.echo(f"{each}: {change.old[:12] if change.old else '-'} -> {change.new[:12]}"
                   + ("" if change.pinned else " (would be pinned; --dry-run)" if dry_run
                      else " (not pinned: not only corrections; review, then run `csp-draft "
                      f"library update {each}`)"))
        if change.rewritten:
            typer.echo(f"  warning: the history of {each} was rewritten upstream (a "
                       "force-push): the pinned commit is not part of the new one", err=True)
        for path in change.added:
            typer.echo(f"  added    {path}")
        for path in change.removed:
            typer.echo(f"  removed  {path}")
        for path, diff in change.changed.items():
            typer.echo(f"  changed  {path} ({change.classes.get(path, 'unclassified')})")
            for line in diff.splitlines()[2:]:
                typer.echo("    " + line)
        for override, conflicts in change.merged.items():
            if conflicts:
                typer.echo(f"  conflict {override}: both changed {', '.join(conflicts)}"
                           + ("" if dry_run else "; decide, then `csp-draft clauses check`"),
                           err=True)
            else:
                typer.echo(f"  merged   {override}: upstream's change "
                           + ("would be merged into" if dry_run else "merged into")
                           + " your version")
        for link in change.skipped_links:
            typer.echo(f"notice: '{link}' is a symbolic link; left out", err=True)


@library_app.command("status")
def library_status() -> None:
    """List the shared libraries: address, branch or tag, pinned commit, files."""
    from csp_draft.library.lock import read_lock

    libraries = read_lock(_root())
    if not libraries:
        typer.echo("no shared libraries in this workspace; add one with "
                   "`csp-draft library add URL`", err=True)
        return
    for lib in libraries.values():
        typer.echo(f"{lib.name}  {lib.url}  {lib.ref or '(default branch)'}  "
                   f"{lib.commit[:12]}  {_files(len(lib.files))}")


def _files(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")


@library_app.command("remove")
def library_remove(
    name: Annotated[str, typer.Argument(help="The library to stop using.")],
) -> None:
    """Stop using a shared library (its clauses leave the search path)."""
    from csp_draft.library.shared import remove_library

    remove_library(_root(), name)
    typer.echo(f"removed library '{name}'", err=True)
