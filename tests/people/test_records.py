"""Case records in a document: names in the case each sentence needs, in both languages;
check's warnings on demands a record contradicts and on stale records (with a fixed day,
never the clock); sensitive people described in a public render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csp_draft.drafts.read import check_draft, read_draft
from csp_draft.errors import ValidationFailed
from csp_draft.library.load import Library, library_sources, load_library
from csp_draft.library.people import people_sources
from csp_draft.render.document import DocumentRenderer, template_folders
from csp_draft.workspace import load_workspace

TODAY = dt.date(2026, 12, 1)


def library_of(root: Path) -> Library:
    workspace = load_workspace(root)
    library = load_library(library_sources(workspace), languages=workspace.known_languages)
    library.people_sources = people_sources(workspace)
    return library


def render(root: Path, lang: str, *, public: bool = False) -> str:
    renderer = DocumentRenderer(library_of(root), template_folders(None))
    draft = read_draft(root / "drafts" / "forum.yaml")
    return renderer.render(draft, lang, public=public).markdown


def people_warnings(root: Path, **options: object) -> list[str]:
    draft = read_draft(root / "drafts" / "forum.yaml")
    problems = check_draft(draft, library_of(root), **options)
    return [p.format() for p in problems
            if "case record" in p.message or "demands the release" in p.message]


def test_four_people_render_in_the_case_each_language_needs(workspace: Path) -> None:
    english, russian = render(workspace, "en"), render(workspace, "ru")
    assert ("Ivan Novak (Belarus), Petr Petrov (Kazakhstan), Oleg Orlov (Russia) and Anna "
            "Sidorova (Azerbaijan) at once") in english
    # «освободить кого?»: the accusative, a woman's name declined as a woman's
    assert ("освободить Ивана Новака (Беларусь), Петра Петрова (Казахстан), Олега Орлова "
            "(Россия) и Анну Сидорову (Азербайджан)") in russian
    # «о делах кого?»: the genitive, from the same records
    assert "Recalling the cases of Petr Petrov (Kazakhstan) and Oleg Orlov (Russia)," in english
    assert "Напоминая о делах Петра Петрова (Казахстан) и Олега Орлова (Россия)," in russian


def test_check_warns_on_the_released_the_deceased_and_a_record_31_days_old(
        workspace: Path) -> None:
    forum = workspace / "drafts" / "forum.yaml"
    assert people_warnings(workspace, today=TODAY) == [
        f"{forum}:12:9: warning: recommendations.1 (free-held) demands the release of Petr "
        "Petrov ('petrov'), but the case record says released on 2025-06-01; source: "
        "https://example.org/p2, checked 2026-11-20; take the name out of 'prisoners', or "
        "correct the record with `csp-draft people verify petrov --status STATE --source URL`",
        f"{forum}:12:9: warning: recommendations.1 (free-held) demands the release of Oleg "
        "Orlov ('orlov'), but the case record says deceased on 2023-08-15; source: "
        "https://example.org/o2, checked 2026-11-25; take the name out of 'prisoners', or "
        "correct the record with `csp-draft people verify orlov --status STATE --source URL`",
        f"{forum}:12:9: warning: the case record 'sidorova' named at recommendations.1 was "
        "last checked on 2026-10-31, 31 days ago (the freshness window is 30 days); check its "
        "source and re-stamp it: `csp-draft people verify sidorova --status sentenced "
        "--source URL`",
    ]


def test_the_freshness_window_is_the_workspaces(workspace: Path) -> None:
    # novak was checked 30 days before TODAY: fresh in a 30-day window, stale in a 29-day one
    stale = [w for w in people_warnings(workspace, today=TODAY, freshness_days=29)
             if "last checked" in w]
    assert [w.split("'")[1] for w in stale] == ["novak", "sidorova"]
    assert not [w for w in people_warnings(workspace) if "last checked" in w]  # no day given


def test_a_public_render_describes_a_sensitive_person(workspace: Path) -> None:
    english, russian = render(workspace, "en", public=True), render(workspace, "ru", public=True)
    assert ("1. Release a human-rights defender from Belarus, Petr Petrov (Kazakhstan), Oleg "
            "Orlov (Russia) and Anna Sidorova (Azerbaijan) at once.") in english
    assert ("1. Немедленно освободить правозащитника из Беларуси, Петра Петрова (Казахстан), "
            "Олега Орлова (Россия) и Анну Сидорову (Азербайджан).") in russian
    for text in (english, russian):
        assert "Novak" not in text and "Новак" not in text
    assert "Ivan Novak (Belarus)" in render(workspace, "en")  # the internal draft names him


def test_an_unknown_id_is_an_error_where_it_is_written(workspace: Path) -> None:
    forum = workspace / "drafts" / "forum.yaml"
    forum.write_text(forum.read_text(encoding="utf-8").replace("sidorova]", "sidorva]"),
                     encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        render(workspace, "en")
    assert [d.format() for d in failed.value.diagnostics] == [
        f"{forum}:14:45: error: no case record 'sidorva'; did you mean 'sidorova' or "
        "'saidov'?; quote a one-off name to write it as text"]


def test_one_off_names_still_work_and_may_give_their_cases(workspace: Path) -> None:
    forum = workspace / "drafts" / "forum.yaml"
    forum.write_text(forum.read_text(encoding="utf-8").replace(
        "[novak, petrov, orlov, sidorova]",
        "[\"madonna\", {name: {en: Jane Doe, ru: {nom: Джейн Доу, acc: Джейн Доу}}, "
        "country: {en: Belarus, ru: Беларусь}}, {name: {en: Max, ru: Макс}}]"),
        encoding="utf-8")
    # a quoted word is a name, not an id; names without a country are grouped together
    assert "освободить madonna и Макс; Джейн Доу (Беларусь)." in render(workspace, "ru")
    assert "Release madonna and Max; Jane Doe (Belarus) at once." in render(workspace, "en")


def test_record_problems_are_located_all_at_once(workspace: Path) -> None:
    bad = workspace / "people" / "broken.yaml"
    bad.write_text("""\
id: broken
name:
  en: A B
  ru: {nom: А Б, acc: А Б}
country: XX
status:
  - {state: freed, on: 2025-13-01, source: x, checked: 2026-01-01}
  - {state: released, on: 2025-01-02, years: 3, source: y, checked: 2024-01-01}
sensitive: true
""", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        render(workspace, "en")
    assert [d.format() for d in failed.value.diagnostics] == [
        f"{bad}:4:7: error: 'name' in 'ru' lacks the case forms gen, dat; a sentence may "
        "need any of nom, gen, acc, dat",
        f"{bad}:5:10: error: 'XX' is not an ISO country code; use two capital letters, e.g. "
        "BY, KZ, AZ",
        f"{bad}:1:1: error: the case record has no 'description'; a sensitive person needs "
        "one: how a public document refers to them, e.g. {en: a human-rights defender from "
        "Turkmenistan, ru: {nom: правозащитник из Туркменистана, acc: правозащитника из "
        "Туркменистана, ...}}",
        f"{bad}:7:13: error: unknown state 'freed' in status entry 1; did you mean "
        "'released'?",
        f"{bad}:7:24: error: 'on' of status entry 1 must be a date written YYYY-MM-DD, not "
        "'2025-13-01'",
        f"{bad}:8:46: error: 'years' applies to a sentenced entry, not to 'released'",
    ]


def test_people_values_survive_the_library_index(workspace: Path, tmp_path: Path) -> None:
    clause = workspace / "clauses" / "free-held.yaml"
    clause.write_text(clause.read_text(encoding="utf-8").replace(
        'example:\n      - {name: {en: "[Name]"',
        'example:\n      - petrov\n      - "Jane Doe"\n      - {en: Max, ru: Макс}\n'
        '      - {name: {en: Ann, ru: {nom: Анна, acc: Анну}}}\n'
        '      - {name: {en: "[Name]"'), encoding="utf-8")
    workspace_settings = load_workspace(workspace)
    sources = library_sources(workspace_settings)
    read = load_library(sources, languages=("en", "ru"))
    indexed = load_library(sources, languages=("en", "ru"), cache=tmp_path / "index")
    again = load_library(sources, languages=("en", "ru"), cache=tmp_path / "index")
    spec = read.clauses["free-held"].variables["prisoners"]
    assert spec.held
    assert [str(type(item).__name__) for item in spec.example] == [
        "PersonRef", "str", "LocalizedText", "dict", "dict"]
    assert type(spec.example[3]["name"]).__name__ == "Name"
    for library in (indexed, again):
        assert library.clauses["free-held"].variables["prisoners"] == spec
