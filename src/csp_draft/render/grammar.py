"""Resolution grammar: a clause form put into its place in a document.

A clause's forms are written without the punctuation and capitals of a position: an
operative form is a verb phrase ("release ...", «освободить ...») that reads after "Calls
upon X to" or «Призывает X», after "X should" or «X (dative) следует», or alone under a
heading "To X:"; a preambular form opens
with a participle ("Recalling ...") and ends with a comma here; a spoken form is a whole
spoken sentence. Sub-items start lower-case and end with ";", the last with ".". The
words that name the addressee come from the addressee registry, in the case the sentence
needs.
"""

from __future__ import annotations

from csp_draft.markdown.escape import Markdown, escape_markdown
from csp_draft.models.addressees import Addressee

POSITIONS = ("preambular", "operative", "spoken")
ADDRESSING_MODES = ("grouped", "lead-in", "should", "none")

# Lead-ins per language: {who} is the addressee in the case the phrase takes.
LEAD_INS: dict[str, dict[str, tuple[str, str]]] = {
    # style -> lang -> (phrase, case of the addressee)
    "resolution": {"en": ("Calls upon {who} to", "name"), "ru": ("Призывает {who}", "acc")},
    "we": {"en": ("We call on {who} to", "name"), "ru": ("Мы призываем {who}", "acc")},
    # The addressing mode "should": "ODIHR should monitor ..." / «БДИПЧ следует отслеживать».
    "should": {"en": ("{who} should", "name"), "ru": ("{who} следует", "dat")},
}
HEADINGS: dict[str, tuple[str, str]] = {"en": ("To {who}:", "name"), "ru": ("{who}:", "dat")}
_TRAILING = ".,;:"
_MARKUP = "*_[\\`"


def _first_letter(text: str) -> int:
    """Index of the first letter of ``text`` behind any opening Markdown markup or quote."""
    for index, char in enumerate(text):
        if char.isalpha():
            return index
        if char not in _MARKUP + "«\"'“„(":
            return -1
    return -1


def capitalise(text: str) -> str:
    index = _first_letter(text)
    if index < 0:
        return text
    return text[:index] + text[index].upper() + text[index + 1:]


def decapitalise(text: str) -> str:
    """Lower-case the first letter unless its word is an acronym (ODIHR, OSCE, ЕС)."""
    index = _first_letter(text)
    if index < 0:
        return text
    word = text[index:].split(" ", 1)[0]
    if len(word) > 1 and word[1].isupper():
        return text
    return text[:index] + text[index].lower() + text[index + 1:]


def end_with(text: str, mark: str) -> str:
    """``text`` ending in ``mark`` instead of whatever end punctuation it had."""
    body = text.rstrip()
    while body and body[-1] in _TRAILING and not body.endswith("\\" + body[-1]):
        body = body[:-1].rstrip()
    return body + mark


def addressee_words(addressee: Addressee, lang: str, case: str) -> str:
    words = addressee.form(lang, case) or addressee.form("en", "name") or addressee.id
    return escape_markdown(words)


def heading_for(addressee: Addressee, lang: str) -> Markdown:
    """The heading above a group of recommendations: "To ODIHR:" / «БДИПЧ:»."""
    pattern, case = HEADINGS.get(lang, HEADINGS["en"])
    return Markdown(capitalise(pattern.format(who=addressee_words(addressee, lang, case))))


def lead_in_phrase(addressee: Addressee, lang: str, style: str, *, plain: bool = False
                   ) -> str:
    """The words that lead an operative form to its addressee: "Calls upon ODIHR to"
    (Markdown; ``plain``: as a reader sees them, without Markdown escapes)."""
    phrases = LEAD_INS.get(style, LEAD_INS["resolution"])
    pattern, case = phrases.get(lang, phrases["en"])
    who = addressee.form(lang, case) or addressee.form("en", "name") or addressee.id
    return pattern.format(who=who if plain else escape_markdown(who))


def lead_in(text: str, addressee: Addressee, lang: str, style: str) -> str:
    """``text`` (an operative form) led by its addressee: "Calls upon ODIHR to monitor"."""
    return lead_in_phrase(addressee, lang, style) + " " + decapitalise(text)


def place(text: str, position: str, *, ending: str = ".") -> Markdown:
    """A whole paragraph from a form: capital first letter, the position's end mark."""
    mark = "," if position == "preambular" else ending
    return Markdown(end_with(capitalise(text), mark))


def sub_item(text: str, *, last: bool, lower: bool) -> Markdown:
    """An item of a sub-list: lower-case start (for clause forms), ";" or "." at the end."""
    body = decapitalise(text) if lower else text
    return Markdown(end_with(body, "." if last else ";"))
