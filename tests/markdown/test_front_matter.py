"""The front-matter reader: PyYAML's answer, without PyYAML for the renderer's own shape."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from csp_draft.errors import CspDraftError
from csp_draft.markdown import front_matter
from csp_draft.markdown.front_matter import load_front_matter

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader csp-draft falls back to


def yaml_answer(source: str) -> dict[str, Any]:
    data = yaml.load(source, Loader=LOADER)
    return {} if data is None else {str(key): value for key, value in data.items()}


def test_the_renderers_front_matter_is_read_without_pyyaml() -> None:
    source = yaml.safe_dump(
        {
            "title": "Resolution: civic space, \"defenders\" & 'press'",
            "subtitle": "Накануне 26-й ежегодной сессии",
            "author": "Civic Solidarity Platform, Helsinki Citizens' Assembly",
            "lang": "ru",
            "date": "2017-07-04",
            "subject": "Резолюция",
            "kind": "resolution",
            "keywords": ["civil-society", "death-penalty", "yes"],
        },
        allow_unicode=True, sort_keys=False, width=1000,
    )
    assert front_matter._read_simple(source) == yaml_answer(source)
    assert load_front_matter(source)["date"] == "2017-07-04"


def test_exporting_docx_does_not_import_pyyaml(tmp_path) -> None:
    markdown = tmp_path / "doc.md"
    markdown.write_text(
        "---\ntitle: A title\nlang: en\ndate: '2026-01-15'\nkeywords:\n- one\n- two\n---\n\n"
        "1. First.\n", encoding="utf-8",
    )
    code = (
        "import sys\nfrom pathlib import Path\nfrom csp_draft.writers.formats import write_output\n"
        "write_output(Path(sys.argv[1]).read_text(encoding='utf-8'), 'docx', Path(sys.argv[2]))\n"
        "print('yaml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(markdown), str(tmp_path / "doc.docx")],
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.strip() == "False"


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


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
KEYS = st.sampled_from(["title", "subtitle", "author", "lang", "date", "kind", "keywords",
                        "on", "no", "x_y", "a-b"])
VALUES = st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=4),
                   st.sampled_from(["2026-01-15", "yes", "Off", "null", "12", "1e3", "~"]))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.booleans())
def test_any_dumped_front_matter_reads_as_pyyaml_reads_it(
    data: dict[str, Any], plain: bool
) -> None:
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    if plain:  # also try unquoted values, as a hand-written template might have them
        source = source.replace("'", "")
    try:
        loaded = yaml.load(source, Loader=LOADER)
    except (yaml.YAMLError, ValueError):
        loaded = CspDraftError
    if loaded is CspDraftError or not isinstance(loaded, dict | None):
        with pytest.raises(CspDraftError):
            load_front_matter(source)
    else:
        assert load_front_matter(source) == yaml_answer(source)
