"""The front-matter reader: PyYAML's safe loader, its errors made one-line user errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from csp_draft.errors import CspDraftError
from csp_draft.markdown.front_matter import load_front_matter

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader csp-draft falls back to


def yaml_answer(source: str) -> dict[str, Any]:
    data = yaml.load(source, Loader=LOADER)
    return {} if data is None else {str(key): value for key, value in data.items()}


@pytest.mark.parametrize(
    "source",
    [
        "lang: no\n",
        "title: yes\n",
        "title: Null\n",
        "date: 2026-01-15\n",
        "date: 2026-1-5\n",
        "title: 12\n",
        "title: a:b\n",
        "title: text # comment\n",
        'title: "double \\u0041"\n',
        "keywords: [a, b]\n",
        "keywords:\n",
        "keywords:\n  - a\n  - b\n",
        "title: It's   spaced   out  \n",
        "title: 'It''s quoted'\n",
        "on: key\n",
        "title: ~\n",
        "title: -x\n",
        "",
    ],
)
def test_agrees_with_pyyaml(source: str) -> None:
    assert load_front_matter(source) == yaml_answer(source)


@pytest.mark.parametrize("source", ["title: A\x0cb: c\n", "title: A\x1cb: c\n",
                                    "title: A\x0bb: c\n", "k" * 1100 + ": v\n"])
def test_what_pyyaml_refuses_is_refused(source: str) -> None:
    with pytest.raises(CspDraftError, match="not valid YAML"):
        load_front_matter(source)


def test_deep_nesting_is_refused_before_pyyaml_sees_it() -> None:
    with pytest.raises(CspDraftError, match="nesting is deeper than"):
        load_front_matter("a: " + "[" * 100_000 + "\n")


def test_an_impossible_date_is_a_user_error() -> None:
    with pytest.raises(CspDraftError, match=r"not valid: month must be in 1\.\.12") as caught:
        load_front_matter("date: 2026-13-45\n")
    assert "YYYY-MM-DD" in caught.value.hint
    assert load_front_matter("date: 2026-02-28\n") == {"date": dt.date(2026, 2, 28)}


def test_front_matter_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(CspDraftError, match="front matter must be a mapping") as caught:
        load_front_matter("- a\n- b\n")
    assert caught.value.hint == "write it as 'title: ...' lines between the --- lines"


def test_a_syntax_error_names_its_line_in_the_document() -> None:
    # Line 1 of the document is the opening ---; the list is still open where the block ends.
    with pytest.raises(CspDraftError) as caught:
        load_front_matter("title: A\nlang: [en\n")
    assert caught.value.message == ("front matter is not valid YAML (line 4): did not find "
                                    "expected ',' or ']'")
