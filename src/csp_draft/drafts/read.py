"""Drafts: reading a draft file, checking it against the library, resolving its values.

A draft is a YAML file a person can read and edit by hand (see docs/draft-format.md).
Values stay located YAML nodes until they are checked against the variable types of the
clause that uses them, so a problem points at the line of the value in the draft.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csp_draft import i18n
from csp_draft.drafts.people import look_up_people
from csp_draft.errors import CspDraftError, Diagnostic, DiagnosticCollector, Location
from csp_draft.library.load import Library
from csp_draft.library.schema import LANGUAGE_CODE, SLUG
from csp_draft.models.addressees import FORMS, Addressee
from csp_draft.models.data import (
    KINDS_WITH_FORM,
    SIGNATORY_STATUSES,
    Clause,
    Text,
    VariableSpec,
    has_language,
)
from csp_draft.models.kinds import KINDS, section_plan
from csp_draft.models.people import DEFAULT_FRESHNESS_DAYS
from csp_draft.models.values import coerce_value, country_value, is_missing
from csp_draft.suggest import did_you_mean
from csp_draft.yamlio.located import Node, load_yaml_file

DRAFT_FIELDS = (
    "kind", "title", "subtitle", "event", "place", "date", "date_end", "languages", "authors",
    "footnotes", "numbering", "addressing", "addressees", "speaker", "salutation", "dateline",
    "endnotes", "values", "sections", "signatories", "verbatim", "sign_on",
)
SECTION_FIELDS = ("heading", "lead_in", "numbered", "bulleted", "numbering", "addressing",
                  "form", "items")
ITEM_FIELDS = ("clause", "values", "text", "footnote", "addressee", "id", "items", "synced",
               "form")
SECTION_NUMBERING = ("restart", "continue")
ADDRESSING_MODES = ("grouped", "lead-in", "should", "none")
SECTION_FORMS = ("operative", "preambular", "spoken", "text")
SIGNATORY_FIELDS = ("organisation", "member", "country", "status", "date", "public",
                    "endorsed")
SIGN_ON_LAYOUTS = ("list", "by-country")  # a flat sorted list, or grouped by country
NUMBERING_MODES = ("section", "continuous")
MAX_DRAFT_BYTES = 32 * 1024 * 1024
# A reference to another item in a text: [[id]], where the item has 'id: id'; it renders as
# that item's number, whatever the numbering is when the document is made.
REFERENCE = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)\]\]")
# Whether `check` reports a clause that lacks the form its position needs (a resolution's
# recommendation without an operative form, ...) as an error rather than a warning. While
# the packaged library is being given its forms this stays False; `check --strict-forms`
# makes it an error for one run. Set it True once every clause has the forms it needs.
MISSING_FORM_IS_ERROR = False


@dataclass(frozen=True)
class Item:
    """A clause use (``clause`` set) or free text written for this document only."""

    location: Location
    clause_id: str | None = None
    values: dict[str, Node] = field(default_factory=dict)
    text: Text | None = None  # free text, or a per-use replacement of the clause text
    footnote: Text | None = None
    value_locations: dict[str, Location] = field(default_factory=dict)
    addressee: str | None = None  # who this use speaks to, over the clause's own
    label: str | None = None  # the item's 'id', which '[[id]]' in a text refers to
    items: tuple[Item, ...] = ()  # a sub-list: clauses or texts
    text_node: Node | None = field(default=None, compare=False, repr=False)
    # Hash of each language version of ``text`` when they were last in step (translations).
    synced: dict[str, str] = field(default_factory=dict)
    form: str | None = None  # the form this item takes, over its section's ("text": as written)


@dataclass(frozen=True)
class Section:
    key: str
    location: Location
    heading: Text | None = None
    numbered: bool | None = None
    bulleted: bool | None = None
    items: tuple[Item, ...] = ()
    lead_in: Text | None = None  # an unnumbered paragraph above the items
    numbering: str | None = None  # restart or continue; None: as the document numbers
    addressing: str | None = None  # grouped, lead-in, should or none; None: the draft's or
    # the kind's
    form: str | None = None  # the clause form its items take; None: as the kind plans


@dataclass(frozen=True)
class Signatory:
    organisation: Text
    country: Text | None
    status: str
    date: dt.date | None
    location: Location
    member: str | None = None  # the id in the workspace's members.yaml
    public: bool = True  # False: published as "one organisation from COUNTRY"
    sort_as: Text | None = None  # the form a sign-on list sorts it by (default: its name)
    country_code: str | None = None  # the ISO code, when the country was given as one
    # The hash of the text endorsed, per language (see drafts/endorsements.py).
    endorsed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    path: Path
    kind: str
    title: Text
    subtitle: Text | None
    event: Text | None
    place: Text | None
    date: dt.date | None
    languages: tuple[str, ...]
    authors: tuple[Text, ...]
    footnotes: bool | None
    numbering: str | None  # None: as the document kind prescribes
    values: dict[str, Node]
    sections: tuple[Section, ...]
    signatories: tuple[Signatory, ...]
    location: Location
    # Terms written alike in every language (e.g. "Human Rights Watch" in a Russian text).
    verbatim: tuple[str, ...] = ()
    # The located YAML the draft was read from, so that checks can point at any of its values.
    root: Node | None = field(default=None, compare=False, repr=False)
    subtitles: tuple[Text, ...] = ()  # lines under the title (the first is ``subtitle``)
    date_end: dt.date | None = None  # the last day of an event of several days
    addressing: str | None = None  # how recommendations name their addressee
    addressees: dict[str, Addressee] = field(default_factory=dict)  # the draft's own
    speaker: Text | None = None
    sign_on: str = "list"  # how the sign-on list is laid out: list or by-country
    salutation: Text | None = None
    dateline: Text | None = None
    endnotes: tuple[Text, ...] = ()

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def clause_uses(self) -> list[tuple[Section, int, Item]]:
        return [(section, index, item) for section in self.sections
                for index, item in enumerate(section.items, 1) if item.clause_id]


_TEXT = VariableSpec(name="text", type="text")
_DATE = VariableSpec(name="date", type="date")


def _localized(node: Node, diags: DiagnosticCollector, label: str) -> Text | None:
    """Text written once for all languages, or as a mapping of language to text."""
    return coerce_value(_TEXT, node, diags, what=label)


def _bool(node: Node, diags: DiagnosticCollector, label: str) -> bool | None:
    value = node.scalar_value() if node.is_plain else None
    if isinstance(value, bool):
        return value
    diags.error(node.location, f"'{label}' must be true or false, not {node.describe()}")
    return None


def _unknown_keys(node: Node, allowed: tuple[str, ...], diags: DiagnosticCollector,
                  where: str) -> None:
    for key, (key_node, _) in node.items.items():
        if key not in allowed:
            diags.error(key_node.location, f"unknown field '{key}' in {where}",
                        did_you_mean(key, allowed) or "use " + ", ".join(allowed))


def read_draft(path: str | Path) -> Draft:
    """Read and check the structure of a draft file (not yet its clauses)."""
    path = Path(path)
    root = load_yaml_file(path, max_bytes=MAX_DRAFT_BYTES)
    diags = DiagnosticCollector()
    draft = parse_draft(root, path, diags)
    diags.raise_if_any()
    assert draft is not None
    return draft


def parse_draft(root: Node, path: Path, diags: DiagnosticCollector) -> Draft | None:
    if not root.is_map:
        diags.error(root.location, f"a draft must be a mapping, not {root.describe()}",
                    "start one with `csp-draft new resolution`")
        return None
    _unknown_keys(root, DRAFT_FIELDS, diags, "the draft")
    kind = "resolution"
    kind_node = root.get("kind")
    if kind_node is None:
        diags.error(root.location, "the draft has no 'kind'",
                    "add e.g. 'kind: resolution' (" + ", ".join(KINDS) + ")")
    elif kind_node.text not in KINDS or not kind_node.is_scalar:
        diags.error(kind_node.location, f"unknown document kind '{kind_node.text}'",
                    did_you_mean(kind_node.text, KINDS) or "use one of " + ", ".join(KINDS))
    else:
        kind = kind_node.text

    def text_field(name: str) -> Text | None:
        node = root.get(name)
        return _localized(node, diags, name) if node is not None else None

    title = text_field("title")
    if "title" not in root.items:
        diags.error(root.location, "the draft has no 'title'", "add 'title: ...'")
    date = None
    if "date" in root.items:
        date = coerce_value(_DATE, root.get("date"), diags, what="date")
    languages = _languages(root.get("languages"), diags) if "languages" in root.items \
        else ("en",)
    authors: tuple[Text, ...] = ()
    if "authors" in root.items:
        authors_node = root.get("authors")
        if authors_node.is_seq:
            authors = tuple(a for a in (_localized(c, diags, "author")
                                        for c in authors_node.children) if a is not None)
        else:
            diags.error(authors_node.location, "'authors' must be a list")
    footnotes = _bool(root.get("footnotes"), diags, "footnotes") if "footnotes" in root.items \
        else None
    numbering = None
    if "numbering" in root.items:
        node = root.get("numbering")
        if node.text in NUMBERING_MODES and node.is_scalar:
            numbering = node.text
        else:
            diags.error(node.location, f"'numbering' must be one of {', '.join(NUMBERING_MODES)}")
    subtitles: tuple[Text, ...] = ()
    if "subtitle" in root.items:
        subtitles = _text_lines(root.get("subtitle"), diags, "subtitle")
    date_end = None
    if "date_end" in root.items:
        date_end = coerce_value(_DATE, root.get("date_end"), diags, what="date_end")
        if date is not None and date_end is not None and date_end < date:
            diags.error(root.get("date_end").location, "'date_end' is before 'date'",
                        "give the first day as 'date' and the last as 'date_end'")
    addressing = _choice(root.get("addressing"), ADDRESSING_MODES, diags, "addressing") if (
        "addressing" in root.items) else None
    addressees = _addressees(root.get("addressees"), diags) if "addressees" in root.items \
        else {}
    endnotes = _text_lines(root.get("endnotes"), diags, "endnotes") if (
        "endnotes" in root.items) else ()
    values = _values_map(root.get("values"), diags, "values") if "values" in root.items else {}
    sections = _sections(root.get("sections"), diags) if "sections" in root.items else ()
    signatories = _signatories(root.get("signatories"), diags, languages, path) if (
        "signatories" in root.items) else ()
    sign_on = _choice(root.get("sign_on"), SIGN_ON_LAYOUTS, diags, "sign_on") if (
        "sign_on" in root.items) else None
    verbatim: tuple[str, ...] = ()
    if "verbatim" in root.items:
        verbatim_node = root.get("verbatim")
        if verbatim_node.is_seq and all(c.is_scalar and c.text for c in verbatim_node.children):
            verbatim = tuple(c.text for c in verbatim_node.children)
        else:
            diags.error(verbatim_node.location, "'verbatim' must be a list of terms",
                        "e.g. 'verbatim: [Human Rights Watch]'")
    return Draft(
        path=path, kind=kind, title=title or "",
        subtitle=subtitles[0] if subtitles else None, event=text_field("event"),
        place=text_field("place"),
        date=date, languages=languages, authors=authors, footnotes=footnotes,
        numbering=numbering, values=values, sections=sections, signatories=signatories,
        location=root.location, verbatim=verbatim, root=root, subtitles=subtitles,
        date_end=date_end,
        addressing=addressing, addressees=addressees, speaker=text_field("speaker"),
        sign_on=sign_on or "list",
        salutation=text_field("salutation"), dateline=text_field("dateline"),
        endnotes=endnotes,
    )


def _choice(node: Node, choices: tuple[str, ...], diags: DiagnosticCollector, label: str
            ) -> str | None:
    if node.is_scalar and node.text in choices:
        return node.text
    diags.error(node.location, f"'{label}' must be one of {', '.join(choices)}",
                did_you_mean(node.text, choices) if node.is_scalar else "")
    return None


def _text_lines(node: Node, diags: DiagnosticCollector, label: str) -> tuple[Text, ...]:
    """One text, or a list of texts (each a string or a mapping of language to text)."""
    children = node.children if node.is_seq else [node]
    return tuple(text for text in (_localized(child, diags, label) for child in children)
                 if text is not None)


def _addressees(node: Node, diags: DiagnosticCollector) -> dict[str, Addressee]:
    """A draft's own addressees: ``id: {en: {name: ...}, ru: {nom: ..., acc: ..., dat: ...}}``
    (a plain string for a language stands for every form of it)."""
    if not node.is_map:
        diags.error(node.location, "'addressees' must be a mapping of addressee id to its "
                    "words per language", "e.g. 'government-of-belarus: {en: {name: the "
                    "Government of Belarus}}'")
        return {}
    result = {}
    for key, (key_node, body) in node.items.items():
        if not SLUG.match(key):
            diags.error(key_node.location, f"addressee id '{key}' is not a slug",
                        "use lowercase letters, digits and hyphens")
            continue
        if not body.is_map:
            diags.error(body.location, f"addressee '{key}' must be a mapping of language to "
                        "its words")
            continue
        forms: dict[str, dict[str, str]] = {}
        for lang, (lang_node, words) in body.items.items():
            if not LANGUAGE_CODE.match(lang):
                diags.error(lang_node.location, f"'{lang}' is not a language code",
                            "use en, ru, ...")
                continue
            cases = FORMS.get(lang, ("name",))
            if words.is_scalar and words.text.strip():
                forms[lang] = dict.fromkeys(cases, words.text.strip())
            elif words.is_map:
                _unknown_keys(words, cases, diags, f"addressee '{key}' ({lang})")
                found = {case: words.get(case).text.strip() for case in cases
                         if words.get(case) is not None and words.get(case).is_scalar
                         and words.get(case).text.strip()}
                for case in cases:
                    if case not in found:
                        diags.error(words.location, f"addressee '{key}' ({lang}) has no "
                                    f"'{case}'", f"add '{case}: ...' (the forms of {lang}: "
                                    + ", ".join(cases) + ")")
                forms[lang] = found
            else:
                diags.error(words.location, f"addressee '{key}' ({lang}) must be its words "
                            "or a mapping of its forms")
        result[key] = Addressee(key, forms)
    return result


def _languages(node: Node, diags: DiagnosticCollector) -> tuple[str, ...]:
    if node.is_scalar and node.text:
        codes = [(node, code.strip()) for code in node.text.split(",")]
    elif node.is_seq:
        codes = [(child, child.text) for child in node.children]
    else:
        diags.error(node.location, "'languages' must be a list such as [en, ru]")
        return ("en",)
    result = []
    for child, code in codes:
        if not LANGUAGE_CODE.match(code):
            diags.error(child.location, f"'{code}' is not a language code", "use en, ru, ...")
        else:
            result.append(code)
    return tuple(result) or ("en",)


def _values_map(node: Node, diags: DiagnosticCollector, label: str) -> dict[str, Node]:
    if not node.is_map:
        if node.is_plain and node.scalar_value() is None:
            return {}
        diags.error(node.location, f"'{label}' must be a mapping of name: value")
        return {}
    return {key: value for key, (_, value) in node.items.items()}


def _sections(node: Node, diags: DiagnosticCollector) -> tuple[Section, ...]:
    if not node.is_map:
        diags.error(node.location, "'sections' must be a mapping of section name to section",
                    "e.g. 'recommendations:' with 'items:' below it")
        return ()
    sections = []
    for key, (key_node, body) in node.items.items():
        if not SLUG.match(key):
            diags.error(key_node.location, f"section name '{key}' is not a slug",
                        "use lowercase letters, digits and hyphens")
            continue
        if body.is_plain and body.scalar_value() is None:
            sections.append(Section(key, key_node.location))
            continue
        if not body.is_map:
            diags.error(body.location, f"section '{key}' must be a mapping with 'items'")
            continue
        _unknown_keys(body, SECTION_FIELDS, diags, f"section '{key}'")
        heading = _localized(body.get("heading"), diags, "heading") if "heading" in body.items \
            else None
        numbered = _bool(body.get("numbered"), diags, "numbered") if "numbered" in body.items \
            else None
        bulleted = _bool(body.get("bulleted"), diags, "bulleted") if "bulleted" in body.items \
            else None
        lead_in = _localized(body.get("lead_in"), diags, "lead_in") if (
            "lead_in" in body.items) else None
        numbering = _choice(body.get("numbering"), SECTION_NUMBERING, diags, "numbering") if (
            "numbering" in body.items) else None
        addressing = _choice(body.get("addressing"), ADDRESSING_MODES, diags, "addressing") \
            if "addressing" in body.items else None
        form = _choice(body.get("form"), SECTION_FORMS, diags, "form") if (
            "form" in body.items) else None
        items = _items(body.get("items"), diags, f"section '{key}'") if (
            "items" in body.items) else ()
        sections.append(Section(key, key_node.location, heading, numbered, bulleted,
                                items, lead_in, numbering, addressing, form))
    return tuple(sections)


def _items(node: Node, diags: DiagnosticCollector, where: str, depth: int = 0
           ) -> tuple[Item, ...]:
    if node.is_seq:
        return tuple(item for item in (_item(child, diags, depth) for child in node.children)
                     if item is not None)
    if not (node.is_plain and node.scalar_value() is None):
        diags.error(node.location, f"'items' of {where} must be a list")
    return ()


def _item(node: Node, diags: DiagnosticCollector, depth: int = 0) -> Item | None:
    if not node.is_map:
        diags.error(node.location, "an item must be a mapping with 'clause:' or 'text:'",
                    "e.g. '- clause: decriminalise-libel'")
        return None
    _unknown_keys(node, ITEM_FIELDS, diags, "the item")
    clause_id = None
    if "clause" in node.items:
        clause_node = node.get("clause")
        clause_id = clause_node.text if clause_node.is_scalar else None
        if clause_id is None or not SLUG.match(clause_id):
            diags.error(clause_node.location, "'clause' must be a clause id (a slug)")
            return None
    text = _localized(node.get("text"), diags, "text") if "text" in node.items else None
    if clause_id is None and text is None:
        if "text" not in node.items:
            diags.error(node.location, "an item needs 'clause:' or 'text:'")
        return None
    values = _values_map(node.get("values"), diags, "values") if "values" in node.items else {}
    value_locations = {}
    if "values" in node.items and node.get("values").is_map:
        value_locations = {k: key.location for k, (key, _) in node.get("values").items.items()}
    if values and clause_id is None:
        diags.error(node.key_location("values"), "'values' belong to a clause use",
                    "add 'clause: ID' or remove 'values'")
    footnote = _localized(node.get("footnote"), diags, "footnote") if "footnote" in node.items \
        else None
    addressee = None
    if "addressee" in node.items:
        addressee_node = node.get("addressee")
        if addressee_node.is_scalar and SLUG.match(addressee_node.text):
            addressee = addressee_node.text
        else:
            diags.error(addressee_node.location, "'addressee' must be an addressee id",
                        "e.g. 'addressee: odihr'")
    label = None
    if "id" in node.items:
        label_node = node.get("id")
        if label_node.is_scalar and SLUG.match(label_node.text):
            label = label_node.text
        else:
            diags.error(label_node.location, "an item's 'id' must be a slug",
                        "e.g. 'id: monitoring', then write [[monitoring]] where you refer "
                        "to it")
    sub_items: tuple[Item, ...] = ()
    if "items" in node.items:
        if depth >= 1:
            diags.error(node.key_location("items"), "a sub-item cannot have items of its own",
                        "make it an item of the section, or one sub-list")
        else:
            sub_items = _items(node.get("items"), diags, "the item", depth + 1)
    synced: dict[str, str] = {}
    if "synced" in node.items:
        synced_node = node.get("synced")
        if synced_node.is_map and all(LANGUAGE_CODE.match(k) and v.is_scalar
                                      for k, (_, v) in synced_node.items.items()):
            synced = {k: v.text for k, (_, v) in synced_node.items.items()}
        else:
            diags.error(synced_node.location, "'synced' must map language codes to hashes",
                        "let `csp-draft translations confirm` write it")
    form = _choice(node.get("form"), SECTION_FORMS, diags, "form") if (
        "form" in node.items) else None
    return Item(node.location, clause_id, values, text, footnote, value_locations,
                text_node=node.get("text"), synced=synced, addressee=addressee, label=label,
                items=sub_items, form=form)


def _signatories(node: Node, diags: DiagnosticCollector, languages: tuple[str, ...],
                 path: Path) -> tuple[Signatory, ...]:
    if not node.is_seq:
        if node.is_plain and node.scalar_value() is None:
            return ()
        diags.error(node.location, "'signatories' must be a list")
        return ()
    registry = None
    result = []
    for child in node.children:
        if not child.is_map:
            diags.error(child.location, "a signatory must be a mapping with 'organisation' "
                        "or 'member'")
            continue
        _unknown_keys(child, SIGNATORY_FIELDS, diags, "the signatory")
        org_node = child.get("organisation")
        member_node = child.get("member")
        member = None
        if member_node is not None:
            if org_node is not None:
                diags.error(member_node.location, "a signatory is either a 'member' or an "
                            "'organisation', not both",
                            "a member's name and country come from members.yaml")
                continue
            if registry is None:
                from csp_draft.registry.members import load_registry

                try:
                    registry = load_registry(path.parent)
                except CspDraftError as error:
                    diags.absorb(error)
                    return ()
            try:
                member = registry.get(member_node.text, member_node.location)
            except CspDraftError as error:
                diags.absorb(error)
                continue
        elif org_node is None:
            diags.error(child.location, "a signatory needs 'organisation' or 'member'")
            continue
        status = "confirmed"
        if "status" in child.items:
            status_node = child.get("status")
            status = status_node.text
            if status not in SIGNATORY_STATUSES:
                diags.error(status_node.location, f"unknown status '{status}'",
                            "use " + ", ".join(SIGNATORY_STATUSES))
        date = coerce_value(_DATE, child.get("date"), diags, what="date") if (
            "date" in child.items) else None
        endorsed = _endorsed(child.get("endorsed"), diags) if "endorsed" in child.items else {}
        if member is not None:
            if "country" in child.items or "public" in child.items:
                key = "country" if "country" in child.items else "public"
                diags.error(child.key_location(key), f"'{key}' of a member comes from "
                            "members.yaml", f"change it there, or remove '{key}' here")
            missing = [lang for lang in languages if not has_language(member.name, lang)]
            if missing:
                diags.warning(member_node.location, f"member '{member.id}' has no "
                              f"{', '.join(repr(m) for m in missing)} name in members.yaml, so "
                              "its name in another language stands in",
                              f"add it there ({member.location})")
            country = country_value(member.country, languages)
            result.append(Signatory(member.name, country, status, date, child.location,
                                    member=member.id, public=member.public,
                                    sort_as=member.sort_as, country_code=member.country,
                                    endorsed=endorsed))
            continue
        organisation = _localized(org_node, diags, "organisation")
        country = _localized(child.get("country"), diags, "country") if (
            "country" in child.items) else None
        code = None
        if isinstance(country, str) and i18n.is_country_code(country):
            code = country
            country = country_value(country, languages)
        public = _bool(child.get("public"), diags, "public") if "public" in child.items \
            else True
        if organisation is not None:
            result.append(Signatory(organisation, country, status, date, child.location,
                                    public=public is not False, country_code=code,
                                    endorsed=endorsed))
    return tuple(result)


def _endorsed(node: Node, diags: DiagnosticCollector) -> dict[str, str]:
    if node.is_map and all(LANGUAGE_CODE.match(k) and v.is_scalar
                           for k, (_, v) in node.items.items()):
        return {k: v.text for k, (_, v) in node.items.items()}
    diags.error(node.location, "'endorsed' must map language codes to hashes",
                "let `csp-draft sign` write it")
    return {}


# --- checking against the library ----------------------------------------------------------

@dataclass(frozen=True)
class ResolvedItem:
    """An item with its clause and its checked values (defaults < draft < item < --set)."""

    section: Section
    index: int
    item: Item
    clause: Clause | None
    values: dict[str, Any]
    missing: tuple[str, ...] = ()
    sub: int = 0  # the number of a sub-item in its item's sub-list; 0 for an item

    @property
    def ref(self) -> str:
        if self.sub:
            return f"{self.section.key}.{self.index}.{self.sub}"
        return f"{self.section.key}.{self.index}"


def resolve_draft(
    draft: Draft, library: Library, diags: DiagnosticCollector, *,
    overrides: dict[str, Node] | None = None,
) -> list[ResolvedItem]:
    """Check every item against the library; problems go to ``diags``, all at once."""
    overrides = overrides or {}
    resolved = []
    for section in draft.sections:
        for index, item in enumerate(section.items, 1):
            places = [(item, 0), *((sub, number) for number, sub in enumerate(item.items, 1))]
            for each, sub in places:
                ref = f"{section.key}.{index}" + (f".{sub}" if sub else "")
                if each.clause_id is None:
                    resolved.append(ResolvedItem(section, index, each, None, {}, sub=sub))
                    continue
                clause = library.clauses.get(each.clause_id)
                if clause is None:
                    broken = library.problems_of_broken(each.clause_id)
                    if broken:  # its file's own errors say why it cannot be used
                        diags.extend(broken)
                    else:
                        diags.error(each.location, f"no clause '{each.clause_id}' in the "
                                    "library", library.suggest(each.clause_id))
                    resolved.append(ResolvedItem(section, index, each, None, {}, sub=sub))
                    continue
                values, missing = _resolve_values(clause, draft, each, overrides, diags, ref,
                                                  library)
                resolved.append(ResolvedItem(section, index, each, clause, values,
                                             tuple(missing), sub=sub))
    _check_override_names(overrides, resolved, diags)
    return resolved


def _check_override_names(
    overrides: dict[str, Node], resolved: list[ResolvedItem], diags: DiagnosticCollector,
) -> None:
    """A ``--set NAME=...`` that no clause of the draft uses is a mistake, never ignored."""
    used = {name for entry in resolved if entry.clause is not None
            for name in entry.clause.variables}
    for name, node in overrides.items():
        if name not in used:
            diags.error(node.location, f"no clause in the draft has a variable '{name}'",
                        did_you_mean(name, used) or
                        "its variables: " + (", ".join(sorted(used)) or "none"))


def _resolve_values(
    clause: Clause, draft: Draft, item: Item, overrides: dict[str, Node],
    diags: DiagnosticCollector, ref: str, library: Library,
) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    for name in item.values:
        if name not in clause.variables:
            diags.error(item.value_locations.get(name, item.location),
                        f"clause '{clause.id}' has no variable '{name}'",
                        did_you_mean(name, clause.variables) or
                        "its variables: " + (", ".join(clause.variables) or "none"))
    missing = []
    for name, spec in clause.variables.items():
        node = overrides.get(name) or item.values.get(name) or draft.values.get(name)
        value = spec.default
        if node is not None:
            checked = coerce_value(spec, node, diags, what=f"'{name}' of {ref} ({clause.id})")
            if checked is not None:
                value = checked
        if spec.type == "people" and value:
            value = look_up_people(value, library, diags)
        if spec.required and is_missing(value) and node is None:
            missing.append(name)
        values[name] = value
    own_wording = item.text is not None and all(
        has_language(item.text, lang) for lang in draft.languages)
    if own_wording:  # the use's own wording needs no values
        missing = []
    if missing:
        diags.error(item.location,
                    f"{ref} ({clause.id}) lacks required "
                    + ", ".join(f"'{n}'" for n in missing),
                    "set them with `csp-draft set DRAFT " + ref + " NAME=VALUE`")
    return values, missing


# The registry's "the government concerned": a clause's default for a demand any government
# may face; a document must say which government it means.
VAGUE_ADDRESSEE = "government"


def check_draft(draft: Draft, library: Library, fallback: str | None = None, *,
                today: dt.date | None = None,
                freshness_days: int = DEFAULT_FRESHNESS_DAYS,
                strict_forms: bool | None = None) -> list[Diagnostic]:
    """Every problem of a draft: clauses, values, languages, empty sections. An untranslated
    text is an error, or a warning when a ``fallback`` language stands in for it. A clause
    without the form its position needs is a warning, or an error with ``strict_forms``
    (default: :data:`MISSING_FORM_IS_ERROR`)."""
    diags = DiagnosticCollector()
    resolved = resolve_draft(draft, library, diags)
    kind = KINDS.get(draft.kind)
    for section in draft.sections:
        plan = section_plan(kind, section.key) if kind is not None else None
        if not section.items and not (plan is not None and plan.optional):
            diags.warning(section.location, f"section '{section.key}' is empty",
                          f"add items with `csp-draft add-clause` or `add-text --section "
                          f"{section.key}`, or remove the section")
        elif kind is not None and section_plan(kind, section.key) is None and (
            section.heading is None
        ) and set(draft.languages) <= {"en"}:  # else an untranslated heading, an error below
            diags.warning(section.location, f"section '{section.key}' has no heading",
                          "add 'heading:' to it")
    strict = MISSING_FORM_IS_ERROR if strict_forms is None else strict_forms
    _check_grammar(draft, resolved, diags, strict)  # languages: report_untranslated, below
    first_use: dict[tuple[str, str, str], str] = {}  # a clause with the same values twice
    for entry in resolved:
        clause_id = entry.item.clause_id
        if clause_id is None or entry.clause is None:
            continue
        same = (clause_id, repr(sorted(entry.values.items())), repr(entry.item.text))
        if same in first_use:
            diags.warning(entry.item.location,
                          f"clause '{clause_id}' is used twice with the same values: at "
                          f"{first_use[same]} and at {entry.ref}",
                          f"remove one with `csp-draft remove {entry.item.location.path} "
                          f"{entry.ref}`")
        else:
            first_use[same] = entry.ref
    from csp_draft.drafts.languages import report_untranslated

    report_untranslated(draft, resolved, draft.languages, fallback, diags)
    from csp_draft.drafts.translations import report_clause_staleness, report_staleness

    report_staleness(draft, diags)
    report_clause_staleness(draft, library, diags)
    from csp_draft.drafts.people import report_people

    report_people(resolved, diags, today=today, freshness_days=freshness_days)
    return diags.items


def _check_grammar(draft: Draft, resolved: list[ResolvedItem],
                   diags: DiagnosticCollector, strict_forms: bool = False) -> None:
    """Forms the positions need, addressees the kind needs, references that lead nowhere."""
    from csp_draft.models.addressees import registry

    kind = KINDS.get(draft.kind)
    if kind is None:
        return
    known = registry()
    numbered_labels: set[str] = set()
    labels: set[str] = set()
    for section in draft.sections:
        plan = section_plan(kind, section.key)
        numbered = section.numbered if section.numbered is not None else (
            plan.numbered if plan else kind.continuous_numbering)
        for item in section.items:
            if item.label is not None:
                labels.add(item.label)
                if numbered:
                    numbered_labels.add(item.label)
    for entry in resolved:
        section, item, clause = entry.section, entry.item, entry.clause
        plan = section_plan(kind, section.key)
        form = item.form or ("operative" if entry.sub else (
            section.form or (plan.form if plan else kind.other_sections_form)))
        addressing = section.addressing or draft.addressing or kind.addressing
        if item.addressee is not None and item.addressee not in draft.addressees and (
            item.addressee not in known
        ):
            diags.error(item.location, f"unknown addressee '{item.addressee}' at {entry.ref}",
                        did_you_mean(item.addressee, [*known, *draft.addressees]) or
                        "use an id of the registry or add it under the draft's 'addressees:'")
        if clause is not None and form != "text" and (
            clause.kind in KINDS_WITH_FORM[form] or clause.forms
        ):
            has = form in clause.forms or (form == "spoken" and "operative" in clause.forms)
            if not has:
                report = diags.error if strict_forms else diags.warning
                report(item.location, f"clause '{clause.id}' at {entry.ref} has no {form} "
                       "form, so its text stands as written",
                       f"add 'forms: {{{form}: {{en: ..., ru: ...}}}}' to the clause, or "
                       "'form: text' to the item to keep the text as written")
            else:
                for lang in draft.languages:
                    texts = clause.forms.get(form) or clause.forms.get("operative", {})
                    if lang not in texts and not (item.text and has_language(item.text, lang)):
                        diags.error(item.location, f"clause '{clause.id}' at {entry.ref} has no "
                                    f"{form} form in '{lang}'",
                                    f"add '{lang}:' under 'forms: {form}:' in the clause file")
            needs_addressee = not entry.sub and (
                (form == "operative" and addressing != "none")
                or (form == "spoken" and "spoken" not in clause.forms))
            if has and needs_addressee and item.addressee is None and (
                clause.speaks_to() is None
            ):
                diags.error(item.location, f"clause '{clause.id}' at {entry.ref} names no "
                            "addressee", "give the item 'addressee: ID' (e.g. odihr), or the "
                            "clause one 'addressee:'")
            elif has and needs_addressee and (
                item.addressee or clause.speaks_to()
            ) == VAGUE_ADDRESSEE and VAGUE_ADDRESSEE not in draft.addressees:
                path = shlex.quote(str(item.location.path))
                diags.warning(item.location, f"clause '{clause.id}' at {entry.ref} calls on "
                              "\"the government concerned\", which names no one",
                              f"name the government: define it with `csp-draft addressee {path}"
                              " government-of-COUNTRY --lang en --name ...` (and --lang ru "
                              f"--nom ... --acc ... --dat ...), then `csp-draft set {path} "
                              f"{entry.ref} --addressee government-of-COUNTRY`")
        texts = [] if item.text is None else (
            list(item.text.values()) if isinstance(item.text, dict) else [item.text])
        for text in texts:
            for label in REFERENCE.findall(text):
                if label not in labels:
                    diags.error(item.location, f"[[{label}]] at {entry.ref} refers to no item",
                                did_you_mean(label, labels) or
                                f"give the item you mean 'id: {label}'")
                elif label not in numbered_labels:
                    diags.error(item.location, f"[[{label}]] at {entry.ref} refers to an item "
                                "without a number", "refer to an item of a numbered section")
