"""Start-up shortcuts of the command line: build only the command that runs, and skip
Typer's Pydantic-based coercion of option values where it cannot change a value.

Typer turns the whole app into Click commands on every run, reading the signature and
type hints of every command function: 20 ms, more as commands are added, to run one of
them. :func:`click_command` builds only the branch the arguments name (``clauses list``
builds the root and ``clauses list``); for the root ``--help``, which lists commands but
none of their options, it builds every command without reading its signature; and it
builds the whole app whenever the arguments do not name one command exactly (a typo
that deserves suggestions, and so on).

Recent Typer checks every parameter's value through a Pydantic ``TypeAdapter`` and builds
that adapter, importing Pydantic, even for an option left at its default ``None``. That
import takes longer than Typer and rich together, so it was most of the start-up of
`clauses list` and `clauses search WORD`. Here each parameter gets a thin coercer that
returns what Typer would return when nothing needs converting (None, text for a text
parameter, an in-range integer default, ``Path(text)`` for a path that passes the
parameter's checks) and hands every other value, and every problem, to Typer's own
coercion, built when first needed.

It relies on Typer internals (``get_runtime_param`` and ``_runtime_param`` of its
parameters); with a Typer that lacks them nothing is changed.
"""

from __future__ import annotations

import copy
import os
import stat
import typing
from pathlib import Path
from typing import Any

ROOT_FLAGS = frozenset({"--debug"})  # root options that take no value and print nothing


def click_command(app: Any, args: list[str]) -> Any:
    """The Click command that runs ``args``: only its branch of ``app``, coercion deferred."""
    import typer.main

    try:
        pruned = _prune(app, args)
    except Exception:  # another Typer: build everything, as Typer itself does
        pruned = app
    command = typer.main.get_command(pruned)
    defer_coercion(command)
    return command


def _prune(app: Any, args: list[str]) -> Any:
    position = 0
    while position < len(args) and args[position] in ROOT_FLAGS:
        position += 1
    if args[position:] in ([], ["--help"]):
        return _listing(app)
    name = args[position]
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if len(commands) + len(groups) != 1:
        return app
    if groups and position + 1 < len(args):
        group = copy.copy(groups[0])
        sub_app = copy.copy(group.typer_instance)
        sub_name = args[position + 1]
        chosen = [info for info in sub_app.registered_commands if _command_name(info) == sub_name]
        if len(chosen) == 1 and not sub_app.registered_groups:
            sub_app.registered_commands = chosen
            group.typer_instance = sub_app
            groups = [group]
    pruned = copy.copy(app)
    pruned.registered_commands = commands
    pruned.registered_groups = groups
    return pruned


def _listing(app: Any) -> Any:
    """``app`` with every command's function replaced by one without parameters (same name
    and help): enough to list the commands, without analysing their signatures."""
    listing = copy.copy(app)
    listing.registered_commands = [_without_parameters(info) for info in app.registered_commands]
    groups = []
    for info in app.registered_groups:
        group = copy.copy(info)
        group.typer_instance = _listing(info.typer_instance)
        groups.append(group)
    listing.registered_groups = groups
    return listing


def _without_parameters(info: Any) -> Any:
    callback = info.callback
    if callback is None:
        return info

    def stand_in() -> None:
        """Never called: only lists the command."""

    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(stand_in, attribute, getattr(callback, attribute))
    stub = copy.copy(info)
    stub.callback = stand_in
    return stub


def _command_name(info: Any) -> str | None:
    if isinstance(info.name, str):
        return info.name
    callback = getattr(info, "callback", None)
    return callback.__name__.lower().replace("_", "-") if callback is not None else None


def defer_coercion(command: Any) -> None:
    """Give every parameter of ``command`` and its subcommands the deferring coercer."""
    for param in getattr(command, "params", ()):
        _defer(param)
    original = getattr(command, "get_help_option", None)
    if original is not None:  # --help is made per command on first use

        def get_help_option(ctx: Any) -> Any:
            option = original(ctx)
            _defer(option)
            return option

        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        defer_coercion(sub)


def _defer(param: Any) -> None:
    if (hasattr(param, "get_runtime_param") and hasattr(param, "type_descriptor")
            and getattr(param, "_runtime_param", False) is None):
        param._runtime_param = _Deferred(param)


class _Deferred:
    """Coerces the values that need no conversion; Typer's own coercer does the rest."""

    def __init__(self, param: Any) -> None:
        self._param = param
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        plain = getattr(info, "parser", None) is None and getattr(info, "click_type", None) is None
        if plain and descriptor.annotation is str and isinstance(value, str):
            return value
        if plain and descriptor.annotation is int and type(value) is int and _in_range(value, info):
            return value
        if plain and descriptor.annotation is Path and _plain_path(value, info):
            return Path(value)
        if (plain and typing.get_origin(descriptor.annotation) is list
                and typing.get_args(descriptor.annotation) == (Path,)
                and isinstance(value, list | tuple) and param.multiple
                and all(_plain_path(item, info) for item in value)):
            return [Path(item) for item in value]
        return self._typer_coercer().coerce(value, param=param, ctx=ctx)

    def _typer_coercer(self) -> Any:
        if self._typer is None:
            param = self._param
            param._runtime_param = None
            try:
                self._typer = param.get_runtime_param()
            finally:
                param._runtime_param = self
        return self._typer


def _plain_path(value: Any, info: Any) -> bool:
    """Whether Typer would turn text ``value`` into ``Path(value)`` without complaint: the
    same checks as its own (exists, file_okay, dir_okay, readable, writable); anything
    else (a problem to report, "-", resolve_path) is left to Typer."""
    if not isinstance(value, str) or not value or "\0" in value or value == "-":
        return False
    if getattr(info, "resolve_path", True) or getattr(info, "path_type", None) is not None:
        return False
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return not getattr(info, "exists", True)
    except ValueError:
        return False
    if not getattr(info, "file_okay", True) and stat.S_ISREG(mode):
        return False
    if not getattr(info, "dir_okay", True) and stat.S_ISDIR(mode):
        return False
    if getattr(info, "readable", True) and not os.access(value, os.R_OK):
        return False
    return not (getattr(info, "writable", False) and not os.access(value, os.W_OK))


def _in_range(value: int, info: Any) -> bool:
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    return (low is None or value >= low) and (high is None or value <= high) and not getattr(
        info, "clamp", False)
