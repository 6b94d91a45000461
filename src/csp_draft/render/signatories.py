"""The sign-on list: confirmed signatories as "Organisation (Country)", in each language's order.

Names sort by the Unicode Collation Algorithm for the document's language
(:mod:`csp_draft.collation`: «Мемориал» under М, Ä beside A, Cyrillic first in Russian),
by a member's ``sort_as`` where the registry gives one. An organisation that is not
public is never named: it is counted, "one organisation from Turkmenistan" /
«одна организация из Туркменистана», with CLDR's plural rules for the count (Babel).
A draft with ``sign_on: by-country`` groups the list by country, with a count per country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from csp_draft import i18n
from csp_draft.collation import sorted_names
from csp_draft.drafts.read import Signatory
from csp_draft.markdown.escape import Markdown, escape_markdown
from csp_draft.models.data import has_language, localize

# Numbers written as words in a count ("two organisations"); digits from 10 on.
NUMBER_WORDS = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    # feminine, as «организация» is
    "ru": ("одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"),
}
ORGANISATION_FORMS = {
    "en": {"one": "organisation", "other": "organisations"},
    "ru": {"one": "организация", "few": "организации", "many": "организаций",
           "other": "организации"},
}
# "from N countries": the noun after the number, in the genitive after «из» in Russian.
COUNTRY_FORMS = {
    "en": {"one": "country", "other": "countries"},
    "ru": {"one": "страны", "few": "стран", "many": "стран", "other": "страны"},
}
TOTAL = {"en": "{organisations} from {countries}", "ru": "{organisations} из {countries}"}
FROM = {"en": "{count} from {country}", "ru": "{count} из {country}"}

# English names that take "the" after "from".
WITH_ARTICLE_EN = frozenset({"US", "GB", "NL", "VA", "PH", "BS", "GM", "CD", "CF", "DO",
                             "AE", "KM", "MV", "MH", "SB", "SC"})
# The genitive («из Туркменистана») of the OSCE participating States and their neighbours,
# matching the names the project uses (CLDR's, Кыргызстан in the coalition's usage).
GENITIVE_RU = {
    "AL": "Албании", "AD": "Андорры", "AM": "Армении", "AT": "Австрии", "AZ": "Азербайджана",
    "BY": "Беларуси", "BE": "Бельгии", "BA": "Боснии и Герцеговины", "BG": "Болгарии",
    "CA": "Канады", "HR": "Хорватии", "CY": "Кипра", "CZ": "Чехии", "DK": "Дании",
    "EE": "Эстонии", "FI": "Финляндии", "FR": "Франции", "GE": "Грузии", "DE": "Германии",
    "GR": "Греции", "HU": "Венгрии", "IS": "Исландии", "IE": "Ирландии", "IT": "Италии",
    "KZ": "Казахстана", "KG": "Кыргызстана", "LV": "Латвии", "LI": "Лихтенштейна",
    "LT": "Литвы", "LU": "Люксембурга", "MT": "Мальты", "MD": "Молдовы", "MC": "Монако",
    "MN": "Монголии", "ME": "Черногории", "NL": "Нидерландов", "MK": "Северной Македонии",
    "NO": "Норвегии", "PL": "Польши", "PT": "Португалии", "RO": "Румынии", "RU": "России",
    "SM": "Сан-Марино", "RS": "Сербии", "SK": "Словакии", "SI": "Словении", "ES": "Испании",
    "SE": "Швеции", "CH": "Швейцарии", "TJ": "Таджикистана", "TR": "Турции",
    "TM": "Туркменистана", "UA": "Украины", "GB": "Великобритании", "US": "США",
    "UZ": "Узбекистана", "VA": "Ватикана", "XK": "Косово", "IL": "Израиля", "AF": "Афганистана",
    "CN": "Китая", "IR": "Ирана", "JP": "Японии", "KR": "Республики Корея",
}


def count_words(count: int, lang: str, forms: dict[str, dict[str, str]] | None = None) -> str:
    """"two organisations", «пять организаций», "21 organisations", «21 организация»."""
    words = NUMBER_WORDS.get(lang, NUMBER_WORDS["en"])
    number = words[count - 1] if 1 <= count <= len(words) else i18n.format_number(count, lang)
    table = (forms or ORGANISATION_FORMS)
    noun = i18n.plural_form(count, lang, table.get(lang, table["en"]))
    return f"{number} {noun}"


def unnamed(count: int, code: str | None, country: str | None, lang: str) -> str:
    """"one organisation from Turkmenistan" / «одна организация из Туркменистана»."""
    counted = count_words(count, lang)
    if not country:
        return counted
    if lang == "ru":
        genitive = GENITIVE_RU.get(code or "")
        if genitive is None:  # a name the table cannot decline: no case needed in brackets
            return f"{counted} ({country})"
        return FROM["ru"].format(count=counted, country=genitive)
    if lang == "en" and code in WITH_ARTICLE_EN and not country.lower().startswith("the "):
        country = "the " + country
    return FROM.get(lang, FROM["en"]).format(count=counted, country=country)


def total_text(organisations: int, countries: int, lang: str) -> str:
    """"42 organisations from 12 countries" / «42 организации из 12 стран»."""
    table = TOTAL.get(lang, TOTAL["en"])
    org_noun = i18n.plural_form(organisations, lang,
                                ORGANISATION_FORMS.get(lang, ORGANISATION_FORMS["en"]))
    country_noun = i18n.plural_form(countries, lang, COUNTRY_FORMS.get(lang, COUNTRY_FORMS["en"]))
    text = table.format(
        organisations=f"{i18n.format_number(organisations, lang)} {org_noun}",
        countries=f"{i18n.format_number(countries, lang)} {country_noun}")
    return text if countries else f"{i18n.format_number(organisations, lang)} {org_noun}"


@dataclass
class _Country:
    name: str
    code: str | None
    named: list[Signatory]
    hidden: int = 0


def sign_on(signatories: Sequence[Signatory], lang: str, layout: str = "list"
            ) -> dict[str, Any]:
    """The template's view of the sign-on list in ``lang``.

    ``entries``: the lines of a flat list ("Organisation (Country)", then the unnamed
    counts), as escaped Markdown; ``groups``: per country (sorted), its ``country``,
    ``count`` and ``organisations`` (names, then the unnamed count), as plain text that the
    template escapes; ``total``: "N organisations from M countries"; ``layout``: list or
    by-country.
    """
    confirmed = [s for s in signatories if s.status == "confirmed"]
    countries: dict[str, _Country] = {}
    for signatory in confirmed:
        name = localize(signatory.country, lang) if signatory.country else ""
        group = countries.setdefault(name, _Country(name, signatory.country_code, []))
        if signatory.public:
            group.named.append(signatory)
        else:
            group.hidden += 1

    def sort_form(signatory: Signatory) -> str:
        """Its sort form in ``lang``, else its name there (never another language's)."""
        if signatory.sort_as is not None and has_language(signatory.sort_as, lang):
            return localize(signatory.sort_as, lang)
        return localize(signatory.organisation, lang)

    # Markdown already escaped: the template prints it as it is.
    entries: list[Markdown] = []
    for signatory in sorted_names([s for s in confirmed if s.public], lang, sort_form):
        name = escape_markdown(localize(signatory.organisation, lang))
        country = localize(signatory.country, lang) if signatory.country else ""
        entries.append(Markdown(f"{name} ({escape_markdown(country)})") if country else name)
    ordered = sorted_names([c for c in countries.values() if c.name], lang,
                           lambda c: c.name) + ([countries[""]] if "" in countries else [])
    for group in ordered:
        if group.hidden:
            entries.append(escape_markdown(unnamed(group.hidden, group.code, group.name, lang)))
    groups = []  # plain text: the template escapes it as it prints it
    for group in ordered:
        names = [localize(s.organisation, lang) for s in sorted_names(group.named, lang,
                                                                      sort_form)]
        if group.hidden:
            names.append(unnamed(group.hidden, group.code, group.name, lang))
        groups.append({"country": group.name, "count": len(group.named) + group.hidden,
                       "organisations": names})
    named_countries = sum(1 for group in ordered if group.name)
    return {"layout": layout, "entries": entries, "groups": groups,
            "count": len(confirmed), "countries": named_countries,
            "total": total_text(len(confirmed), named_countries, lang) if confirmed else ""}
