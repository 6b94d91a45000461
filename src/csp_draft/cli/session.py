"""What one command works with: the workspace, the clause library and the renderer.

Loaded lazily, so that a command that needs only the workspace never reads the library,
and one that never renders never imports Jinja.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from csp_draft.library.load import Library, library_sources, load_library
from csp_draft.progress import Progress
from csp_draft.workspace import Workspace, load_workspace

if TYPE_CHECKING:
    from csp_draft.library.clause_render import ClauseRenderer

# Set to any value to read every clause file on each command, without the derived index.
NO_CACHE_ENV = "CSP_DRAFT_NO_CACHE"


class Session:
    """The workspace found from ``start``, plus any ``--library`` folders."""

    def __init__(self, *, start: Path | None = None, library_dirs: Sequence[Path] = (),
                 progress: Progress | None = None, use_cache: bool | None = None,
                 strict: bool = False) -> None:
        self.start = start
        self.strict = strict  # broken clause files: an error (clauses check) or a warning
        self.library_dirs = tuple(library_dirs)
        self.progress = progress
        self.use_cache = (not os.environ.get(NO_CACHE_ENV)) if use_cache is None else use_cache

    @cached_property
    def workspace(self) -> Workspace:
        return load_workspace(self.start)

    @cached_property
    def cache_dir(self) -> Path | None:
        """Where the library index lives: the workspace's cache folder, else the user's."""
        if not self.use_cache:
            return None
        if self.workspace.cache_dir is not None:
            return self.workspace.cache_dir
        from csp_draft.library.index.cache import user_cache_dir

        return user_cache_dir()

    @cached_property
    def library(self) -> Library:
        from csp_draft.library.people import people_sources

        sources = library_sources(self.workspace, self.library_dirs)
        library = load_library(sources, languages=self.workspace.known_languages,
                               cache=self.cache_dir, progress=self.progress,
                               strict=self.strict)
        library.people_sources = people_sources(self.workspace, self.library_dirs)
        return library

    @cached_property
    def renderer(self) -> ClauseRenderer:
        from csp_draft.library.clause_render import ClauseRenderer

        renderer = ClauseRenderer()
        self.library.watch(renderer)
        return renderer
