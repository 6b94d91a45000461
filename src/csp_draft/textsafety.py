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
# The one rule for characters no document may hold, written as character-class ranges:
# C0 controls but tab, newline and carriage return; then lone surrogates and the two
# non-characters U+FFFE and U+FFFF, which XML 1.0 (and so DOCX) cannot hold either.
C0_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f"
_NOT_CHARACTERS = "\ud800-\udfff\ufffe\uffff"
XML_INVALID = re.compile(f"[{C0_CONTROLS}{_NOT_CHARACTERS}]")
# What a YAML file may not hold: the above, plus DEL and the C1 controls but NEL (which
# pyyaml's reader refuses without a line), plus a byte order mark after the start (pyyaml
# reads it, ruamel does not, so such a draft could be exported but not edited). Written as
# the characters refused rather than those allowed: the same code points, and it compiles
# ten times faster (1 ms instead of 12 ms, paid by every command that reads YAML).
YAML_UNREADABLE = re.compile(f"[{C0_CONTROLS}\x7f-\x84\x86-\x9f{_NOT_CHARACTERS}\ufeff]")


def strip_control(text: str) -> str:
    """``text`` without escape sequences, control characters and bidirectional overrides
    (newlines and tabs stay)."""
    return _BIDI.sub("", _CONTROL.sub("", _ANSI.sub("", text)))
