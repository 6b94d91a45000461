"""A workspace with four case records and two clauses that name people."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

RECORDS = {
    # held, checked 30 days before TODAY (still fresh); sensitive: described in public
    "novak": """\
        # a defender whose family asked us not to name him in public
        id: novak
        name:
          en: Ivan Novak
          ru: {nom: Иван Новак, gen: Ивана Новака, acc: Ивана Новака, dat: Ивану Новаку}
        country: BY
        sensitive: true
        description:
          en: a human-rights defender from Belarus
          ru: {nom: правозащитник из Беларуси, gen: правозащитника из Беларуси,
               acc: правозащитника из Беларуси, dat: правозащитнику из Беларуси}
        status:
          - {state: detained, on: 2024-03-01, source: https://example.org/novak,
             checked: 2026-11-01}
        """,
    "petrov": """\
        id: petrov
        name:
          en: Petr Petrov
          ru: {nom: Пётр Петров, gen: Петра Петрова, acc: Петра Петрова, dat: Петру Петрову}
        country: KZ
        status:
          - {state: sentenced, on: 2022-05-10, years: 5, source: https://example.org/p1,
             checked: 2026-11-20}
          - {state: released, on: 2025-06-01, source: https://example.org/p2, checked: 2026-11-20}
        """,
    "orlov": """\
        id: orlov
        name:
          en: Oleg Orlov
          ru: {nom: Олег Орлов, gen: Олега Орлова, acc: Олега Орлова, dat: Олегу Орлову}
        country: RU
        status:
          - {state: detained, on: 2019-02-01, source: https://example.org/o1, checked: 2026-11-25}
          - {state: deceased, on: 2023-08-15, source: https://example.org/o2, checked: 2026-11-25}
        """,
    # held, checked 31 days before TODAY: stale
    "sidorova": """\
        id: sidorova
        name:
          en: Anna Sidorova
          ru: {nom: Анна Сидорова, gen: Анны Сидоровой, acc: Анну Сидорову, dat: Анне Сидоровой}
        country: AZ
        status:
          - state: sentenced
            on: 2025-01-20
            years: 7
            source: https://example.org/sidorova
            checked: 2026-10-31
        """,
}

CLAUSES = {
    "free-held": """\
        id: free-held
        title: {en: Release the held, ru: Освободить задержанных}
        kind: demand
        topics: [detention]
        addressees: [participating-states]
        addressee: participating-states
        variables:
          prisoners:
            type: people
            held: true
            required: true
            example:
              - {name: {en: "[Name]", ru: "[Имя]"}, country: {en: "[country]", ru: "[страна]"}}
        text:
          en: Release {{ prisoners | people }} at once.
          ru: Немедленно освободить {{ prisoners | people('acc') }}.
        forms:
          operative:
            en: release {{ prisoners | people }} at once
            ru: немедленно освободить {{ prisoners | people('acc') }}
        version: "1"
        updated: 2026-11-30
        """,
    "cases-of": """\
        id: cases-of
        title: {en: The cases, ru: Дела}
        kind: concern
        topics: [detention]
        addressees: [participating-states]
        variables:
          persons: {type: people, required: true, example: ["[Name]"]}
        text:
          en: We recall the cases of {{ persons | people }}.
          ru: Мы напоминаем о делах {{ persons | people('gen') }}.
        forms:
          preambular:
            en: recalling the cases of {{ persons | people }}
            ru: напоминая о делах {{ persons | people('gen') }}
        version: "1"
        updated: 2026-11-30
        """,
}

DRAFT = """\
    kind: resolution
    title: {en: Resolution, ru: Резолюция}
    languages: [en, ru]
    footnotes: false
    sections:
      preamble:
        items:
          - clause: cases-of
            values: {persons: [petrov, orlov]}
      recommendations:
        items:
          - clause: free-held
            values:
              prisoners: [novak, petrov, orlov, sidorova]
    """


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "csp-draft.yaml").write_text("coalition: Test Coalition\n", encoding="utf-8")
    for folder, files in (("people", RECORDS), ("clauses", CLAUSES)):
        (tmp_path / folder).mkdir()
        for name, text in files.items():
            (tmp_path / folder / f"{name}.yaml").write_text(textwrap.dedent(text),
                                                            encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "forum.yaml").write_text(textwrap.dedent(DRAFT), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
