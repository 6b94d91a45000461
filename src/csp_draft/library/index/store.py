"""A derived index of the clause library: SQLite in a cache folder, with FTS5 for search.

The clause files are the only source of truth. For every clause file the index keeps its
size and ``mtime_ns``, the clause it holds (as JSON) or the problems found in it, and a
full-text row for search; so a command reads and checks only the files that changed, were
added or were removed since the last one. Deleting the cache folder is always safe.

The package's other modules: :mod:`.cache` (where index files live), :mod:`.scan` (finding
clause files), :mod:`.schema` (the tables), :mod:`.codec` (rows as JSON, checked on the way
in).

Safety: a cache file may come from elsewhere (a workspace folder copied or committed by
mistake), so loading it never runs code and never unmarshals: no pickle, no compiled
templates; marshal only writes the file listing, which is compared as bytes.
Rows hold JSON decoded field by field, every type checked, into the frozen dataclasses of
:mod:`csp_draft.models.data`. A foreign file, an old format, a corrupt page or a malformed row
makes the index rebuild itself from the clause files; it never fails a command. Every row a
command uses instead of a file is sealed with a key kept outside the workspace
(:mod:`.seal`): a row edited by anyone else is dropped and its file read again.

Over 400 lines for one reason: :class:`ClauseIndex` is one connection and the transactions
that keep its tables consistent with each other (files, clauses, shapes, examples, fts);
its methods share that discipline and read best together.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from csp_draft.errors import Diagnostic
from csp_draft.library.index.cache import (
    index_file,
    mark_used,
    prepare_cache_dir,
    remove,
    user_cache_dir,
)
from csp_draft.library.index.codec import (
    IndexBusy,
    IndexUnusable,
    decode_diagnostics,
    encode_clause,
    encode_diagnostics,
    plain_text,
)
from csp_draft.library.index.scan import LibrarySource, ReadClause, Scanned, scan_clause_files
from csp_draft.library.index.schema import example_key, example_slot, fts_columns, open_schema
from csp_draft.library.index.seal import Seal, content_digest, load_seal
from csp_draft.models.data import Clause
from csp_draft.progress import Progress, every

if TYPE_CHECKING:
    from csp_draft.library.shapes import Skeleton

# A file changed less than this long before it was indexed may change again within the same
# mtime tick without its size changing; such files are read again by the next command.
RACY_NS = 2_000_000_000
BUSY_TIMEOUT_S = 10.0
WRITE_BATCH = 500  # changed files read, then written, per transaction
# Field weights of the full-text ranking: matches in ids, titles and topics count more.
WEIGHT_ID, WEIGHT_TOPICS, WEIGHT_TITLE, WEIGHT_TEXT = 6.0, 4.0, 5.0, 1.0
SNIPPET_TOKENS = 24
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


# Reads one clause file (path, position of its source).
Loader = Callable[[Path, int], ReadClause]


def _failure(exc: sqlite3.Error) -> IndexUnusable:
    """The exception a SQLite error becomes: busy (keep the index) or damaged (drop it)."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return IndexBusy(str(exc))
    if isinstance(exc, sqlite3.IntegrityError):
        # Another command wrote the rows this one was about to write (two first builds at
        # once, each having listed the files before the other committed): the index is
        # sound, this command's view of it is stale. Dropping it here left no index at all.
        return IndexBusy(str(exc))
    return IndexUnusable(str(exc))


# What the index knows of one file after a sync: (path, row, clause id or None, problems).
IndexedFile = tuple[str, int, "str | None", "list[Diagnostic]"]


class IndexHit(NamedTuple):
    """One full-text match: the file row, its score (higher is better), language, snippet."""

    row: int
    score: float
    lang: str
    snippet: str




class ClauseIndex:
    """One index file, open for the life of the command."""

    def __init__(self, path: Path, db: sqlite3.Connection, languages: Sequence[str],
                 fts: bool, seal: Seal) -> None:
        self.path = path
        self.db = db
        self.languages = tuple(languages)
        self.fts = fts
        self.seal = seal
        # Rows whose seal did not match (edited outside csp-draft), and the files whose
        # listing row did not: each is read from its file, with a notice.
        self.rejected: set[int] = set()
        self.mismatched: list[str] = []
        self.parsed = 0  # files read and checked by the last sync (for tests and benchmarks)
        self.changed = False  # whether the last sync updated anything
        self._renderer: Any = None

    @classmethod
    def open(cls, cache_dir: Path, sources: Sequence[LibrarySource], languages: Sequence[str]
             ) -> ClauseIndex | None:
        """The index for this search path, created or rebuilt as needed; None when the cache
        folder cannot be used (read-only, full): commands then read the clause files."""
        path, key = index_file(cache_dir, sources, languages)
        seal = load_seal(user_cache_dir())
        if seal is None:
            return None  # no key of the user's own: an index could not be checked
        try:
            prepare_cache_dir(cache_dir, keep=path.name)
        except OSError:
            return None
        for _attempt in range(2):
            db = None
            try:
                db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
                fts = open_schema(db, key, languages, seal)
                mark_used(path)
                return cls(path, db, languages, fts, seal)
            except (sqlite3.Error, IndexUnusable, OSError, ValueError) as exc:
                if db is not None:
                    with contextlib.suppress(sqlite3.Error):
                        db.close()
                failure = _failure(exc) if isinstance(exc, sqlite3.Error) else exc
                if isinstance(failure, IndexBusy):
                    return None  # another command is writing it: read the files this time
                remove(path)
        return None

    def discard(self) -> None:
        """Forget a broken index: the next command builds a new one."""
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        remove(self.path)

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
                                         "('listing', 'snapshot', 'seal')").fetchall())
        except sqlite3.Error:
            return None
        if found.get("listing") != listing:
            return None
        snapshot = found.get("snapshot")
        if not isinstance(snapshot, str) or not self.seal.check(
                found.get("seal"), "snapshot", content_digest(listing), snapshot):
            return None
        return snapshot

    def save_snapshot(self, listing: bytes, snapshot: str) -> None:
        """Remember the library built from this listing; never fails the command."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    [("listing", listing), ("snapshot", snapshot),
                     ("seal", self.seal.sign("snapshot", content_digest(listing), snapshot))])
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
                                       "problems, digest, mac FROM files"):
                position = row[0]
                if isinstance(position, int) and 0 <= position < len(known):
                    known[position][row[1]] = row[2:]
                else:
                    gone.append(row[2])
        except sqlite3.Error as exc:
            raise _failure(exc) from exc
        changed: list[tuple[int, Scanned]] = []
        check = self.seal.check
        for position, scan in enumerate(scans):
            here = known[position]
            seen = set()
            for found in scan:
                rel = found[0]
                seen.add(rel)
                row = here.get(rel)
                if row is None or row[1] != found[2] or row[2] != found[3]:
                    changed.append((position, found))
                elif not check(row[6], "files", position, rel, *row[1:6]):
                    changed.append((position, found))  # edited outside csp-draft
                    self.mismatched.append(found[1])
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
                row, _, _, clause_id, problems, _, _ = here[rel]
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
            sign = self.seal.sign
            for position, (rel, path, size, mtime), read in batch:
                clause, problems, skeletons, digest = read
                # A file written moments ago may change again unseen: read it again next time.
                racy = mtime >= started - RACY_NS
                values = (size, -1 if racy else mtime, clause.id if clause else None,
                          encode_diagnostics(problems, path) if problems else None, digest)
                values = (*values, sign("files", position, rel, *values))
                old = known[position].get(rel)
                if old is not None:
                    row = old[0]
                    self._forget(row)
                    db.execute("UPDATE files SET size = ?, mtime_ns = ?, clause_id = ?, "
                               "problems = ?, digest = ?, mac = ? WHERE file = ?",
                               (*values, row))
                else:
                    cursor = db.execute("INSERT INTO files (source, rel, size, mtime_ns, "
                                        "clause_id, problems, digest, mac) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                        (position, rel, *values))
                    row = int(cursor.lastrowid or 0)
                if clause is not None:
                    ident = (position, rel, digest)
                    record = encode_clause(clause)
                    db.execute("INSERT INTO clauses (file, record, mac) VALUES (?, ?, ?)",
                               (row, record, sign("clauses", *ident, record)))
                    self._insert_examples(row, clause, record, skeletons, ident)
                    if skeletons:
                        shapes = json.dumps({lang: skeleton.to_record() for
                                             lang, skeleton in skeletons.items()},
                                            ensure_ascii=False, separators=(",", ":"))
                        db.execute("INSERT INTO shapes (file, record, mac) VALUES (?, ?, ?)",
                                   (row, shapes, sign("shapes", *ident, shapes)))
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
        self.db.execute("DELETE FROM runaways WHERE file = ?", (row,))
        if self.fts:
            self.db.execute("DELETE FROM fts WHERE rowid = ?", (row,))

    def _insert_examples(self, row: int, clause: Clause, record: str,
                         skeletons: dict[str, Skeleton], ident: tuple[int, str, str]) -> None:
        """Render the clause's texts with its example values now, while the file is being
        indexed anyway, so that `clauses show` needs neither Jinja nor Babel."""
        if self._renderer is None:
            from csp_draft.library.clause_render import ClauseRenderer

            self._renderer = ClauseRenderer(share_shapes=True)
        from csp_draft.sandbox.budget import SIDE
        from csp_draft.sandbox.limits import RenderTimeExceeded

        rendered = self._renderer.render_shared(skeletons, clause, clause.example_values(),
                                                pool=SIDE)
        if rendered is None:  # a text without a skeleton, or one that fails: show renders it
            error = self._renderer.last_error
            if isinstance(error, RenderTimeExceeded):  # a runaway: never rendered again
                self.db.execute("INSERT OR REPLACE INTO runaways (file, message, mac) "
                                "VALUES (?, ?, ?)",
                                (row, str(error), self.seal.sign("runaways", *ident,
                                                                 str(error))))
            return
        slots = dict(rendered)
        for form in clause.forms:
            variant = clause.as_form(form)
            texts = self._renderer.render_shared({}, variant, clause.example_values(),
                                                 pool=SIDE) if variant is not None else None
            for lang, text in (texts or {}).items():
                slots[example_slot(lang, form)] = text
        for slot, text in slots.items():
            key = example_key(record, slot)
            self.db.execute("INSERT OR REPLACE INTO examples (file, lang, key, text, mac) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (row, slot, key, text,
                             self.seal.sign("examples", *ident, slot, key, text)))

    def example(self, row: int, clause: Clause, lang: str) -> str | None:
        """The stored rendering of ``clause``'s text in ``lang``, if it is still valid (a
        row whose seal does not match is noted in :attr:`rejected`)."""
        try:
            found = self.db.execute(
                "SELECT e.key, e.text, e.mac, f.source, f.rel, f.digest FROM examples e "
                "JOIN files f ON f.file = e.file WHERE e.file = ? AND e.lang = ?",
                (row, lang)).fetchone()
        except sqlite3.Error:
            return None
        if found is None:
            return None
        key, text, mac, *ident = found
        if not self.seal.check(mac, "examples", *ident, lang, key, text):
            self.rejected.add(row)
            return None
        if key != example_key(encode_clause(clause), lang) or not isinstance(text, str):
            return None
        return text

    def remember_example(self, row: int, clause: Clause, lang: str, text: str) -> None:
        """Store a rendering made by `clauses show`; never fails the command."""
        with contextlib.suppress(sqlite3.Error):
            ident = self.db.execute("SELECT source, rel, digest FROM files WHERE file = ?",
                                    (row,)).fetchone()
            if ident is None:
                return
            key = example_key(encode_clause(clause), lang)
            self.db.execute("INSERT OR REPLACE INTO examples (file, lang, key, text, mac) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (row, lang, key, text,
                             self.seal.sign("examples", *ident, lang, key, text)))

    def runaways(self) -> dict[int, str]:
        """The rows of clauses whose text ran out a command's rendering time, with what
        was reported then; rows whose seal does not match are left out."""
        found: dict[int, str] = {}
        with contextlib.suppress(sqlite3.Error):
            for row, message, mac, *ident in self.db.execute(
                    "SELECT r.file, r.message, r.mac, f.source, f.rel, f.digest "
                    "FROM runaways r JOIN files f ON f.file = r.file"):
                if self.seal.check(mac, "runaways", *ident, message):
                    found[row] = message
                else:
                    self.rejected.add(row)
        return found

    def record_runaway(self, row: int, message: str) -> None:
        """Remember that the clause of ``row`` ran out the rendering time; never fails."""
        with contextlib.suppress(sqlite3.Error):
            ident = self.db.execute("SELECT source, rel, digest FROM files WHERE file = ?",
                                    (row,)).fetchone()
            if ident is not None:
                self.db.execute("INSERT OR REPLACE INTO runaways (file, message, mac) "
                                "VALUES (?, ?, ?)",
                                (row, message, self.seal.sign("runaways", *ident, message)))

    def drop(self, row: int) -> None:
        """Forget one file's rows (their seal did not match): the next command reads the
        file again. Never fails the command."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self._forget(row)
                self.db.execute("DELETE FROM files WHERE file = ?", (row,))
                self.db.execute("DELETE FROM meta WHERE key IN ('listing', 'snapshot')")
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")

    def _insert_fts(self, row: int, clause: Clause) -> None:
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
        self.db.execute(f"INSERT INTO fts (rowid, {fts_columns(self.languages)}) "
                        f"VALUES ({marks})", values)

    # -- reading clauses ---------------------------------------------------------------------

    def clause_texts(self, rows: Iterable[int], table: str = "clauses"
                     ) -> dict[int, tuple[str, str]]:
        """The stored JSON of many clauses (or of their skeletons, ``table="shapes"``), each
        with the digest of the file it was read from; only rows whose seal matches (the
        others are noted in :attr:`rejected` and left out, as if never stored)."""
        wanted = list(dict.fromkeys(rows))
        found: dict[int, tuple[str, str]] = {}
        name = _TABLES[table]
        check = self.seal.check
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ", ".join("?" * len(chunk))
                for row, text, mac, source, rel, digest in self.db.execute(
                        f"SELECT t.file, t.record, t.mac, f.source, f.rel, f.digest "
                        f"FROM {name} t JOIN files f ON f.file = t.file "
                        f"WHERE t.file IN ({marks})", chunk):
                    if not check(mac, name, source, rel, digest, text):
                        self.rejected.add(row)
                    elif isinstance(text, str) and isinstance(digest, str):
                        found[row] = (text, digest)
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
