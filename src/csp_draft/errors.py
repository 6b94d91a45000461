"""Errors a user can act on, each tied to a place in a file.

Every problem a user can cause is a :class:`CspDraftError`; the CLI turns it into
compiler-style lines (``path:line:col: error: message``) and exit code 1. Anything else
is a bug and is reported as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class Location(NamedTuple):
    """A place in a file; line and column count from 1 (0 means unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    @classmethod
    def of_file(cls, path: str | Path) -> Location:
        return cls(str(path))


class Diagnostic(NamedTuple):
    """One problem, printed as one line: ``location: severity: message; hint``."""

    location: Location | None
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class CspDraftError(Exception):
    """A problem the user can fix; never a bug in csp-draft."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic(self.location, self.message, self.hint)]


class SourceError(CspDraftError):
    """A problem at a known place in a user or library file."""


class YamlError(SourceError):
    """A YAML file that cannot be read safely."""


class SchemaError(SourceError):
    """A value that does not match what the clause or draft schema expects."""


class ClauseNotFound(SourceError):
    """A clause id that no library on the search path defines."""


class TemplateError(SourceError):
    """A Jinja template (or clause text) that fails to compile or render."""


class SecurityError(TemplateError):
    """A template or clause tried to reach what the sandbox forbids."""


class UsageError(CspDraftError):
    """A command-line argument that makes no sense; exits 2 like Click's own usage errors."""

    exit_code = 2


class ValidationFailed(CspDraftError):
    """Several problems gathered before failing, so the user sees all of them at once."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self._diagnostics = list(diagnostics)
        count = len(self._diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._diagnostics


class DiagnosticCollector:
    """Gathers diagnostics; :meth:`raise_if_any` fails with all of them at once."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, location: Location | None, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(location, message, hint))

    def warning(self, location: Location | None, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(location, message, hint, severity="warning"))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def absorb(self, error: CspDraftError) -> None:
        self.items.extend(error.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity != "error"]

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.items)
