"""`csp-draft export`, `preview` and `templates ...`: from a draft to documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import (
    LibraryOption,
    app,
    library_of,
    make_console,
    open_session,
    print_diagnostics,
    safe,
)
from csp_draft.errors import CspDraftError, UsageError

templates_app = typer.Typer(help="List and show the document templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of templates that comes first on the search path.",
                 file_okay=False),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="name=VALUE for every clause using that variable (VALUE is "
                 "YAML); wins over the draft's values."),
]


def _renderer(session: Any, templates: Path | None) -> Any:
    from csp_draft.render.document import DocumentRenderer, template_folders

    folders = template_folders(session.workspace.templates_dir, templates)
    return DocumentRenderer(library_of(session), folders)


def _write_document(text: str) -> None:
    """The document on standard output: strict encoding, so no letter is lost silently."""
    from csp_draft.cli.main import document_stdout

    document_stdout()
    typer.echo(text, nl=False)


@app.command("export")
def export(
    draft_path: Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.",
                                               dir_okay=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, docx, html, pdf; several "
                                     "separated by commas.")] = "docx",
    output: Annotated[str | None, typer.Option("-o", "--output", help="File, folder, or - for "
                                               "standard output (Markdown only).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language(s), e.g. en or en,ru (default: "
                                             "the draft's first).")] = None,
    fallback: Annotated[str | None, typer.Option(help="Use this language's text (e.g. en) "
                                                 "where a text is not in the requested "
                                                 "one; untranslated texts become warnings.")
                        ] = None,
    strict_translations: Annotated[bool, typer.Option(
        "--strict-translations", help="Refuse when a text's language versions are out of "
        "step (see `csp-draft translations check`).")] = False,
    footnotes: Annotated[bool | None, typer.Option("--footnotes/--no-footnotes",
                                                   help="Legal basis as footnotes (default: "
                                                   "by kind).")] = None,
    reference_docx: Annotated[Path | None, typer.Option("--reference-docx", help="Take styles, "
                                                        "page set-up, header and footer from "
                                                        "this .docx.", dir_okay=False)] = None,
    templates: TemplatesOption = None,
    set_values: SetOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite files that the last export did not "
                                        "write (never the draft, a clause, a template or "
                                        "the reference document, nor a device or pipe)."
                                        )] = False,
    library: LibraryOption = None,
    public: Annotated[bool, typer.Option(
        "--public", help="Files for publication: no author, revision ids, comments, hidden "
        "text, bookmarks or custom properties; organisations that are not public counted, "
        "not named; sensitive people described, not named.")] = False,
) -> None:
    """Export a draft as Markdown, DOCX, HTML or PDF, in one or more languages."""
    from csp_draft.drafts.assignments import parse_overrides
    from csp_draft.drafts.read import read_draft
    from csp_draft.export.documents import export_draft, parse_list, plan_outputs
    from csp_draft.writers.formats import FORMATS

    formats = parse_list(fmt, FORMATS, "format")
    draft = read_draft(draft_path)
    languages = [_language(code) for code in parse_list(lang, None, "language")] if lang \
        else [draft.languages[0]]
    for code in languages:
        require_draft_language(draft, code, fallback)
    if reference_docx is not None and not reference_docx.is_file():
        raise CspDraftError("reference document not found", hint="check --reference-docx")
    from csp_draft.cli.progress import counting

    session = open_session(library)
    if strict_translations:
        from csp_draft.drafts.translations import report_clause_staleness, report_staleness
        from csp_draft.errors import DiagnosticCollector

        diags = DiagnosticCollector()
        report_staleness(draft, diags, strict=True)
        report_clause_staleness(draft, session.library, diags, strict=True)
        diags.raise_if_any()
    renderer = _renderer(session, templates)
    planned = plan_outputs(draft, formats, languages, output)
    report = export_draft(
        draft, renderer, planned, fallback=fallback, footnotes=footnotes,
        overrides=parse_overrides(set_values or []), reference_docx=reference_docx,
        force=force, stdout=_write_document,
        progress=counting(session.progress, "exporting", len(planned)), public=public,
    )
    print_diagnostics(report.warnings)
    for item in report.written:
        if item.path is not None:
            typer.echo(f"wrote {item.path}", err=True)


def require_draft_language(draft: Any, lang: str, fallback: str | None = None) -> None:
    """One usage error, not one per clause, for a language the draft is not written in
    (unless a fallback language fills the gaps)."""
    if lang in draft.languages or fallback:
        return
    raise UsageError(f"the draft is not written in '{lang}': its languages are "
                     f"{', '.join(draft.languages)}",
                     hint=f"use --lang {draft.languages[0]}, add {lang} to 'languages:' in "
                     f"the draft, or pass --fallback {draft.languages[0]}")


def _language(code: str) -> str:
    """A language code from the command line; it becomes part of output file names."""
    from csp_draft.library.schema import LANGUAGE_CODE

    if not LANGUAGE_CODE.match(code):
        shown = code if len(code) <= 20 else code[:17] + "..."
        raise UsageError(f"'{shown}' is not a language code", hint="use codes such as en or ru")
    return code


@app.command("preview")
def preview(
    draft_path: Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.",
                                               dir_okay=False)],
    lang: Annotated[str | None, typer.Option(help="Language (default: the draft's first).")
                    ] = None,
    fallback: Annotated[str | None, typer.Option(help="Language to use where a clause lacks "
                                                 "the requested one.")] = None,
    templates: TemplatesOption = None,
    library: LibraryOption = None,
    html: Annotated[bool, typer.Option("--html", help="Show it in the browser instead, as "
                                       "members will see it; it reloads whenever the draft, "
                                       "a clause it uses or a template is saved.")] = False,
    port: Annotated[int, typer.Option(help="With --html: the port on 127.0.0.1 (default: any "
                                      "free one).", min=0, max=65535, show_default=False)] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="With --html: print the "
                                             "address, open no browser.")] = False,
) -> None:
    """Show the rendered document in the terminal, or live in the browser (--html)."""
    if html:
        _live_preview(draft_path, lang, fallback, templates, library, port, not no_browser)
        return
    from rich.markdown import Markdown

    from csp_draft.drafts.read import read_draft
    from csp_draft.textsafety import strip_control

    draft = read_draft(draft_path)
    if lang:
        require_draft_language(draft, _language(lang), fallback)
    result = _renderer(open_session(library), templates).render(
        draft, _language(lang) if lang else draft.languages[0], fallback=fallback)
    print_diagnostics(result.warnings)
    body = result.markdown.split("---\n", 2)[-1] if result.markdown.startswith("---\n") \
        else result.markdown
    console = make_console()
    console.rule(safe(_title_of(result.markdown)))
    # Links show where they lead: no terminal hyperlink hides its address behind its text.
    console.print(Markdown(strip_control(numbered_notes(body)), hyperlinks=False))


def _live_preview(draft_path: Path, lang: str | None, fallback: str | None,
                  templates: Path | None, library: list[Path] | None, port: int,
                  browser: bool) -> None:
    """Serve the draft's HTML on 127.0.0.1 until Ctrl-C (see csp_draft.export.live)."""
    import time

    from csp_draft.export import live

    def render() -> Any:
        from csp_draft.drafts.read import read_draft
        from csp_draft.render.document import DocumentRenderer, template_folders
        from csp_draft.writers.html import build_html

        session = open_session(library)  # read afresh: a clause may have changed
        watched = [draft_path]
        if session.workspace.config_path is not None:
            watched.append(session.workspace.config_path)
        draft = read_draft(draft_path)
        language = _language(lang) if lang else draft.languages[0]
        require_draft_language(draft, language, fallback)
        renderer = DocumentRenderer(session.library, template_folders(
            session.workspace.templates_dir, templates))
        for folder in renderer.folders:
            watched += sorted(folder.rglob("*.j2")) if folder.is_dir() else []
        watched += [clause.path for clause in _used_clauses(draft, session.library)]
        if session.workspace.clauses_dir is not None:
            watched.append(session.workspace.clauses_dir)  # a clause file added
        result = renderer.render(draft, language, fallback=fallback)
        print_diagnostics(result.warnings)
        return live.Page(build_html(result.markdown), watched)

    def rendered(problems: list[Any]) -> None:
        stamp = time.strftime("%H:%M:%S")
        if problems:
            typer.echo(f"{stamp} the draft has problems; the page lists them:", err=True)
            print_diagnostics(problems)
        else:
            typer.echo(f"{stamp} rendered {draft_path}", err=True)

    preview = live.LivePreview(render, title=str(draft_path))
    preview.on_render = rendered
    try:
        server = live.make_server(preview, port)
    except OSError as error:
        raise CspDraftError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}",
                            hint="choose another --port, or leave it out for any free one"
                            ) from None
    url = live.url_of(server)
    try:  # Ctrl-C at any moment from here on is the normal end
        typer.echo(f"previewing {draft_path} at {url}")
        typer.echo("it reloads when the draft, its clauses or templates are saved; "
                   "Ctrl-C stops")
        import sys

        sys.stdout.flush()
        if browser:
            _open_browser(url)
        live.serve(preview, server)
    except KeyboardInterrupt:
        typer.echo("preview stopped", err=True)
    finally:
        server.server_close()


def _open_browser(url: str) -> None:
    """Open ``url`` in the user's browser, beside the server: a browser that $BROWSER names
    may keep running until it is closed. Without a graphical session (an SSH login, a
    server), Python would start a text browser in this terminal: say where to look instead."""
    import os
    import sys
    import threading
    import webbrowser

    graphical = (sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY"))
                 or bool(os.environ.get("WAYLAND_DISPLAY")) or bool(os.environ.get("BROWSER")))
    if not graphical:
        typer.echo(f"no graphical session here to open a browser in: open {url} in one",
                   err=True)
        return
    threading.Thread(target=webbrowser.open, args=(url,), name="csp-draft-browser",
                     daemon=True).start()


def _used_clauses(draft: Any, library: Any) -> list[Any]:
    """The library's clauses that ``draft`` uses, sub-lists included."""
    found = []
    pending = [item for section in draft.sections for item in section.items]
    while pending:
        item = pending.pop()
        pending.extend(item.items)
        if item.clause_id is not None and item.clause_id in library:
            found.append(library.get(item.clause_id))
    return found


FOOTNOTE_DEFINITION = r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]+.*)?)*?)(?=\n\S|\n*\Z)"


def numbered_notes(markdown: str) -> str:
    """``markdown`` with its footnotes made plain for the terminal (rich draws no
    footnotes): each ``[^id]`` becomes ``[n]`` and the notes a numbered list at the end."""
    import re

    notes: dict[str, str] = {}

    def keep(match: re.Match[str]) -> str:
        notes[match.group(1)] = " ".join(match.group(2).split())
        return ""

    body = re.sub(FOOTNOTE_DEFINITION, keep, markdown, flags=re.MULTILINE)
    if not notes:
        return markdown
    numbers = {key: index for index, key in enumerate(notes, 1)}
    body = re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"\\[{numbers[m.group(1)]}\\]"
                  if m.group(1) in numbers else m.group(0), body)
    listing = "\n".join(f"{numbers[key]}. {text}" for key, text in notes.items())
    return body.rstrip() + "\n\n---\n\n" + listing + "\n"


def _title_of(markdown: str) -> str:
    from csp_draft.markdown.parse import parse_document

    return parse_document(markdown).text("title")


@templates_app.command("list")
def templates_list(templates: TemplatesOption = None) -> None:
    """List the document templates and where each comes from."""
    from csp_draft.models.kinds import KINDS
    from csp_draft.render.document import TEMPLATE_SUFFIX, template_folders
    from csp_draft.sandbox.loader import FolderLoader
    from csp_draft.workspace import load_workspace

    loader = FolderLoader(template_folders(load_workspace().templates_dir, templates))
    console = make_console()
    for kind in KINDS.values():
        source = loader.find(kind.name + TEMPLATE_SUFFIX)
        console.print(f"[bold]{safe(kind.name)}[/bold]  {safe(kind.description)}\n"
                      f"    {safe(source if source else 'missing')}")


@templates_app.command("show")
def templates_show(
    kind: Annotated[str, typer.Argument(help="Document kind, e.g. resolution.")],
    templates: TemplatesOption = None,
) -> None:
    """Print a kind's template (and the base it extends), to copy and adapt."""
    from csp_draft.models.kinds import get_kind
    from csp_draft.render.document import TEMPLATE_SUFFIX, template_folders
    from csp_draft.sandbox.loader import FolderLoader, read_template
    from csp_draft.textsafety import strip_control
    from csp_draft.workspace import load_workspace

    get_kind(kind)
    loader = FolderLoader(template_folders(load_workspace().templates_dir, templates))
    for name in (kind + TEMPLATE_SUFFIX, "base" + TEMPLATE_SUFFIX):
        source = loader.find(name)  # never a link that leads out of its folder
        if source is None:
            continue
        typer.echo(f"# ---- {strip_control(str(source))}")
        typer.echo(strip_control(read_template(source)))
