"""Translation commands: check, diff and confirm which language versions are in step."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csp_draft.cli.common import app, print_diagnostics, safe
from csp_draft.cli.drafts import DraftArgument, RefArgument, say
from csp_draft.errors import UsageError

translations_app = typer.Typer(
    help="Keep the language versions of a draft's texts in step: check, diff, confirm.",
    no_args_is_help=True)
app.add_typer(translations_app, name="translations")

LangOption = Annotated[str, typer.Option("--lang", help="The language version to look at, "
                                         "e.g. ru.")]


@translations_app.command("check")
def check(
    drafts: Annotated[list[Path], typer.Argument(metavar="DRAFT...", help="Draft files.",
                                                 dir_okay=False)],
) -> None:
    """List the items whose language versions are out of step, one warning each."""
    from csp_draft.drafts.read import read_draft
    from csp_draft.drafts.translations import report_staleness, tracked_items
    from csp_draft.errors import DiagnosticCollector

    diags = DiagnosticCollector()
    tracked = 0
    for path in drafts:
        draft = read_draft(path)
        tracked += sum(1 for _ in tracked_items(draft))
        report_staleness(draft, diags)
    print_diagnostics(diags.items)
    stale = len(diags.items)
    typer.echo(f"{tracked} tracked text{'s' if tracked != 1 else ''}, "
               + (f"{stale} out of step" if stale else "all in step"), err=True)


@translations_app.command("diff")
def diff(draft: DraftArgument, ref: RefArgument, lang: LangOption) -> None:
    """Show what changed in the other languages of an item since it was last in step with
    --lang (the old text comes from the draft's git history)."""
    from csp_draft.drafts.edit import DraftEdit
    from csp_draft.drafts.read import MAX_DRAFT_BYTES
    from csp_draft.drafts.refs import parse_ref
    from csp_draft.drafts.translations import changes_since_sync, word_diff
    from csp_draft.fsio import read_bytes

    edit = DraftEdit(draft, read_bytes(draft, limit=MAX_DRAFT_BYTES))
    key, index = edit.locate(parse_ref(ref))
    document = edit.draft
    section = document.section(key)
    assert section is not None
    item = section.items[index - 1]
    changes = changes_since_sync(str(draft), document, f"{key}.{index}", item, lang)
    if not changes:
        say(f"{key}.{index}: nothing changed in the other languages since the last sync")
        return
    for other, old, new in changes:
        typer.echo(f"{key}.{index} '{other}' since the last sync with '{lang}':")
        typer.echo(safe(word_diff(old, new)))


@translations_app.command("confirm")
def confirm(draft: DraftArgument, ref: RefArgument, lang: LangOption) -> None:
    """Record that an item's --lang version is in step with the others again."""
    from csp_draft.drafts.edit import DraftEdit, edit_draft
    from csp_draft.drafts.refs import parse_ref

    target = parse_ref(ref)

    def change(edit: DraftEdit) -> str:
        key, index = edit.locate(target)
        text = edit.item(key, index).get("text")
        if not hasattr(text, "keys") or lang not in text:
            raise UsageError(f"{key}.{index} has no '{lang}' text to confirm",
                             hint=f"add it with `csp-draft set DRAFT {key}.{index} --lang "
                                  f"{lang} --text ...`")
        edit.stamp(key, index)
        return f"{key}.{index}"

    where, written = edit_draft(draft, change)
    if written:
        say(f"{where}: '{lang}' confirmed in step")
    else:
        say(f"{where}: already in step; nothing changed")

