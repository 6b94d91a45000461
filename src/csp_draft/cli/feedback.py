"""`csp-draft feedback ...`: members' returned Word files back into the draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import LibraryOption, app, library_of, open_session
from csp_draft.errors import CspDraftError, Location

feedback_app = typer.Typer(help="Import members' returned Word files and decide on their "
                           "proposals.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")

DraftArgument = Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.")]


def _draft(path: Path) -> Any:
    from csp_draft.drafts.read import read_draft

    if not path.is_file():
        raise CspDraftError("draft not found", hint="give the draft file the returned "
                            "document was exported from", location=Location.of_file(path))
    return read_draft(path)


def _renderer(library: list[Path] | None) -> Any:
    from csp_draft.render.document import DocumentRenderer, template_folders

    session = open_session(library)
    return DocumentRenderer(library_of(session),
                            template_folders(session.workspace.templates_dir))


@feedback_app.command("import")
def import_(
    returned: Annotated[Path, typer.Argument(metavar="RETURNED.docx",
                                             help="The Word file a member sent back.")],
    draft: DraftArgument,
    organisation: Annotated[str, typer.Option("--from", help="The member organisation; it "
                                              "stands for anonymous authors ('Author').")],
    library: LibraryOption = None,
) -> None:
    """Read tracked changes, comments and untracked edits of a returned file into proposals
    stored beside the draft (DRAFT-NAME.feedback/ORG-DATE.yaml)."""
    from csp_draft.feedback.importer import import_returned
    from csp_draft.feedback.report import describe
    from csp_draft.textsafety import strip_control

    if not organisation.strip():
        raise CspDraftError("--from is empty", hint="name the member organisation")
    loaded = _draft(draft)
    path, changes, notices = import_returned(returned, loaded, lambda: _renderer(library),
                                             organisation.strip())
    for notice in notices:
        typer.echo(f"{returned}: note: {notice}", err=True)
    for change in changes:
        typer.echo(strip_control(f"{change['id']}  {change['item']}  {change['kind']}  "
                                 f"{describe(change)}"))
    typer.echo(f"wrote {path} ({len(changes)} proposals)", err=True)


@feedback_app.command("list")
def list_(
    draft: DraftArgument,
    organisation: Annotated[str | None, typer.Option("--from", help="Only this "
                                                     "organisation's proposals.")] = None,
    item: Annotated[str | None, typer.Option("--item", help="Only this item "
                                             "(SECTION.N).")] = None,
) -> None:
    """List the proposals with their status; conflicts between members are marked."""
    from csp_draft.feedback.decide import conflicts
    from csp_draft.feedback.report import describe
    from csp_draft.feedback.store import all_changes, load_all
    from csp_draft.textsafety import strip_control

    loaded = _draft(draft)
    files = load_all(loaded.path)
    changes = all_changes(files)
    pending = [c for _, c in changes if c.get("status") == "pending"]
    clashes: dict[str, list[str]] = {}
    for one in pending:
        for _, other in conflicts(changes, [one]):
            clashes.setdefault(one["id"], []).append(other["id"])
    if not files:
        typer.echo("no feedback imported for this draft; see `csp-draft feedback import`",
                   err=True)
    elif not changes:
        typer.echo("no proposals: the imported files change nothing", err=True)
    for _, change in changes:
        if organisation and str(change.get("from", "")).casefold() != organisation.casefold():
            continue
        if item and change.get("item") != item:
            continue
        line = (f"{change['id']}  {change.get('item')}  {change.get('status')}  "
                f"{change.get('from')}  {describe(change)}")
        if change["id"] in clashes:
            line += "  [conflict with " + ", ".join(clashes[change["id"]]) + "]"
        typer.echo(strip_control(line))


def _decide(verb: str, draft: Path, ids: list[str] | None, all_from: str | None,
            reason: str | None, library: list[Path] | None) -> None:
    from csp_draft.errors import UsageError
    from csp_draft.feedback import decide

    if bool(ids) == bool(all_from):
        raise UsageError(f"give proposal ids or --all-from ORG to {verb}, not both or neither")
    loaded = _draft(draft)
    if verb == "accept":
        done = decide.accept(loaded, _renderer(library), ids or [], all_from, reason)
    else:
        done = decide.reject(loaded, ids or [], all_from, reason)
    for change in done:
        typer.echo(f"{verb}ed {change['id']} ({change.get('item')}, {change.get('kind')})")
    if not done:
        typer.echo(f"nothing to {verb}", err=True)


IdsArgument = Annotated[list[str] | None, typer.Argument(metavar="ID...", help="Proposal ids "
                                                         "from `feedback list`.")]
AllFromOption = Annotated[str | None, typer.Option("--all-from", help="Every pending "
                                                   "proposal of this organisation.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why; shown in the "
                                                  "report.")]


@feedback_app.command("accept")
def accept(draft: DraftArgument, ids: IdsArgument = None, all_from: AllFromOption = None,
           reason: ReasonOption = None, library: LibraryOption = None) -> None:
    """Apply proposals to the draft (locked, comments kept); conflicting ones are refused."""
    _decide("accept", draft, ids, all_from, reason, library)


@feedback_app.command("reject")
def reject(draft: DraftArgument, ids: IdsArgument = None, all_from: AllFromOption = None,
           reason: ReasonOption = None, library: LibraryOption = None) -> None:
    """Record proposals as rejected; the draft is not touched."""
    _decide("reject", draft, ids, all_from, reason, library)


@feedback_app.command("report")
def report(
    draft: DraftArgument,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or docx.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write "
                                                "(default: standard output for md, "
                                                "DRAFT-NAME.feedback.docx for docx).")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """The consolidated table per item: proposal, who proposed it, decision, reason."""
    from csp_draft.errors import UsageError
    from csp_draft.feedback.report import report_markdown

    if fmt not in ("md", "docx"):
        raise UsageError(f"unknown report format '{fmt}'; use md or docx")
    loaded = _draft(draft)
    text = report_markdown(loaded)
    if fmt == "md" and output is None:
        typer.echo(text, nl=False)
        return
    from csp_draft.writers.formats import write_output

    target = output or loaded.path.with_name(f"{loaded.path.stem}.feedback.{fmt}")
    if target.exists() and not force:
        raise CspDraftError("file exists (it may be an annotated copy); nothing was written",
                            hint="choose another -o, or pass --force to replace it",
                            location=Location.of_file(target))
    write_output(text, fmt, target)
    typer.echo(f"wrote {target}", err=True)
