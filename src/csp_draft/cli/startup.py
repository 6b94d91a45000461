"""Start-up shortcuts of the command line: build only the command that runs, and skip
Typer's Pydantic-based coercion of option values where it cannot change a value.

Typer turns the whole app into Click commands on every run, reading the signature and
type hints of every command function: 30 ms, more as commands are added, to run one of
them. :func:`click_command` builds each group with its subcommands left for later
(:class:`_LazyCommands`): Click looks up only the one it runs, so ``clauses list`` builds
the root, the ``clauses`` group and ``list``. For the root ``--help``, which lists
commands but none of their options, commands are built without reading their signatures.

Recent Typer checks every parameter's value through a Pydantic ``TypeAdapter`` and builds
that adapter, importing Pydantic, even for an option left at its default ``None``. That
import takes longer than Typer and rich together. Each built parameter therefore returns
what Typer would return when nothing needs converting (None, text for a text parameter,
an in-range integer default, ``Path(text)`` for a path that passes the parameter's checks)
and hands every other value, and every problem, to Typer.

Only public API is used, so that a Typer or Click release cannot break start-up: the
Typer app's attributes (``registered_commands``, ``registered_groups``, ``info``,
``registered_callback``), ``typer.main.get_command`` on small apps made for one command
or group, ``typer.models``, and Click's ``Group.commands``, ``Parameter.process_value``
and ``Command.get_help_option``. Whatever this code cannot handle falls back to Typer's
own build of the whole app; tests compare the two.
"""

from __future__ import annotations

import copy
import functools
import os
import stat
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.models import CommandInfo, ParameterInfo, TyperInfo

ROOT_FLAGS = frozenset({"--debug"})  # root options that take no value and print nothing
_CONVERT = object()  # a value that only Typer's own coercion may convert
Declared = tuple[Any, ParameterInfo | None]  # a parameter's type and its Typer settings


def click_command(app: typer.Typer, args: list[str]) -> Any:
    """The Click command that runs ``args``: subcommands built on first look-up."""
    position = 0
    while position < len(args) and args[position] in ROOT_FLAGS:
        position += 1
    listing = args[position:] in ([], ["--help"])  # the root's help, nothing else
    try:
        return _lazy_group(typer.main.get_command(_shell(app, app)), app, app, listing)
    except Exception:  # a Typer this code does not know: build everything, as Typer does
        return typer.main.get_command(app)


class _LazyCommands(Mapping[str, Any]):
    """A group's subcommands by name, each built when first looked up (names, as for
    "did you mean" suggestions, need no build)."""

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self.builders = builders
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            self.built[name] = self.builders[name]()
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.builders)

    def __len__(self) -> int:
        return len(self.builders)


def _small_app(root: typer.Typer) -> typer.Typer:
    """An empty app that builds commands as ``root`` does (markup, errors, suggestions)."""
    recent = ({"suggest_commands": root.suggest_commands}  # not in older Typer
              if hasattr(root, "suggest_commands") else {})
    return typer.Typer(add_completion=False, rich_markup_mode=root.rich_markup_mode,
                       pretty_exceptions_short=root.pretty_exceptions_short, **recent)


def _shell(sub: typer.Typer, root: typer.Typer) -> typer.Typer:
    """``sub`` without its commands (its callback, options and help): Typer builds its
    group alone."""
    app = _small_app(root)
    app.info = sub.info
    app.registered_callback = sub.registered_callback
    return app


def _lazy_group(group: Any, app: typer.Typer, root: typer.Typer, listing: bool) -> Any:
    """``group``, built from a shell of ``app``, given ``app``'s subcommands."""
    builders: dict[str, Callable[[], Any]] = {}
    for info in app.registered_commands:
        builders[_command_name(info)] = functools.partial(_command, info, root, listing)
    for group_info in app.registered_groups:
        if not isinstance(group_info.name, str):  # merged into its parent by Typer
            raise TypeError("a group without a name")
        builders[group_info.name] = functools.partial(_subgroup, group_info, root)
    group.commands = _LazyCommands(builders)
    _defer_coercion(group, {})
    return group


def _subgroup(info: TyperInfo, root: typer.Typer) -> Any:
    """The group of ``info`` (as added with ``add_typer``: its name, maybe its help), its
    subcommands built later."""
    app = _small_app(root)
    app.registered_groups.append(copy.copy(info))
    app.registered_groups[0].typer_instance = _shell(info.typer_instance, root)
    group = typer.main.get_command(app).commands[info.name]
    return _lazy_group(group, info.typer_instance, root, listing=False)


def _command(info: CommandInfo, root: typer.Typer, listing: bool) -> Any:
    """The command of ``info``; for a listing, without reading its signature."""
    if listing:
        info = _listed(info)
    app = _small_app(root)
    app.registered_commands.append(info)
    built = typer.main.get_command(app)
    _defer_coercion(built, _declarations(info.callback))
    return built


def _command_name(info: CommandInfo) -> str:
    """The name Typer gives the command of ``info``."""
    if isinstance(info.name, str):
        return info.name
    return typer.main.get_command_name(info.callback.__name__)


def _listed(info: CommandInfo) -> CommandInfo:
    """``info`` with a callback without parameters (same name and help): enough to list
    the command."""

    def stand_in() -> None:
        """Never called: only lists the command."""

    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(stand_in, attribute, getattr(info.callback, attribute))
    stub = copy.copy(info)
    stub.callback = stand_in
    return stub


def _declarations(function: Any) -> dict[str, Declared]:
    """Each parameter of ``function`` declared ``Annotated[T, typer.Option(...)]`` (or
    Argument): its type, without the None of an optional one, and its Typer settings."""
    declared = {}
    for name, hint in typing.get_type_hints(function, include_extras=True).items():
        if typing.get_origin(hint) is not typing.Annotated:
            continue
        annotation, *extras = typing.get_args(hint)
        settings = [extra for extra in extras if isinstance(extra, ParameterInfo)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation, *others = [arg for arg in typing.get_args(annotation)
                                   if arg is not type(None)]
            if others:
                continue
        if len(settings) == 1:
            declared[name] = (annotation, settings[0])
    return declared


def _defer_coercion(command: Any, declared: dict[str, Declared]) -> None:
    """Let the parameters of ``command``, its --help included, keep the values that need
    no converting; only the others reach Typer's coercion (and Pydantic). A parameter not
    in ``declared`` keeps only a missing value (None)."""
    for param in command.params:
        _keep_plain_values(param, *declared.get(param.name, (None, None)))
    typer_own = command.get_help_option  # made on first use, once per command
    seen: list[Any] = []

    def get_help_option(ctx: Any) -> Any:
        option = typer_own(ctx)
        if option is not None and all(option is not known for known in seen):
            seen.append(option)
            _keep_plain_values(option, None, None)
        return option

    command.get_help_option = get_help_option


def _keep_plain_values(param: Any, annotation: Any, settings: ParameterInfo | None) -> None:
    """Give ``param`` a ``process_value`` with Click's steps (convert, check for a missing
    value, call back) that converts a plain value itself and hands others to Typer."""
    typer_own = param.process_value

    def process_value(ctx: Any, value: Any) -> Any:
        multiple = bool(param.multiple) or param.nargs == -1
        plain = _plain_value(value, annotation, settings, multiple)
        if plain is _CONVERT or (param.required and param.value_is_missing(plain)):
            return typer_own(ctx, value)
        return plain if param.callback is None else param.callback(ctx, param, plain)

    param.process_value = process_value


def _plain_value(value: Any, annotation: Any, settings: ParameterInfo | None,
                 multiple: bool) -> Any:
    """What Typer makes of ``value`` when it needs no converting, else ``_CONVERT``."""
    if value is None:
        return () if multiple else None
    if getattr(settings, "parser", None) or getattr(settings, "click_type", None):
        return _CONVERT  # the project's own conversion
    if typing.get_origin(annotation) is list:
        if not multiple or not isinstance(value, list | tuple):
            return _CONVERT
        items = [_plain_item(item, typing.get_args(annotation)[0], settings)
                 for item in value]
        return _CONVERT if any(item is _CONVERT for item in items) else items
    return _CONVERT if multiple else _plain_item(value, annotation, settings)


def _plain_item(value: Any, annotation: Any, settings: ParameterInfo | None) -> Any:
    if annotation is str and isinstance(value, str):
        return value
    if annotation is int and type(value) is int and _in_range(value, settings):
        return value
    if annotation is Path and _plain_path(value, settings):
        return Path(value)
    return _CONVERT


def _plain_path(value: Any, settings: ParameterInfo | None) -> bool:
    """Whether Typer would turn text ``value`` into ``Path(value)`` without complaint: the
    same checks as its own (exists, file_okay, dir_okay, readable, writable); anything
    else (a problem to report, "-", resolve_path) is left to Typer."""
    if not isinstance(value, str) or not value or "\0" in value or value == "-":
        return False
    if getattr(settings, "resolve_path", True) or getattr(settings, "path_type", None):
        return False
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return not getattr(settings, "exists", True)
    except ValueError:
        return False
    if not getattr(settings, "file_okay", True) and stat.S_ISREG(mode):
        return False
    if not getattr(settings, "dir_okay", True) and stat.S_ISDIR(mode):
        return False
    if getattr(settings, "readable", True) and not os.access(value, os.R_OK):
        return False
    return not (getattr(settings, "writable", False) and not os.access(value, os.W_OK))


def _in_range(value: int, settings: ParameterInfo | None) -> bool:
    low, high = getattr(settings, "min", None), getattr(settings, "max", None)
    return ((low is None or value >= low) and (high is None or value <= high)
            and not getattr(settings, "clamp", False))
