"""`csp-draft import` reading values back: a loop's list, words a clause computes, the
values a text does not show, and people (case records, one-off names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csp_draft.drafts.read import read_draft

CASES = """\
id: reopen-cases
title: {en: Reopen closed cases, ru: Возобновить закрытые дела}
kind: demand
topics: [testing]
addressees: [participating-states]
variables:
  cases:
    type: records
    required: true
    fields:
      name: {type: string, required: true, help: Whose case}
      year: {type: number, required: true, help: When it was closed}
    help: The cases
    example: [{name: A, year: 2020}]
text:
  en: |-
    Reopen these cases without delay:

    {% for c in cases %}
    - the case of {{ c.name }}, closed in {{ c.year }}{{ '.' if loop.last else ';' }}
    {% endfor %}
  ru: |-
    Возобновить следующие дела:

    {% for c in cases %}
    - дело {{ c.name }}, закрытое в {{ c.year }} г.{{ '' if loop.last else ';' }}
    {% endfor %}
version: "1"
updated: 2026-11-23
"""

SLOW = """\
id: slow-to-act
title: {en: Years of inaction, ru: Годы бездействия}
kind: finding
topics: [testing]
variables:
  since: {type: number, required: true, help: First year, example: 2015}
  year: {type: number, required: true, help: This year, example: 2020}
  tone: {type: choice, choices: [firm, mild], default: firm, help: How to say it}
text:
  en: >-
    {% set gap = year - since %}In the {{ gap }} {{ gap | plural(one='year',
    other='years') }} since {{ since }} the authorities have {% if tone == 'firm'
    %}refused{% else %}been slow{% endif %} to act.
  ru: >-
    {% set gap = year - since %}За {{ gap }} {{ gap | plural(one='год', few='года',
    many='лет', other='года') }} с {{ since }} г. власти {% if tone == 'firm'
    %}отказались{% else %}не спешили{% endif %} действовать.
version: "1"
updated: 2026-11-23
"""

FREE = """\
id: free-them
title: {en: Free them, ru: Освободить их}
kind: demand
topics: [testing]
addressees: [participating-states]
variables:
  held: {type: people, required: true, help: Who, example: [bialiatski]}
text:
  en: Free {{ held | people }} now.
  ru: Освободить {{ held | people('acc') }} немедленно.
version: "1"
updated: 2026-11-23
"""


def _imported(cli: Callable[..., Any], tmp_path: Path, text: str, *extra: str
              ) -> tuple[Any, str]:
    """Import ``text`` (a Markdown file) against the packaged library and the test clauses;
    the draft's first item and the report."""
    source = tmp_path / "archive.md"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out", "--report", tmp_path / "r.md",
                 "--library", tmp_path / "lib", *extra)
    assert result.code == 0, result.err
    draft = read_draft(tmp_path / "out" / "archive.yaml")
    return draft.sections[0].items[0], (tmp_path / "r.md").read_text(encoding="utf-8")


def _values(item: Any) -> dict[str, Any]:
    return {name: node.to_python() for name, node in item.values.items()}


def test_a_loop_over_records_is_read_back_from_the_items_sub_list(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("reopen-cases", CASES)
    item, report = _imported(cli, tmp_path, "# Statement\n\n"
                             "1. Reopen these cases without delay:\n\n"
                             "    - the case of Jane Roe, closed in 2019;\n"
                             "    - the case of John Doe, closed in 2021.\n")
    assert (item.clause_id, item.items) == ("reopen-cases", ())
    assert _values(item) == {"cases": [{"name": {"en": "Jane Roe"}, "year": 2019},
                                       {"name": {"en": "John Doe"}, "year": 2021}]}
    assert "values: cases; its list is the 2 sub-items" in report


def test_a_russian_loop_with_its_own_separators(cli, write_clause, tmp_path: Path) -> None:
    write_clause("reopen-cases", CASES)
    item, _ = _imported(cli, tmp_path, "# Заявление\n\n"
                        "1. Возобновить следующие дела:\n\n"
                        "    - дело Ивана Петрова, закрытое в 2019 г.;\n"
                        "    - дело Анны Ивановой, закрытое в 2021 г.\n")
    assert item.clause_id == "reopen-cases"
    assert _values(item) == {"cases": [{"name": {"ru": "Ивана Петрова"}, "year": 2019},
                                       {"name": {"ru": "Анны Ивановой"}, "year": 2021}]}


def test_a_list_the_clause_does_not_loop_over_stays_the_items_own(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("reopen-cases", CASES)
    item, _ = _imported(cli, tmp_path, "# Statement\n\n"
                        "1. Reopen these cases without delay:\n\n"
                        "    - Jane Roe, whose case was closed\n")
    # not the clause's loop (no year): at most the clause in the item's own words
    assert (item.values, item.text) == ({}, {"en": "Reopen these cases without delay:"})
    assert [sub.text for sub in item.items] == [{"en": "Jane Roe, whose case was closed"}]


def test_computed_words_and_unshown_values_are_found_by_rendering(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("slow-to-act", SLOW)
    item, report = _imported(cli, tmp_path, "# Statement\n\nIn the seven years since 2017 the "
                        "authorities have been slow to act.\n")
    # "seven" is not what the clause computes (7): the clause in the document's words
    assert (item.clause_id, item.values, item.text) == ("slow-to-act", {}, {
        "en": "In the seven years since 2017 the authorities have been slow to act."})
    assert ("this document's own wording is kept; its fixed words are all here, but no "
            "values read back or tried render this paragraph |") in report
    item, report = _imported(cli, tmp_path, "# Statement\n\nIn the 7 years since 2017 the "
                             "authorities have been slow to act.\n", "--force")
    assert item.clause_id == "slow-to-act"
    assert _values(item) == {"since": 2017, "year": 2024, "tone": "mild"}
    assert "the clause renders this paragraph exactly; values: since, tone, year" in report


def test_the_documents_year_is_tried_first(cli, write_clause, tmp_path: Path) -> None:
    write_clause("slow-to-act", SLOW)
    item, _ = _imported(cli, tmp_path, "# Заявление\n\n*Форум, Вена, 4 июля 2020 г.*\n\n"
                        "За 3 года с 2017 г. власти отказались действовать.\n")
    assert item.clause_id == "slow-to-act"
    assert _values(item) == {"since": 2017, "year": 2020}  # tone: firm, its default


def test_people_become_case_records_or_one_off_names_with_their_country(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("free-them", FREE)
    item, _ = _imported(cli, tmp_path, "# Statement\n\nFree Ales Bialiatski and Jane Roe "
                        "(Belarus); Evgeniy Zhovtis (Kazakhstan) now.\n")
    assert item.clause_id == "free-them"
    assert _values(item) == {"held": [
        "bialiatski", {"name": {"en": "Jane Roe"}, "country": {"en": "Belarus"}}, "zhovtis"]}


def test_another_spelling_of_a_record_is_kept_and_reported(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("free-them", FREE)
    item, report = _imported(cli, tmp_path, "# Statement\n\nFree Ales Bialiatsky (Belarus) "
                             "now.\n")
    assert _values(item) == {"held": [{"name": {"en": "Ales Bialiatsky"},
                                       "country": {"en": "Belarus"}}]}
    assert ("Ales Bialiatsky may be the case record 'bialiatski' (Ales Bialiatski); kept "
            "as written") in report


@pytest.mark.parametrize(("named", "held", "said"), [
    ("Алеся Беляцкого и Марину Петрову (Беларусь)",  # a record, and a name read back
     ["bialiatski", {"name": {"ru": {"nom": "Марина Петрова", "acc": "Марину Петрову"}},
                     "country": {"ru": "Беларусь"}}],
     "Марину Петрову: the nominative Марина Петрова is read from the accusative; check it "
     "in the draft"),
    ("Ивана Цзяо (Беларусь)",  # a name the dictionary cannot read: kept to correct
     [{"name": {"ru": {"nom": "Ивана Цзяо", "acc": "Ивана Цзяо"}},
       "country": {"ru": "Беларусь"}}],
     "the nominative of Ивана Цзяо is not in the document: the form found stands for it; "
     "correct it in the draft"),
])
def test_a_russian_name_in_the_accusative_is_a_record_or_a_name_with_its_nominative(
        cli, write_clause, tmp_path: Path, named: str, held: list, said: str) -> None:
    write_clause("free-them", FREE)
    item, report = _imported(cli, tmp_path, f"# Заявление\n\nОсвободить {named} "
                             "немедленно.\n")
    assert _values(item) == {"held": held}
    assert said in report


CASE_OF = """\
id: case-of
title: {en: A case, ru: Дело}
kind: finding
topics: [testing]
variables:
  who: {type: string, required: true, help: Whose case, example: Jane Roe}
text:
  en: We follow the case of {{ who }} closely.
  ru: Мы внимательно следим за делом {{ who }}.
version: "1"
updated: 2026-11-23
"""


def test_a_record_named_in_a_text_value_is_reported_and_kept_as_text(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("case-of", CASE_OF)
    item, report = _imported(cli, tmp_path, "# Statement\n\nWe follow the case of Ales "
                             "Bialiatski closely.\n")
    assert _values(item) == {"who": {"en": "Ales Bialiatski"}}
    assert ("Ales Bialiatski (the case record 'bialiatski') is named in a value the clause "
            "takes as text; it stays text") in report
