"""Language-aware formatting for templates: lists, dates, plurals, ordinals, numbers.

Everything that CLDR knows comes from Babel, so a third working language is a matter of
data (a locale and, for ordinals, a suffix table), not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

# The CLDR locale each working language is written in (OSCE documents use British dates).
LOCALE_OF_LANGUAGE = {"en": "en_GB", "ru": "ru_RU"}

# Ordinal suffixes by CLDR ordinal category; a language missing here gets plain numbers.
ORDINAL_SUFFIXES = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "ru": {"other": "-й"},
}


@lru_cache(maxsize=32)
def locale_for(lang: str) -> Locale:
    """The Babel locale for a working language code (``en`` -> en_GB)."""
    try:
        return Locale.parse(LOCALE_OF_LANGUAGE.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def is_known_language(lang: str) -> bool:
    try:
        Locale.parse(LOCALE_OF_LANGUAGE.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def join_list(items: list[str], lang: str, *, style: str = "standard") -> str:
    """``A, B and C`` / ``A, B и C``; ``style="or"`` for alternatives."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return format_list(items, style=style, locale=locale_for(lang))


def long_date(value: dt.date | str, lang: str) -> str:
    """``4 July 2017`` / ``4 июля 2017 г.``"""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="long", locale=locale_for(lang))


def date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """An event of several days as the coalition writes it: "4–5 December 2011",
    "30 November – 2 December 2011", «4–5 декабря 2011 г.»."""
    if start == end:
        return long_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{long_date(end, lang)}"
    if start.year == end.year:
        first = format_date(start, format="d MMMM", locale=locale_for(lang))
    else:
        first = long_date(start, lang)
    return f"{first} \u2013 {long_date(end, lang)}"


def plural_form(count: int | float, lang: str, forms: dict[str, str]) -> str:
    """The word form for ``count``: forms by CLDR category (one, few, many, other)."""
    category = locale_for(lang).plural_form(abs(count))
    for candidate in (category, "other", "many", "one"):
        if candidate in forms:
            return forms[candidate]
    return ""


# Russian ordinal endings by gender (m, f, n, pl) and case (nom, gen, dat, acc, ins, prep):
# «32-я сессия» (f), «накануне 26-й сессии» (f.gen), «в 5-м туре» (m.prep). The accusative
# of m and pl is that of an inanimate noun («за 2-й год»).
ORDINAL_FORMS = {
    "ru": {
        "m": "-й", "m.nom": "-й", "m.gen": "-го", "m.dat": "-му", "m.acc": "-й",
        "m.ins": "-м", "m.prep": "-м",
        "f": "-я", "f.nom": "-я", "f.gen": "-й", "f.dat": "-й", "f.acc": "-ю",
        "f.ins": "-й", "f.prep": "-й",
        "n": "-е", "n.nom": "-е", "n.gen": "-го", "n.dat": "-му", "n.acc": "-е",
        "n.ins": "-м", "n.prep": "-м",
        "pl": "-е", "pl.nom": "-е", "pl.gen": "-х", "pl.dat": "-м", "pl.acc": "-е",
        "pl.ins": "-ми", "pl.prep": "-х",
    },
}
ORDINAL_FORM_NAMES = tuple(ORDINAL_FORMS["ru"])


def ordinal(number: int, lang: str, form: str | None = None) -> str:
    """``26th`` / ``26-й``; ``form`` names the gender and case the phrase needs in a language
    that inflects ordinals (``f`` gives «32-я», ``f.gen`` «26-й»); English ignores it."""
    if form is not None and form not in ORDINAL_FORM_NAMES:
        raise ValueError(f"unknown ordinal form '{form}'; use one of "
                         + ", ".join(ORDINAL_FORM_NAMES))
    forms = ORDINAL_FORMS.get(lang)
    if form is not None and forms is not None:
        return f"{number}{forms[form]}"
    suffixes = ORDINAL_SUFFIXES.get(lang)
    if not suffixes:
        return str(number)
    category = locale_for(lang).ordinal_form(abs(int(number)))
    return f"{number}{suffixes.get(category, suffixes['other'])}"


def format_number(value: int | float, lang: str) -> str:
    """``10,000`` / ``10 000``."""
    return format_decimal(value, locale=locale_for(lang))


# Where a coalition's usage differs from CLDR's name of a country, by language and ISO code.
COUNTRY_USAGE = {"ru": {"KG": "Кыргызстан"}}


def is_country_code(text: str) -> bool:
    """True for an ISO 3166 code CLDR names, such as ``KG``."""
    return len(text) == 2 and text.isupper() and text in locale_for("en").territories


def country_name(code: str, lang: str,
                 overrides: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The name of the country with ISO code ``code`` in ``lang``: the workspace's name
    (``overrides``, from ``countries:`` in csp-draft.yaml) first, then the coalition's usage
    where it differs from CLDR, else CLDR's (``KG``: Kyrgyzstan / Кыргызстан)."""
    own = (overrides or {}).get(code, {}).get(lang)
    usage = own or COUNTRY_USAGE.get(lang, {}).get(code)
    return usage or locale_for(lang).territories.get(code, code)


def country_code_for(name: str) -> str | None:
    """The ISO code of the country CLDR calls ``name`` in English or Russian, if any."""
    wanted = name.strip().casefold()
    for lang in ("en", "ru"):
        for code, territory in locale_for(lang).territories.items():
            if territory.casefold() == wanted and is_country_code(code):
                return code
    return None
