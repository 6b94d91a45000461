"""Adding an item splices its lines in, without ruamel's round trip (issue 23, item 11); the
other edits of items and signatures are in test_window_edits.py.

An edit of a 10,000-item draft took some 20 s of CPU in ruamel's load and two dumps. Adding
an item to a section's list now writes the item's own lines at the place the located reader
gives, and keeps the result only when reading it back gives exactly the old data with the
item added; otherwise the ruamel path runs as before. Either way every line of the file
stays as it was (comments, line ends, BOM), and the lock and the atomic write are the same.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from csp_draft.yamlio.located import load_yaml
from tests.drafts.conftest import Cli
from tests.drafts.test_file_safety import HAND_WRITTEN


def _added_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or drops any line."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


def _items(path: Path, section: str) -> list[object]:
    data = load_yaml(path.read_text(encoding="utf-8-sig"), str(path)).to_python()
    return data["sections"][section]["items"]


@pytest.mark.parametrize(("where", "index"), [((), 4), (("--at", "1"), 1),
                                              (("--at", "3"), 3)])
def test_adding_a_clause_splices_it_in(ws: Path, cli: Cli, ruamel_loads: list[str],
                                       where: tuple[str, ...], index: int) -> None:
    draft = ws / "drafts" / "hand.yaml"
    draft.write_text(HAND_WRITTEN, encoding="utf-8")
    before = _items(draft, "recommendations")
    result = cli("add-clause", str(draft), "fx-goal", "--section", "recommendations", *where)
    assert result.code == 0, result.err
    assert result.err == f"added fx-goal as recommendations.{index}\n"
    assert ruamel_loads == []  # the splice was proved right: no round trip
    assert _added_lines(HAND_WRITTEN, draft.read_text(encoding="utf-8")) == [
        "      - clause: fx-goal\n"]
    expected = list(before)
    expected.insert(index - 1, {"clause": "fx-goal"})
    assert _items(draft, "recommendations") == expected


def test_values_and_line_ends_and_bom_are_kept(ws: Path, cli: Cli,
                                               ruamel_loads: list[str]) -> None:
    draft = ws / "drafts" / "crlf.yaml"
    original = b"\xef\xbb\xbf" + HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8")
    draft.write_bytes(original)
    result = cli("add-clause", str(draft), "fx-situation", "--section", "preamble",
                 "--set", "country='Belarus: the north'")
    assert result.code == 0, result.err
    after = draft.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    added = _added_lines(original.decode("utf-8"), after.decode("utf-8"))
    assert "".join(added).replace("\r\n", "\n") == (
        "      - clause: fx-situation\n"
        "        values:\n"
        "          country: 'Belarus: the north'\n")
    assert _items(draft, "preamble")[-1] == {"clause": "fx-situation",
                                             "values": {"country": "Belarus: the north"}}
    assert ruamel_loads == []


@pytest.mark.parametrize("layout", [
    # a flow list: no line to splice at
    "sections:\n  recommendations:\n    items: [{clause: fx-free-media}]\n",
    # an empty list
    "sections:\n  recommendations:\n    items: []\n",
    # the last item ends in a block scalar that keeps its trailing blank lines
    "sections:\n  recommendations:\n    items:\n    - text: |+\n        Kept.\n\n\n"
    "signatories: []\n",
])
def test_what_a_splice_cannot_prove_is_done_another_way(ws: Path, cli: Cli, layout: str,
                                                      ruamel_loads: list[str]) -> None:
    head = "kind: resolution\ntitle: T\ndate: 2017-07-04\nlanguages: [en]\n"
    draft = ws / "drafts" / "odd.yaml"
    draft.write_text(head + layout, encoding="utf-8")
    before = _items(draft, "recommendations")
    result = cli("add-clause", str(draft), "fx-goal", "--section", "recommendations")
    assert result.code == 0, result.err
    assert _items(draft, "recommendations") == [*before, {"clause": "fx-goal"}]
    if "Kept." in layout:
        assert _items(draft, "recommendations")[0] == {"text": "Kept.\n\n\n"}
        assert ruamel_loads == [str(draft)]
    else:  # a short list the splice cannot take is edited in the draft's skeleton
        assert ruamel_loads == []
