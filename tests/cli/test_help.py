"""Help pages: plain placeholders, no Python types, and real examples at the end."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from csp_draft.cli.main import _app


def _command_paths(app: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for info in app.registered_commands:
        yield (*prefix, info.name)
    for group in app.registered_groups:
        yield from _command_paths(group.typer_instance, (*prefix, group.name))


COMMANDS = sorted(_command_paths(_app()))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "root")
def test_help_speaks_of_values_and_ends_with_examples(path: tuple[str, ...],
                                                     cli: Callable[..., Any]) -> None:
    result = cli(*path, "--help")
    assert result.code == 0
    for python_talk in ("<str>", "<int", "<file>", "<dir>", "list[", "Path]", "x>="):
        assert python_talk not in result.out.split("\nExamples:\n")[0], python_talk
    assert "{" not in result.out.splitlines()[0]
    examples = result.out.split("\nExamples:\n")[1]
    import re

    # A long example goes on over lines ending in " \", as the shell reads it.
    lines = [line.strip() for line in re.sub(r" \\\n\s+", " ", examples).strip().splitlines()]
    assert 1 <= len(lines) <= 3
    for line in lines:
        words = shlex.split(line.split(" | ")[-1].split(" > ")[0])
        assert words[:len(path) + 1] == ["csp-draft", *path]
        command = max((c for c in COMMANDS if tuple(words[1:len(c) + 1]) == c), key=len)
        head = cli(*command, "--help").out.split("\nExamples:\n")[0]
        for word in words:  # every option an example uses is one its command has
            if word.startswith("-") and word != "-":
                assert f" {word}" in head, (command, word)


def test_usage_line_names_arguments_without_braces(cli: Callable[..., Any]) -> None:
    usage = cli("add-clause", "--help").out.splitlines()[0]
    assert usage == "Usage: csp-draft add-clause [OPTIONS] DRAFT ID"
    options = cli("add-clause", "--help").out
    assert "  --set NAME=VALUE  " in options
    assert "  -L, --library DIR  " in options
    assert "  --at N  " in options
