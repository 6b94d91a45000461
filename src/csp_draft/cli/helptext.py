"""Help pages written for drafters: plain placeholders and real examples.

Typer's own help names Python types (``--set <list[str]>``, ``-L <list[Path]>``), wraps
required arguments in braces (``{DRAFT}``) and prints ranges as ``[x>=1]``. The command
classes here replace the usage line and the options list with words a drafter knows, and
end every page with the examples of :data:`EXAMPLES`. They only override Click's public
``format_*`` methods of Typer's public command classes.
"""

from __future__ import annotations

from typing import Any

import typer.core

# Two or three commands that work as typed, after the README's tour, per command path.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ("csp-draft init coalition",
         "csp-draft clauses search libel",
         "csp-draft export drafts/forum.yaml --format docx --lang en,ru"),
    "init": ("csp-draft init coalition --coalition \"Civic Solidarity Platform\"",
             "csp-draft init . --lang ru,en"),
    "new": ("csp-draft new --list",
            "csp-draft new resolution drafts/forum.yaml --title \"Resolution of the Forum\" "
            "--lang en,ru",
            "csp-draft new statement --title \"Free the defenders\" --date 2025-12-03"),
    "add-clause": ("csp-draft add-clause drafts/forum.yaml decriminalise-defamation",
                   "csp-draft add-clause drafts/forum.yaml release-defenders "
                   "--set 'defenders=[{name: Jane Doe, country: Belarus}]'",
                   "csp-draft add-clause drafts/forum.yaml release-defenders "
                   "--section recommendations --at 1"),
    "add-text": ("csp-draft add-text drafts/forum.yaml --section situation "
                 "\"Six years after the report ...\"",
                 "csp-draft add-text drafts/forum.yaml --section preamble --lang ru "
                 "\"Отмечая ...\""),
    "remove": ("csp-draft remove drafts/forum.yaml recommendations.3",
               "csp-draft remove drafts/forum.yaml decriminalise-defamation",
               "csp-draft remove drafts/forum.yaml recommendations.9.16"),
    "move": ("csp-draft move drafts/forum.yaml recommendations.3 --to recommendations --at 1",
             "csp-draft move drafts/forum.yaml situation.2 --to preamble",
             "csp-draft move drafts/forum.yaml recommendations.9.16 --under recommendations.9 "
             "--at 1"),
    "set": ("csp-draft set drafts/forum.yaml recommendations.1 "
            "'defenders=[{name: Ales Bialiatsky, country: Belarus}]'",
            "csp-draft set drafts/forum.yaml recommendations.9.3 --lang ru --text "
            "\"прекратить массовые задержания\"",
            "csp-draft set drafts/forum.yaml recommendations.4 --addressee "
            "government-of-belarus"),
    "sign": ("csp-draft sign drafts/forum.yaml --member viasna",
             "csp-draft sign drafts/forum.yaml --org \"Human Rights Center Viasna\" "
             "--country Belarus",
             "csp-draft sign drafts/forum.yaml --org \"Public Verdict\" --country Russia"),
    "unsign": ("csp-draft unsign drafts/forum.yaml --org \"Public Verdict\"",),
    "people": ("csp-draft people list --stale",
               "csp-draft people show bialiatski",
               "csp-draft people verify bialiatski --status exile --source https://spring96.org/"),
    "people list": ("csp-draft people list", "csp-draft people list --stale",
                    "csp-draft people list --ids"),
    "people show": ("csp-draft people show bialiatski",
                    "csp-draft people show bialiatski --json"),
    "people verify": ("csp-draft people verify bialiatski --status exile "
                      "--source https://spring96.org/",
                      "csp-draft people verify smith --status released --on 2026-11-30 "
                      "--source https://example.org/news"),
    "signatories": ("csp-draft signatories drafts/forum.yaml",
                    "csp-draft signatories drafts/forum.yaml --lang ru"),
    "members": ("csp-draft members list",
                "csp-draft members show viasna",
                "csp-draft members add viasna --name en=\"Human Rights Center Viasna\" "
                "--name ru=\"Правозащитный центр «Весна»\" --country BY"),
    "members list": ("csp-draft members list", "csp-draft members list --lang ru"),
    "members show": ("csp-draft members show viasna",),
    "members add": ("csp-draft members add viasna --name en=\"Human Rights Center Viasna\" "
                    "--name ru=\"Правозащитный центр «Весна»\" --sort-as ru=Весна "
                    "--country BY",
                    "csp-draft members add tm-one --name en=\"Turkmen Initiative\" "
                    "--country TM --membership associate --private"),
    "translations": ("csp-draft translations check drafts/forum.yaml",
                     "csp-draft translations diff drafts/forum.yaml situation.1 --lang ru",
                     "csp-draft translations check --library clauses/"),
    "translations check": ("csp-draft translations check drafts/forum.yaml",
                           "csp-draft translations check drafts/*.yaml --no-record",
                           "csp-draft translations check --library clauses/"),
    "translations diff": ("csp-draft translations diff drafts/forum.yaml situation.1 --lang ru",
                          "csp-draft translations diff --library decriminalise-defamation "
                          "--lang ru"),
    "translations confirm": ("csp-draft translations confirm drafts/forum.yaml situation.1 "
                             "--lang ru",
                             "csp-draft translations confirm --library "
                             "clauses/expression/counter-slapps.yaml --lang ru"),
    "section": ("csp-draft section set drafts/forum.yaml recommendations --addressing grouped",
                "csp-draft section add drafts/forum.yaml follow-up --after recommendations "
                "--heading \"Follow-up\""),
    "section add": ("csp-draft section add drafts/forum.yaml follow-up --after recommendations "
                    "--heading \"Follow-up\"",
                    "csp-draft section add drafts/workshop.yaml group-3 --after group-2 "
                    "--numbering restart"),
    "section set": ("csp-draft section set drafts/forum.yaml recommendations --addressing "
                    "lead-in",
                    "csp-draft section set drafts/forum.yaml situation --lang ru --heading "
                    "\"Положение в Беларуси\"",
                    "csp-draft section set drafts/forum.yaml recommendations --lead-in "
                    "\"We recommend:\""),
    "section move": ("csp-draft section move drafts/forum.yaml situation --before preamble",),
    "section remove": ("csp-draft section remove drafts/forum.yaml follow-up",
                       "csp-draft section remove drafts/forum.yaml follow-up --force"),
    "info": ("csp-draft info drafts/forum.yaml --lang en --title \"Resolution of the Forum\" "
             "--place Vienna",
             "csp-draft info drafts/forum.yaml --lang ru --place Вена --author "
             "\"Платформа «Гражданская солидарность»\"",
             "csp-draft info drafts/forum.yaml --addressing should"),
    "addressee": ("csp-draft addressee drafts/forum.yaml government-of-belarus --lang en "
                  "--name \"the Government of Belarus\"",
                  "csp-draft addressee drafts/forum.yaml government-of-belarus --lang ru "
                  "--nom \"правительство Беларуси\" --acc \"правительство Беларуси\" "
                  "--dat \"правительству Беларуси\""),
    "show": ("csp-draft show drafts/forum.yaml",
             "csp-draft show drafts/forum.yaml --lang ru",
             "csp-draft show drafts/forum.yaml --json"),
    "check": ("csp-draft check drafts/forum.yaml",
              "csp-draft check drafts/forum.yaml --json",
              "cat drafts/forum.yaml | csp-draft check -"),
    "example": ("csp-draft example --list",
                "csp-draft example minsk-2017 csp-draft-try/minsk-2017.yaml"),
    "export": ("csp-draft export drafts/forum.yaml",
               "csp-draft export drafts/forum.yaml --format docx,md,html --lang en,ru -o out/",
               "csp-draft export drafts/forum.yaml --public --format pdf,html --lang en,ru "
               "-o publish/"),
    "completion": ("csp-draft completion install",
                   "csp-draft completion install zsh",
                   "csp-draft completion show bash > ~/.csp-draft-completion.bash"),
    "completion install": ("csp-draft completion install",
                           "csp-draft completion install fish"),
    "completion show": ("csp-draft completion show bash",
                        "csp-draft completion show powershell >> $PROFILE"),
    "doctor": ("csp-draft doctor",
               "csp-draft doctor > checkup.txt"),
    "preview": ("csp-draft preview drafts/forum.yaml",
                "csp-draft preview drafts/forum.yaml --html --lang ru",
                "csp-draft preview drafts/forum.yaml --html --port 8040 --no-browser"),
    "compare": ("csp-draft compare drafts/forum.yaml@HEAD drafts/forum.yaml",
                "csp-draft compare drafts/forum.yaml@HEAD~1 drafts/forum.yaml --format md "
                "-o changes.md"),
    "clauses": ("csp-draft clauses list --topic human-rights-defenders",
                "csp-draft clauses search задержанных",
                "csp-draft clauses show release-defenders --lang ru"),
    "clauses list": ("csp-draft clauses list",
                     "csp-draft clauses list --topic human-rights-defenders --lang ru",
                     "csp-draft clauses list --json -L clauses/"),
    "clauses search": ("csp-draft clauses search libel",
                       "csp-draft clauses search задержанных --limit 5"),
    "clauses show": ("csp-draft clauses show release-defenders",
                     "csp-draft clauses show release-defenders --lang ru"),
    "clauses check": ("csp-draft clauses check",
                      "csp-draft clauses check -L clauses/"),
    "clauses schema": ("csp-draft clauses schema > clause.schema.json",),
    "clauses new": ("csp-draft clauses new protect-journalists",
                    "csp-draft clauses new protect-journalists --dir clauses/media/"),
    "help": ("csp-draft help", "csp-draft help clause-format",
             "csp-draft help draft-format > draft-format.md"),
    "clauses adopt": ("csp-draft clauses adopt drafts/minsk-2017.yaml recommendations.4 "
                      "--id end-pressure-on-unions --topic trade-unions",),
    "import": ("csp-draft import archive/minsk-2017.docx -o drafts/ --report import.md",
               "csp-draft import statements/*.pdf --kind statement --lang ru"),
    "feedback": ("csp-draft feedback import returned.docx drafts/forum.yaml --from Viasna",
                 "csp-draft feedback list drafts/forum.yaml",
                 "csp-draft feedback report drafts/forum.yaml --format docx"),
    "feedback import": ("csp-draft feedback import returned.docx drafts/forum.yaml "
                        "--from \"Human Rights Center Viasna\"",),
    "feedback list": ("csp-draft feedback list drafts/forum.yaml",
                      "csp-draft feedback list drafts/forum.yaml --from Viasna "
                      "--item recommendations.3"),
    "feedback accept": ("csp-draft feedback accept drafts/forum.yaml viasna-1 viasna-2",
                        "csp-draft feedback accept drafts/forum.yaml --all-from Viasna"),
    "feedback reject": ("csp-draft feedback reject drafts/forum.yaml viasna-3 "
                        "--reason \"agreed in the working group\"",),
    "feedback report": ("csp-draft feedback report drafts/forum.yaml",
                        "csp-draft feedback report drafts/forum.yaml --format docx "
                        "-o report.docx"),
    "library": ("csp-draft library add https://git.example.org/coalition/clauses.git "
                "--ref v2026.1",
                "csp-draft library status",
                "csp-draft library update --dry-run"),
    "library add": ("csp-draft library add https://git.example.org/coalition/clauses.git "
                    "--ref v2026.1",
                    "csp-draft library add ../clauses --as national"),
    "library update": ("csp-draft library update --dry-run",
                       "csp-draft library update coalition --corrections",
                       "csp-draft library update coalition"),
    "library status": ("csp-draft library status",),
    "library remove": ("csp-draft library remove national",),
    "templates": ("csp-draft templates list",
                  "csp-draft templates show resolution"),
    "templates list": ("csp-draft templates list",),
    "templates show": ("csp-draft templates show resolution",
                       "csp-draft templates show statement > templates/statement.md.j2"),
}


def _path_in_app(ctx: Any) -> str:
    """The command's path without the program name: "clauses show"."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


# The word shown for the value of options that share a long name across commands.
PLACEHOLDERS = {
    "--set": "NAME=VALUE", "--set-file": "NAME=FILE", "--unset": "NAME", "--library": "DIR",
    "--templates": "DIR", "--dir": "DIR", "--at": "N", "--limit": "N", "--lang": "LANG",
    "--fallback": "LANG", "--format": "FORMAT", "--output": "PATH", "--reference-docx": "FILE",
    "--to": "SECTION", "--section": "SECTION", "--date": "YYYY-MM-DD", "--org": "NAME",
    "--coalition": "NAME", "--author": "NAME", "--addressee": "ID", "--topic": "TOPIC",
    "--kind": "KIND", "--status": "STATUS", "--as": "NAME", "--ref": "BRANCH-OR-TAG",
    "--from": "ORG", "--all-from": "ORG", "--item": "SECTION.N", "--reason": "TEXT",
    "--country": "COUNTRY", "--title": "TEXT",
    "--event": "TEXT", "--place": "TEXT", "--text": "TEXT",
}


def _placeholder(param: Any) -> str:
    """The word shown for a parameter's value: its own metavar, a shared word for its long
    option name, else that name in capitals."""
    metavar = getattr(param, "metavar", None)
    if metavar:
        return str(metavar)
    longest = max(param.opts, key=len) if param.opts else ""
    if longest in PLACEHOLDERS:
        return PLACEHOLDERS[longest]
    if longest.startswith("--"):
        return longest[2:].upper()
    return str(param.name).upper().replace("_", "-")


def _extra(param: Any) -> str:
    """What help adds after an option's text: its default, or that it is required."""
    if param.required:
        return "  [required]"
    default = param.default
    if getattr(param, "show_default", None) is False:  # its help text tells the default
        return ""
    if (not param.is_flag and isinstance(default, str | int) and not isinstance(default, bool)
            and default != ""):
        return f"  [default: {default}]"
    return ""


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        word = _placeholder(param)
        if param.nargs != 1 and not word.endswith("..."):
            word += "..."
        if not param.required and not word.startswith("["):
            word = f"[{word}]"
        pieces.append(word)
    return pieces


def _records(command: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        help_ = getattr(param, "help", None) or ""
        if param.param_type_name == "argument":
            arguments.append((_placeholder(param).strip("[]."), help_))
            continue
        names = ", ".join(sorted(param.opts, key=len))
        if param.secondary_opts:
            names += " / " + ", ".join(param.secondary_opts)
        if not param.is_flag:
            names += " " + _placeholder(param)
        options.append((names, help_ + _extra(param)))
    return arguments, options


def _format_usage(command: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(command, ctx)))


def _format_options(command: Any, ctx: Any, formatter: Any) -> None:
    arguments, options = _records(command, ctx)
    if arguments:
        with formatter.section("Arguments"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Options"):
            formatter.write_dl(options)


def _format_examples(ctx: Any, formatter: Any) -> None:
    examples = EXAMPLES.get(_path_in_app(ctx), ())
    if examples:
        with formatter.section("Examples"):
            for example in examples:  # cut only where the shell still reads one command
                for line in _shell_lines(example, formatter.width - formatter.current_indent):
                    formatter.write(" " * formatter.current_indent + line + "\n")


def _shell_lines(command: str, width: int) -> list[str]:
    """``command`` on lines of at most ``width`` columns where it can be, each but the last
    ending in " \\" (the shell joins them), continued 4 spaces in; quoted text stays whole."""
    import shlex

    lexer = shlex.shlex(command, posix=False, punctuation_chars="|>")
    lexer.whitespace_split = True
    words = list(lexer)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + 2 > width:
            lines.append(current + " \\")
            current = "    " + word
        else:
            current = candidate
    lines.append(current)
    return lines


class Command(typer.core.TyperCommand):
    """A command whose help speaks of values, not Python types, and ends with examples."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _format_examples(ctx, formatter)


class Group(typer.core.TyperGroup):
    """A group of commands with the same help: its options, its commands, examples."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _format_examples(ctx, formatter)


def use_plain_help(app: typer.Typer) -> None:
    """Give ``app``, and every command and group registered in it so far, the help above
    (a class the project chose itself is kept)."""
    if not _own_class(app.info.cls, typer.core.TyperGroup):
        app.info.cls = Group
    for info in app.registered_commands:
        if not _own_class(info.cls, typer.core.TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_plain_help(group.typer_instance)


def _own_class(cls: Any, typer_default: type) -> bool:
    """Whether ``cls`` is a subclass of Typer's default class chosen on purpose."""
    return isinstance(cls, type) and issubclass(cls, typer_default) and cls is not typer_default
