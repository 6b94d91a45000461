"""From `init` to a full resolution using only commands; the file stays hand-editable."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp_draft.drafts.read import check_draft, read_draft
from csp_draft.library.load import LibrarySource, load_library
from tests.drafts.clauses_fixture import write_library
from tests.drafts.conftest import Cli

DEFENDERS = ("[{name: {en: Ales Bialiatsky, ru: Алесь Беляцкий}, country: {en: Belarus, "
             "ru: Беларусь}}, {name: {en: Azimzhan Askarov, ru: Азимжан Аскаров}, country: "
             "{en: Kyrgyzstan, ru: Кыргызстан}}]")
BELARUS = "{en: Belarus, ru: Беларусь}"
AZERBAIJAN = "{en: Azerbaijan, ru: Азербайджан}"


def test_init_to_full_resolution(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
                                 ) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "forum", "--coalition", "Civic Solidarity Platform").code == 0
    write_library(tmp_path / "forum" / "clauses")
    monkeypatch.chdir(tmp_path / "forum")
    result = cli("new", "resolution", "--title", "Resolution of the Minsk Forum",
                 "--event", "Civil Society Forum", "--place", "Minsk", "--date", "2017-07-04")
    assert result.code == 0, result.err
    draft = Path("drafts/resolution-of-the-minsk-forum.yaml")
    steps = [
        ["info", draft, "--lang", "ru", "--title", "Резолюция Минского форума", "--event",
         "Форум гражданского общества", "--place", "Минск", "--author",
         "Платформа «Гражданская солидарность»"],
        ["add-clause", draft, "fx-forum-preamble", "--set",
         "forum={en: Civil Society Forum, ru: Форум гражданского общества}"],
        ["add-text", draft, "--section", "preamble", "--lang", "en",
         "Meeting on the eve of the *26th* annual session of the OSCE PA,"],
        ["set", draft, "preamble.2", "--lang", "ru", "--text",
         "Собравшись накануне *26-й* ежегодной сессии ПА ОБСЕ,"],
        ["add-clause", draft, "fx-situation", "--set", f"country={BELARUS}",
         "--set", "since=2011-06-01"],
        ["add-clause", draft, "fx-concern"],
        ["add-clause", draft, "fx-situation", "--set", f"country={AZERBAIJAN}"],
        ["add-text", draft, "--section", "situation", "--lang", "en",
         "Six years after the Moscow Mechanism report, nothing has changed."],
        ["add-clause", draft, "fx-release", "--set", f"defenders={DEFENDERS}"],
        ["add-clause", draft, "fx-free-media"],
        ["add-clause", draft, "fx-monitoring", "--set", "experts=3"],
        ["add-clause", draft, "fx-observers", "--set", f"countries=[{BELARUS}, {AZERBAIJAN}]"],
        ["add-clause", draft, "fx-urgent", "--set", "deadline=2017-12-31", "--set",
         "urgent=true"],
        ["add-clause", draft, "fx-goal", "--at", "1"],
        ["add-clause", draft, "fx-thanks", "--section", "recommendations"],
        ["add-clause", draft, "fx-release", "--set",
         "defenders=[{name: {en: Evgeniy Zhovtis, ru: Евгений Жовтис}, country: {en: Kazakhstan,"
         " ru: Казахстан}}]", "--at", "3"],
        ["add-clause", draft, "fx-english-only"],
        ["move", draft, "fx-thanks", "--to", "recommendations", "--at", "1"],
        ["remove", draft, "fx-english-only"],
        ["set", draft, "recommendations.3", "--text", "Освободить Алеся Беляцкого и других.",
         "--lang", "ru"],
        ["set", draft, "situation.4", "--text", "Спустя шесть лет ничего не изменилось.",
         "--lang", "ru"],
        ["set", draft, "fx-monitoring", "mechanism=vienna"],
        ["sign", draft, "--org", 'Human Rights Center "Viasna"', "--country", "BY",
         "--date", "2017-07-01", "--lang", "ru", "--name", "Правозащитный центр «Весна»"],
        ["sign", draft, "--org", "Kazakhstan International Bureau for Human Rights",
         "--country", "KZ", "--status", "pending", "--date", "2017-07-02"],
        ["sign", draft, "--org", "Norwegian Helsinki Committee", "--country", "NO",
         "--date", "2017-07-02", "--lang", "ru", "--name", "Норвежский Хельсинкский комитет"],
        ["sign", draft, "--org", "Kazakhstan International Bureau for Human Rights",
         "--status", "confirmed", "--lang", "ru", "--name",
         "Казахстанское международное бюро по правам человека"],
        ["sign", draft, "--org", "Withdrawn Org", "--country", "Nowhere", "--date",
         "2017-07-03"],
        ["unsign", draft, "--org", "withdrawn org"],
    ]
    for args in steps:
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    result = cli("check", draft)
    assert (result.code, result.err) == (0, "14 items checked, no errors\n")

    loaded = read_draft(draft)
    library = load_library([LibrarySource("w", Path("clauses"))], languages=("en", "ru"))
    assert check_draft(loaded, library) == []
    recommendations = [i.clause_id for i in loaded.section("recommendations").items]
    assert recommendations == ["fx-thanks", "fx-goal", "fx-release", "fx-release",
                               "fx-free-media", "fx-monitoring", "fx-observers", "fx-urgent"]
    assert len([i for s in loaded.sections for i in s.items if i.clause_id]) == 12
    assert [(s.organisation, s.status) for s in loaded.signatories] == [
        ({"en": 'Human Rights Center "Viasna"', "ru": "Правозащитный центр «Весна»"},
         "confirmed"),
        ({"en": "Kazakhstan International Bureau for Human Rights",
          "ru": "Казахстанское международное бюро по правам человека"}, "confirmed"),
        ({"en": "Norwegian Helsinki Committee", "ru": "Норвежский Хельсинкский комитет"},
         "confirmed"),
    ]
    shown = cli("show", draft).out
    assert "  3. fx-release — Release of defenders\n" in shown
    assert "missing" not in shown

    # Still a file people edit by hand: a note and a changed value, then more commands.
    text = draft.read_text(encoding="utf-8")
    text = text.replace("          experts: 3\n", "          experts: 4   # agreed in the "
                        "working group\n")
    draft.write_text(text + "# Final reading on 4 July.\n", encoding="utf-8")
    assert cli("add-clause", draft, "fx-concern", "--section", "situation", "--at", "1").code == 0
    final = draft.read_text(encoding="utf-8")
    assert "experts: 4   # agreed in the working group\n" in final
    assert final.endswith("# Final reading on 4 July.\n")
    assert final.count("\n") == text.count("\n") + 2
    # fx-concern, no values, now twice: a warning; and every signature endorsed the text
    # before these two changes, in both languages.
    older = [
        f"{draft}:{line}:5: warning: {name} endorsed an older '{lang}' text than this one; "
        "see what changed with `csp-draft signatories DRAFT`; ask them to confirm, then sign "
        "again\n"
        for line, name in ((73, 'Human Rights Center "Viasna"'),
                           (80, "Kazakhstan International Bureau for Human Rights"),
                           (87, "Norwegian Helsinki Committee"))
        for lang in ("en", "ru")]
    assert cli("check", draft).err == "".join([
        f"{draft}:38:9: warning: clause 'fx-concern' is used twice with the same values: at "
        f"situation.1 and at situation.3; remove one with `csp-draft remove {draft} "
        "situation.3`\n", *older, "15 items checked, no errors, 7 warnings\n"])
