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
