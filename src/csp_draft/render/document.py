"""Draft + library -> Markdown, through the document template of the draft's kind.

Numbering, footnotes and the grouping of signatories are computed here at render time
(never stored in the draft); the template only lays the pieces out. Template search path:
``--templates DIR``, then the workspace ``templates/``, then the packaged templates;
``builtin/NAME`` always names the packaged template, so a user's template can extend the
packaged one of the same name and override a single block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import yaml

from csp_draft import i18n, paths
from csp_draft.drafts.languages import report_untranslated
from csp_draft.drafts.read import REFERENCE as _REFERENCE
from csp_draft.drafts.read import Draft, ResolvedItem, resolve_draft
from csp_draft.errors import (
    CspDraftError,
    Diagnostic,
    DiagnosticCollector,
    Location,
    TemplateError,
)
from csp_draft.library.clause_render import ClauseRenderer, localize_values
from csp_draft.library.load import Library
from csp_draft.markdown.escape import Markdown, escape_markdown
from csp_draft.markdown.front_matter import one_line
from csp_draft.markdown.trace import between_name, bookmark_name, marker
from csp_draft.models.addressees import Addressee, registry
from csp_draft.models.data import Clause, localize
from csp_draft.models.kinds import KINDS, get_kind, section_plan
from csp_draft.models.people import conceal
from csp_draft.render import grammar
from csp_draft.render.labels import labels_for
from csp_draft.render.signatories import sign_on
from csp_draft.render.typography import typeset, typeset_text
from csp_draft.sandbox.environment import compile_text, make_environment, template_error
from csp_draft.sandbox.limits import RenderLimitExceeded, render_guard, render_limited
from csp_draft.yamlio.located import Node

if TYPE_CHECKING:
    from csp_draft.library.shapes import Skeleton

TEMPLATE_SUFFIX = ".md.j2"
_EXTRA_BLANK_LINES = re.compile(r"\n\n\n+")  # as \n{3,}, which sre searches ten times slower


def template_folders(workspace_templates: Path | None, extra: Path | None = None) -> list[Path]:
    """The template search path, first match wins."""
    folders = []
    if extra is not None:
        if not extra.is_dir():
            raise CspDraftError("templates folder does not exist", hint="check --templates",
                                location=Location.of_file(extra))
        folders.append(extra)
    if workspace_templates is not None:
        folders.append(workspace_templates)
    folders.append(paths.packaged("templates"))
    return folders


@dataclass(frozen=True)
class RenderOptions:
    """How a render is meant to be read: ``public`` for a published file (``export
    --public``), whose metadata names no author and whose text names no sensitive person."""

    public: bool = False


@dataclass
class RenderResult:
    markdown: str
    lang: str
    warnings: list[Diagnostic] = field(default_factory=list)
    # In a traced render: item marker name -> the lead-in put before the item's own words
    # ("Calls upon ODIHR to"), as a reader sees it; items without one are not listed.
    leads: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Place:
    """Where an item stands: the form it takes, how it names its addressee, its end mark."""

    form: str
    addressing: str
    style: str
    ending: str


def _resolve_references(sections: list[dict[str, Any]], numbers: dict[str, int],
                        locations: dict[str, Location], diags: DiagnosticCollector) -> None:
    """Replace each ``[[id]]`` by the number the item with that id has in this rendering."""
    for section in sections:
        for item in section["entries"]:
            text = item["text"]
            if "[[" not in text:
                continue
            parts = []
            last = 0
            for match in _REFERENCE.finditer(text):
                label = match.group(1)
                parts.append(text[last:match.start()])
                if label in numbers:
                    parts.append(str(numbers[label]))
                else:
                    parts.append(match.group(0))
                    diags.error(locations[item["ref"]],
                                f"[[{label}]] in {item['ref']} refers to no numbered item",
                                f"give the item you mean 'id: {label}', in a numbered section")
                last = match.end()
            parts.append(text[last:])
            item["text"] = Markdown("".join(parts))


@dataclass
class _Footnotes:
    """The notes of one rendering, numbered in the order they are first attached: Markdown
    footnotes, or, for a kind whose notes are endnotes, "[n]" in the text and the notes
    listed at the end (before the draft's own ``endnotes:``)."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    endnotes: bool = False

    def add(self, text: str) -> str:
        label = str(len(self.notes) + 1)
        self.notes.append({"label": label, "text": Markdown(text)})
        return label

    def attach(self, text: str, note: str) -> Markdown:
        """``text`` with a mark of ``note`` at the end of its first paragraph."""
        label = self.add(note)
        return _attach_note(text, f"\\[{label}\\]" if self.endnotes else f"[^{label}]")


class DocumentRenderer:
    """Renders drafts; compiled clause texts and templates are reused across calls."""

    def __init__(self, library: Library, folders: Sequence[Path]) -> None:
        self.library = library
        self.folders = [*folders, paths.packaged("templates")]  # what templates it may read
        self.env = make_environment(folders, builtin=paths.packaged("templates"))
        self.clauses = ClauseRenderer(self.env)
        library.watch(self.clauses)
        self._item_templates: dict[tuple[str, str], jinja2.Template] = {}
        self._skeleton_cache: dict[tuple[str, str, str], Skeleton | None] = {}
        # The forms of this render's clause uses, rendered together (see _shared_forms):
        # (id of the entry, form) -> (the entry, its text)
        self._forms: dict[tuple[int, str], tuple[ResolvedItem, Markdown]] = {}
        self.options = RenderOptions()  # those of the render in progress

    def render(
        self, draft: Draft, lang: str, *, fallback: str | None = None,
        footnotes: bool | None = None, overrides: dict[str, Node] | None = None,
        trace: bool = False, public: bool = False,
    ) -> RenderResult:
        """The Markdown of ``draft`` in ``lang``; fails listing every problem at once.

        ``trace`` puts an item marker (:mod:`csp_draft.markdown.trace`) before each item's
        text, for the DOCX writer's bookmarks; no other writer should see that text.
        ``public``: a document for publication, where a sensitive person's case record
        gives its description ("a human-rights defender from Turkmenistan"), never a name,
        and the metadata names no author (:class:`RenderOptions`, ``self.options`` while the
        render runs).
        """
        self.options = RenderOptions(public=public)
        diags = DiagnosticCollector()
        resolved = resolve_draft(draft, self.library, diags, overrides=overrides)
        if public:
            resolved = [replace(entry, values={name: conceal(value) for name, value
                                               in entry.values.items()})
                        for entry in resolved]
        report_untranslated(draft, resolved, (lang,), fallback, diags, overrides)
        diags.raise_if_any()
        kind = get_kind(draft.kind)
        use_footnotes = footnotes if footnotes is not None else (
            draft.footnotes if draft.footnotes is not None else kind.footnotes)
        notes = _Footnotes(endnotes=kind.endnotes)
        leads: dict[str, str] = {}
        try:
            with render_guard():
                sections = self._sections(draft, resolved, lang, fallback, use_footnotes,
                                          notes, diags, trace, leads)
                diags.raise_if_any()
                context = self._context(draft, lang, sections, notes, resolved)
                markdown = typeset(self._render_template(draft.kind, context), lang)
        except (RenderLimitExceeded, MemoryError) as error:  # between two renders
            raise template_error(error, filename=str(draft.path)) from None
        return RenderResult(markdown, lang, diags.warnings, leads)

    def _sections(self, draft: Draft, resolved: list[ResolvedItem], lang: str,
                  fallback: str | None, use_footnotes: bool, notes: _Footnotes,
                  diags: DiagnosticCollector, trace: bool = False,
                  leads: dict[str, str] | None = None) -> list[dict[str, Any]]:
        kind = KINDS[draft.kind]
        tops: dict[str, list[ResolvedItem]] = {}
        subs: dict[tuple[str, int], list[ResolvedItem]] = {}
        for entry in resolved:
            if entry.sub:
                subs.setdefault((entry.section.key, entry.index), []).append(entry)
            else:
                tops.setdefault(entry.section.key, []).append(entry)
        running = 0
        continuous = (draft.numbering or ("continuous" if kind.continuous_numbering
                                          else "section")) == "continuous"
        shared = self._shared_texts(resolved, lang)
        forms = {}
        for section in draft.sections:
            plan = section_plan(kind, section.key)
            forms[section.key] = section.form or (plan.form if plan else
                                                  kind.other_sections_form)
        self._forms = self._shared_forms(resolved, forms, lang)
        numbers: dict[str, int] = {}  # item id -> its number, for [[id]] references
        locations: dict[str, Location] = {}
        between = 0  # texts between items (addressee headings), for their trace markers
        sections = []
        for section in draft.sections:
            plan = section_plan(kind, section.key)
            # A section the kind does not plan is numbered when the kind numbers through.
            numbered = section.numbered if section.numbered is not None else (
                plan.numbered if plan else kind.continuous_numbering)
            bulleted = not numbered and (section.bulleted if section.bulleted is not None
                                         else bool(plan and plan.bulleted))
            heading = section.heading if section.heading is not None else (
                plan.heading if plan else section.key.replace("-", " ").capitalize())
            form = section.form or (plan.form if plan else kind.other_sections_form)
            addressing = section.addressing or draft.addressing or kind.addressing
            if section.numbering == "restart" or (section.numbering is None and not continuous):
                running = 0
            items = []
            previous: str | None = None
            for entry in tops.get(section.key, []):
                children = subs.get((section.key, entry.index), [])
                place = _Place(entry.item.form or form, addressing, kind.lead_in_style,
                               ":" if children else ".")
                placed = self._placed(entry, place, draft, lang, fallback, shared, diags)
                if placed is None:
                    continue
                text, who, lead = placed
                if trace:
                    name = bookmark_name(section.key, entry.index, text)
                    if lead and leads is not None:  # as the typeset document reads it
                        leads[name] = typeset_text(lead, lang)
                    text = Markdown(marker(name) + text)
                text = self._with_notes(text, entry, lang, use_footnotes, notes)
                sub_texts = []
                for number, child in enumerate(children, 1):
                    sub_text = self._sub_item(child, number == len(children), draft, lang,
                                              fallback, shared, diags)
                    if sub_text is not None:
                        sub_texts.append(self._with_notes(sub_text, child, lang,
                                                          use_footnotes, notes))
                if sub_texts:
                    text = Markdown(text + "\n\n" + "\n".join(
                        "- " + sub.replace("\n", "\n  ") for sub in sub_texts))
                group = None
                if addressing == "grouped" and who is not None and who.id != previous:
                    group = grammar.heading_for(who, lang)
                    if trace:  # the heading ends the item before it in a returned file
                        between += 1
                        group = Markdown(marker(between_name(between)) + group)
                previous = who.id if who is not None else previous
                number = None
                if numbered:
                    running += 1
                    number = running
                if entry.item.label is not None and number is not None:
                    numbers[entry.item.label] = number
                locations[entry.ref] = entry.item.location
                items.append({
                    "text": text, "number": number, "ref": entry.ref,
                    "clause": entry.clause.id if entry.clause else None,
                    "kind": entry.clause.kind if entry.clause else "text",
                    "indent": len(f"{number}. ") if number else 2,
                    "group": group,
                })
            lead_in = section.lead_in
            sections.append({
                "key": section.key, "heading": localize(heading, lang),
                "show_heading": section.heading is not None or not plan or plan.show_heading,
                "numbered": numbered, "bulleted": bulleted, "entries": items,
                "start": items[0]["number"] if numbered and items else 1,
                "lead_in": Markdown(localize(lead_in, lang).strip()) if lead_in else None,
            })
        _resolve_references(sections, numbers, locations, diags)
        return sections

    def _with_notes(self, text: str, entry: ResolvedItem, lang: str, use_footnotes: bool,
                    notes: _Footnotes) -> Markdown:
        note_texts = []
        if use_footnotes and entry.clause is not None and entry.clause.legal_basis:
            note_texts.append("; ".join(escape_markdown(b) for b in
                                        entry.clause.legal_basis_in(lang)) + ".")
        if entry.item.footnote is not None:
            note_texts.append(localize(entry.item.footnote, lang))
        for note in note_texts:
            text = notes.attach(text, note)
        return Markdown(text)

    def _addressee(self, entry: ResolvedItem, draft: Draft) -> Addressee | None:
        who = entry.item.addressee or (entry.clause.speaks_to() if entry.clause else None)
        if who is None:
            return None
        return draft.addressees.get(who) or registry().get(who)

    def _form_text(self, entry: ResolvedItem, form: str, lang: str, fallback: str | None,
                   diags: DiagnosticCollector) -> Markdown | None:
        """The item in ``form`` (its own wording when it has one in ``lang``), without the
        punctuation of its position; None when the clause has no such form in ``lang``."""
        clause = entry.clause
        if clause is None:
            return None
        if entry.item.text is not None and _has(entry.item.text, lang):
            return self._item_text(entry, lang, fallback, diags) if clause.forms else None
        variant = clause.as_form(form)
        if variant is None or lang not in variant.text:
            return None
        done = self._forms.get((id(entry), form))
        if done is not None and done[0] is entry:
            return done[1]
        try:
            return self.clauses.render(variant, lang, entry.values)
        except CspDraftError as error:
            if isinstance(error, TemplateError) and error.location is None:
                error.location = Location(str(clause.path), variant.text_lines.get(lang, 0))
            diags.absorb(error)
        return Markdown("")

    def _placed(self, entry: ResolvedItem, place: _Place, draft: Draft, lang: str,
                fallback: str | None, shared: dict[int, Markdown],
                diags: DiagnosticCollector) -> tuple[Markdown, Addressee | None, str] | None:
        """The item's paragraph as its position makes it, whom it addresses, and the
        lead-in put before its own words (plain text; "" when there is none)."""
        who = self._addressee(entry, draft)
        if entry.item.addressee is not None and who is None:
            diags.error(entry.item.location, f"unknown addressee '{entry.item.addressee}' at "
                        f"{entry.ref}", "use an id of the registry or add it under the "
                        "draft's 'addressees:'")
            return None
        if place.form != "text":
            lead = ""
            raw = self._form_text(entry, place.form, lang, fallback, diags)
            if raw is None and place.form == "spoken":
                raw = self._form_text(entry, "operative", lang, fallback, diags)
                if raw is not None and who is not None and "spoken" not in (
                    entry.clause.forms if entry.clause else {}
                ):
                    raw = Markdown(grammar.lead_in(raw, who, lang, "we"))
                    lead = grammar.lead_in_phrase(who, lang, "we", plain=True)
            elif raw is not None and place.form == "operative" and (
                place.addressing in ("lead-in", "should") and who is not None
            ):
                style = "should" if place.addressing == "should" else place.style
                raw = Markdown(grammar.lead_in(raw, who, lang, style))
                lead = grammar.lead_in_phrase(who, lang, style, plain=True)
            if raw is not None:
                return grammar.place(raw, place.form, ending=place.ending), who, lead
        text = shared.get(id(entry))
        if text is None:
            text = self._item_text(entry, lang, fallback, diags)
        if text is None:
            return None
        if place.ending == ":":
            text = Markdown(grammar.end_with(text, ":"))
        return text, who, ""

    def _sub_item(self, entry: ResolvedItem, last: bool, draft: Draft, lang: str,
                  fallback: str | None, shared: dict[int, Markdown],
                  diags: DiagnosticCollector) -> Markdown | None:
        """A sub-item: a clause's operative form (or its text), punctuated by position."""
        raw = None if entry.item.form == "text" else self._form_text(
            entry, entry.item.form or "operative", lang, fallback, diags)
        lower = raw is not None
        if raw is None:
            raw = shared.get(id(entry)) or self._item_text(entry, lang, fallback, diags)
        if raw is None:
            return None
        return grammar.sub_item(raw, last=last, lower=lower)

    def _shared_texts(self, resolved: list[ResolvedItem], lang: str) -> dict[int, Markdown]:
        """The clause texts of the draft in ``lang``, rendered in one go through templates
        shared by texts of the same shape (:mod:`csp_draft.library.shapes`), by ``id`` of their
        entry. A text without a skeleton, and every text when any of them fails, is missing
        here: :meth:`_item_text` renders it on its own, which reports errors exactly."""
        entries = [entry for entry in resolved if entry.clause is not None
                   and lang in entry.clause.text
                   and not (entry.item.text is not None and _has(entry.item.text, lang))]
        if not entries:
            return {}
        skeletons = self._skeletons({entry.clause.id: entry.clause for entry in entries
                                     if entry.clause is not None}, lang)
        usable = [entry for entry in entries if entry.clause is not None
                  and skeletons.get(entry.clause.id) is not None]
        rendered = self.clauses.render_many(
            [(entry.clause, {lang: skeletons[entry.clause.id]}, entry.values, (lang,))
             for entry in usable if entry.clause is not None])
        return {id(entry): texts[lang] for entry, texts in zip(usable, rendered, strict=True)
                if texts is not None}

    def _shared_forms(self, resolved: list[ResolvedItem], forms: dict[str, str], lang: str
                      ) -> dict[tuple[int, str], tuple[ResolvedItem, Markdown]]:
        """The forms the draft's clause uses take in their sections (``forms``: section ->
        its form; sub-items take the operative form, a spoken one falls back to it), in
        ``lang``, rendered in one go through shared templates like the texts
        (:meth:`_shared_texts`): compiling each form on its own cost more than the rest of
        an export. A form that cannot go this way is missing here and :meth:`_form_text`
        renders it on its own."""
        from csp_draft.library.shapes import skeleton_of

        jobs: list[tuple[Clause, dict[str, Skeleton], dict[str, Any], tuple[str, ...]]] = []
        keys: list[tuple[ResolvedItem, str]] = []
        for entry in resolved:
            clause = entry.clause
            if clause is None or not clause.forms or (
                    entry.item.text is not None and _has(entry.item.text, lang)):
                continue
            wanted = {"operative"} if entry.sub else {forms.get(entry.section.key, "text")}
            if "spoken" in wanted:
                wanted.add("operative")
            for form, texts in clause.forms.items():
                variant = clause.as_form(form)
                if form not in wanted or variant is None or lang not in texts:
                    continue
                key = (str(clause.path), variant.id, lang)
                if key not in self._skeleton_cache:
                    self._skeleton_cache[key] = skeleton_of(self.env, texts[lang],
                                                            clause.variables)
                skeleton = self._skeleton_cache[key]
                if skeleton is not None:
                    jobs.append((variant, {lang: skeleton}, entry.values, (lang,)))
                    keys.append((entry, form))
        if not jobs:
            return {}
        rendered = self.clauses.render_many(jobs)
        return {(id(entry), form): (entry, texts[lang])
                for (entry, form), texts in zip(keys, rendered, strict=True)
                if texts is not None}

    def _skeletons(self, clauses: dict[str, Clause], lang: str) -> dict[str, Skeleton | None]:
        """The skeleton of each clause's ``lang`` text (None: it has none), stored in the
        index when the library has one, else made here; kept across renders."""
        from csp_draft.library.shapes import skeleton_of

        found: dict[str, Skeleton | None] = {}
        missing = []
        for clause_id, clause in clauses.items():
            key = (str(clause.path), clause_id, lang)
            if key in self._skeleton_cache:
                found[clause_id] = self._skeleton_cache[key]
            else:
                missing.append(clause_id)
        stored = self.library.skeletons(missing) if missing else {}
        for clause_id in missing:
            clause = clauses[clause_id]
            skeleton = stored.get(clause_id, {}).get(lang)
            if skeleton is None:
                skeleton = skeleton_of(self.env, clause.text[lang], clause.variables)
            self._skeleton_cache[(str(clause.path), clause_id, lang)] = skeleton
            found[clause_id] = skeleton
        return found

    def _item_text(self, entry: ResolvedItem, lang: str, fallback: str | None,
                   diags: DiagnosticCollector) -> Markdown | None:
        item, clause = entry.item, entry.clause
        try:
            if clause is None:
                if item.text is None:
                    return None
                return Markdown(localize(item.text, lang, fallback or "en").strip())
            if item.text is not None and _has(item.text, lang):
                template = self._own_wording(entry, lang)
                context = {name: None for name in clause.variables}
                context.update(localize_values(entry.values, lang))
                context["lang"] = lang
                return Markdown(render_limited(template, context).strip())
            text_lang = lang if lang in clause.text else (fallback or lang)
            return self.clauses.render(clause, text_lang, entry.values) if (
                text_lang == lang) else self._render_in(clause, text_lang, lang, entry.values)
        except CspDraftError as error:
            if isinstance(error, TemplateError) and error.location is None and clause:
                error.location = Location(str(clause.path), clause.text_lines.get(lang, 0))
            diags.absorb(error)
        except Exception as error:  # a hostile or broken per-use wording
            diags.absorb(template_error(error, filename=str(item.location.path),
                                        first_line=item.location.line))
        return None

    def _render_in(self, clause: Any, text_lang: str, lang: str, values: dict[str, Any]
                   ) -> Markdown:
        """Render the ``text_lang`` text (a fallback) with values localised to ``lang``."""
        return self.clauses.render(clause, text_lang, localize_values(values, lang))

    def _own_wording(self, entry: ResolvedItem, lang: str) -> jinja2.Template:
        source = localize(entry.item.text, lang)
        key = (source, str(entry.item.location.path))
        template = self._item_templates.get(key)
        if template is None:
            template = compile_text(self.env, source, filename=entry.item.location.path,
                                    first_line=entry.item.location.line)
            self._item_templates[key] = template
        return template

    def _context(self, draft: Draft, lang: str, sections: list[dict[str, Any]],
                 notes: _Footnotes, resolved: list[ResolvedItem]) -> dict[str, Any]:
        kind = KINDS[draft.kind]

        def text(value: Any) -> str | None:
            return typeset_text(localize(value, lang), lang) if value else None

        doc = {
            "kind": draft.kind,
            "kind_label": localize(kind.label, lang),
            "title": text(draft.title) or "",
            "subtitle": text(draft.subtitle),
            "event": text(draft.event),
            "place": text(draft.place),
            "date": draft.date,
            "date_text": text(i18n.date_range(draft.date, draft.date_end, lang)
                              if draft.date_end else i18n.long_date(draft.date, lang))
            if draft.date else None,
            "date_end": draft.date_end,
            # Every line under the title: the front matter carries them, and the writers
            # set each in the Subtitle style.
            "subtitles": [text(line) for line in draft.subtitles if text(line)],
            "speaker": _words(draft.speaker, lang),
            "salutation": _words(draft.salutation, lang),
            "dateline": _words(draft.dateline, lang),
            # Notes on items (numbered by the renderer, "[n]" in the text) in a kind whose
            # notes are endnotes, then the draft's own.
            "endnotes": [note["text"] for note in notes.notes if notes.endnotes] + [
                Markdown(localize(note, lang).strip()) for note in draft.endnotes],
            "authors": [text(a) for a in draft.authors],
            "languages": list(draft.languages),
        }
        sign_on_list = sign_on(draft.signatories, lang, draft.sign_on)
        front = doc if not self.options.public else {**doc, "authors": []}
        return {
            "lang": lang,
            "doc": doc,
            "labels": labels_for(lang),
            "front_matter": Markdown(_front_matter(front, lang, resolved)),
            "sections": sections,
            "section": {s["key"]: s for s in sections},
            "signatories": sign_on_list["groups"],
            "sign_on": sign_on_list,
            "footnotes": [] if notes.endnotes else notes.notes,
        }

    def _render_template(self, kind: str, context: dict[str, Any]) -> str:
        name = kind + TEMPLATE_SUFFIX
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise CspDraftError(f"no template '{name}' on the template search path",
                                hint="see `csp-draft templates list`") from None
        except jinja2.TemplateSyntaxError as error:
            raise template_error(error, filename=error.filename or name) from None
        except RecursionError as error:  # a template that extends or includes itself
            raise _located(error, name) from None
        try:
            text = render_limited(template, context)
        except CspDraftError as error:
            if isinstance(error, TemplateError) and error.location is None:
                raise _located(error, template.filename or name) from None  # e.g. an include
            raise
        except Exception as error:
            filename = template.filename or name
            raise _located(error, filename) from None
        text = _EXTRA_BLANK_LINES.sub("\n\n", text).strip() + "\n"
        return text


def _located(error: BaseException, filename: str) -> CspDraftError:
    """A template error at the template (or included template) where it happened."""
    tb = error.__traceback__
    where = filename
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            where = name
        tb = tb.tb_next
    return template_error(error, filename=where)


def _words(text: Any, lang: str) -> Markdown | None:
    """A title-block field in ``lang``, as the Markdown the draft's author wrote."""
    return None if text is None else Markdown(localize(text, lang).strip())


def _has(text: Any, lang: str) -> bool:
    from csp_draft.models.data import has_language

    return has_language(text, lang)


def _attach_note(text: str, marker: str) -> Markdown:
    """Put ``marker`` at the end of the item's first paragraph (before any sub-list)."""
    head, sep, tail = text.partition("\n\n")
    return Markdown(head.rstrip() + marker + sep + tail)




def _front_matter(doc: dict[str, Any], lang: str, resolved: list[ResolvedItem]) -> str:
    from csp_draft.models.topics import topic_name

    # Case and ё aside, code-point order is the alphabet's in English and Russian; the full
    # collation (csp_draft.collation) costs 0.1 s to load, too much for a property.
    topics = sorted({name for entry in resolved if entry.clause for topic in entry.clause.topics
                     if (name := topic_name(topic, lang)) is not None},
                    key=lambda name: name.casefold().replace("ё", "е"))
    data: dict[str, Any] = {"title": doc["title"]}
    if len(doc["subtitles"]) > 1:
        data["subtitle"] = [one_line(line) for line in doc["subtitles"]]
    elif doc["subtitle"]:
        data["subtitle"] = doc["subtitle"]
    if doc["authors"]:
        data["author"] = ", ".join(doc["authors"])
    data["lang"] = lang
    if doc["date"]:
        data["date"] = doc["date"].isoformat()
    data["subject"] = doc["kind_label"]
    data["kind"] = doc["kind"]
    if topics:
        data["keywords"] = topics
    # One line per value: a title with line breaks ("A\n---\nB") would otherwise put a
    # "---" line inside the front matter and end it early. Only breaks and ordinary spaces
    # are collapsed: the no-break spaces typography set stay.
    data = {key: one_line(value) if isinstance(value, str) else value
            for key, value in data.items()}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"
