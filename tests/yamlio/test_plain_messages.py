"""The common YAML mistakes, explained in words a drafter uses, at the right place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csp_draft.errors import YamlError
from csp_draft.yamlio.located import load_yaml

MISTAKES = [
    ("id: x\ntitle: Resolution: the forum\n", "f.yaml:2:18",
     "this text contains ': ' (a colon and a space), which YAML reads as a new field; "
     "put the whole text in quotes: title: \"Resolution: the forum\""),
    ('id: x\ntitle: "Say "no": now\n', "f.yaml:2:14",
     "unexpected text after a quoted text; a quote mark inside a quoted text ends it: put "
     "the whole text in the other kind of quotes, or write '' for ' inside '...'"),
    ('id: x\ntitle: "Resolution of\nkind: demand\n', "f.yaml:2:8",
     "the text that starts with \" here has no closing \"; end the text with \"; to use \" "
     "inside it, put the whole text in ' instead"),
    ("topics:\n  - a\n - b\n", "f.yaml:3:2",
     "this list item is not lined up with the items above it; start every '-' of the same "
     "list in the same column (count the spaces)"),
    ("id: x\n  title: y\n", "f.yaml:2:8",
     "this line is indented under a field that already has a value; start it in the same "
     "column as the field above it, or move that field's value onto lines of its own"),
    ("topics: [a, b\n", "f.yaml:2:1",
     "a list opened with '[' is not closed; end it with ']', and separate its items with ', '"),
]


@pytest.mark.parametrize(("text", "where", "message"), MISTAKES)
def test_mistakes_are_explained_plainly(text: str, where: str, message: str) -> None:
    with pytest.raises(YamlError) as raised:
        load_yaml(text, "f.yaml")
    assert raised.value.diagnostics[0].format() == f"{where}: error: invalid YAML: {message}"


def test_on_a_terminal_the_line_is_shown_with_a_caret(
        cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = tmp_path / "forum.yaml"
    assert cli("new", "resolution", draft, "--title", "Forum").code == 0
    text = draft.read_text(encoding="utf-8").replace("title: Forum",
                                                     "title: Resolution: the forum")
    draft.write_text(text, encoding="utf-8")
    line = text.splitlines().index("title: Resolution: the forum") + 1
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    result = cli("check", draft)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{draft}:{line}:18: error: invalid YAML: this text contains ': ' (a colon and a "
        "space), which YAML reads as a new field; put the whole text in quotes: title: "
        "\"Resolution: the forum\"",
        "    title: Resolution: the forum",
        "                     ^",
    ]
