"""Property: any mix of item, field and section edits in one command gives the same data
whether made through the window (entries and skeleton) or through ruamel's round trip of
the whole file, and the window's result reads back as the draft it reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from csp_draft.drafts.edit import DraftEdit, NeedsRoundTrip
from csp_draft.yamlio.located import load_yaml
from csp_draft.yamlio.window import NotWindowable
from tests.drafts.test_file_safety import HAND_WRITTEN
from tests.drafts.test_properties import DRAFT as FUZZED

KINDS = ("insert", "remove", "move", "text", "title", "sign", "add-section", "move-section",
         "heading", "remove-section")
operation = st.tuples(st.sampled_from(KINDS), st.integers(0, 99), st.integers(0, 99))


def _apply(edit: DraftEdit, kind: str, a: int, b: int, counter: int) -> None:
    keys = edit.section_keys()
    key = keys[a % len(keys)]
    count = len(edit._existing_items(key))
    if kind == "insert":
        edit.insert(key, CommentedMap([("text", f"Paragraph {counter}.")]), b % (count + 1) + 1)
    elif kind == "remove" and count > 1:
        edit.remove(key, b % count + 1)
    elif kind == "move" and count > 1:
        target = keys[b % len(keys)]
        edit.insert(target, edit.remove(key, b % count + 1))
    elif kind == "text" and count:
        edit.set_text(key, b % count + 1, f"Changed {counter}.", "en")
    elif kind == "title":
        edit.set_field("title", f"Title {counter}", "en")
    elif kind == "sign":
        edit.sign(f"Organisation {b % 3}", country="Norway", date=dt.date(2026, 12, 1))
    elif kind == "add-section" and f"extra-{counter}" not in keys:
        edit.add_section(f"extra-{counter}", after=key)
    elif kind == "move-section" and len(keys) > 1:
        other = keys[b % len(keys)]
        if other != key:
            edit.move_section(key, before=other)
    elif kind == "heading":
        edit.set_section_field(key, "heading", f"Heading {counter}", "en")
    elif kind == "remove-section" and len(keys) > 1:
        edit.remove_section(key, force=True)


def _data(source: bytes, ops: list[tuple[str, int, int]], windowed: bool) -> object:
    edit = DraftEdit(Path("draft.yaml"), source, windowed=windowed)
    for counter, (kind, a, b) in enumerate(ops):
        _apply(edit, kind, a, b, counter)
    result = edit.result()
    if result.data is None:
        return None
    data = load_yaml(result.data.decode("utf-8-sig"), "draft.yaml")
    return repr(data.to_python())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([HAND_WRITTEN, FUZZED]), st.lists(operation, min_size=1, max_size=6))
def test_the_window_and_the_round_trip_agree(text: str, ops: list[tuple[str, int, int]]
                                             ) -> None:
    source = text.encode("utf-8")
    try:
        windowed = _data(source, ops, True)
    except (NeedsRoundTrip, NotWindowable):
        windowed = _data(source, ops, False)  # what edit_draft does: start again whole
    assert windowed == _data(source, ops, False)
