"""Progress of long operations, reported without tying the core to a terminal library.

The core calls ``progress(label, done, total)`` now and then while it indexes, checks or
exports; the command line decides whether and how to show it (a rich bar on a terminal,
nothing otherwise). The core never imports rich.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def every(progress: Progress | None, label: str, total: int, step: int = 50
          ) -> Callable[[int], None]:
    """A cheap ``tick(done)`` that forwards to ``progress`` every ``step`` items and at the end."""
    if progress is None:
        return _ignore

    def tick(done: int) -> None:
        if done % step == 0 or done == total:
            progress(label, done, total)

    return tick


def _ignore(done: int) -> None:
    return None
