"""The index file's schema: its tables, the marks that tell it is ours, and what makes a
stored rendering stale."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import zlib
from collections.abc import Sequence
from pathlib import Path

from csp_draft import __version__
from csp_draft.library.index.codec import IndexUnusable
from csp_draft.library.index.seal import Seal

FORMAT = 11  # 9: clause forms and addressee; 10: translation sync records;
#   11: rows sealed (see .seal)
APPLICATION_ID = 0x43535044  # "CSPD": tells our index files from other SQLite files
_RENDERING_CODE = ("sandbox/limits.py", "sandbox/filters.py", "sandbox/environment.py",
                   "i18n.py", "markdown/escape.py", "library/clause_render.py",
                   "library/shapes.py", "models/data.py")


def example_slot(lang: str, form: str | None = None) -> str:
    """Where a rendering is stored among a clause's examples: its language, and for a form
    of the clause (``forms:``) the form too ("en#operative")."""
    return lang if form is None else f"{lang}#{form}"


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


def fts_columns(languages: Sequence[str]) -> str:
    columns = ["id", "topics"]
    for i in range(len(languages)):
        columns += [f"title_{i}", f"text_{i}"]
    return ", ".join(columns)


def open_schema(db: sqlite3.Connection, key: str, languages: Sequence[str], seal: Seal
                ) -> bool:
    """Check (or create) the schema; True when full-text search is available. An index
    sealed with another key (the user's key was deleted, or the folder came from someone
    else) is unusable as a whole: it is rebuilt without a notice per row."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    user_version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id == 0 and user_version == 0:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise IndexUnusable("not an index of csp-draft")
        _create_schema(db, key, languages, seal)
    elif app_id != APPLICATION_ID or user_version != FORMAT:
        raise IndexUnusable("another format")
    meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('key', 'version', "
                           "'fts', 'sealed')").fetchall())
    if meta.get("key") != key or meta.get("version") != __version__:
        raise IndexUnusable("made for another search path or csp-draft version")
    if not seal.check(meta.get("sealed"), "index", key):
        raise IndexUnusable("sealed with another key")
    return meta.get("fts") == "1"


def _create_schema(db: sqlite3.Connection, key: str, languages: Sequence[str], seal: Seal
                   ) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] == FORMAT:
            db.execute("ROLLBACK")  # another command created it meanwhile
            return
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        # What a sync reads on every command stays narrow; clause records live apart.
        db.execute("CREATE TABLE files (file INTEGER PRIMARY KEY, source INTEGER NOT NULL, "
                   "rel TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
                   "clause_id TEXT, problems TEXT, digest TEXT NOT NULL, mac TEXT NOT NULL, "
                   "UNIQUE (source, rel))")
        # ``mac``: each row sealed to its file's row and bytes (see .seal)
        db.execute("CREATE TABLE clauses (file INTEGER PRIMARY KEY, record TEXT NOT NULL, "
                   "mac TEXT NOT NULL)")
        db.execute("CREATE TABLE shapes (file INTEGER PRIMARY KEY, record TEXT NOT NULL, "
                   "mac TEXT NOT NULL)")
        # Each text rendered with its example values, for `clauses show`; ``key`` ties it to
        # the clause record and to the code that rendered it (see example_key).
        # A clause whose text ran out a command's rendering time: refused at once until
        # its file changes (issue 23, item 6).
        db.execute("CREATE TABLE runaways (file INTEGER PRIMARY KEY, message TEXT NOT NULL, "
                   "mac TEXT NOT NULL)")
        db.execute("CREATE TABLE examples (file INTEGER NOT NULL, lang TEXT NOT NULL, "
                   "key TEXT NOT NULL, text TEXT NOT NULL, mac TEXT NOT NULL, "
                   "PRIMARY KEY (file, lang))")
        try:
            db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({fts_columns(languages)}, "
                       "tokenize = 'unicode61 remove_diacritics 0')")
            fts = True
        except sqlite3.OperationalError:  # SQLite built without FTS5: search reads clauses
            fts = False
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                       [("key", key), ("version", __version__), ("fts", "1" if fts else "0"),
                        ("sealed", seal.sign("index", key))])
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {FORMAT}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


