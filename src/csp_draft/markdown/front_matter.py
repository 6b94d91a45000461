"""Read the YAML front matter of rendered Markdown, with PyYAML's safe loader.

A hand-written reader of the renderer's own simple shape once spared the PyYAML import;
a profile of the whole `export` command showed it saved nothing there (the draft is read
with PyYAML anyway, and the front matter takes well under a millisecond), so there is one
YAML reader again.
"""

from __future__ import annotations

import re
from typing import Any

from csp_draft.errors import CspDraftError

_SPACES = re.compile("[ \t\n\r\f\v\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """``text`` as one line of a front-matter value: runs of spaces and line breaks made
    one space; non-breaking spaces (Russian typography: «2011\u00a0г.») kept."""
    return _SPACES.sub(" ", text).strip(" ")


def load_front_matter(source: str) -> dict[str, Any]:
    """The front matter as a dict with text keys; :class:`CspDraftError` if it is not one."""
    import yaml

    from csp_draft.yamlio.located import check_depth

    check_depth(source, "front matter")  # pyyaml's C composer crashes on deep nesting
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(source, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CspDraftError(
            f"front matter is not valid YAML{where}: {problem}",
            hint="check the block between the --- lines at the top",
        ) from None
    except ValueError as exc:  # a date YAML recognises but cannot build, e.g. 2026-13-45
        raise CspDraftError(
            f"front matter holds a value that is not valid: {exc}",
            hint="write dates as YYYY-MM-DD, or quote the value",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CspDraftError(
            "front matter must be a mapping of keys to values",
            hint="write it as 'title: ...' lines between the --- lines",
        )
    return {str(key): value for key, value in data.items()}
