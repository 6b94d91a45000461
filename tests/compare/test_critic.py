"""The CriticMarkup redline: what it marks, how, and that it reads back exactly."""

from __future__ import annotations

import pytest

from csp_draft.compare.align import compare_markdown
from csp_draft.compare.critic import accept, critic_markdown, reject
from csp_draft.markdown.parse import markdown_parser

HEAD = "---\ntitle: Resolution\nlang: en\n---\n\n"


def redline(old: str, new: str) -> str:
    text = critic_markdown(compare_markdown(HEAD + old, HEAD + new))
    assert accept(text) == HEAD + new
    assert reject(text) == HEAD + old
    return text.removeprefix(HEAD)


def recommendations(*items: str, start: int = 1) -> str:
    return "# Recommendations\n\n" + "\n\n".join(
        f"{number}. {text}" for number, text in enumerate(items, start)) + "\n"


def test_identical_texts_give_the_text_back_unmarked() -> None:
    text = recommendations("Free the defenders.[^1]", "Repeal the law.") + "\n[^1]: ICCPR.\n"
    result = compare_markdown(HEAD + text, HEAD + text)
    assert not result.changed
    assert critic_markdown(result) == HEAD + text


def test_changed_words_are_marked_inside_the_paragraph() -> None:
    old = "The authorities detained several hundred people in March.\n"
    new = "The authorities detained more than a thousand people in March.\n"
    assert redline(old, new) == (
        "The authorities detained {~~several hundred~>more than a thousand~~} people in "
        "March.\n")


def test_added_and_removed_words() -> None:
    assert redline("Free the defenders now.\n", "Free all the defenders.\n") == (
        "Free {++all ++}the defenders{-- now--}.\n")


def test_an_added_clause_is_one_marked_item_and_later_items_keep_their_new_numbers() -> None:
    old = recommendations("Free the defenders.", "Repeal the law.", "Admit observers.")
    new = recommendations("Free the defenders.", "Stop the blocking of websites.",
                          "Repeal the law.", "Admit observers.")
    text = redline(old, new)
    # The old numbers of the renumbered items (lines 12 and 14) in a comment no one sees.
    assert text == recommendations(
        "Free the defenders.", "{++Stop the blocking of websites.++}", "Repeal the law.",
        "Admit observers.") + '\n[//]: # "csp-draft old numbers: 12=2 14=3"\n'
    # One list of four items: the marks stay inside the items; the comment renders as nothing.
    tokens = markdown_parser().parse(text)
    assert [t.type for t in tokens].count("ordered_list_open") == 1
    assert [t.type for t in tokens].count("list_item_open") == 4
    assert "csp-draft" not in "".join(t.content for t in tokens)
    assert reject(HEAD + text) == HEAD + old


def test_a_removed_clause_is_one_marked_item_and_leaves_no_gap() -> None:
    old = recommendations("Free the defenders.", "Repeal the law.", "Admit observers.")
    new = recommendations("Free the defenders.", "Admit observers.")
    text = redline(old, new)
    assert "2. {--Repeal the law.--}\n\n2. Admit observers." in text
    assert "\n\n\n" not in accept(HEAD + text)


def test_a_changed_list_start_is_marked_because_markdown_shows_it() -> None:
    old = recommendations("Free the defenders.", "Repeal the law.", start=4)
    new = recommendations("Free the defenders.", "Repeal the law.", start=5)
    text = redline(old, new)
    assert "{~~4~>5~~}. Free the defenders." in text
    assert reject(HEAD + text) == HEAD + old


def test_a_tight_bullet_removed_from_a_list() -> None:
    old = "Demands:\n\n- Release prisoners\n- Register organisations\n- Stop blocking\n"
    new = "Demands:\n\n- Release prisoners\n- Stop blocking\n"
    assert redline(old, new) == (
        "Demands:\n\n- Release prisoners\n- {--Register organisations--}\n- Stop blocking\n")


def test_a_paragraph_replaced_by_another_is_deleted_and_inserted_apart() -> None:
    old = "# Situation\n\nThe weather was fine.\n\n# Calls\n"
    new = "# Situation\n\nElections were rigged everywhere.\n\n# Calls\n"
    assert redline(old, new) == (
        "# Situation\n\n{--The weather was fine.--}\n\n{++Elections were rigged "
        "everywhere.++}\n\n# Calls\n")


def test_a_heading_that_changed_keeps_its_hashes_outside_the_marks() -> None:
    assert redline("# The situation in Belarus\n", "# The situation in Russia\n") == (
        "# The situation in {~~Belarus~>Russia~~}\n")


def test_unchanged_footnotes_after_an_added_note_are_not_marked() -> None:
    old = ("1. Free the defenders.[^1]\n\n2. Repeal the law.[^2]\n\n"
           "[^1]: ICCPR, art. 9.\n\n[^2]: ICCPR, art. 22.\n")
    new = ("1. Free the defenders.[^1]\n\n2. Stop the blocking.[^2]\n\n3. Repeal the law.[^3]"
           "\n\n[^1]: ICCPR, art. 9.\n\n[^2]: ICCPR, art. 19.\n\n[^3]: ICCPR, art. 22.\n")
    text = redline(old, new)
    assert text == (
        "1. Free the defenders.[^1]\n\n2. {++Stop the blocking.[^2]++}\n\n"
        "3. Repeal the law.[^2→3]\n\n[^1]: ICCPR, art. 9.\n\n[^2]: {++ICCPR, art. 19.++}\n\n"
        '[^2→3]: ICCPR, art. 22.\n\n[//]: # "csp-draft old numbers: 10=2"\n')
    assert reject(HEAD + text) == HEAD + old


def test_a_footnote_whose_text_changed_is_marked_in_its_definition_only() -> None:
    old = "Free the defenders.[^1]\n\n[^1]: ICCPR, art. 9.\n"
    new = "Free the defenders.[^1]\n\n[^1]: ICCPR, arts. 9 and 14.\n"
    assert redline(old, new) == (
        "Free the defenders.[^1]\n\n[^1]: ICCPR, {~~art~>arts~~}. 9{++ and 14++}.\n")


def test_a_footnote_reference_added_to_a_kept_paragraph() -> None:
    old = "Free the defenders.\n"
    new = "Free the defenders.[^1]\n\n[^1]: ICCPR, art. 9.\n"
    assert redline(old, new) == (
        "Free the defenders.{++[^1]++}\n\n[^1]: {++ICCPR, art. 9.++}\n")


def test_front_matter_changes_are_marked_in_their_lines() -> None:
    text = critic_markdown(compare_markdown(
        "---\ntitle: Resolution of the Forum\nlang: en\n---\n\nText.\n",
        "---\ntitle: Resolution of the Conference\nlang: en\n---\n\nText.\n"))
    assert text == "---\ntitle: Resolution of the {~~Forum~>Conference~~}\nlang: en\n---\n\nText.\n"


def test_multi_line_paragraphs_keep_their_indentation_outside_the_marks() -> None:
    old = "1. Free the defenders\n   held in prisons.\n"
    new = "1. Free the defenders\n   held in camps.\n"
    assert redline(old, new) == "1. Free the defenders\n   held in {~~prisons~>camps~~}.\n"


@pytest.mark.parametrize(("text", "accepted", "rejected"), [
    ("a {++b ++}c", "a b c", "a c"),
    ("a {--b --}c", "a c", "a b c"),
    ("a {~~b~>c~~} d", "a c d", "a b d"),
    ("a {==b==}{>>note<<} c", "a b c", "a b c"),
    ("x\n\n{--gone--}\n\ny", "x\n\ny", "x\n\ngone\n\ny"),
    ("x\n\n{++new++}\n\ny", "x\n\nnew\n\ny", "x\n\ny"),
    ("- a\n- {--b--}\n- c", "- a\n- c", "- a\n- b\n- c"),
    ("1. {--old--}\n\n   {--more--}\n\n2. kept", "2. kept", "1. old\n\n   more\n\n2. kept"),
    ("Text.[^1→2]\n\n[^1→2]: Note.", "Text.[^2]\n\n[^2]: Note.", "Text.[^1]\n\n[^1]: Note."),
    ('1. a\n2. {++b++}\n3. c\n\n[//]: # "csp-draft old numbers: 3=2"\n', "1. a\n2. b\n3. c\n",
     "1. a\n2. c\n"),
])
def test_accept_and_reject(text: str, accepted: str, rejected: str) -> None:
    assert accept(text) == accepted
    assert reject(text) == rejected
