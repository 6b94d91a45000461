"""Rendering drafts to Markdown: numbering, footnotes, languages, templates, escaping."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft
from csp_draft.errors import CspDraftError, SecurityError, ValidationFailed
from csp_draft.library.load import LibrarySource, load_library
from csp_draft.paths import packaged
from csp_draft.render.document import DocumentRenderer, template_folders
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

CLAUSES = {
    "free-them": """\
        id: free-them
        title: Free them
        kind: demand
        topics: [prisoners]
        legal_basis:
          - {en: "ICCPR, art. 9", ru: "МПГПП, ст. 9"}
          - "UN Declaration on Human Rights Defenders"
        variables:
          people:
            type: records
            fields:
              name: {type: string, required: true}
              country: {type: string}
            required: true
            example: [{name: A, country: B}]
        text:
          en: Release {{ people | people }}.
          ru: Освободить {{ people | people }}.
        version: "1"
        updated: 2026-11-23
        """,
    "english-only": """\
        id: english-only
        title: Only English
        kind: recommendation
        topics: [misc]
        text:
          en: Only in English.
        version: "1"
        updated: 2026-11-23
        """,
    "demands": """\
        id: demands
        title: Demands
        kind: recommendation
        topics: [misc]
        variables:
          items: {type: list, required: true, example: [a, b]}
        text:
          en: |-
            Meet these demands:

            {% for d in items %}
            - {{ d }}
            {% endfor %}
          ru: |-
            Выполнить требования:

            {% for d in items %}
            - {{ d }}
            {% endfor %}
        version: "1"
        updated: 2026-11-23
        """,
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "csp-draft.yaml").write_text("coalition: Test Coalition\n")
    for name, text in CLAUSES.items():
        folder = tmp_path / "clauses"
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_draft(folder: Path, body: str, name: str = "draft.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def render(path: Path, lang: str = "en", **options: object) -> str:
    library = load_library(
        [LibrarySource("packaged", packaged("clauses")),
         LibrarySource("workspace", path.parent / "clauses")],
        languages=("en", "ru"),
    )
    extra = options.pop("templates", None)
    renderer = DocumentRenderer(library, template_folders(path.parent / "templates", extra))
    return renderer.render(read_draft(path), lang, **options).markdown


BASIC = """\
    kind: resolution
    title: {en: Test resolution, ru: Тестовая резолюция}
    place: {en: Vienna, ru: Вена}
    date: 2025-12-05
    languages: [en, ru]
    sections:
      preamble:
        items:
          - text: {en: "We met.", ru: "Мы встретились."}
      recommendations:
        items:
          - clause: free-them
            values:
              people:
                - {name: {en: "# Not a heading", ru: "# Не заголовок"}, country: {en: X, ru: Икс}}
                - {name: {en: "<b>Y</b>", ru: "<ж>Игрек</ж>"}, country: {en: X, ru: Икс}}
          - clause: demands
            values: {items: [{en: one, ru: одно}, {en: two, ru: два}, {en: three, ru: три}]}
          - text: {en: "Our own words.", ru: "Наши слова."}
            footnote: {en: "A note.", ru: "Примечание."}
    signatories:
      - {organisation: {en: Org A, ru: Организация А}, country: {en: Belarus, ru: Беларусь}}
      - {organisation: {en: Org B, ru: Организация Б}, status: pending}
    """


def test_resolution_layout_numbering_and_footnotes(workspace: Path) -> None:
    text = render(write_draft(workspace, BASIC))
    body = text.split("---\n", 2)[2]
    assert body == textwrap.dedent("""\

        *Vienna, 5 December 2025*

        We met.

        # Recommendations

        1. Release \\# Not a heading and \\<b\\>Y\\</b\\> (X).[^1]

        2. Meet these demands:

           - one
           - two
           - three

        3. Our own words.[^2]

        # Signatories

        - Org A (Belarus)

        [^1]: ICCPR, art. 9; UN Declaration on Human Rights Defenders.

        [^2]: A note.
        """)
    assert "lang: en" in text and "title: Test resolution" in text


def test_footnotes_can_be_turned_off(workspace: Path) -> None:
    text = render(write_draft(workspace, BASIC), footnotes=False)
    assert "[^1]: A note." in text
    assert "ICCPR" not in text


def test_continuous_numbering_runs_across_sections(workspace: Path) -> None:
    path = write_draft(workspace, """\
        kind: workshop
        title: Workshop
        numbering: continuous
        sections:
          group-1:
            items:
              - text: First.
              - text: Second.
          group-2:
            items:
              - text: Third.
        """)
    text = render(path)
    assert "1. First.\n\n2. Second." in text
    assert "3. Third." in text


def test_missing_language_lists_every_clause(workspace: Path) -> None:
    path = write_draft(workspace, """\
        kind: statement
        title: {en: S, ru: З}
        languages: [en, ru]
        sections:
          calls:
            items:
              - clause: english-only
              - clause: free-them
                values: {people: [{name: A}]}
              - clause: english-only
        """)
    with pytest.raises(ValidationFailed) as info:
        render(path, "ru")
    assert [d.format() for d in info.value.diagnostics] == [
        f"{path}:7:9: error: clause 'english-only' at calls.1 has no 'ru' text; write it in the "
        "clause file, or use --fallback en",
        f"{path}:9:34: error: 'name' of 'people' of calls.2 entry 1 is written once for every "
        "language, and has words that are not 'ru': A; write it per language as {en: ..., "
        "ru: ...}, or list names written alike in every language under 'verbatim:', or use "
        "--fallback en",
        f"{path}:10:9: error: clause 'english-only' at calls.3 has no 'ru' text; write it in the "
        "clause file, or use --fallback en",
    ]
    text = render(path, "ru", fallback="en")
    assert "1. Only in English." in text
    assert "2. Освободить A." in text


def test_missing_values_are_listed_together(workspace: Path) -> None:
    path = write_draft(workspace, """\
        kind: resolution
        title: R
        sections:
          recommendations:
            items:
              - clause: free-them
              - clause: demands
                values: {itemz: [a]}
        """)
    with pytest.raises(ValidationFailed) as info:
        render(path)
    assert [d.format() for d in info.value.diagnostics] == [
        f"{path}:6:9: error: recommendations.1 (free-them) lacks required 'people'; set them "
        "with `csp-draft set DRAFT recommendations.1 NAME=VALUE`",
        f"{path}:8:18: error: clause 'demands' has no variable 'itemz'; did you mean 'items'?",
        f"{path}:7:9: error: recommendations.2 (demands) lacks required 'items'; set them with "
        "`csp-draft set DRAFT recommendations.2 NAME=VALUE`",
    ]


def test_workspace_template_overrides_one_block(workspace: Path) -> None:
    (workspace / "templates" / "resolution.md.j2").write_text(
        '{% extends "builtin/resolution.md.j2" %}\n'
        "{% block closing %}\n\n*Adopted by {{ doc.authors | and_list }}.*\n{% endblock %}\n")
    path = write_draft(workspace, BASIC.replace(
        "languages: [en, ru]", "languages: [en, ru]\n    authors: [A, B, C]\n"
        "    verbatim: [A, B, C]"))
    text = render(path)
    assert "*Adopted by A, B and C.*" in text
    assert "1. Release" in text  # the rest still comes from the packaged template
    assert "*Принято: A, B и C.*" not in render(path, "ru")
    assert "*Adopted by A, B и C.*" in render(path, "ru")


def test_templates_option_comes_first(workspace: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "resolution.md.j2").write_text("{{ front_matter }}\nONLY {{ doc.title }}\n")
    text = render(write_draft(workspace, BASIC), templates=extra)
    assert text.endswith("ONLY Test resolution\n")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "blocked by the sandbox: access to attribute "
                                        "'__class__' of 'str' object is unsafe"),
        ("{{ doc.title.__class__ }}", "blocked by the sandbox"),
        ("{{ 'A' * 10**9 }}", "rendering stopped: a repetition would produce more than"),
        ("{{ '{0.__class__}'.format(1) }}", "blocked by the sandbox"),
        ("{% include '../secret.txt' %}", "template name '../secret.txt' leaves the template "
                                          "folder"),
        ("{% include '/etc/passwd' %}", "template name '/etc/passwd' leaves the template folder"),
        ("{{ doc | attr('__class__') }}", "No filter named 'attr'"),
    ],
)
def test_hostile_templates_fail_with_a_located_error(
    workspace: Path, source: str, message: str
) -> None:
    template = workspace / "templates" / "resolution.md.j2"
    template.write_text("line one\n" + source + "\n")
    with pytest.raises(CspDraftError) as info:
        render(write_draft(workspace, BASIC))
    line = info.value.diagnostics[0].format()
    assert message in line
    assert line.startswith(str(template)) or "leaves the template folder" in line


def test_symlink_out_of_the_template_folder_is_refused(workspace: Path, tmp_path: Path) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("private names")
    (workspace / "templates" / "resolution.md.j2").write_text('{% include "leak.md.j2" %}')
    os.symlink(secret, workspace / "templates" / "leak.md.j2")
    with pytest.raises(SecurityError) as info:
        render(write_draft(workspace, BASIC))
    assert "is a link to a file outside" in info.value.message


def test_runaway_loops_are_stopped(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("csp_draft.sandbox.limits.RENDER_SECONDS", 0.5)
    (workspace / "templates" / "resolution.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(CspDraftError) as info:
        render(write_draft(workspace, BASIC))
    assert "rendering took longer than" in info.value.message


def test_export_cli_writes_stdout_and_protects_files(cli: Cli, workspace: Path) -> None:
    path = write_draft(workspace, BASIC)
    result = cli("export", path, "--format", "md", "-o", "-", "--lang", "ru")
    assert result.code == 0
    assert "1. Освободить" in result.out
    first = cli("export", path, "--format", "md", "-o", "out.md")
    assert first.code == 0 and (workspace / "out.md").exists()
    again = cli("export", path, "--format", "md", "-o", "out.md")
    assert again.code == 0  # its own previous output may be replaced
    (workspace / "out.md").write_text("someone's edits")
    refused = cli("export", path, "--format", "md", "-o", "out.md")
    assert refused.code == 1
    assert refused.err == (
        "out.md: error: file exists and was not written by the last export (it may hold "
        "someone's edits); nothing was written; choose another -o, or pass --force to "
        "overwrite it\n")
    assert (workspace / "out.md").read_text() == "someone's edits"
    forced = cli("export", path, "--format", "md", "-o", "out.md", "--force")
    assert forced.code == 0
    assert (workspace / "out.md").read_text().startswith("---\n")


def test_export_set_overrides_values(cli: Cli, workspace: Path) -> None:
    path = write_draft(workspace, BASIC)
    result = cli("export", path, "-f", "md", "-o", "-", "--set", "items=[x, y]")
    assert "   - x\n   - y\n" in result.out
    bad = cli("export", path, "-f", "md", "-o", "-", "--set", "items=7")
    assert bad.code == 1
    assert bad.err == ("--set items:1:1: error: 'items' of recommendations.2 (demands) must be "
                       "a list, not a number; write it as [a, b] or as lines starting with "
                       "'- '\n")


def test_export_set_follows_the_rules_of_every_other_set(cli: Cli, workspace: Path) -> None:
    path = write_draft(workspace, BASIC)
    misspelt = cli("export", path, "-f", "md", "-o", "-", "--set", "itemz=[x]")
    assert (misspelt.code, misspelt.out) == (1, "")
    assert misspelt.err == ("--set itemz:1:1: error: no clause in the draft has a variable "
                            "'itemz'; did you mean 'items'?\n")
    empty = cli("export", path, "-f", "md", "-o", "-", "--set", "items=")
    assert (empty.code, empty.out) == (2, "")
    assert empty.err == ("error: --set items: no value after '='; write --set items=VALUE; "
                         "quote it for an empty text: ''\n")
    twice = cli("export", path, "-f", "md", "-o", "-", "--set", "items=[x]", "--set", "items=[y]")
    assert (twice.code, twice.err) == (2, "error: --set items is given twice; give each value "
                                          "once\n")


def test_preview_and_templates_commands(cli: Cli, workspace: Path) -> None:
    path = write_draft(workspace, BASIC)
    shown = cli("preview", path)
    assert shown.code == 0
    assert "Release" in shown.out and "Test resolution" in shown.out
    listing = cli("templates", "list")
    assert listing.code == 0 and "press-release" in listing.out
    source = cli("templates", "show", "resolution")
    assert "{% extends \"base.md.j2\" %}" in source.out
    assert "{% block signatories %}" in source.out


def test_super_keeps_the_packaged_block(workspace: Path) -> None:
    (workspace / "templates" / "resolution.md.j2").write_text(
        '{% extends "builtin/resolution.md.j2" %}\n'
        "{% block signatories %}{{ super() }}\n*Open for signature.*\n{% endblock %}\n")
    text = render(write_draft(workspace, BASIC))
    assert "# Signatories\n\n- Org A (Belarus)\n" in text
    assert "*Open for signature.*" in text


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ("[{name: A, country: X}, {name: B, country: X}]", "Release A and B (X)."),
        ("[{name: A, country: X}, {name: B, country: Y}]", "Release A (X) and B (Y)."),
        ("[{name: A, country: X}, {name: B, country: X}, {name: C, country: Y}]",
         "Release A and B (X); C (Y)."),
        ("[{name: A}]", "Release A."),
    ],
)
def test_people_are_grouped_by_country(workspace: Path, people: str, expected: str) -> None:
    path = write_draft(workspace, f"""\
        kind: resolution
        title: R
        sections:
          recommendations:
            items:
              - clause: free-them
                values: {{people: {people}}}
        """)
    assert f"1. {expected}" in render(path, footnotes=False)


def test_export_creates_the_named_output_folder(cli: Cli, workspace: Path) -> None:
    path = write_draft(workspace, BASIC)
    result = cli("export", path, "--format", "md,html", "--lang", "en,ru", "-o", "out/new")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (workspace / "out" / "new").glob("draft.*")) == [
        "draft.en.html", "draft.en.md", "draft.ru.html", "draft.ru.md"]
    missing_parent = cli("export", path, "--format", "md", "-o", "nowhere/file.md")
    assert missing_parent.code == 1
    assert missing_parent.err == ("nowhere: error: output folder does not exist; create it "
                                  "first\n")


def test_legal_basis_follows_the_language(workspace: Path) -> None:
    text = render(write_draft(workspace, BASIC), "ru")
    assert "[^1]: МПГПП, ст.\u00a09; UN Declaration on Human Rights Defenders." in text


def _every_packaged_clause_draft(folder: Path) -> Path:
    """A draft using every packaged clause twice: with every example value, then with the
    required ones only (the others take their defaults)."""
    from csp_draft.library.skeleton import jsonable

    library = load_library([LibrarySource("packaged", packaged("clauses"))],
                           languages=("en", "ru"))
    items = []
    for clause in sorted(library.clauses.values(), key=lambda c: c.id):
        if "en" not in clause.text or "ru" not in clause.text:
            continue
        examples = {name: value for name, value in clause.example_values().items()
                    if value is not None}
        required = {name: value for name, value in examples.items()
                    if clause.variables[name].required}
        for values in (jsonable(examples), jsonable(required)):
            items.append({"clause": clause.id, **({"values": values} if values else {})})
    import yaml

    draft = {"kind": "statement", "title": {"en": "All", "ru": "Все"}, "languages": ["en", "ru"],
             "values": {"country": {"en": "Belarus", "ru": "Беларусь"}},
             # an outlet the clause examples name in Latin letters in Russian too
             "verbatim": ["Abzas Media"],
             "sections": {"body": {"heading": {"en": "Body", "ru": "Текст"}, "items": items}}}
    path = folder / "every.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_shared_clause_templates_render_what_each_text_renders_alone(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
) -> None:
    # A draft's clause texts are rendered through templates shared by texts of one shape
    # (csp_draft.library.shapes); the document must be what compiling each text alone gives.
    path = _every_packaged_clause_draft(workspace)
    shared = render(path, lang)
    monkeypatch.setattr(DocumentRenderer, "_shared_texts", lambda self, resolved, lang: {})
    assert render(path, lang) == shared


def test_shared_clause_templates_compile_each_shape_once(
    workspace: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import csp_draft.library.clause_render

    compiled: list[str] = []
    original = csp_draft.library.clause_render.compile_text

    def counting(env: object, source: str, **kwargs: object) -> object:
        compiled.append(source)
        return original(env, source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(csp_draft.library.clause_render, "compile_text", counting)
    path = _every_packaged_clause_draft(workspace)
    render(path, "en")
    texts = len({item["clause"] for item in __import__("yaml").safe_load(
        path.read_text(encoding="utf-8"))["sections"]["body"]["items"]})
    assert len(compiled) == len(set(compiled)) < texts


def test_a_failing_clause_text_is_reported_as_compiled_alone(
    workspace: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (workspace / "clauses" / "divide.yaml").write_text(textwrap.dedent("""\
        id: divide
        title: Divide
        kind: recommendation
        topics: [misc]
        variables:
          n: {type: number, example: 1}
        text:
          en: |-
            {{ n }} people.

            Then {{ n / (n - n) }}.
        version: "1"
        updated: 2026-11-23
        """), encoding="utf-8")
    path = write_draft(workspace, """\
        kind: resolution
        title: Broken
        sections:
          recommendations:
            items:
              - clause: demands
                values: {items: [one]}
              - clause: divide
                values: {n: 3}
        """)
    with pytest.raises(CspDraftError) as shared:
        render(path)
    monkeypatch.setattr(DocumentRenderer, "_shared_texts", lambda self, resolved, lang: {})
    with pytest.raises(CspDraftError) as alone:
        render(path)
    assert [str(d) for d in shared.value.diagnostics] == [str(d) for d in alone.value.diagnostics]
    assert "ZeroDivisionError" in str(shared.value.diagnostics[0])
    assert shared.value.diagnostics[0].location.line == 11
