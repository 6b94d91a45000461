"""The located YAML reader refuses unsafe or ambiguous input with a precise message."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from csp_draft.errors import CspDraftError, YamlError
from csp_draft.yamlio.located import load_yaml, load_yaml_file


def error_line(text: str) -> str:
    with pytest.raises(YamlError) as info:
        load_yaml(text, "f.yaml")
    return info.value.diagnostics[0].format()


def test_values_keep_their_locations() -> None:
    root = load_yaml("id: x\ntext:\n  en: hello\n", "f.yaml")
    assert str(root.get("id").location) == "f.yaml:1:5"
    assert str(root.key_location("text")) == "f.yaml:2:1"
    assert str(root.get("text").get("en").location) == "f.yaml:3:7"


def test_yaml_11_booleans_and_versions_stay_text() -> None:
    root = load_yaml("country: NO\nanswer: yes\nversion: 1.10\n", "f.yaml")
    assert root.get("country").text == "NO"
    assert root.get("country").scalar_value() == "NO"
    assert root.get("answer").scalar_value() == "yes"
    assert root.get("version").text == "1.10"


def test_plain_words_yaml_11_would_type_stay_text() -> None:
    root = load_yaml("sign: =\nwhen: 2026-11-23\nnumber: 0x1F\nkey: <<\n", "f.yaml")
    assert root.to_python() == {"sign": "=", "when": "2026-11-23", "number": 31, "key": "<<"}


def test_merge_keys_are_refused_even_untyped() -> None:
    assert error_line("base: &b {x: 1}\nother:\n  <<: *b\n").endswith(
        "merge keys (<<) are not supported; write the keys out in full")
    assert "merge keys" in error_line("a:\n  !!merge x: 1\n")


def test_aliases_still_give_the_shared_value() -> None:
    shared = load_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert shared.get("a").to_python() == shared.get("b").to_python() == [1, 2]


def test_empty_file_with_old_mac_line_ends_is_not_empty() -> None:
    assert load_yaml("# comment\rkey: value\r", "f.yaml").to_python() == {"key": "value"}


def test_duplicate_keys_are_errors() -> None:
    assert error_line("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3:1: error: duplicate key 'a' (first at line 1); keep one of them, "
        "YAML would silently drop the other"
    )


def test_python_tags_are_refused() -> None:
    assert error_line("a: !!python/object/apply:os.system [ls]\n") == (
        "f.yaml:1:4: error: tag !!python/object/apply:os.system is not allowed; remove the "
        "tag, csp-draft files hold plain YAML data only"
    )


def test_tabs_are_named() -> None:
    assert error_line("a:\n\tb: 1\n") == (
        "f.yaml:2:1: error: invalid YAML: a tab character is used for indentation; "
        "YAML needs spaces: replace the tab with spaces"
    )


def test_empty_file() -> None:
    assert error_line("# only a comment\n\n") == (
        "f.yaml:1:1: error: file is empty; write the YAML content or delete the file"
    )


def test_control_characters_are_caught_at_load() -> None:
    assert error_line('name: "a\\x00b"\n').startswith(
        "f.yaml:1:7: error: value contains the control character U+0000")
    assert error_line('name: "\\ud800"\n') == (
        "f.yaml:1:10: error: invalid YAML: found invalid Unicode character escape code; "
        "write the character itself instead of an escape code"
    )
    assert "U+0007" in error_line('name: "\\a"\n')


def test_huge_integers_are_refused() -> None:
    assert error_line("n: " + "9" * 5000 + "\n") == (
        "f.yaml:1:4: error: number has more than 30 digits; quote it if it is meant as text"
    )


def test_deep_nesting_is_refused_before_parsing() -> None:
    message = error_line("a: " + "[" * 30000 + "]" * 30000 + "\n")
    assert "nesting is deeper than 64 levels" in message


def test_alias_bomb_is_refused_fast_and_small() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    tracemalloc.start()
    message = error_line("\n".join(lines) + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "expands to more than 200,000 values" in message
    assert peak < 100 * 1024 * 1024


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: ok\ntitle: caf\xe9\n")
    with pytest.raises(YamlError) as info:
        load_yaml_file(path)
    assert info.value.diagnostics[0].format() == (
        f"{path}:2:11: error: byte 0xe9 is not valid UTF-8; save the file as UTF-8 in your "
        "editor"
    )


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: ok\n")
    assert load_yaml_file(path).get("id").text == "ok"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(CspDraftError) as info:
        load_yaml_file(path, max_bytes=1000)
    assert "file is too large" in info.value.message


def test_syntax_errors_point_at_the_problem() -> None:
    assert error_line("a: [1, 2\nb: 3\n").startswith("f.yaml:2:")


def test_nesting_after_a_word_inside_a_flow_list_is_refused() -> None:
    """Inside a flow collection a bracket right after a plain word opens another one: the
    cheap bound must count it although no whitespace comes before it."""
    deep = "a: [b" + "[c" * 70 + "]" * 71 + "\n"
    with pytest.raises(YamlError, match="nesting is deeper than 64 levels"):
        load_yaml(deep, "deep.yaml")


@pytest.mark.parametrize("text", [
    "items:\n- text: '[Name Surname]: arrested, tried, sentenced'\n  values: {a: 1}\n",
    "a: [b, [c, {d: e}], f]\nx: 'y: z'\n",
    "- a:b\n- ? k\n  : v\n- &x [1, 2]\n- *x\n- 'quoted: [not, a, list]'\n",
    "text: |\n  - not: an item\n  [neither]\nother: -1\n",
])
def test_the_cheap_bound_on_values_is_never_below_the_real_count(text: str) -> None:
    """Files under the bound skip the token count, so it must never undercount."""
    import yaml

    from csp_draft.yamlio import located

    def nodes(node: yaml.Node) -> int:
        if isinstance(node, yaml.MappingNode):
            return 1 + sum(nodes(k) + nodes(v) for k, v in node.value)
        if isinstance(node, yaml.SequenceNode):
            return 1 + sum(nodes(child) for child in node.value)
        return 1

    bound = located._most_values(text, located._flow_brackets(text))
    assert bound >= nodes(yaml.compose(text))
