"""Three-way merge of a local clause override with an upstream update."""

from __future__ import annotations

from pathlib import Path

from csp_draft.library.merge import merge_data, merge_words, write_merged

BASE = {"id": "c", "topics": ["a"], "version": "1",
        "text": {"en": "Release every defender at once.", "ru": "Освободить всех сразу."}}


def test_fields_only_one_side_changed_take_that_side() -> None:
    ours = {**BASE, "topics": ["a", "local"]}
    theirs = {**BASE, "version": "2", "text": {**BASE["text"], "ru": "Освободить всех."}}
    merged = merge_data(BASE, ours, theirs)
    assert merged.conflicts == []
    assert merged.data == {"id": "c", "topics": ["a", "local"], "version": "2",
                           "text": {"en": "Release every defender at once.",
                                    "ru": "Освободить всех."}}
    assert merged.taken == ["version", "text"]


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    same = {**BASE, "version": "2"}
    assert merge_data(BASE, same, dict(same)).conflicts == []


def test_a_list_both_sides_changed_differently_is_a_conflict_keeping_ours() -> None:
    merged = merge_data(BASE, {**BASE, "topics": ["x"]}, {**BASE, "topics": ["y"]})
    assert merged.conflicts == ["topics"]
    assert merged.data["topics"] == ["x"]


def test_words_apart_merge_and_words_together_conflict() -> None:
    assert merge_words("a b c d e f", "a X c d e f", "a b c d Y f") == ("a X c d Y f", 0)
    assert merge_words("one two", "one two three", "zero one two") == ("zero one two three", 0)
    text, conflicts = merge_words("keep the old word here", "keep the new word here",
                                  "keep the other word here")
    assert (text, conflicts) == (
        "keep the <<<<<<< ours: new ======= theirs: other >>>>>>> word here", 1)


def test_a_list_conflict_is_named_under_unresolved_and_comments_stay(tmp_path: Path,
                                                                     cli) -> None:
    path = tmp_path / "lib" / "c.yaml"
    path.parent.mkdir()
    path.write_text("# local version\nid: c\ntitle: {en: C}\nkind: recommendation\n"
                    "topics: [x]  # ours\naddressees: [participating-states]\n"
                    "text:\n  en: Release every defender at once.\n"
                    'version: "1"\nupdated: 2026-11-30\n', encoding="utf-8")
    ours = {"id": "c", "title": {"en": "C"}, "kind": "recommendation", "topics": ["x"],
            "addressees": ["participating-states"],
            "text": {"en": "Release every defender at once."}, "version": "1",
            "updated": "2026-11-30"}
    base = {**ours, "topics": ["a"]}
    theirs = {**ours, "topics": ["y"], "version": "2"}
    write_merged(path, merge_data(base, ours, theirs))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# local version\n")
    assert 'version: "2"' in text and "unresolved:\n  - topics\n" in text
    checked = cli("clauses", "check", "-L", path.parent)
    assert checked.code == 1
    assert ("error: the update of a shared library left conflicts in fields 'topics': "
            "decide each, then delete the 'unresolved:' line") in checked.err
