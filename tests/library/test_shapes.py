"""Shared segment templates render exactly what each text compiled on its own renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from csp_draft.errors import TemplateError
from csp_draft.library.clause_render import ClauseRenderer
from csp_draft.library.load import LibrarySource, load_library
from csp_draft.library.shapes import Skeleton, skeleton_of
from csp_draft.models.data import Clause, LocalizedText, VariableSpec
from csp_draft.paths import packaged
from csp_draft.sandbox.environment import make_environment

ENV = make_environment()


def clause(text: str, variables: dict[str, VariableSpec]) -> Clause:
    return Clause(id="x", title=LocalizedText(en="X"), kind="demand", topics=(),
                  addressees=(), variables=variables, text={"en": text}, legal_basis=(),
                  sources=(), version="1", updated=None, path=Path("x.yaml"),
                  text_lines={"en": 3})


def spec(name: str, kind: str = "string", example: Any = None) -> VariableSpec:
    return VariableSpec(name=name, type=kind, example=example)


TEXTS: list[tuple[str, dict[str, VariableSpec]]] = [
    ("Plain text, no tags at all.\n", {}),
    ("In {{ country }}, since {{ since | long_date }}: {{ count | number }} people.",
     {"country": spec("country", example=LocalizedText(en="Belarus", ru="Беларусь")),
      "since": spec("since", "date", dt.date(2020, 8, 9)),
      "count": spec("count", "number", 1250)}),
    ("{% if meeting %}Ahead of {{ meeting }}, {% else %}Now, {% endif %}act.",
     {"meeting": spec("meeting", example="the Ministerial Council")}),
    ("{% if meeting %}Ahead of {{ meeting }}, {% endif %}act.", {"meeting": spec("meeting")}),
    ("{% set years = year - since %}For {{ years }} {{ years | plural(one='year', "
     "other='years') }}, {{ country }}.",
     {"year": spec("year", "number", 2017), "since": spec("since", "number", 2011),
      "country": spec("country", example="Belarus")}),
    ("Free {% for p in people %}{{ p.name }}{% if not loop.last %}, {% endif %}{% endfor %}.",
     {"people": spec("people", "records", [{"name": "A"}, {"name": "B"}])}),
    ("Names: {{ people | people }}; {{ countries | and_list }} or {{ countries | or_list }}.",
     {"people": spec("people", "records", [{"name": "A", "country": "Belarus"}]),
      "countries": spec("countries", "list", ["Belarus", "Russia"])}),
    ("  {%- if flag %}\n  on\n  {%- endif %}  \n{# a comment #}\nend\n",
     {"flag": spec("flag", "boolean", True)}),
    ("{% raw %}{{ not a tag }}{% endraw %} and {{ x }}", {"x": spec("x", example="*x*")}),
    ("{{ x if x is defined else 'none' }} {{ x is not none }} {{ \"it's\" }}",
     {"x": spec("x", example="# heading")}),
    ("{{ session | ordinal }} session; {{ severity == 'grave' }}",
     {"session": spec("session", "number", 26), "severity": spec("severity", "choice",
                                                                   "grave")}),
    ("{{ name }}{{ name }}{{ other }}", {"name": spec("name", example="a"),
                                         "other": spec("other", example=None)}),
    ("{{ lang }}: {{ text | indent_md }}", {"text": spec("text", "text", "a\nb")}),
]


@pytest.mark.parametrize(("text", "variables"), TEXTS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_shared_rendering_is_exact(text: str, variables: dict[str, VariableSpec],
                                   lang: str) -> None:
    item = clause(text, variables)
    item.text[lang] = text
    values = item.example_values()
    shared = ClauseRenderer(share_shapes=True)._render_shared(item, lang, values, None)
    exact = ClauseRenderer().render(item, lang, values)
    assert shared is not None  # the shared templates did the work, not the fallback
    assert shared == exact


def test_texts_of_one_shape_share_templates() -> None:
    renderer = ClauseRenderer(share_shapes=True)
    first = clause("Release them in {{ country }} at once.", {"country": spec("country")})
    second = clause("Стоп в {{ state }}!", {"state": spec("state")})
    assert renderer.render(first, "en", {"country": "Belarus"}) == (
        "Release them in Belarus at once.")
    assert renderer.render(second, "en", {"state": "Беларуси"}) == "Стоп в Беларуси!"
    assert list(renderer._shared) == ["{{ CSP_V0 }}"]


def test_every_packaged_clause_renders_the_same_both_ways() -> None:
    library = load_library([LibrarySource("packaged", packaged("clauses"))],
                           languages=("en", "ru"))
    shared, exact = ClauseRenderer(share_shapes=True), ClauseRenderer()
    without = 0
    for item in library.clauses.values():
        for lang in item.text:
            values = item.example_values()
            rendered = shared._render_shared(item, lang, values, None)
            if rendered is None:
                without += 1
                rendered = shared.render(item, lang, values)
            assert rendered == exact.render(item, lang, values), item.id
    assert without < len(library) // 4


@pytest.mark.parametrize("text", [
    "{% macro m() %}x{% endmacro %}{{ m() }}",
    "{% filter upper %}x{% endfilter %}",
    "{{ CSP_V0 }}",
])
def test_unusual_texts_get_no_skeleton(text: str) -> None:
    assert skeleton_of(ENV, text, {"x"}) is None


def test_a_variable_named_like_a_jinja_word_gets_no_skeleton() -> None:
    assert skeleton_of(ENV, "{{ loop }}", {"loop"}) is None


def test_errors_come_from_the_text_itself() -> None:
    item = clause("line one\n{{ count | ordinal }}", {"count": spec("count")})
    with pytest.raises(TemplateError) as shared:
        ClauseRenderer(share_shapes=True).render(item, "en", {"count": "many"})
    with pytest.raises(TemplateError) as exact:
        ClauseRenderer().render(item, "en", {"count": "many"})
    assert shared.value.diagnostics == exact.value.diagnostics
    assert shared.value.diagnostics[0].location.line == 4


def test_skeleton_records_round_trip_and_reject_other_shapes() -> None:
    skeleton = skeleton_of(ENV, "A {{ x | number }} b", {"x"})
    assert skeleton is not None
    assert Skeleton.from_record(skeleton.to_record()) == skeleton
    for bad in ({"a": 1}, [["{{ x }}", [], "pieces"]], [[None, ["x"], ["a"]]], [[None, [], []]]):
        with pytest.raises(ValueError):
            Skeleton.from_record(bad)


# --- random texts: whatever the arrangement of tags, both ways agree ---------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.sampled_from(["Release ", "them", " in ", "\n", "  ", "all.\n", "—", "Беларусь ",
                         "(a) ", "x*y ", "1. ", "# ", "'q' ", '"dq" '])
EXPRESSIONS = st.sampled_from([
    "a", "b", "n", "a | upper", "b | default('none')", "n | number", "n + 1", "a ~ b",
    "n | ordinal", "items | and_list", "items | length", "a if flag else b",
    "flag and 'yes' or 'no'", "'{{ not a tag }}'", "lang", "items[0]", "a is defined",
])
OPEN = st.sampled_from(["{%", "{%-", "{%+"])
CLOSE = st.sampled_from(["%}", "-%}"])


def _blocks(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda o, c, body, o2, c2: f"{o} if flag {c}{body}{o2} endif {c2}",
                  OPEN, CLOSE, inner, OPEN, CLOSE),
        st.builds(lambda body, other: f"{{% if n > 2 %}}{body}{{% elif a %}}{other}"
                  f"{{% else %}}x{{% endif %}}", inner, inner),
        st.builds(lambda body: f"{{% for item in items %}}{body}{{{{ loop.index }}}}"
                  f"{{% endfor %}}", inner),
        st.builds(lambda body: f"{{% set total = n * 2 %}}{body}{{{{ total }}}}", inner),
    )


TEXT = st.recursive(
    st.lists(st.one_of(WORDS, EXPRESSIONS.map(lambda e: "{{ " + e + " }}"),
                       st.just("{# note #}"), st.just("{% raw %}{{ raw }}{% endraw %}")),
             max_size=6).map("".join),
    lambda inner: st.lists(st.one_of(inner, _blocks(inner)), max_size=4).map("".join),
    max_leaves=12,
)
RANDOM_VARIABLES = {"a": spec("a"), "b": spec("b"), "n": spec("n", "number"),
                    "flag": spec("flag", "boolean"), "items": spec("items", "list")}


@settings(max_examples=300, deadline=None)
@given(text=TEXT, a=st.sampled_from(["Belarus", "*x*", "", "# h"]),
       n=st.integers(min_value=-2, max_value=30), flag=st.booleans(),
       items=st.lists(st.sampled_from(["A", "Б", "c_d"]), max_size=3))
def test_random_texts_render_the_same_both_ways(text: str, a: str, n: int, flag: bool,
                                               items: list[str]) -> None:
    item = clause(text, RANDOM_VARIABLES)
    values = {"a": a, "b": None, "n": n, "flag": flag, "items": items}
    outcomes = []
    for renderer in (ClauseRenderer(share_shapes=True), ClauseRenderer()):
        try:
            outcomes.append(("ok", renderer.render(item, "en", values)))
        except TemplateError as error:
            outcomes.append(("error", [d.format() for d in error.diagnostics]))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize(("text", "names"), [
    ("{% if meeting %}At {{ meeting }}{% elif x %}y{% else %}z{% endif %}", {"meeting", "x"}),
    ("{{ n | plural(one='year', other='years') }} {{ a.b }} {{ c is not defined }}",
     {"n", "a", "c"}),
    ("{% for p in people %}{{ p.name }}{% endfor %}", {"p", "people"}),  # p: a local
    ("{% macro m() %}{% endmacro %}", None),
])
def test_referenced_names_by_a_token_scan(text: str, names: set[str] | None) -> None:
    from csp_draft.library.shapes import lex, referenced_names

    assert referenced_names(lex(ENV, text)) == names


def test_check_renders_many_clauses_together_and_reports_one_failure_exactly(
    write_clause: Any,
) -> None:
    from csp_draft.library.load import check_library

    paths = [write_clause(f"c{number:03d}") for number in range(70)]
    broken = write_clause("c035", """\
        id: c035
        title: T
        kind: recommendation
        topics: [a]
        variables:
          n: {type: number, example: 3}
        text:
          en: "Fine {{ n }}."
          ru: "{{ n | ordinal(2, 3) }}"
        version: "1"
        updated: 2026-11-23
        """)
    library = load_library([LibrarySource("test", paths[0].parent)], languages=("en", "ru"))
    problems = [d.format() for d in check_library(library)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{broken}:9: error: rendering failed: TypeError")
