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


def _import(cli, tmp_path: Path, markdown: str, *extra: str) -> tuple[Path, str]:
    source = tmp_path / "archive.md"
    source.write_text(markdown, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out", "--report", tmp_path / "r.md",
                 "--force", *extra)
    assert result.code == 0, result.err
    return tmp_path / "out" / "archive.yaml", (tmp_path / "r.md").read_text(encoding="utf-8")


def _first_item(path: Path):
    from csp_draft.drafts.read import read_draft

    return read_draft(path).sections[0].items[0]


SPEECH = ("Our first request is simple. Defenders sit in prison today for their work, "
          "among them Ales Bialiatski (Belarus). We ask the States that hold them to set "
          "them free without conditions.")


def test_a_request_in_other_words_is_the_clause_with_its_people_as_values(
        cli, tmp_path: Path) -> None:
    draft, report = _import(cli, tmp_path, f"# Remarks\n\n{SPEECH}\n")
    item = _first_item(draft)
    assert item.clause_id == "release-defenders"
    assert item.values["defenders"].to_python() == ["bialiatski"]
    assert item.text == {"en": SPEECH.replace("Ales Bialiatski (Belarus)",
                                              "{{ defenders | people }}")}
    assert "| clause, own wording | release-defenders | in this document's own words" in report
    again = tmp_path / "again.md"
    assert cli("export", draft, "-f", "md", "-o", again).code == 0
    assert SPEECH in again.read_text(encoding="utf-8")


def test_a_russian_request_names_its_people_in_their_case(cli, tmp_path: Path) -> None:
    speech = ("Мы просим освободить правозащитников, лишённых свободы за их деятельность, и "
              "прежде всего Алеся Беляцкого (Беларусь), а также полностью восстановить их в "
              "правах.")
    draft, _ = _import(cli, tmp_path, f"# Заключительное слово\n\n{speech}\n")
    item = _first_item(draft)
    assert item.clause_id == "release-defenders"
    assert item.values["defenders"].to_python() == ["bialiatski"]
    assert "и прежде всего {{ defenders | people('acc') }}, а также" in item.text["ru"]
    again = tmp_path / "again.md"
    assert cli("export", draft, "-f", "md", "--lang", "ru", "-o", again).code == 0
    assert speech in again.read_text(encoding="utf-8")


def test_the_same_subject_told_not_asked_stays_free_text(cli, tmp_path: Path) -> None:
    told = ("Defenders sit in prison today for their work, among them Ales Bialiatski "
            "(Belarus); the conditions of their detention are harsh.")
    draft, report = _import(cli, tmp_path, f"# Remarks\n\n{told}\n")
    item = _first_item(draft)
    assert (item.clause_id, item.text) == (None, {"en": told})
    assert "| free text |" in report


TWIN = """\
id: {id}
title: {{en: Twin}}
kind: recommendation
topics: [testing]
text:
  en: Protect the quokkas of Rottnest Island and the numbats of Dryandra Woodland.
version: "1"
updated: 2026-12-02
"""


def test_a_request_two_clauses_share_alike_stays_free_text(
        cli, write_clause, tmp_path: Path) -> None:
    write_clause("quokkas-one", TWIN.format(id="quokkas-one"))
    write_clause("quokkas-two", TWIN.format(id="quokkas-two"))
    asked = "We ask the authorities to look after the quokkas and numbats of Rottnest Island."
    draft, report = _import(cli, tmp_path, f"# Statement\n\n{asked}\n",
                            "--library", tmp_path / "lib")
    assert _first_item(draft).clause_id is None
    assert "| free text |" in report


def test_jinja_in_an_archived_paragraph_is_printed_as_written(cli, tmp_path: Path) -> None:
    hostile = (SPEECH[:-1] + ", {{ 7 * 7 }} of them {% if true %}now{% endif %}, "
               "{# and #} {% endraw %} {{{.")
    draft, _ = _import(cli, tmp_path, f"# Remarks\n\n{hostile}\n")
    assert _first_item(draft).clause_id == "release-defenders"
    again = tmp_path / "again.md"
    assert cli("export", draft, "-f", "md", "-o", again).code == 0
    shown = again.read_text(encoding="utf-8")
    assert hostile in shown
    assert "49" not in shown


def test_braces_around_the_names_stay_braces(cli, tmp_path: Path) -> None:
    braced = SPEECH.replace("Ales Bialiatski (Belarus)", "{Ales Bialiatski (Belarus)}")
    draft, _ = _import(cli, tmp_path, f"# Remarks\n\n{braced}\n")
    item = _first_item(draft)
    assert item.values["defenders"].to_python() == ["bialiatski"]
    again = tmp_path / "again.md"
    assert cli("export", draft, "-f", "md", "-o", again).code == 0
    assert braced in again.read_text(encoding="utf-8")
