"""A clause use in the document's own words needs no values: nothing renders them."""

from __future__ import annotations

from pathlib import Path

DRAFT = """\
kind: statement
title: {{en: Statement, ru: Заявление}}
languages: [{languages}]
sections:
  calls:
    items:
      - clause: release-defenders
        text: {text}
"""


def test_own_wording_in_every_language_needs_no_values(cli, tmp_path: Path) -> None:
    draft = tmp_path / "s.yaml"
    draft.write_text(DRAFT.format(languages="en", text="{en: Free them all.}"),
                     encoding="utf-8")
    result = cli("check", draft)
    assert result.code == 0, result.out + result.err
    assert "lacks required" not in result.out + result.err


def test_own_wording_missing_a_language_still_needs_the_values(cli, tmp_path: Path) -> None:
    draft = tmp_path / "s.yaml"
    draft.write_text(DRAFT.format(languages="en, ru", text="{en: Free them all.}"),
                     encoding="utf-8")
    result = cli("check", draft)
    assert result.code == 1
    assert "calls.1 (release-defenders) lacks required 'defenders'" in result.out + result.err
