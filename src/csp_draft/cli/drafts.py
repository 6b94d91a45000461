"""Draft commands: init, new, add-clause, add-text, meta, remove, move, set, sign, unsign,
show, check.

Each command parses its options, calls the core (workspace_init, draft_new, editing, outline,
drafts) and reports on standard error what it changed, e.g. "added release-defenders as
recommendations.4". Edits never happen outside :func:`csp_draft.drafts.edit.edit_draft`.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csp_draft.cli.common import (
    JsonOption,
    LibraryOption,
    app,
    library_of,
    make_console,
    open_session,
    print_diagnostics,
    safe,
)
from csp_draft.cli.members import complete_member
from csp_draft.errors import UsageError

if TYPE_CHECKING:
    from csp_draft.drafts.edit import DraftEdit
    from csp_draft.drafts.read import Draft
    from csp_draft.models.data import Clause

DraftArgument = Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.",
                                               dir_okay=False)]
RefArgument = Annotated[str, typer.Argument(metavar="REF", help="An item: a position such as "
                                            "recommendations.3 (a sub-item: "
                                            "recommendations.9.3), or a clause id used once.")]
AtOption = Annotated[int | None, typer.Option("--at", min=1, help="Position in the section "
                                              "(1 = first; default: last).")]
NewSectionOption = Annotated[bool, typer.Option("--new-section", help="Start the section if "
                                                "the draft has none by that name.")]
UnderOption = Annotated[str | None, typer.Option("--under", metavar="REF", help="Make it a "
                                                "sub-item of this item (e.g. "
                                                "recommendations.7).")]
AddresseeOption = Annotated[str | None, typer.Option("--addressee", metavar="ID", help="Whom "
                                                     "it speaks to (an addressee id), over "
                                                     "the clause's own.")]
IdOption = Annotated[str | None, typer.Option("--id", metavar="ID", help="A name other items "
                                              "refer to it by, writing [[ID]].")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note on the "
                                                "item (its 'footnote:'): a footnote, or in a "
                                                "press release a numbered endnote, \"[1]\" "
                                                "in the text.")]


def say(text: str) -> None:
    """A confirmation on standard error; user text in it must have gone through safe()."""
    console = make_console(stderr=True)
    console.print(text, soft_wrap=not console.is_terminal)  # wrapped to the screen only


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


# --- init and new -------------------------------------------------------------------------------

@app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder of the workspace "
                                           "(created if missing; default: here).",
                                           file_okay=False)] = Path("."),
    coalition: Annotated[str, typer.Option(help="Name of the coalition (default author of "
                                           "drafts).")] = "",
    lang: Annotated[str, typer.Option("--lang", help="Working languages, the default first.")
                    ] = "en,ru",
    addressee: Annotated[list[str] | None, typer.Option("--addressee", help="Default addressee "
                                                        "id (repeatable).")] = None,
) -> None:
    """Create a workspace: csp-draft.yaml, clauses/, templates/, drafts/ and a README."""
    from csp_draft.drafts.new import check_text, parse_languages
    from csp_draft.drafts.workspace_init import init_workspace

    if not coalition:
        from csp_draft.cli.prompts import ask_coalition

        coalition = ask_coalition()
    name = check_text("--coalition", coalition) if coalition else ""
    created = init_workspace(folder, coalition=name, languages=parse_languages(lang),
                             addressees=addressee or ())
    names = ", ".join(safe(p.name + ("/" if p.is_dir() else "")) for p in created
                      if p != folder)
    say(f"created a workspace in {safe(shown(folder))}: {names}")
    say("next: csp-draft new resolution --title \"...\"")


@app.command("new")
def new(
    kind: Annotated[str | None, typer.Argument(metavar="KIND", help="Document kind "
                                               "(see --list).")] = None,
    path: Annotated[Path | None, typer.Argument(metavar="[PATH]", help="File to write "
                                                "(default: the workspace drafts/ folder, "
                                                "named after the title).")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the document.")] = None,
    event: Annotated[str | None, typer.Option(help="The event or forum.")] = None,
    place: Annotated[str | None, typer.Option(help="Place, e.g. a city.")] = None,
    date: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Languages, e.g. en,ru "
                                             "(default: the workspace's).")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
    list_kinds: Annotated[bool, typer.Option("--list", help="List the document kinds.")
                          ] = False,
) -> None:
    """Start a draft of a document kind, with the sections such a document has."""
    from csp_draft.drafts import new as draft_new
    from csp_draft.models.kinds import KINDS, get_kind
    from csp_draft.workspace import load_workspace

    if list_kinds:
        _print_kinds(KINDS)
        return
    if kind is None:
        raise UsageError("give the KIND of document", hint="`csp-draft new --list` shows them")
    document_kind = get_kind(kind)
    workspace = load_workspace()
    languages = draft_new.parse_languages(lang) if lang else workspace.languages
    title = draft_new.check_text("--title", title) if title is not None else None
    text = draft_new.draft_text(
        document_kind, title=title,
        event=draft_new.check_text("--event", event) if event is not None else None,
        place=draft_new.check_text("--place", place) if place is not None else None,
        date=draft_new.parse_date(date) if date else None, languages=languages,
        authors=(workspace.coalition,) if workspace.coalition else (),
    )
    if path is None or path.is_dir():
        folder = path or workspace.drafts_dir or Path.cwd()
        path = draft_new.default_path(folder, document_kind, title)
    draft_new.write_new_draft(path, text, force=force)
    sections = ", ".join(plan.key for plan in document_kind.sections)
    say(f"created {safe(shown(path))} ({document_kind.name}: {sections})")
    say(f"next: csp-draft add-clause {safe(shown(path))} ID  (find ids with "
        "`csp-draft clauses search WORDS`)")


def _print_kinds(kinds: dict[str, Any]) -> None:
    from csp_draft.cli.tables import print_table

    print_table("document kinds", ["kind", "name", "sections", "description"],
                [[kind.name, kind.label.pick("en") or "", ", ".join(
                    plan.key + (" (numbered)" if plan.numbered else "") for plan in kind.sections),
                  kind.description] for kind in kinds.values()])


# --- adding items -------------------------------------------------------------------------------

@app.command("add-clause")
def add_clause(
    draft: DraftArgument,
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="The clause id.")],
    section: Annotated[str | None, typer.Option(help="Section to add to (default: by the "
                                                "clause's kind).")] = None,
    at: AtOption = None,
    set_values: Annotated[list[str] | None, typer.Option(
        "--set", help="name=VALUE (VALUE is YAML: text, [a, b], [{name: ..., country: ...}]); "
        "repeatable.")] = None,
    set_files: Annotated[list[str] | None, typer.Option(
        "--set-file", help="name=FILE: the value from a .yaml file, or the text of any other "
        "file; repeatable.")] = None,
    new_section: NewSectionOption = False,
    under: UnderOption = None,
    addressee: AddresseeOption = None,
    item_id: IdOption = None,
    form: Annotated[str | None, typer.Option(
        "--form", help="The form it takes here, over its section's: operative, preambular, "
        "spoken, or text (its text as written).")] = None,
    library: LibraryOption = None,
) -> None:
    """Add a clause to the draft, with its values; asks for missing ones on a terminal.
    With --under REF it becomes a sub-item of that item (its operative form, punctuated
    as a sub-list item)."""
    from csp_draft.cli import prompts
    from csp_draft.drafts.assignments import (
        check_assignments,
        parse_assignments,
        read_value_files,
        spec_help,
    )
    from csp_draft.drafts.edit import edit_draft
    from csp_draft.drafts.read import read_draft
    from csp_draft.drafts.refs import check_clause_id, parse_ref
    from csp_draft.errors import Diagnostic, DiagnosticCollector, ValidationFailed
    from csp_draft.models.values import is_missing

    clause_id = check_clause_id(clause_id)
    lib = library_of(open_session(library))
    clause = lib.get(clause_id)
    assignments = parse_assignments(set_values or []) + read_value_files(set_files or [], clause)
    diags = DiagnosticCollector()
    check_assignments(clause, assignments, diags, lib)
    diags.raise_if_any()
    given = {a.name for a in assignments}
    missing = [name for name, spec in clause.variables.items()
               if spec.required and is_missing(spec.default) and name not in given]
    if missing:  # the draft's own values may give them (read only then: a big draft is slow)
        current = read_draft(draft)
        missing = [name for name in missing if name not in current.values]
    if missing and prompts.is_interactive():
        asker = prompts.Asker(make_console(stderr=True), clause, current.languages, lib)
        assignments += asker.ask_missing(missing)
        check_assignments(clause, assignments, diags, lib)
        diags.raise_if_any()
    elif missing:
        raise ValidationFailed([
            Diagnostic(None, f"{clause.id} needs '{name}' ({spec_help(clause.variables[name])})",
                       f"give it with --set {name}=VALUE")
            for name in missing])

    from ruamel.yaml.comments import CommentedMap

    by_name = {a.name: a.data for a in assignments}
    values = CommentedMap((name, by_name[name]) for name in clause.variables if name in by_name)
    item = CommentedMap([("clause", clause.id)])
    _item_extras(item, addressee, item_id)
    if form is not None:
        from csp_draft.drafts.read import SECTION_FORMS

        if form not in SECTION_FORMS:
            raise UsageError(f"--form '{safe(form)}' is not a form",
                             hint="use " + ", ".join(SECTION_FORMS))
        item["form"] = form
    if values:
        item["values"] = values
    place: dict[str, Any] = {}

    def change(edit: DraftEdit) -> None:
        _check_addressee(edit, addressee)
        if under is not None:
            place["key"], place["index"] = edit.locate(parse_ref(under))
            place["sub"] = edit.insert_sub(place["key"], place["index"], item, at)
            return
        place["key"] = edit.choose_section(section, clause.kind, create=new_section)
        place["index"] = edit.insert(place["key"], item, at)

    def check(new: Draft) -> None:
        _recheck_values(new, place["key"], place["index"], clause, place.get("sub"))
        place["languages"] = new.languages

    edit_draft(draft, change, check)
    where = f"{place['key']}.{place['index']}" + (f".{place['sub']}" if "sub" in place else "")
    say(f"added {clause.id} as {where}")
    lacking = [lang for lang in place["languages"] if lang not in clause.text]
    if lacking:
        say(f"note: {clause.id} has no text in {', '.join(lacking)}; give this document's "
            f"wording with `csp-draft set DRAFT {where} --text ... --lang {lacking[0]}`")


def _recheck_values(draft: Draft, key: str, index: int, clause: Clause,
                    sub: int | None = None) -> None:
    """The values as the edited file holds them must still be what was checked."""
    from csp_draft.errors import DiagnosticCollector
    from csp_draft.models.values import coerce_value

    section = draft.section(key)
    diags = DiagnosticCollector()
    if section is None or len(section.items) < index:
        raise UsageError(f"internal error: {key}.{index} is missing after the edit")
    item = section.items[index - 1]
    if sub is not None:
        if len(item.items) < sub:
            raise UsageError(f"internal error: {key}.{index}.{sub} is missing after the edit")
        item = item.items[sub - 1]
    for name, node in item.values.items():
        spec = clause.variables.get(name)
        if spec is not None:
            coerce_value(spec, node, diags, what=f"'{name}' of {key}.{index}")
    diags.raise_if_any()


def _still_missing(draft: Draft, key: str, index: int, clause: Clause, sub: int = 0
                   ) -> list[str]:
    """Required values the item at key.index (or its sub-item ``sub``) still lacks."""
    from csp_draft.models.values import is_missing

    section = draft.section(key)
    item = section.items[index - 1] if section is not None else None
    if item is not None and sub:
        item = item.items[sub - 1]
    given = set(item.values if item else ()) | set(draft.values)
    return [name for name, spec in clause.variables.items()
            if spec.required and is_missing(spec.default) and name not in given]


@app.command("add-text")
def add_text(
    draft: DraftArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The text (Markdown).")],
    section: Annotated[str | None, typer.Option(help="Section to add to (or --under).")
                       ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the text (default: "
                                             "one text for every language).")] = None,
    at: AtOption = None,
    new_section: NewSectionOption = False,
    under: UnderOption = None,
    addressee: AddresseeOption = None,
    item_id: IdOption = None,
    note: NoteOption = None,
) -> None:
    """Add free text written for this document only. [[ID]] in it stands for the number
    of the item with that --id, however the items are renumbered. --note gives it a note
    (in the language of --lang), numbered when the document is made."""
    from ruamel.yaml.comments import CommentedMap

    from csp_draft.drafts.assignments import text_assignment
    from csp_draft.drafts.edit import edit_draft, first_words
    from csp_draft.drafts.refs import parse_ref

    if (section is None) == (under is None):
        raise UsageError("say where the text goes with --section or --under, one of them")
    body = _checked_text(text)
    data = text_assignment("text", body, "TEXT").data
    item = CommentedMap([("text", CommentedMap([(lang, data)]) if lang else data)])
    _item_extras(item, addressee, item_id)
    if note is not None:
        note_data = text_assignment("footnote", _checked_text(note), "--note").data
        item["footnote"] = CommentedMap([(lang, note_data)]) if lang else note_data

    def change(edit: DraftEdit) -> str:
        _check_addressee(edit, addressee)
        if lang is not None:
            _check_lang(edit, lang)
        if under is not None:
            key, index = edit.locate(parse_ref(under))
            return f"{key}.{index}.{edit.insert_sub(key, index, item, at)}"
        key = edit.choose_section(section, create=new_section)
        return f"{key}.{edit.insert(key, item, at)}"

    where, _ = edit_draft(draft, change)
    say(f"added text {safe(first_words(body))} as {where}")


def _check_addressee(edit: DraftEdit, addressee: str | None) -> None:
    from csp_draft.models.addressees import registry
    from csp_draft.suggest import did_you_mean

    known = [*registry(), *edit.draft.addressees]
    if addressee is not None and addressee not in known:
        # "government" ("the government concerned") is never the one to suggest: an id
        # such as government-of-belarus is a government to name, defined in the draft
        suggestion = did_you_mean(addressee, [key for key in known if key != "government"])
        raise UsageError(f"unknown addressee '{safe(addressee)}'", hint=suggestion or (
            f"define it first: `csp-draft addressee {safe(shlex.quote(str(edit.path)))} "
            f"{safe(addressee)} --lang en --name ...`"))


def _item_extras(item: Any, addressee: str | None, item_id: str | None) -> None:
    """An item's addressee and id, checked as slugs."""
    from csp_draft.library.schema import SLUG

    for option, value, key in (("--addressee", addressee, "addressee"), ("--id", item_id, "id")):
        if value is None:
            continue
        if not SLUG.match(value):
            raise UsageError(f"{option} '{safe(value)}' is not an id",
                             hint="ids are lowercase letters, digits and hyphens, e.g. odihr")
        item[key] = value


def _checked_text(text: str) -> str:
    if not text.strip():
        raise UsageError("the text is empty")
    return text.replace("\r\n", "\n").strip("\n")


def _check_lang(edit: DraftEdit, lang: str) -> None:
    if lang not in edit.draft.languages:
        raise UsageError(f"the draft is not written in '{lang}'",
                         hint="its languages: " + ", ".join(edit.draft.languages)
                         + "; add the language to 'languages:' in the draft first")


# --- changing items -----------------------------------------------------------------------------

@app.command("remove")
def remove(draft: DraftArgument, ref: RefArgument) -> None:
    """Remove an item, or a sub-item (e.g. recommendations.9.3), from the draft."""
    from csp_draft.drafts.edit import edit_draft, position_text
    from csp_draft.drafts.refs import parse_ref

    target = parse_ref(ref)

    def change(edit: DraftEdit) -> tuple[str, str]:
        key, index, sub = edit.locate_any(target)
        name = edit.describe(key, index, sub)
        edit.remove(key, index, sub)
        return name, position_text(key, index, sub)

    (name, where), _ = edit_draft(draft, change)
    say(f"removed {safe(name)} ({where})")


@app.command("move")
def move(
    draft: DraftArgument,
    ref: RefArgument,
    to: Annotated[str | None, typer.Option("--to", help="Section to move the item to.")
                  ] = None,
    at: AtOption = None,
    new_section: NewSectionOption = False,
    under: Annotated[str | None, typer.Option("--under", metavar="REF", help="Make it a "
                                              "sub-item of this item instead (e.g. "
                                              "recommendations.9).")] = None,
) -> None:
    """Move an item or a sub-item to another place: into a section with --to (a sub-item
    becomes an item there), or into an item's sub-list with --under (--at: the position
    in that section or sub-list)."""
    from csp_draft.drafts.edit import edit_draft, position_text
    from csp_draft.drafts.refs import parse_ref

    if (to is None) == (under is None):
        raise UsageError("say where the item goes with --to SECTION or --under REF",
                         hint="e.g. --to recommendations, or --under recommendations.9")
    target = parse_ref(ref)
    parent = parse_ref(under) if under is not None else None

    def change(edit: DraftEdit) -> tuple[str, str, str]:
        key, index, sub = edit.locate_any(target)
        name = edit.describe(key, index, sub)
        source = position_text(key, index, sub)
        if parent is None:
            assert to is not None
            destination = edit.choose_section(to, create=new_section)
            item = edit.remove(key, index, sub)
            return name, source, f"{destination}.{edit.insert(destination, item, at)}"
        if not sub and edit.item(key, index).get("items"):
            raise UsageError(f"{source} has sub-items of its own, so it cannot become one",
                             hint="move its sub-items first, or move it with --to")
        anchor = edit.item(*edit.locate(parent))
        if anchor is edit.item(key, index, sub):
            raise UsageError(f"{source} cannot become a sub-item of itself")
        item = edit.remove(key, index, sub)
        new_key, new_index = edit.locate_item_of(anchor)
        position = edit.insert_sub(new_key, new_index, item, at)
        return name, source, position_text(new_key, new_index, position)

    (name, source, destination), written = edit_draft(draft, change)
    if written:
        say(f"moved {safe(name)} from {source} to {destination}")
    else:
        say(f"{safe(name)} is already at {destination}; nothing changed")


@app.command("set")
def set_(
    draft: DraftArgument,
    ref: RefArgument,
    assignments: Annotated[list[str] | None, typer.Argument(
        metavar="[NAME=VALUE]...", help="Values of the clause's variables (VALUE is YAML).")
    ] = None,
    unset: Annotated[list[str] | None, typer.Option("--unset", help="Remove this value "
                                                    "(repeatable).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The item's own text: free text, "
                                             "or this document's wording of a clause.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of --text (default: one "
                                             "text for every language).")] = None,
    minor: Annotated[bool, typer.Option("--minor", help="A change of --text that needs no new "
                                        "translation: the other languages stay in step.")
                     ] = False,
    note: NoteOption = None,
    addressee: AddresseeOption = None,
    library: LibraryOption = None,
) -> None:
    """Change an item: values of its clause, its text, its note (--note: a footnote, in
    a press release a numbered endnote) or whom it speaks to (--addressee: an id of the
    registry or one the draft defines with `csp-draft addressee`). Setting a text in a new language
    records the languages as in step; a later change of one of them makes the others older
    (see `csp-draft translations`), unless it is --minor."""
    from csp_draft.drafts.assignments import check_assignments, parse_assignments, text_assignment
    from csp_draft.drafts.edit import DraftEdit, edit_draft, position_text
    from csp_draft.drafts.refs import parse_ref
    from csp_draft.errors import DiagnosticCollector
    from csp_draft.fsio import read_bytes

    target = parse_ref(ref)
    values = parse_assignments(assignments or [])
    unset_names = tuple(unset or [])
    if not values and not unset_names and text is None and note is None and addressee is None:
        raise UsageError("nothing to set", hint="give NAME=VALUE, --unset NAME, --text TEXT, "
                         "--note TEXT or --addressee ID")
    _item_extras({}, addressee, None)  # an id, or refused before the draft is read
    if lang is not None and text is None and note is None:
        raise UsageError("--lang goes with --text or --note")
    if minor and lang is None:
        raise UsageError("--minor goes with --text and --lang",
                         hint="it keeps the other languages of a per-language text in step")
    text_data = (text_assignment("text", _checked_text(text), "--text").data
                 if text is not None else None)
    note_data = (text_assignment("footnote", _checked_text(note), "--note").data
                 if note is not None else None)
    clause = None
    if values or unset_names:
        from csp_draft.drafts.read import MAX_DRAFT_BYTES

        preview = DraftEdit(draft, read_bytes(draft, limit=MAX_DRAFT_BYTES))
        key, index, sub = preview.locate_any(target)
        clause_id = preview.item(key, index, sub).get("clause")
        if clause_id is None:
            raise UsageError(f"{position_text(key, index, sub)} is free text, which has no "
                             "values", hint="change its text with --text")
        lib = library_of(open_session(library))
        clause = lib.get(str(clause_id))
        diags = DiagnosticCollector()
        check_assignments(clause, values, diags, lib)
        for name in unset_names:
            if name not in clause.variables:
                from csp_draft.suggest import did_you_mean

                diags.error(None, f"clause '{clause.id}' has no variable '{name}'",
                            did_you_mean(name, clause.variables))
        diags.raise_if_any()

    place: dict[str, Any] = {}

    def change(edit: DraftEdit) -> str:
        key, index, sub = edit.locate_any(target)
        place.update(key=key, index=index, sub=sub)
        where = position_text(key, index, sub)
        if clause is not None:
            if edit.item(key, index, sub).get("clause") != clause.id:
                raise UsageError(f"{where} changed while the command ran",
                                 hint="run the command again")
            edit.set_values(key, index, {a.name: a.data for a in values}, unset_names, sub)
        if text_data is not None:
            if lang is not None:
                _check_lang(edit, lang)
            item = edit.item(key, index, sub)
            before = item.get("text")
            had_record = "synced" in item
            new_language = lang is not None and not (hasattr(before, "keys") and lang in before)
            edit.set_text(key, index, text_data, lang, sub)
            after = item.get("text")
            if lang is not None and hasattr(after, "keys") and len(after) > 1:
                if minor:
                    edit.stamp(key, index, (lang,) if had_record else None, sub)
                elif new_language and not had_record:
                    edit.stamp(key, index, sub=sub)  # a first translation: in step
        if note_data is not None:
            if lang is not None:
                _check_lang(edit, lang)
            edit.put_text(edit.item(key, index, sub), "footnote", note_data, lang)
        if addressee is not None:
            _check_addressee(edit, addressee)
            edit.item(key, index, sub)["addressee"] = addressee
        return edit.describe(key, index, sub)

    def check(new: Draft) -> None:
        if clause is not None:
            _recheck_values(new, place["key"], place["index"], clause, place["sub"] or None)
            place["missing"] = _still_missing(new, place["key"], place["index"], clause,
                                              place["sub"])

    name, written = edit_draft(draft, change, check)
    where = position_text(place["key"], place["index"], place["sub"])
    what = ", ".join([*(a.name for a in values), *(f"-{n}" for n in unset_names),
                      *(["text"] if text is not None else []),
                      *(["note"] if note is not None else []),
                      *(["addressee"] if addressee is not None else [])])
    if written:
        say(f"set {safe(what)} of {where} ({safe(name)})")
    else:
        say(f"{where} ({safe(name)}) already has that; nothing changed")
    if place.get("missing"):
        say(f"still missing: {', '.join(place['missing'])}")


# --- signatures ---------------------------------------------------------------------------------

@app.command("sign")
def sign(
    draft: DraftArgument,
    org: Annotated[str | None, typer.Option("--org", help="Name of the organisation (one "
                                            "not in members.yaml).")] = None,
    member: Annotated[str | None, typer.Option(
        "--member", metavar="ID", help="A member from the workspace's members.yaml: its "
        "name in each language and its country come from there.",
        autocompletion=complete_member)] = None,
    country: Annotated[str | None, typer.Option(help="Its country (needed for a new "
                                                "signatory).")] = None,
    status: Annotated[str | None, typer.Option(help="confirmed, pending or withdrawn "
                                               "(default for a new signatory: confirmed).")
                      ] = None,
    date: Annotated[str | None, typer.Option(help="Date of the signature, YYYY-MM-DD "
                                             "(default for a new signatory: today).")] = None,
    name_in: Annotated[str | None, typer.Option("--name", help="The organisation's name in "
                                                "--lang, e.g. its Russian name.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of --name.")] = None,
) -> None:
    """Add an organisation's signature, or update it (country, status, date, its name in a
    language). --member takes a member of the workspace's registry; --country takes a name
    or an ISO code (BY, KG), named in each language. A confirmed signature records the
    text it endorses (a hash per language); sign again after the text changed."""
    from csp_draft.drafts.assignments import yaml_text
    from csp_draft.drafts.edit import edit_draft
    from csp_draft.drafts.new import check_text, parse_date

    if (org is None) == (member is None):
        raise UsageError("give either --org or --member",
                         hint="--member ID for a member in members.yaml (`csp-draft members "
                         "list`), --org NAME --country CODE for any other organisation")
    if member is not None and (country is not None or name_in is not None):
        raise UsageError("a member's country and names come from members.yaml",
                         hint="change them there (`csp-draft members show ID`), or sign with "
                         "--org")
    when = parse_date(date) if date else None
    hashes = _endorsement(draft)
    if member is not None:
        from csp_draft.registry.members import load_registry

        entry = load_registry(draft.resolve().parent).get(member)

        def change_member(edit: DraftEdit) -> tuple[bool, int, str, str]:
            index = edit.find_member(entry.id)
            before = dict(edit.signatory(index + 1)) if index is not None else None
            added, position, state = edit.sign_member(entry.id, status=status, date=when)
            edit.endorse(position, hashes, before=before)
            return added, position, state, entry.name_in(edit.draft.languages[0])

        outcome, written = edit_draft(draft, change_member)
    else:
        assert org is not None
        name = check_text("--org", org)
        country_text = check_text("--country", country) if country is not None else None
        if (name_in is None) != (lang is None):
            raise UsageError("--name and --lang go together",
                             hint="e.g. --lang ru --name \"Правозащитный центр «Весна»\"")
        translated = check_text("--name", name_in) if name_in is not None else None

        def change(edit: DraftEdit) -> tuple[bool, int, str, str]:
            index = edit.find_signatory(name)
            before = dict(edit.signatory(index + 1)) if index is not None else None
            result = edit.sign(yaml_text(name), country=yaml_text(country_text) if
                               country_text else None, status=status, date=when)
            if translated is not None and lang is not None:
                _check_lang(edit, lang)
                edit.put_text(edit.signatory(result[1]), "organisation", yaml_text(translated),
                              lang)
            edit.endorse(result[1], hashes, before=before)
            return result

        outcome, written = edit_draft(draft, change)
    added, position, state, spelled = outcome
    if added:
        say(f"added {safe(spelled)} as signatory {position} ({state})")
    elif written:
        say(f"updated the signature of {safe(spelled)} (signatory {position}, {state})")
    else:
        say(f"{safe(spelled)} has already signed ({state}); nothing changed")
    if state == "confirmed" and written:
        from csp_draft.drafts.read import read_draft

        signed = read_draft(draft).signatories[position - 1]
        if signed.endorsed:
            say("endorses the text in " + ", ".join(signed.endorsed))
        elif not hashes:
            say("the draft does not render yet, so the signature records no endorsed text; "
                "sign again once `csp-draft check` passes")


def _endorsement(path: Path) -> dict[str, str]:
    """The hash of each language's text of the draft as it renders now (see
    render/endorsements.py); languages that do not render are left out."""
    from csp_draft.cli.export import _renderer
    from csp_draft.drafts.read import read_draft
    from csp_draft.render.endorsements import current_hashes

    draft = read_draft(path)
    return current_hashes(draft, _renderer(open_session(None), None))


@app.command("unsign")
def unsign(
    draft: DraftArgument,
    org: Annotated[str, typer.Option("--org", help="Name of the organisation.")],
) -> None:
    """Remove an organisation's signature."""
    from csp_draft.drafts.edit import edit_draft
    from csp_draft.drafts.new import check_text

    name = check_text("--org", org)
    removed, _ = edit_draft(draft, lambda edit: edit.unsign(name))
    say(f"removed the signature of {safe(removed)}")


# --- reading ------------------------------------------------------------------------------------

@app.command("show")
def show(
    draft: DraftArgument,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of titles (default: "
                                             "the draft's first).")] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Outline a draft: sections, numbered items, missing values, signatories."""
    from csp_draft.drafts.outline import outline
    from csp_draft.drafts.read import read_draft

    document = read_draft(draft)
    if lang:
        from csp_draft.cli.export import require_draft_language

        require_draft_language(document, lang)
    view = outline(document, library_of(open_session(library)), lang)
    if as_json:
        from csp_draft.cli.reports import print_outline_json

        print_outline_json(view)
        return
    console = make_console()

    def line(text: str) -> None:
        console.print(text, soft_wrap=not console.is_terminal, highlight=False)

    line(f"[bold]{safe(view.title)}[/bold]  ({view.kind}; {', '.join(view.languages)})")
    for section in view.sections:
        marks = " (numbered)" if section.numbered else ""
        heading = f" — {safe(section.heading)}" if section.heading != section.key else ""
        line(f"\n[bold]{safe(section.key)}[/bold]{heading}{marks}")
        if not section.items:
            line("  [dim](empty)[/dim]")
        for number, item in enumerate(section.items, 1):
            _outline_line(line, f"  {number}. ", item)
            for sub_number, sub in enumerate(item.subs, 1):
                _outline_line(line, f"     {number}.{sub_number} ", sub)
    total = sum(len(names) for names in view.signatories.values())
    line(f"\n[bold]signatories[/bold] ({total})")
    for status, names in view.signatories.items():
        if names:
            line(f"  {status} ({len(names)}): {safe('; '.join(names))}")
    if view.problems:
        plural = "s" if view.problems != 1 else ""
        line(f"\n[red]{view.problems} problem{plural}[/red]: see `csp-draft check "
             f"{safe(shown(draft))}`")


def _outline_line(line: Any, lead: str, item: Any) -> None:
    if item.clause_id is None:
        line(f"{lead}[italic]text[/italic] {safe(item.title)}")
        return
    title = "[red]not in the library[/red]" if item.unknown else safe(item.title)
    line(f"{lead}{safe(item.clause_id)} — {title}")
    if item.missing:
        line(" " * len(lead) + f"[bold red]missing: {safe(', '.join(item.missing))}[/bold red]")


@app.command("check")
def check(
    draft: Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file, or - for "
                                          "standard input.", dir_okay=False)],
    as_json: JsonOption = False,
    library: LibraryOption = None,
    fallback: Annotated[str | None, typer.Option(help="A language whose text may stand in "
                                                 "for an untranslated one (e.g. en): "
                                                 "untranslated texts become warnings.")
                        ] = None,
    strict_forms: Annotated[bool, typer.Option("--strict-forms", help="A clause without the "
                                               "form its position needs is an error, not a "
                                               "warning.")] = False,
) -> None:
    """List every problem of a draft (clauses, values, languages, empty sections, clauses
    without the form their position needs, people whose case record contradicts a demand or
    is older than the freshness window)."""
    from csp_draft.cli.reports import print_problems_json, read_draft_yaml
    from csp_draft.drafts.read import check_draft, parse_draft
    from csp_draft.errors import DiagnosticCollector, ValidationFailed

    root = read_draft_yaml(draft)
    diags = DiagnosticCollector()
    document = parse_draft(root, draft, diags)
    if document is not None:
        import datetime as dt

        session = open_session(library)
        diags.extend(check_draft(document, library_of(session), fallback,
                                 today=dt.date.today(),
                                 freshness_days=session.workspace.freshness_days,
                                 strict_forms=strict_forms or None))
        if not diags.errors and any(s.endorsed for s in document.signatories):
            from csp_draft.cli.export import _renderer
            from csp_draft.render.endorsements import current_hashes, stale_warnings

            diags.extend(stale_warnings(document, current_hashes(document,
                                                                 _renderer(session, None))))
    problems = sorted(diags.items, key=lambda d: (d.location.line, d.location.column)
                      if d.location else (0, 0))
    if as_json:
        print_problems_json(problems)
        if any(d.severity == "error" for d in problems):
            raise typer.Exit(1)
        return
    if any(d.severity == "error" for d in problems):
        raise ValidationFailed(problems)
    print_diagnostics(problems)
    count = sum(len(section.items) for section in document.sections) if document else 0
    warnings = len(problems)
    summary = f"{count} item{'s' if count != 1 else ''} checked, no errors"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    typer.echo(summary, err=True)
