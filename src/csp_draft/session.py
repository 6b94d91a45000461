"""What one command works with: the workspace, the clause library and the renderer.

Loaded lazily, so that a command that needs only the workspace never reads the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from csp_draft.clause_render import ClauseRenderer
from csp_draft.library import Library, library_sources, load_library
from csp_draft.workspace import Workspace, load_workspace


class Session:
    """The workspace found from ``start``, plus any ``--library`` folders."""

    def __init__(self, *, start: Path | None = None, library_dirs: Sequence[Path] = ()) -> None:
        self.start = start
        self.library_dirs = tuple(library_dirs)

    @cached_property
    def workspace(self) -> Workspace:
        return load_workspace(self.start)

    @cached_property
    def library(self) -> Library:
        sources = library_sources(self.workspace, self.library_dirs)
        return load_library(sources, languages=self.workspace.known_languages)

    @cached_property
    def renderer(self) -> ClauseRenderer:
        return ClauseRenderer()
