"""Sub-items named by position (``recommendations.2.1``, as `show` numbers them) in `set`,
`move`, `remove` and `translations confirm`, and in the hints that suggest those commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft
from tests.drafts.conftest import Cli


@pytest.fixture
def with_subs(resolution: Path, cli: Cli) -> Path:
    """Recommendation 2 (fx-monitoring, to ODIHR) with two sub-items: a clause, a text."""
    for args in (["add-clause", resolution, "fx-free-media"],
                 ["add-clause", resolution, "fx-monitoring", "--addressee", "odihr"],
                 ["add-clause", resolution, "fx-release", "--under", "recommendations.2",
                  "--set", "defenders=[{name: {en: Ales Bialiatsky, ru: Алесь Беляцкий}, "
                  "country: {en: Belarus, ru: Беларусь}}]"],
                 ["add-text", resolution, "--under", "recommendations.2", "--lang", "en",
                  "Publish what you find."]):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    return resolution


def subs_of(path: Path, index: int = 2) -> list:
    section = read_draft(path).section("recommendations")
    assert section is not None
    return list(section.items[index - 1].items)


def test_set_writes_a_sub_item_text_per_language(with_subs: Path, cli: Cli) -> None:
    result = cli("set", with_subs, "recommendations.2.2", "--lang", "ru", "--text",
                 "Опубликовать то, что вы обнаружите.")
    assert (result.code, result.err) == (
        0, "set text of recommendations.2.2 (text 'Publish what you find.')\n")
    text = subs_of(with_subs)[1].text
    assert dict(text) == {"en": "Publish what you find.",
                          "ru": "Опубликовать то, что вы обнаружите."}
    assert set(subs_of(with_subs)[1].synced) == {"en", "ru"}  # a first translation: in step
    assert cli("check", with_subs).code == 0
    exported = cli("export", with_subs, "--format", "md", "--lang", "ru", "-o", "out/")
    assert exported.code == 0, exported.err
    assert "   - Опубликовать то, что вы обнаружите.\n" in Path(
        "out/test.ru.md").read_text(encoding="utf-8")


def test_set_values_of_a_sub_item_clause(with_subs: Path, cli: Cli) -> None:
    result = cli("set", with_subs, "recommendations.2.1",
                 "defenders=[{name: Evgeniy Zhovtis, country: Kazakhstan}]")
    assert (result.code, result.err) == (
        0, "set defenders of recommendations.2.1 (fx-release)\n")
    value = subs_of(with_subs)[0].values["defenders"].to_python()
    assert value == [{"name": "Evgeniy Zhovtis", "country": "Kazakhstan"}]


def test_a_changed_sub_item_is_out_of_step_until_confirmed(with_subs: Path, cli: Cli) -> None:
    assert cli("set", with_subs, "recommendations.2.2", "--lang", "ru", "--text",
               "Опубликовать выводы.").code == 0
    assert cli("set", with_subs, "recommendations.2.2", "--lang", "en", "--text",
               "Publish your findings.").code == 0
    stale = cli("translations", "check", with_subs)
    assert "recommendations.2.2: 'ru' is older than 'en'" in stale.err
    assert f"`csp-draft translations confirm {with_subs} recommendations.2.2 --lang ru`" \
        in stale.err
    confirmed = cli("translations", "confirm", with_subs, "recommendations.2.2", "--lang", "ru")
    assert (confirmed.code, confirmed.err) == (
        0, "recommendations.2.2: 'ru' confirmed in step\n")
    assert cli("translations", "check", with_subs).err == "1 tracked text, all in step\n"


def test_move_and_remove_sub_items(with_subs: Path, cli: Cli) -> None:
    up = cli("move", with_subs, "recommendations.2.2", "--under", "recommendations.2",
             "--at", "1")
    assert (up.code, up.err) == (
        0, "moved text 'Publish what you find.' from recommendations.2.2 to "
        "recommendations.2.1\n")
    assert [item.clause_id for item in subs_of(with_subs)] == [None, "fx-release"]
    out = cli("move", with_subs, "recommendations.2.2", "--to", "recommendations", "--at", "1")
    assert (out.code, out.err) == (
        0, "moved fx-release from recommendations.2.2 to recommendations.1\n")
    into = cli("move", with_subs, "recommendations.2", "--under", "recommendations.3")
    assert (into.code, into.err) == (
        0, "moved fx-free-media from recommendations.2 to recommendations.2.2\n")
    removed = cli("remove", with_subs, "recommendations.2.1")
    assert (removed.code, removed.err) == (
        0, "removed text 'Publish what you find.' (recommendations.2.1)\n")
    section = read_draft(with_subs).section("recommendations")
    assert section is not None
    assert [(item.clause_id, [sub.clause_id for sub in item.items])
            for item in section.items] == [("fx-release", []),
                                           ("fx-monitoring", ["fx-free-media"])]
    last = cli("remove", with_subs, "recommendations.2.1")
    assert last.code == 0
    assert "items:" not in with_subs.read_text(encoding="utf-8").split("fx-monitoring")[1]


def test_sub_item_reference_errors(with_subs: Path, cli: Cli) -> None:
    before = with_subs.read_bytes()
    beyond = cli("set", with_subs, "recommendations.2.3", "--text", "x")
    assert (beyond.code, beyond.err) == (
        1, f"{with_subs}: error: recommendations.2.3: recommendations.2 has 2 sub-items; see "
        "the numbers with `csp-draft show DRAFT`\n")
    zero = cli("remove", with_subs, "recommendations.2.0")
    assert (zero.code, zero.err) == (
        2, "error: 'recommendations.2.0': items are numbered from 1; give a position such as "
        "recommendations.3 (a sub-item: recommendations.9.3), or the id of a clause used "
        "once\n")
    nested = cli("add-text", with_subs, "--under", "recommendations.2.1", "Deeper.")
    assert (nested.code, nested.err) == (
        1, f"{with_subs}: error: recommendations.2.1 is a sub-item, and a sub-item cannot "
        "have items of its own; name its item instead, e.g. recommendations.2\n")
    parent = cli("move", with_subs, "recommendations.2", "--under", "recommendations.1")
    assert (parent.code, parent.err) == (
        2, "error: recommendations.2 has sub-items of its own, so it cannot become one; move "
        "its sub-items first, or move it with --to\n")
    nowhere = cli("move", with_subs, "recommendations.2.1")
    assert (nowhere.code, nowhere.err) == (
        2, "error: say where the item goes with --to SECTION or --under REF; e.g. --to "
        "recommendations, or --under recommendations.9\n")
    assert with_subs.read_bytes() == before


def test_missing_language_hints_name_the_sub_item(with_subs: Path, cli: Cli) -> None:
    added = cli("add-clause", with_subs, "fx-english-only", "--under", "recommendations.2")
    assert added.err.splitlines()[-1] == (
        "note: fx-english-only has no text in ru; give this document's wording with "
        "`csp-draft set DRAFT recommendations.2.3 --text ... --lang ru`")
    check = cli("check", with_subs)
    assert f"the free text at recommendations.2.2 has no 'ru' version; add it with " \
        f"`csp-draft set {with_subs} recommendations.2.2 --lang ru --text ...`" in check.err
    # Each suggested command works.
    assert cli("set", with_subs, "recommendations.2.2", "--lang", "ru", "--text",
               "Опубликовать выводы.").code == 0
    assert cli("set", with_subs, "recommendations.2.3", "--text", "Act.", "--lang",
               "ru").code == 0
    assert "recommendations.2.2" not in cli("check", with_subs).err
