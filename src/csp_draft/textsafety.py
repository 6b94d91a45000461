"""Making untrusted text safe to show in a terminal, and telling which text a document
cannot hold."""

from __future__ import annotations

import re

# ANSI escape sequences first (so their parameters go too), then any other control code
# but newline and tab.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder what a terminal shows.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that XML 1.0 (and so DOCX) cannot hold: C0 controls but tab/newline/CR,
# lone surrogates and the two non-characters U+FFFE and U+FFFF.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_control(text: str) -> str:
    """``text`` without escape sequences, control characters and bidirectional overrides
    (newlines and tabs stay)."""
    return _BIDI.sub("", _CONTROL.sub("", _ANSI.sub("", text)))
