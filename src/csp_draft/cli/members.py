"""Member registry commands: `members list|show|add`, and `signatories DRAFT` (who endorsed
which version of the text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from csp_draft.cli.common import app, library_of, make_console, open_session, safe
from csp_draft.errors import CspDraftError, UsageError

members_app = typer.Typer(
    help="The coalition's members (members.yaml at the workspace's root): list, show, add.",
    no_args_is_help=True)
app.add_typer(members_app, name="members")


def complete_member(incomplete: str) -> list[str]:
    """Shell completion of --member: the registry's ids (the file's keys, nothing else)."""
    from csp_draft.registry.members import member_ids

    return [member_id for member_id in member_ids() if member_id.startswith(incomplete)]


MemberArgument = Annotated[str, typer.Argument(metavar="ID", help="A member's id.",
                                               autocompletion=complete_member)]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the names shown.")]


def _registry() -> Any:
    from csp_draft.registry.members import MEMBERS_FILE, load_registry
    from csp_draft.workspace import find_root

    registry = load_registry()
    if registry.path is None:
        root = find_root(Path.cwd())
        raise CspDraftError(
            f"no {MEMBERS_FILE} in this workspace" if root else "not in a workspace",
            hint=f"`csp-draft members add ID --name ... --country CODE` writes {MEMBERS_FILE}"
            if root else "run it inside a workspace (`csp-draft init`)")
    return registry


@members_app.command("list")
def members_list(lang: LangOption = "en") -> None:
    """List the members: id, name, country, membership, and whether they may be named."""
    from csp_draft.cli.tables import print_table
    from csp_draft.collation import sorted_names

    registry = _registry()
    members = sorted_names(registry.members.values(), lang, lambda m: m.sort_form(lang))
    print_table(f"members ({registry.path})", ["id", "name", "country", "membership",
                                               "public"],
                [[m.id, m.name_in(lang), m.country_name(lang), m.membership,
                  "yes" if m.public else "no"] for m in members])
    typer.echo(f"{len(members)} member{'s' if len(members) != 1 else ''}", err=True)


@members_app.command("show")
def members_show(member: MemberArgument) -> None:
    """Show one member's entry: its names in each language, sort forms, country."""
    from csp_draft.models.data import LocalizedText

    entry = _registry().get(member)
    console = make_console()

    def line(label: str, text: str) -> None:
        console.print(f"[bold]{label}:[/bold] {safe(text)}", soft_wrap=True)

    line("id", entry.id)
    for label, value in (("name", entry.name), ("sort as", entry.sort_as)):
        if isinstance(value, LocalizedText):
            for lang, text in value.items():
                line(f"{label} ({lang})", text)
        elif value is not None:
            line(label, value)
    line("country", f"{entry.country} ({entry.country_name('en')})")
    line("membership", entry.membership)
    line("public", "yes" if entry.public else "no: sign-on lists count it, never name it")
    line("defined at", str(entry.location))


@members_app.command("add")
def members_add(
    member: Annotated[str, typer.Argument(metavar="ID", help="The new member's id (lower-case "
                                          "letters, digits, hyphens).")],
    name: Annotated[list[str], typer.Option("--name", metavar="LANG=NAME",
                                            help="Its name in a language, e.g. "
                                            "en=\"Public Verdict\"; repeat per language.")],
    country: Annotated[str, typer.Option(help="Its country, an ISO code (BY, KG).")],
    membership: Annotated[str, typer.Option(help="full or associate.")] = "full",
    sort_as: Annotated[list[str] | None, typer.Option(
        "--sort-as", metavar="LANG=TEXT", help="The form sign-on lists sort it by in a "
        "language, e.g. ru=Весна.")] = None,
    private: Annotated[bool, typer.Option("--private", help="Never name it in a document: "
                                          "it is counted as \"one organisation from "
                                          "COUNTRY\".")] = False,
) -> None:
    """Add a member to members.yaml (written if the workspace has none; comments kept)."""
    from csp_draft.registry.edit import add_member
    from csp_draft.registry.members import MEMBERS_FILE
    from csp_draft.workspace import find_root

    root = find_root(Path.cwd())
    if root is None:
        raise UsageError("not in a workspace", hint="run `csp-draft init` first")
    path = root / MEMBERS_FILE
    add_member(path, member, names=_per_language(name, "--name"),
               sort_as=_per_language(sort_as or [], "--sort-as"), country=country,
               membership=membership, public=not private)
    typer.echo(f"added {member} to {path}", err=True)


def _per_language(values: list[str], option: str) -> dict[str, str]:
    result = {}
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise UsageError(f"{option} takes LANG=TEXT, not '{value}'",
                             hint=f"e.g. {option} en=\"Public Verdict\"")
        result[lang.strip()] = text.strip()
    return result


@app.command("signatories")
def signatories(
    draft: Annotated[Path, typer.Argument(metavar="DRAFT", help="The draft file.",
                                          dir_okay=False)],
    lang: Annotated[str | None, typer.Option(help="Language of the names and of the "
                                             "comparison (default: the draft's first).")
                    ] = None,
) -> None:
    """Who signed, and which version of the text each signature endorses: the current one,
    or an older one and what changed since (found in the draft's git history)."""
    from csp_draft.cli.export import _renderer
    from csp_draft.cli.tables import print_table
    from csp_draft.drafts.read import read_draft
    from csp_draft.models.data import localize
    from csp_draft.render.endorsements import current_hashes

    document = read_draft(draft)
    language = lang or document.languages[0]
    session = open_session(None)
    renderer = _renderer(session, None)
    current = current_hashes(document, renderer)
    rows = []
    older: dict[str, list[str]] = {}  # hash -> the signatories that endorsed it
    for signatory in document.signatories:
        name = localize(signatory.organisation, language)
        if not signatory.public:
            name += " (not public)"
        states = []
        for code in document.languages:
            recorded = signatory.endorsed.get(code)
            if recorded is None:
                states.append(f"{code}: none")
            elif code not in current:
                states.append(f"{code}: cannot tell (the draft does not render)")
            elif recorded == current[code]:
                states.append(f"{code}: current")
            else:
                states.append(f"{code}: older")
                if code == language:
                    older.setdefault(recorded, []).append(name)
        rows.append([signatory.member or "", name,
                     localize(signatory.country, language) if signatory.country else "",
                     signatory.status, signatory.date.isoformat() if signatory.date else "",
                     ", ".join(states)])
    print_table(f"signatories of {draft}", ["member", "organisation", "country", "status",
                                            "date", "endorsed"], rows, whole=())
    if not older:
        return
    found = _endorsed_versions(document, renderer, set(older), language)
    for recorded, names in older.items():
        typer.echo(f"\n{', '.join(names)} endorsed an older '{language}' text", err=True)
        if recorded not in found:
            typer.echo("  that version is not in the draft's git history: compare by hand "
                       "with `csp-draft compare DRAFT@REV DRAFT`", err=True)
            continue
        revision, old = found[recorded]
        from csp_draft.compare.summary import draft_changes

        lines = draft_changes(old, document, library_of(session), language).lines()
        typer.echo(f"  changed since {revision[:12]}:", err=True)
        for text in [t for t in lines if not t.startswith("signatory")] or ["(no change "
                                                                            "of the text)"]:
            typer.echo(f"  {text}", err=True)


def _endorsed_versions(document: Any, renderer: Any, wanted: set[str], lang: str
                       ) -> dict[str, tuple[str, Any]]:
    """For each wanted hash, the newest commit of the draft whose text has it (up to 200
    commits back), with the draft as it was then."""
    from csp_draft.drafts.gitrev import read_draft_at, revisions_of
    from csp_draft.render.endorsements import current_hashes

    found: dict[str, tuple[str, Any]] = {}
    for revision in revisions_of(document.path)[:200]:
        try:
            old = read_draft_at(str(document.path), revision)
        except CspDraftError:
            continue
        digest = current_hashes(old, renderer, (lang,)).get(lang)
        if digest in wanted and digest not in found:
            found[digest] = (revision, old)
            if len(found) == len(wanted):
                break
    return found
