"""The derived library index: rebuilt only for changed files, never trusted blindly."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from csp_draft.cli.session import Session
from csp_draft.errors import ValidationFailed
from csp_draft.library import load as library_module
from csp_draft.library.index import schema as schema_module
from csp_draft.library.index import store as index_module
from csp_draft.library.index.cache import index_file
from csp_draft.library.index.schema import APPLICATION_ID
from csp_draft.library.index.store import ClauseIndex
from csp_draft.library.load import IndexedClauses, LibrarySource, load_library
from csp_draft.paths import packaged

LANGS = ("en", "ru")
PAST = time.time() - 3600  # older than the index's "changed moments ago" window


def settle(*paths: Path) -> None:
    """Date files an hour back, as files are that were not just written."""
    for path in paths:
        os.utime(path, (PAST, PAST))


def touch(path: Path, text: str) -> None:
    """Change a file and date it back (but not to the same time as before)."""
    path.write_text(text, encoding="utf-8")
    stamp = PAST + 60
    os.utime(path, (stamp, stamp))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every clause file the library reads (YAML and Jinja parsed), in order."""
    seen: list[Path] = []
    original = library_module.read_clause_file

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "read_clause_file", counting)
    return seen


@pytest.fixture
def lib_dir(write_clause: Callable[..., Path]) -> Path:
    paths = [write_clause("stop-harm"), write_clause("free-press", theme="media"),
             write_clause("open-courts", theme="media")]
    settle(*paths)
    return paths[0].parent.parent


def load(folder: Path, cache: Path | None) -> library_module.Library:
    return load_library([LibrarySource("test", folder)], languages=LANGS, cache=cache)


def test_only_changed_added_and_removed_files_are_read_again(
    lib_dir: Path, tmp_path: Path, reads: list[Path], write_clause: Callable[..., Path]
) -> None:
    cache = tmp_path / "cache"
    first = load(lib_dir, cache)
    assert sorted(first.clauses) == ["free-press", "open-courts", "stop-harm"]
    assert len(reads) == 3

    reads.clear()
    again = load(lib_dir, cache)
    assert reads == []
    assert again.get("stop-harm") == first.get("stop-harm")

    changed = lib_dir / "media" / "free-press.yaml"
    touch(changed, changed.read_text(encoding="utf-8").replace("A test clause", "Free press"))
    added = write_clause("new-one", theme="other")
    settle(added)
    (lib_dir / "media" / "open-courts.yaml").unlink()
    reads.clear()
    updated = load(lib_dir, cache)
    assert sorted(reads) == sorted([changed, added])
    assert updated.get("free-press").title["en"] == "Free press"
    assert "open-courts" not in updated
    assert sorted(updated.clauses) == ["free-press", "new-one", "stop-harm"]

    reads.clear()
    load(lib_dir, cache)
    assert reads == []


def test_a_file_written_moments_ago_is_read_again_next_time(
    write_clause: Callable[..., Path], tmp_path: Path, reads: list[Path]
) -> None:
    path = write_clause("fresh")  # its mtime is now: the same size could change unseen
    load(path.parent, tmp_path / "cache")
    load(path.parent, tmp_path / "cache")
    assert reads == [path, path]
    settle(path)
    load(path.parent, tmp_path / "cache")
    reads.clear()
    load(path.parent, tmp_path / "cache")
    assert reads == []


def test_indexed_clauses_equal_the_files(tmp_path: Path) -> None:
    sources = [LibrarySource("packaged", packaged("clauses"))]
    plain = load_library(sources, languages=LANGS)
    load_library(sources, languages=LANGS, cache=tmp_path)  # builds the index
    indexed = load_library(sources, languages=LANGS, cache=tmp_path)
    assert isinstance(indexed.clauses, IndexedClauses)
    assert list(indexed.clauses) == list(plain.clauses)
    for clause_id, clause in plain.clauses.items():
        assert indexed.clauses[clause_id] == clause


def test_problems_are_reported_again_without_reading_the_files(
    write_clause: Callable[..., Path], tmp_path: Path, reads: list[Path]
) -> None:
    broken = write_clause("a", "id: a\ntitle: [unclosed\n")
    undeclared = write_clause("b", """\
        id: b
        title: T
        kind: recommendation
        topics: [a]
        text: {en: "Free {{ nobody }}"}
        version: "1"
        updated: 2026-11-23
        """)
    first = write_clause("same", theme="x")
    second = write_clause("same", theme="y")
    settle(broken, undeclared, first, second)
    folder = broken.parent.parent

    with pytest.raises(ValidationFailed) as plain:
        load(folder, None)
    expected = [d.format() for d in plain.value.diagnostics]
    assert len(expected) == 3
    for _ in range(2):
        reads.clear()
        with pytest.raises(ValidationFailed) as indexed:
            load(folder, tmp_path / "cache")
        assert [d.format() for d in indexed.value.diagnostics] == expected
    assert reads == []


def test_problems_follow_the_path_the_library_is_reached_by(
    write_clause: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_clause("bad", "id: bad\n")
    settle(path)
    cache = tmp_path / "cache"
    with pytest.raises(ValidationFailed):
        load(path.parent, cache)  # indexed through the absolute path
    monkeypatch.chdir(path.parent.parent)
    with pytest.raises(ValidationFailed) as relative:
        load(Path(path.parent.name), cache)
    assert all(d.location is not None and d.location.path == f"{path.parent.name}/bad.yaml"
               for d in relative.value.diagnostics)


def _index_path(folder: Path, cache: Path) -> Path:
    return index_file(cache, [LibrarySource("test", folder)], LANGS)[0]


def _is_our_index(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


@pytest.mark.parametrize("damage", ["garbage", "foreign", "old-format", "truncated"])
def test_a_damaged_or_foreign_index_is_rebuilt_silently(
    damage: str, lib_dir: Path, tmp_path: Path, reads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)
    target = _index_path(lib_dir, cache)
    if damage == "garbage":
        target.write_bytes(b"not a database at all " * 100)
    elif damage == "truncated":
        target.write_bytes(target.read_bytes()[:1500])
    else:
        target.unlink()
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE files (x)")
            if damage == "old-format":
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute("PRAGMA user_version = 1")
    reads.clear()
    rebuilt = load(lib_dir, cache)
    assert sorted(rebuilt.clauses) == ["free-press", "open-courts", "stop-harm"]
    assert len(reads) == 3
    assert _is_our_index(target)
    reads.clear()
    load(lib_dir, cache)
    assert reads == []


def test_a_malformed_row_is_read_from_the_file_instead(
    lib_dir: Path, tmp_path: Path, reads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    expected = load(lib_dir, cache).get("stop-harm")
    with sqlite3.connect(_index_path(lib_dir, cache)) as db:
        db.execute("UPDATE clauses SET record = ? WHERE file = (SELECT file FROM files "
                   "WHERE clause_id = 'stop-harm')",
                   (json.dumps({"id": ["not", "text"], "title": {"en": 5}}),))
    reads.clear()
    library = load(lib_dir, cache)
    assert library.get("stop-harm") == expected
    assert [path.name for path in reads] == ["stop-harm.yaml"]
    # its seal does not match: that row alone is dropped, and the next command reads the
    # file again and stores it anew
    assert [n.message for n in library.late_notices] == [
        "the library index did not match this file (it was changed outside csp-draft); "
        "the file itself was read"]
    reads.clear()
    assert load(lib_dir, cache).get("stop-harm") == expected
    assert [path.name for path in reads] == ["stop-harm.yaml"]
    reads.clear()
    load(lib_dir, cache).get("stop-harm")
    assert reads == []


def test_the_index_holds_json_and_never_pickles(lib_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)
    with sqlite3.connect(_index_path(lib_dir, cache)) as db:
        for (record,) in db.execute("SELECT record FROM clauses UNION ALL "
                                    "SELECT record FROM shapes"):
            assert isinstance(record, str)
            json.loads(record)
        blobs = db.execute("SELECT count(*) FROM clauses WHERE typeof(record) = 'blob'")
        assert blobs.fetchone()[0] == 0
    # marshal only writes the file listing, which is compared as bytes and never loaded.
    for module in Path(index_module.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "import pickle" not in source and "marshal.load" not in source


def test_cache_folder_has_a_gitignore(lib_dir: Path, tmp_path: Path) -> None:
    load(lib_dir, tmp_path / "cache")
    assert (tmp_path / "cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_an_unusable_cache_folder_means_reading_the_files(lib_dir: Path, tmp_path: Path
                                                          ) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    library = load(lib_dir, blocker / "cache")
    assert library.index is None
    assert sorted(library.clauses) == ["free-press", "open-courts", "stop-harm"]


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Session(start=tmp_path).cache_dir == tmp_path / "xdg" / "csp-draft"
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "csp-draft.yaml").write_text("coalition: C\n")
    assert Session(start=tmp_path / "ws").cache_dir == (tmp_path / "ws").resolve() / (
        ".csp-draft-cache")
    monkeypatch.setenv("CSP_DRAFT_NO_CACHE", "1")
    assert Session(start=tmp_path).cache_dir is None


@pytest.fixture
def packaged_index(tmp_path: Path) -> Iterator[library_module.Library]:
    sources = [LibrarySource("packaged", packaged("clauses"))]
    load_library(sources, languages=LANGS, cache=tmp_path)
    yield load_library(sources, languages=LANGS, cache=tmp_path)


def test_search_uses_fts_and_finds_english_words(
    packaged_index: library_module.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("searched the clauses instead of the index")

    monkeypatch.setattr("csp_draft.library.search.search", no_scan)
    hits = packaged_index.search("defamation")
    assert hits[0].clause.id == "decriminalise-defamation"
    assert hits[0].lang == "en"
    assert all(hit.score > 0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_search_finds_russian_words_in_other_cases(
    packaged_index: library_module.Library
) -> None:
    # The query's genitive plural finds the nominative and other forms by their stem.
    hits = packaged_index.search("правозащитников", limit=40)
    assert hits
    assert any(hit.lang == "ru" and "правозащитник" in hit.snippet.casefold() for hit in hits)
    texts = [hit.clause.text.get("ru", "").casefold() for hit in hits]
    assert any("правозащитники" in text or "правозащитника" in text for text in texts)
    detained = packaged_index.search("задержанными")
    assert any("задержанн" in hit.snippet.casefold() for hit in detained)


def test_search_with_and_without_the_index_find_the_same_clauses(
    packaged_index: library_module.Library
) -> None:
    from csp_draft.library.search import search

    for query in ("defenders", "election observation", "Беларусь", "journalists"):
        indexed = {hit.clause.id for hit in packaged_index.search(query, limit=100)}
        plain = {hit.clause.id for hit in search(
            packaged_index.clauses.values(), query, limit=100,
            folders=[source.path for source in packaged_index.sources])}
        assert indexed == plain, query


def test_search_ranks_ids_titles_and_topics_above_texts(
    packaged_index: library_module.Library
) -> None:
    hits = packaged_index.search("torture", limit=50)
    in_title = [hit for hit in hits if "torture" in hit.clause.title_in("en").casefold()]
    only_text = [hit for hit in hits if hit not in in_title and "torture" not in hit.clause.id
                 and not any("torture" in topic for topic in hit.clause.topics)]
    assert in_title and only_text
    assert min(hit.score for hit in in_title) > max(hit.score for hit in only_text)


def test_an_overridden_clause_is_found_once(
    write_clause: Callable[..., Path], tmp_path: Path
) -> None:
    mine = write_clause("release-defenders")
    settle(mine)
    sources = [LibrarySource("packaged", packaged("clauses")),
               LibrarySource("mine", mine.parent)]
    library = load_library(sources, languages=LANGS, cache=tmp_path)
    hits = library.search("release defenders test clause", limit=100)
    paths = [hit.clause.path for hit in hits]
    assert paths[0] == mine  # the override covers every word of the query
    assert paths.count(mine) == 1
    assert packaged("clauses") / "defenders" / "release-defenders.yaml" not in paths


def test_list_and_search_stay_away_from_heavy_libraries(tmp_path: Path) -> None:
    """The commands a drafter runs all day import neither Jinja, Babel, YAML, DOCX nor
    Markdown machinery, and nothing that unpickles, once the index is warm (`show` prints
    the example rendering stored when the file was indexed)."""
    code = textwrap.dedent("""
        import io, sys
        from contextlib import redirect_stdout
        from csp_draft.cli.main import main
        for args in (["clauses", "list"], ["clauses", "search", "defenders"],
                     ["clauses", "show", "release-defenders"]):
            with redirect_stdout(io.StringIO()):
                assert main(args) == 0
        heavy = ("jinja2", "babel", "docx", "markdown_it", "ruamel", "yaml", "pickle",
                 "pydantic", "rich")
        print(sorted(name for name in sys.modules if name.split(".")[0] in heavy))
    """)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("CSP_DRAFT_NO_CACHE", None)
    warm = subprocess.run([sys.executable, "-c", "from csp_draft.cli.main import main; "
                           "main(['clauses', 'list'])"], env=env, capture_output=True,
                          check=True, cwd=tmp_path)
    assert warm.returncode == 0
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True, cwd=tmp_path)
    assert result.stdout.strip() == "[]"


def test_sync_reports_progress(lib_dir: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    load_library([LibrarySource("test", lib_dir)], languages=LANGS, cache=tmp_path,
                 progress=lambda label, done, total: calls.append((label, done, total)))
    assert calls[-1] == ("indexing clause files", 3, 3)


def test_check_reports_progress_and_renders_every_language(lib_dir: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    library = load(lib_dir, None)
    problems = library_module.check_library(
        library, progress=lambda label, done, total: calls.append((label, done, total)))
    assert problems == []
    assert calls[-1] == ("checking clauses", 3, 3)


def test_the_index_is_not_opened_again_for_every_clause(packaged_index: library_module.Library
                                                        ) -> None:
    assert isinstance(packaged_index.index, ClauseIndex)
    assert packaged_index.index.parsed == 0


def test_show_prints_the_rendering_stored_at_indexing(
    packaged_index: library_module.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csp_draft.library.clause_render import ClauseRenderer

    clause = packaged_index.get("release-defenders")
    exact = {lang: ClauseRenderer().render(clause, lang, clause.example_values())
             for lang in clause.text}

    def no_render(*args: object) -> str:
        raise AssertionError("rendered again")

    assert packaged_index.rendered_examples(clause, list(clause.text), no_render) == exact
    # Code that renders changed (an upgrade, an edit): the stored texts are not used.
    monkeypatch.setattr(schema_module, "_rendering_stamp", lambda: "another version")
    made: list[str] = []

    def render(item: object, lang: str) -> str:
        made.append(lang)
        return exact[lang]

    assert packaged_index.rendered_examples(clause, ["en"], render) == {"en": exact["en"]}
    assert made == ["en"]
    assert packaged_index.rendered_examples(clause, ["en"], no_render) == {"en": exact["en"]}


def test_an_unchanged_library_is_restored_without_comparing_rows(
    lib_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)  # reads the files
    expected = load(lib_dir, cache)  # nothing changed: the assembled library is saved

    def no_sync(*args: object, **kwargs: object) -> None:
        raise AssertionError("compared the files with the index again")

    monkeypatch.setattr(ClauseIndex, "sync", no_sync)
    restored = load(lib_dir, cache)
    assert list(restored.clauses) == list(expected.clauses)
    assert restored.get("free-press") == expected.get("free-press")
    monkeypatch.undo()

    touch(lib_dir / "media" / "free-press.yaml", (lib_dir / "media" / "free-press.yaml")
          .read_text(encoding="utf-8").replace("A test clause", "Changed"))
    assert load(lib_dir, cache).get("free-press").title["en"] == "Changed"


def test_a_malformed_snapshot_is_ignored(lib_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)
    load(lib_dir, cache)
    with sqlite3.connect(_index_path(lib_dir, cache)) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'",
                   (json.dumps({"entries": [["stop-harm", "1", 5, -9]], "notices": []}),))
    assert sorted(load(lib_dir, cache).clauses) == ["free-press", "open-courts", "stop-harm"]


def test_an_unchanged_library_is_restored_from_its_snapshot(
    lib_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = load(lib_dir, cache)
    load(lib_dir, cache)  # nothing changed since: saves the snapshot
    restored: list[object] = []
    real = library_module._restore
    monkeypatch.setattr(library_module, "_restore",
                        lambda *args: restored.append(real(*args)) or restored[-1])
    third = load(lib_dir, cache)
    assert restored and restored[0] is not None
    assert {i: third.clauses[i].path for i in third.clauses} == {
        i: first.clauses[i].path for i in first.clauses}


@pytest.mark.parametrize("entry", [[1, 0, 99], [1, 5, 0], [1, -1, 0], [1, 0, -1],
                                   [1, 0, "0"], [1, "/x.yaml", 0], [1, 0, 0, 2, 0, 1],
                                   [2**63, 0, 0], [-1, 0, 0], [True, 0, 0]])
def test_a_snapshot_pointing_outside_the_scan_is_ignored(lib_dir: Path, tmp_path: Path,
                                                         entry: list[object]) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)
    load(lib_dir, cache)
    with sqlite3.connect(_index_path(lib_dir, cache)) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'",
                   (json.dumps({"ids": ["stop-harm"] * (len(entry) // 3), "rows": entry[::3],
                                "sources": entry[1::3], "files": entry[2::3],
                                "notices": []}),))
    library = load(lib_dir, cache)
    assert sorted(library.clauses) == ["free-press", "open-courts", "stop-harm"]
    assert library.clauses["stop-harm"].path.name == "stop-harm.yaml"


def test_workspace_settings_are_kept_beside_the_index(tmp_path: Path) -> None:
    from csp_draft.workspace import load_workspace

    root = tmp_path / "ws"
    (root / "lib").mkdir(parents=True)
    (root / ".csp-draft-cache").mkdir()
    config = root / "csp-draft.yaml"
    config.write_text("coalition: C\nlanguages: [en, ru, uk]\nclauses: lib\n")
    settle(config)
    first = load_workspace(root)
    assert (root / ".csp-draft-cache" / "workspace.json").is_file()
    code = ("import sys; from pathlib import Path; from csp_draft.workspace import "
            f"load_workspace; w = load_workspace(Path({str(root)!r})); "
            "print(w.languages, w.clauses_dir, 'yaml' in sys.modules)")
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert again.stdout.strip() == f"('en', 'ru', 'uk') {root / 'lib'} False"
    assert load_workspace(root) == first

    touch(config, "coalition: D\nlanguages: [en, ru]\nclauses: lib\n")
    assert load_workspace(root).coalition == "D"


def test_a_link_planted_at_the_settings_temp_file_is_not_followed(tmp_path: Path) -> None:
    from csp_draft.workspace import load_workspace

    root = tmp_path / "ws"
    (root / ".csp-draft-cache").mkdir(parents=True)
    config = root / "csp-draft.yaml"
    config.write_text("coalition: C\n")
    settle(config)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (root / ".csp-draft-cache" / f".workspace.json.{os.getpid()}").symlink_to(victim)

    assert load_workspace(root).coalition == "C"

    assert victim.read_text() == "precious\n"
    saved = json.loads((root / ".csp-draft-cache" / "workspace.json").read_text())
    assert saved["coalition"] == "C"


def test_remembered_folders_are_checked_again(tmp_path: Path) -> None:
    from csp_draft.errors import CspDraftError
    from csp_draft.workspace import load_workspace

    root = tmp_path / "ws"
    (root / ".csp-draft-cache").mkdir(parents=True)
    (root / "clauses").mkdir()
    config = root / "csp-draft.yaml"
    config.write_text("coalition: C\n")
    settle(config)
    assert load_workspace(root).clauses_dir == root / "clauses"
    (root / "clauses").rmdir()
    assert load_workspace(root).clauses_dir is None
    (tmp_path / "elsewhere").mkdir()
    (root / "clauses").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(CspDraftError) as outside:
        load_workspace(root)
    assert "the clauses folder must be inside the workspace" in outside.value.diagnostics[0].message


def test_index_files_unused_for_sixty_days_are_deleted(lib_dir: Path, tmp_path: Path
                                                      ) -> None:
    cache = tmp_path / "cache"
    other_lib = lib_dir / "media"  # another search path, so another index file
    load(other_lib, cache)
    forgotten = _index_path(other_lib, cache)
    recent = cache / "clauses-0123456789abcdef.sqlite3"
    recent.write_bytes(b"")
    not_ours = cache / "notes.sqlite3"
    not_ours.write_bytes(b"")
    long_ago = time.time() - 61 * 24 * 3600
    for path in (forgotten, not_ours):
        os.utime(path, (long_ago, long_ago))

    load(lib_dir, cache)

    assert not forgotten.exists()
    assert recent.exists() and not_ours.exists()


def test_an_index_in_use_is_kept_and_marked_used(lib_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load(lib_dir, cache)
    path = _index_path(lib_dir, cache)
    long_ago = time.time() - 90 * 24 * 3600
    os.utime(path, (long_ago, long_ago))

    library = load(lib_dir, cache)  # reads only: nothing in the file changes

    assert library.index is not None and library.index.parsed == 0
    assert path.exists() and time.time() - path.stat().st_mtime < 60


def test_a_file_name_that_is_not_utf8_is_a_located_error(lib_dir: Path, tmp_path: Path
                                                         ) -> None:
    good = (lib_dir / "test" / "stop-harm.yaml").read_bytes()
    bad = os.path.join(os.fsencode(lib_dir / "media"), b"stop-harm\xff.yaml")
    with open(bad, "wb") as handle:
        handle.write(good)
    with pytest.raises(ValidationFailed) as caught:
        load(lib_dir, tmp_path / "cache")
    (problem,) = caught.value.diagnostics
    assert problem.message == "the file name is not valid UTF-8"
    assert str(problem.location).endswith("media/stop-harm\ufffd.yaml")
    with pytest.raises(ValidationFailed):  # read without the index it fails too
        load(lib_dir, None)
