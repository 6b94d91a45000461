"""Sections, sub-items, addressees and references through the commands, and what `check`
says about them."""

from __future__ import annotations

from pathlib import Path

from csp_draft.render import grammar
from tests.drafts.conftest import Cli


def lines_of(result_err: str) -> list[str]:
    return result_err.splitlines()


def test_positions_punctuate_and_capitalise() -> None:
    assert grammar.place("release them at once.", "operative") == "Release them at once."
    assert grammar.place("recalling the Copenhagen Document.", "preambular") == (
        "Recalling the Copenhagen Document,")
    assert grammar.place("meet these demands", "operative", ending=":") == (
        "Meet these demands:")
    assert grammar.sub_item("Release them.", last=False, lower=True) == "release them;"
    assert grammar.sub_item("Release them", last=True, lower=True) == "release them."
    assert grammar.sub_item("ODIHR should act", last=False, lower=True) == "ODIHR should act;"
    assert grammar.sub_item("Ales Bialiatsky", last=True, lower=False) == "Ales Bialiatsky."


def test_sections_added_moved_renamed_and_removed(resolution: Path, cli: Cli) -> None:
    assert cli("section", "add", resolution, "belarus", "--after", "situation",
               "--heading", "Belarus").code == 0
    assert cli("section", "set", resolution, "belarus", "--lang", "ru",
               "--heading", "Беларусь").code == 0
    assert cli("section", "move", resolution, "belarus", "--before", "preamble").code == 0
    text = resolution.read_text(encoding="utf-8")
    assert text.index("  belarus:") < text.index("  preamble:")
    assert "    heading:\n      en: Belarus\n      ru: Беларусь\n" in text
    assert cli("add-text", resolution, "--section", "belarus", "A finding.").code == 0
    refused = cli("section", "remove", resolution, "belarus")
    assert (refused.code, refused.err) == (
        1, f"{resolution}: error: section 'belarus' has 1 item; move them elsewhere first, or "
        "remove them with it using --force\n")
    removed = cli("section", "remove", resolution, "belarus", "--force")
    assert (removed.code, removed.err) == (0, "removed section belarus and its 1 items\n")
    assert "belarus" not in resolution.read_text(encoding="utf-8")


def test_section_errors(resolution: Path, cli: Cli) -> None:
    again = cli("section", "add", resolution, "situation")
    assert (again.code, again.err) == (
        1, f"{resolution}: error: the draft already has a section 'situation'; change it with "
        "`csp-draft section set`\n")
    nowhere = cli("section", "move", resolution, "recommendations", "--after", "preambel")
    assert (nowhere.code, nowhere.err) == (
        1, f"{resolution}: error: the draft has no section 'preambel'; did you mean "
        "'preamble'?\n")
    nothing = cli("section", "set", resolution, "situation")
    assert (nothing.code, nothing.err) == (
        2, "error: say what to change; e.g. --heading TEXT; see --help\n")


def test_grouped_recommendations_with_sub_items_and_a_reference(resolution: Path, cli: Cli
                                                                 ) -> None:
    steps = [
        ["section", "set", resolution, "recommendations", "--lead-in", "We recommend:"],
        ["add-clause", resolution, "fx-free-media", "--id", "media"],
        ["add-clause", resolution, "fx-monitoring", "--addressee", "odihr"],
        ["add-clause", resolution, "fx-release", "--under", "recommendations.2",
         "--set", "defenders=[{name: Ales Bialiatsky, country: Belarus}]"],
        ["add-text", resolution, "--under", "recommendations.2", "Publish what you find."],
        ["add-text", resolution, "--section", "situation", "See recommendation [[media]]."],
        ["move", resolution, "recommendations.1", "--to", "recommendations"],
    ]
    for args in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    # The structure is under test here, in English: the Russian texts are not written, so
    # English stands in for them.
    check = cli("check", resolution, "--fallback", "en")
    assert check.code == 0, check.err
    assert ": error:" not in check.err
    preview = cli("export", resolution, "--format", "md", "--lang", "en", "-o", "out/")
    assert preview.code == 0, preview.err
    text = Path("out/test.en.md").read_text(encoding="utf-8")
    body = text[text.index("# The situation"):]
    assert body.split("\n\n") == [
        "# The situation in the OSCE region",
        "See recommendation 2.",
        "# Recommendations",
        "We recommend:",
        "**To ODIHR:**",
        "1. Invoke the moscow mechanism:",
        "   - release Ales Bialiatsky (Belarus) at once;\n   - Publish what you find.",
        "**To the OSCE participating States:**",
        "2. Guarantee the freedom of the media.\n",
    ]


def test_lead_in_addressing_in_russian(resolution: Path, cli: Cli) -> None:
    assert cli("info", resolution, "--addressing", "lead-in").code == 0
    assert cli("add-clause", resolution, "fx-monitoring").code == 0
    assert cli("add-clause", resolution, "fx-free-media", "--addressee", "chairperson-in-office"
               ).code == 0
    result = cli("export", resolution, "--format", "md", "--lang", "ru", "-o", "out/")
    assert result.code == 0, result.err
    text = Path("out/test.ru.md").read_text(encoding="utf-8")
    assert "1. Призывает Постоянный совет ОБСЕ задействовать механизм moscow.\n" in text
    assert "2. Призывает Действующего председателя ОБСЕ гарантировать свободу СМИ.\n" in text


def test_check_names_missing_addressee_form_and_reference(resolution: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8")
    text = text.replace("  recommendations:\n    items: []\n", """\
  recommendations:
    items:
      - clause: fx-observers
        addressee: nobody
        values: {countries: [Belarus]}
      - text: See [[nothing]].
""")
    resolution.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    observers = next(i for i, t in enumerate(lines, 1) if "clause: fx-observers" in t)
    reference = next(i for i, t in enumerate(lines, 1) if "text: See" in t)
    result = cli("check", resolution)
    assert result.code == 1
    assert f"{resolution}:{observers}:9: error: unknown addressee 'nobody' at " \
        "recommendations.1; use an id of the registry or add it under the draft's " \
        "'addressees:'" in lines_of(result.err)
    assert f"{resolution}:{reference}:9: error: [[nothing]] at recommendations.2 refers to " \
        "no item; give the item you mean 'id: nothing'" in lines_of(result.err)


def test_check_operative_clause_without_addressee(resolution: Path, cli: Cli, ws: Path) -> None:
    clause = ws / "clauses" / "test" / "fx-two-bodies.yaml"
    clause.parent.mkdir(parents=True, exist_ok=True)
    clause.write_text("""\
id: fx-two-bodies
title: Two bodies
kind: recommendation
topics: [testing]
addressees: [participating-states, odihr]
text:
  en: Act together.
  ru: Действовать сообща.
forms:
  operative:
    en: act together
version: "1"
updated: 2026-11-23
""", encoding="utf-8")
    assert cli("add-clause", resolution, "fx-two-bodies").code == 0
    lines = resolution.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "clause: fx-two-bodies" in t)
    result = cli("check", resolution)
    assert result.code == 1
    assert f"{resolution}:{line}:9: error: clause 'fx-two-bodies' at recommendations.1 has no " \
        "operative form in 'ru'; add 'ru:' under 'forms: operative:' in the clause file" \
        in lines_of(result.err)
    assert f"{resolution}:{line}:9: error: clause 'fx-two-bodies' at recommendations.1 names " \
        "no addressee; give the item 'addressee: ID' (e.g. odihr), or the clause one " \
        "'addressee:'" in lines_of(result.err)


def test_unknown_addressee_refused_at_once(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    result = cli("add-clause", resolution, "fx-free-media", "--addressee", "odhir")
    assert (result.code, result.err) == (2, "error: unknown addressee 'odhir'; did you mean "
                                            "'odihr'?\n")
    assert resolution.read_bytes() == before


def test_empty_section_prints_no_heading(resolution: Path, cli: Cli) -> None:
    assert cli("add-clause", resolution, "fx-free-media").code == 0
    result = cli("export", resolution, "--format", "md", "--lang", "en", "-o", "out/")
    assert result.code == 0, result.err
    text = Path("out/test.en.md").read_text(encoding="utf-8")
    assert "# The situation" not in text
    assert "# Recommendations" in text


def test_should_addressing_names_each_addressee_in_the_dative(resolution: Path, cli: Cli
                                                              ) -> None:
    """"ODIHR should ..." / «БДИПЧ следует ...»: the addressee (Russian: its dative) and
    "should" / «следует» before each operative form, for the draft or for one section."""
    steps = [["info", resolution, "--addressing", "should"],
             ["add-clause", resolution, "fx-monitoring"],
             ["add-clause", resolution, "fx-free-media", "--addressee", "chairperson-in-office"],
             ["add-clause", resolution, "fx-free-media", "--addressee", "odihr", "--at", "1"],
             ["add-clause", resolution, "fx-free-media", "--addressee", "osce-pa"],
             ["add-clause", resolution, "fx-free-media", "--addressee",
              "un-special-rapporteurs"]]
    for args in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    assert "addressing: should\n" in resolution.read_text(encoding="utf-8")
    result = cli("export", resolution, "--format", "md", "--lang", "en,ru", "-o", "out/")
    assert result.code == 0, result.err
    russian = Path("out/test.ru.md").read_text(encoding="utf-8")
    english = Path("out/test.en.md").read_text(encoding="utf-8")
    assert russian[russian.index("1. "):].split("\n\n") == [
        "1. БДИПЧ следует гарантировать свободу СМИ.",
        "2. Постоянному совету ОБСЕ следует задействовать механизм moscow.",
        "3. Действующему председателю ОБСЕ следует гарантировать свободу СМИ.",
        "4. Парламентской ассамблее ОБСЕ следует гарантировать свободу СМИ.",
        "5. Специальным докладчикам ООН следует гарантировать свободу СМИ.\n"]
    assert english[english.index("1. "):].split("\n\n")[:2] == [
        "1. ODIHR should guarantee the freedom of the media.",
        "2. The OSCE Permanent Council should invoke the moscow mechanism."]
    # A section chooses it over the draft's way: here, grouped by addressee.
    assert cli("info", resolution, "--addressing", "grouped").code == 0
    assert cli("section", "set", resolution, "recommendations", "--addressing", "should"
               ).code == 0
    again = cli("export", resolution, "--format", "md", "--lang", "ru", "-o", "out/", "--force")
    assert again.code == 0, again.err
    assert Path("out/test.ru.md").read_text(encoding="utf-8") == russian
    assert cli("check", resolution).code == 0


def test_every_subtitle_line_is_a_subtitle_paragraph(resolution: Path, cli: Cli) -> None:
    import docx

    for args in (["info", resolution, "--subtitle", "on the eve of the 26th Annual Session",
                  "--subtitle", "Minsk, 4 July 2017"],
                 ["info", resolution, "--lang", "ru", "--subtitle", "накануне 26-й сессии",
                  "--subtitle", "Минск, 4 июля 2017 г."],
                 ["add-clause", resolution, "fx-free-media"]):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    result = cli("export", resolution, "--format", "md,docx,html", "--lang", "en,ru",
                 "-o", "out/")
    assert result.code == 0, result.err
    for lang, lines in (("en", ["on the eve of the 26th Annual Session", "Minsk, 4 July 2017"]),
                        ("ru", ["накануне 26-й сессии", "Минск, 4\u00a0июля 2017\u00a0г."])):
        document = docx.Document(f"out/test.{lang}.docx")
        opening = [(p.style.name, p.text) for p in document.paragraphs[:3]]
        assert opening[1:] == [("Subtitle", line) for line in lines]
        assert opening[0][0] == "Title"
        assert not any(run.italic for p in document.paragraphs[1:3] for run in p.runs)
        html = Path(f"out/test.{lang}.html").read_text(encoding="utf-8")
        assert "".join(f'<p class="subtitle">{line}</p>' for line in lines) in html
        text = Path(f"out/test.{lang}.md").read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        assert "subtitle:\n- " + "\n- ".join(lines) + "\n" in front + "\n"
        assert lines[1] not in body


def test_notes_are_endnotes_in_a_press_release_and_footnotes_elsewhere(
    ws: Path, resolution: Path, cli: Cli
) -> None:
    release = ws / "drafts" / "release.yaml"
    steps = [["new", "press-release", release, "--title", "T", "--lang", "en,ru"],
             ["info", release, "--lang", "ru", "--title", "Т", "--author", "Коалиция"],
             ["info", release, "--endnote", "A note of the draft."],
             ["info", release, "--lang", "ru", "--endnote", "Примечание документа."],
             ["add-text", release, "--section", "body", "--lang", "en", "Second.",
              "--note", "Note on the second."],
             ["add-text", release, "--section", "body", "--lang", "en", "First.", "--at", "1",
              "--note", "Note on the first."],
             ["set", release, "body.1", "--lang", "ru", "--text", "Первый.", "--note",
              "Примечание к первому."],
             ["set", release, "body.2", "--lang", "ru", "--text", "Второй."]]
    for args in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    check = cli("check", release)
    assert check.code == 1
    assert (f"error: the footnote of body.2 has no 'ru' version; add it with `csp-draft set "
            f"{release} body.2 --lang ru --note ...`") in check.err
    done = cli("set", release, "body.2", "--lang", "ru", "--note", "Примечание ко второму.")
    assert (done.code, done.err) == (0, "set note of body.2 (text 'Second.')\n")
    result = cli("export", release, "--format", "md", "--lang", "en,ru", "-o", "out/")
    assert result.code == 0, result.err
    english = Path("out/release.en.md").read_text(encoding="utf-8")
    assert "First.\\[1\\]\n\nSecond.\\[2\\]\n" in english
    assert english.endswith("# Notes\n\n1. Note on the first.\n\n2. Note on the second.\n\n"
                            "3. A note of the draft.\n")
    assert "[^" not in english
    russian = Path("out/release.ru.md").read_text(encoding="utf-8")
    assert russian.endswith("# Примечания\n\n1. Примечание к первому.\n\n2. Примечание ко "
                            "второму.\n\n3. Примечание документа.\n")
    # In a resolution a note is a footnote.
    assert cli("add-text", resolution, "--section", "situation", "A finding.", "--note",
               "Its source.").code == 0
    exported = cli("export", resolution, "--format", "md", "--lang", "en", "-o", "out/",
                   "--fallback", "en")
    assert exported.code == 0, exported.err
    text = Path("out/test.en.md").read_text(encoding="utf-8")
    assert "A finding.[^1]\n" in text and "[^1]: Its source.\n" in text


def test_missing_form_is_a_warning_an_error_when_strict_and_none_when_written_as_is(
    resolution: Path, cli: Cli
) -> None:
    for args in (["section", "remove", resolution, "preamble"],
                 ["section", "remove", resolution, "situation"],
                 ["add-clause", resolution, "fx-english-only"],
                 ["set", resolution, "recommendations.1", "--lang", "ru", "--text",
                  "Только по-английски."]):
        assert cli(*args).code == 0, args
    lines = resolution.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "clause: fx-english-only" in t)
    message = (f"{resolution}:{line}:9: {{}}: clause 'fx-english-only' at recommendations.1 "
               "has no operative form, so its text stands as written; add 'forms: "
               "{{operative: {{en: ..., ru: ...}}}}' to the clause, or 'form: text' to the "
               "item to keep the text as written")
    lenient = cli("check", resolution)
    assert (lenient.code, lenient.err) == (
        0, message.format("warning") + "\n1 item checked, no errors, 1 warning\n")
    strict = cli("check", resolution, "--strict-forms")
    assert (strict.code, strict.err) == (1, message.format("error") + "\n")
    indent = " " * lines[line - 1].index("-")
    lines.insert(line, f"{indent}  form: text")
    resolution.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chosen = cli("check", resolution, "--strict-forms")
    assert (chosen.code, chosen.err) == (0, "1 item checked, no errors\n")


def test_add_clause_form_option(resolution: Path, cli: Cli) -> None:
    before = resolution.read_bytes()
    wrong = cli("add-clause", resolution, "fx-free-media", "--form", "prose")
    assert (wrong.code, wrong.err) == (
        2, "error: --form 'prose' is not a form; use operative, preambular, spoken, text\n")
    assert resolution.read_bytes() == before
    assert cli("add-clause", resolution, "fx-free-media", "--form", "text").code == 0
    assert "  - clause: fx-free-media\n        form: text\n" in resolution.read_text(
        encoding="utf-8")
    result = cli("export", resolution, "--format", "md", "--lang", "en", "-o", "out/")
    assert result.code == 0, result.err
    assert "**To the OSCE participating States:**\n\n1. Guarantee the freedom of the media." \
        in Path("out/test.en.md").read_text(encoding="utf-8")


def test_docx_numbering_continues_or_restarts_as_each_section_says(resolution: Path, cli: Cli
                                                                    ) -> None:
    import docx

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    steps = [["add-clause", resolution, "fx-free-media"],
             ["add-clause", resolution, "fx-monitoring"],
             ["section", "add", resolution, "follow-up", "--after", "recommendations",
              "--heading", "Follow-up", "--layout", "numbered", "--numbering", "continue"],
             ["add-text", resolution, "--section", "follow-up", "Report back in a year."],
             ["section", "add", resolution, "annex", "--heading", "Annex", "--layout",
              "numbered", "--numbering", "restart"],
             ["add-text", resolution, "--section", "annex", "First of the annex."]]
    for args in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    result = cli("export", resolution, "--format", "docx", "--lang", "en", "-o", "out/",
                 "--fallback", "en")
    assert result.code == 0, result.err
    document = docx.Document("out/test.en.docx")
    starts = {num.get(f"{w}numId"): int(start.get(f"{w}val"))
              for num in document.part.numbering_part.element.iter(f"{w}num")
              if (start := num.find(f"{w}lvlOverride/{w}startOverride")) is not None}
    shown: list[tuple[str, int]] = []
    counts: dict[str, int] = {}
    for paragraph in document.element.body.iter(f"{w}p"):
        num = paragraph.find(f"{w}pPr/{w}numPr")
        if num is None:
            continue
        num_id = num.find(f"{w}numId").get(f"{w}val")
        text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
        shown.append((text, starts.get(num_id, 1) + counts.get(num_id, 0)))
        counts[num_id] = counts.get(num_id, 0) + 1
    assert [number for _, number in shown] == [1, 2, 3, 1]
    assert shown[2] == ("Report back in a year.", 3)
    assert shown[3] == ("First of the annex.", 1)


def test_compare_tracks_each_subtitle_line_in_its_own_paragraph(resolution: Path, cli: Cli
                                                                ) -> None:
    import docx

    for args in (["info", resolution, "--subtitle", "First line", "--subtitle", "Vienna, 3-5"],
                 ["add-clause", resolution, "fx-free-media"]):
        assert cli(*args).code == 0, args
    old = resolution.with_name("old.yaml")
    old.write_bytes(resolution.read_bytes())
    assert cli("info", resolution, "--subtitle", "First line", "--subtitle",
               "Vienna, 3-6").code == 0
    result = cli("compare", old, resolution, "--format", "docx", "-o", "changes.docx",
                 "--fallback", "en")
    assert result.code == 0, result.err
    document = docx.Document("changes.docx")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    subtitles = [p for p in document.element.body.iter(f"{w}p")
                 if any(s.get(f"{w}val") == "Subtitle" for s in p.iter(f"{w}pStyle"))]
    assert len(subtitles) == 2
    first, second = subtitles
    assert "".join(t.text for t in first.iter(f"{w}t")) == "First line"
    kept = "".join(t.text for r in second.findall(f"{w}r") for t in r.iter(f"{w}t"))
    deleted = "".join(t.text for t in second.iter(f"{w}delText"))
    inserted = "".join(t.text for ins in second.iter(f"{w}ins") for t in ins.iter(f"{w}t"))
    assert (kept, deleted, inserted) == ("Vienna, 3-", "5", "6")

