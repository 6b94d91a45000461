"""`csp-draft people list/show/verify`, and case records through check and add-clause."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from csp_draft.drafts.read import read_draft
from csp_draft.paths import packaged as packaged_path
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_list_shows_workspace_and_packaged_records(cli: Cli, workspace: Path) -> None:
    ids = cli("people", "list", "--ids")
    assert ids.code == 0
    listed = ids.out.split()
    assert {"novak", "petrov", "orlov", "sidorova", "bialiatski", "askarov"} <= set(listed)
    assert listed == sorted(listed)
    rows = {row["id"]: row for row in json.loads(cli("people", "list", "--json").out)}
    assert rows["orlov"] == {
        "id": "orlov", "name": "Oleg Orlov", "country": "RU", "status": "deceased",
        "since": "2023-08-15", "checked": "2026-11-25",
        "stale": (dt.date.today() - dt.date(2026, 11, 25)).days > 30,
        "sensitive": False, "library": "workspace"}
    assert rows["bialiatski"]["status"] == "exile"
    assert rows["bialiatski"]["library"] == "packaged"


def test_list_stale_uses_the_workspace_window(cli: Cli, workspace: Path) -> None:
    today = dt.date.today()
    for person_id, age in (("fresh", 10), ("old", 11)):
        (workspace / "people" / f"{person_id}.yaml").write_text(
            f"id: {person_id}\nname: {{en: {person_id.title()}, ru: {{nom: А, gen: Б, acc: Б, "
            f"dat: В}}}}\ncountry: BY\nstatus:\n  - {{state: detained, on: 2025-01-01, "
            f"source: x, checked: {(today - dt.timedelta(days=age)).isoformat()}}}\n",
            encoding="utf-8")
    (workspace / "csp-draft.yaml").write_text("coalition: T\nfreshness: 10\n", encoding="utf-8")
    stale = cli("people", "list", "--stale", "--ids")
    assert stale.code == 0
    assert "old" in stale.out.split() and "fresh" not in stale.out.split()


def test_freshness_must_be_a_number_of_days(cli: Cli, workspace: Path) -> None:
    (workspace / "csp-draft.yaml").write_text("freshness: soon\n", encoding="utf-8")
    result = cli("people", "list")
    assert result.code == 1
    assert result.err == (f"{workspace / 'csp-draft.yaml'}:1:12: error: 'freshness' must be a "
                          "number of days, not a string; e.g. freshness: 30 (case records "
                          "checked longer ago are stale)\n")


def test_show_unknown_id_suggests(cli: Cli, workspace: Path) -> None:
    result = cli("people", "show", "petrow")
    assert result.code == 2
    assert result.err == "error: no case record 'petrow'; did you mean 'petrov'?\n"
    shown = json.loads(cli("people", "show", "sidorova", "--json").out)
    assert shown["names"]["ru"]["acc"] == "Анну Сидорову"
    assert shown["history"] == [{"state": "sentenced", "on": "2025-01-20", "years": 7,
                                 "note": "", "source": "https://example.org/sidorova",
                                 "checked": "2026-10-31"}]


def test_verify_restamps_or_adds_keeping_comments(cli: Cli, workspace: Path) -> None:
    record = workspace / "people" / "novak.yaml"
    today = dt.date.today().isoformat()
    result = cli("people", "verify", "novak", "--status", "detained", "--source",
                 "https://example.org/novak-2")
    assert result.code == 0, result.err
    assert result.err == f"novak: detained confirmed, checked today ({record})\n"
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# a defender whose family asked us not to name him in public\n")
    assert (f"  - {{state: detained, on: 2024-03-01, source: https://example.org/novak-2, "
            f"checked: {today}}}\n") in text
    added = cli("people", "verify", "novak", "--status", "released", "--on", "2026-11-30",
                "--source", "https://example.org/novak-3")
    assert added.code == 0, added.err
    assert added.err == f"novak: now released (added to the history of {record})\n"
    shown = json.loads(cli("people", "show", "novak", "--json").out)
    assert [(e["state"], e["on"], e["checked"]) for e in shown["history"]] == [
        ("detained", "2024-03-01", today), ("released", "2026-11-30", today)]
    assert shown["status"] == "released"


def test_verify_refuses_bad_input_and_packaged_records(cli: Cli, workspace: Path) -> None:
    before = (workspace / "people" / "novak.yaml").read_bytes()
    bad_status = cli("people", "verify", "novak", "--status", "freed", "--source", "x")
    assert (bad_status.code, bad_status.err) == (
        2, "error: unknown status 'freed'; did you mean 'released'?\n")
    bad_day = cli("people", "verify", "novak", "--status", "released", "--on", "30.11.2026",
                  "--source", "x")
    assert (bad_day.code, bad_day.err) == (
        2, "error: --on must be a date written YYYY-MM-DD, not '30.11.2026'\n")
    assert (workspace / "people" / "novak.yaml").read_bytes() == before
    packaged = cli("people", "verify", "askarov", "--status", "deceased", "--source", "x")
    assert packaged.code == 1
    askarov = Path(packaged_path("people")) / "askarov.yaml"
    assert packaged.err == (
        f"{askarov}: error: 'askarov' is a packaged record, which csp-draft does not edit; "
        f"copy it into your workspace's people/ folder (cp {askarov} people/) and verify "
        "that copy\n")


def test_check_prints_one_line_per_people_warning(cli: Cli, workspace: Path) -> None:
    result = cli("check", "drafts/forum.yaml")
    assert result.code == 0
    lines = result.err.splitlines()
    assert sum("demands the release of" in line for line in lines) == 2
    assert lines[-1].startswith("2 items checked, no errors, ")


def test_add_clause_refuses_an_unknown_id(cli: Cli, workspace: Path) -> None:
    draft = workspace / "drafts" / "forum.yaml"
    before = draft.read_bytes()
    result = cli("add-clause", draft, "free-held", "--set", "prisoners=[petrov, orlof]")
    assert result.code == 1
    assert result.err == ("--set prisoners:1:10: error: no case record 'orlof'; did you mean "
                          "'orlov'?; quote a one-off name to write it as text\n")
    assert draft.read_bytes() == before
    added = cli("add-clause", draft, "free-held", "--set", "prisoners=[petrov, \"orlof\"]")
    assert added.code == 0, added.err
    item = read_draft(draft).section("recommendations").items[-1]
    assert item.values["prisoners"].to_python() == ["petrov", "orlof"]


def test_a_library_folder_shares_clauses_and_records(cli: Cli, workspace: Path,
                                                     tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "people").mkdir(parents=True)
    (shared / "people" / "petrov.yaml").write_text(
        (workspace / "people" / "petrov.yaml").read_text(encoding="utf-8").replace(
            "Petr Petrov", "Pyotr Petrov"), encoding="utf-8")
    rows = {row["id"]: row for row in json.loads(
        cli("people", "list", "--json", "--library", shared).out)}
    assert (rows["petrov"]["name"], rows["petrov"]["library"]) == (
        "Pyotr Petrov", str(shared / "people"))  # a later folder overrides by id
    # the clause scan leaves the records to the people search path: no clause errors
    checked = cli("clauses", "check", "--library", shared)
    assert checked.code == 0, checked.err
    assert "petrov" not in checked.err
