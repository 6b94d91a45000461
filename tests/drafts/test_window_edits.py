"""Edits of items and signatures read and write only the entries they touch (issue 23,
item 11): remove, move, set and sign change exactly their lines, with no ruamel round trip
of the whole file, and anything the window cannot prove still takes the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_draft.drafts.edit import DraftEdit, edit_draft
from tests.drafts.conftest import Cli
from tests.drafts.test_file_safety import HAND_WRITTEN
from tests.drafts.test_splice import _items


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines only ``before`` has, lines only ``after`` has), in order."""
    import difflib

    old, new = before.splitlines(), after.splitlines()
    gone: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            gone += old[i1:i2]
            added += new[j1:j2]
    return gone, added


@pytest.fixture
def hand(ws: Path) -> Path:
    path = ws / "drafts" / "hand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


# Each edit with the lines it takes out of HAND_WRITTEN and the lines it puts in.
EDITS = {
    "remove": (["remove", "{d}", "recommendations.2"],
               ["      - clause: fx-monitoring", "        values:",
                "          mechanism: 'moscow'   # the Moscow Mechanism"], []),
    "move": (["move", "{d}", "recommendations.1", "--to", "preamble"],
             ["      - clause: fx-free-media"], ["      - clause: fx-free-media"]),
    "set values": (["set", "{d}", "recommendations.2", "mechanism=vienna"],
                   ["          mechanism: 'moscow'   # the Moscow Mechanism"],
                   ["          mechanism: 'vienna' # the Moscow Mechanism"]),
    "set note": (["set", "{d}", "preamble.1", "--note", "Agreed in Vilnius."],
                 [], ["        footnote: Agreed in Vilnius."]),
    "sign": (["sign", "{d}", "--org", "Viasna", "--status", "pending"],
             ["    status: confirmed"], ["    status: pending"]),
    "title": (["info", "{d}", "--title", "Resolution of the Forum", "--lang", "en"],
              ['  en: "Resolution of the Civil Society Forum"'],
              ['  en: "Resolution of the Forum"']),
    "subtitle": (["info", "{d}", "--subtitle", "on the eve of the Ministerial Council"],
                 [], ["subtitle:", "  - on the eve of the Ministerial Council"]),
    "addressee": (["addressee", "{d}", "osce-chair", "--lang", "en", "--name",
                   "the OSCE Chair"],
                  [], ["addressees:", "  osce-chair:", "    en: the OSCE Chair"]),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_edit_changes_only_its_own_lines(hand: Path, cli: Cli, ruamel_loads: list[str],
                                              name: str) -> None:
    """Comments, spacing and quoting around the edited entry or field stay as written."""
    command, gone, added = EDITS[name]
    result = cli(*[part.format(d=hand) for part in command])
    assert result.code == 0, result.err
    assert _changed_lines(HAND_WRITTEN, hand.read_text(encoding="utf-8")) == (gone, added)
    assert ruamel_loads == []


def test_an_entry_sharing_an_anchor_takes_the_round_trip(ws: Path, cli: Cli,
                                                         ruamel_loads: list[str]) -> None:
    """An alias elsewhere reads the anchored entry: changing it alone could break the alias
    or leave it stale, so the whole file is edited and read back."""
    draft = ws / "drafts" / "anchored.yaml"
    draft.write_text("kind: resolution\ntitle: T\nlanguages: [en]\nsections:\n"
                     "  recommendations:\n    items:\n"
                     "    - &shared {clause: fx-monitoring, values: {mechanism: moscow}}\n"
                     "    - clause: fx-free-media\n"
                     "  situation:\n    items:\n    - *shared\n", encoding="utf-8")
    result = cli("remove", str(draft), "recommendations.2")
    assert result.code == 0, result.err
    assert ruamel_loads == [str(draft)]
    assert _items(draft, "recommendations") == [
        {"clause": "fx-monitoring", "values": {"mechanism": "moscow"}}]
    assert _items(draft, "situation") == _items(draft, "recommendations")


def test_an_item_and_the_title_change_without_a_round_trip(
        hand: Path, ruamel_loads: list[str]) -> None:
    """The title is read with the draft's other fields, without the sections; the item
    entry by entry: each writes only its own lines."""
    def change(edit: DraftEdit) -> None:
        edit.set_text("recommendations", 1, "Free them.", None)
        edit.set_field("title", "A new title", "en")

    edit_draft(hand, change)
    assert ruamel_loads == []
    assert _changed_lines(HAND_WRITTEN, hand.read_text(encoding="utf-8")) == (
        ['  en: "Resolution of the Civil Society Forum"'],
        ['  en: "A new title"', "        text: Free them."])


def test_an_item_and_a_new_section_change_without_a_round_trip(
        hand: Path, ruamel_loads: list[str]) -> None:
    """A section is added in the draft's skeleton, whose lists of items are set aside and
    put back in place; the item is changed entry by entry."""
    def change(edit: DraftEdit) -> None:
        edit.set_text("recommendations", 1, "Free them.", None)
        edit.add_section("follow-up", after="recommendations")
        edit.move_section("situation", before="preamble")

    edit_draft(hand, change)
    text = hand.read_text(encoding="utf-8")
    assert ruamel_loads == []
    assert "      - clause: fx-free-media\n        text: Free them.\n" in text
    assert "  follow-up:\n    items: []\n" in text
    assert text.index("  situation:") < text.index("  preamble:")
    assert text.count("\n# end of draft\n") == 1
    assert _items(hand, "situation")[1] == {"clause": "fx-situation", "values": {"country": "NO"}}


def test_what_the_skeleton_cannot_prove_is_done_again_whole(
        hand: Path, ruamel_loads: list[str]) -> None:
    """An anchor in the draft's own fields: the skeleton is not proved, so an edit that
    had begun entry by entry starts again on the whole file, and both changes land."""
    anchored = HAND_WRITTEN.replace("values: ~", "values: &shared {country: Belarus}")
    hand.write_text(anchored, encoding="utf-8")

    def change(edit: DraftEdit) -> None:
        edit.set_text("recommendations", 1, "Free them.", None)
        edit.add_section("follow-up", after="recommendations")

    edit_draft(hand, change)
    text = hand.read_text(encoding="utf-8")
    assert ruamel_loads == [str(hand)]
    assert "      - clause: fx-free-media\n        text: Free them.\n" in text
    assert "  follow-up:\n" in text
    assert "values: &shared {country: Belarus}\n" in text


def test_the_first_signature_is_added_without_a_round_trip(ws: Path, cli: Cli,
                                                           ruamel_loads: list[str]) -> None:
    draft = ws / "drafts" / "unsigned.yaml"
    text = HAND_WRITTEN[:HAND_WRITTEN.index("signatories:")] + "# end of draft\n"
    draft.write_text(text, encoding="utf-8")
    result = cli("sign", str(draft), "--org", "Viasna", "--country", "Belarus",
                 "--date", "2026-12-01")
    assert result.code == 0, result.err
    gone, added = _changed_lines(text, draft.read_text(encoding="utf-8"))
    assert gone == []
    assert added[:5] == ["signatories:", "  - organisation: Viasna", "    country: Belarus",
                         "    status: confirmed", "    date: 2026-12-01"]
    assert draft.read_text(encoding="utf-8").endswith("\n# end of draft\n")
    assert ruamel_loads == []


def _every_edit(edit: DraftEdit) -> None:
    """One of each kind of edit the window does, on whatever the draft holds."""
    import datetime as dt

    from ruamel.yaml.comments import CommentedMap

    keys = [section.key for section in edit.draft.sections if len(section.items) >= 2]
    if keys:
        first, last = keys[0], keys[-1]
        edit.set_text(first, 1, "Changed in one language.", "en")
        moved = edit.remove(first, 2)
        edit.insert(last, moved, 1)
        edit.insert(first, CommentedMap([("text", "A new paragraph.")]))
    edit.set_field("title", "Another title", "en")
    edit.sign("Civic Solidarity", country="Norway", date=dt.date(2026, 12, 1))
    sections = edit.section_keys()
    edit.add_section("follow-up", after=sections[0])
    edit.insert("follow-up", CommentedMap([("text", "To be reviewed in a year.")]))
    edit.set_section_field(sections[-1], "heading", "Last", "en")
    if len(sections) >= 2:
        edit.move_section(sections[-1], before=sections[0])
    if len(sections) >= 3:
        edit.remove_section(sections[1], force=True)


@pytest.mark.parametrize("name", ["hand", *sorted(__import__(
    "csp_draft.drafts.examples", fromlist=["example_files"]).example_files())])
def test_the_window_writes_what_the_whole_file_round_trip_writes(tmp_path: Path,
                                                                 name: str) -> None:
    """For the packaged examples and a hand-written draft, the same edits give the same
    data whether made entry by entry or through ruamel's round trip of the whole file."""
    from csp_draft.drafts.examples import example_files
    from csp_draft.yamlio.located import load_yaml

    source = HAND_WRITTEN.encode() if name == "hand" else example_files()[name].read_bytes()
    path = tmp_path / "draft.yaml"
    results = []
    for windowed in (True, False):
        edit = DraftEdit(path, source, windowed=windowed)
        _every_edit(edit)
        data = edit.result().data
        assert data is not None
        results.append(load_yaml(data.decode("utf-8-sig"), str(path)).to_python())
    assert repr(results[0]) == repr(results[1])


def test_a_comment_left_of_the_dashes_inside_a_list_is_kept(ws: Path, cli: Cli,
                                                            ruamel_loads: list[str]) -> None:
    """A comment between two entries may stand left of their dashes (ruamel moves them
    so); it reads the same there, and an entry edit keeps it."""
    draft = ws / "drafts" / "comments.yaml"
    text = ("kind: resolution\ntitle: T\nlanguages: [en]\nsections:\n"
            "  recommendations:\n    items:\n"
            "      - clause: fx-free-media\n"
            "  # Before the situation.\n"
            "      - clause: fx-goal\n")
    draft.write_text(text, encoding="utf-8")
    result = cli("set", str(draft), "recommendations.1", "--note", "Agreed.")
    assert result.code == 0, result.err
    assert _changed_lines(text, draft.read_text(encoding="utf-8")) == (
        [], ["        footnote: Agreed."])
    assert ruamel_loads == []
