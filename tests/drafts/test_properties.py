"""Property: any sequence of add/move/remove/set keeps a loadable draft, does exactly what a
simple model of the sections predicts, and leaves all unrelated content as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from csp_draft.drafts.assignments import text_assignment
from csp_draft.drafts.edit import DraftEdit, edit_draft
from csp_draft.drafts.read import read_draft

EDITED = ("preamble", "situation", "recommendations")

HEAD = """\
# Top comment: this draft is edited by a fuzzer.
kind: resolution   # kind comment
title: {en: "Fuzzed", ru: 'Фаззинг'}
date: 2017-07-04
languages: [en, ru]
values:
  country:   Belarus   # odd spacing stays
sections:
"""
SECTIONS = """\
  # Before the preamble.
  preamble:   # preamble key comment
    items:
      - clause: fx-concern
      # Trailing comment of the preamble.

  # Before the situation.
  situation:
    heading: {en: Situation, ru: Положение}
    items: []
  recommendations:
    numbered: true
    items:
      - clause: fx-free-media
      - clause: fx-monitoring
        values: {experts: 1}
  # Before the annex, which no operation touches.
"""
ANNEX = """\
  annex:
    heading: {en: "Annex", ru: Приложение}
    items:
      - text: |
          # A Markdown heading in a literal block
          ~ not null ~
      - clause: fx-goal   # never moved
"""
TAIL = """\
signatories:
  - {organisation: Viasna, country: Belarus, status: confirmed}   # flow entry
# Last comment.
"""
DRAFT = HEAD + SECTIONS + ANNEX + TAIL
COMMENTS = sorted(line.strip() for line in (HEAD + SECTIONS + TAIL).splitlines()
                  if line.strip().startswith("#"))

operation = st.tuples(st.sampled_from(["add", "text", "move", "remove", "set"]),
                      st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 1000))


def model_of(path: Path) -> dict[str, list[str]]:
    draft = read_draft(path)
    return {s.key: [i.clause_id or f"text:{i.text}" for i in s.items] for s in draft.sections}


def experts_of(path: Path) -> list[str]:
    draft = read_draft(path)
    return [i.values["experts"].text for s in draft.sections for i in s.items
            if "experts" in i.values]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=8))
def test_random_edits_keep_the_draft_and_unrelated_content(ops: list[tuple[str, int, int, int]]
                                                           ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(DRAFT, encoding="utf-8")
        model = model_of(path)
        experts = experts_of(path)
        counter = 0
        for kind, a, b, c in ops:
            counter += 1
            section = EDITED[a % 3]
            items = model[section]
            if kind in ("add", "text"):
                at = b % (len(items) + 1) + 1
                if kind == "add":
                    clause = ("fx-free-media", "fx-goal", "fx-concern")[c % 3]
                    item = CommentedMap([("clause", clause)])
                    expected = clause
                else:
                    words = f"Text {counter}: with # hash and 'quotes'"
                    item = CommentedMap([("text", text_assignment("text", words, "t").data)])
                    expected = f"text:{words}"
                edit_draft(path, lambda e, s=section, i=item, p=at: e.insert(s, i, p))
                items.insert(at - 1, expected)
            elif not items:
                continue
            elif kind == "remove":
                index = b % len(items) + 1
                edit_draft(path, lambda e, s=section, i=index: e.remove(s, i))
                removed = items.pop(index - 1)
                if removed == "fx-monitoring":
                    experts.pop(_monitoring_index(model, section, index))
            elif kind == "move":
                index = b % len(items) + 1
                target = EDITED[c % 3]
                entry = items.pop(index - 1)
                at = c % (len(model[target]) + 1) + 1

                def move(e: DraftEdit, s: str = section, i: int = index, t: str = target,
                         p: int = at) -> None:
                    e.insert(t, e.remove(s, i), p)

                edit_draft(path, move)
                model[target].insert(at - 1, entry)
                experts = experts_of(path)  # order of monitoring items may change
            elif kind == "set":
                uses = [(s, i) for s in EDITED for i, x in enumerate(model[s], 1)
                        if x == "fx-monitoring"]
                if not uses:
                    continue
                where = uses[b % len(uses)]
                edit_draft(path, lambda e, w=where, n=c: e.set_values(*w, {"experts": n}))
                experts = experts_of(path)
                assert str(c) in experts
            assert model_of(path) == model
            text = path.read_text(encoding="utf-8")
            assert text.startswith(HEAD)
            assert ANNEX in text
            assert text.endswith(TAIL)
            assert sorted(line.strip() for line in text.splitlines()
                          if line.strip().startswith("#")
                          and "Markdown heading" not in line) == COMMENTS
        assert experts == experts_of(path)


def _monitoring_index(model: dict[str, list[str]], section: str, index: int) -> int:
    """Which of the fx-monitoring uses (in document order) was at section.index."""
    before = 0
    for key in model:
        if key == section:
            items = model[key][: index - 1]
            return before + items.count("fx-monitoring")
        before += model[key].count("fx-monitoring")
    raise AssertionError(section)
