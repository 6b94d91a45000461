"""The README's first command, as a user runs it: twice in a row, both times exit 0."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import CliResult

README = Path(__file__).resolve().parents[1] / "README.md"


def first_command() -> list[list[str]]:
    """The csp-draft invocations of the README's first shell block, split as a shell would."""
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None, "README has no ```sh block"
    parts = [shlex.split(part) for part in block.group(1).strip().split("&&")]
    assert parts[0][:2] == ["pip", "install"]
    return [part[1:] for part in parts[1:] if part[0] == "csp-draft"]


def test_the_first_command_can_run_twice(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    commands = first_command()
    assert [c[0] for c in commands] == ["example", "export"]
    for _ in range(2):
        for args in commands:
            result: CliResult = cli(*args)
            assert result.code == 0, result.err
    folder = tmp_path / "csp-draft-try"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "minsk-2017.en.docx", "minsk-2017.ru.docx", "minsk-2017.yaml"]
    russian = "\n".join(p.text for p in Document(str(folder / "minsk-2017.ru.docx")).paragraphs)
    assert "Рекомендации" in russian


def test_an_edited_example_is_never_replaced(tmp_path: Path, cli,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("example", "minsk-2017", "mine.yaml").code == 0
    with open("mine.yaml", "a", encoding="utf-8") as draft:
        draft.write("# my note\n")
    edited = Path("mine.yaml").read_bytes()
    again = cli("example", "minsk-2017", "mine.yaml")
    assert again.code == 1
    assert again.err == ("mine.yaml: error: file exists already and differs from the example; "
                         "choose another path, or pass --force to replace it\n")
    assert Path("mine.yaml").read_bytes() == edited


# Tour steps that need what a test does not have: a git server, git history, LibreOffice.
# Steps the tour test leaves out: they reach the network, compare git revisions the test
# has not made, or run until Ctrl-C (the live preview, tested in tests/cli/).
OFFLINE = (["library", "add"], ["compare"])
UNTIL_INTERRUPTED = "--html"


def tour_commands() -> list[list[str]]:
    """The csp-draft invocations of the README tour, split as a shell would (comments and
    line continuations included); ``cd`` steps as ["cd", FOLDER]."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## A short tour\n+```sh\n(.*?)```", text, re.S)
    assert block is not None, "README has no tour"
    commands = []
    for line in block.group(1).replace("\\\n", " ").splitlines():
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words:
                commands.append(words[1:] if words[0] == "csp-draft" else words)
    return commands


def test_the_tour_makes_both_documents_without_a_hand_edit(
        tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step of the tour exits 0, and the two documents it exports are each in their
    own language throughout."""
    from csp_draft.drafts.languages import foreign_words
    from tests.render.test_languages import _docx_text

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # completion install writes there
    monkeypatch.setenv("SHELL", "/bin/bash")  # the tour installs completion for the shell in use
    ran = []
    for args in tour_commands():
        if args[0] == "cd":
            monkeypatch.chdir(args[1])
            continue
        if any(args[:len(step)] == step for step in OFFLINE) or "pdf" in args or (
                args[0] == "preview" and UNTIL_INTERRUPTED in args):
            continue
        result: CliResult = cli(*args)
        assert result.code == 0, (args, result.err)
        ran.append(args[0])
    assert ran.count("info") == 3 and "export" in ran
    out = tmp_path / "coalition" / "out"
    english, russian = (_docx_text(out / f"forum.{lang}.docx") for lang in ("en", "ru"))
    assert "on the eve of the OSCE Ministerial Council" in english
    assert "накануне Совета министров ОБСЕ" in russian
    assert "Мы выносим следующие рекомендации:" in russian
    assert foreign_words(russian, "ru") == []
    assert foreign_words(english, "en") == []


def test_the_tour_signs_with_members_from_the_registry(tmp_path: Path, cli,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    wanted = ("init", "new", "info", "members", "sign", "signatories")
    steps = [c for c in tour_commands() if c[0] in wanted]
    assert [c[:3] for c in steps if c[0] == "sign"][:2] == [
        ["sign", "drafts/forum.yaml", "--member"], ["sign", "drafts/forum.yaml", "--member"]]
    for args in steps:
        result: CliResult = cli(*args)
        assert result.code == 0, (args, result.err)
        if args[0] == "init":
            monkeypatch.chdir(tmp_path / args[1])
    english = cli("export", "drafts/forum.yaml", "-f", "md", "--lang", "en", "-o", "-",
                  "--fallback", "en")
    assert english.code == 0, english.err
    assert english.out.split("# Signatories\n\n")[1].strip().splitlines() == [
        "- Human Rights Center “Viasna” (Belarus)",
        "- Public Verdict (Russia)",
        "- one organisation from Turkmenistan"]
    russian = cli("export", "drafts/forum.yaml", "-f", "md", "--lang", "ru", "-o", "-",
                  "--fallback", "en").out
    assert russian.split("# Подписавшие организации\n\n")[1].strip().splitlines() == [
        "- Правозащитный центр «Весна» (Беларусь)",  # sorted as «Весна»
        "- Общественный вердикт (Россия)",
        "- одна организация из Туркменистана"]
