"""Where the packaged clause library, templates and examples live.

In a wheel they are package data under ``csp_draft/_data``; in a source checkout they are
the top-level ``clauses/``, ``templates/``, ``examples/`` and ``docs/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def packaged(folder: str) -> Path:
    """The packaged folder ``clauses``, ``people``, ``templates``, ``examples`` or ``docs``."""
    installed = _PACKAGE / "_data" / folder
    if installed.is_dir():
        return installed
    return _CHECKOUT / folder
