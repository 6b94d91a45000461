"""Sign-on lists: sorted as each language sorts, counted, unnamed members counted by country.

The 40 names mix Latin and Cyrillic, «ёлочки» and other leading quotes, ё beside е, Ä, Å and
Ö. The expected orders were checked by hand against ICU's collation (ICU 78, the root/en and
ru collations, leading quotes removed as csp-draft removes them): in English Latin comes
before Cyrillic, in Russian Cyrillic first; ё sorts as е unless the names are otherwise
equal; Ä, Å and Ö sort as A and O; a quote never moves a name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from csp_draft.collation import sorted_names
from csp_draft.drafts.read import Signatory
from csp_draft.errors import Location
from csp_draft.models.data import LocalizedText
from csp_draft.render.signatories import count_words, sign_on, total_text, unnamed

NAMES = [
    "Zeleni Ozon", "«Мемориал»", "Ärzte ohne Grenzen", "Amnesty International",
    "Öffentliches Urteil", "Ombudsman Watch", "Ёлки-Палки", "Елена и партнёры", "Еловый союз",
    "«Весна»", "Вестник свободы", "„Верный путь“", '"Viasna" Support', "Viasna",
    "Human Rights House", "Helsinki Committee of Armenia", "Хельсинкская гражданская ассамблея",
    "Az-Zahra Centre", "Azerbaijan Lawyers", "Ärztekammer Nord", "Arzt und Recht",
    "Östgöta Rights", "Ost-West Forum", "Oslo Freedom Forum",
    "Белорусская ассоциация журналистов", "Белый список", "«Бэлла»", "Ёж и компания",
    "ежедневник «Право»", "Яблоко", "Юридическая инициатива", "Эхо", "Åland Peace Institute",
    "Aland Watch", "Zorya", "«Zona» Media", "Public Verdict", "Общественный вердикт",
    "Open Dialog", "Ökumenischer Rat",
]

LATIN = [
    "Åland Peace Institute", "Aland Watch", "Amnesty International", "Arzt und Recht",
    "Ärzte ohne Grenzen", "Ärztekammer Nord", "Az-Zahra Centre", "Azerbaijan Lawyers",
    "Helsinki Committee of Armenia", "Human Rights House", "Öffentliches Urteil",
    "Ökumenischer Rat", "Ombudsman Watch", "Open Dialog", "Oslo Freedom Forum",
    "Ost-West Forum", "Östgöta Rights", "Public Verdict", "Viasna", '"Viasna" Support',
    "Zeleni Ozon", "«Zona» Media", "Zorya",
]
CYRILLIC = [
    "Белорусская ассоциация журналистов", "Белый список", "«Бэлла»", "„Верный путь“",
    "«Весна»", "Вестник свободы", "Ёж и компания", "ежедневник «Право»", "Елена и партнёры",
    "Ёлки-Палки", "Еловый союз", "«Мемориал»", "Общественный вердикт",
    "Хельсинкская гражданская ассамблея", "Эхо", "Юридическая инициатива", "Яблоко",
]


def test_forty_names_sort_as_icu_in_english_and_russian() -> None:
    assert len(NAMES) == 40 and sorted(NAMES) == sorted(LATIN + CYRILLIC)
    assert sorted_names(NAMES, "en") == LATIN + CYRILLIC
    assert sorted_names(NAMES, "ru") == CYRILLIC + LATIN


def test_code_point_order_would_have_been_wrong() -> None:
    # What the issue reported: Python's own order puts Ä after Z and «Мемориал» last.
    assert sorted(NAMES) != LATIN + CYRILLIC
    assert sorted(NAMES)[-1] == "„Верный путь“"


def signatory(name: str, country: str | None, *, public: bool = True,
              status: str = "confirmed", sort_as: str | LocalizedText | None = None
              ) -> Signatory:
    names = LocalizedText({"en": name, "ru": name})
    from csp_draft import i18n

    place = LocalizedText({lang: i18n.country_name(country, lang) for lang in ("en", "ru")}) \
        if country else None
    return Signatory(names, place, status, dt.date(2026, 12, 1), Location("d.yaml", 1, 1),
                     public=public, country_code=country, sort_as=sort_as)


@pytest.mark.parametrize(("count", "en", "ru"), [
    (1, "one organisation from Turkmenistan", "одна организация из Туркменистана"),
    (2, "two organisations from Turkmenistan", "две организации из Туркменистана"),
    (5, "five organisations from Turkmenistan", "пять организаций из Туркменистана"),
    (21, "21 organisations from Turkmenistan", "21 организация из Туркменистана"),
    (22, "22 organisations from Turkmenistan", "22 организации из Туркменистана"),
    (25, "25 organisations from Turkmenistan", "25 организаций из Туркменистана"),
])
def test_unnamed_organisations_counted_with_the_right_forms(count: int, en: str, ru: str
                                                           ) -> None:
    assert unnamed(count, "TM", "Turkmenistan", "en") == en
    assert unnamed(count, "TM", "Туркменистан", "ru") == ru


def test_countries_that_take_the_article_or_no_known_genitive() -> None:
    assert unnamed(1, "US", "United States", "en") == "one organisation from the United States"
    assert unnamed(3, "GB", "Великобритания", "ru") == "три организации из Великобритании"
    assert unnamed(1, "BR", "Бразилия", "ru") == "одна организация (Бразилия)"
    assert unnamed(2, None, None, "ru") == "две организации"


@pytest.mark.parametrize(("organisations", "countries", "en", "ru"), [
    (1, 1, "1 organisation from 1 country", "1 организация из 1 страны"),
    (4, 2, "4 organisations from 2 countries", "4 организации из 2 стран"),
    (40, 21, "40 organisations from 21 countries", "40 организаций из 21 страны"),
])
def test_totals(organisations: int, countries: int, en: str, ru: str) -> None:
    assert total_text(organisations, countries, "en") == en
    assert total_text(organisations, countries, "ru") == ru
    assert count_words(21, "ru") == "21 организация"


def forty() -> list[Signatory]:
    """The 40 names over four countries, two of them not public, one pending."""
    countries = ["BY", "RU", "DE", "TM"]
    result = [signatory(name, countries[i % 4], public=not (i % 4 == 3 and i < 12))
              for i, name in enumerate(NAMES)]
    result.append(signatory("Still Thinking", "BY", status="pending"))
    return result


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sign_on_list_by_country_counts_add_up(lang: str) -> None:
    view = sign_on(forty(), lang, "by-country")
    assert view["count"] == 40 and view["countries"] == 4
    assert sum(group["count"] for group in view["groups"]) == 40
    hidden = {"en": "three organisations from Turkmenistan",
              "ru": "три организации из Туркменистана"}[lang]
    turkmenistan = [g for g in view["groups"] if g["country"] in ("Turkmenistan", "Туркменистан")]
    assert turkmenistan[0]["count"] == 10
    assert turkmenistan[0]["organisations"][-1] == hidden
    assert len(turkmenistan[0]["organisations"]) == 8  # seven names and the count
    assert view["total"] == {"en": "40 organisations from 4 countries",
                             "ru": "40 организаций из 4 стран"}[lang]
    countries = [g["country"] for g in view["groups"]]
    assert countries == {"en": ["Belarus", "Germany", "Russia", "Turkmenistan"],
                         "ru": ["Беларусь", "Германия", "Россия", "Туркменистан"]}[lang]
    for group in view["groups"]:
        named = [n for n in group["organisations"] if n != hidden]
        order = LATIN + CYRILLIC if lang == "en" else CYRILLIC + LATIN
        assert named == [n for n in order if n in named]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sign_on_list_flat_names_each_with_its_country(lang: str) -> None:
    view = sign_on(forty(), lang)
    entries = view["entries"]
    assert len(entries) == 37 + 1  # the names, then one line for Turkmenistan's three
    order = LATIN + CYRILLIC if lang == "en" else CYRILLIC + LATIN
    hidden = {NAMES[3], NAMES[7], NAMES[11]}
    expected = [name for name in order if name not in hidden]
    assert [entry.rsplit(" (", 1)[0] for entry in entries[:-1]] == expected
    assert entries[0] == {"en": "Åland Peace Institute (Belarus)",
                          "ru": "Белорусская ассоциация журналистов (Беларусь)"}[lang]
    assert entries[-1] == {"en": "three organisations from Turkmenistan",
                           "ru": "три организации из Туркменистана"}[lang]
    assert not any(name in " ".join(entries) for name in hidden)


def test_sort_form_decides_the_place() -> None:
    view = sign_on([signatory('Human Rights Center "Viasna"', "BY", sort_as="Viasna"),
                    signatory("Memorial", "RU")], "en")
    assert view["entries"] == ["Memorial (Russia)", 'Human Rights Center "Viasna" (Belarus)']


def test_a_sort_form_in_one_language_leaves_the_others_sorted_by_name() -> None:
    viasna = signatory('Human Rights Center "Viasna"', "BY",
                       sort_as=LocalizedText({"ru": "Весна"}))
    assert sign_on([signatory("Public Verdict", "RU"), viasna], "en")["entries"] == [
        'Human Rights Center "Viasna" (Belarus)', "Public Verdict (Russia)"]


@pytest.mark.parametrize("layout", ["list", "by-country"])
def test_names_are_escaped_once_in_either_layout(tmp_path, layout: str) -> None:
    import dataclasses

    from markdown_it import MarkdownIt

    from csp_draft.cli.session import Session
    from csp_draft.drafts.examples import example_files
    from csp_draft.drafts.read import read_draft
    from csp_draft.render.document import DocumentRenderer, template_folders

    session = Session(start=tmp_path)
    renderer = DocumentRenderer(session.library, template_folders(None))
    hostile = signatory("# heading *x* [a](javascript:b)", None)
    hostile = dataclasses.replace(hostile, country="Be_la_rus")
    draft = dataclasses.replace(read_draft(example_files()["minsk-2017"]),
                                signatories=(hostile,), sign_on=layout)
    markdown = renderer.render(draft, "en").markdown.split("# Signatories\n")[1]
    html = MarkdownIt("commonmark").render(markdown.split("[^1]")[0])
    assert "# heading *x* [a](javascript:b)" in html
    assert "Be_la_rus" in html and "<a " not in html and "<em>" not in html
