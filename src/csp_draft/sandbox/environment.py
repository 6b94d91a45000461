"""The sandboxed Jinja environment, assembled: limits, loader and filters in one place,
and the one translation of whatever a template raises into a located error.

:func:`make_environment` is what every renderer uses; :func:`compile_text` compiles a clause
text so that its errors point into its YAML file; :func:`template_error` makes any failure
of a render a one-line :class:`~csp_draft.errors.TemplateError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from csp_draft.errors import Location, SecurityError, TemplateError
from csp_draft.sandbox import filters
from csp_draft.sandbox.limits import (
    RENDER_MEMORY_BYTES,
    LimitedSandbox,
    RenderLimitExceeded,
    UnsafeCharacter,
    compile_limited,
)
from csp_draft.sandbox.loader import FolderLoader


def make_environment(template_folders: Sequence[Path] = (), builtin: Path | None = None
                     ) -> LimitedSandbox:
    """A sandboxed environment with csp-draft's filters and template search path."""
    env = LimitedSandbox(
        loader=FolderLoader(template_folders, builtin),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=filters.finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    filters.install(env)
    return env



def compile_text(env: LimitedSandbox, source: str, *, filename: str, first_line: int = 1
                 ) -> jinja2.Template:
    """Compile a clause text; errors point into its YAML file, where it starts at ``first_line``."""
    try:
        code = compile_limited(env, source, filename=filename)
    except (jinja2.TemplateSyntaxError, RecursionError) as exc:
        raise template_error(exc, filename=filename, first_line=first_line) from None
    return env.template_class.from_code(env, code, env.make_globals(None))


def template_error(exc: BaseException, *, filename: str, first_line: int = 1) -> TemplateError:
    """Turn whatever a template raised into a one-line error at its file and line."""
    line = getattr(exc, "lineno", None) or _template_line(exc, filename)
    # A clause text starts at first_line of its file: where no template line is known (a
    # limit checked between two pieces of output), point at the start of the text.
    location = Location(filename, first_line + line - 1 if line else
                        first_line if first_line > 1 else 0)
    message = (getattr(exc, "message", None) or str(exc)).rstrip(".")
    if isinstance(exc, jinja2.exceptions.SecurityError) or (
        isinstance(exc, jinja2.UndefinedError) and "unsafe" in message
    ):
        return SecurityError(f"blocked by the sandbox: {message}",
                             hint="templates and clauses may only use values and filters",
                             location=location)
    if isinstance(exc, UnsafeCharacter):
        return TemplateError(f"rendering stopped: {exc}",
                             hint="remove the escape code (such as \\x00) that makes it",
                             location=location)
    if isinstance(exc, RenderLimitExceeded | MemoryError | RecursionError):
        reason = str(exc)
        if isinstance(exc, MemoryError):
            reason = f"it needed more than {RENDER_MEMORY_BYTES // 2**20} MB of memory"
        elif isinstance(exc, RecursionError):
            reason = "expressions, macros or includes nest too deeply"
        # A long draft meets the output cap with a sound template: say so, and blame no one.
        hint = ("split the draft into shorter documents, or look for a loop in a template "
                "or clause text that repeats its output" if reason.startswith("output would")
                else "the template or clause is hostile or has a runaway loop")
        return TemplateError(f"rendering stopped: {reason}", hint=hint, location=location)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax error: {message}", location=location)
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"undefined value: {message}",
                             hint="declare the variable or give it a value", location=location)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"template '{message}' not found", location=location)
    if isinstance(exc, TemplateError):
        if exc.location is None:  # e.g. a refused include: point at the line that asked
            exc.location = location
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
