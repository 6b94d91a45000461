"""The nominative of a Russian name a document prints only declined."""

from __future__ import annotations

import pytest

from csp_draft.archive.morphology import nominative


@pytest.mark.parametrize(("printed", "case", "expected"), [
    ("Дмитрия Полиенко", "acc", "Дмитрий Полиенко"),  # a surname that never changes
    ("Марину Хасанову", "acc", "Марина Хасанова"),
    ("Алеся Беляцкого", "gen", "Алесь Беляцкий"),
    ("Игорем Лосиком", "ins", "Игорь Лосик"),
    ("Андрея Толстого", "acc", "Андрей Толстой"),
    ("Анне-Марии Петровой", "dat", "Анна-Мария Петрова"),  # Анна's dative, not Anne
    ("Ильи Яшина", "gen", "Илья Яшин"),
    ("Дмитрий Полиенко", "nom", "Дмитрий Полиенко"),
])
def test_a_declined_name_gives_its_nominative(printed: str, case: str, expected: str) -> None:
    assert nominative(printed, case) == expected


@pytest.mark.parametrize(("printed", "case"), [
    ("Ивана Цзяо", "acc"),  # a word no reading makes a name in that case
    ("Ивана Петрова", "dat"),  # not a dative at all
    ("Ivan Petrov", "acc"),  # Latin letters: not in the dictionary
    ("", "acc"),
    ("Ивана Петрова", "voc"),  # not a case the people filter knows
])
def test_a_name_that_does_not_read_back_gives_nothing(printed: str, case: str) -> None:
    assert nominative(printed, case) is None


@pytest.mark.parametrize(("phrase", "case", "to", "expected"), [
    ("белорусские власти", "acc", "dat", "белорусским властям"),
    ("белорусские власти", "acc", "nom", "белорусские власти"),
    ("Российскую Федерацию", "acc", "nom", "Российская Федерация"),  # its own gender kept
    ("Российскую Федерацию", "acc", "dat", "Российской Федерации"),
    ("правительство Беларуси", "acc", "dat", "правительству Беларуси"),  # a complement stays
    ("Генерального прокурора Беларуси", "acc", "nom", "Генеральный прокурор Беларуси"),
    ("Совет министров ОБСЕ", "acc", "dat", "Совету министров ОБСЕ"),
    ("белорусским властям", "dat", "acc", "белорусские власти"),  # the noun's animacy
    ("белорусским правозащитникам", "dat", "acc", "белорусских правозащитников"),
    # the head noun ends what changes, though «Беларуси» and «Республики» read in the case
    ("Правительству Беларуси", "dat", "nom", "Правительство Беларуси"),
    ("власти Республики Беларусь", "acc", "dat", "властям Республики Беларусь"),
    ("Генеральному прокурору Беларуси", "dat", "nom", "Генеральный прокурор Беларуси"),
])
def test_a_noun_phrase_is_declined_as_far_as_its_words_agree(
        phrase: str, case: str, to: str, expected: str) -> None:
    from csp_draft.archive.morphology import decline_phrase

    assert decline_phrase(phrase, case, to) == expected


def test_a_phrase_whose_first_word_is_not_in_the_case_is_not_declined() -> None:
    from csp_draft.archive.morphology import decline_phrase

    assert decline_phrase("Беларуси", "acc", "nom") is None
    assert decline_phrase("", "acc", "nom") is None
