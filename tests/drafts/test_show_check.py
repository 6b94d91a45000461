"""`show` (the outline) and `check` (every problem at once)."""

from __future__ import annotations

from pathlib import Path

from tests.drafts.conftest import Cli


def test_show_outline(resolution: Path, cli: Cli) -> None:
    for args in (["add-clause", resolution, "fx-forum-preamble", "--set", "forum=Forum"],
                 ["add-text", resolution, "--section", "situation",
                  "One two three four five six seven eight nine ten."],
                 ["add-clause", resolution, "fx-free-media"],
                 ["sign", resolution, "--org", "Viasna", "--country", "Belarus"],
                 ["sign", resolution, "--org", "[b]Bold[/b] Org", "--country", "X",
                  "--status", "pending"]):
        assert cli(*args).code == 0
    text = resolution.read_text(encoding="utf-8")
    resolution.write_text(text + "", encoding="utf-8")
    # a clause use without its required value and one the library lacks, written by hand
    resolution.write_text(text.replace("      - clause: fx-free-media\n",
                                       "      - clause: fx-free-media\n"
                                       "      - clause: fx-release\n"
                                       "      - clause: fx-gone\n"), encoding="utf-8")
    result = cli("show", resolution)
    assert result.code == 0, result.err
    assert result.out == (
        "Test resolution  (resolution; en, ru)\n"
        "\n"
        "preamble — Preamble\n"
        "  1. fx-forum-preamble — Forum preamble\n"
        "\n"
        "situation — The situation in the OSCE region\n"
        "  1. text 'One two three four five six seven eight...'\n"
        "\n"
        "recommendations — Recommendations (numbered)\n"
        "  1. fx-free-media — Free media\n"
        "  2. fx-release — Release of defenders\n"
        "     missing: defenders\n"
        "  3. fx-gone — not in the library\n"
        "\n"
        "signatories (2)\n"
        "  confirmed (1): Viasna (Belarus)\n"
        "  pending (1): [b]Bold[/b] Org (X)\n"
        "\n"
        f"2 problems: see `csp-draft check {Path('drafts') / 'test.yaml'}`\n")
    russian = cli("show", resolution, "--lang", "ru").out
    assert "  1. fx-forum-preamble — Forum preamble (ru)\n" in russian
    assert "recommendations — Рекомендации (numbered)\n" in russian


def test_show_empty_draft(resolution: Path, cli: Cli) -> None:
    result = cli("show", resolution)
    assert "preamble — Preamble\n  (empty)\n" in result.out
    assert "signatories (0)\n" in result.out


def test_check_reports_every_problem(resolution: Path, cli: Cli) -> None:
    assert cli("add-clause", resolution, "fx-english-only").code == 0
    assert cli("add-text", resolution, "--section", "situation", "--lang", "en",
               "Only English.").code == 0
    text = resolution.read_text(encoding="utf-8")
    text = text.replace("      - clause: fx-english-only\n",
                        "      - clause: fx-english-only\n"
                        "      - clause: fx-relase\n"
                        "      - clause: fx-monitoring\n"
                        "        values: {experts: many, colour: red}\n"
                        "      - clause: fx-release\n")
    resolution.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def at(fragment: str) -> str:
        """The location of the first line holding ``fragment``, at its first character."""
        line = next(i for i, t in enumerate(lines, 1)
                    if fragment in t and not t.lstrip().startswith("#"))
        return f"{resolution}:{line}:{lines[line - 1].index(fragment) + 1}"

    result = cli("check", resolution)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{at('preamble:')}: warning: section 'preamble' is empty; add items with "
        "`csp-draft add-clause` or `add-text --section preamble`, or remove the section",
        f"{at('en: Only English.')}: error: the free text at situation.1 has no 'ru' version; "
        f"add it with `csp-draft set {resolution} situation.1 --lang ru --text ...`, or use "
        "--fallback en",
        f"{at('clause: fx-english-only')}: warning: clause 'fx-english-only' at "
        "recommendations.1 has no operative form, so its text stands as written; add "
        "'forms: {operative: {en: ..., ru: ...}}' to the clause, or 'form: text' to the item "
        "to keep the text as written",
        f"{at('clause: fx-english-only')}: error: clause 'fx-english-only' at "
        "recommendations.1 has no 'ru' text; write it in the clause file, or use --fallback en",
        f"{at('clause: fx-relase')}: error: no clause 'fx-relase' in the library; did you mean "
        "'fx-release'?",
        f"{at('many')}: error: 'experts' of recommendations.3 (fx-monitoring) must be a "
        "number, not a string; write digits without quotes, e.g. 10 or 2.5",
        f"{at('colour: red')}: error: clause 'fx-monitoring' has no variable 'colour'; its "
        "variables: mechanism, experts",
        f"{at('clause: fx-release')}: error: recommendations.4 (fx-release) lacks required "
        "'defenders'; set them with `csp-draft set DRAFT recommendations.4 NAME=VALUE`",
    ]


def test_check_passes_with_warnings(resolution: Path, cli: Cli) -> None:
    assert cli("add-clause", resolution, "fx-free-media").code == 0
    result = cli("check", resolution)
    assert result.code == 0
    assert result.err.splitlines()[-1] == "1 item checked, no errors, 2 warnings"
    assert result.err.count("warning: section") == 2


def test_check_clean_draft(resolution: Path, cli: Cli) -> None:
    for args in (["fx-forum-preamble", "--set", "forum={en: F, ru: Ф}"], ["fx-concern"],
                 ["fx-free-media"]):
        assert cli("add-clause", resolution, *args).code == 0
    result = cli("check", resolution)
    assert (result.code, result.err) == (0, "3 items checked, no errors\n")


def test_check_structure_and_clause_problems_together(resolution: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8").replace("kind: resolution",
                                                          "kind: resolution\nnumbring: section")
    text = text.replace("    items: []\n  # Recommendations", "    items:\n"
                        "      - clause: fx-nope\n  # Recommendations")
    resolution.write_text(text, encoding="utf-8")
    result = cli("check", resolution)
    assert result.code == 1
    assert "error: unknown field 'numbring' in the draft; did you mean 'numbering'?" in result.err
    assert "error: no clause 'fx-nope' in the library" in result.err


def test_invalid_yaml_gets_precise_error_and_is_never_overwritten(resolution: Path,
                                                                  cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8")
    broken = text.replace("  preamble:\n", "  preamble:\n\titems: []\n", 1)
    resolution.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("\titems: []") + 1
    message = (f"{resolution}:{line}:1: error: invalid YAML: a tab character is used for "
               "indentation; YAML needs spaces: replace the tab with spaces\n")
    for args in (["check", resolution], ["show", resolution],
                 ["add-clause", resolution, "fx-free-media"],
                 ["add-text", resolution, "--section", "situation", "x"],
                 ["remove", resolution, "recommendations.1"],
                 ["sign", resolution, "--org", "A", "--country", "B"],
                 ["unsign", resolution, "--org", "A"],
                 ["move", resolution, "situation.1", "--to", "preamble"],
                 ["set", resolution, "situation.1", "--text", "x"]):
        result = cli(*args)
        assert result.code == 1, args
        assert result.err == message, args
    assert resolution.read_text(encoding="utf-8") == broken


def test_structurally_wrong_draft_is_not_edited(resolution: Path, cli: Cli) -> None:
    text = resolution.read_text(encoding="utf-8").replace("kind: resolution", "kind: resolutoin")
    resolution.write_text(text, encoding="utf-8")
    result = cli("add-text", resolution, "--section", "situation", "x")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{resolution}:4:7: error: unknown document kind 'resolutoin'; did you mean "
        "'resolution'?",
        f"{resolution}: error: the draft was not changed; fix the problems above by hand first",
    ]
    assert resolution.read_text(encoding="utf-8") == text


def test_missing_draft(ws: Path, cli: Cli) -> None:
    for command in (["show"], ["check"], ["remove"]):
        args = [*command, "nope.yaml"] + (["x.1"] if command == ["remove"] else [])
        result = cli(*args)
        assert result.code == 1
        assert result.err == "nope.yaml: error: no such file; check the path\n"
