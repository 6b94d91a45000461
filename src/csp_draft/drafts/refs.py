"""References to the items of a draft: ``recommendations.3``, a sub-item
``recommendations.9.3`` (the third of item 9's sub-list, as `show` numbers it), or a clause
id used once.

A REF comes from the command line, so it is checked against a strict pattern before it is
used for anything: ``../``, slashes, spaces and other odd characters are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from csp_draft.errors import UsageError
from csp_draft.library.schema import SLUG, SLUG_MAX

_POSITION = re.compile(r"^(?P<section>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<index>[0-9]{1,6})"
                       r"(?:\.(?P<sub>[0-9]{1,6}))?$")
REF_HINT = ("give a position such as recommendations.3 (a sub-item: recommendations.9.3), or "
            "the id of a clause used once")


@dataclass(frozen=True)
class Ref:
    """A parsed REF: a position (``section``, 1-based ``index`` and, for a sub-item, its
    1-based ``sub`` in the item's sub-list) or a ``clause_id``."""

    text: str
    section: str | None = None
    index: int | None = None
    clause_id: str | None = None
    sub: int | None = None


def parse_ref(text: str) -> Ref:
    """Parse a REF, refusing anything that is not a position or a clause id."""
    match = _POSITION.match(text)
    if match is not None:
        index = int(match.group("index"))
        sub = int(match.group("sub")) if match.group("sub") is not None else None
        if index < 1 or sub == 0:
            raise UsageError(f"'{text}': items are numbered from 1", hint=REF_HINT)
        return Ref(text, section=match.group("section"), index=index, sub=sub)
    if SLUG.match(text) and len(text) <= SLUG_MAX:
        return Ref(text, clause_id=text)
    raise UsageError(f"'{_shown(text)}' is not an item reference", hint=REF_HINT)


def check_clause_id(text: str) -> str:
    """A clause id from the command line, or a usage error for anything else."""
    if SLUG.match(text) and len(text) <= SLUG_MAX:
        return text
    raise UsageError(f"'{_shown(text)}' is not a clause id",
                     hint="clause ids are lowercase letters, digits and hyphens, "
                     "e.g. release-defenders")


def check_section_name(text: str) -> str:
    """A section name from the command line (a slug)."""
    if SLUG.match(text) and len(text) <= SLUG_MAX:
        return text
    raise UsageError(f"'{_shown(text)}' is not a section name",
                     hint="section names are lowercase letters, digits and hyphens")


def _shown(text: str) -> str:
    """The text for an error message: short, one line."""
    flat = text.replace("\n", " ")
    return flat if len(flat) <= 60 else flat[:57] + "..."
