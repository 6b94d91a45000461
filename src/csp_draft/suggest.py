""""Did you mean ..." hints for mistyped ids, fields and names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates most like ``word``, best first (none when nothing is close)."""
    pool = list(dict.fromkeys(candidates))
    matches = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if not matches:
        lowered = word.lower()
        matches = [c for c in pool if lowered and (lowered in c or c in lowered)][:limit]
    return matches


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint such as "did you mean 'libel'?", or "" when nothing is close."""
    matches = closest(word, candidates)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
