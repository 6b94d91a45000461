"""`csp-draft clauses search`: filters, why a clause matched, and "did you mean"."""

from __future__ import annotations

import json

from tests.conftest import CliResult


def _ids(result: CliResult) -> list[str]:
    assert result.code == 0, result.err
    return [hit["id"] for hit in json.loads(result.out)]


def test_results_say_why_they_matched(cli) -> None:
    result = cli("clauses", "search", "protect journalists", "--json", "--limit", "1")
    [hit] = json.loads(result.out)
    assert hit["id"] == "safety-of-journalists"
    assert hit["matched"] == ["protect", "journalists"]
    assert "participating-states" in hit["addressees"]
    assert "\x02" not in hit["snippet"]  # the match marks never leave the terminal output


def test_filters_combine_with_the_text(cli) -> None:
    everyone = _ids(cli("clauses", "search", "observers", "--json"))
    to_odihr = _ids(cli("clauses", "search", "observers", "--addressee", "odihr", "--json"))
    assert to_odihr and set(to_odihr) < set(everyone)
    assert "election-observation" in to_odihr
    assert "fake-observation-missions" not in to_odihr  # addressed to the States and the PA
    demands = _ids(cli("clauses", "search", "release", "--kind", "demand", "--json"))
    assert demands and "release-journalists" in demands


def test_a_misspelt_word_gets_did_you_mean(cli) -> None:
    result = cli("clauses", "search", "torure")
    assert result.code == 0
    assert result.out == ""
    assert result.err == ("no clause has 'torure'; did you mean 'torture'?\n"
                          "no clause matches 'torure'\n")


def test_any_word_may_match_and_fuller_matches_rank_first(cli) -> None:
    ids = _ids(cli("clauses", "search", "minority rights early warning", "--json"))
    assert ids[:2] == ["early-warning", "minority-rights"]
