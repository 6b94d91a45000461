"""Every word of a document in its language: the missing-language rule, typography, countries.

The rule is one for `check`, `preview` and `export`; typography is checked on the text of
the DOCX a member opens; the packaged examples and golden drafts are checked word by word.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from lxml import etree

from csp_draft import i18n
from csp_draft.drafts.examples import example_files
from csp_draft.drafts.languages import foreign_words
from csp_draft.drafts.read import read_draft
from csp_draft.render.typography import typeset

GOLDEN = Path(__file__).parent / "golden"
NBSP = "\u00a0"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ENGLISH_ONLY = """\
kind: resolution
title: Resolution of the Forum
event: {en: Civil Society Forum, ru: Форум гражданского общества}
place: {en: Minsk}
date: 2017-07-04
languages: [en, ru]
sections:
  situation:
    heading: {en: Belarus, ru: Беларусь}
    items:
      - text: {en: Six years after the report.}
  group-3:
    items:
      - text: {en: Только по-русски., ru: Только по-русски.}
signatories:
  - organisation: {en: Human Rights Center Viasna, ru: Правозащитный центр «Весна»}
    country: KG
"""


def _write(tmp_path: Path, text: str, name: str = "forum.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _docx_text(path: Path) -> str:
    """Every text a reader of the DOCX sees: body paragraphs, tables, footnotes and the
    document's title, subject and author."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    for part in document.part.package.iter_parts():
        if str(part.partname) in ("/word/footnotes.xml", "/word/endnotes.xml"):
            root = etree.fromstring(part.blob)
            for paragraph in root.iter(f"{{{W}}}p"):
                texts.append("".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t")))
    core = document.core_properties
    texts += [core.title or "", core.subject or "", core.author or "", core.comments or "",
              core.keywords or ""]
    return "\n".join(texts)


def test_check_lists_every_untranslated_text_at_once(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, ENGLISH_ONLY)
    result = cli("check", "forum.yaml")
    assert result.code == 1
    assert result.err.splitlines() == [
        "forum.yaml:2:8: error: title is written once for every language, and has words that "
        "are not 'ru': Resolution, of, the, Forum; add the 'ru' version with `csp-draft info "
        "forum.yaml --lang ru --title ...`, or list names written alike in every language "
        "under 'verbatim:', or use --fallback en",
        "forum.yaml:4:8: error: place has no 'ru' version; add it with `csp-draft info "
        "forum.yaml --lang ru --place ...`, or use --fallback en",
        "forum.yaml:11:15: error: the free text at situation.1 has no 'ru' version; add it with "
        "`csp-draft set forum.yaml situation.1 --lang ru --text ...`, or use --fallback en",
        "forum.yaml:12:3: error: section 'group-3' has no heading, so its name \"Group 3\" would "
        "head it in 'ru'; add 'heading: {en: ..., ru: ...}' to it, or use --fallback en",
        "forum.yaml:14:20: error: the 'en' version of the free text at group-3.1 has words in "
        "another script: Только, по-русски; translate them, or list names written alike in "
        "every language under 'verbatim:', or use --fallback en",
    ]


def test_fallback_turns_the_errors_into_warnings(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, ENGLISH_ONLY)
    result = cli("check", "forum.yaml", "--fallback", "en")
    assert "forum.yaml:4:8: warning: place has no 'ru' version; using the 'en' text" in result.err
    # English cannot stand in for itself: the Cyrillic words of the 'en' text stay an error.
    assert result.code == 1
    assert [line for line in result.err.splitlines() if " error: " in line] == [
        "forum.yaml:14:20: error: the 'en' version of the free text at group-3.1 has words in "
        "another script: Только, по-русски; translate them, or list names written alike in "
        "every language under 'verbatim:', or use --fallback en"]


def test_export_refuses_untranslated_text_unless_a_fallback_is_given(cli, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, ENGLISH_ONLY.replace("title: Resolution of the Forum",
                                          "title: {en: Resolution, ru: Резолюция}"))
    refused = cli("export", "forum.yaml", "--format", "md", "--lang", "ru", "-o", "out.md")
    assert refused.code == 1
    untranslated = "forum.yaml:11:15: error: the free text at situation.1 has no 'ru' version"
    assert untranslated in refused.err
    assert not (tmp_path / "out.md").exists()
    preview = cli("preview", "forum.yaml", "--lang", "ru")
    assert preview.code == 1
    assert untranslated in preview.err
    allowed = cli("export", "forum.yaml", "--format", "md", "--lang", "ru", "-o", "out.md",
                  "--fallback", "en")
    assert allowed.code == 0
    assert "Six years after the report." in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_verbatim_terms_may_stay_in_latin_letters(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ("kind: statement\ntitle: {en: Statement, ru: Заявление}\nlanguages: [en, ru]\n"
            "verbatim: [Human Rights Watch]\nsections:\n  concerns:\n    items:\n"
            "      - text: {en: We agree., ru: Мы согласны.}\n"
            "signatories:\n  - organisation: Human Rights Watch\n")
    _write(tmp_path, text)
    assert cli("check", "forum.yaml").code == 0
    _write(tmp_path, text.replace("verbatim: [Human Rights Watch]\n", ""))
    result = cli("check", "forum.yaml")
    assert result.code == 1
    assert ("forum.yaml:9:19: error: the organisation of signatory 1 is written once for "
            "every language, and has words that are not 'ru': Human, Rights, Watch;") in result.err


def test_a_country_code_is_named_in_each_language_in_the_coalitions_usage(tmp_path):
    draft = read_draft(_write(tmp_path, ENGLISH_ONLY))
    assert dict(draft.signatories[0].country) == {"en": "Kyrgyzstan", "ru": "Кыргызстан"}
    assert i18n.country_name("BY", "ru") == "Беларусь"
    assert i18n.country_name("KG", "en") == "Kyrgyzstan"


def test_info_sets_the_title_block_in_one_language_and_keeps_the_rest(cli, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, "# our draft\nkind: statement\ntitle: Statement  # working title\n"
                  "languages: [en, ru]\nsections: {}\n")
    result = cli("info", "forum.yaml", "--lang", "ru", "--title", "Заявление",
                 "--place", "Вена")
    assert (result.code, result.err) == (0, "set title, place in 'ru'\n")
    assert path.read_text(encoding="utf-8") == (
        "# our draft\nkind: statement\ntitle:            # working title\n  en: Statement\n"
        "  ru: Заявление\nplace:\n  ru: Вена\nlanguages: [en, ru]\nsections: {}\n")
    unknown = cli("info", "forum.yaml", "--lang", "de", "--title", "Erklärung")
    assert (unknown.code, unknown.err) == (
        2, "error: the draft is not written in 'de'; its languages: en, ru; add the language "
        "to 'languages:' in the draft first\n")


@pytest.mark.parametrize(("form", "expected"), [
    (None, "26-й"), ("f", "32-я"), ("f.gen", "26-й"), ("m.gen", "32-го"), ("pl.gen", "5-х"),
])
def test_russian_ordinals_agree_with_their_noun(form, expected):
    number = int(expected.split("-")[0])
    assert i18n.ordinal(number, "ru", form) == expected
    assert i18n.ordinal(26, "en", form) == "26th"


def test_an_unknown_ordinal_form_is_refused():
    with pytest.raises(ValueError, match="unknown ordinal form 'x'"):
        i18n.ordinal(3, "ru", "x")


TYPOGRAPHY = """\
kind: statement
title: {en: Statement, ru: Заявление}
subtitle: {en: "the coalition's 26th session", ru: "накануне 26-й сессии, 4 июля 2017 г."}
authors: [{en: "Women's Network", ru: "Сеть «Женщины» — секретариат"}]
date: 2011-12-05
languages: [en, ru]
sections:
  concerns:
    items:
      - text:
          en: >-
            The "Viasna" centre "said "no" twice". The States' duty and the coalition's call
            don't change: see `it's`, https://example.org/it's and o'brien@example.org.
          ru: >-
            Центр "Весна" сказал "нет "Вашему" закону". В 2011 г. и 1999–2000 гг. решение
            № 3/18, п. 9.2, ст. 7, 4 июля, 4–5 декабря — всё так.
"""


@pytest.fixture(scope="module")
def typeset_docx(tmp_path_factory):
    from csp_draft.cli.main import main

    folder = tmp_path_factory.mktemp("typography")
    _write(folder, TYPOGRAPHY, "draft.yaml")
    code = main(["export", str(folder / "draft.yaml"), "--format", "docx", "--lang", "en,ru",
                 "-o", str(folder)])
    assert code == 0
    return {lang: _docx_text(folder / f"draft.{lang}.docx") for lang in ("en", "ru")}


@pytest.fixture(scope="module")
def typeset_properties(typeset_docx, tmp_path_factory):
    folder = next(Path(p) for p in tmp_path_factory.getbasetemp().glob("typography*"))
    result = {}
    for lang in ("en", "ru"):
        document = docx.Document(str(folder / f"draft.{lang}.docx"))
        subtitle = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
        result[lang] = {"subtitle": subtitle, "author": document.core_properties.author}
    return result


def test_the_title_block_and_properties_are_typeset_too(typeset_properties):
    """Subtitle and author come from the front matter: they keep their no-break spaces."""
    assert typeset_properties["ru"] == {
        "subtitle": [f"накануне 26-й сессии, 4{NBSP}июля 2017{NBSP}г."],
        "author": f"Сеть «Женщины»{NBSP}— секретариат"}
    assert typeset_properties["en"] == {
        "subtitle": ["the coalition’s 26th session"], "author": "Women’s Network"}


def test_english_apostrophes_are_curly_except_in_code_and_addresses(typeset_docx):
    assert ("The States’ duty and the coalition’s call don’t change: see it's, "
            "https://example.org/it's and o'brien@example.org.") in typeset_docx["en"]


@pytest.mark.parametrize("expected", [
    f"2011{NBSP}г.", f"1999–2000{NBSP}гг.", f"№{NBSP}3/18", f"п.{NBSP}9.2", f"ст.{NBSP}7",
    f"4{NBSP}июля", f"4–5{NBSP}декабря", f"так{NBSP}—".replace("так", "декабря"),
    f"5{NBSP}декабря 2011{NBSP}г.",
])
def test_russian_non_breaking_spaces_in_the_docx(typeset_docx, expected):
    assert expected in typeset_docx["ru"]


def test_russian_quotes_nest_as_yolochki_and_lapki_in_the_docx(typeset_docx):
    assert "Центр «Весна» сказал «нет „Вашему“ закону»." in typeset_docx["ru"]
    assert '"' not in typeset_docx["ru"]


def test_english_quotes_are_curly_in_the_docx(typeset_docx):
    assert "The “Viasna” centre “said ‘no’ twice”." in typeset_docx["en"]
    assert NBSP not in typeset_docx["en"]


def test_typography_leaves_markdown_syntax_alone():
    source = 'See [the "report"](https://example.org/a "t") and `"x"` — <https://x.org/"y">\n'
    assert typeset(source, "ru") == (
        'See [the «report»](https://example.org/a "t") and `"x"`' + NBSP
        + '— <https://x.org/"y">\n')


LATIN_WORD = re.compile(r"[A-Za-z]+")


def _russian_words_only(draft_path: Path, out: Path, cli) -> list[str]:
    result = cli("export", str(draft_path), "--format", "docx", "--lang", "ru", "-o", str(out))
    assert result.code == 0, result.err
    draft = read_draft(draft_path)
    return foreign_words(_docx_text(out), "ru", draft.verbatim)


@pytest.mark.parametrize("name", sorted(example_files()))
def test_every_example_exported_in_russian_has_no_latin_word(cli, tmp_path, name):
    path = example_files()[name]
    words = _russian_words_only(Path(path), tmp_path / "out.docx", cli)
    assert words == []


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir()
                                        if (p / "draft.yaml").is_file()))
def test_every_golden_draft_exported_in_russian_has_no_latin_word(cli, tmp_path, case):
    words = _russian_words_only(GOLDEN / case / "draft.yaml", tmp_path / "out.docx", cli)
    assert words == []


def test_a_record_field_the_text_does_not_show_may_stay_in_one_language(cli, tmp_path,
                                                                         monkeypatch):
    # independence-of-lawyers shows each lawyer through the `people` filter (name, country);
    # 'source', where the facts were read, is for the drafters and never printed.
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, """\
kind: statement
title: {en: Statement, ru: Заявление}
languages: [en, ru]
sections:
  calls:
    items:
      - clause: independence-of-lawyers
        values:
          lawyers:
            - name: Lyudmila Kazak
              country: {en: Belarus, ru: Беларусь}
              source: licence terminated on 19 February 2021
""")
    result = cli("check", "forum.yaml")
    assert result.code == 1
    assert [line.split(": error: ")[1].split(";")[0] for line in result.err.splitlines()
            if ": error: " in line] == [
        "'name' of 'lawyers' of calls.1 entry 1 is written once for every language, and has "
        "words that are not 'ru': Lyudmila, Kazak"]


def test_the_latin_word_test_reads_the_footnotes(cli, tmp_path):
    """The Russian joint statement cites a Venice Commission document in a footnote: the
    footnote is read, and its document symbol is no word."""
    path = example_files()["joint-statement"]
    text = _docx_text_of_export(cli, path, tmp_path)
    assert "CDL-AD(2014)046" in text
    assert foreign_words(text, "ru", read_draft(Path(path)).verbatim) == []


def _docx_text_of_export(cli, path, tmp_path: Path) -> str:
    out = tmp_path / "out.docx"
    assert cli("export", str(path), "--format", "docx", "--lang", "ru", "-o", str(out)).code == 0
    return _docx_text(out)


@pytest.mark.parametrize(("text", "words"), [
    ("CDL-AD(2014)046 (декабрь 2014 г.)", []),
    ("резолюция A/HRC/RES/53/1, рекомендация CM/Rec(2024)2; CCPR/C/GC/34", []),
    ("см. https://www.osce.org/odihr и docslib.org/doc/1443833", []),
    ("см. www.osce.org", []),
    ("the war (2014) and/or its end", ["the", "war", "and", "or", "its", "end"]),
    ("доклад ICCPR", ["ICCPR"]),
])
def test_document_symbols_and_addresses_are_no_words(text, words):
    assert foreign_words(text, "ru") == words


COUNTRY_CLAUSE = """\
id: detained-in
title: {en: Detained in a country, ru: Задержанные в стране}
kind: concern
topics: [test]
variables:
  country:
    type: country
    required: true
    help: Country that holds them
    example: KG
text:
  en: Defenders are held in {{ country }}.
  ru: "Правозащитники под стражей; страна: {{ country }}."
version: "1"
updated: 2026-12-01
"""
COUNTRY_DRAFT = """\
kind: statement
title: {en: Statement, ru: Заявление}
languages: [en, ru]
sections:
  concerns:
    items:
      - clause: detained-in
        values: {country: KG}
      - clause: detained-in
        values: {country: {en: Transnistria, ru: Приднестровье}}
signatories:
  - organisation: {en: Bir Duino, ru: Бир Дуйно}
    country: KG
"""


@pytest.fixture
def country_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "csp-draft.yaml").write_text(
        "languages: [en, ru]\ncountries:\n  KG: {en: the Kyrgyz Republic, ru: Киргизская "
        "Республика}\n", encoding="utf-8")
    (tmp_path / "clauses").mkdir()
    (tmp_path / "clauses" / "detained-in.yaml").write_text(COUNTRY_CLAUSE, encoding="utf-8")
    _write(tmp_path, COUNTRY_DRAFT, "d.yaml")
    return tmp_path


def test_a_country_value_is_named_in_each_language_with_the_workspace_names(
        cli, country_workspace):
    for lang, expected in (
        ("ru", ["Правозащитники под стражей; страна: Киргизская Республика.",
                "Правозащитники под стражей; страна: Приднестровье.",
                "Бир Дуйно (Киргизская Республика)"]),
        ("en", ["Defenders are held in the Kyrgyz Republic.",
                "Defenders are held in Transnistria.", "Bir Duino (the Kyrgyz Republic)"]),
    ):
        result = cli("export", "d.yaml", "--format", "docx", "--lang", lang, "-o",
                     f"d.{lang}.docx")
        assert result.code == 0, result.err
        text = _docx_text(country_workspace / f"d.{lang}.docx")
        for line in expected:
            assert line in text
    assert "Кыргызстан" not in text and "Kyrgyzstan" not in text


def test_without_an_override_the_coalitions_usage_and_cldr_name_a_country(cli, country_workspace):
    (country_workspace / "csp-draft.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    assert cli("export", "d.yaml", "--format", "md", "--lang", "ru", "-o", "d.md").code == 0
    assert "страна: Кыргызстан." in (country_workspace / "d.md").read_text(encoding="utf-8")


def test_a_country_value_must_be_a_code(cli, country_workspace):
    _write(country_workspace, COUNTRY_DRAFT.replace("{country: KG}", "{country: Belarus}"),
           "d.yaml")
    result = cli("check", "d.yaml")
    assert (result.code, result.err) == (1, (
        "d.yaml:8:27: error: 'country' of concerns.1 (detained-in) must be an ISO 3166 country "
        "code, not 'Belarus'; write BY\n"))


def test_the_workspace_countries_are_checked_each_at_its_place(cli, country_workspace):
    (country_workspace / "csp-draft.yaml").write_text(
        "countries:\n  Belarus: {ru: Беларусь}\n  KG: Кыргызстан\n  UA: {ua: Україна}\n",
        encoding="utf-8")
    result = cli("check", "d.yaml")
    config = country_workspace / "csp-draft.yaml"
    assert (result.code, result.err) == (1, (
        f"{config}:2:3: error: 'Belarus' in countries is not an ISO 3166 country code; write "
        f"its code, BY\n"
        f"{config}:3:7: error: the names of KG must map languages to names, not a string; e.g. "
        f"countries: {{KG: {{ru: Кыргызстан}}}}\n"
        f"{config}:4:8: error: 'ua' in the names of UA is not a language code CLDR knows; use "
        f"codes such as en, ru, uk, de\n"))


def test_every_topic_of_the_packaged_library_has_a_name_in_each_language() -> None:
    """The keywords of a document are the names of its clauses' topics: a topic without a
    Russian name would leave a Russian document's properties short of it."""
    import yaml

    from csp_draft import paths
    from csp_draft.models.topics import topic_names

    used = set()
    for path in paths.packaged("clauses").rglob("*.yaml"):
        used.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("topics") or [])
    names = topic_names()
    assert sorted(topic for topic in used if set(names.get(topic, {})) != {"en", "ru"}) == []


def test_the_keywords_of_a_russian_document_are_russian(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("example", "minsk-2017", "m.yaml").code == 0
    assert cli("export", "m.yaml", "-f", "docx", "--lang", "en,ru").code == 0
    russian = docx.Document(str(tmp_path / "m.ru.docx")).core_properties.keywords
    english = docx.Document(str(tmp_path / "m.en.docx")).core_properties.keywords
    assert "свобода собраний" in russian.split(", ")
    assert "freedom of assembly" in english.split(", ")
    assert "freedom-of-assembly" not in russian + english
