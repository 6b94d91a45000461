"""`csp-draft import`: the coalition's own documents back into drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft
from tests.archive.roundtrip import EXAMPLES, compare

# Every example, exported to Markdown, DOCX or PDF and imported back, gives the same clause
# uses in the same order with the same values, no clause the original does not use there,
# and the same Markdown byte for byte. That includes the remarks, which say their clauses
# in their own words (found by the rare words they share with the clause, and by asking
# for something), and the Minsk resolution in Russian, which prints a one-off name only in
# the accusative (its nominative is read back with the dictionary).
# `python bench/import_roundtrip.py` prints the same figures.


def _clause_ids(path: Path) -> list[str]:
    draft = read_draft(path)
    ids: list[str] = []

    def walk(items) -> None:
        for item in items:
            if item.clause_id:
                ids.append(item.clause_id)
            walk(item.items)

    for section in draft.sections:
        walk(section.items)
    return ids


@pytest.mark.parametrize("fmt", ["md", "docx", pytest.param("pdf", marks=pytest.mark.slow)])
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_comes_back_with_its_clauses_and_values(cli, tmp_path: Path, example: str,
                                                        lang: str, fmt: str) -> None:
    original = tmp_path / f"{example}.yaml"
    assert cli("example", example, original).code == 0
    exported = tmp_path / f"{example}-{lang}.{fmt}"
    assert cli("export", original, "-f", fmt, "--lang", lang, "-o", exported).code == 0
    result = cli("import", exported, "-o", tmp_path / "imported")
    assert result.code == 0, result.err
    imported = tmp_path / "imported" / f"{example}-{lang}.yaml"
    checked = cli("check", imported)
    assert checked.code == 0, checked.out + checked.err
    assert " no errors" in checked.out + checked.err
    found = _clause_ids(imported)
    assert found, "no clause of the library was recognised"
    assert set(found) <= set(_clause_ids(original))  # never a clause the document lacks
    outcome = compare(original, imported, lang)
    assert outcome.uses == len(_clause_ids(original))
    assert (outcome.missed, outcome.extra) == ([], [])
    again, remade = tmp_path / "again.md", tmp_path / "remade.md"
    assert cli("export", original, "-f", "md", "--lang", lang, "-o", again).code == 0
    assert cli("export", imported, "-f", "md", "--lang", lang, "-o", remade).code == 0
    assert remade.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")


def test_minsk_markdown_gives_back_clauses_values_addressees_and_title_block(
        cli, tmp_path: Path) -> None:
    original = tmp_path / "minsk.yaml"
    cli("example", "minsk-2017", original)
    cli("export", original, "-f", "md", "--lang", "en", "-o", tmp_path / "minsk.md")
    result = cli("import", tmp_path / "minsk.md", "-o", tmp_path / "out", "--report",
                 tmp_path / "report.md")
    assert result.code == 0, result.err
    assert "wrote " + str(tmp_path / "out" / "minsk.yaml") in result.out
    draft = read_draft(tmp_path / "out" / "minsk.yaml")
    assert draft.kind == "resolution"
    assert draft.title == {"en": "Resolution of the Civil Society Forum"}
    assert (draft.place, str(draft.date)) == ({"en": "Minsk"}, "2017-07-04")
    preamble = draft.section("preamble").items[0]
    assert preamble.clause_id == "resolution-preamble"
    assert sorted(preamble.values) == ["addressed_to", "date", "event", "pa_session", "place"]
    recommendations = draft.section("recommendations").items
    assert [(i.clause_id, i.addressee) for i in recommendations[1:4]] == [
        ("decriminalise-defamation", "participating-states"),
        ("internet-freedom", "participating-states"),
        ("repeal-foreign-agent-laws", "participating-states")]
    assert recommendations[-2].addressee == "government-of-belarus"  # "To the Gov...:"
    assert recommendations[-1].addressee == "participating-states"  # the heading again
    demands = recommendations[-1]  # its sixteen bullets are the clause's loop, read back
    assert (demands.clause_id, demands.items) == ("minimum-demands", ())
    values = {name: node.to_python() for name, node in demands.values.items()}
    assert (values["country"], values["mechanism"]) == ({"en": "Belarus"}, "moscow-mechanism")
    listed = [demand["en"] for demand in values["demands"]]
    assert (len(listed), listed[0], listed[-1]) == (
        16, "Release all political prisoners and restore their rights",
        "End pressure on independent trade unions")
    assert "Guarantee lawyers' independence and end disbarment for defending clients" in listed
    assert recommendations[0].values["defenders"].to_python() == [  # a case record by id
        "zhamchuzhny", {"name": {"en": "Dzmitry Palijenka"}, "country": {"en": "Belarus"}}]
    assert [s.organisation for s in draft.signatories][:2] == [  # as the list sorts them
        {"en": "Belarusian Helsinki Committee"}, {"en": "Human Rights Center “Viasna”"}]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert ("| preamble.1 | line 40 | clause | resolution-preamble | the clause renders this "
            "paragraph exactly; values: addressed_to, date, event, pa_session, place |") in report


def test_a_paragraph_reworded_is_the_clause_in_its_own_words_with_a_redline(
        cli, tmp_path: Path) -> None:
    source = tmp_path / "statement.txt"
    source.write_text(
        "Joint statement on libel\n\n"
        "1. Decriminalise libel and insult, including the insult of public officials and of "
        "the head of State; leave such disputes to the civil courts, with damages in "
        "proportion to the harm and with truth accepted as a defence.\n\n"
        "2. Something no clause says about the weather in Vienna.\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out", "--report", tmp_path / "r.md")
    assert result.code == 0, result.err
    items = read_draft(tmp_path / "out" / "statement.yaml").sections[0].items
    assert items[0].clause_id == "decriminalise-defamation"
    assert items[0].text["en"].startswith("Decriminalise libel and insult")
    assert items[1].clause_id is None
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert ("{--proportionate--}{++in proportion++} to the harm … and with truth {--and the "
            "public interest --}accepted as a") in report


def test_unknown_formats_and_existing_drafts_are_refused_plainly(cli, tmp_path: Path) -> None:
    odt = tmp_path / "old.odt"
    odt.write_bytes(b"PK")
    result = cli("import", odt, "-o", tmp_path)
    assert result.code == 1
    assert result.err.strip().endswith(
        "error: cannot import a '.odt' file; import .docx, .md, .txt or .pdf files (save a "
        ".doc or .odt as .docx first)")
    text = tmp_path / "a.txt"
    text.write_text("Title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    kept = tmp_path / "out" / "a.yaml"
    kept.write_text("# precious\n", encoding="utf-8")
    result = cli("import", text, "-o", tmp_path / "out")
    assert result.code == 1
    assert "a draft of this name exists already; nothing was written" in result.err
    assert kept.read_text(encoding="utf-8") == "# precious\n"


def test_a_text_pdf_is_read_through_its_text_layer(cli, tmp_path: Path) -> None:
    original = tmp_path / "statement.yaml"
    cli("example", "joint-statement", original)
    assert cli("export", original, "-f", "pdf", "--lang", "en", "-o",
               tmp_path / "s.pdf").code == 0
    result = cli("import", tmp_path / "s.pdf", "-o", tmp_path / "out", "--kind", "statement")
    assert result.code == 0, result.err
    assert "decriminalise-defamation" in _clause_ids(tmp_path / "out" / "s.yaml")
    draft = read_draft(tmp_path / "out" / "s.yaml")  # the title block: the PDF's properties
    assert (draft.title, str(draft.date), draft.authors) == (
        {"en": "Joint Statement: Decriminalise Libel and Repeal “Foreign Agent” Laws"},
        "2024-05-03", ({"en": "Civic Solidarity Platform"},))


def test_a_free_text_is_adopted_into_the_workspace_library_and_used(
        cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    assert cli("init", workspace).code == 0
    monkeypatch.chdir(workspace)
    source = workspace / "old.txt"
    source.write_text("Statement\n\n1. Stop harassing the relatives of exiled journalists "
                      "in their home countries.\n", encoding="utf-8")
    assert cli("import", source, "-o", "drafts").code == 0
    draft = workspace / "drafts" / "old.yaml"
    key = read_draft(draft).sections[0].key
    result = cli("clauses", "adopt", draft, f"{key}.1", "--id", "relatives-of-exiles",
                 "--topic", "transnational-repression")
    assert result.code == 0, result.err
    clause_file = workspace / "clauses" / "adopted" / "relatives-of-exiles.yaml"
    assert clause_file.is_file()
    assert read_draft(draft).sections[0].items[0].clause_id == "relatives-of-exiles"
    shown = cli("clauses", "show", "relatives-of-exiles")
    assert "Stop harassing the relatives of exiled journalists" in shown.out
    checked = cli("check", draft)
    assert checked.code == 0, checked.out + checked.err
    again = cli("clauses", "adopt", draft, f"{key}.1", "--id", "other-id")
    assert again.code == 1
    assert f"{key}.1 is the clause 'relatives-of-exiles' already" in again.err
    assert not (workspace / "clauses" / "adopted" / "other-id.yaml").exists()


def test_a_free_text_with_jinja_syntax_is_adopted_as_written(
        cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    assert cli("init", workspace).code == 0
    monkeypatch.chdir(workspace)
    said = "Stop the {{ harassment }} of exiles {% endraw %} now {#."
    (workspace / "old.txt").write_text(f"Statement\n\n1. {said}\n", encoding="utf-8")
    assert cli("import", workspace / "old.txt", "-o", "drafts").code == 0
    draft = workspace / "drafts" / "old.yaml"
    key = read_draft(draft).sections[0].key
    result = cli("clauses", "adopt", draft, f"{key}.1", "--id", "exiles-braces")
    assert result.code == 0, result.err
    assert cli("export", draft, "-f", "md", "-o", "old.md").code == 0
    assert f"1. {said}" in (workspace / "old.md").read_text(encoding="utf-8")


def test_signatories_the_registry_knows_become_members(cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    assert cli("init", workspace).code == 0
    monkeypatch.chdir(workspace)
    assert cli("members", "add", "viasna", "--name", 'en=Human Rights Center "Viasna"',
               "--name", "ru=Правозащитный центр «Весна»", "--country", "BY").code == 0
    source = workspace / "statement.txt"
    source.write_text("Joint statement\n\nWe call for the release of all defenders.\n\n"
                      "Signatories\n\nHuman Rights Center “Viasna” (Belarus)\n\n"
                      "Belarus (2): Belarusian Helsinki Committee; Human Rights Center Viasna\n\n"
                      "Netherlands Helsinki Committee (Netherlands)\n", encoding="utf-8")
    assert cli("import", source, "-o", "drafts").code == 0
    signatories = read_draft(workspace / "drafts" / "statement.yaml").signatories
    assert [s.member for s in signatories] == ["viasna", None, "viasna", None]
    assert [(s.organisation, s.country) for s in signatories[1::2]] == [
        ({"en": "Belarusian Helsinki Committee"}, {"en": "Belarus"}),
        ({"en": "Netherlands Helsinki Committee"}, {"en": "Netherlands"})]


def test_remarks_without_headings_come_back_in_their_three_parts(cli, tmp_path: Path) -> None:
    original = tmp_path / "remarks.yaml"
    cli("example", "vilnius-2011-remarks", original)
    cli("export", original, "-f", "md", "--lang", "ru", "-o", tmp_path / "remarks.md")
    assert cli("import", tmp_path / "remarks.md", "-o", tmp_path / "out").code == 0
    draft = read_draft(tmp_path / "out" / "remarks.yaml")
    assert [(s.key, len(s.items)) for s in draft.sections] == [
        ("salutation", 1), ("body", 7), ("closing", 1)]
    assert [item.clause_id for item in draft.section("body").items] == [
        None, "release-defenders", "representative-on-defenders", "digital-age-declaration",
        "decriminalise-defamation", "visa-liberalisation", None]


@pytest.mark.parametrize(("lang", "paragraph", "key", "words"), [
    ("en", "We call on the Belarusian authorities to release all political prisoners in "
     "Belarus, and review every conviction handed down in a politically motivated case.",
     "belarusian-authorities", {"en": {"name": "the Belarusian authorities"}}),
    ("ru", "Мы призываем белорусские власти освободить всех политических заключённых в "
     "Беларуси и пересмотреть все приговоры, вынесенные по политически мотивированным "
     "делам.", "belorusskie-vlasti",
     {"ru": {"nom": "белорусские власти", "acc": "белорусские власти",
             "dat": "белорусским властям"}}),
])
def test_a_lead_in_naming_someone_the_registry_does_not_know_defines_them(
        cli, tmp_path: Path, lang: str, paragraph: str, key: str, words: dict) -> None:
    source = tmp_path / "statement.md"
    heading = {"en": "Our calls", "ru": "Наши призывы"}[lang]
    source.write_text(f"# Statement\n\n## {heading}\n\n1. {paragraph}\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out", "--report", tmp_path / "r.md")
    assert result.code == 0, result.err
    draft = read_draft(tmp_path / "out" / "statement.yaml")
    item = draft.section("calls").items[0]
    assert (item.clause_id, item.addressee) == ("release-political-prisoners", key)
    assert draft.addressees[key].forms == words
    again = tmp_path / "again.md"
    assert cli("export", tmp_path / "out" / "statement.yaml", "-f", "md", "-o", again).code == 0
    assert paragraph in again.read_text(encoding="utf-8")


def test_bullets_beside_a_paragraph_ending_in_a_colon_are_its_clauses_list(
        cli, tmp_path: Path) -> None:
    source = tmp_path / "outcome.md"
    source.write_text(
        "# Outcome\n\n## The situation in Belarus\n\n"
        "Our members report mass arrests.\n\n"
        "Urge the authorities of Belarus to meet at least the following demands without "
        "delay:\n\n- Release all political prisoners and rehabilitate them\n"
        "- Repeal Article 193.1 of the Criminal Code\n\n"
        "Should they fail to do so, invoke the OSCE Moscow Mechanism again.\n\n"
        "## Conclusions\n\nWe will meet again.\n", encoding="utf-8")
    assert cli("import", source, "-o", tmp_path / "out").code == 0
    draft = read_draft(tmp_path / "out" / "outcome.yaml")
    items = [item for section in draft.sections for item in section.items]
    assert [item.clause_id for item in items] == [None, "minimum-demands", None]
    values = {name: node.to_python() for name, node in items[1].values.items()}
    assert values == {"country": {"en": "Belarus"}, "mechanism": "moscow-mechanism",
                      "demands": [{"en": "Release all political prisoners and rehabilitate "
                                   "them"}, {"en": "Repeal Article 193.1 of the Criminal Code"}]}
    assert items[1].items == ()  # the bullets are the clause's list, not items of their own


def test_remarks_with_no_paragraph_but_a_lead_in_import(cli, tmp_path: Path) -> None:
    source = tmp_path / "lead.md"
    source.write_text("# Remarks\n\nDear colleagues:\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out", "--kind", "remarks")
    assert result.code == 0, result.err
