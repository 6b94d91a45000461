"""What changed between two drafts, read from the drafts (not from the rendered text)."""

from __future__ import annotations

import copy
from typing import Any

from csp_draft.compare.summary import draft_changes
from tests.compare.library import base_draft, draft_of, renderer


def draft(*recommendations: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = base_draft()
    data["sections"] = {"recommendations": {"items": list(recommendations)}}
    data.update(extra)
    return data


def lines(old: dict[str, Any], new: dict[str, Any], *, library: bool = True) -> list[str]:
    return draft_changes(draft_of(old), draft_of(new),
                         renderer().library if library else None).lines()


LIBEL = {"clause": "cmp-libel"}
OBSERVERS = {"clause": "cmp-observers", "values": {"countries": ["Belarus"]}}
ASSEMBLY = {"clause": "cmp-assembly", "values": {"country": "Belarus"}}


def test_the_same_draft_has_no_changes() -> None:
    assert lines(draft(LIBEL, OBSERVERS), draft(LIBEL, OBSERVERS)) == []


def test_an_inserted_clause_moves_nothing() -> None:
    assert lines(draft(LIBEL, OBSERVERS), draft(ASSEMBLY, LIBEL, OBSERVERS)) == [
        "clause added: cmp-assembly at recommendations.1"]


def test_a_clause_that_changed_place_within_its_section_is_moved() -> None:
    assert lines(draft(LIBEL, OBSERVERS, ASSEMBLY), draft(OBSERVERS, ASSEMBLY, LIBEL)) == [
        "clause moved: cmp-libel from recommendations.1 to recommendations.3"]


def test_repeated_clauses_pair_in_order() -> None:
    belarus = {"clause": "cmp-assembly", "values": {"country": "Belarus"}}
    russia = {"clause": "cmp-assembly", "values": {"country": "Russia"}}
    assert lines(draft(belarus, russia), draft(belarus)) == [
        "clause removed: cmp-assembly from recommendations.2"]


def test_values_compare_as_rendered_including_defaults_and_draft_wide_values() -> None:
    old = draft({"clause": "cmp-assembly"}, {"clause": "cmp-monitoring"},
                values={"country": "Belarus"})
    new = draft({"clause": "cmp-assembly"}, {"clause": "cmp-monitoring",
                                              "values": {"mechanism": "moscow"}},
                values={"country": "Russia"})
    assert lines(old, new) == [
        "document changed: values",
        "values changed: cmp-assembly at recommendations.1: country",
    ]


def test_without_a_library_the_draft_values_are_compared() -> None:
    old = draft({"clause": "cmp-monitoring"})
    new = draft({"clause": "cmp-monitoring", "values": {"mechanism": "moscow"}})
    assert lines(old, new, library=False) == [
        "values changed: cmp-monitoring at recommendations.1: mechanism"]


def test_own_wording_and_footnotes() -> None:
    old = draft(LIBEL, {"text": "Courts sat at night.", "footnote": "Reports."})
    new = draft({"clause": "cmp-libel", "text": "Decriminalise libel now."},
                {"text": "Courts sat at night.", "footnote": "Court records."})
    assert lines(old, new) == [
        "wording changed: cmp-libel at recommendations.1",
        "footnote changed: text at recommendations.2",
    ]


def test_free_text_added_removed_and_changed_across_sections() -> None:
    old = base_draft()
    old["sections"] = {"situation": {"items": [{"text": "One."}, {"text": "Two."}]},
                       "annex": {"heading": "Annex", "items": [{"text": "Gone."}]}}
    new = copy.deepcopy(old)
    del new["sections"]["annex"]
    new["sections"]["situation"]["items"] = [{"text": "One, changed."}, {"text": "Two."},
                                             {"text": "Three."}]
    assert lines(old, new) == [
        "document changed: sections",
        "text changed at situation.1",
        "text added at situation.3",
        "text removed from annex.1",
    ]


def test_signatories_by_organisation() -> None:
    old = draft(signatories=[
        {"organisation": {"en": "Viasna", "ru": "Весна"}, "country": "Belarus"},
        {"organisation": "Memorial", "status": "pending"},
    ])
    new = draft(signatories=[
        {"organisation": "Memorial", "status": "withdrawn"},
        {"organisation": "Freedom Now", "country": "Kazakhstan"},
    ])
    assert lines(old, new) == [
        "signatory added: Freedom Now (Kazakhstan)",
        "signatory removed: Viasna (Belarus)",
        "signatory Memorial: pending -> withdrawn",
    ]
