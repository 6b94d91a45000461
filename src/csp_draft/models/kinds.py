"""Document kinds: the sections each starts with and how it is rendered.

The section lists follow what coalition documents of each kind contain (a resolution has a
preamble, analytic sections and numbered recommendations; concluding remarks open with a
salutation and close with thanks; a press release has a dateline, key calls, endnotes and
a contact block).
"""

from __future__ import annotations

from dataclasses import dataclass

from csp_draft.errors import CspDraftError
from csp_draft.models.data import LocalizedText
from csp_draft.suggest import did_you_mean


@dataclass(frozen=True)
class SectionPlan:
    """A section a new draft of a kind starts with."""

    key: str
    heading: LocalizedText
    numbered: bool = False  # items become a numbered list (1..N within the section)
    bulleted: bool = False  # items become a bullet list
    show_heading: bool = True
    optional: bool = False  # the template has words for it when it is left empty
    form: str = "text"  # the clause form its items take: operative, preambular, spoken, text


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: LocalizedText
    description: str
    sections: tuple[SectionPlan, ...]
    footnotes: bool = False  # legal basis of clauses rendered as footnotes by default
    # Notes on items (an item's 'footnote:', and the legal basis when shown) are numbered
    # endnotes: "[1]" in the text, the notes listed at the end.
    endnotes: bool = False
    continuous_numbering: bool = False  # number paragraphs through the whole document
    # How operative items name their addressee: "grouped" (a heading "To X:" above each run
    # of items to X), "lead-in" (each item opens "Calls upon X to ..."), "should" (each item
    # opens "X should ..." / «X (dative) следует ...»), "none".
    addressing: str = "lead-in"
    lead_in_style: str = "we"  # "resolution": "Calls upon X to"; "we": "We call on X to"
    other_sections_form: str = "text"  # the form of items in sections the kind does not plan


def _t(en: str, ru: str) -> LocalizedText:
    return LocalizedText(en=en, ru=ru)


KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        DocumentKind(
            "resolution", _t("Resolution", "Резолюция"),
            "resolution of a parallel civil-society forum: preamble, analysis, numbered "
            "recommendations",
            (
                SectionPlan("preamble", _t("Preamble", "Преамбула"), show_heading=False,
                            form="preambular"),
                SectionPlan("situation", _t("The situation in the OSCE region",
                                            "Положение в регионе ОБСЕ")),
                SectionPlan("recommendations", _t("Recommendations", "Рекомендации"),
                            numbered=True, form="operative"),
            ),
            footnotes=True, addressing="grouped", lead_in_style="resolution",
        ),
        DocumentKind(
            "outcome", _t("Outcome document", "Итоговый документ"),
            "outcome document of a parallel conference, presented to the OSCE "
            "Chairperson-in-Office",
            (
                SectionPlan("introduction", _t("Introduction", "Введение"), show_heading=False),
                SectionPlan("findings", _t("Findings", "Выводы"), optional=True),
                SectionPlan("recommendations", _t("Recommendations", "Рекомендации"),
                            numbered=True, form="spoken"),
            ),
            footnotes=True,
        ),
        DocumentKind(
            "declaration", _t("Declaration", "Декларация"),
            "founding or joint declaration: preamble, then goals, activities and values",
            (
                SectionPlan("preamble", _t("Preamble", "Преамбула"), show_heading=False),
                SectionPlan("goals", _t("Our goals", "Наши цели"), bulleted=True),
                SectionPlan("activities", _t("Joint activities", "Совместная деятельность"),
                            bulleted=True),
                SectionPlan("values", _t("Our values", "Наши ценности"), bulleted=True),
                SectionPlan("joining", _t("Joining", "Присоединение"), show_heading=False),
            ),
        ),
        DocumentKind(
            "statement", _t("Joint statement", "Совместное заявление"),
            "joint statement of member organisations: concerns, then calls",
            (
                SectionPlan("concerns", _t("Our concerns", "Наша обеспокоенность"),
                            show_heading=False),
                SectionPlan("calls", _t("Our calls", "Наши призывы"), numbered=True,
                            form="operative"),
            ),
            footnotes=True,
        ),
        DocumentKind(
            "press-release", _t("Press release", "Пресс-релиз"),
            "press release: dateline and body, key calls, contact",
            (
                SectionPlan("body", _t("Body", "Основной текст"), show_heading=False),
                SectionPlan("calls", _t("Key calls", "Основные призывы"), bulleted=True,
                            form="operative"),
                SectionPlan("contact", _t("Contact", "Контакты")),
            ),
            endnotes=True,
        ),
        DocumentKind(
            "remarks", _t("Concluding remarks", "Заключительное слово"),
            "concluding remarks or a speech: salutation, recommendations in prose, thanks",
            (
                SectionPlan("salutation", _t("Salutation", "Обращение"), show_heading=False,
                            optional=True),
                SectionPlan("body", _t("Remarks", "Выступление"), show_heading=False,
                            form="spoken"),
                SectionPlan("closing", _t("Closing", "Завершение"), show_heading=False,
                            optional=True),
            ),
        ),
        DocumentKind(
            "workshop", _t("Workshop outcome", "Итоги семинара"),
            "outcome of a workshop with working groups, each with a few recommendations",
            (
                SectionPlan("introduction", _t("Introduction", "Введение"), show_heading=False),
                SectionPlan("group-1", _t("Working group 1", "Рабочая группа 1"),
                            numbered=True, form="operative"),
                SectionPlan("group-2", _t("Working group 2", "Рабочая группа 2"),
                            numbered=True, form="operative"),
            ),
            continuous_numbering=True, other_sections_form="operative",
        ),
    )
}


def get_kind(name: str) -> DocumentKind:
    kind = KINDS.get(name)
    if kind is None:
        raise CspDraftError(f"unknown document kind '{name}'",
                            hint=did_you_mean(name, KINDS) or "use one of " + ", ".join(KINDS))
    return kind


def section_plan(kind: DocumentKind, key: str) -> SectionPlan | None:
    return next((plan for plan in kind.sections if plan.key == key), None)
