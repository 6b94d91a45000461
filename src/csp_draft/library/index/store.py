"""A derived index of the clause library: SQLite in a cache folder, with FTS5 for search.

The clause files are the only source of truth. For every clause file the index keeps its
size and ``mtime_ns``, the clause it holds (as JSON) or the problems found in it, and a
full-text row for search; so a command reads and checks only the files that changed, were
added or were removed since the last one. Deleting the cache folder is always safe.

Where it lives: ``.csp-draft-cache/`` in the workspace, else ``$XDG_CACHE_HOME/csp-draft``
(``~/.cache/csp-draft``); one file per search path (the library folders and the languages
that clause texts may use).

Safety: a cache file may come from elsewhere (a workspace folder copied or committed by
mistake), so loading it never runs code and never unmarshals: no pickle, no compiled
templates; marshal only writes the file listing, which is compared as bytes.
Rows hold JSON decoded field by field, every type checked, into the frozen dataclasses of
:mod:`csp_draft.models.data`. A foreign file, an old format, a corrupt page or a malformed row
makes the index rebuild itself from the clause files; it never fails a command.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import marshal
import operator
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from csp_draft import __version__
from csp_draft.errors import Diagnostic, Location
from csp_draft.models.data import (
    Clause,
    ClauseSummary,
    LocalizedText,
    ReferenceCheck,
    VariableSpec,
)
from csp_draft.progress import Progress, every

if TYPE_CHECKING:
    from csp_draft.library.load import LibrarySource, ReadClause
    from csp_draft.library.shapes import Skeleton

FORMAT = 8
APPLICATION_ID = 0x43535044  # "CSPD": tells our index files from other SQLite files
CLAUSE_SUFFIXES = (".yaml", ".yml")
# A file changed less than this long before it was indexed may change again within the same
# mtime tick without its size changing; such files are read again by the next command.
RACY_NS = 2_000_000_000
BUSY_TIMEOUT_S = 10.0
WRITE_BATCH = 500  # changed files read, then written, per transaction
# An index file no command has opened for this long (its library folders moved or were
# deleted, a one-off --library) is deleted when a command next looks in the folder.
UNUSED_FOR_S = 60 * 24 * 3600
MARK_USED_AFTER_S = 24 * 3600  # how stale an index file's mtime may get before a touch
_BY_NAME = operator.attrgetter("name")  # sorts directory entries without a Python call each
_INDEX_NAME = re.compile(r"clauses-[0-9a-f]{16}\.sqlite3")
# Field weights of the full-text ranking: matches in ids, titles and topics count more.
WEIGHT_ID, WEIGHT_TOPICS, WEIGHT_TITLE, WEIGHT_TEXT = 6.0, 4.0, 5.0, 1.0
SNIPPET_TOKENS = 24
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"

# Reads one clause file (path, position of its source): a library.ReadClause.
Loader = Callable[[Path, int], "ReadClause"]


class IndexUnusable(Exception):
    """The index cannot be read or trusted; callers fall back to reading the clause files
    and drop it, so that the next command builds it again."""


class IndexBusy(IndexUnusable):
    """Another command holds the index longer than we wait: read the files this time, but
    keep the index (it is not damaged)."""


def _failure(exc: sqlite3.Error) -> IndexUnusable:
    """The exception a SQLite error becomes: busy (keep the index) or damaged (drop it)."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return IndexBusy(str(exc))
    return IndexUnusable(str(exc))


# A clause file found on disk: (relative path, path, size, mtime_ns). The path is a string
# written as ``str(Path(folder) / relative)`` would be: making ten thousand Path objects on
# every command would take longer than the rest of a search.
Scanned = tuple[str, str, int, int]
# What the index knows of one file after a sync: (path, row, clause id or None, problems).
IndexedFile = tuple[str, int, "str | None", "list[Diagnostic]"]


class IndexHit(NamedTuple):
    """One full-text match: the file row, its score (higher is better), language, snippet."""

    row: int
    score: float
    lang: str
    snippet: str


# --- where the index lives ------------------------------------------------------------------

def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/csp-draft``, or ``~/.cache/csp-draft``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "csp-draft"


def index_file(cache_dir: Path, sources: Sequence[LibrarySource], languages: Sequence[str]
               ) -> tuple[Path, str]:
    """The index file for this search path, and the key stored in it."""
    key = json.dumps({"sources": [os.path.realpath(source.path) for source in sources],
                      "languages": list(languages)}, ensure_ascii=False)
    data = key.encode("utf-8")  # a name, not a check: the key itself is compared on open
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return cache_dir / f"clauses-{digest}.sqlite3", key


def _prepare_cache_dir(cache_dir: Path, keep: str = "") -> None:
    """Create the folder, marked so that git and backup tools leave it alone, and delete
    index files unused for :data:`UNUSED_FOR_S` but ``keep`` (the one about to be used,
    whose modification time says when a command last opened it: see :func:`_mark_used`).

    A repository can carry a cache folder full of symlinks: the folder itself must not be
    a link, links inside it are removed (unlinking never follows them), and the marker
    files are created only where nothing exists yet, without following a link.
    """
    if cache_dir.is_symlink():
        raise OSError(f"{cache_dir} is a symbolic link")
    cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = time.time()
    with os.scandir(cache_dir) as entries:
        for entry in entries:
            if entry.is_symlink():
                os.unlink(entry.path)
            elif entry.name != keep and _INDEX_NAME.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > UNUSED_FOR_S:
                        _remove(Path(entry.path))
    _create_once(cache_dir / ".gitignore",
                 "# Written by csp-draft: a cache, safe to delete, never to commit.\n*\n")
    _create_once(cache_dir / "CACHEDIR.TAG",
                 "Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This folder is a cache made by csp-draft; see https://bford.info/cachedir/\n")


def _mark_used(path: Path) -> None:
    """Keep an index file that commands read but rarely write from looking unused."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > MARK_USED_AFTER_S:
            os.utime(path)


def _create_once(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _remove(path: Path) -> None:
    for victim in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            victim.unlink()


# --- finding clause files -------------------------------------------------------------------

def scan_clause_files(folder: Path) -> list[Scanned]:
    """YAML files below ``folder`` in the order :func:`os.walk` with sorted names gives them.

    Hidden files and folders and symlinks are skipped, as in library.clause_files. Folders
    are read through descriptors, so that each file's stat needs no path lookup.
    """
    found: list[Scanned] = []
    base = str(folder)
    try:
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return found
    try:
        _scan(fd, "" if base == "." else base.rstrip("/") + "/", "", found)
    finally:
        os.close(fd)
    return found


def _scan(fd: int, shown: str, prefix: str, found: list[Scanned]) -> None:
    """``shown``: how paths below the folder are written, with its trailing slash."""
    try:
        with os.scandir(fd) as it:
            entries = sorted(it, key=_BY_NAME)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if name[0] != "." and not entry.is_symlink():
                subfolders.append(name)
        elif name.endswith(CLAUSE_SUFFIXES) and name[0] != "." and not entry.is_symlink():
            try:
                info = entry.stat(follow_symlinks=False)
                found.append((prefix + name, shown + name, info.st_size, info.st_mtime_ns))
            except OSError:  # vanished: the loader reports it
                found.append((prefix + name, shown + name, -1, -1))
    for name in subfolders:
        try:
            sub = os.open(name, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                          | getattr(os, "O_NOFOLLOW", 0), dir_fd=fd)
        except OSError:
            continue
        try:
            _scan(sub, shown + name + "/", prefix + name + "/", found)
        finally:
            os.close(sub)


# --- the index ------------------------------------------------------------------------------

class ClauseIndex:
    """One index file, open for the life of the command."""

    def __init__(self, path: Path, db: sqlite3.Connection, languages: Sequence[str],
                 fts: bool) -> None:
        self.path = path
        self.db = db
        self.languages = tuple(languages)
        self.fts = fts
        self.parsed = 0  # files read and checked by the last sync (for tests and benchmarks)
        self.changed = False  # whether the last sync updated anything
        self._renderer: Any = None

    @classmethod
    def open(cls, cache_dir: Path, sources: Sequence[LibrarySource], languages: Sequence[str]
             ) -> ClauseIndex | None:
        """The index for this search path, created or rebuilt as needed; None when the cache
        folder cannot be used (read-only, full): commands then read the clause files."""
        path, key = index_file(cache_dir, sources, languages)
        try:
            _prepare_cache_dir(cache_dir, keep=path.name)
        except OSError:
            return None
        for _attempt in range(2):
            db = None
            try:
                db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
                fts = _open_schema(db, key, languages)
                _mark_used(path)
                return cls(path, db, languages, fts)
            except (sqlite3.Error, IndexUnusable, OSError, ValueError) as exc:
                if db is not None:
                    with contextlib.suppress(sqlite3.Error):
                        db.close()
                failure = _failure(exc) if isinstance(exc, sqlite3.Error) else exc
                if isinstance(failure, IndexBusy):
                    return None  # another command is writing it: read the files this time
                _remove(path)
        return None

    def discard(self) -> None:
        """Forget a broken index: the next command builds a new one."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        _remove(self.path)

    # -- keeping it up to date ---------------------------------------------------------------

    def scan(self, sources: Sequence[LibrarySource]) -> tuple[list[list[Scanned]], bytes]:
        """The clause files of every source, and a listing of them to compare with the one
        the last command saw (see :meth:`snapshot`).

        The listing is only ever compared byte for byte, never loaded; marshal writes it
        five times faster than json. Version 2 of its format has no back-references, so
        equal scans give equal bytes.
        """
        scans = [scan_clause_files(source.path) for source in sources]
        return scans, marshal.dumps(scans, 2)

    def snapshot(self, listing: bytes) -> str | None:
        """What the library code saved after a command that found nothing to update
        (:meth:`save_snapshot`), if the files are listed exactly as they were then; it
        spares the next command comparing ten thousand rows and rebuilding the same map."""
        try:
            found = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN "
                                         "('listing', 'snapshot')").fetchall())
        except sqlite3.Error:
            return None
        if found.get("listing") != listing:
            return None
        snapshot = found.get("snapshot")
        return snapshot if isinstance(snapshot, str) else None

    def save_snapshot(self, listing: bytes, snapshot: str) -> None:
        """Remember the library built from this listing; never fails the command."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                    [("listing", listing), ("snapshot", snapshot)])
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")

    def sync(self, sources: Sequence[LibrarySource], loader: Loader,
             progress: Progress | None = None, scans: list[list[Scanned]] | None = None
             ) -> list[list[IndexedFile]]:
        """Bring the index up to date with the files; per source, its files in walk order.

        Changed files are read in batches, each written in a short transaction: memory stays
        flat, other commands wait at most one batch, and an interrupted build keeps what it
        has done. ``self.changed`` tells whether anything was updated.
        """
        started = time.time_ns()
        if scans is None:
            scans = [scan_clause_files(source.path) for source in sources]
        known: list[dict[str, tuple[Any, ...]]] = [{} for _ in sources]
        gone: list[int] = []
        try:
            for row in self.db.execute("SELECT source, rel, file, size, mtime_ns, clause_id, "
                                       "problems FROM files"):
                position = row[0]
                if isinstance(position, int) and 0 <= position < len(known):
                    known[position][row[1]] = row[2:]
                else:
                    gone.append(row[2])
        except sqlite3.Error as exc:
            raise _failure(exc) from exc
        changed: list[tuple[int, Scanned]] = []
        for position, scan in enumerate(scans):
            here = known[position]
            seen = set()
            for found in scan:
                rel = found[0]
                seen.add(rel)
                row = here.get(rel)
                if row is None or row[1] != found[2] or row[2] != found[3]:
                    changed.append((position, found))
            gone.extend(row[0] for rel, row in here.items() if rel not in seen)

        fresh: list[dict[str, tuple[int, str | None, list[Diagnostic]]]] = [{} for _ in sources]
        tick = every(progress, "indexing clause files", len(changed))
        if gone and not changed:
            self._write([], gone, known, started)
        for start in range(0, len(changed), WRITE_BATCH):
            batch = []
            for done, (position, found) in enumerate(changed[start:start + WRITE_BATCH],
                                                     start + 1):
                batch.append((position, found, loader(Path(found[1]), position)))
                tick(done)
            rows = self._write(batch, gone if start == 0 else [], known, started)
            for (position, found, read), row in zip(batch, rows, strict=True):
                fresh[position][found[0]] = (row, read.clause.id if read.clause else None,
                                             read.problems)
        self.parsed = len(changed)
        self.changed = bool(changed or gone)

        result: list[list[IndexedFile]] = []
        for position, scan in enumerate(scans):
            here, new = known[position], fresh[position]
            files: list[IndexedFile] = []
            for rel, path, _size, _mtime in scan:
                entry = new.get(rel)
                if entry is not None:
                    files.append((path, *entry))
                    continue
                row, _, _, clause_id, problems = here[rel]
                if problems is not None:
                    if not isinstance(problems, str):
                        raise IndexUnusable("bad problems record")
                    files.append((path, row, clause_id, decode_diagnostics(problems, path)))
                elif clause_id is None or isinstance(clause_id, str):
                    files.append((path, row, clause_id, []))
                else:
                    raise IndexUnusable("bad clause id")
            result.append(files)
        return result

    def _write(self, batch: list[tuple[int, Scanned, ReadClause]], gone: list[int],
               known: list[dict[str, tuple[Any, ...]]], started: int) -> list[int]:
        """Store one batch of freshly read files (and forget removed ones); their rows."""
        rows: list[int] = []
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM meta WHERE key IN ('listing', 'snapshot')")
            for row in gone:
                self._forget(row)
                db.execute("DELETE FROM files WHERE file = ?", (row,))
            for position, (rel, path, size, mtime), (clause, problems, skeletons) in batch:
                # A file written moments ago may change again unseen: read it again next time.
                racy = mtime >= started - RACY_NS
                values = (size, -1 if racy else mtime, clause.id if clause else None,
                          encode_diagnostics(problems, path) if problems else None)
                old = known[position].get(rel)
                if old is not None:
                    row = old[0]
                    self._forget(row)
                    db.execute("UPDATE files SET size = ?, mtime_ns = ?, clause_id = ?, "
                               "problems = ? WHERE file = ?", (*values, row))
                else:
                    cursor = db.execute("INSERT INTO files (source, rel, size, mtime_ns, "
                                        "clause_id, problems) VALUES (?, ?, ?, ?, ?, ?)",
                                        (position, rel, *values))
                    row = int(cursor.lastrowid or 0)
                if clause is not None:
                    record = encode_clause(clause)
                    db.execute("INSERT INTO clauses (file, record) VALUES (?, ?)",
                               (row, record))
                    self._insert_examples(row, clause, record, skeletons)
                    if skeletons:
                        db.execute("INSERT INTO shapes (file, record) VALUES (?, ?)",
                                   (row, json.dumps({lang: skeleton.to_record() for
                                                     lang, skeleton in skeletons.items()},
                                                    ensure_ascii=False, separators=(",", ":"))))
                    if self.fts:
                        self._insert_fts(row, clause)
                rows.append(row)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise _failure(exc) from exc
        return rows

    def _forget(self, row: int) -> None:
        self.db.execute("DELETE FROM clauses WHERE file = ?", (row,))
        self.db.execute("DELETE FROM shapes WHERE file = ?", (row,))
        self.db.execute("DELETE FROM examples WHERE file = ?", (row,))
        if self.fts:
            self.db.execute("DELETE FROM fts WHERE rowid = ?", (row,))

    def _insert_examples(self, row: int, clause: Clause, record: str,
                         skeletons: dict[str, Skeleton]) -> None:
        """Render the clause's texts with its example values now, while the file is being
        indexed anyway, so that `clauses show` needs neither Jinja nor Babel."""
        if self._renderer is None:
            from csp_draft.library.clause_render import ClauseRenderer

            self._renderer = ClauseRenderer(share_shapes=True)
        rendered = self._renderer.render_shared(skeletons, clause, clause.example_values())
        if rendered is None:  # a text without a skeleton, or one that fails: show renders it
            return
        for lang, text in rendered.items():
            self.db.execute("INSERT OR REPLACE INTO examples (file, lang, key, text) "
                            "VALUES (?, ?, ?, ?)", (row, lang, example_key(record, lang), text))

    def example(self, row: int, clause: Clause, lang: str) -> str | None:
        """The stored rendering of ``clause``'s text in ``lang``, if it is still valid."""
        try:
            found = self.db.execute("SELECT key, text FROM examples WHERE file = ? AND "
                                    "lang = ?", (row, lang)).fetchone()
        except sqlite3.Error:
            return None
        if found is None or found[0] != example_key(encode_clause(clause), lang) or (
                not isinstance(found[1], str)):
            return None
        return found[1]

    def remember_example(self, row: int, clause: Clause, lang: str, text: str) -> None:
        """Store a rendering made by `clauses show`; never fails the command."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("INSERT OR REPLACE INTO examples (file, lang, key, text) "
                            "VALUES (?, ?, ?, ?)",
                            (row, lang, example_key(encode_clause(clause), lang), text))

    def _insert_fts(self, row: int, clause: Clause) -> None:
        from csp_draft.library.search import plain_text

        # keywords and legal bases only find candidates; search.py scores them itself
        extra = [word for words in clause.keywords.values() for word in words]
        extra += [ref if isinstance(ref, str) else " ".join(ref.values())
                  for ref in clause.legal_basis]
        values: list[Any] = [row, clause.id.replace("-", " "),
                             " ".join([topic.replace("-", " ") for topic in clause.topics]
                                      + extra)]
        for lang in self.languages:
            values.append(clause.title.get(lang))
            text = clause.text.get(lang)
            values.append(plain_text(text) if text is not None else None)
        marks = ", ".join("?" * len(values))
        self.db.execute(f"INSERT INTO fts (rowid, {_fts_columns(self.languages)}) "
                        f"VALUES ({marks})", values)

    # -- reading clauses ---------------------------------------------------------------------

    def clause(self, row: int, path: Path, library: str) -> Clause:
        """The clause stored for file ``row`` (found at ``path``)."""
        try:
            found = self.db.execute("SELECT record FROM clauses WHERE file = ?",
                                    (row,)).fetchone()
        except sqlite3.Error as exc:
            raise _failure(exc) from exc
        if found is None or not isinstance(found[0], str):
            raise IndexUnusable(f"no clause stored for {path}")
        return decode_clause(found[0], path, library)

    def clause_texts(self, rows: Iterable[int], table: str = "clauses") -> dict[int, str]:
        """The stored JSON of many clauses (or of their skeletons, ``table="shapes"``)."""
        wanted = list(dict.fromkeys(rows))
        found: dict[int, str] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                for row, text in self.db.execute(
                        f"SELECT file, record FROM {_TABLES[table]} WHERE file IN ({marks})",
                        chunk):
                    if isinstance(text, str):
                        found[row] = text
        except sqlite3.Error as exc:
            raise _failure(exc) from exc
        return found

    # -- search ------------------------------------------------------------------------------

    def search(self, match: str, accept: Callable[[int], bool], limit: int, *,
               snippets: bool = True) -> list[IndexHit]:
        """Rows matching the FTS5 query ``match``, best first, ``accept``-ed ones only;
        without ``snippets``, each hit's language and snippet are empty."""
        if not self.fts:
            raise IndexUnusable("this SQLite has no FTS5")
        weights = [WEIGHT_ID, WEIGHT_TOPICS]
        for _lang in self.languages:
            weights += [WEIGHT_TITLE, WEIGHT_TEXT]
        chosen: list[tuple[int, float]] = []
        try:
            cursor = self.db.execute(
                f"SELECT fts.rowid, bm25(fts, {', '.join(map(str, weights))}) AS score "
                "FROM fts JOIN files ON files.file = fts.rowid WHERE fts MATCH ? "
                "ORDER BY score, files.clause_id", (match,))
            for row, score in cursor:
                if accept(row):
                    chosen.append((row, -float(score)))
                    if len(chosen) >= limit:
                        break
            cursor.close()
            if not chosen or not snippets:
                return [IndexHit(row, score, "", "") for row, score in chosen]
            snippets = ", ".join(
                f"snippet(fts, {3 + 2 * i}, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', "
                f"{SNIPPET_TOKENS})" for i in range(len(self.languages)))
            marks = ", ".join("?" * len(chosen))
            found = self.db.execute(
                f"SELECT rowid, {snippets} FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                (match, *[row for row, _ in chosen])).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc).lower() and "syntax" in str(exc).lower():
                return []  # a query FTS5 cannot read (the caller built it from words only)
            raise _failure(exc) from exc
        except sqlite3.Error as exc:
            raise _failure(exc) from exc
        by_row = {entry[0]: entry[1:] for entry in found}
        hits = []
        for row, score in chosen:
            lang, text = self._best_snippet(by_row.get(row, ()))
            hits.append(IndexHit(row, score, lang, text))
        return hits

    def _best_snippet(self, snippets: Sequence[Any]) -> tuple[str, str]:
        """The first language whose text matched, else the first that has text."""
        first: tuple[str, str] | None = None
        for lang, snippet in zip(self.languages, snippets, strict=False):
            if not isinstance(snippet, str) or not snippet:
                continue
            plain = " ".join(snippet.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "").split())
            if _MARK_OPEN in snippet:
                return lang, plain
            if first is None:
                first = (lang, plain)
        return first or ("", "")


_TABLES = {"clauses": "clauses", "shapes": "shapes"}
# What a stored rendering depends on besides the clause: the code that renders.
_RENDERING_CODE = ("sandbox/environment.py", "i18n.py", "markdown/escape.py",
                   "library/clause_render.py", "library/shapes.py", "models/data.py")


def example_key(record: str, lang: str) -> str:
    """Ties a stored rendering to the clause record, the language and the rendering code."""
    data = f"{_rendering_stamp()}\0{lang}\0{record}".encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


@functools.cache
def _rendering_stamp() -> str:
    """Version and file dates of what renders clause texts (csp-draft, Jinja, Babel): a
    change to any of them makes every stored rendering stale."""
    import importlib.util

    package = Path(__file__).parents[2]
    files = [package / name for name in _RENDERING_CODE]
    for package in ("jinja2", "babel", "markupsafe"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    stamps = [__version__]
    for path in files:
        try:
            info = path.stat()
            stamps.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append("-")
    return "|".join(stamps)


def decode_skeletons(text: str) -> dict[str, Skeleton]:
    """Stored skeletons of a clause's texts, by language."""
    from csp_draft.library.shapes import Skeleton

    try:
        return {_str(lang): Skeleton.from_record(record)
                for lang, record in _dict(json.loads(text)).items()}
    except (ValueError, TypeError) as exc:
        raise IndexUnusable(f"malformed skeletons: {exc}") from None


def _fts_columns(languages: Sequence[str]) -> str:
    columns = ["id", "topics"]
    for i in range(len(languages)):
        columns += [f"title_{i}", f"text_{i}"]
    return ", ".join(columns)


def _open_schema(db: sqlite3.Connection, key: str, languages: Sequence[str]) -> bool:
    """Check (or create) the schema; True when full-text search is available."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    user_version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id == 0 and user_version == 0:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise IndexUnusable("not an index of csp-draft")
        _create_schema(db, key, languages)
    elif app_id != APPLICATION_ID or user_version != FORMAT:
        raise IndexUnusable("another format")
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('key', 'version', "
                           "'fts')").fetchall())
    if meta.get("key") != key or meta.get("version") != __version__:
        raise IndexUnusable("made for another search path or csp-draft version")
    return meta.get("fts") == "1"


def _create_schema(db: sqlite3.Connection, key: str, languages: Sequence[str]) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] == FORMAT:
            db.execute("ROLLBACK")  # another command created it meanwhile
            return
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        # What a sync reads on every command stays narrow; clause records live apart.
        db.execute("CREATE TABLE files (file INTEGER PRIMARY KEY, source INTEGER NOT NULL, "
                   "rel TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
                   "clause_id TEXT, problems TEXT, UNIQUE (source, rel))")
        db.execute("CREATE TABLE clauses (file INTEGER PRIMARY KEY, record TEXT NOT NULL)")
        db.execute("CREATE TABLE shapes (file INTEGER PRIMARY KEY, record TEXT NOT NULL)")
        # Each text rendered with its example values, for `clauses show`; ``key`` ties it to
        # the clause record and to the code that rendered it (see example_key).
        db.execute("CREATE TABLE examples (file INTEGER NOT NULL, lang TEXT NOT NULL, "
                   "key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (file, lang))")
        try:
            db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({_fts_columns(languages)}, "
                       "tokenize = 'unicode61 remove_diacritics 0')")
            fts = True
        except sqlite3.OperationalError:  # SQLite built without FTS5: search reads clauses
            fts = False
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                       [("key", key), ("version", __version__), ("fts", "1" if fts else "0")])
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {FORMAT}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


# --- clauses and diagnostics as JSON --------------------------------------------------------

def encode_clause(clause: Clause) -> str:
    """The clause as JSON (its path and library come from where the file is found)."""
    record = {
        "id": clause.id,
        "title": dict(clause.title),
        "kind": clause.kind,
        "topics": list(clause.topics),
        "addressees": list(clause.addressees),
        "variables": [_spec_record(spec) for spec in clause.variables.values()],
        "text": dict(clause.text),
        "text_lines": dict(clause.text_lines),
        "legal_basis": [dict(item) if isinstance(item, LocalizedText) else item
                        for item in clause.legal_basis],
        "legal_checks": [None if check is None else [check.on.isoformat(), check.source,
                                                     check.read]
                         for check in clause.legal_checks],
        "legal_lines": list(clause.legal_lines),
        "sources": list(clause.sources),
        "keywords": {lang: list(words) for lang, words in clause.keywords.items()},
        "version": clause.version,
        "updated": clause.updated.isoformat() if clause.updated else None,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _spec_record(spec: VariableSpec) -> dict[str, Any]:
    record: dict[str, Any] = {"name": spec.name, "type": spec.type}
    if spec.required:
        record["required"] = True
    if spec.default is not None:
        record["default"] = _value_record(spec, spec.default)
    if spec.help:
        record["help"] = spec.help
    if spec.example is not None:
        record["example"] = _value_record(spec, spec.example)
    if spec.choices:
        record["choices"] = list(spec.choices)
    if spec.fields:
        record["fields"] = [_spec_record(field) for field in spec.fields]
    if spec.location is not None:
        record["at"] = [spec.location.line, spec.location.column]
    return record


def _value_record(spec: VariableSpec, value: Any) -> Any:
    if value is None:
        return None
    kind = spec.type
    if kind == "date":
        return value.isoformat()
    if kind in ("string", "text"):
        return dict(value) if isinstance(value, LocalizedText) else value
    if kind == "list":
        return [dict(item) if isinstance(item, LocalizedText) else item for item in value]
    if kind == "records":
        records = []
        for record in value:
            encoded = {}
            for name, item in record.items():
                field = spec.field(name)
                encoded[name] = _value_record(field, item) if field else item
            records.append(encoded)
        return records
    return value  # number, boolean, choice


def decode_clause(text: str, path: Path, library: str) -> Clause:
    """The clause stored as ``text``; any unexpected shape raises :class:`IndexUnusable`.

    Called ten thousand times by `clauses check`, so the checks are done in bulk (JSON
    gives only dicts, lists, strings, numbers, booleans and None; object keys are strings).
    """
    try:
        record = json.loads(text)
        where = str(path)
        updated = record["updated"]
        text_lines = _dict(record["text_lines"])
        if _kinds(text_lines.values()) - {int}:
            raise IndexUnusable("bad line numbers")
        return Clause(
            id=_str(record["id"]),
            title=LocalizedText(_str_map(record["title"])),
            kind=_str(record["kind"]),
            topics=_strings(record["topics"]),
            addressees=_strings(record["addressees"]),
            variables={spec.name: spec for spec in
                       (_spec(item, where) for item in _list(record["variables"]))},
            text=_str_map(record["text"]),
            legal_basis=tuple(LocalizedText(_str_map(item)) if isinstance(item, dict)
                              else _str(item) for item in _list(record["legal_basis"])),
            sources=_strings(record["sources"]),
            version=_str(record["version"]),
            updated=None if updated is None else dt.date.fromisoformat(_str(updated)),
            path=path,
            text_lines=text_lines,
            library=library,
            keywords={lang: _strings(words)
                      for lang, words in _dict(record["keywords"]).items()},
            legal_checks=tuple(_reference_check(item) for item in _list(record["legal_checks"])),
            legal_lines=_ints(record["legal_lines"]),
        )
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise IndexUnusable(f"malformed clause record: {exc}") from None


def _reference_check(item: Any) -> ReferenceCheck | None:
    if item is None:
        return None
    on, source, read = _list(item)
    return ReferenceCheck(on=dt.date.fromisoformat(_str(on)), source=_str(source),
                          read=_str(read))


def _ints(value: Any) -> tuple[int, ...]:
    items = tuple(_list(value))
    if _kinds(items) - {int}:
        raise IndexUnusable("bad line numbers")
    return items


def decode_summary(text: str, path: str, library: str) -> ClauseSummary:
    """What a listing shows of the clause stored as ``text``, without building the clause
    (its variables, texts and references); :class:`IndexUnusable` on any unexpected shape."""
    try:
        record = json.loads(text)
        return ClauseSummary(
            id=_str(record["id"]),
            title=LocalizedText(_str_map(record["title"])),
            kind=_str(record["kind"]),
            topics=_strings(record["topics"]),
            addressees=_strings(record["addressees"]),
            languages=tuple(_str_map(record["text"])),
            library=library,
            path=path,
        )
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise IndexUnusable(f"malformed clause record: {exc}") from None


def _spec(record: Any, where: str) -> VariableSpec:
    record = _dict(record)
    kind = _str(record["type"])
    fields = tuple(_spec(item, where) for item in _list(record["fields"])) if (
        "fields" in record) else ()
    at = record.get("at")
    location = None
    if at is not None:
        line, column = _list(at)
        if _kinds((line, column)) - {int}:
            raise IndexUnusable("bad location")
        location = Location(where, line, column)
    required = record.get("required", False)
    if type(required) is not bool:
        raise IndexUnusable("bad required")
    default, example = record.get("default"), record.get("example")
    return VariableSpec(
        name=_str(record["name"]), type=kind, required=required,
        default=None if default is None else _value(kind, fields, default),
        help=_str(record.get("help", "")),
        example=None if example is None else _value(kind, fields, example),
        choices=_strings(record["choices"]) if "choices" in record else (),
        fields=fields, location=location,
    )


def _value(kind: str, fields: tuple[VariableSpec, ...], raw: Any) -> Any:
    """A value of a variable of type ``kind`` (with these record fields), as stored."""
    if raw is None:
        return None
    if kind in ("string", "text", "choice"):
        if kind != "choice" and type(raw) is dict:
            return LocalizedText(_str_map(raw))
        return _str(raw)
    if kind == "date":
        return dt.date.fromisoformat(_str(raw))
    if kind == "number":
        if type(raw) not in (int, float):
            raise IndexUnusable("bad number")
        return raw
    if kind == "boolean":
        if type(raw) is not bool:
            raise IndexUnusable("bad boolean")
        return raw
    if kind == "list":
        return [LocalizedText(_str_map(item)) if type(item) is dict else _str(item)
                for item in _list(raw)]
    if kind == "records":
        by_name = {field.name: field for field in fields}
        records = []
        for record in _list(raw):
            decoded: dict[str, Any] = {}
            for name, item in _dict(record).items():
                field = by_name.get(name)
                if field is None:
                    raise IndexUnusable("record field without a spec")
                decoded[name] = _value(field.type, field.fields, item)
            records.append(decoded)
        return records
    raise IndexUnusable(f"unknown variable type {kind!r}")


def _kinds(values: Iterable[Any]) -> set[type]:
    return set(map(type, values))


def _str(value: Any) -> str:
    if type(value) is not str:
        raise IndexUnusable("expected text")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise IndexUnusable("expected an integer")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise IndexUnusable("expected a list")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise IndexUnusable("expected a mapping")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if _kinds(_list(value)) - {str}:
        raise IndexUnusable("expected a list of text")
    return tuple(value)


def _str_map(value: Any) -> dict[str, str]:
    if _kinds(_dict(value).values()) - {str}:
        raise IndexUnusable("expected a mapping of text")
    return value


def encode_diagnostics(diagnostics: Sequence[Diagnostic], path: Path | str) -> str:
    """Problems of one file as JSON; locations in the file itself are stored without its
    path, so they follow the file when the library is reached by another path."""
    here = str(path)
    records = []
    for diagnostic in diagnostics:
        record: dict[str, Any] = {"message": diagnostic.message, "hint": diagnostic.hint,
                                  "severity": diagnostic.severity}
        location = diagnostic.location
        if location is not None:
            record["at"] = [location.line, location.column]
            if location.path != here:
                record["path"] = location.path
        records.append(record)
    return json.dumps(records, ensure_ascii=False, separators=(",", ":"))


def decode_diagnostics(text: str, path: Path | str) -> list[Diagnostic]:
    try:
        result = []
        for record in _list(json.loads(text)):
            record = _dict(record)
            location = None
            if "at" in record:
                line, column = _list(record["at"])
                location = Location(_str(record.get("path", str(path))), _int(line), _int(column))
            result.append(Diagnostic(location, _str(record["message"]), _str(record["hint"]),
                                     _str(record["severity"])))
        return result
    except IndexUnusable:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexUnusable(f"malformed problems record: {exc}") from None
