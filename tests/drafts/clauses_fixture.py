"""A small clause library for the draft tests, independent of the packaged clauses."""

from __future__ import annotations

from pathlib import Path

_HEAD = """\
id: {id}
title: {{en: {title}, ru: {title_ru}}}
kind: {kind}
topics: [testing]
version: "1"
updated: 2026-11-23
"""

CLAUSES: dict[str, tuple[str, str, str, str]] = {
    # id: (kind, title, variables YAML, text YAML)
    "fx-forum-preamble": ("preamble", "Forum preamble", """\
variables:
  forum:
    type: string
    required: true
    help: Name of the forum that adopts the document
    example: Civil Society Forum
""", """\
text:
  en: We, participants of the {{ forum }}, adopt this resolution.
  ru: Мы, участники форума «{{ forum }}», принимаем эту резолюцию.
"""),
    "fx-situation": ("finding", "The situation", """\
variables:
  country:
    type: string
    required: true
    help: Country the finding is about
    example: Belarus
  since:
    type: date
    help: Date the situation began
""", """\
text:
  en: >-
    The situation in {{ country }} has worsened{% if since %} since
    {{ since | long_date }}{% endif %}.
  ru: >-
    Положение в стране {{ country }} ухудшилось{% if since %} с
    {{ since | long_date }}{% endif %}.
"""),
    "fx-concern": ("concern", "A concern", "", """\
text:
  en: We are concerned about reprisals against activists.
  ru: Мы обеспокоены преследованием активистов.
"""),
    "fx-release": ("demand", "Release of defenders", """\
variables:
  defenders:
    type: records
    required: true
    help: The defenders to be released
    fields:
      name: {type: string, required: true, help: Full name}
      country: {type: string, required: true, help: Country that holds the person}
    example:
      - {name: Ales Bialiatsky, country: Belarus}
""", """\
text:
  en: Release {{ defenders | people }} at once.
  ru: Немедленно освободить {{ defenders | people }}.
addressee: participating-states
forms:
  operative:
    en: release {{ defenders | people }} at once
    ru: немедленно освободить {{ defenders | people }}
"""),
    "fx-free-media": ("recommendation", "Free media", "", """\
text:
  en: Guarantee the freedom of the media.
  ru: Гарантировать свободу СМИ.
addressee: participating-states
forms:
  operative: {en: guarantee the freedom of the media, ru: гарантировать свободу СМИ}
"""),
    "fx-monitoring": ("call", "Monitoring", """\
variables:
  mechanism:
    type: choice
    choices: [moscow, vienna]
    default: moscow
    help: OSCE mechanism to invoke
  experts:
    type: number
    help: Number of experts
""", """\
text:
  en: Invoke the {{ mechanism }} mechanism{% if experts %} with {{ experts }} experts{% endif %}.
  ru: Задействовать механизм {{ mechanism }}{% if experts %} с {{ experts }} экспертами{% endif %}.
addressee: permanent-council
forms:
  operative:
    en: invoke the {{ mechanism }} mechanism{% if experts %} with {{ experts }} experts{% endif %}
    ru: задействовать механизм {{ mechanism }}{% if experts %} с {{ experts }} экспертами{% endif %}
"""),
    "fx-observers": ("recommendation", "Observers", """\
variables:
  countries:
    type: list
    required: true
    help: Countries that must admit observers
    example: [Belarus, Azerbaijan]
""", """\
text:
  en: Admit observers to {{ countries | and_list }}.
  ru: Допустить наблюдателей в {{ countries | and_list }}.
addressee: participating-states
forms:
  operative:
    en: admit observers to {{ countries | and_list }}
    ru: допустить наблюдателей в {{ countries | and_list }}
"""),
    "fx-goal": ("goal", "A goal", "", """\
text:
  en: Strengthen cooperation between organisations.
  ru: Укреплять сотрудничество организаций.
"""),
    "fx-thanks": ("closing", "Thanks", "", """\
text:
  en: Thank you for your attention.
  ru: Благодарим за внимание.
"""),
    "fx-english-only": ("recommendation", "English only", "", """\
text:
  en: This clause has no Russian text.
"""),
    "fx-urgent": ("recommendation", "Urgency", """\
variables:
  urgent:
    type: boolean
    default: false
    help: Whether to call for urgent action
  deadline:
    type: date
    required: true
    help: Deadline for action
    example: 2017-12-31
""", """\
text:
  en: Act{% if urgent %} urgently{% endif %} by {{ deadline | long_date }}.
  ru: Действовать{% if urgent %} срочно{% endif %} до {{ deadline | long_date }}.
addressee: participating-states
forms:
  operative:
    en: act{% if urgent %} urgently{% endif %} by {{ deadline | long_date }}
    ru: действовать{% if urgent %} срочно{% endif %} до {{ deadline | long_date }}
"""),
}

IDS = tuple(CLAUSES)


def write_library(folder: Path) -> Path:
    """Write the fixture clauses into ``folder`` (created); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for clause_id, (kind, title, variables, text) in CLAUSES.items():
        head = _HEAD.format(id=clause_id, title=title, title_ru=title + " (ru)", kind=kind)
        (folder / f"{clause_id}.yaml").write_text(head + variables + text, encoding="utf-8")
    return folder
