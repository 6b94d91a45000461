"""Addressees a document names that the registry does not know, read from lead-ins."""

from __future__ import annotations

import pytest

from csp_draft.archive.addressees import in_lead, own_addressee


@pytest.mark.parametrize(("lead", "lang", "found"), [
    ("We call on the Belarusian authorities to", "en", ("name", "the Belarusian authorities")),
    ("Calls upon ODIHR, the RFoM and the HCNM to", "en",
     ("name", "ODIHR, the RFoM and the HCNM")),
    ("The authorities of Belarus should", "en", ("name", "the authorities of Belarus")),
    ("ODIHR should", "en", ("name", "ODIHR")),
    ("Мы призываем белорусские власти", "ru", ("acc", "белорусские власти")),
    ("Властям Беларуси следует", "ru", ("dat", "властям Беларуси")),  # a common word: small
    ("Беларуси следует", "ru", ("dat", "Беларуси")),  # a name keeps its capital
])
def test_a_lead_in_gives_the_words_of_its_addressee(lead: str, lang: str,
                                                   found: tuple[str, str]) -> None:
    assert in_lead(lead, lang) == found


@pytest.mark.parametrize(("lead", "lang"), [
    ("In view of the above, the authorities should", "en"),  # a sentence, not a name
    ("It should", "en"),
    ("Им следует", "ru"),
    ("The authorities of the Republic of Belarus and of its neighbours should", "en"),
    ("We call on them; the authorities to", "en"),
    ("Welcomes the report and calls upon ODIHR to", "en"),  # not a lead-in the renderer writes
])
def test_what_is_not_an_addressee_is_not_taken_for_one(lead: str, lang: str) -> None:
    assert in_lead(lead, lang) is None


def test_a_russian_addressee_gets_its_three_cases_and_a_note_to_check_them() -> None:
    taken: dict = {}
    notes: list[str] = []
    key = own_addressee(taken, "ru", "dat", "правительству Беларуси", notes)
    assert (key, taken[key]) == ("pravitelstvo-belarusi", {
        "nom": "правительство Беларуси", "acc": "правительство Беларуси",
        "dat": "правительству Беларуси"})
    assert notes == ["«правительству Беларуси» is an addressee of the document's own "
                     "('pravitelstvo-belarusi'); its other cases («правительство Беларуси», "
                     "«правительство Беларуси») are declined from the one found: check them "
                     "under the draft's 'addressees:'"]
    assert own_addressee(taken, "ru", "acc", "правительство Беларуси", notes) == key  # again
    assert len(notes) == 1
