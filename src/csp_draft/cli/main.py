"""The `csp-draft` command: a thin layer that parses options, calls the core and prints.

One error boundary (:func:`main`): a :class:`CspDraftError` becomes one
``path:line:col: error: message; hint`` line per problem on stderr and exit 1 (2 for usage
errors); Ctrl-C exits 130; anything else is a bug, reported without local variables (they
may hold names of people in detention), with the traceback only under ``--debug``.
Core modules are imported inside the commands so that `--help` starts fast.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not loaded: a Tab press answers before it
if TYPE_CHECKING:
    from typing import Any

INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C
INTERRUPTED_MESSAGE = "interrupted; nothing was written"
GC_THRESHOLDS = (50_000, 20, 100)  # Python's default: (700, 10, 10)


STREAM_ERRNOS = frozenset({"EPIPE", "ENOSPC", "EBADF", "EIO", "EDQUOT", "EFBIG"})


TERMINATED = 143  # the shell's code for a command stopped by SIGTERM
TERMINATED_MESSAGE = "terminated; nothing was written"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so it cleans up exactly as after Ctrl-C
    (temporary folders removed, LibreOffice stopped, no partial output)."""


_terminated = False  # Click turns the exception into a return value: remember the signal


def _terminate(signum: int, frame: Any) -> None:
    global _terminated
    _terminated = True
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    from csp_draft.cli import completion

    if completion.requested():  # a Tab press: answered without loading the commands
        return completion.answer(list(sys.argv[1:] if argv is None else argv))
    import signal
    import threading

    global _terminated
    _terminated = False
    _prepare_streams()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        code = _main(argv)
    except KeyboardInterrupt as error:  # Ctrl-C while the command line was still loading
        code = TERMINATED if isinstance(error, Terminated) or _terminated else INTERRUPTED
        sys.stderr.write((TERMINATED_MESSAGE if code == TERMINATED else INTERRUPTED_MESSAGE)
                         + "\n")
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return code


class _ClosedStream:
    """Stands for a standard output the shell closed (``>&-``): writing to it is an error
    the boundary reports, as for any other output that cannot be written."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno
        import os

        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import io

        raise io.UnsupportedOperation("standard output is closed")


def _prepare_streams() -> None:
    """Messages and reports never fail on a console's encoding (cp1251, latin-1 ...): what
    it cannot show becomes a replacement character. A document written to standard output
    (`export -o -`) switches it back to strict first (:func:`document_stdout`): a document
    must not lose letters silently."""
    import contextlib

    if sys.stdout is None:
        sys.stdout = _ClosedStream()  # type: ignore[assignment]
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):  # closed: nothing to print to
                reconfigure(errors="replace")


def document_stdout() -> None:
    """Make standard output strict again for a document, unless it is a terminal (where a
    reader sees the replacement characters): on a file or pipe whose encoding lacks a
    letter, the export stops with one line instead of writing '?'."""
    import contextlib

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None:
        return
    with contextlib.suppress(ValueError, OSError):
        if not sys.stdout.isatty():
            reconfigure(errors="strict")


def _output_failure(error: BaseException) -> str | None:
    """The one-line message for a failure to write standard output, else None."""
    import errno

    if isinstance(error, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None) or "this encoding"
        return (f"error: standard output ({encoding}) cannot hold the character "
                f"U+{ord(error.object[error.start]):04X}; nothing more was written; "
                "set PYTHONIOENCODING=utf-8, or write to a file with -o")
    if isinstance(error, OSError) and errno.errorcode.get(error.errno or 0) in STREAM_ERRNOS:
        return (f"error: cannot write to standard output: {error.strerror or error}; "
                "check where the output goes (a full disk, a closed pipe)")
    return None


def _report_output_failure(message: str) -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    # Nothing more may reach the broken stream: Python's own flush at exit would print
    # "Exception ignored" and end with exit code 120.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _main(argv: list[str] | None) -> int:
    # Everything heavy is imported here, inside the error boundary: Ctrl-C during start-up
    # printed a Python traceback from the middle of an import.
    import gc

    import typer  # noqa: F401  (loaded here, inside the boundary: see above)

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    # A command's objects (parsed YAML, clauses, templates) live until it ends: looking for
    # cycles among them every 700 allocations took half the time of a 5,000-paragraph export.
    gc.set_threshold(*GC_THRESHOLDS)
    from csp_draft.cli.common import report_unneeded_broken_clauses
    from csp_draft.sandbox.budget import end_command, start_command

    start_command()  # one rendering time budget per command (issue 23, item 6)
    try:
        return _run(args, debug)
    finally:
        report_unneeded_broken_clauses()
        end_command()


def _run(args: list[str], debug: bool) -> int:
    import typer

    from csp_draft.cli.common import print_diagnostics
    from csp_draft.cli.startup import click_command
    from csp_draft.errors import CspDraftError

    try:
        command = click_command(_app(), args)  # only what runs is built (see cli_startup)
        result = command.main(args=args, prog_name="csp-draft", standalone_mode=False)
        if result == INTERRUPTED and _terminated:
            typer.echo(TERMINATED_MESSAGE, err=True)
            return TERMINATED
        if result == INTERRUPTED:  # Click turns Ctrl-C into this return value
            typer.echo(INTERRUPTED_MESSAGE, err=True)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the boundary
        return result if isinstance(result, int) else 0
    except CspDraftError as error:
        print_diagnostics(error.diagnostics)
        return error.exit_code
    except (KeyboardInterrupt, typer.Abort):
        if _terminated:
            typer.echo(TERMINATED_MESSAGE, err=True)
            return TERMINATED
        typer.echo(INTERRUPTED_MESSAGE, err=True)
        return INTERRUPTED
    except typer.Exit as exit_:
        return exit_.exit_code
    except Exception as error:
        failure = _output_failure(error)
        if failure is not None:
            _report_output_failure(failure)
            return 1
        if _is_usage_error(error):  # Click's own (Typer may vendor Click, so duck-typed)
            error.show()  # type: ignore[attr-defined]
            return int(error.exit_code)  # type: ignore[attr-defined]
        if debug:
            sys.stderr.write("".join(_traceback_without_user_text(error).format()))
        typer.echo(f"csp-draft: internal error ({type(error).__name__}); please report it, "
                   "with the output of the same command run with --debug", err=True)
        return 70


def _traceback_without_user_text(error: BaseException) -> Any:
    """The traceback of ``error`` for a bug report: no local variables (Python's default),
    and no source lines of frames that run user files (templates and clause texts compile
    to frames named after the draft or template, whose lines may name people)."""
    import traceback

    report = traceback.TracebackException.from_exception(error, lookup_lines=False)
    seen: set[int] = set()
    pending = [report]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.stack = traceback.StackSummary.from_list([
            (frame.filename, frame.lineno, frame.name,
             frame.line if frame.filename.endswith(".py") else "")
            for frame in current.stack])
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return report


def _app() -> Any:
    """The Typer app with every command registered."""
    from csp_draft.cli import (  # noqa: F401  (they register their commands)
        archive,
        clauses,
        compare,
        doctor,
        drafts,
        examples,
        export,
        feedback,
        libraries,
        members,
        people,
        shell,
        structure,
        topics,
        translations,
    )
    from csp_draft.cli.common import app
    from csp_draft.cli.helptext import use_plain_help

    use_plain_help(app)
    return app


def __getattr__(name: str) -> Any:
    """``csp_draft.cli.main.app``, loaded when first asked for (PEP 562)."""
    if name == "app":
        return _app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _is_usage_error(error: Exception) -> bool:
    return hasattr(error, "show") and isinstance(getattr(error, "exit_code", None), int)


def run() -> None:
    """Console-script entry point."""
    code = main()
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command is over: no late traceback
    # Python's final garbage collections walk every object still alive: 5% of the
    # instructions of `clauses search`. Frozen objects are skipped by those walks (cycles
    # among them are left to the operating system); atexit handlers still run and the
    # standard streams are still flushed. Every file csp-draft writes is closed by now.
    gc.freeze()
    sys.exit(code)
