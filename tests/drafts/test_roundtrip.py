"""The round-trip merge: only the lines an edit touches change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from csp_draft.yamlio.roundtrip import (
    TextFile,
    dump_roundtrip,
    guess_indent,
    load_roundtrip,
    make_yaml,
    merge_edit,
    same_data,
)


def edit(text: str, change: Callable[[Any], None], raw: bytes | None = None) -> str:
    """Apply ``change`` to the YAML ``text`` the way the draft editor does."""
    file = TextFile.decode(raw if raw is not None else text.encode(), "t.yaml")
    rt = make_yaml(file.text)
    data = load_roundtrip(rt, file.text, "t.yaml")
    base = dump_roundtrip(rt, data)
    change(data)
    return merge_edit(file, base, dump_roundtrip(rt, data), "t.yaml")


@pytest.mark.parametrize(("text", "expected"), [
    ("a:\n  b:\n    - x\n", (2, 2)),
    ("a:\n  b:\n  - x\n", (2, 0)),
    ("a:\n    b:\n        - x\n", (4, 4)),
    ("a: 1\n", (2, 2)),
    ("# a:\n#   - x\nb:\n- y\n", (2, 0)),
])
def test_guess_indent(text: str, expected: tuple[int, int]) -> None:
    assert guess_indent(text) == expected


def test_untouched_lines_stay_byte_for_byte() -> None:
    text = ("a:   1    # spaced\nb: ~\nc: 'quoted'\nd: {x: 1,   y: 2}\nitems:\n  - one\n"
            "  - two\n")
    result = edit(text, lambda d: d["items"].append("three"))
    assert result == text + "  - three\n"


def test_changed_line_takes_the_new_value() -> None:
    text = "a: ~\nb:    old   # note\nc: NO\n"
    # the comment keeps its column; the line above keeps its '~'
    assert edit(text, lambda d: d.__setitem__("b", "new")) == "a: ~\nb: new      # note\nc: NO\n"


def test_comment_after_removed_item_stays() -> None:
    text = "s:\n  items:\n    - a\n    - b\n    # about what follows\nt: 1\n"
    result = edit(text, lambda d: d["s"]["items"].pop(1))
    assert result == "s:\n  items:\n    - a\n    # about what follows\nt: 1\n"


def test_literal_block_lines_that_look_like_comments_go_with_their_item() -> None:
    text = "items:\n  - text: |\n      # Heading\n      para\n  - other\n# end\n"
    result = edit(text, lambda d: d["items"].pop(0))
    assert result == "items:\n  - other\n# end\n"


def test_insertion_goes_before_the_comments_of_what_follows() -> None:
    text = "items:\n  - a\n  # about b\n  - b\n"
    result = edit(text, lambda d: d["items"].insert(1, "new"))
    assert result == "items:\n  - a\n  - new\n  # about b\n  - b\n"


def test_layout_ruamel_cannot_follow_falls_back_to_a_full_dump() -> None:
    text = "a:\n  - x\nb:\n    c:\n        - y\n"  # two indentation styles in one file
    result = edit(text, lambda d: d["b"]["c"].append("z"))
    assert same_data(result, "a: [x]\nb: {c: [y, z]}\n", "t.yaml")


def test_missing_final_newline_stays_missing() -> None:
    text = "items:\n  - a\nb: 1"
    assert edit(text, lambda d: d["items"].append("c")) == "items:\n  - a\n  - c\nb: 1"


def test_bom_and_crlf() -> None:
    raw = b"\xef\xbb\xbfitems:\r\n  - a\r\n"
    file = TextFile.decode(raw, "t.yaml")
    assert (file.text, file.bom, file.newline) == ("items:\n  - a\n", True, "\r\n")
    result = edit("", lambda d: d["items"].append("b"), raw)
    assert result == "items:\r\n  - a\r\n  - b\r\n"
    assert file.encode(result) == b"\xef\xbb\xbfitems:\r\n  - a\r\n  - b\r\n"


def test_bad_dates_are_text_to_the_editor() -> None:
    text = "a: 2017-02-30\nb: 2017-07-04\n"
    result = edit(text, lambda d: d.__setitem__("c", "2024-01-02"))
    assert result == text + "c: 2024-01-02\n"
