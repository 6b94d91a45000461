"""`csp-draft clauses ...`: browse, search, show, check and start clauses."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import (
    JsonOption,
    LibraryOption,
    clauses_app,
    library_of,
    open_session,
    print_diagnostics,
    print_json,
)
from csp_draft.errors import CspDraftError


@clauses_app.command("list")
def clauses_list(
    topic: Annotated[str | None, typer.Option(help="Only clauses with this topic.")] = None,
    addressee: Annotated[str | None, typer.Option(help="Only clauses addressed to this.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only clauses of this kind.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only clauses with text in this language.")
                    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """List the clauses in the library."""
    from csp_draft.library.skeleton import clause_summary

    lib = library_of(open_session(library))
    clauses = lib.summaries(topic=topic, addressee=addressee, kind=kind, lang=lang)
    if as_json:
        print_json([clause_summary(c) for c in clauses])
        return
    display_lang = lang or "en"
    if sys.stdout.isatty() and len(clauses) <= TABLE_MAX_ROWS and _table_fits(clauses):
        _print_table(clauses, display_lang)
        return
    typer.echo(f"{len(clauses)} clause{'s' if len(clauses) != 1 else ''}")
    if clauses:
        _print_columns(["ID", "KIND", "LANG", "TITLE", "TOPICS"],
                       [[c.id, c.kind, ",".join(c.languages), c.title_in(display_lang),
                         ", ".join(c.topics)] for c in clauses],
                       shrink={3: 60, 4: 40})


# rich lays out 10,000 rows in 8 s; longer listings get the plain columns, cut to the screen
TABLE_MAX_ROWS = 300


# A table keeps ids, kinds and languages whole; it is drawn only when titles and topics
# still get this many columns beside them, else the plain columns cut to the screen.
TABLE_MIN_TEXT = 40


def _table_fits(clauses: list[Any]) -> bool:
    whole = sum(max(len(column), *(len(value) for value in values)) for column, values in (
        ("id", [c.id for c in clauses]), ("kind", [c.kind for c in clauses]),
        ("lang", [",".join(c.languages) for c in clauses])))
    borders = 3 * 5 + 1  # rich's default box: "│ " before each cell, " │" after the last
    return _terminal_width() - whole - borders >= TABLE_MIN_TEXT


def _print_table(clauses: list[Any], lang: str) -> None:
    """A rich table for a person at a terminal (piped output gets plain columns)."""
    from csp_draft.cli.tables import print_table

    print_table(f"{len(clauses)} clause{'s' if len(clauses) != 1 else ''}",
                ["id", "kind", "lang", "title", "topics"],
                [[c.id, c.kind, ",".join(c.languages), c.title_in(lang), ", ".join(c.topics)]
                 for c in clauses], whole=(0, 1, 2))


@clauses_app.command("search")
def clauses_search(
    query: Annotated[str, typer.Argument(help="Words to look for, in your own words, any "
                                         "language; abbreviations (NGO, HRD, ODIHR) work.")],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
    topic: Annotated[str | None, typer.Option(help="Only clauses with this topic.")] = None,
    addressee: Annotated[str | None, typer.Option(help="Only clauses addressed to this "
                                                  "addressee id.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only clauses of this kind.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only clauses with text in this language; "
                                             "snippets in it.")] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Search clauses the way drafters ask: any word may match, clauses that cover more of
    the query first; word forms, synonyms and abbreviations are understood.

    Examples: `csp-draft clauses search "protect journalists"`,
    `csp-draft clauses search "НКО иностранные агенты"`,
    `csp-draft clauses search observers --addressee odihr`.
    """
    from csp_draft.library.search import MARK_CLOSE, MARK_OPEN, SearchFilters, plain_snippet

    lib = library_of(open_session(library))
    filters = SearchFilters(topic=topic, addressee=addressee, kind=kind, lang=lang)
    hits = lib.search(query, limit=limit, filters=filters)
    suggestions = lib.did_you_mean(hits, query)
    if as_json:
        print_json([{"id": h.clause.id, "score": round(h.score, 2), "lang": h.lang,
                     "title": dict(h.clause.title), "matched": list(h.matched),
                     "addressees": list(h.clause.addressees), "kind": h.clause.kind,
                     "snippet": plain_snippet(h.snippet)} for h in hits])
        return
    for word, close in suggestions.items():
        typer.echo(f"no clause has '{_cell(word)}'; did you mean "
                   + " or ".join(f"'{_cell(c)}'" for c in close) + "?", err=True)
    if not hits:
        typer.echo(f"no clause matches '{_cell(query)}'", err=True)
        return
    import textwrap

    width = _terminal_width()
    for hit in hits:
        lang_shown = hit.lang or "en"
        title = _cell(hit.clause.title_in(lang_shown))
        if width:  # the id stays whole; the title is cut to the screen
            title = _fit(title, max(width - _width(hit.clause.id) - 2, 10))
        typer.echo(typer.style(_cell(hit.clause.id), bold=True) + "  " + title)
        details = [f"{hit.clause.kind}"]
        if hit.clause.addressees:
            details.append("to " + ", ".join(hit.clause.addressees))
        details.append("matched: " + ", ".join(hit.matched))
        about = _cell("; ".join(details))
        for line in textwrap.wrap(about, width - 4) if width else [about]:
            typer.echo("    " + typer.style(line, dim=True))
        snippet = _cell(plain_snippet(hit.snippet))
        lines = textwrap.wrap(snippet, width - 4) if width else [snippet]
        marked = _mark_matches(lines, hit.snippet, MARK_OPEN, MARK_CLOSE)
        for line in marked:
            typer.echo("    " + line)


def _mark_matches(lines: list[str], marked: str, mark_open: str, mark_close: str
                  ) -> list[str]:
    """The snippet's lines with the matched words in bold (on a terminal)."""
    import re

    words = {_cell(m) for m in re.findall(re.escape(mark_open) + "(.*?)" + re.escape(mark_close),
                                         marked)}
    if not words:
        return lines
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len,
                                                                        reverse=True)) + r")\b")
    return [pattern.sub(lambda m: typer.style(m.group(), bold=True), line) for line in lines]


@clauses_app.command("show")
def clauses_show(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="The clause id.")],
    lang: Annotated[str | None, typer.Option(help="Language of the text (default: all).")
                    ] = None,
    as_json: JsonOption = False,
    library: LibraryOption = None,
) -> None:
    """Show a clause: metadata, its addressee, variables, its text and each of its forms
    (operative, preambular, spoken) rendered with the example values, and each legal
    reference with the record of its check, or 'unchecked'."""
    from csp_draft.library.skeleton import clause_to_dict, jsonable

    session = open_session(library)
    lib = library_of(session)
    clause = lib.get(clause_id)
    languages = [lang] if lang else list(clause.languages)
    if lang and lang not in clause.text:
        raise CspDraftError(f"clause '{clause.id}' has no text in '{lang}'",
                            hint="it has " + ", ".join(clause.languages))
    rendered = lib.rendered_examples(  # stored in the index: no Jinja or Babel needed
        clause, languages, lambda c, code: session.renderer.render(c, code, c.example_values()))
    forms = {form: lib.rendered_examples(
        clause, languages, lambda c, code: session.renderer.render(c, code, c.example_values()),
        form) for form in clause.forms}
    if as_json:
        data = clause_to_dict(clause)
        data["rendered"] = rendered
        data["rendered_forms"] = forms
        print_json(jsonable(data))
        return
    width = _terminal_width()

    def heading(text: str) -> str:
        return typer.style(text, bold=True)

    typer.echo(heading(_cell(clause.id)) + " — " + _cell(clause.title_in(languages[0])))
    typer.echo(f"kind: {_cell(clause.kind)}   version: {_cell(clause.version)}   "
               f"updated: {_cell(clause.updated or '')}")
    typer.echo(f"topics: {_cell(', '.join(clause.topics))}")
    if clause.addressees:
        typer.echo(f"addressees: {_cell(', '.join(clause.addressees))}")
    speaks_to = clause.speaks_to()
    if speaks_to is not None:
        typer.echo(f"addressee: {_cell(speaks_to)}")
    elif clause.forms.get("operative"):
        typer.echo("addressee: none (a draft names it: add-clause --addressee ID)")
    typer.echo(f"file: {_cell(clause.path)}")
    if clause.variables:
        typer.echo("\n" + heading("variables"))
        for spec in clause.variables.values():
            required = "  (required)" if spec.required else ""
            typer.echo(f"  {heading(_cell(spec.name))}  {_cell(spec.type_label)}{required}")
            for label, value in (("help", spec.help), ("default", _brief(spec.default)),
                                 ("example", _brief(spec.example))):
                if value:
                    _echo_wrapped(f"{label}: {_cell(value)}", width, "      ")
    for code in languages:
        typer.echo("\n" + heading(f"text ({_cell(code)})"))
        for line in _readable(rendered[code]).splitlines():
            _echo_wrapped(line, width, "  ")
    for form, texts in forms.items():
        for code, text in texts.items():
            typer.echo("\n" + heading(f"{form} form ({_cell(code)})"))
            for line in _readable(text).splitlines():
                _echo_wrapped(line, width, "  ")
    if not clause.forms:
        typer.echo("\n" + heading("forms") + ": none (the text stands as written in every "
                   "position)")
    if clause.legal_basis:
        typer.echo("\n" + heading("legal basis"))
        checks = list(clause.legal_checks) + [None] * len(clause.legal_basis)
        for item, check in zip(clause.legal_basis_in(languages[0]), checks, strict=False):
            _echo_wrapped(f"• {_cell(item)}", width, "  ")
            if check is None:
                _echo_wrapped("unchecked", width, "    ")
            else:
                _echo_wrapped(f"checked on {check.on.isoformat()} ({check.read} reading): "
                              f"{_cell(check.source)}", width, "    ")
    if clause.sources:
        typer.echo(heading("sources"))
        for item in clause.sources:
            _echo_wrapped(f"• {_cell(item)}", width, "  ")


def _brief(value: Any) -> str:
    from csp_draft.library.skeleton import jsonable

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return flow_yaml(jsonable(value))


# Text YAML reads as itself without quotes: no indicator first, no ': ' or ' #' inside, and
# not a word or number YAML gives another meaning (true, no, null, 2.5, 2017-07-04).
_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^,\[\]{}:#]|:(?=[^\s,\]}])|(?<=\S)#)*(?<=\S)"
_SPECIAL = r"(?i:true|false|yes|no|on|off|y|n|null|~)|[-+.\d].*"


def flow_yaml(value: Any) -> str:
    """``value`` (JSON-like data) in YAML flow style, as one types it in a clause file or
    after ``--set name=``: [{name: Ales Bialiatsky, country: Belarus}]. Written here, so
    that `clauses show` stays away from the YAML library (it reads the index only)."""
    import re

    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_yaml(str(k))}: {flow_yaml(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_yaml(item) for item in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if re.fullmatch(_PLAIN, text) and not re.fullmatch(_SPECIAL, text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


@clauses_app.command("check")
def clauses_check(library: LibraryOption = None) -> None:
    """Check every clause file, and render each clause in each of its languages.

    Errors fail the check (exit 1); a legal reference without a 'checked' record (what was
    read, and when) is a warning."""
    from csp_draft.errors import ValidationFailed
    from csp_draft.library.load import check_library

    session = open_session(library, strict=True)
    lib = library_of(session)
    problems = check_library(lib, progress=session.progress)
    if any(problem.severity == "error" for problem in problems):
        raise ValidationFailed(problems)
    print_diagnostics(problems)
    if problems:
        count = len(problems)
        typer.echo(f"{len(lib)} clauses checked, no errors, {count} warning"
                   f"{'s' if count != 1 else ''}", err=True)
        return
    typer.echo(f"{len(lib)} clauses checked, no problems found", err=True)


@clauses_app.command("schema")
def clauses_schema() -> None:
    """Print the JSON Schema of clause files."""
    from csp_draft.library.schema import json_schema

    print_json(json_schema())


@clauses_app.command("new")
def clauses_new(
    clause_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new clause (a slug).")],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic (repeatable).")
                     ] = None,
    kind: Annotated[str, typer.Option(help="Kind of clause.")] = "recommendation",
    folder: Annotated[Path | None, typer.Option("--dir", help="Folder to write to (default: the "
                                                "workspace clauses/ folder).", file_okay=False)
                      ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented clause skeleton to fill in."""
    from csp_draft.library.skeleton import write_skeleton
    from csp_draft.workspace import load_workspace

    if folder is None:
        workspace = load_workspace()
        folder = workspace.clauses_dir or ((workspace.root or Path.cwd()) / "clauses")
    path = write_skeleton(folder, clause_id, topics=topic or [], kind=kind, force=force)
    typer.echo(f"wrote {path}; fill in the titles and texts, then run `csp-draft clauses check`",
               err=True)




# --- plain, fast output (a rich table of a whole library takes longer than the command) ---

def _cell(text: object) -> str:
    """Untrusted text on one line, without control codes."""
    text = str(text)
    if not text.isprintable():  # control codes, line breaks, bidi overrides, odd spaces
        from csp_draft.textsafety import strip_control

        text = strip_control(text)
    return " ".join(text.split())


def _readable(markdown: str) -> str:
    """Rendered Markdown for reading in a terminal: without backslash escapes and control
    codes (line breaks stay)."""
    import re

    from csp_draft.textsafety import strip_control

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", strip_control(markdown))


def _echo_wrapped(text: str, width: int, indent: str) -> None:
    """``text`` indented, wrapped to the terminal (not wrapped when not on a terminal)."""
    if not width or len(indent) + len(text) <= width:
        typer.echo(indent + text)
        return
    import textwrap

    hanging = indent + " " * (len(text) - len(text.lstrip(" •-*0123456789.")))
    typer.echo(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=hanging))


def _terminal_width() -> int:
    """Columns of the terminal standard output goes to; 0 when it is not a terminal."""
    import shutil
    import sys

    if not sys.stdout.isatty():
        return 0
    return max(shutil.get_terminal_size().columns, 40)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, with an ellipsis when cut."""
    if _width(text) <= width:
        return text
    kept = []
    used = 0
    for ch in text:
        size = _width(ch)
        if used + size > width - 1:
            break
        kept.append(ch)
        used += size
    return "".join(kept) + "…"


def _print_columns(header: list[str], rows: list[list[str]], *,
                   shrink: dict[int, int] | None = None) -> None:
    """Aligned columns, one line per row. On a terminal, the columns in ``shrink`` (index ->
    widest it may be), last ones first, are cut to fit the screen, and dropped when fewer
    than 10 columns are left for them (the first of them always shows); elsewhere nothing
    is cut."""
    cells = [[_cell(value) for value in row] for row in rows]
    terminal = _terminal_width()
    widths = [max(_width(row[i]) for row in [header, *cells]) for i in range(len(header))]
    shown = list(range(len(header)))
    if terminal:
        for column, cap in (shrink or {}).items():
            widths[column] = min(widths[column], cap)
        for column in sorted(shrink or {}, reverse=True):
            excess = sum(widths[i] for i in shown) + 2 * (len(shown) - 1) - terminal
            if excess <= 0:
                break
            widths[column] -= excess
            if widths[column] < 10:
                if column == min(shrink or {}):  # the first one always shows
                    widths[column] = 10
                else:
                    shown.remove(column)
    lines = []
    for row in [header, *cells]:
        parts = []
        for i in shown:
            value = _fit(row[i], widths[i]) if terminal else row[i]
            parts.append(value + " " * (widths[i] - _width(value)))
        line = "  ".join(parts).rstrip()
        lines.append(typer.style(line, bold=True) if row is header and terminal else line)
    typer.echo("\n".join(lines))
