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
