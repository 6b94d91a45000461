"""The clause library: finding clause files on the search path, loading and checking them.

Search path, later entries overriding earlier ones by id (with a visible notice):
the packaged library, the workspace's ``clauses/``, then each ``--library DIR``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2.meta

from csp_draft import paths
from csp_draft.clause_render import CLAUSE_GLOBALS, ClauseRenderer
from csp_draft.errors import (
    ClauseNotFound,
    CspDraftError,
    Diagnostic,
    DiagnosticCollector,
    Location,
)
from csp_draft.models import Clause
from csp_draft.sandbox import make_environment
from csp_draft.schema import load_clause
from csp_draft.suggest import did_you_mean
from csp_draft.workspace import Workspace
from csp_draft.yamlio import load_yaml_file

MAX_CLAUSE_BYTES = 256 * 1024
CLAUSE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LibrarySource:
    """One folder on the clause search path."""

    name: str
    path: Path


@dataclass
class Library:
    """All clauses on the search path, by id, with notices gathered while loading."""

    clauses: dict[str, Clause] = field(default_factory=dict)
    notices: list[Diagnostic] = field(default_factory=list)
    sources: list[LibrarySource] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.clauses)

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self.clauses

    def get(self, clause_id: str, *, location: Location | None = None) -> Clause:
        """The clause ``clause_id``; an unknown id fails with the closest ids."""
        clause = self.clauses.get(clause_id)
        if clause is None:
            raise ClauseNotFound(f"no clause '{clause_id}' in the library",
                                 hint=self.suggest(clause_id), location=location)
        return clause

    def suggest(self, clause_id: str) -> str:
        return did_you_mean(clause_id, self.clauses) or "list them with `csp-draft clauses list`"

    def filter(
        self, *, topic: str | None = None, addressee: str | None = None,
        kind: str | None = None, lang: str | None = None,
    ) -> list[Clause]:
        """Clauses matching every given filter, sorted by id."""
        return [
            clause for clause in sorted(self.clauses.values(), key=lambda c: c.id)
            if (topic is None or topic in clause.topics)
            and (addressee is None or addressee in clause.addressees)
            and (kind is None or clause.kind == kind)
            and (lang is None or lang in clause.text)
        ]


def library_sources(workspace: Workspace, extra: Sequence[Path] = ()) -> list[LibrarySource]:
    """The clause search path for this workspace and any ``--library`` folders."""
    sources = [LibrarySource("packaged", paths.packaged("clauses"))]
    if workspace.clauses_dir is not None:
        sources.append(LibrarySource("workspace", workspace.clauses_dir))
    for folder in extra:
        if not folder.is_dir():
            raise CspDraftError("library folder does not exist",
                                hint="check the --library path",
                                location=Location.of_file(folder))
        sources.append(LibrarySource(str(folder), folder))
    return sources


def clause_files(folder: Path) -> list[Path]:
    """YAML files below ``folder``, sorted; hidden folders and symlinks are skipped."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(current)
        for name in sorted(files):
            if name.endswith(CLAUSE_SUFFIXES) and not name.startswith("."):
                path = base / name
                if not path.is_symlink():
                    found.append(path)
    return found


def load_library(
    sources: Sequence[LibrarySource], *, languages: tuple[str, ...],
) -> Library:
    """Load every clause on the search path; fails listing every problem at once."""
    diags = DiagnosticCollector()
    library = Library(sources=list(sources))
    for source in sources:
        seen_here: dict[str, Path] = {}
        for path in clause_files(source.path):
            clause = _load_one(path, diags, languages, source.name)
            if clause is None:
                continue
            if clause.id in seen_here:
                diags.error(Location(str(path), 1, 1),
                            f"clause id '{clause.id}' is also defined in {seen_here[clause.id]}",
                            "ids must be unique within a library, rename one")
                continue
            seen_here[clause.id] = path
            previous = library.clauses.get(clause.id)
            if previous is not None:
                library.notices.append(Diagnostic(
                    Location(str(path), 1, 1),
                    f"clause '{clause.id}' overrides the one in {previous.path}",
                    severity="notice",
                ))
            library.clauses[clause.id] = clause
    diags.raise_if_any()
    return library


def _load_one(path: Path, diags: DiagnosticCollector, languages: tuple[str, ...],
              source: str) -> Clause | None:
    try:
        root = load_yaml_file(path, max_bytes=MAX_CLAUSE_BYTES)
    except CspDraftError as exc:
        diags.absorb(exc)
        return None
    clause = load_clause(root, path, diags, languages=languages, library=source)
    if clause is not None and not _check_text_names(clause, diags):
        return None
    return clause


@functools.cache
def _analysis_environment() -> jinja2.Environment:
    return make_environment()


def _check_text_names(clause: Clause, diags: DiagnosticCollector) -> bool:
    """Every name a text uses must be a declared variable (or a loop variable)."""
    ok = True
    env = _analysis_environment()
    for lang, text in clause.text.items():
        location = Location(str(clause.path), clause.text_lines.get(lang, 0))
        try:
            names = jinja2.meta.find_undeclared_variables(env.parse(text))
        except jinja2.TemplateSyntaxError as exc:
            line = clause.text_lines.get(lang, 1) + (exc.lineno or 1) - 1
            diags.error(Location(str(clause.path), line),
                        f"template error in text ({lang}): {exc.message}")
            ok = False
            continue
        unknown = sorted(names - set(clause.variables) - CLAUSE_GLOBALS)
        for name in unknown:
            diags.error(location, f"text ({lang}) uses '{name}', which is not a declared variable",
                        did_you_mean(name, clause.variables) or
                        f"declare it under 'variables:' or remove {{{{ {name} }}}}")
            ok = False
    return ok


def check_library(library: Library, renderer: ClauseRenderer | None = None
                  ) -> list[Diagnostic]:
    """Render every clause in every language it has with its example values."""
    renderer = renderer or ClauseRenderer()
    problems: list[Diagnostic] = []
    for clause in sorted(library.clauses.values(), key=lambda c: c.id):
        problems.extend(check_clause(clause, renderer))
    return problems


def check_clause(clause: Clause, renderer: ClauseRenderer) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    values = clause.example_values()
    for lang in clause.text:
        try:
            text = renderer.render(clause, lang, values)
        except CspDraftError as exc:
            problems.extend(exc.diagnostics)
            continue
        if not text.strip():
            problems.append(Diagnostic(Location(str(clause.path), clause.text_lines.get(lang, 0)),
                                       f"text ({lang}) renders empty with the example values"))
    return problems
