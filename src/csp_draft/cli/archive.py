"""`csp-draft import`: the coalition's archive (Word, Markdown, text, PDF) into drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_draft.cli.common import LibraryOption, app, library_of, open_session


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Documents to "
                                                "import: .docx, .md, .txt or .pdf.")],
    out: Annotated[Path, typer.Option("-o", "--out", metavar="DIR",
                                      help="Folder for the drafts.")] = Path("drafts"),
    report_file: Annotated[Path | None, typer.Option("--report", metavar="FILE",
                                                     help="Write the import report "
                                                     "(Markdown) here.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="The document "
                                             "kind (default: from the title).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", metavar="LANG", help="The documents' "
                                             "language (default: from their text).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a draft of the same "
                                        "name.")] = False,
    library: LibraryOption = None,
) -> None:
    """Turn archived documents into drafts: title block, sections, numbered items and
    signatories recognised; each paragraph a clause of the library where one says it
    (with its values), else free text; the report says what was decided and why."""
    from csp_draft.archive.run import Importer, report
    from csp_draft.drafts.new import parse_languages
    from csp_draft.fsio import atomic_write

    if lang is not None:
        (lang,) = parse_languages(lang)[:1]
    session = open_session(library)
    importer = Importer(lambda: library_of(session).clauses, kind=kind, lang=lang,
                        people=lambda: session.library.people)
    results = []
    for path in files:
        result = importer.import_file(path, out, force=force)
        for notice in result.document.notices:
            typer.echo(f"{path}: note: {notice}", err=True)
        typer.echo(f"wrote {result.draft} ({result.kind}, {len(result.decisions)} items: "
                   f"{result.count('exact')} clauses, {result.count('near')} clauses in "
                   f"their own wording, {result.count('none')} free texts)")
        results.append(result)
    if report_file is not None:
        atomic_write(report_file, report(results))
        typer.echo(f"wrote {report_file}")
    typer.echo(f"next: csp-draft check {results[-1].draft}", err=True)


def _clauses_group() -> typer.Typer:
    from csp_draft.cli.clauses import clauses_app

    return clauses_app


@_clauses_group().command("adopt")
def clauses_adopt(
    draft: Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.")],
    ref: Annotated[str, typer.Argument(metavar="REF", help="The free text to adopt "
                                       "(SECTION.N).")],
    clause_id: Annotated[str, typer.Option("--id", metavar="ID", help="Id of the new "
                                           "clause (a slug).")],
    topic: Annotated[list[str] | None, typer.Option("--topic", metavar="TOPIC",
                                                    help="Topic (repeatable).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="Kind of "
                                             "clause (default: from the section).")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Title in "
                                              "the draft's first language.")] = None,
    folder: Annotated[Path | None, typer.Option("--dir", metavar="DIR", help="Folder for "
                                                "the clause (default: the workspace's "
                                                "clauses/adopted/).", file_okay=False)
                      ] = None,
) -> None:
    """Make a free text of a draft (an imported paragraph no clause says) a clause of the
    workspace's library, and use that clause in its place."""
    from csp_draft.drafts.adopt import adopt
    from csp_draft.drafts.refs import parse_ref
    from csp_draft.errors import CspDraftError, Location
    from csp_draft.workspace import load_workspace

    if not draft.is_file():
        raise CspDraftError("draft not found", hint="check the path",
                            location=Location.of_file(draft))
    if folder is None:
        workspace = load_workspace()
        folder = (workspace.clauses_dir or ((workspace.root or Path.cwd()) / "clauses")
                  ) / "adopted"
    path = adopt(draft, parse_ref(ref), clause_id, folder, topics=topic or [], kind=kind,
                 title=title)
    typer.echo(f"wrote {path}; {ref} of {draft} now uses it", err=True)
    typer.echo("next: give it variables, legal basis and forms, then run "
               "`csp-draft clauses check`", err=True)
