"""`csp-draft compare OLD NEW`: a redline of two versions of a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import (
    LibraryOption,
    app,
    library_of,
    open_session,
    print_diagnostics,
)
from csp_draft.errors import CspDraftError, Location, UsageError

COMPARE_FORMATS = ("docx", "md")
DEFAULT_OUTPUT = "changes.docx"

TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of templates that comes first on the search path.",
                 file_okay=False),
]


@app.command("compare")
def compare(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier version: a draft "
                                       "file, or DRAFT@REV for the draft at a git revision.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later version: a draft file "
                                       "or DRAFT@REV.")],
    output: Annotated[str | None, typer.Option("-o", "--output", help="File to write, or - "
                                               "for standard output (default: changes.docx; "
                                               "Markdown: standard output).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="docx (tracked changes) or "
                                            "md (CriticMarkup); default: from -o, else "
                                            "docx.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language to compare in (default: NEW's "
                                             "first).")] = None,
    fallback: Annotated[str | None, typer.Option(help="Use this language's text (e.g. en) "
                                                 "where a text is not in --lang; untranslated "
                                                 "texts become warnings.")] = None,
    author: Annotated[str | None, typer.Option(help="Author of the tracked changes (default: "
                                               "the workspace's coalition, else "
                                               "csp-draft).")] = None,
    date: Annotated[str | None, typer.Option(help="Date of the tracked changes, ISO 8601 "
                                             "(default: SOURCE_DATE_EPOCH, else now).")] = None,
    templates: TemplatesOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite a file that csp-draft did not "
                                        "write.")] = False,
    library: LibraryOption = None,
) -> None:
    """Compare two versions of a draft as rendered text: a Word file with tracked changes
    (or CriticMarkup), and a summary of what changed on standard error."""
    from csp_draft.compare.align import compare_markdown
    from csp_draft.compare.summary import draft_changes
    from csp_draft.render.document import DocumentRenderer, template_folders
    from csp_draft.textsafety import strip_control

    kind = _format(fmt, output)
    old_label, old_draft = _load(old)
    new_label, new_draft = _load(new)
    language = lang.strip() if lang else new_draft.languages[0]
    session = open_session(library)
    clauses = library_of(session)
    renderer = DocumentRenderer(clauses, template_folders(session.workspace.templates_dir,
                                                          templates))
    old_result = renderer.render(old_draft, language, fallback=fallback)
    new_result = renderer.render(new_draft, language, fallback=fallback)
    print_diagnostics([*old_result.warnings, *new_result.warnings])
    redline = compare_markdown(old_result.markdown, new_result.markdown)
    changes = draft_changes(old_draft, new_draft, clauses, language)

    target = _target(kind, output)
    if kind == "md":
        from csp_draft.compare.critic import critic_markdown

        data: str | bytes = critic_markdown(redline)
    else:
        from csp_draft.writers.docx.redline import build_redline_docx, revision_date

        name = author if author is not None else (session.workspace.coalition or "csp-draft")
        data = build_redline_docx(redline, author=name, date=revision_date(date))

    typer.echo(strip_control(f"compared {old_label} with {new_label} ({language})"), err=True)
    lines = changes.lines()
    if not lines and redline.changed:
        lines = ["the rendered text changed (templates or clause texts)"]
    for line in lines or ["no changes"]:
        typer.echo(strip_control(line), err=True)
    if target is None:
        assert isinstance(data, str)
        typer.echo(data, nl=False)
        return
    _write(target, data, force=force, drafts=(old_draft.path, new_draft.path))
    typer.echo(strip_control(f"wrote {target}"), err=True)


def _format(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        kind = fmt.strip().lower().lstrip(".")
        if kind not in COMPARE_FORMATS:
            raise UsageError(f"unknown format '{fmt}' for compare", hint="use docx or md")
        return kind
    if output and output != "-" and output.lower().endswith(".md"):
        return "md"
    return "md" if output == "-" else "docx"


def _target(kind: str, output: str | None) -> Path | None:
    if output == "-":
        if kind != "md":
            raise UsageError("only Markdown can go to standard output",
                             hint="use -o FILE.docx, or --format md")
        return None
    if output is None:
        return None if kind == "md" else Path(DEFAULT_OUTPUT)
    target = Path(output)
    if target.is_dir() or output.endswith(("/", "\\")):
        raise UsageError(f"-o {output} is a folder", hint="give a file name, e.g. changes.docx")
    return target


def _load(argument: str) -> tuple[str, Any]:
    from csp_draft.drafts.gitrev import read_draft_at, split_revision
    from csp_draft.drafts.read import read_draft

    path, revision = split_revision(argument)
    if revision is not None:
        return f"{path}@{revision}", read_draft_at(path, revision)
    if not Path(path).is_file():
        raise CspDraftError("draft not found", hint="give a draft file, or DRAFT@REV",
                            location=Location.of_file(path))
    return path, read_draft(path)


def _write(target: Path, data: str | bytes, *, force: bool, drafts: tuple[Path, ...]) -> None:
    """Write like an export: never over a file csp-draft did not write, unless forced, and
    never over a draft being compared or anything that is not a regular file."""
    import stat

    from csp_draft.export.documents import ExportManifest
    from csp_draft.fsio import atomic_write

    try:
        status = target.lstat()
    except OSError:
        status = None
    if status is not None and not stat.S_ISLNK(status.st_mode):
        for draft in drafts:
            try:
                same = Path(draft).exists() and Path(draft).samefile(target)
            except OSError:
                same = False
            if same:
                raise CspDraftError("output path is a draft being compared; nothing was "
                                    "written", hint="choose another -o",
                                    location=Location.of_file(target))
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            raise CspDraftError("output path is not a regular file (a device, a pipe or a "
                                "socket); nothing was written", hint="choose another -o",
                                location=Location.of_file(target))
    folder = target.parent
    if not folder.is_dir():
        raise CspDraftError("output folder does not exist", hint="create it first",
                            location=Location.of_file(folder))
    manifest = ExportManifest(folder)
    if target.is_symlink():  # as export does: never written through, replaced only if forced
        if not force:
            raise CspDraftError(
                "output path is a symbolic link; nothing was written",
                hint="remove the link, or pass --force to replace the link (not the file it "
                "points to) with the export", location=Location.of_file(target))
        target.unlink()
    elif not force and not manifest.may_overwrite(target):
        raise CspDraftError(
            "file exists and was not written by csp-draft (it may hold someone's edits); "
            "nothing was written",
            hint="choose another -o, or pass --force to overwrite it",
            location=Location.of_file(target),
        )
    atomic_write(target, data)
    manifest.record(target)
    manifest.save()
