"""The past documents rebuilt with commands only (``examples/commands/*.sh``), as a user
replays them: every command must succeed, `check` must find no error, and the exported
Markdown must equal the expected text in ``tests/render/golden-commands/<name>/``, read in
full as a coalition member reads a text before circulation. The DOCX of each is reopened
with python-docx: lead-ins and addressee headings are paragraphs outside every list,
sub-items are nested one level and punctuated by position, numbering restarts where a
section says so.

After a deliberate change, regenerate the expected files with

    CSP_DRAFT_UPDATE_GOLDEN=1 pytest tests/render/test_commands_golden.py

and read them (``git diff tests/render/golden-commands``) before committing them.
"""

from __future__ import annotations

import difflib
import os
import shlex
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from csp_draft import paths
from tests.conftest import CliResult

COMMANDS = paths.packaged("examples") / "commands"
GOLDEN = Path(__file__).parent / "golden-commands"
SCRIPTS = sorted(p.stem for p in COMMANDS.glob("*.sh"))
UPDATE_VARIABLE = "CSP_DRAFT_UPDATE_GOLDEN"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Cli = Callable[..., CliResult]


def commands(name: str) -> list[list[str]]:
    """The csp-draft commands of a script, one per line, as the shell splits them."""
    result = []
    for line in (COMMANDS / f"{name}.sh").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line == "set -e":
            continue
        words = shlex.split(line)
        assert words[0] == "csp-draft", f"{name}.sh runs something else: {line}"
        result.append(words[1:])
    return result


def build(name: str, folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the script ``name`` in ``folder``, check the draft, export it to Markdown and
    DOCX in English and Russian; the folder."""
    monkeypatch.chdir(folder)
    for args in commands(name):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    draft = folder / f"{name}.yaml"
    check = cli("check", draft, "--strict-forms")
    assert check.code == 0 and " no errors" in check.err, check.err
    # The past documents demand the release of people freed or dead since: check says so
    # from their case records (and, once the records are older than the freshness window,
    # that they need checking again); it warns about nothing else.
    warnings = [line for line in check.err.splitlines() if ": warning: " in line]
    assert all(" demands the release of " in line or " was last checked on " in line
               for line in warnings), check.err
    exported = cli("export", draft, "--format", "md,docx", "--lang", "en,ru")
    assert exported.code == 0, exported.err
    return folder


@pytest.fixture(params=SCRIPTS)
def built(request: pytest.FixtureRequest, tmp_path: Path, cli: Cli,
          monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    return request.param, build(request.param, tmp_path, cli, monkeypatch)


def test_every_script_is_a_golden_case() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == SCRIPTS
    assert len(SCRIPTS) == 5


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_markdown_as_expected(built: tuple[str, Path], lang: str) -> None:
    name, folder = built
    text = (folder / f"{name}.{lang}.md").read_text(encoding="utf-8")
    expected_path = GOLDEN / name / f"expected.{lang}.md"
    if os.environ.get(UPDATE_VARIABLE) == "1":
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(text, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            str(expected_path), f"{name} rendered in {lang}"))
        pytest.fail(f"the {lang} text differs; if intended, regenerate with "
                    f"{UPDATE_VARIABLE}=1 and read the result\n{diff}")


def paragraphs(path: Path) -> list[tuple[str, int | None, int | None]]:
    """Each body paragraph of a DOCX: its text, its list level (None: in no list) and, in
    an ordered list, the number Word shows (the list's start plus the items before it)."""
    document = docx.Document(str(path))
    starts = {}
    for num in document.part.numbering_part.element.iter(f"{W}num"):
        start = num.find(f"{W}lvlOverride/{W}startOverride")
        starts[num.get(f"{W}numId")] = int(start.get(f"{W}val")) if start is not None else 1
    seen: dict[tuple[str, int], int] = {}
    result = []
    for paragraph in document.element.body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        num = paragraph.find(f"{W}pPr/{W}numPr")
        if num is None:
            result.append((text, None, None))
            continue
        level = int(num.find(f"{W}ilvl").get(f"{W}val"))
        num_id = num.find(f"{W}numId").get(f"{W}val")
        count = seen.get((num_id, level), 0)
        seen[(num_id, level)] = count + 1
        result.append((text, level, starts.get(num_id, 1) + count))
    return result


def test_minsk_docx_lead_ins_headings_and_sub_items(tmp_path: Path, cli: Cli,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = build("minsk-2017", tmp_path, cli, monkeypatch)
    for lang, lead_in, group in (("en", "We make the following recommendations:",
                                  "To the Government of Belarus:"),
                                 ("ru", "Мы выносим следующие рекомендации:",
                                  "Правительству Беларуси:")):
        found = paragraphs(folder / f"minsk-2017.{lang}.docx")
        texts = [text for text, _, _ in found]
        assert found[texts.index(lead_in)][1] is None
        assert found[texts.index(group)][1] is None
        top = [(text, number) for text, level, number in found if level == 0
               and not text.endswith(("(Belarus)", "(Netherlands)", "(Беларусь)", "(Нидерланды)"))]
        assert [number for _, number in top] == list(range(1, 11))
        ninth = texts.index(top[8][0])
        assert top[8][0].endswith(":")
        assert found[ninth - 1] == (group, None, None)
        subs = [text for text, _, _ in found[ninth + 1:ninth + 17]]
        assert [level for _, level, _ in found[ninth + 1:ninth + 17]] == [1] * 16
        assert found[ninth + 17][1] != 1
        assert all(text[0].islower() for text in subs)
        assert all(text.endswith(";") for text in subs[:-1]) and subs[-1].endswith(".")


def test_workshop_docx_numbering_restarts_in_each_group(tmp_path: Path, cli: Cli,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = build("hdim-2017-workshop", tmp_path, cli, monkeypatch)
    for lang, intro in (("en", "Four working groups met"), ("ru", "В ходе семинара работали")):
        found = paragraphs(folder / f"hdim-2017-workshop.{lang}.docx")
        assert [level for text, level, _ in found if text.startswith(intro)] == [None]
        assert [number for _, level, number in found if level == 0] == [1, 2, 3] * 4


def test_minsk_demands_written_and_reordered_by_reference(tmp_path: Path, cli: Cli,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Each of the sixteen minimum demands is named recommendations.9.N: its Russian
    wording is written, and the sub-list reordered, by commands; the DOCX follows."""
    folder = build("minsk-2017", tmp_path, cli, monkeypatch)
    draft = folder / "minsk-2017.yaml"
    for number in range(1, 17):
        result = cli("set", draft, f"recommendations.9.{number}", "--lang", "ru", "--text",
                     f"Выполнить требование № {number}")
        assert result.code == 0, result.err
        assert result.err.startswith(f"set text of recommendations.9.{number} (")
    assert cli("move", draft, "recommendations.9.16", "--under", "recommendations.9",
               "--at", "1").code == 0
    removed = cli("remove", draft, "recommendations.9.2")
    assert (removed.code, removed.err) == (
        0, "removed release-political-prisoners (recommendations.9.2)\n")
    check = cli("check", draft, "--strict-forms")
    assert check.code == 0 and " no errors" in check.err, check.err
    assert cli("export", draft, "--format", "docx", "--lang", "en,ru").code == 0
    found = paragraphs(folder / "minsk-2017.ru.docx")
    subs = [text for text, level, _ in found if level == 1]
    expected = [16, *range(2, 16)]
    assert subs == [f"выполнить требование №\u00a0{n};" for n in expected[:-1]] + [
        f"выполнить требование №\u00a0{expected[-1]}."]
    english = [text for text, level, _ in paragraphs(folder / "minsk-2017.en.docx")
               if level == 1]
    assert len(english) == 15 and english[0].startswith("issue a standing invitation")
    assert english[1].startswith("rehabilitate")


def test_vienna_docx_endnotes_numbered_by_the_renderer(tmp_path: Path, cli: Cli,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes given with --note are numbered where the document is made: "[1]" and
    "[2]" at the end of their paragraphs, the notes in that order under the Notes heading."""
    folder = build("vienna-2025-press-release", tmp_path, cli, monkeypatch)
    for lang, heading, first in (("en", "Notes", "Programme of the parallel conference"),
                                 ("ru", "Примечания", "Программа параллельной конференции")):
        found = paragraphs(folder / f"vienna-2025-press-release.{lang}.docx")
        texts = [text for text, _, _ in found]
        marked = [text for text in texts if text.endswith(("[1]", "[2]"))]
        assert len(marked) == 2 and marked[0].endswith("[1]") and marked[1].endswith("[2]")
        assert texts.index(marked[0]) < texts.index(marked[1])
        notes = found[texts.index(heading) + 1:]
        assert [(level, number) for _, level, number in notes] == [(0, 1), (0, 2)]
        assert notes[0][0].startswith(first)
        assert notes[1][0].endswith("https://www.osce.org/mc")
