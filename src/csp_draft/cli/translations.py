"""Translation commands: check, diff and confirm which language versions are in step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csp_draft.cli.common import app, print_diagnostics, safe
from csp_draft.cli.drafts import say
from csp_draft.errors import UsageError

if TYPE_CHECKING:
    from csp_draft.errors import DiagnosticCollector
    from csp_draft.models.data import Clause

translations_app = typer.Typer(
    help="Keep the language versions of a draft's texts, or of clauses (--library), in "
         "step: check, diff, confirm.",
    no_args_is_help=True)
app.add_typer(translations_app, name="translations")

LangOption = Annotated[str, typer.Option("--lang", help="The language version to look at, "
                                         "e.g. ru.")]


LibraryFlag = Annotated[bool, typer.Option(
    "--library", help="Work on clauses of the library instead of a draft's items.")]


@translations_app.command("check")
def check(
    targets: Annotated[list[Path] | None, typer.Argument(
        metavar="DRAFT...", help="Draft files; with --library, clause folders (default: "
        "every folder on the clause search path).")] = None,
    library: LibraryFlag = False,
    record: Annotated[bool, typer.Option(
        "--record/--no-record", help="Record texts written by hand in every language, with no "
        "record yet, as in step (the default), so that a later change to one side is seen.")
    ] = True,
) -> None:
    """List the texts whose language versions are out of step, one warning each.

    A text in every language without a record of its last sync (written so by hand) counts
    as in step; this first check records it (--no-record leaves the files as they are)."""
    from csp_draft.errors import DiagnosticCollector

    diags = DiagnosticCollector()
    if library:
        tracked, recorded = _check_library(targets or [], diags, record)
        what = "clause"
    else:
        if not targets:
            raise UsageError("name the drafts to check, or give --library",
                             hint="e.g. csp-draft translations check drafts/forum.yaml")
        tracked, recorded = _check_drafts(targets, diags, record)
        what = "tracked text"
    print_diagnostics(diags.items)
    stale = len(diags.items)
    if recorded:
        noun = "text" if recorded == 1 else "texts"
        kind = "clause" if library else "item"
        say(f"recorded {recorded} {noun} written in every language as in step "
            f"(first seen without a record of the {kind}'s last sync)")
    typer.echo(f"{tracked} {what}{'s' if tracked != 1 else ''}"
               + (" in several languages" if library else "") + ", "
               + (f"{stale} out of step" if stale else "all in step"), err=True)


def _check_drafts(paths: list[Path], diags: DiagnosticCollector, record: bool
                  ) -> tuple[int, int]:
    from csp_draft.drafts.edit import DraftEdit, edit_draft
    from csp_draft.drafts.read import read_draft
    from csp_draft.drafts.refs import parse_ref
    from csp_draft.drafts.translations import report_staleness, tracked_items, unrecorded_items

    tracked = recorded = 0
    for path in paths:
        draft = read_draft(path)
        unrecorded = list(unrecorded_items(draft))
        if unrecorded and record:
            def stamp(edit: DraftEdit, refs: list[str] = unrecorded) -> None:
                for ref in refs:
                    key, index, sub = edit.locate_any(parse_ref(ref))
                    edit.stamp(key, index, sub=sub)

            edit_draft(path, stamp)
            recorded += len(unrecorded)
            draft = read_draft(path)
        tracked += sum(1 for _ in tracked_items(draft)) + (0 if record else len(unrecorded))
        report_staleness(draft, diags)
    return tracked, recorded


def _check_library(folders: list[Path], diags: DiagnosticCollector, record: bool
                   ) -> tuple[int, int]:
    """The clauses of ``folders`` (default: the search path); unrecorded clauses are
    recorded in the folders named and in the workspace's own, never in the packaged or a
    shared library."""
    from csp_draft.library.load import out_of_step
    from csp_draft.library.stamp import stamp_clause_file
    from csp_draft.library.sync import is_tracked

    session, clauses = _library_clauses(folders)
    writable = {"workspace"} if not folders else None
    tracked = recorded = 0
    for clause in sorted(clauses, key=lambda clause: str(clause.path)):
        if not is_tracked(clause):
            continue
        tracked += 1
        if not clause.synced and record and (writable is None or clause.library in writable):
            stamp_clause_file(clause.path, session.workspace.known_languages, clause.library)
            recorded += 1
        diags.items.extend(out_of_step(clause))
    return tracked, recorded


def _library_clauses(folders: list[Path]) -> tuple[Any, list[Clause]]:
    from csp_draft.cli.session import Session
    from csp_draft.library.index.scan import LibrarySource
    from csp_draft.library.load import load_library

    session = Session(strict=True)
    if not folders:
        return session, list(session.library.clauses.values())
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a folder of clause files",
                             hint="with --library, name clause folders (or none: the search "
                                  "path)")
    loaded = load_library([LibrarySource(str(folder), folder) for folder in folders],
                          languages=session.workspace.known_languages)
    return session, list(loaded.clauses.values())


def _library_clause(target: str) -> tuple[Any, Clause]:
    """The clause named by ``target``: a clause file, or an id on the search path (not one
    of the packaged or a shared library when it is to be changed)."""
    from csp_draft.cli.session import Session
    from csp_draft.library.load import load_clause_file

    session = Session()
    path = Path(target)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        clause, problems = load_clause_file(path, session.workspace.known_languages, "")
        if clause is None:
            from csp_draft.errors import ValidationFailed

            raise ValidationFailed(problems)
        return session, clause
    return session, session.library.get(target)


def _two(targets: list[str], library: bool) -> tuple[str, str]:
    wanted = 1 if library else 2
    if len(targets) != wanted:
        raise UsageError("give the draft and the item (DRAFT REF), or --library and a clause id",
                         hint="e.g. csp-draft translations diff drafts/forum.yaml concerns.1 "
                              "--lang ru, or csp-draft translations diff --library "
                              "decriminalise-libel --lang ru")
    return (targets[0], "") if library else (targets[0], targets[1])


TargetsArgument = Annotated[list[str], typer.Argument(
    metavar="DRAFT REF|ID", help="The draft and its item (a position such as concerns.1, or a "
    "clause id used once); with --library, a clause id or clause file instead.")]


@translations_app.command("diff")
def diff(targets: TargetsArgument, lang: LangOption, library: LibraryFlag = False) -> None:
    """Show what changed in the other languages of an item (or a clause) since it was last in
    step with --lang (the old text comes from the file's git history)."""
    first, ref = _two(targets, library)
    if library:
        _diff_clause(first, lang)
        return
    from csp_draft.drafts.edit import DraftEdit, position_text
    from csp_draft.drafts.read import MAX_DRAFT_BYTES
    from csp_draft.drafts.refs import parse_ref
    from csp_draft.drafts.translations import changes_since_sync, item_at, word_diff
    from csp_draft.fsio import read_bytes

    draft = Path(first)
    edit = DraftEdit(draft, read_bytes(draft, limit=MAX_DRAFT_BYTES))
    where = position_text(*edit.locate_any(parse_ref(ref)))
    document = edit.draft
    item = item_at(document, where)
    assert item is not None
    changes = changes_since_sync(str(draft), document, where, item, lang)
    if not changes:
        say(f"{where}: nothing changed in the other languages since the last sync")
        return
    for other, old, new in changes:
        typer.echo(f"{where} '{other}' since the last sync with '{lang}':")
        typer.echo(safe(word_diff(old, new)))


def _diff_clause(target: str, lang: str) -> None:
    from csp_draft.drafts.translations import clause_changes_since_sync, word_diff

    session, clause = _library_clause(target)
    changes = clause_changes_since_sync(clause, lang, session.workspace.known_languages)
    if not changes:
        say(f"{safe(clause.id)}: nothing changed in the other languages since the last sync")
        return
    for other, place, old, new in changes:
        typer.echo(f"{safe(clause.id)} {place} '{other}' since the last sync with '{lang}':")
        typer.echo(safe(word_diff(old, new)))


@translations_app.command("confirm")
def confirm(targets: Annotated[list[str], typer.Argument(
                metavar="DRAFT REF|ID", help="The draft and its item; with --library, clause ids, "
                "clause files or folders of them.")],
            lang: LangOption, library: LibraryFlag = False) -> None:
    """Record that an item's (or a clause's) --lang version is in step with the others again."""
    if library:
        _confirm_clauses(targets, lang)
        return
    from csp_draft.drafts.edit import DraftEdit, edit_draft, position_text
    from csp_draft.drafts.refs import parse_ref

    first, ref = _two(targets, library)
    target = parse_ref(ref)

    def change(edit: DraftEdit) -> str:
        key, index, sub = edit.locate_any(target)
        where = position_text(key, index, sub)
        text = edit.item(key, index, sub).get("text")
        if not hasattr(text, "keys") or lang not in text:
            raise UsageError(f"{where} has no '{lang}' text to confirm",
                             hint=f"add it with `csp-draft set DRAFT {where} --lang "
                                  f"{lang} --text ...`")
        edit.stamp(key, index, sub=sub)
        return where

    where, written = edit_draft(Path(first), change)
    if written:
        say(f"{where}: '{lang}' confirmed in step")
    else:
        say(f"{where}: already in step; nothing changed")


def _confirm_clauses(targets: list[str], lang: str) -> None:
    """Confirm clauses named by id or file one by one; a folder confirms every clause in it
    that has a ``lang`` text and another language."""
    from csp_draft.errors import CspDraftError, Location
    from csp_draft.library.stamp import stamp_clause_file
    from csp_draft.library.sync import is_tracked

    if not targets:
        raise UsageError("name the clauses to confirm (ids, files or folders)")
    folders = [Path(target) for target in targets if Path(target).is_dir()]
    singles = [target for target in targets if not Path(target).is_dir()]
    chosen: list[Clause] = []
    session: Any = None
    for target in singles:
        session, clause = _library_clause(target)
        if clause.library == "packaged" or (clause.library not in ("", "workspace")
                                            and not Path(clause.library).is_dir()):
            raise CspDraftError(
                f"the clause '{clause.id}' belongs to the {clause.library} library, which "
                "this command does not change", hint="name its file or folder if you "
                "maintain that library", location=Location.of_file(clause.path))
        if lang not in clause.text:
            raise UsageError(f"the clause '{clause.id}' has no '{lang}' text to confirm",
                             hint=f"write its '{lang}' text under 'text:' first")
        chosen.append(clause)
    if folders:
        session, found = _library_clauses(folders)
        chosen += [clause for clause in sorted(found, key=lambda c: str(c.path))
                   if is_tracked(clause) and lang in clause.text]
    changed = 0
    for clause in chosen:
        _, written = stamp_clause_file(clause.path, session.workspace.known_languages,
                                       clause.library)
        changed += written
        if not folders:
            say(f"{safe(clause.id)}: '{lang}' confirmed in step" if written else
                f"{safe(clause.id)}: already in step; nothing changed")
    if folders:
        say(f"{len(chosen)} clause{'s' if len(chosen) != 1 else ''} in step, "
            f"{changed} record{'s' if changed != 1 else ''} written")
