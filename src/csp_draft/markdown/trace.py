"""Item identity carried through the Markdown to the DOCX writer, invisibly.

When a DOCX is exported, the renderer puts a marker before each item's text: a name
between two private-use characters (U+E000, U+E001), which no clause text or value holds.
The DOCX writer turns each marker into a bookmark around the item's first paragraph and
drops it; every other format gets the text without markers (:func:`strip_markers`), so
the Markdown and HTML users see never change. The bookmark name carries the section, the
item's position and a short hash of its rendered text, which is how a returned Word file
is mapped back to the draft (:mod:`csp_draft.feedback`).

Text the renderer puts between items and that belongs to none of them (an addressee's
heading such as "To the OSCE Permanent Council:") carries a marker too, named by
:func:`between_name`: it becomes a hidden bookmark (a name that starts with an underscore,
as Word's own hidden bookmarks do), which tells the reader that the item before it ends
there.
"""

from __future__ import annotations

import hashlib
import re

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
MARKER = re.compile("\ue000([A-Za-z0-9_]{1,40})\ue001")
BOOKMARK_PREFIX = "csp_"
BOOKMARK = re.compile(r"csp_(?P<section>[A-Za-z0-9_]*?)_(?P<index>\d+)_(?P<hash>[0-9a-f]{6})\Z")
NAME_LIMIT = 40  # Word keeps at most 40 characters of a bookmark name
# Custom document properties of a traceable export.
PROPERTY_DRAFT = "csp-draft draft"
PROPERTY_VERSION = "csp-draft version"
PROPERTY_LANG = "csp-draft lang"


def text_hash(text: str) -> str:
    """Six hex digits of the item's rendered text (whitespace runs count as one space)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:6]


def bookmark_name(section: str, index: int, text: str) -> str:
    """``csp_<section>_<index>_<hash>``: letters, digits and underscores, at most 40."""
    tail = f"_{index}_{text_hash(text)}"
    room = NAME_LIMIT - len(BOOKMARK_PREFIX) - len(tail)
    key = re.sub(r"[^A-Za-z0-9]", "_", section)[:room]
    return BOOKMARK_PREFIX + key + tail


BETWEEN_PREFIX = "_csp_between_"


def between_name(index: int) -> str:
    """``_csp_between_<n>``: the hidden bookmark of the n-th text between items."""
    return f"{BETWEEN_PREFIX}{index}"


def marker(name: str) -> str:
    return MARK_OPEN + name + MARK_CLOSE


def strip_markers(text: str) -> str:
    """The text without item markers (unchanged, and fast, when it has none)."""
    return MARKER.sub("", text) if MARK_OPEN in text else text


def version_of(markdown_text: str) -> str:
    """The rendered version named in a traceable export: a hash of the plain Markdown."""
    return hashlib.sha256(strip_markers(markdown_text).encode("utf-8")).hexdigest()[:12]
