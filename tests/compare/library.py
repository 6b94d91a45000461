"""A small clause library and draft builder for the compare tests.

The clauses cover what a redline has to get right: footnotes (legal basis), bold and
italic text, a link, a clause that renders a paragraph and a bullet list, values of
several types. Drafts are plain dicts, written out as YAML and read back the way
`csp-draft` reads a draft file.
"""

from __future__ import annotations

import copy
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from csp_draft.drafts.read import Draft, parse_draft
from csp_draft.errors import DiagnosticCollector
from csp_draft.library.load import Library, LibrarySource, load_library
from csp_draft.render.document import DocumentRenderer, template_folders
from csp_draft.yamlio.located import load_yaml

CLAUSES: dict[str, str] = {
    "cmp-release": """\
kind: demand
variables:
  defenders:
    type: records
    required: true
    help: Defenders to release
    fields:
      name: {type: string, required: true, help: Name}
      country: {type: string, required: true, help: Country}
    example: [{name: Ales Bialiatsky, country: Belarus}]
text:
  en: Release {{ defenders | people }} at once and drop all charges against them.
  ru: Немедленно освободить {{ defenders | people }} и снять с них все обвинения.
legal_basis:
  - ICCPR, art. 9
  - UN Declaration on Human Rights Defenders (1998), art. 12
""",
    "cmp-libel": """\
kind: recommendation
text:
  en: Decriminalise libel and insult, and leave such disputes to the civil courts.
  ru: Декриминализировать клевету и оскорбление и передать такие споры гражданским судам.
legal_basis: ["ICCPR, art. 19"]
""",
    "cmp-observers": """\
kind: recommendation
variables:
  countries:
    type: list
    required: true
    help: Countries
    example: [Belarus]
text:
  en: Admit observers to {{ countries | and_list }} in good time before every election.
  ru: Своевременно допускать наблюдателей в {{ countries | and_list }} перед выборами.
legal_basis: ["OSCE Copenhagen Document (1990), para. 8"]
""",
    "cmp-assembly": """\
kind: recommendation
variables:
  country: {type: string, required: true, help: Country, example: Belarus}
text:
  en: Let people in {{ country }} assemble **peacefully** without prior permission.
  ru: Позволить людям в стране {{ country }} **мирно** собираться без разрешения.
legal_basis: ["ICCPR, art. 21"]
""",
    "cmp-demands": """\
kind: call
variables:
  country: {type: string, required: true, help: Country, example: Belarus}
text:
  en: |-
    Urge the authorities of {{ country }} to meet these demands:

    - Release all political prisoners
    - End the prosecution of protesters
    - Register independent organisations
  ru: |-
    Призвать власти страны {{ country }} выполнить требования:

    - Освободить всех политических заключённых
    - Прекратить преследование протестующих
    - Зарегистрировать независимые организации
legal_basis: ["ICCPR, arts. 9 and 22"]
""",
    "cmp-concern": """\
kind: concern
variables:
  country: {type: string, required: true, help: Country, example: Belarus}
text:
  en: We are *deeply* concerned about reprisals against activists in {{ country }}.
  ru: Мы *глубоко* обеспокоены преследованием активистов в стране {{ country }}.
""",
    "cmp-monitoring": """\
kind: call
variables:
  mechanism: {type: choice, choices: [moscow, vienna], default: moscow, help: Mechanism}
  experts: {type: number, help: Number of experts}
text:
  en: Invoke the {{ mechanism }} mechanism{% if experts %} with {{ experts }} experts{% endif %}.
  ru: Задействовать механизм {{ mechanism }}{% if experts %} с {{ experts }} экспертами{% endif %}.
legal_basis: ["Moscow Document (1991), para. 12"]
""",
    "cmp-guidelines": """\
kind: recommendation
variables:
  topic: {type: string, required: true, help: Topic, example: assembly}
text:
  en: Follow the [ODIHR guidelines](https://www.osce.org/odihr/guidelines) on {{ topic }}.
  ru: Следовать [руководящим принципам БДИПЧ](https://www.osce.org/odihr/guidelines) о {{ topic }}.
""",
}
HEAD = """\
id: {id}
title: {{en: {id}, ru: {id}}}
topics: [testing]
version: "1"
updated: 2026-11-23
"""

COUNTRIES = ["Belarus", "Russia", "Azerbaijan", "Turkmenistan", "Kazakhstan"]
NAMES = ["Ales Bialiatsky", "Nasta Loika", "Marfa Rabkova", "Valiantsin Stefanovic"]
WORDS = [
    "the", "authorities", "must", "stop", "harassing", "independent", "journalists", "and",
    "lawyers", "who", "defend", "people", "detained", "after", "peaceful", "protests", "in",
    "the", "capital",
]
ORGS = ["Viasna", "Helsinki Committee", "Memorial", "Freedom Now", "Kadir Fund"]


def write_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for clause_id, body in CLAUSES.items():
        (folder / f"{clause_id}.yaml").write_text(HEAD.format(id=clause_id) + body,
                                                  encoding="utf-8")
    return folder


_FOLDER = tempfile.TemporaryDirectory(prefix="csp-compare-lib-")  # removed at exit


@lru_cache(maxsize=1)
def renderer() -> DocumentRenderer:
    folder = write_library(Path(_FOLDER.name))
    library: Library = load_library([LibrarySource("compare-tests", folder)],
                                    languages=("en", "ru"))
    return DocumentRenderer(library, template_folders(None))


def draft_of(data: dict[str, Any], name: str = "draft.yaml") -> Draft:
    """A Draft read from ``data`` written out as YAML."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    diags = DiagnosticCollector()
    draft = parse_draft(load_yaml(text, name), Path(name), diags)
    diags.raise_if_any()
    assert draft is not None
    return draft


def render(data: dict[str, Any], lang: str = "en") -> str:
    """The Markdown of a generated draft. Its values and signatories are English words in
    every language, so Russian is rendered with English standing in for them (these tests
    are about redlines; the missing-language rule has tests of its own)."""
    return renderer().render(draft_of(data), lang, fallback="en").markdown


def clause_values(clause: str, pick: int) -> dict[str, Any]:
    """Values for one use of ``clause``; ``pick`` chooses among a few."""
    country = COUNTRIES[pick % len(COUNTRIES)]
    if clause == "cmp-release":
        count = 1 + pick % 3
        return {"defenders": [{"name": NAMES[(pick + k) % len(NAMES)],
                               "country": COUNTRIES[(pick + k) % 2]} for k in range(count)]}
    if clause == "cmp-observers":
        return {"countries": COUNTRIES[: 1 + pick % 3]}
    if clause in ("cmp-assembly", "cmp-demands", "cmp-concern"):
        return {"country": country}
    if clause == "cmp-monitoring":
        return {"mechanism": ["moscow", "vienna"][pick % 2], "experts": pick % 4}
    if clause == "cmp-guidelines":
        return {"topic": ["assembly", "association", "elections"][pick % 3]}
    return {}


def base_draft(kind: str = "resolution") -> dict[str, Any]:
    return copy.deepcopy({
        "kind": kind,
        "title": {"en": "Resolution of the Civil Society Forum",
                  "ru": "Резолюция Форума гражданского общества"},
        "event": "Civil Society Forum",
        "place": {"en": "Vienna", "ru": "Вена"},
        "date": "2025-12-03",
        "languages": ["en", "ru"],
        "authors": ["Civic Solidarity Platform"],
        "sections": {},
        "signatories": [],
    })
