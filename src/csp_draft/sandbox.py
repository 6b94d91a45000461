"""The Jinja environment that runs clause texts and document templates.

Clause libraries and templates come from other organisations, so they run in Jinja's
immutable sandbox with undefined values as errors, and with limits the sandbox lacks:
operations that would build huge strings or numbers are refused, output is capped, and a
render that runs too long is stopped. Template files are looked up only inside their
folders; ``..``, absolute names and symlinks that lead outside are refused.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from csp_draft import i18n
from csp_draft.errors import Location, SecurityError, TemplateError
from csp_draft.mdescape import Markdown, escape_markdown
from csp_draft.models import localize

MAX_OPERATION_SIZE = 1_000_000  # characters or items one operation may produce
MAX_OUTPUT_CHARS = 20_000_000
MAX_TEMPLATE_BYTES = 1_000_000
RENDER_SECONDS = 20.0
BUILTIN_PREFIX = "builtin/"  # names the packaged template even when a user overrides it


class RenderLimitExceeded(Exception):
    """A template tried to use more time or memory than a document ever needs."""


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox plus bounds on the size of what one operation makes."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and (
                    len(seq) * count > MAX_OPERATION_SIZE
                ):
                    raise RenderLimitExceeded("a repetition would produce more than "
                                              f"{MAX_OPERATION_SIZE:,} characters or items")
        elif operator == "**":
            if isinstance(left, int | float) and isinstance(right, int | float) and (
                abs(right) > 1000 or (abs(left) > 1 and abs(right) * _bits(left) > 10_000)
            ):
                raise RenderLimitExceeded("a power is too large to compute")
        elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(
            right, str | list | tuple
        ) and len(left) + len(right) > MAX_OPERATION_SIZE:
            raise RenderLimitExceeded(f"a value would grow beyond {MAX_OPERATION_SIZE:,} "
                                      "characters")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        """Output of ``super()``, ``caller()`` and macros is template Markdown, not a value."""
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, jinja2.runtime.BlockReference | jinja2.runtime.Macro) and (
            isinstance(result, str)
        ):
            return Markdown(result)
        return result


def _bits(number: int | float) -> int:
    return max(int(abs(number)).bit_length(), 1)


class FolderLoader(jinja2.BaseLoader):
    """Loads ``NAME`` from the first folder that has it, never from outside the folders."""

    def __init__(self, folders: Sequence[Path], builtin: Path | None = None) -> None:
        self.folders = [Path(folder) for folder in folders]
        self.builtin = builtin

    def find(self, template: str) -> Path | None:
        folders = self.folders
        if template.startswith(BUILTIN_PREFIX) and self.builtin is not None:
            template = template[len(BUILTIN_PREFIX):]
            folders = [self.builtin]
        pieces = template.split("/")
        if template.startswith(("/", "\\")) or any(
            piece in ("", ".", "..") or "\\" in piece or ":" in piece for piece in pieces
        ):
            raise SecurityError(
                f"template name '{template}' leaves the template folder",
                hint="name templates relative to the templates folder, without '..'",
            )
        for folder in folders:
            candidate = folder.joinpath(*pieces)
            if not candidate.is_file():
                continue
            real_folder = os.path.realpath(folder)
            real_file = os.path.realpath(candidate)
            if os.path.commonpath([real_folder, real_file]) != real_folder:
                raise SecurityError(
                    f"template '{template}' is a link to a file outside {folder}",
                    hint="replace the symlink with a real file",
                    location=Location.of_file(candidate),
                )
            return candidate
        return None

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template is larger than {MAX_TEMPLATE_BYTES:,} bytes",
                                location=Location.of_file(path))
        source = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2")
                             if p.is_file())
        return sorted(names)


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    return escape_markdown(value)


def _lang(context: jinja2.runtime.Context) -> str:
    return context.get("lang", "en")


@jinja2.pass_context
def _and_list(context: jinja2.runtime.Context, items: Any) -> Markdown:
    return Markdown(i18n.join_list([escape_markdown(i) for i in _as_list(items)], _lang(context)))


@jinja2.pass_context
def _or_list(context: jinja2.runtime.Context, items: Any) -> Markdown:
    return Markdown(i18n.join_list([escape_markdown(i) for i in _as_list(items)], _lang(context),
                                   style="or"))


@jinja2.pass_context
def _long_date(context: jinja2.runtime.Context, value: Any) -> Markdown:
    if value is None or value == "":
        return Markdown("")
    return escape_markdown(i18n.long_date(value, _lang(context)))


@jinja2.pass_context
def _people(context: jinja2.runtime.Context, records: Any) -> Markdown:
    """People with their country, those of one country grouped: ``A and B (Belarus)``.

    When a country has several people, the groups are separated by semicolons so that
    every name visibly belongs to its country: ``A (Belarus); B and C (Uzbekistan)``.
    """
    lang = _lang(context)
    groups: dict[str, list[str]] = {}
    for record in _as_list(records):
        if isinstance(record, dict):
            name = escape_markdown(localize(record.get("name", ""), lang))
            country = record.get("country")
            key = escape_markdown(localize(country, lang)) if country else ""
        else:
            name, key = escape_markdown(record), ""
        groups.setdefault(key, []).append(name)
    parts = [i18n.join_list(names, lang) + (f" ({country})" if country else "")
             for country, names in groups.items()]
    if all(len(names) == 1 for names in groups.values()):
        return Markdown(i18n.join_list(parts, lang))
    return Markdown("; ".join(parts))


@jinja2.pass_context
def _plural(context: jinja2.runtime.Context, count: Any, **forms: str) -> Markdown:
    return escape_markdown(i18n.plural_form(_number(count), _lang(context), forms))


@jinja2.pass_context
def _ordinal(context: jinja2.runtime.Context, number: Any) -> Markdown:
    return escape_markdown(i18n.ordinal(int(_number(number)), _lang(context)))


@jinja2.pass_context
def _format_number(context: jinja2.runtime.Context, number: Any) -> Markdown:
    return escape_markdown(i18n.format_number(_number(number), _lang(context)))


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return int(str(value))
        except ValueError:
            raise TypeError(f"expected a number, got {value!r}") from None
    return value


def _as_list(items: Any) -> list:
    if items is None:
        return []
    if isinstance(items, str | dict):
        return [items]
    return list(items)


def _indent_markdown(text: Any, width: int = 3) -> Markdown:
    """Indent continuation lines so a multi-line block stays inside a list item."""
    pad = " " * width
    lines = str(text).split("\n")
    return Markdown("\n".join([lines[0]] + [pad + line if line.strip() else ""
                                            for line in lines[1:]]))


def make_environment(template_folders: Sequence[Path] = (), builtin: Path | None = None
                     ) -> LimitedSandbox:
    """A sandboxed environment with csp-draft's filters and template search path."""
    env = LimitedSandbox(
        loader=FolderLoader(template_folders, builtin),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        and_list=_and_list, or_list=_or_list, long_date=_long_date, people=_people,
        plural=_plural, ordinal=_ordinal, number=_format_number, indent_md=_indent_markdown,
    )
    # Filters that could build unbounded output or reach Python objects are removed.
    for name in ("attr", "xmlattr", "pprint", "wordwrap", "filesizeformat", "urlize"):
        env.filters.pop(name, None)
    env.globals.pop("cycler", None)
    env.globals.pop("joiner", None)
    env.globals.pop("namespace", None)
    return env


def render_limited(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render with the output capped and, in the main thread, a time limit."""
    pieces: list[str] = []
    size = 0
    with _time_limit(RENDER_SECONDS):
        for piece in template.generate(context):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise RenderLimitExceeded(
                    f"output would exceed {MAX_OUTPUT_CHARS:,} characters")
            pieces.append(piece)
    return "".join(pieces)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer"))
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise RenderLimitExceeded(f"rendering took longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def compile_text(env: LimitedSandbox, source: str, *, filename: str, first_line: int = 1
                 ) -> jinja2.Template:
    """Compile a clause text; errors point into its YAML file, where it starts at ``first_line``."""
    try:
        code = env.compile(source, filename=filename)
    except jinja2.TemplateSyntaxError as exc:
        raise template_error(exc, filename=filename, first_line=first_line) from None
    return env.template_class.from_code(env, code, env.make_globals(None))


def template_error(exc: BaseException, *, filename: str, first_line: int = 1) -> TemplateError:
    """Turn whatever a template raised into a one-line error at its file and line."""
    line = getattr(exc, "lineno", None) or _template_line(exc, filename)
    location = Location(filename, first_line + line - 1 if line else 0)
    message = (getattr(exc, "message", None) or str(exc)).rstrip(".")
    if isinstance(exc, jinja2.exceptions.SecurityError) or (
        isinstance(exc, jinja2.UndefinedError) and "unsafe" in message
    ):
        return SecurityError(f"blocked by the sandbox: {message}",
                             hint="templates and clauses may only use values and filters",
                             location=location)
    if isinstance(exc, RenderLimitExceeded):
        return TemplateError(f"rendering stopped: {exc}",
                             hint="the template or clause is hostile or has a runaway loop",
                             location=location)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax error: {message}", location=location)
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"undefined value: {message}",
                             hint="declare the variable or give it a value", location=location)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template '{message}' not found", location=location)
    if isinstance(exc, TemplateError):
        return exc
    return TemplateError(f"rendering failed: {type(exc).__name__}: {message}",
                         location=location)


def _template_line(exc: BaseException, filename: str) -> int:
    """The template line Jinja put into the traceback for ``filename`` (0 when absent)."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
