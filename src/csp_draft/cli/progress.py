"""Progress bars for long operations: a rich bar on standard error, on a terminal only.

The core reports ``progress(label, done, total)`` (see :mod:`csp_draft.progress`); the bar
appears once an operation has run for half a second and is not nearly done, so quick
commands never flash one and never import rich for it. Output that is not a terminal (a
pipe, a file, CI logs) gets nothing.
"""

from __future__ import annotations

import atexit
import sys
import time
from typing import Any

from csp_draft.progress import Progress

SHOW_AFTER_S = 0.5


def terminal_progress() -> Progress | None:
    """A progress callback drawing on standard error, or None when it is not a terminal."""
    try:
        interactive = sys.stderr.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return _Bar() if interactive else None


class _Bar:
    """One bar at a time; a new label starts a new bar."""

    def __init__(self) -> None:
        self._label = ""
        self._since = 0.0
        self._live: Any = None
        self._task: Any = None

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self._label:
            self.close()
            self._label, self._since = label, time.monotonic()
        if self._live is None:
            if done >= total or time.monotonic() - self._since < SHOW_AFTER_S:
                return
            self._start(label, total)
        self._live.update(self._task, completed=done)
        if done >= total:
            self.close()

    def _start(self, label: str, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        from csp_draft.textsafety import strip_control

        self._live = Progress("{task.description}", BarColumn(), MofNCompleteColumn(),
                              TimeRemainingColumn(), console=Console(stderr=True),
                              transient=True)
        self._task = self._live.add_task(strip_control(label), total=total)
        self._live.start()
        atexit.register(self.close)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None


def counting(progress: Progress | None, label: str, total: int) -> Any:
    """A callback for the core's per-item hooks (one call per item done), or None."""
    if progress is None:
        return None
    done = 0

    def tick(_item: object) -> None:
        nonlocal done
        done += 1
        progress(label, done, total)

    progress(label, 0, total)
    return tick
