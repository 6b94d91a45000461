"""Shell completion: the scripts for bash, zsh, fish and PowerShell, and the answer to one
Tab press.

A shell script installed by ``csp-draft completion install`` runs ``csp-draft`` with
``CSP_DRAFT_COMPLETE`` set to the shell's name and the words typed so far as arguments,
the last one being the word under the cursor (PowerShell, which may drop an empty
argument, passes that word in ``CSP_DRAFT_COMPLETE_WORD`` instead). The answer is one
candidate a line, ``value<TAB>description`` (values only for bash, which shows no
descriptions); no answer lets the shell complete file names.

A Tab press must answer at once, so :func:`answer` never imports Typer or the commands:
it walks a table of the commands and their options (:func:`command_table`), made from
the Typer app once per version of the command-line code and kept in the cache folder,
and asks :mod:`csp_draft.cli.complete` for the values of clause ids, items and the like.
"""

from __future__ import annotations

import os
import sys

from csp_draft.cli import complete

TYPE_CHECKING = False  # typing and pathlib stay unloaded on a key press
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

ENV = "CSP_DRAFT_COMPLETE"
WORD_ENV = "CSP_DRAFT_COMPLETE_WORD"
SHELLS = ("bash", "zsh", "fish", "powershell")
# Characters a line of the answer never carries: control codes (a tab or newline would
# split it; an escape sequence would act on the terminal) and bidirectional overrides.
# A table for str.translate: compiling textsafety's expressions would cost more than the
# rest of a key press's own work.
UNSHOWN = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                         *range(0x2066, 0x206A)])
HELP_OPTION = {"name": "help", "names": ["--help"], "value": False, "multiple": False,
               "help": "Show the help and exit."}


def requested() -> bool:
    return os.environ.get(ENV, "") in SHELLS


def answer(argv: list[str]) -> int:
    """Print the candidates for the word under the cursor; always exit 0 (a shell shows
    nothing on failure, never an error in the middle of the command line)."""
    shell = os.environ.get(ENV, "")
    words = list(argv)
    incomplete = os.environ.get(WORD_ENV)
    if incomplete is None:
        incomplete = words.pop() if words else ""
    try:
        found = candidates(command_table(), words, incomplete)
        lines = []
        for value, text in found:
            value = value.translate(UNSHOWN)
            text = " ".join(text.split()).translate(UNSHOWN)
            lines.append(value if shell == "bash" or not text else f"{value}\t{text}")
        out = "".join(f"{line}\n" for line in lines)
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:  # UTF-8 whatever the locale: the scripts read it so
            buffer.write(out.encode("utf-8", "replace"))
        else:
            sys.stdout.write(out)
        sys.stdout.flush()
    except Exception:  # a key press never shows a traceback: no answer instead
        return 0
    return 0


def candidates(table: dict[str, Any], words: list[str], incomplete: str
               ) -> list[complete.Candidate]:
    """What to offer for ``incomplete`` after ``words`` (the words after the program)."""
    node, path = table, ()
    position = 0  # positional arguments of the current command seen so far
    expecting: dict[str, Any] | None = None  # an option waiting for its value
    draft = None
    only_arguments = False  # after "--"
    for word in words:
        if expecting is not None:
            if word != "=":  # bash splits --lang=ru into --lang, =, ru
                expecting = None
            continue
        if word == "--" and not only_arguments:
            only_arguments = True
            continue
        if word.startswith("-") and len(word) > 1 and not only_arguments:
            name, eq, _ = word.partition("=")
            option = _option(node, name)
            if option is not None and option["value"] and not eq:
                expecting = option
            continue
        if node.get("commands") and word in node["commands"]:
            node, path, position = node["commands"][word], (*path, word), 0
            continue
        argument = _argument(node, position)
        if argument is not None and argument["name"] in complete.DRAFT_PARAMETERS \
                and draft is None:
            draft = word
        if argument is not None and not argument["variadic"]:
            position += 1
    place = complete.Place(command=path, incomplete=incomplete, draft=draft)
    if expecting is not None:
        return complete.candidates(complete.kind_of(path, expecting["name"]), place)
    if incomplete.startswith("-"):
        name, eq, value = incomplete.partition("=")
        option = _option(node, name)
        if eq and option is not None and option["value"]:
            place.incomplete = value
            return [(f"{name}={found}", text)
                    for found, text in complete.candidates(
                        complete.kind_of(path, option["name"]), place)]
        return [(names, option["help"]) for option in [*node["options"], HELP_OPTION]
                for names in option["names"] if names.startswith(incomplete)]
    if node.get("commands"):
        return [(name, sub["help"]) for name, sub in node["commands"].items()
                if name.startswith(incomplete) and not name.startswith("-")]
    argument = _argument(node, position)
    return complete.candidates(complete.kind_of(path, argument["name"]) if argument else None,
                               place)


def _option(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((option for option in node["options"] if name in option["names"]), None)


def _argument(node: dict[str, Any], position: int) -> dict[str, Any] | None:
    arguments = node.get("arguments", [])
    if position < len(arguments):
        return arguments[position]
    if arguments and arguments[-1]["variadic"]:
        return arguments[-1]
    return None


# --- the table of commands ----------------------------------------------------------------

def command_table() -> dict[str, Any]:
    """The commands, options and arguments, as :func:`build_table` makes them: read from
    the cache folder, made there when the command-line code changed since."""
    import json
    import zlib

    from csp_draft import __version__

    cli = os.path.dirname(os.path.abspath(__file__))
    stamp = zlib.crc32(json.dumps(sorted(
        (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
        for entry in os.scandir(cli) if entry.name.endswith(".py"))).encode())
    folder = complete.user_cache_dir()
    name = f"completion-{__version__}-{stamp:08x}.json"
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        pass
    table = build_table()
    try:
        from csp_draft.fsio import atomic_write

        os.makedirs(folder, mode=0o700, exist_ok=True)
        for old in os.listdir(folder):
            if old.startswith("completion-") and old.endswith(".json"):
                os.unlink(os.path.join(folder, old))
        atomic_write(os.path.join(folder, name), json.dumps(table, ensure_ascii=False))
    except OSError:
        pass  # a read-only cache: the table is made again on the next key press
    return table


def build_table() -> dict[str, Any]:
    """Every command of the Typer app (names, help, options, arguments), through Typer's
    public registration objects; each parameter keeps its Python name, which tells
    :mod:`csp_draft.cli.complete` the values to offer."""
    from csp_draft.cli import main

    return _group_node(main.app, ())


def _group_node(app: Any, path: tuple[str, ...]) -> dict[str, Any]:
    import typer.main

    callback = app.registered_callback.callback if app.registered_callback else None
    node: dict[str, Any] = {
        "help": _first_line(app.info.help if isinstance(app.info.help, str) else
                            getattr(callback, "__doc__", None)),
        "options": _parameters(callback, path)[0] if callback else [],
        "arguments": [], "commands": {}}
    for info in app.registered_commands:
        if info.hidden:
            continue
        name = info.name if isinstance(info.name, str) else \
            typer.main.get_command_name(info.callback.__name__)
        options, arguments = _parameters(info.callback, (*path, name))
        node["commands"][name] = {
            "help": _first_line(info.help if isinstance(info.help, str)
                                else info.callback.__doc__),
            "options": options, "arguments": arguments, "commands": {}}
    for group in app.registered_groups:
        if isinstance(group.name, str) and not group.hidden:
            sub = _group_node(group.typer_instance, (*path, group.name))
            if isinstance(group.help, str):
                sub["help"] = _first_line(group.help)
            node["commands"][group.name] = sub
    return node


def _first_line(text: str | None) -> str:
    """The first paragraph of a help text, short enough for a shell's menu."""
    line = " ".join((text or "").strip().split("\n\n")[0].split())
    return line if len(line) <= 80 else line[:79].rstrip() + "…"


def _parameters(function: Any, path: tuple[str, ...]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import inspect
    import types
    import typing

    from typer.models import ArgumentInfo, OptionInfo, ParameterInfo

    hints = typing.get_type_hints(function, include_extras=True)
    options: list[dict[str, Any]] = []
    arguments: list[dict[str, Any]] = []
    for name, parameter in inspect.signature(function).parameters.items():
        hint = hints.get(name)
        settings = parameter.default if isinstance(parameter.default, ParameterInfo) else None
        if typing.get_origin(hint) is typing.Annotated:
            hint, *extras = typing.get_args(hint)
            settings = next((e for e in extras if isinstance(e, ParameterInfo)), settings)
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        many = typing.get_origin(hint) is list
        if isinstance(settings, ArgumentInfo):
            if not settings.hidden:
                arguments.append({"name": name, "variadic": many})
            continue
        if isinstance(settings, OptionInfo) and settings.hidden:
            continue
        flag = hint is bool
        given = [*(settings.param_decls if settings else ()),
                 # in Annotated[...], Typer reads a text default as the first declaration
                 *([settings.default] if settings and isinstance(settings.default, str)
                   else [])]
        declared = [d for d in given if d.startswith("-")]
        names: list[str] = []
        for declaration in declared or [f"--{name.replace('_', '-')}"]:
            names += [part for part in declaration.split("/") if part.strip()]
        if flag and not declared:
            names.append(f"--no-{name.replace('_', '-')}")
        options.append({"name": name, "names": [n.strip() for n in names],
                        "value": not flag, "multiple": many,
                        "help": _first_line(getattr(settings, "help", ""))})
    return options, arguments


# --- the shell scripts --------------------------------------------------------------------

BASH = """\
# csp-draft completion for bash: source this file (csp-draft completion install does).
_csp_draft_complete() {
    local IFS=$'\\n'
    COMPREPLY=( $(CSP_DRAFT_COMPLETE=bash "${COMP_WORDS[0]}" \\
                  "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
    return 0
}
complete -o default -o nosort -F _csp_draft_complete csp-draft
"""

ZSH = """\
#compdef csp-draft
# csp-draft completion for zsh: source this file (csp-draft completion install does).
_csp_draft() {
    local line value
    local -a described plain
    for line in "${(@f)$(CSP_DRAFT_COMPLETE=zsh "${words[1]}" "${(@)words[2,$CURRENT]}" \\
                          2>/dev/null)}"; do
        [[ -z $line ]] && continue
        value=${line%%$'\\t'*}
        if [[ $line == *$'\\t'* ]]; then
            described+=("${value//:/\\\\:}:${line#*$'\\t'}")
        else
            plain+=("$value")
        fi
    done
    if (( ${#described} + ${#plain} == 0 )); then
        _files
        return
    fi
    (( ${#described} )) && _describe -V csp-draft described
    (( ${#plain} )) && compadd -V csp-draft-plain -- "${plain[@]}"
    return 0
}
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
compdef _csp_draft csp-draft
"""

FISH = """\
# csp-draft completion for fish (csp-draft completion install puts it where fish looks).
function __csp_draft_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l answers (env CSP_DRAFT_COMPLETE=fish $tokens[1] $tokens[2..-1] $current 2>/dev/null)
    if test (count $answers) -eq 0
        __fish_complete_path $current
    else
        printf '%s\\n' $answers
    end
end
complete -c csp-draft -f -a '(__csp_draft_complete)'
"""

POWERSHELL = """\
# csp-draft completion for PowerShell: dot-source this file from $PROFILE
# (csp-draft completion install does).
Register-ArgumentCompleter -Native -CommandName csp-draft -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The words before the one being completed, unquoted; that one goes in an environment
    # variable (PowerShell before 7.3 drops an empty argument).
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |
        ForEach-Object {
            if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                $_.Value
            } else {
                $_.ToString()
            }
        })
    $previous = @($words | Select-Object -Skip 1)
    $encoding = [Console]::OutputEncoding
    $env:CSP_DRAFT_COMPLETE = 'powershell'
    $env:CSP_DRAFT_COMPLETE_WORD = $wordToComplete
    try {
        [Console]::OutputEncoding = [System.Text.Encoding]::UTF8
        $answers = @(& $words[0] @previous 2>$null)
    } finally {
        [Console]::OutputEncoding = $encoding
        Remove-Item Env:CSP_DRAFT_COMPLETE, Env:CSP_DRAFT_COMPLETE_WORD `
            -ErrorAction SilentlyContinue
    }
    foreach ($answer in $answers) {
        $value, $help = $answer -split "`t", 2
        if (-not $help) { $help = $value }
        [System.Management.Automation.CompletionResult]::new(
            $value, $value, 'ParameterValue', $help)
    }
}
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH, "powershell": POWERSHELL}


def script(shell: str) -> str:
    return SCRIPTS[shell]


def current_shell() -> str | None:
    """The user's shell: ``$SHELL``, or when it is unset the login shell the account
    database names (a container or cron job often runs without ``$SHELL``); on Windows,
    PowerShell."""
    name = os.path.basename(os.environ.get("SHELL") or _login_shell())
    for shell in SHELLS:
        if name == shell or (shell == "powershell" and name in ("pwsh", "powershell")):
            return shell
    if sys.platform == "win32":
        return "powershell"
    return None


def _login_shell() -> str:
    try:
        import pwd
    except ImportError:  # Windows has no account database of this kind
        return ""
    try:
        return pwd.getpwuid(os.getuid()).pw_shell
    except KeyError:  # a uid with no account entry, as in some containers
        return ""


def install(shell: str, home: Path | None = None) -> list[tuple[Path, str]]:
    """Write the script of ``shell`` where it loads in new shells; the files written or
    changed, each with what was done."""
    from pathlib import Path

    from csp_draft.fsio import atomic_write

    home = home or Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "csp-draft"
    done: list[tuple[Path, str]] = []
    if shell == "fish":
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        target = config / "fish" / "completions" / "csp-draft.fish"
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, FISH)
        return [(target, "completion script (fish loads it by itself)")]
    target = data / f"completion.{ {'powershell': 'ps1'}.get(shell, shell) }"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, SCRIPTS[shell])
    done.append((target, "completion script"))
    if shell == "powershell":
        rc = (home / "Documents" / "PowerShell" if sys.platform == "win32"
              else Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "powershell"
              ) / "Microsoft.PowerShell_profile.ps1"
        line = f". '{target}'"
    else:
        rc = home / (".bashrc" if shell == "bash" else ".zshrc")
        line = f"source '{target}'"
    try:
        text = rc.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if line not in text.splitlines():
        rc.parent.mkdir(parents=True, exist_ok=True)
        addition = f"# csp-draft: complete commands, clause ids and items on Tab\n{line}\n"
        atomic_write(rc, text + ("" if not text or text.endswith("\n") else "\n") + addition)
        done.append((rc, "loads the script in new shells"))
    else:
        done.append((rc, "already loads the script"))
    return done
