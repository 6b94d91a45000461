"""The rendering time one command may spend, over all its renders.

Each render had a time limit of its own, so a library of six clauses with runaway loops
made one `clauses list` take a minute and `clauses check` of three over two (issue 23,
item 6). Now every render of a command draws on one budget (:data:`limits.RENDER_SECONDS`
in all): once it is spent, later renders stop at once. The renders a command makes on the
side (the example texts stored while indexing the library) draw on a budget of their own,
so that indexing a large library never leaves the command itself without time.

A module of its own, without Jinja, so that the command line can start each command's
budget cheaply.
"""

from __future__ import annotations

MAIN = "main"
SIDE = "side"  # example renderings made while indexing: skipped once their time is spent
_spent: dict[str, float] = {}
_active = False


def start_command() -> None:
    """A command starts, with the whole budget. Outside a command (the core used as a
    library) each render has its own time limit, as before."""
    global _active
    _spent.clear()
    _active = True


def end_command() -> None:
    global _active
    _spent.clear()
    _active = False


def spent(pool: str = MAIN) -> float:
    return _spent.get(pool, 0.0) if _active else 0.0


def spend(seconds: float, pool: str = MAIN) -> None:
    if _active:
        _spent[pool] = _spent.get(pool, 0.0) + max(seconds, 0.0)
