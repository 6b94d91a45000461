"""Language-aware formatting for templates: lists, dates, plurals, ordinals, numbers.

Everything that CLDR knows comes from Babel, so a third working language is a matter of
data (a locale and, for ordinals, a suffix table), not code.
"""

from __future__ import annotations

import datetime as dt
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


def plural_form(count: int | float, lang: str, forms: dict[str, str]) -> str:
    """The word form for ``count``: forms by CLDR category (one, few, many, other)."""
    category = locale_for(lang).plural_form(abs(count))
    for candidate in (category, "other", "many", "one"):
        if candidate in forms:
            return forms[candidate]
    return ""


def ordinal(number: int, lang: str) -> str:
    """``26th`` / ``26-й``."""
    suffixes = ORDINAL_SUFFIXES.get(lang)
    if not suffixes:
        return str(number)
    category = locale_for(lang).ordinal_form(abs(int(number)))
    return f"{number}{suffixes.get(category, suffixes['other'])}"


def format_number(value: int | float, lang: str) -> str:
    """``10,000`` / ``10 000``."""
    return format_decimal(value, locale=locale_for(lang))
