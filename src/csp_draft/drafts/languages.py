"""The one rule for a missing language, shared by `check`, `preview` and `export`.

Every string of a draft that a reader sees is either one text for all languages or a
mapping ``{en: ..., ru: ...}``. A document in ``lang`` is untranslated where

- a mapping has no ``lang`` text;
- a text (one for all languages, or the one written for ``lang``) has words in a script
  the language is not written in: Latin words in a Russian document, Cyrillic words in an
  English one. Terms the draft lists under ``verbatim:`` (organisation names written in
  Latin letters in Russian too, such as "Human Rights Watch") do not count;
- a clause has no ``lang`` text and the item has no wording of its own in ``lang``;
- a section the document kind does not plan has no heading (its key would be shown).

Which strings are visible is data: :data:`TEXT_FIELDS` lists the draft's text fields by
path, and clause values are found through the types of the clause's variables. A new text
field of the draft format is checked once its path is added there.

Each problem is located at its YAML node. Without a fallback language they are errors;
with one (``--fallback en``) they are warnings and the fallback's text is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from csp_draft.errors import DiagnosticCollector, Location
from csp_draft.i18n import is_country_code
from csp_draft.yamlio.located import Node

if TYPE_CHECKING:
    from csp_draft.drafts.read import Draft, ResolvedItem
    from csp_draft.models.data import VariableSpec

# Paths of the draft's user-visible texts: `*` is any key of a mapping, `[]` any list entry.
TEXT_FIELDS = (
    "title", "subtitle", "event", "place", "authors[]",
    "sections.*.heading", "sections.*.items[].footnote",
    "signatories[].organisation", "signatories[].country",
)

# The script each working language is written in; a language missing here is not checked
# for foreign-script words (only for missing texts).
SCRIPT_OF_LANGUAGE = {"en": "Latin", "ru": "Cyrillic"}
_LETTERS = {"Latin": "A-Za-z\u00c0-\u024f", "Cyrillic": "\u0400-\u04ff"}
_WORD = {script: re.compile(rf"[{letters}][{letters}'’-]*") for script, letters in _LETTERS.items()}

# Parts of a text that are not words of the document: addresses (a URL, a host name with a
# path, an e-mail address), document symbols, Markdown link targets, footnote markers, Jinja
# expressions of a clause wording, Roman numerals. A document symbol is how an organisation
# files a document, the same in every language: Latin capitals and digits joined by
# slashes, brackets, hyphens or dots, with at least one digit and one slash or bracket
# (CDL-AD(2014)046, A/HRC/RES/53/1, CM/Rec(2024)2, CCPR/C/GC/34).
# Every part is bounded or anchored at the start of a run, so that a hostile text of
# 100,000 characters is scanned in linear time.
_SYMBOL_CHARS = r"A-Za-z0-9/().\-"
_NOT_WORDS = re.compile(
    r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]{1,200}@[\w-]{1,200}\.[\w.-]{1,200}"
    r"|(?<![\w.-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}/[^\s)]{0,2000}"
    rf"|(?<![\w/().-])(?=[{_SYMBOL_CHARS}]{{0,200}}\d)(?=[{_SYMBOL_CHARS}]{{0,200}}[/(])"
    rf"[A-Z0-9][{_SYMBOL_CHARS}]{{0,200}}"
    r"|\]\([^()]{0,2000}\)|\[\^[^\]]{0,200}\]"
    r"|\{\{[^{}]{0,2000}\}\}|\{%[^%]{0,2000}%\}|\{#[^#]{0,2000}#\}|\b[IVXLCDM]+\b"
    r"|\[\[[a-z0-9-]{1,200}\]\]",  # a reference to an item's id, replaced by its number
)
_SHOWN_WORDS = 4
_TEXT_TYPES = ("string", "text", "country", "list", "records")
_LANG_KEY = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)*")


class Untranslated(NamedTuple):
    """One place where a document in ``lang`` would show another language."""

    location: Location
    message: str
    hint: str


def untranslated(draft: Draft, resolved: list[ResolvedItem], lang: str,
                 overrides: dict[str, Node] | None = None) -> list[Untranslated]:
    """Every untranslated place of ``draft`` in ``lang``, in file order."""
    problems: list[Untranslated] = []
    verbatim = draft.verbatim
    if draft.root is not None:
        for label, node in _fields(draft.root):
            problems.extend(_check_text(node, label, lang, verbatim))
    problems.extend(_check_sections(draft, lang))
    problems.extend(_check_items(resolved, lang, verbatim))
    problems.extend(_check_values(draft, resolved, lang, verbatim, overrides or {}))
    problems.sort(key=lambda p: (p.location.path, p.location.line, p.location.column))
    return problems


def report_untranslated(draft: Draft, resolved: list[ResolvedItem], languages: tuple[str, ...],
                        fallback: str | None, diags: DiagnosticCollector,
                        overrides: dict[str, Node] | None = None) -> None:
    """Errors for every untranslated place, or warnings when a fallback language is given."""
    for lang in languages:
        for problem in untranslated(draft, resolved, lang, overrides):
            if fallback and fallback != lang:
                diags.warning(problem.location, problem.message, f"using the '{fallback}' text")
            else:
                diags.error(problem.location, problem.message,
                            problem.hint + ", or use --fallback en")


def foreign_words(text: str, lang: str, verbatim: tuple[str, ...] = ()) -> list[str]:
    """Words of ``text`` written in a script ``lang`` is not written in."""
    script = SCRIPT_OF_LANGUAGE.get(lang)
    if script is None:
        return []
    for term in sorted(verbatim, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text)
    text = _NOT_WORDS.sub(" ", text)
    words: list[str] = []
    for other, pattern in _WORD.items():
        if other != script:
            words.extend(pattern.findall(text))
    return words


def is_language_map(node: Node) -> bool:
    return node.is_map and bool(node.items) and all(
        _LANG_KEY.fullmatch(key) for key in node.items)


# --- the parts of a draft ----------------------------------------------------------------------

def _fields(root: Node) -> Iterator[tuple[str, Node]]:
    for path in TEXT_FIELDS:
        yield from _walk(root, re.findall(r"[^.\[\]]+|\[\]", path.replace("[]", ".[]")), "")


def _walk(node: Node, steps: list[str], label: str) -> Iterator[tuple[str, Node]]:
    if not steps:
        yield label, node
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        if node.is_seq:
            for number, child in enumerate(node.children, 1):
                yield from _walk(child, rest, f"{label} {number}")
    elif step == "*":
        if node.is_map:
            for key, (_, child) in node.items.items():
                yield from _walk(child, rest, f"{label} '{key}'")
    elif node.is_map and step in node.items:
        yield from _walk(node.items[step][1], rest, f"{step}{label}" if not label
                         else f"{label} {step}")


def _command_hint(label: str, lang: str, path: str) -> str:
    """The command that adds the ``lang`` version of the text ``label`` names, if any."""
    if label in ("title", "subtitle", "event", "place", "speaker", "salutation", "dateline"):
        return f"`csp-draft info {path} --lang {lang} --{label} ...`"
    if label == "author 1":
        return f"`csp-draft info {path} --lang {lang} --author ...`"
    match = re.fullmatch(r"the (?:free text|wording) at (\S+)", label)
    if match:
        return f"`csp-draft set {path} {match.group(1)} --lang {lang} --text ...`"
    match = re.fullmatch(r"the footnote of (\S+)", label)
    if match:
        return f"`csp-draft set {path} {match.group(1)} --lang {lang} --note ...`"
    if re.fullmatch(r"the organisation of signatory \d+", label):
        return f"`csp-draft sign {path} --org NAME --lang {lang} --name ...`"
    return ""


def _check_text(node: Node, label: str, lang: str, verbatim: tuple[str, ...]
                ) -> Iterator[Untranslated]:
    label = _readable(label)
    command = _command_hint(label, lang, node.location.path)
    if is_language_map(node):
        if lang not in node.items:
            yield Untranslated(node.location, f"{label} has no '{lang}' version",
                               f"add it with {command}" if command
                               else f"add '{lang}: ...' to it")
            return
        value = node.items[lang][1]
        if value.is_scalar:
            words = foreign_words(value.text, lang, verbatim)
            if words:
                yield Untranslated(value.location,
                                   f"the '{lang}' version of {label} has words in another "
                                   f"script: {_some(words)}",
                                   "translate them, or list names written alike in every "
                                   "language under 'verbatim:'")
        return
    if node.is_scalar and isinstance(node.scalar_value(), str):
        if "country" in label and is_country_code(node.text):
            return  # named in each language from CLDR
        words = foreign_words(node.text, lang, verbatim)
        if words:
            yield Untranslated(node.location,
                               f"{label} is written once for every language, and has words "
                               f"that are not '{lang}': {_some(words)}",
                               (f"add the '{lang}' version with {command}" if command else
                                f"write it per language as {{{_other(lang)}: ..., {lang}: ...}}")
                               + ", or list names written alike in every language under "
                               "'verbatim:'")


def _check_sections(draft: Draft, lang: str) -> Iterator[Untranslated]:
    from csp_draft.models.kinds import KINDS, section_plan

    kind = KINDS.get(draft.kind)
    for section in draft.sections:
        if section.heading is not None or (kind and section_plan(kind, section.key)):
            continue
        if lang == "en":
            continue  # the key, as a heading, is English
        shown = section.key.replace("-", " ").capitalize()
        yield Untranslated(section.location,
                           f"section '{section.key}' has no heading, so its name "
                           f"\"{shown}\" would head it in '{lang}'",
                           f"add 'heading: {{en: ..., {lang}: ...}}' to it")


def _check_items(resolved: list[ResolvedItem], lang: str, verbatim: tuple[str, ...]
                 ) -> Iterator[Untranslated]:
    from csp_draft.models.data import has_language

    for entry in resolved:
        node = entry.item.text_node
        if entry.clause is None:
            if node is not None:
                yield from _check_text(node, f"the free text at {entry.ref}", lang, verbatim)
            continue
        if lang in entry.clause.text:
            if node is not None and (not is_language_map(node) or lang in node.items):
                yield from _check_text(node, f"the wording at {entry.ref}", lang, verbatim)
            continue
        if entry.item.text is not None and has_language(entry.item.text, lang):
            continue
        yield Untranslated(entry.item.location,
                           f"clause '{entry.clause.id}' at {entry.ref} has no '{lang}' text",
                           "write it in the clause file")


def _check_values(draft: Draft, resolved: list[ResolvedItem], lang: str,
                  verbatim: tuple[str, ...], overrides: dict[str, Node]
                  ) -> Iterator[Untranslated]:
    seen: set[int] = set()
    for entry in resolved:
        if entry.clause is None:
            continue
        for name, spec in entry.clause.variables.items():
            if spec.type not in _TEXT_TYPES:
                continue
            node = overrides.get(name) or entry.item.values.get(name) or draft.values.get(name)
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            source = entry.clause.text.get(lang, "")
            if entry.item.text is not None:
                source += "\n" + "\n".join(entry.item.text.values()) if isinstance(
                    entry.item.text, dict) else "\n" + entry.item.text
            yield from _check_value(node, spec, f"'{name}' of {entry.ref}", lang, verbatim,
                                    source)


# Record fields a filter shows without the text naming them.
_FIELDS_OF_FILTERS = {"people": ("name", "country")}


def _shown_fields(spec: VariableSpec, source: str) -> set[str]:
    """The fields of a records variable the text shows: those it names, and those a filter
    it uses shows (a field such as 'source', where a fact was read, is shown by none)."""
    shown = {field.name for field in spec.fields
             if re.search(rf"(?<![\w-]){re.escape(field.name)}(?![\w-])", source)}
    for name, fields in _FIELDS_OF_FILTERS.items():
        if re.search(rf"\|\s*{name}\b", source):
            shown.update(fields)
    return shown


def _check_value(node: Node, spec: VariableSpec, label: str, lang: str,
                 verbatim: tuple[str, ...], source: str = "") -> Iterator[Untranslated]:
    if spec.type == "country" and node.is_scalar:
        return  # a code, named in each language from CLDR and the workspace
    if spec.type in ("string", "text", "country"):
        yield from _check_text(node, label, lang, verbatim)
    elif spec.type == "list" and node.is_seq:
        for child in node.children:
            yield from _check_text(child, label, lang, verbatim)
    elif spec.type == "records" and node.is_seq:
        shown = _shown_fields(spec, source)
        for number, record in enumerate(node.children, 1):
            if not record.is_map:
                continue
            for key, (_, value) in record.items.items():
                field_spec = spec.field(key)
                if field_spec is not None and field_spec.type == "country" and value.is_scalar:
                    continue  # a code, named in each language
                if field_spec is not None and field_spec.type in ("string", "text", "country") \
                        and key in shown:
                    yield from _check_text(value, f"'{key}' of {label} entry {number}",
                                           lang, verbatim)


def _readable(label: str) -> str:
    """``sections 'x' heading`` -> ``the heading of section 'x'`` and the like."""
    match = re.fullmatch(r"sections '([^']+)'(?: items (\d+))? (\w+)", label)
    if match:
        key, number, leaf = match.groups()
        return f"the {leaf} of {key}.{number}" if number else f"the {leaf} of section '{key}'"
    match = re.fullmatch(r"(authors|signatories) (\d+)(?: (\w+))?", label)
    if match:
        _, number, leaf = match.groups()
        return f"the {leaf} of signatory {number}" if leaf else f"author {number}"
    return label


def _some(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    shown = ", ".join(unique[:_SHOWN_WORDS])
    return shown + (", ..." if len(unique) > _SHOWN_WORDS else "")


def _other(lang: str) -> str:
    return "ru" if lang == "en" else "en"
