"""Addressees a document names that the registry does not know: the document's own.

A heading ("To the Government of Belarus:", «Правительству Беларуси:») or the words that lead
a recommendation to its addressee ("We call on the Belarusian authorities to", «Мы
призываем белорусские власти») may name someone the registry has no id for. The draft then
defines them under ``addressees:`` and the items speak to that id. A Russian addressee needs
three forms (the nominative, the accusative a lead-in takes, the dative a heading takes); the
document shows one, and the others are declined from it (:mod:`.morphology`).
"""

from __future__ import annotations

import re

from csp_draft.archive.morphology import decline_phrase, is_proper
from csp_draft.models.addressees import registry
from csp_draft.render.grammar import LEAD_INS

# What an own addressee is written as: one text (in every case), or a Russian one's forms.
Words = str | dict[str, str]
RUSSIAN_FORMS = ("nom", "acc", "dat")
# Cyrillic letters as ids spell them (section and addressee ids are Latin slugs).
TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ў": "u", "ґ": "g"})


def new_key(words: str, taken: dict[str, Words]) -> str:
    """An id for an addressee of the document's own, from its words: Latin letters, no
    leading article, none the registry or the document has already."""
    from csp_draft.drafts.new import slugify

    key = slugify(words.lower().translate(TO_LATIN))[:40].strip("-")
    key = key.removeprefix("the-") or "addressee"
    while key in taken or key in registry():
        key += "-x"
    return key


def same_words(words: Words, wanted: str) -> bool:
    """Whether an addressee written as ``words`` reads ``wanted`` in one of its forms."""
    forms = words.values() if isinstance(words, dict) else [words]
    return any(" ".join(form.lower().split()) == " ".join(wanted.lower().split())
               for form in forms)


# A lead-in that opens with the addressee ("The authorities should ...") has nothing before
# them to bound them: only a short name with no punctuation, not a pronoun, is taken.
_OPENING_WORDS = 6
_NOT_A_NAME = re.compile(r"[,;:.()«»\"“”]")
_PRONOUNS = frozenset({
    "it", "they", "we", "you", "he", "she", "this", "that", "these", "those", "one", "all",
    "everyone", "each", "who", "which", "there", "им", "ему", "ей", "нам", "вам", "всем",
    "каждому", "это", "этому", "тем", "кому"})
_ARTICLES = frozenset({"the", "a", "an"})


def in_lead(lead: str, lang: str) -> tuple[str, str] | None:
    """(case, words) of the addressee a lead-in names, in the case the lead-in puts them:
    "We call on the Belarusian authorities to" -> ("name", "the Belarusian authorities")."""
    lead = " ".join(lead.split())
    for phrases in LEAD_INS.values():
        pattern, case = phrases.get(lang, (None, None))
        if pattern is None:
            continue
        before, _, after = pattern.partition("{who}")
        found = re.fullmatch(re.escape(before) + r"(?P<who>\S.*?)" + re.escape(after), lead,
                             re.IGNORECASE)
        if found is None:
            continue
        who = found.group("who")
        if ";" in who or ":" in who:
            return None
        if not before:  # the addressee opens the sentence
            words = who.split()
            if (len(words) > _OPENING_WORDS or _NOT_A_NAME.search(who)
                    or words[0].casefold() in _PRONOUNS):
                return None
            first = words[0]
            if first.casefold() in _ARTICLES or (  # "The authorities" inside a sentence
                    lang == "ru" and first[1:2].islower() and not is_proper(first)):
                who = who[:1].lower() + who[1:]
        return case, who
    return None


def own_addressee(taken: dict[str, Words], lang: str, case: str, words: str,
                  notes: list[str]) -> str:
    """The id of the document's own addressee ``words`` (found in ``case``): one it has
    already, or a new one added to ``taken``; a Russian one with its three forms declined
    from the one found where they all read back (else one text, and a note to check it)."""
    for key, known in taken.items():
        if same_words(known, words):
            return key
    if lang != "ru" or case not in RUSSIAN_FORMS:
        key = new_key(words, taken)
        taken[key] = words
        return key
    forms = {form: decline_phrase(words, case, form) for form in RUSSIAN_FORMS}
    if all(forms.values()):
        key = new_key(str(forms["nom"]), taken)  # named as one names it: the nominative
        taken[key] = {form: str(text) for form, text in forms.items()}
        others = ", ".join(f"«{forms[form]}»" for form in RUSSIAN_FORMS if form != case)
        notes.append(f"«{words}» is an addressee of the document's own ('{key}'); its other "
                     f"cases ({others}) are declined from the one found: check them under "
                     "the draft's 'addressees:'")
    else:
        key = new_key(words, taken)
        taken[key] = words
        notes.append(f"the addressee «{words}» is not known to the registry; its other "
                     "cases could not be read from it, so these words stand for all of them: "
                     "check them under the draft's 'addressees:'")
    return key
