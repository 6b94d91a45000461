"""`remove`, `move`, `set`, `sign` and `unsign` through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from csp_draft.drafts.read import read_draft
from tests.drafts.conftest import Cli

HASH = re.compile("[0-9a-f]{16}")  # the endorsed text's hash, which any template change moves


def ids(path: Path, section: str) -> list[str]:
    found = read_draft(path).section(section)
    assert found is not None
    return [item.clause_id or "text" for item in found.items]


@pytest.fixture
def filled(resolution: Path, cli: Cli) -> Path:
    """The resolution with three recommendations, a finding and a free text."""
    for args in (["fx-free-media"], ["fx-monitoring"], ["fx-goal"],
                 ["fx-situation", "--set", "country={en: Belarus, ru: Беларусь}"]):
        assert cli("add-clause", resolution, *args).code == 0
    assert cli("add-text", resolution, "--section", "situation", "--lang", "en",
               "Free text here.").code == 0
    assert cli("set", resolution, "situation.2", "--lang", "ru", "--text", "Свободный текст."
               ).code == 0
    return resolution


def test_remove_by_position_and_by_id(filled: Path, cli: Cli) -> None:
    result = cli("remove", filled, "recommendations.2")
    assert result.code == 0
    assert result.err == "removed fx-monitoring (recommendations.2)\n"
    assert ids(filled, "recommendations") == ["fx-free-media", "fx-goal"]
    result = cli("remove", filled, "fx-goal")
    assert result.err == "removed fx-goal (recommendations.2)\n"
    result = cli("remove", filled, "situation.2")
    assert result.err == "removed text 'Free text here.' (situation.2)\n"
    assert ids(filled, "situation") == ["fx-situation"]


def test_remove_last_item_leaves_empty_section(filled: Path, cli: Cli) -> None:
    for _ in range(3):
        assert cli("remove", filled, "recommendations.1").code == 0
    assert ids(filled, "recommendations") == []
    assert "  recommendations:\n    items: []\n" in filled.read_text(encoding="utf-8")


@pytest.mark.parametrize(("ref", "code", "message"), [
    ("recommendations.9", 1, "{d}: error: recommendations.9: section 'recommendations' has 3 "
     "items; see the numbers with `csp-draft show DRAFT`"),
    ("recomendations.1", 1, "{d}: error: the draft has no section 'recomendations'; did you "
     "mean 'recommendations'?"),
    ("recommendations.0", 2, "error: 'recommendations.0': items are numbered from 1; give a "
     "position such as recommendations.3 (a sub-item: recommendations.9.3), or the id of a "
     "clause used once"),
    ("fx-free-medai", 1, "{d}: error: the draft does not use the clause 'fx-free-medai'; did "
     "you mean 'fx-free-media'?"),
    ("../../etc/passwd", 2, "error: '../../etc/passwd' is not an item reference; give a "
     "position such as recommendations.3 (a sub-item: recommendations.9.3), or the id of a "
     "clause used once"),
    ("/tmp/x.1", 2, "error: '/tmp/x.1' is not an item reference; give a position such as "
     "recommendations.3 (a sub-item: recommendations.9.3), or the id of a clause used once"),
    ("a b", 2, "error: 'a b' is not an item reference; give a position such as "
     "recommendations.3 (a sub-item: recommendations.9.3), or the id of a clause used once"),
])
def test_bad_refs(filled: Path, cli: Cli, ref: str, code: int, message: str) -> None:
    before = filled.read_bytes()
    result = cli("remove", filled, ref)
    assert result.code == code
    assert result.err == message.format(d=filled) + "\n"
    assert filled.read_bytes() == before


def test_ambiguous_id_lists_positions(filled: Path, cli: Cli) -> None:
    assert cli("add-clause", filled, "fx-goal", "--section", "preamble").code == 0
    before = filled.read_bytes()
    result = cli("remove", filled, "fx-goal")
    assert result.code == 1
    assert result.err == (f"{filled}: error: the clause 'fx-goal' is used 2 times: preamble.1, "
                          "recommendations.3; give the position instead, e.g. preamble.1\n")
    assert filled.read_bytes() == before


def test_move_within_and_across_sections(filled: Path, cli: Cli) -> None:
    result = cli("move", filled, "fx-goal", "--to", "recommendations", "--at", "1")
    assert result.err == "moved fx-goal from recommendations.3 to recommendations.1\n"
    assert ids(filled, "recommendations") == ["fx-goal", "fx-free-media", "fx-monitoring"]
    result = cli("move", filled, "situation.2", "--to", "recommendations")
    assert result.err == "moved text 'Free text here.' from situation.2 to recommendations.4\n"
    assert ids(filled, "recommendations")[-1] == "text"
    result = cli("move", filled, "fx-situation", "--to", "preamble")
    assert result.err == "moved fx-situation from situation.1 to preamble.1\n"
    values = read_draft(filled).section("preamble").items[0].values
    assert values["country"].get("ru").text == "Беларусь"


def test_move_to_same_place_changes_nothing(filled: Path, cli: Cli) -> None:
    before = filled.read_bytes()
    result = cli("move", filled, "recommendations.2", "--to", "recommendations", "--at", "2")
    assert result.code == 0
    assert result.err == "fx-monitoring is already at recommendations.2; nothing changed\n"
    assert filled.read_bytes() == before


def test_move_errors_leave_file(filled: Path, cli: Cli) -> None:
    before = filled.read_bytes()
    result = cli("move", filled, "fx-goal", "--to", "recommendations", "--at", "4")
    assert result.code == 2
    assert result.err == ("error: --at 4 is outside section 'recommendations', which has 2 "
                          "items; use a position from 1 to 3\n")
    result = cli("move", filled, "fx-goal", "--to", "nowhere")
    assert result.code == 1
    assert filled.read_bytes() == before
    assert cli("move", filled, "fx-goal", "--to", "annex", "--new-section").code == 0
    assert ids(filled, "annex") == ["fx-goal"]


def test_set_values(filled: Path, cli: Cli) -> None:
    result = cli("set", filled, "fx-monitoring", "experts=5", "mechanism=vienna")
    assert result.code == 0, result.err
    assert result.err == "set experts, mechanism of recommendations.2 (fx-monitoring)\n"
    values = read_draft(filled).section("recommendations").items[1].values
    assert (values["experts"].text, values["mechanism"].text) == ("5", "vienna")
    assert "      - clause: fx-monitoring\n        values:\n          experts: 5\n" \
        "          mechanism: vienna\n" in filled.read_text(encoding="utf-8")
    result = cli("set", filled, "recommendations.2", "experts=5")
    assert result.err == ("recommendations.2 (fx-monitoring) already has that; nothing "
                          "changed\n")
    result = cli("set", filled, "recommendations.2", "--unset", "experts", "--unset",
                 "mechanism")
    assert result.err == "set -experts, -mechanism of recommendations.2 (fx-monitoring)\n"
    assert read_draft(filled).section("recommendations").items[1].values == {}
    assert "      - clause: fx-monitoring\n      - clause: fx-goal\n" in filled.read_text(
        encoding="utf-8")


def test_set_checks_values_first(filled: Path, cli: Cli) -> None:
    before = filled.read_bytes()
    result = cli("set", filled, "fx-monitoring", "experts=many", "mechanim=vienna")
    assert result.code == 1
    assert result.err == (
        "--set experts:1:1: error: 'experts' must be a number, not a string; write digits "
        "without quotes, e.g. 10 or 2.5\n"
        "--set mechanim:1:1: error: clause 'fx-monitoring' has no variable 'mechanim'; did you "
        "mean 'mechanism'?\n")
    result = cli("set", filled, "situation.2", "country=Belarus")
    assert result.code == 2
    assert result.err == ("error: situation.2 is free text, which has no values; change its "
                          "text with --text\n")
    result = cli("set", filled, "fx-monitoring")
    assert result.code == 2
    assert result.err == ("error: nothing to set; give NAME=VALUE, --unset NAME, --text "
                          "TEXT, --note TEXT or --addressee ID\n")
    result = cli("set", filled, "fx-monitoring", "--unset", "expert")
    assert result.err == ("error: clause 'fx-monitoring' has no variable 'expert'; did you "
                          "mean 'experts'?\n")
    assert filled.read_bytes() == before


def test_set_text_per_language(filled: Path, cli: Cli) -> None:
    result = cli("set", filled, "situation.2", "--text", "Текст.", "--lang", "ru")
    assert result.err == "set text of situation.2 (text 'Free text here.')\n"
    item = read_draft(filled).section("situation").items[1]
    assert item.text == {"en": "Free text here.", "ru": "Текст."}
    assert cli("set", filled, "situation.2", "--text", "Better.", "--lang", "en").code == 0
    assert read_draft(filled).section("situation").items[1].text == {"en": "Better.",
                                                                     "ru": "Текст."}
    assert cli("set", filled, "fx-goal", "--text", "Our wording of the goal.").code == 0
    item = read_draft(filled).section("recommendations").items[2]
    assert (item.clause_id, item.text) == ("fx-goal", "Our wording of the goal.")
    # One English wording for every language would put English in the Russian document.
    untranslated = cli("check", filled)
    assert untranslated.code == 1
    assert "the wording at recommendations.3 is written once for every language" in (
        untranslated.err)
    assert cli("set", filled, "fx-goal", "--text", "Our wording of the goal.", "--lang",
               "en").code == 0
    assert cli("check", filled).code == 0


def test_sign_updates_instead_of_duplicating(filled: Path, cli: Cli) -> None:
    result = cli("sign", filled, "--org", 'Human Rights Center "Viasna"', "--country",
                 "Belarus", "--date", "2017-07-01")
    assert result.err == ('added Human Rights Center "Viasna" as signatory 1 (confirmed)\n'
                          "endorses the text in en, ru\n")
    result = cli("sign", filled, "--org", "Norwegian Helsinki Committee", "--country", "Norway",
                 "--status", "pending", "--date", "2017-07-02")
    assert result.err == "added Norwegian Helsinki Committee as signatory 2 (pending)\n"
    result = cli("sign", filled, "--org", "norwegian  helsinki committee", "--status",
                 "confirmed")
    assert result.err == ("updated the signature of Norwegian Helsinki Committee (signatory 2, "
                          "confirmed)\nendorses the text in en, ru\n")
    before = filled.read_bytes()
    result = cli("sign", filled, "--org", "Norwegian Helsinki Committee", "--country", "Norway")
    assert result.err == ("Norwegian Helsinki Committee has already signed (confirmed); nothing "
                          "changed\n")
    assert filled.read_bytes() == before
    signatories = read_draft(filled).signatories
    assert [(s.organisation, s.country, s.status, str(s.date)) for s in signatories] == [
        ('Human Rights Center "Viasna"', "Belarus", "confirmed", "2017-07-01"),
        ("Norwegian Helsinki Committee", "Norway", "confirmed", "2017-07-02"),
    ]


@pytest.mark.parametrize(("args", "message"), [
    (["--org", "New Org"], "error: a new signatory needs --country; e.g. --country Belarus"),
    (["--org", "X", "--country", "Y", "--status", "maybe"],
     "error: unknown status 'maybe'; use confirmed, pending, withdrawn"),
    (["--org", "X", "--country", "Y", "--date", "July"],
     "error: --date 'July' is not a date written YYYY-MM-DD; e.g. 2017-07-04"),
])
def test_sign_errors(filled: Path, cli: Cli, args: list[str], message: str) -> None:
    before = filled.read_bytes()
    result = cli("sign", filled, *args)
    assert result.code == 2
    assert result.err == message + "\n"
    assert filled.read_bytes() == before


def test_unsign(filled: Path, cli: Cli) -> None:
    for org, country in (("Viasna", "Belarus"), ("Memorial", "Russia")):
        assert cli("sign", filled, "--org", org, "--country", country).code == 0
    result = cli("unsign", filled, "--org", "viasna")
    assert result.err == "removed the signature of Viasna\n"
    result = cli("unsign", filled, "--org", "Memorail")
    assert result.code == 1
    assert result.err == (f"{filled}: error: 'Memorail' has not signed the draft; did you mean "
                          "'Memorial'?\n")
    assert [s.organisation for s in read_draft(filled).signatories] == ["Memorial"]


def test_sign_follows_the_style_of_existing_entries(ws: Path, cli: Cli) -> None:
    draft = ws / "flow.yaml"
    draft.write_text("kind: statement\ntitle: T\nsignatories:\n"
                     "  - {organisation: A, country: B, status: confirmed}\n", encoding="utf-8")
    assert cli("sign", draft, "--org", "C", "--country", "D", "--date", "2024-01-02").code == 0
    assert HASH.sub("HASH", draft.read_text(encoding="utf-8")) == (
        "kind: statement\ntitle: T\nsignatories:\n"
        "  - {organisation: A, country: B, status: confirmed}\n"
        "  - {organisation: C, country: D, status: confirmed, date: 2024-01-02, "
        "endorsed: {en: HASH}}\n")


def test_set_tells_what_is_still_missing(filled: Path, cli: Cli) -> None:
    text = filled.read_text(encoding="utf-8")
    filled.write_text(text.replace("      - clause: fx-goal\n", "      - clause: fx-goal\n"
                                   "      - clause: fx-urgent\n"), encoding="utf-8")
    result = cli("set", filled, "fx-urgent", "urgent=true")
    assert result.err == ("set urgent of recommendations.4 (fx-urgent)\n"
                          "still missing: deadline\n")
    result = cli("set", filled, "fx-urgent", "deadline=2017-12-31")
    assert result.err == "set deadline of recommendations.4 (fx-urgent)\n"
    assert cli("check", filled).code == 0


def test_set_refuses_empty_or_control_text(filled: Path, cli: Cli) -> None:
    before = filled.read_bytes()
    result = cli("set", filled, "situation.2", "--text", "")
    assert (result.code, result.err) == (2, "error: the text is empty\n")
    result = cli("set", filled, "situation.2", "--text", "bad\x07")
    assert (result.code, result.err) == (
        1, "--text:1:4: error: the text contains the control character U+0007; remove it; such "
        "characters are often pasted by accident\n")
    result = cli("set", filled, "situation.2", "--lang", "ru")
    assert (result.code, result.err) == (2, "error: nothing to set; give NAME=VALUE, --unset "
                                            "NAME, --text TEXT, --note TEXT or --addressee "
                                            "ID\n")
    assert filled.read_bytes() == before
