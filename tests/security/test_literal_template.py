"""A text kept as written in a template (an imported or adopted paragraph, a member's own
wording) renders as itself, whatever Jinja syntax it contains."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csp_draft.sandbox.environment import make_environment
from csp_draft.sandbox.limits import render_limited
from csp_draft.sandbox.literal import as_template

_PIECES = st.sampled_from(["{{", "}}", "{%", "%}", "{#", "#}", "{", "}", "-", "+", " ", "\n",
                           "\t", "raw", "endraw", "if", "x", "«ё»", "%", "#"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_text_renders_as_itself(text: str) -> None:
    template = make_environment().from_string(as_template(text))
    assert render_limited(template, {}) == text


def test_a_text_without_tags_is_left_alone() -> None:
    assert as_template("Free them all {now}.") == "Free them all {now}."


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=15).map("".join), st.lists(_PIECES, max_size=15).map("".join))
def test_texts_kept_as_written_around_a_value_render_around_it(before: str, after: str) -> None:
    """An imported paragraph's words around a people expression (its own wording)."""
    source = as_template(before) + "{{ who }}" + as_template(after)
    template = make_environment().from_string(source)
    assert render_limited(template, {"who": "Ales Bialiatski"}) == (
        before + "Ales Bialiatski" + after)
