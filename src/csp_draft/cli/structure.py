"""Commands for a draft's structure: `section add|set|move|remove`, the title block
(`info`) and the draft's own addressees (`addressee`).

Text options take one language with --lang (the other languages of a per-language text
keep theirs); without it the text stands for every language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csp_draft.cli.common import app, safe
from csp_draft.cli.drafts import DraftArgument, _check_lang, say
from csp_draft.errors import UsageError

if TYPE_CHECKING:
    from csp_draft.drafts.edit import DraftEdit

section_app = typer.Typer(help="Add, change, move and remove the sections of a draft.",
                          no_args_is_help=True)
app.add_typer(section_app, name="section")


class Numbering(StrEnum):
    restart = "restart"
    cont = "continue"


class Addressing(StrEnum):
    grouped = "grouped"
    lead_in = "lead-in"
    should = "should"
    none = "none"


class Form(StrEnum):
    operative = "operative"
    preambular = "preambular"
    spoken = "spoken"
    text = "text"


class Layout(StrEnum):
    numbered = "numbered"
    bulleted = "bulleted"
    plain = "plain"


KeyArgument = Annotated[str, typer.Argument(metavar="SECTION", help="The section's name "
                                            "(a slug, e.g. to-belarus).")]
LangOption = Annotated[str | None, typer.Option("--lang", help="Language of the texts given "
                                                "(default: one text for every language).")]
HeadingOption = Annotated[str | None, typer.Option(help="The heading.")]
LeadInOption = Annotated[str | None, typer.Option("--lead-in", help="An unnumbered paragraph "
                                                  "above the items.")]
NumberingOption = Annotated[Numbering | None, typer.Option(
    help="restart: number from 1 here; continue: go on from the section before.")]
AddressingOption = Annotated[Addressing | None, typer.Option(
    help="How operative items name their addressee: grouped (a heading 'To X:' above each "
    "run of items to X), lead-in ('Calls upon X to ...'), should ('X should ...', "
    "«X (dative) следует ...»), none.")]
FormOption = Annotated[Form | None, typer.Option(help="The clause form the items take.")]
LayoutOption = Annotated[Layout | None, typer.Option(help="numbered, bulleted or plain "
                                                     "paragraphs.")]


def _text(label: str, value: str | None) -> Any:
    from csp_draft.drafts.assignments import text_assignment
    from csp_draft.drafts.new import check_text

    if value is None:
        return None
    return text_assignment(label, check_text(label, value), label).data


def _apply_section(edit: DraftEdit, key: str, lang: str | None, *, heading: str | None,
                   lead_in: str | None, numbering: Numbering | None,
                   addressing: Addressing | None, form: Form | None,
                   layout: Layout | None) -> list[str]:
    changed = []
    if lang is not None:
        _check_lang(edit, lang)
    if heading is not None:
        edit.set_section_field(key, "heading", _text("--heading", heading), lang)
        changed.append("heading")
    if lead_in is not None:
        edit.set_section_field(key, "lead_in", _text("--lead-in", lead_in), lang)
        changed.append("lead-in")
    if numbering is not None:
        edit.set_section_field(key, "numbering", numbering.value)
        changed.append("numbering")
    if addressing is not None:
        edit.set_section_field(key, "addressing", addressing.value)
        changed.append("addressing")
    if form is not None:
        edit.set_section_field(key, "form", form.value)
        changed.append("form")
    if layout is not None:
        edit.set_section_field(key, "numbered", layout is Layout.numbered)
        edit.set_section_field(key, "bulleted", layout is Layout.bulleted)
        changed.append("layout")
    return changed


@section_app.command("add")
def section_add(
    draft: DraftArgument, key: KeyArgument,
    before: Annotated[str | None, typer.Option(help="Put it before this section.")] = None,
    after: Annotated[str | None, typer.Option(help="Put it after this section.")] = None,
    heading: HeadingOption = None, lead_in: LeadInOption = None,
    numbering: NumberingOption = None, addressing: AddressingOption = None,
    form: FormOption = None, layout: LayoutOption = None, lang: LangOption = None,
) -> None:
    """Add a section (where the document kind puts it, or --before/--after another)."""
    from csp_draft.drafts.edit import edit_draft

    def change(edit: DraftEdit) -> None:
        edit.add_section(key, before=before, after=after)
        _apply_section(edit, key, lang, heading=heading, lead_in=lead_in, numbering=numbering,
                       addressing=addressing, form=form, layout=layout)

    edit_draft(draft, change)
    say(f"added section {safe(key)}")


@section_app.command("set")
def section_set(
    draft: DraftArgument, key: KeyArgument,
    heading: HeadingOption = None, lead_in: LeadInOption = None,
    numbering: NumberingOption = None, addressing: AddressingOption = None,
    form: FormOption = None, layout: LayoutOption = None, lang: LangOption = None,
) -> None:
    """Change a section: its heading (per language with --lang), lead-in, numbering,
    addressing, form or layout."""
    from csp_draft.drafts.edit import edit_draft

    def change(edit: DraftEdit) -> list[str]:
        return _apply_section(edit, key, lang, heading=heading, lead_in=lead_in,
                              numbering=numbering, addressing=addressing, form=form,
                              layout=layout)

    changed, written = edit_draft(draft, change)
    if not changed:
        raise UsageError("say what to change", hint="e.g. --heading TEXT; see --help")
    if written:
        say(f"set {', '.join(changed)} of section {safe(key)}")
    else:
        say(f"section {safe(key)} already has that; nothing changed")


@section_app.command("move")
def section_move(
    draft: DraftArgument, key: KeyArgument,
    before: Annotated[str | None, typer.Option(help="Put it before this section.")] = None,
    after: Annotated[str | None, typer.Option(help="Put it after this section.")] = None,
) -> None:
    """Move a section before or after another."""
    from csp_draft.drafts.edit import edit_draft

    edit_draft(draft, lambda edit: edit.move_section(key, before=before, after=after))
    where = f"before {safe(before)}" if before else f"after {safe(after or '')}"
    say(f"moved section {safe(key)} {where}")


@section_app.command("remove")
def section_remove(
    draft: DraftArgument, key: KeyArgument,
    force: Annotated[bool, typer.Option(help="Remove it with its items.")] = False,
) -> None:
    """Remove a section (one with items only with --force)."""
    from csp_draft.drafts.edit import edit_draft

    count, _ = edit_draft(draft, lambda edit: edit.remove_section(key, force=force))
    say(f"removed section {safe(key)}" + (f" and its {count} items" if count else ""))


@app.command("info")
def info(
    draft: DraftArgument,
    title: Annotated[str | None, typer.Option(help="The title.")] = None,
    subtitle: Annotated[list[str] | None, typer.Option(
        help="A line under the title; repeat for several lines (replaces them all).")] = None,
    event: Annotated[str | None, typer.Option(help="The event or forum.")] = None,
    place: Annotated[str | None, typer.Option(help="Place, e.g. a city.")] = None,
    author: Annotated[str | None, typer.Option(help="The first author (the coalition).")
                      ] = None,
    date: Annotated[str | None, typer.Option(help="Date (the first day), YYYY-MM-DD.")] = None,
    date_end: Annotated[str | None, typer.Option("--date-end", help="The last day of an "
                                                 "event of several days, YYYY-MM-DD.")] = None,
    speaker: Annotated[str | None, typer.Option(help="The speaker line of remarks.")] = None,
    salutation: Annotated[str | None, typer.Option(help="The salutation of remarks.")] = None,
    dateline: Annotated[str | None, typer.Option(help="The dateline of a press release.")
                        ] = None,
    endnote: Annotated[list[str] | None, typer.Option(
        help="A numbered note at the end; repeat for several (replaces them all).")] = None,
    addressing: AddressingOption = None,
    lang: LangOption = None,
) -> None:
    """Set the title block and other facts of the whole draft, in one language (--lang ru
    adds or replaces the Russian text and keeps the others) or in all."""
    from csp_draft.drafts.edit import edit_draft
    from csp_draft.drafts.new import parse_date

    texts = {"title": title, "event": event, "place": place, "speaker": speaker,
             "salutation": salutation, "dateline": dateline}
    dates = {"date": parse_date(date) if date else None,
             "date_end": parse_date(date_end, "--date-end") if date_end else None}

    def change(edit: DraftEdit) -> list[str]:
        changed = []
        if lang is not None:
            _check_lang(edit, lang)
        for name, value in texts.items():
            if value is not None:
                edit.set_draft_field(name, _text(f"--{name}", value), lang)
                changed.append(name)
        if author is not None:
            edit.set_first_author(_text("--author", author), lang)
            changed.append("author")
        for name, day in dates.items():
            if day is not None:
                edit.set_draft_field(name, day)
                changed.append(name.replace("_", "-"))
        for name, lines in (("subtitle", subtitle), ("endnotes", endnote)):
            if lines:
                edit.set_lines(name, [_text(f"--{name}", line) for line in lines], lang)
                changed.append(name)
        if addressing is not None:
            edit.set_draft_field("addressing", addressing.value)
            changed.append("addressing")
        return changed

    changed, written = edit_draft(draft, change)
    if not changed:
        raise UsageError("say what to set", hint="e.g. --subtitle TEXT; see --help")
    where = f" in '{lang}'" if lang else ""
    say(f"set {', '.join(changed)}{where}" if written else f"the draft already has that{where}; "
        "nothing changed")


@app.command("addressee")
def addressee(
    draft: DraftArgument,
    key: Annotated[str, typer.Argument(metavar="ID", help="The addressee's id, e.g. "
                                       "government-of-belarus.")],
    lang: Annotated[str, typer.Option("--lang", help="The language of the words.")],
    name: Annotated[str | None, typer.Option(help="English: the name as it stands after "
                                             "'Calls upon' or 'To'.")] = None,
    nom: Annotated[str | None, typer.Option(help="Russian: nominative.")] = None,
    acc: Annotated[str | None, typer.Option(help="Russian: accusative («Призывает ...»).")
                   ] = None,
    dat: Annotated[str | None, typer.Option(help="Russian: dative (the heading).")] = None,
) -> None:
    """Define an addressee of this draft (the government of a named country), in one
    language at a time."""
    from csp_draft.drafts.edit import edit_draft
    from csp_draft.models.addressees import FORMS

    given = {case: value for case, value in (("name", name), ("nom", nom), ("acc", acc),
                                             ("dat", dat)) if value is not None}
    cases = FORMS.get(lang, ("name",))
    wrong = [case for case in given if case not in cases]
    if wrong or sorted(given) != sorted(cases):
        raise UsageError(f"an addressee in '{lang}' needs " + ", ".join(f"--{c}" for c in cases)
                         + (", not " + ", ".join(f"--{c}" for c in wrong) if wrong else ""))
    forms = {case: _text(f"--{case}", given[case]) for case in cases}

    def change(edit: DraftEdit) -> None:
        _check_lang(edit, lang)
        edit.define_addressee(key, lang, forms)

    edit_draft(draft, change)
    say(f"set addressee {safe(key)} ({safe(lang)})")
