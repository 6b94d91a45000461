"""Every clause validation error, with its exact message and location (issue: foundation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.errors import ValidationFailed
from csp_draft.library.load import LibrarySource, check_library, load_library

LANGS = ("en", "ru")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_library([LibrarySource("test", folder)], languages=LANGS)
    return [d.format() for d in info.value.diagnostics]


def test_minimal_clause_loads_and_renders(write_clause: Callable[..., Path]) -> None:
    path = write_clause("stop-harm")
    library = load_library([LibrarySource("test", path.parent)], languages=LANGS)
    clause = library.get("stop-harm")
    assert clause.variables["country"].example == "Belarus"
    assert check_library(library) == []


def test_unknown_field_suggests_the_right_one(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topic: [a]
        text: {en: Hello}
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:4:1: error: unknown field 'topic'; did you mean 'topics'?",
        f"{path}:1:1: error: missing required field 'topics'; add 'topics:' (list of topic "
        "slugs)",
    ]


def test_wrong_types_are_reported(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: a
        text: Hello
        version: "1"
        updated: 23.11.2026
        """)
    assert problems_of(path.parent) == [
        f"{path}:4:9: error: topics must be a list, not a string; write it as [a, b] or as "
        "lines starting with '- '",
        f"{path}:5:7: error: text must be a mapping of language to text, not a string; write "
        "'text:' then 'en: ...' and 'ru: ...' below it",
        f"{path}:7:10: error: updated must be a date written YYYY-MM-DD, not '23.11.2026'",
    ]


def test_text_using_an_undeclared_variable(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: [a]
        variables:
          country: {type: string, example: Belarus}
        text:
          en: Release them in {{ countyr }}.
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:8: error: text (en) uses 'countyr', which is not a declared variable; "
        "did you mean 'country'?",
    ]


def test_undeclared_language(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: [a]
        text:
          en: Hello.
          rus: Привет.
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:7:3: error: language 'rus' is not declared; did you mean 'ru'?",
    ]


def test_missing_english_text(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: [a]
        text:
          ru: Привет.
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:6:3: error: text has no English ('en') version; every clause needs 'en', "
        "add 'ru' too where you can",
    ]


def test_id_must_be_a_slug_and_match_the_file(write_clause: Callable[..., Path]) -> None:
    bad_slug = write_clause("x", """\
        id: Bad_Id
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Hi}
        version: "1"
        updated: 2026-11-23
        """)
    mismatch = write_clause("y", """\
        id: zed
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Hi}
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(bad_slug.parent) == [
        f"{bad_slug}:1:5: error: id 'Bad_Id' is not a slug; use lowercase letters, digits and "
        "single hyphens, at most 64 characters, e.g. 'decriminalise-libel'",
        f"{mismatch}:1:5: error: id 'zed' does not match the file name 'y.yaml'; rename the "
        "file to zed.yaml or change the id to 'y'",
    ]


def test_duplicate_ids_within_a_library(write_clause: Callable[..., Path]) -> None:
    first = write_clause("same", theme="a")
    second = write_clause("same", theme="b")
    assert problems_of(first.parent.parent) == [
        f"{second}:1:1: error: clause id 'same' is also defined in {first}; ids must be unique "
        "within a library, rename one",
    ]


def test_unknown_kind_addressee_and_variable_type(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recomendation
        topics: [a]
        addressees: [odhir]
        variables:
          n: {type: integer}
        text: {en: Hi}
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:3:7: error: unknown kind 'recomendation'; did you mean 'recommendation'?",
        f"{path}:5:14: error: unknown addressee 'odhir'; did you mean 'odihr'?",
        f"{path}:7:13: error: unknown type 'integer' for variable 'n'; use one of string, "
        "text, date, number, boolean, choice, country, list, records, people",
    ]


def test_examples_and_defaults_are_type_checked(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: [a]
        variables:
          years: {type: number, required: true, example: "six"}
          people:
            type: records
            fields: {name: {type: string, required: true}}
            required: true
            example: [{nme: A}]
          flag: {type: boolean, default: yes}
          who: {type: string, required: true}
        text: {en: "{{ years }} {{ people | people }} {{ flag }} {{ who }}"}
        version: "1"
        updated: 2026-11-23
        """)
    assert problems_of(path.parent) == [
        f"{path}:6:50: error: example of variable 'years' must be a number, not a string; "
        "write digits without quotes, e.g. 10 or 2.5",
        f"{path}:11:16: error: record 1 of example of variable 'people' has no field 'nme'; "
        "did you mean 'name'?",
        f"{path}:11:15: error: record 1 of example of variable 'people' lacks the required "
        "field 'name'",
        f"{path}:12:34: error: default of variable 'flag' must be true or false, not a string",
        f"{path}:13:8: error: required variable 'who' has no 'example'; add one: "
        "`clauses check` and `clauses show` render with it",
    ]


def test_check_renders_every_language(write_clause: Callable[..., Path]) -> None:
    path = write_clause("x", """\
        id: x
        title: T
        kind: recommendation
        topics: [a]
        text:
          en: Fine.
          ru: "{{ 1 | ordinal(2, 3) }}"
        version: "1"
        updated: 2026-11-23
        """)
    library = load_library([LibrarySource("test", path.parent)], languages=LANGS)
    messages = [d.format() for d in check_library(library)]
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:7: error: rendering failed: TypeError")


def test_yaml_errors_are_gathered_with_schema_errors(write_clause: Callable[..., Path]) -> None:
    broken = write_clause("a", "id: a\ntitle: [unclosed\n")
    wrong = write_clause("b", """\
        id: b
        title: T
        kind: recommendation
        topics: [a]
        text: {en: Hi}
        version: "1"
        updated: 2026-11-23
        colour: red
        """)
    problems = problems_of(broken.parent)
    assert len(problems) == 2
    assert problems[0].startswith(f"{broken}:3:1: error: invalid YAML")
    assert problems[1] == (
        f"{wrong}:8:1: error: unknown field 'colour'; see `csp-draft clauses schema` for the "
        "fields"
    )
