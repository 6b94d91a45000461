"""Making untrusted text safe to show in a terminal."""

from __future__ import annotations

import re

# ANSI escape sequences first (so their parameters go too), then any other control code
# but newline and tab.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """``text`` without escape sequences and control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", _ANSI.sub("", text))
