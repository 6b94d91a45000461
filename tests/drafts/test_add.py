"""`add-clause` and `add-text`: sections, positions, values, prompts and refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from csp_draft.cli import prompts
from csp_draft.drafts.read import read_draft
from tests.drafts.conftest import Cli


def items(path: Path, section: str) -> list[str]:
    found = read_draft(path).section(section)
    assert found is not None
    return [item.clause_id or f"text:{item.text}" for item in found.items]


@pytest.fixture(autouse=True)
def not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "is_interactive", lambda: False)


def test_add_clause_with_values(resolution: Path, cli: Cli) -> None:
    result = cli("add-clause", resolution, "fx-release",
                 "--set", "defenders=[{name: Ales Bialiatsky, country: Belarus}]")
    assert result.code == 0, result.err
    assert result.err == "added fx-release as recommendations.1\n"
    assert result.out == ""
    text = resolution.read_text(encoding="utf-8")
    assert ("    items:\n      - clause: fx-release\n        values:\n"
            "          defenders: [{name: Ales Bialiatsky, country: Belarus}]\n") in text
    item = read_draft(resolution).section("recommendations").items[0]
    assert item.values["defenders"].to_python() == [{"name": "Ales Bialiatsky",
                                                     "country": "Belarus"}]


@pytest.mark.parametrize(("clause", "values", "section"), [
    ("fx-forum-preamble", ["--set", "forum=Forum"], "preamble"),
    ("fx-situation", ["--set", "country=Belarus"], "situation"),
    ("fx-concern", [], "situation"),
    ("fx-free-media", [], "recommendations"),
    ("fx-monitoring", [], "recommendations"),
    ("fx-goal", [], "recommendations"),  # no goals section: the numbered one
])
def test_default_section_by_clause_kind(resolution: Path, cli: Cli, clause: str,
                                        values: list[str], section: str) -> None:
    result = cli("add-clause", resolution, clause, *values)
    assert result.code == 0, result.err
    assert result.err == f"added {clause} as {section}.1\n"


def test_default_section_in_other_kinds(ws: Path, cli: Cli) -> None:
    assert cli("new", "statement", "st.yaml").code == 0
    assert cli("add-clause", "st.yaml", "fx-free-media").err == "added fx-free-media as calls.1\n"
    assert cli("add-clause", "st.yaml", "fx-concern").err == "added fx-concern as concerns.1\n"
    assert cli("new", "declaration", "de.yaml").code == 0
    assert cli("add-clause", "de.yaml", "fx-goal").err == "added fx-goal as goals.1\n"
    result = cli("add-clause", "de.yaml", "fx-free-media")
    assert result.code == 2
    assert result.err == ("error: say which section the item goes to with --section; the "
                          "draft's sections: preamble, goals, activities, values, joining\n")
    assert cli("new", "remarks", "re.yaml").code == 0
    assert cli("add-clause", "re.yaml", "fx-thanks").err == "added fx-thanks as closing.1\n"
    assert cli("new", "workshop", "wo.yaml").code == 0
    result = cli("add-clause", "wo.yaml", "fx-free-media")
    assert result.code == 2
    assert "group-1, group-2" in result.err


def test_add_at_position_and_section(resolution: Path, cli: Cli) -> None:
    for clause in ("fx-free-media", "fx-monitoring", "fx-goal"):
        assert cli("add-clause", resolution, clause).code == 0
    result = cli("add-clause", resolution, "fx-concern", "--section", "recommendations",
                 "--at", "2")
    assert result.err == "added fx-concern as recommendations.2\n"
    assert items(resolution, "recommendations") == [
        "fx-free-media", "fx-concern", "fx-monitoring", "fx-goal"]
    result = cli("add-clause", resolution, "fx-thanks", "--section", "recommendations",
                 "--at", "9")
    assert result.code == 2
    assert result.err == ("error: --at 9 is outside section 'recommendations', which has 4 "
                          "items; use a position from 1 to 5\n")


def test_unknown_clause_suggests(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, "fx-relase")
    assert result.code == 1
    assert result.err == "error: no clause 'fx-relase' in the library; did you mean 'fx-release'?\n"
    assert resolution.read_bytes() == before


@pytest.mark.parametrize("bad", ["../etc/passwd", "/etc/passwd", "a/b", "Fx-Release", "x y",
                                 "fx_release", ".."])
def test_odd_clause_ids_are_refused(resolution: Path, cli: Cli, bad: str) -> None:
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, bad)
    assert result.code == 2
    assert result.err == (f"error: '{bad}' is not a clause id; clause ids are lowercase "
                          "letters, digits and hyphens, e.g. release-defenders\n")
    assert resolution.read_bytes() == before


def test_unknown_section_suggests(resolution: Path, cli: Cli) -> None:
    result = cli("add-clause", resolution, "fx-free-media", "--section", "recomendations")
    assert result.code == 1
    assert result.err == (f"{resolution}: error: the draft has no section 'recomendations'; "
                          "did you mean 'recommendations'?\n")
    result = cli("add-clause", resolution, "fx-free-media", "--section", "annex")
    assert result.err == (f"{resolution}: error: the draft has no section 'annex'; its "
                          "sections: preamble, situation, recommendations; --new-section "
                          "starts a new one\n")
    result = cli("add-clause", resolution, "fx-free-media", "--section", "annex",
                 "--new-section")
    assert result.err == "added fx-free-media as annex.1\n"
    assert [s.key for s in read_draft(resolution).sections][-1] == "annex"


def test_planned_section_is_started_where_the_kind_puts_it(resolution: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8")
    start = text.index("  # The situation")
    end = text.index("  # Recommendations")
    resolution.write_text(text[:start] + text[end:], encoding="utf-8")
    assert cli("add-clause", resolution, "fx-concern", "--section", "situation").code == 0
    assert [s.key for s in read_draft(resolution).sections] == [
        "preamble", "situation", "recommendations"]


def test_missing_values_listed_at_once(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, "fx-urgent")
    assert result.code == 1
    assert result.err == ("error: fx-urgent needs 'deadline' (date: Deadline for action); give "
                          "it with --set deadline=VALUE\n")
    result = cli("add-clause", resolution, "fx-situation", "--set", "since=2020-08-09")
    assert result.err == ("error: fx-situation needs 'country' (string: Country the finding is "
                          "about); give it with --set country=VALUE\n")
    assert resolution.read_bytes() == before


def test_draft_values_count_as_given(resolution: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8")
    resolution.write_text(text.replace("# values: {country: Belarus}", "values: {country: X}"),
                          encoding="utf-8")
    assert cli("add-clause", resolution, "fx-situation").code == 0


def test_values_are_checked_before_writing(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, "fx-release", "--set", "defenders=[{name: A}]",
                 "--set", "colour=red")
    assert result.code == 1
    assert result.err == (
        "--set defenders:1:2: error: record 1 of 'defenders' lacks the required field "
        "'country'; Country that holds the person\n"
        "--set colour:1:1: error: clause 'fx-release' has no variable 'colour'; its variables: "
        "defenders\n")
    result = cli("add-clause", resolution, "fx-monitoring", "--set", "experts='5'",
                 "--set", "mechanism=helsinki")
    assert result.err == (
        "--set experts:1:1: error: 'experts' must be a number, not a string; write digits "
        "without quotes, e.g. 10 or 2.5\n"
        "--set mechanism:1:1: error: 'mechanism' must be one of moscow, vienna, not "
        "'helsinki'\n")
    result = cli("add-clause", resolution, "fx-urgent", "--set", "deadline=2017-02-30")
    assert result.err == ("--set deadline:1:1: error: 'deadline' must be a date written "
                          "YYYY-MM-DD, not '2017-02-30'\n")
    result = cli("add-clause", resolution, "fx-urgent", "--set", "deadline=[unclosed")
    assert result.code == 1
    assert result.err == ("--set deadline:2:1: error: invalid YAML: a list opened with '[' is "
                          "not closed; end it with ']', and separate its items with ', '\n")
    assert resolution.read_bytes() == before


@pytest.mark.parametrize(("assignment", "message"), [
    ("deadline", "error: --set 'deadline' is not name=VALUE; e.g. --set country=Belarus"),
    ("=5", "error: --set '=5' is not name=VALUE; e.g. --set country=Belarus"),
    ("deadline=", "error: --set deadline: no value after '='; write --set deadline=VALUE; "
     "quote it for an empty text: ''"),
])
def test_malformed_assignments(resolution: Path, cli: Cli, assignment: str,
                               message: str) -> None:
    result = cli("add-clause", resolution, "fx-urgent", "--set", assignment)
    assert result.code == 2
    assert result.err == message + "\n"


def test_yaml_typing_keeps_strings(resolution: Path, cli: Cli) -> None:
    assert cli("add-clause", resolution, "fx-situation", "--set", "country=NO").code == 0
    assert cli("add-clause", resolution, "fx-forum-preamble", "--set", "forum=1.10").code == 0
    draft = read_draft(resolution)
    assert draft.section("situation").items[0].values["country"].text == "NO"
    assert draft.section("preamble").items[0].values["forum"].text == "1.10"
    assert cli("check", resolution).code == 0


def test_set_file_yaml_and_text(resolution: Path, cli: Cli, tmp_path: Path) -> None:
    names = tmp_path / "defenders.yaml"
    names.write_text("- name: Ales Bialiatsky\n  country: Belarus\n"
                     "- name: Azimzhan Askarov\n  country: Kyrgyzstan\n", encoding="utf-8")
    result = cli("add-clause", resolution, "fx-release", "--set-file", f"defenders={names}")
    assert result.code == 0, result.err
    values = read_draft(resolution).section("recommendations").items[0].values
    assert [r["name"] for r in values["defenders"].to_python()] == [
        "Ales Bialiatsky", "Azimzhan Askarov"]
    forum = tmp_path / "forum.txt"
    forum.write_text("Civil Society Forum\non two lines\n", encoding="utf-8")
    assert cli("add-clause", resolution, "fx-forum-preamble", "--set-file",
               f"forum={forum}").code == 0
    node = read_draft(resolution).section("preamble").items[0].values["forum"]
    assert node.text == "Civil Society Forum\non two lines"
    assert "forum: |-\n" in resolution.read_text(encoding="utf-8")
    result = cli("add-clause", resolution, "fx-release", "--set-file", f"defenders={forum}")
    assert result.code == 1
    assert result.err == (f"{forum}: error: 'defenders' is a list of {{name, country}}; a "
                          "plain file gives text only; write the value as YAML in a .yaml "
                          "file\n")
    missing = tmp_path / "nope.yaml"
    result = cli("add-clause", resolution, "fx-release", "--set-file", f"defenders={missing}")
    assert result.err == f"{missing}: error: no such file; check the path\n"


def test_hostile_values_are_refused(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    bomb = "[" * 2000 + "]" * 2000
    result = cli("add-clause", resolution, "fx-forum-preamble", "--set", f"forum={bomb}")
    assert result.code == 1
    assert "nesting is deeper than 64 levels" in result.err
    result = cli("add-clause", resolution, "fx-forum-preamble", "--set",
                 "forum=!!python/object:os.system x")
    assert result.code == 1
    assert "tag !!python/object:os.system is not allowed" in result.err
    result = cli("add-clause", resolution, "fx-forum-preamble", "--set", 'forum="\\x07"')
    assert result.code == 1
    assert "control character U+0007" in result.err
    assert resolution.read_bytes() == before


def test_add_text(resolution: Path, cli: Cli) -> None:
    result = cli("add-text", resolution, "--section", "situation",
                 "Six years after the report of the Moscow Mechanism, nothing has changed.")
    assert result.code == 0, result.err
    assert result.err == ("added text 'Six years after the report of the Moscow...' as "
                          "situation.1\n")
    result = cli("add-text", resolution, "--section", "situation", "--lang", "ru",
                 "Спустя шесть лет: ничего не изменилось.", "--at", "1")
    assert result.err == "added text 'Спустя шесть лет: ничего не изменилось.' as situation.1\n"
    section = read_draft(resolution).section("situation")
    assert section.items[0].text == {"ru": "Спустя шесть лет: ничего не изменилось."}
    assert section.items[1].text == ("Six years after the report of the Moscow Mechanism, "
                                     "nothing has changed.")
    result = cli("add-text", resolution, "--section", "situation", "--lang", "uk", "Текст")
    assert result.code == 2
    assert result.err == ("error: the draft is not written in 'uk'; its languages: en, ru; add "
                          "the language to 'languages:' in the draft first\n")
    result = cli("add-text", resolution, "--section", "situation", "  ")
    assert result.code == 2
    assert result.err == "error: the text is empty\n"


def test_add_text_multiline_markdown(resolution: Path, cli: Cli) -> None:
    body = "# Not a comment\n\n- a list item\n- another: with colon"
    assert cli("add-text", resolution, "--section", "situation", body).code == 0
    assert read_draft(resolution).section("situation").items[0].text == body


# --- prompts -------------------------------------------------------------------------------------

def answer(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """Pretend to be a terminal whose user types ``lines``."""
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))


def test_prompts_records_item_by_item(resolution: Path, cli: Cli,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # The draft is in English and Russian: each text is asked in both languages.
    answer(monkeypatch, "Ales Bialiatsky", "Алесь Беляцкий", "Belarus", "Беларусь",
           "Azimzhan Askarov", "Азимжан Аскаров", "", "Kyrgyzstan", "", "Кыргызстан", "")
    result = cli("add-clause", resolution, "fx-release")
    assert result.code == 0, result.err
    assert "fx-release needs 1 value (Ctrl-C stops without changing the draft)" in result.err
    assert "defenders (list of {name, country}): The defenders to be released" in result.err
    assert "defenders 1 name (Full name) [en]:" in result.err
    assert "defenders 1 name (Full name) [ru]:" in result.err
    assert "defenders 2 country (Country that holds the person) [ru]:" in result.err
    # the empty English country of record 2 was asked again
    assert "a value is needed in 'en'" in result.err
    assert result.err.endswith("added fx-release as recommendations.1\n")
    node = read_draft(resolution).section("recommendations").items[0].values["defenders"]
    assert node.to_python() == [
        {"name": {"en": "Ales Bialiatsky", "ru": "Алесь Беляцкий"},
         "country": {"en": "Belarus", "ru": "Беларусь"}},
        {"name": {"en": "Azimzhan Askarov", "ru": "Азимжан Аскаров"},
         "country": {"en": "Kyrgyzstan", "ru": "Кыргызстан"}}]
    assert ("defenders:\n            - {name: {en: Ales Bialiatsky, ru: Алесь Беляцкий}, "
            "country: {en: Belarus, ru: Беларусь}}\n") in resolution.read_text(encoding="utf-8")
    assert cli("check", resolution).code == 0


def test_prompts_only_for_missing_and_recheck(resolution: Path, cli: Cli,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    answer(monkeypatch, "31 December", "2017-12-31")
    result = cli("add-clause", resolution, "fx-urgent", "--set", "urgent=true")
    assert result.code == 0, result.err
    assert "'deadline' must be a date written YYYY-MM-DD, not '31 December'" in result.err
    values = read_draft(resolution).section("recommendations").items[0].values
    assert values["deadline"].text == "2017-12-31"
    assert values["urgent"].text == "true"


def test_prompts_list_and_plain_text(resolution: Path, cli: Cli,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    answer(monkeypatch, "", "Belarus", "Беларусь", "NO", "NO", "yes: really", "yes: really", "")
    result = cli("add-clause", resolution, "fx-observers")
    assert result.code == 0, result.err
    assert "one item per answer; an empty answer ends the list" in result.err
    node = read_draft(resolution).section("recommendations").items[0].values["countries"]
    # an answer the same in both languages stays one text
    assert node.to_python() == [{"en": "Belarus", "ru": "Беларусь"}, "NO", "yes: really"]
    assert ("countries:\n            - {en: Belarus, ru: Беларусь}\n            - \"NO\"\n"
            "            - 'yes: really'\n") in resolution.read_text(encoding="utf-8")


def test_prompts_end_of_input_writes_nothing(resolution: Path, cli: Cli,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = resolution.read_bytes()
    answer(monkeypatch, "Ales Bialiatsky")
    result = cli("add-clause", resolution, "fx-release")
    assert result.code == 1
    assert result.err.endswith("error: the input ended before every value was given; the draft "
                               "was not changed; give the values with --set NAME=VALUE\n")
    assert resolution.read_bytes() == before


def test_prompt_text_is_shown_literally(ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    clause = ws / "clauses" / "fx-forum-preamble.yaml"
    clause.write_text(clause.read_text(encoding="utf-8").replace(
        "Name of the forum that adopts the document", "'[bold]Name[/] [link=x]of[/link]'"),
        encoding="utf-8")
    assert cli("new", "resolution", "r.yaml").code == 0
    answer(monkeypatch, "[red]Forum[/red]", "[red]Форум[/red]")
    result = cli("add-clause", "r.yaml", "fx-forum-preamble")
    assert result.code == 0, result.err
    assert "forum (string): [bold]Name[/] [link=x]of[/link]" in result.err
    value = read_draft(ws / "r.yaml").section("preamble").items[0].values["forum"]
    assert value.to_python() == {"en": "[red]Forum[/red]", "ru": "[red]Форум[/red]"}


def test_clause_lacking_a_language_of_the_draft_is_noted(resolution: Path, cli: Cli) -> None:
    result = cli("add-clause", resolution, "fx-english-only")
    assert result.code == 0
    assert result.err == (
        "added fx-english-only as recommendations.1\n"
        "note: fx-english-only has no text in ru; give this document's wording with "
        "`csp-draft set DRAFT recommendations.1 --text ... --lang ru`\n")
