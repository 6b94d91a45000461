"""`csp-draft compare`: outputs, the summary on standard error, DRAFT@REV, and errors."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from csp_draft import paths
from csp_draft.compare.critic import accept
from tests.compare.library import base_draft, clause_values, render, write_library
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def _only_fixture_clauses(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The packaged library (edited concurrently by others) stays out of these tests."""
    empty = tmp_path_factory.mktemp("no-packaged-clauses")
    original = paths.packaged
    monkeypatch.setattr(paths, "packaged",
                        lambda folder: empty if folder == "clauses" else original(folder))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Iterator[Path]:
    """A workspace of the coalition "Test Coalition" with the fixture clauses."""
    root = tmp_path / "ws"
    result = cli("init", str(root), "--coalition", "Test Coalition")
    assert result.code == 0, result.err
    write_library(root / "clauses")
    monkeypatch.chdir(root)
    yield root


def forum() -> dict[str, Any]:
    draft = base_draft()
    draft["sections"] = {
        "preamble": {"items": [{"clause": "cmp-concern", "values": {"country": "Belarus"}}]},
        "situation": {"items": [{"text": "Hundreds were detained in March."}]},
        "recommendations": {"items": [
            {"clause": "cmp-release", "values": clause_values("cmp-release", 0)},
            {"clause": "cmp-observers", "values": {"countries": ["Belarus"]}},
        ]},
    }
    draft["signatories"] = [
        {"organisation": "Viasna", "country": "Belarus"},
        {"organisation": "Memorial", "country": "Russia", "status": "pending"},
    ]
    return draft


def write(path: Path, draft: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def edited(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    draft = copy.deepcopy(forum())
    change(draft)
    return draft


def add_libel(draft: dict[str, Any]) -> None:
    draft["sections"]["recommendations"]["items"].insert(1, {"clause": "cmp-libel"})


def docx_document(path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return archive.read("word/document.xml")


def test_two_files_give_changes_docx_and_a_summary(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    result = cli("compare", "old.yaml", "new.yaml")
    assert result.code == 0
    assert result.out == ""
    assert result.err == (
        "compared old.yaml with new.yaml (en)\n"
        "clause added: cmp-libel at recommendations.2\n"
        "wrote changes.docx\n"
    )
    document = docx_document(ws / "changes.docx")
    assert b'w:author="Test Coalition"' in document
    assert b'w:date="2026-01-01T00:00:00Z"' in document
    assert b"<w:ins " in document and b"Decriminalise libel" in document


def test_markdown_goes_to_standard_output(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    result = cli("compare", "old.yaml", "new.yaml", "--format", "md")
    assert result.code == 0
    assert "2. {++Decriminalise libel and insult" in result.out
    assert accept(result.out) == render(edited(add_libel))
    assert result.err == (
        "compared old.yaml with new.yaml (en)\n"
        "clause added: cmp-libel at recommendations.2\n"
    )
    assert not (ws / "changes.docx").exists()


def test_an_md_output_file_chooses_markdown(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    result = cli("compare", "old.yaml", "new.yaml", "-o", "out/changes.md")
    assert result.code == 1
    assert result.err.endswith(
        "out: error: output folder does not exist; create it first\n")
    (ws / "out").mkdir()
    result = cli("compare", "old.yaml", "new.yaml", "-o", "out/changes.md")
    assert result.code == 0
    assert result.err.endswith("wrote out/changes.md\n")
    assert "{++" in (ws / "out" / "changes.md").read_text(encoding="utf-8")


def test_language_author_and_date(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    # The drafts name their event and signatories in English only: refused in Russian ...
    refused = cli("compare", "old.yaml", "new.yaml", "--lang", "ru", "-o", "ru.docx")
    assert refused.code == 1
    assert "old.yaml:5:8: error: event is written once for every language" in refused.err
    # ... unless English may stand in for them.
    result = cli("compare", "old.yaml", "new.yaml", "--lang", "ru", "--author", "Secretariat",
                 "--date", "2026-11-23T12:00:00+01:00", "-o", "ru.docx", "--fallback", "en")
    assert result.code == 0
    assert next(line for line in result.err.splitlines() if "warning" not in line) == (
        "compared old.yaml with new.yaml (ru)")
    document = docx_document(ws / "ru.docx")
    assert b'w:author="Secretariat" w:date="2026-11-23T11:00:00Z"' in document
    assert "Декриминализировать".encode() in document


def test_the_summary_names_every_kind_of_change(ws: Path, cli: Cli) -> None:
    def change(draft: dict[str, Any]) -> None:
        sections = draft["sections"]
        concern = sections["preamble"]["items"].pop(0)
        sections["recommendations"]["items"].append(concern)
        sections["recommendations"]["items"][1]["values"] = {"countries": ["Russia"]}
        sections["recommendations"]["items"].pop(0)
        sections["situation"]["items"][0]["text"] = "Thousands were detained in March."
        sections["situation"]["items"].append({"text": "Courts sat at night."})
        draft["signatories"][1]["status"] = "confirmed"
        draft["signatories"].pop(0)
        draft["signatories"].append({"organisation": "Freedom Now", "country": "Kazakhstan"})
        draft["title"]["en"] = "Resolution of the Conference"

    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(change))
    result = cli("compare", "old.yaml", "new.yaml", "--format", "md")
    assert result.code == 0
    assert result.err == (
        "compared old.yaml with new.yaml (en)\n"
        "document changed: title\n"
        "clause removed: cmp-release from recommendations.1\n"
        "clause moved: cmp-concern from preamble.1 to recommendations.2\n"
        "values changed: cmp-observers at recommendations.1: countries\n"
        "text changed at situation.1\n"
        "text added at situation.2\n"
        "signatory added: Freedom Now (Kazakhstan)\n"
        "signatory removed: Viasna (Belarus)\n"
        "signatory Memorial (Russia): pending -> confirmed\n"
    )


def test_no_changes(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", forum())
    result = cli("compare", "old.yaml", "new.yaml", "-f", "md")
    assert result.code == 0
    assert result.err == "compared old.yaml with new.yaml (en)\nno changes\n"
    assert result.out == render(forum())


def test_a_file_someone_else_wrote_is_not_overwritten(ws: Path, cli: Cli) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    (ws / "changes.docx").write_bytes(b"annotated by a member")
    result = cli("compare", "old.yaml", "new.yaml")
    assert result.code == 1
    assert result.err.endswith(
        "changes.docx: error: file exists and was not written by csp-draft (it may hold "
        "someone's edits); nothing was written; choose another -o, or pass --force to "
        "overwrite it\n")
    assert (ws / "changes.docx").read_bytes() == b"annotated by a member"
    assert cli("compare", "old.yaml", "new.yaml", "--force").code == 0
    assert cli("compare", "old.yaml", "new.yaml").code == 0  # our own file: overwritten


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "pdf"], "error: unknown format 'pdf' for compare; use docx or md\n"),
    (["-o", "-"], "error: only Markdown can go to standard output; use -o FILE.docx, or "
                  "--format md\n"),
    (["--date", "soon"], "error: --date 'soon' is not an ISO 8601 date or time; e.g. "
                         "2026-11-23 or 2026-11-23T10:00:00Z\n"),
])
def test_usage_errors(ws: Path, cli: Cli, args: list[str], message: str) -> None:
    write(ws / "old.yaml", forum())
    write(ws / "new.yaml", forum())
    if args[0] == "-o":
        args = [*args, "--format", "docx"]
    result = cli("compare", "old.yaml", "new.yaml", *args)
    assert result.code == 2
    assert result.err.endswith(message)


def test_a_missing_draft(ws: Path, cli: Cli) -> None:
    write(ws / "new.yaml", forum())
    result = cli("compare", "old.yaml", "new.yaml")
    assert result.code == 1
    assert result.err == "old.yaml: error: draft not found; give a draft file, or DRAFT@REV\n"


def test_a_broken_draft_points_at_its_line(ws: Path, cli: Cli) -> None:
    write(ws / "new.yaml", forum())
    (ws / "old.yaml").write_text("kind: resolution\ntitle: T\nsections: 3\n", encoding="utf-8")
    result = cli("compare", "old.yaml", "new.yaml")
    assert result.code == 1
    assert result.err.startswith("old.yaml:3:11: error: 'sections' must be a mapping")


# -- DRAFT@REV --------------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(ws: Path) -> Path:
    """The workspace as a git repository with one commit of drafts/forum.yaml."""
    git(ws, "init", "-q")
    write(ws / "drafts" / "forum.yaml", forum())
    git(ws, "add", "drafts/forum.yaml")
    git(ws, "commit", "-q", "-m", "first version")
    write(ws / "drafts" / "forum.yaml", edited(add_libel))
    return ws


@needs_git
def test_a_draft_against_its_last_commit(repo: Path, cli: Cli) -> None:
    result = cli("compare", "drafts/forum.yaml@HEAD", "drafts/forum.yaml", "-f", "md")
    assert result.code == 0
    assert result.err == (
        "compared drafts/forum.yaml@HEAD with drafts/forum.yaml (en)\n"
        "clause added: cmp-libel at recommendations.2\n"
    )
    assert "{++Decriminalise" in result.out


@needs_git
def test_two_revisions_from_a_subfolder(repo: Path, cli: Cli,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "commit", "-q", "-a", "-m", "second version")
    monkeypatch.chdir(repo / "drafts")
    result = cli("compare", "forum.yaml@HEAD~1", "forum.yaml@HEAD", "-f", "md")
    assert result.code == 0, result.err
    assert result.err.splitlines()[1] == "clause added: cmp-libel at recommendations.2"


@needs_git
def test_a_revision_that_does_not_exist(repo: Path, cli: Cli) -> None:
    result = cli("compare", "drafts/forum.yaml@HEAD~5", "drafts/forum.yaml")
    assert result.code == 1
    assert result.err.startswith("error: cannot read drafts/forum.yaml at revision HEAD~5: ")
    assert "'HEAD~5'" in result.err  # git's words, e.g. "invalid object name 'HEAD~5'."
    assert result.err.endswith(
        "; check the path and the revision (git log --oneline -- PATH)\n")


@needs_git
def test_a_path_the_revision_does_not_have(repo: Path, cli: Cli) -> None:
    write(repo / "drafts" / "other.yaml", forum())
    result = cli("compare", "drafts/other.yaml@HEAD", "drafts/other.yaml")
    assert result.code == 1
    # git's own words follow ours ("path '...' exists on disk, but not in 'HEAD'").
    before, _, after = result.err.partition("'drafts/other.yaml' ")
    assert before == "error: cannot read drafts/other.yaml at revision HEAD: path "
    assert "not in 'HEAD'" in after
    assert after.endswith("; check the path and the revision (git log --oneline -- PATH)\n")


@needs_git
def test_a_revision_that_looks_like_an_option_is_refused(repo: Path, cli: Cli) -> None:
    result = cli("compare", "drafts/forum.yaml@--output=x", "drafts/forum.yaml")
    assert result.code == 2
    assert result.err == (
        "error: revision '--output=x' starts with '-'; name a commit, branch or tag, e.g. "
        "forum.yaml@HEAD~1\n")


def test_an_empty_revision(ws: Path, cli: Cli) -> None:
    write(ws / "new.yaml", forum())
    result = cli("compare", "old.yaml@", "new.yaml")
    assert result.code == 2
    assert result.err == (
        "error: 'old.yaml@' names no revision after '@'; write DRAFT@REV, e.g. "
        "forum.yaml@HEAD~1\n")


@needs_git
def test_a_revision_outside_a_git_repository(ws: Path, cli: Cli) -> None:
    write(ws / "forum.yaml", forum())
    result = cli("compare", "forum.yaml@HEAD", "forum.yaml")
    assert result.code == 1
    assert result.err == (
        "error: forum.yaml: not in a git repository, so it has no revision to read; "
        "DRAFT@REV reads a draft from git history; compare two files instead\n")


def test_a_file_name_with_an_at_sign_is_a_file(ws: Path, cli: Cli) -> None:
    write(ws / "forum@2017.yaml", forum())
    write(ws / "new.yaml", edited(add_libel))
    result = cli("compare", "forum@2017.yaml", "new.yaml", "-f", "md")
    assert result.code == 0
    assert result.err.splitlines()[0] == "compared forum@2017.yaml with new.yaml (en)"


def test_help_lists_compare(cli: Cli) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "compare" in result.out
    result = cli("compare", "--help")
    assert result.code == 0
    assert "DRAFT@REV" in result.out


@needs_git
def test_a_huge_blob_is_refused_at_the_cap_without_reading_it_all(
        repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`git show` was read whole before the cap was checked: a 1 GiB blob cost 2 GB of
    memory and a 2 GiB one ended in exit 70 (MemoryError). Here: a 1 MiB cap, 64 MiB."""
    import tracemalloc

    monkeypatch.setattr("csp_draft.drafts.gitrev.MAX_DRAFT_BYTES", 1 << 20)
    huge = repo / "drafts" / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"title: x\n")
        for _ in range(64):
            handle.write(b"#" * (1 << 20))
    git(repo, "add", "drafts/huge.yaml")
    git(repo, "commit", "-q", "-m", "huge")
    tracemalloc.start()
    try:
        result = cli("compare", "drafts/huge.yaml@HEAD", "drafts/forum.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.code, result.out, result.err) == (
        1, "", "drafts/huge.yaml@HEAD: error: the draft is larger than 1,048,576 bytes\n")
    assert peak < 16 << 20
