"""The clause library: finding clause files on the search path, loading and checking them.

Search path, later entries overriding earlier ones by id (with a visible notice):
the packaged library, the workspace's ``clauses/``, then each ``--library DIR``.

With a cache folder, the library comes from the derived index
(:mod:`csp_draft.library.index.store`): only changed files are read and checked again,
clauses are decoded when first used, and search runs on SQLite FTS5. Without one, every
file is read and checked, as the index itself does for a changed file; both ways give the
same clauses and the same problems. YAML, Jinja and Babel are imported only when a file is
(re)read or a text rendered.
"""

from __future__ import annotations

import contextlib
import functools
import json
import operator
import os
import re
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csp_draft import paths
from csp_draft.errors import (
    ClauseNotFound,
    CspDraftError,
    Diagnostic,
    DiagnosticCollector,
    Location,
    ValidationFailed,
)
from csp_draft.library.index.scan import LibrarySource, ReadClause, scan_clause_files
from csp_draft.library.lock import LOCK_NAME
from csp_draft.models.data import Clause, ClauseSummary
from csp_draft.progress import Progress, every
from csp_draft.workspace import CONFIG_NAME, load_workspace

if TYPE_CHECKING:
    import jinja2

    from csp_draft.library.clause_render import ClauseRenderer
    from csp_draft.library.index.scan import Scanned
    from csp_draft.library.index.store import ClauseIndex
    from csp_draft.library.people import PeopleSource
    from csp_draft.library.search import SearchFilters, SearchHit
    from csp_draft.library.shapes import Skeleton
    from csp_draft.models.people import People
    from csp_draft.workspace import Workspace

MAX_CLAUSE_BYTES = 256 * 1024
_SQLITE_INTEGERS = 2**63  # a row number at or above this cannot even be asked for


@dataclass
class Library:
    """All clauses on the search path, by id, with notices gathered while loading."""

    clauses: Mapping[str, Clause] = field(default_factory=dict)
    notices: list[Diagnostic] = field(default_factory=list)
    sources: list[LibrarySource] = field(default_factory=list)
    index: ClauseIndex | None = field(default=None, repr=False, compare=False)
    # Problems of the clause files left out because of errors (``strict=False``), by file
    # name without .yaml, which is the clause id; the ids a command found it needed.
    broken: dict[str, list[Diagnostic]] = field(default_factory=dict)
    needed_broken: set[str] = field(default_factory=set)
    # The case-record folders (library.people); None: the packaged records only.
    people_sources: Sequence[PeopleSource] | None = field(default=None, repr=False,
                                                          compare=False)
    loaded_people: People | CspDraftError | None = field(default=None, repr=False,
                                                         compare=False)

    @property
    def people(self) -> People:
        """The case records on the search path, read on first use; fails listing every
        problem of the record files."""
        if self.loaded_people is None:
            from csp_draft.library.people import PEOPLE_FOLDER, PeopleSource, load_people

            sources = self.people_sources if self.people_sources is not None else [
                PeopleSource("packaged", paths.packaged(PEOPLE_FOLDER))]
            try:
                self.loaded_people = load_people([s for s in sources if s.path.is_dir()])
            except CspDraftError as error:  # read once: every later use fails the same way
                self.loaded_people = error
        if isinstance(self.loaded_people, CspDraftError):
            raise self.loaded_people
        return self.loaded_people
    # Notices found after loading, while index rows were used (a row whose seal did not
    # match its file): printed when the command ends.
    late_notices: list[Diagnostic] = field(default_factory=list)
    # Clause files whose text ran out a command's rendering time: path -> what was reported
    # (this command's, and with an index those recorded by earlier commands).
    runaways: dict[str, str] = field(default_factory=dict)
    _recorded_runaways: bool = field(default=False, repr=False, compare=False)

    def watch(self, renderer: ClauseRenderer) -> None:
        """Have ``renderer`` refuse clauses recorded as runaways at once, and record the
        ones it finds (in the index, keyed to the file's bytes: a change to the file
        clears the record)."""
        renderer.runaway = self.runaway
        renderer.ran_out = self.record_runaway

    def runaway(self, clause: Clause) -> str | None:
        """What stopped ``clause``'s text when it ran out a command's rendering time, if it
        did (in this command, or in an earlier one when the index remembers it)."""
        if not self._recorded_runaways:
            self._recorded_runaways = True
            clauses = self.clauses
            if self.index is not None and isinstance(clauses, IndexedClauses):
                for row, message in self.index.runaways().items():
                    clause_id = clauses.id_of_row(row)
                    if clause_id is not None:
                        self.runaways.setdefault(clauses.path_of(clause_id), message)
        message = self.runaways.get(str(clause.path))
        if message is None or self.index is None or not isinstance(self.clauses,
                                                                   IndexedClauses):
            return message
        return (f"{message} (when this file was last rendered; it is not rendered again "
                "until the file changes)")

    def record_runaway(self, clause: Clause, message: str) -> None:
        path = str(clause.path)
        self.runaways[path] = message
        clauses = self.clauses
        if self.index is not None and isinstance(clauses, IndexedClauses) and (
                clause.id in clauses and clauses.path_of(clause.id) == path):
            row = clauses.row_of(clause.id)
            if row is not None:
                self.index.record_runaway(row, message)

    def __len__(self) -> int:
        return len(self.clauses)

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self.clauses

    def get(self, clause_id: str, *, location: Location | None = None) -> Clause:
        """The clause ``clause_id``; an unknown id fails with the closest ids."""
        clause = self.clauses.get(clause_id)
        if clause is None:
            problems = self.problems_of_broken(clause_id)
            if problems:
                raise ValidationFailed(problems)
            raise ClauseNotFound(f"no clause '{clause_id}' in the library",
                                 hint=self.suggest(clause_id), location=location)
        return clause

    def problems_of_broken(self, clause_id: str) -> list[Diagnostic]:
        """The errors of the broken file of ``clause_id``, now needed (empty when there is
        no such file)."""
        if clause_id not in self.broken:
            return []
        self.needed_broken.add(clause_id)
        return self.broken[clause_id]

    def unneeded_broken(self) -> list[Diagnostic]:
        """The problems of broken clause files no one needed, as warnings."""
        return [problem._replace(severity="warning") if problem.severity == "error"
                else problem for clause_id, problems in self.broken.items()
                if clause_id not in self.needed_broken for problem in problems]

    def suggest(self, clause_id: str) -> str:
        from csp_draft.suggest import did_you_mean

        return did_you_mean(clause_id, self.clauses) or "list them with `csp-draft clauses list`"

    def summaries(
        self, *, topic: str | None = None, addressee: str | None = None,
        kind: str | None = None, lang: str | None = None,
    ) -> list[ClauseSummary]:
        """What a listing shows of the clauses matching every given filter, sorted by id.
        An indexed library is read a chunk at a time, without building its clauses."""
        clauses = self.clauses
        ids = sorted(clauses)
        found = clauses.summaries(ids) if isinstance(clauses, IndexedClauses) else (
            clauses[clause_id].summary() for clause_id in ids)
        return [
            summary for summary in found
            if (topic is None or topic in summary.topics)
            and (addressee is None or addressee in summary.addressees)
            and (kind is None or summary.kind == kind)
            and (lang is None or lang in summary.languages)
        ]

    def rendered_examples(self, clause: Clause, languages: Sequence[str],
                          render: Callable[[Clause, str], str], form: str | None = None
                          ) -> dict[str, str]:
        """``clause``'s texts (or those of its ``form``) rendered with its example values:
        stored in the index when the file was indexed (or by an earlier call), else made by
        ``render`` (given the clause, or its form as a clause) and stored."""
        subject = clause if form is None else clause.as_form(form)
        if subject is None:
            return {}
        languages = [lang for lang in languages if lang in subject.text]
        clauses = self.clauses
        if self.index is None or not isinstance(clauses, IndexedClauses):
            return {lang: render(subject, lang) for lang in languages}
        from csp_draft.library.index.schema import example_slot

        row = clauses.row_of(clause.id)
        texts = {}
        for lang in languages:
            slot = example_slot(lang, form)
            stored = self.index.example(row, clause, slot) if row is not None else None
            clauses.note_rejected()
            if stored is None:
                stored = render(subject, lang)
                if row is not None:
                    self.index.remember_example(row, clause, slot, stored)
            texts[lang] = stored
        return texts

    def skeletons(self, ids: Sequence[str]) -> dict[str, dict[str, Skeleton]]:
        """The stored skeletons of the clauses ``ids`` (see :mod:`csp_draft.library.shapes`), by id
        and language: made when their files were indexed; none without an index."""
        clauses = self.clauses
        if self.index is None or not isinstance(clauses, IndexedClauses):
            return {}
        return clauses.skeletons_of(ids)

    def search(self, query: str, *, limit: int = 20,
               filters: SearchFilters | None = None) -> list[SearchHit]:
        """Clauses matching ``query``, those covering more of it first (FTS5 when indexed)."""
        from csp_draft.library import search as searching

        filters = filters or searching.SearchFilters()
        folders = [source.path for source in self.sources]
        if self.index is not None and isinstance(self.clauses, IndexedClauses):
            from csp_draft.library.index.codec import IndexUnusable

            try:
                return searching.search_index(self.index, self.clauses, query, limit=limit,
                                              filters=filters, folders=folders)
            except IndexUnusable:
                pass  # a broken index: search the clauses themselves
        return searching.search(self.clauses.values(), query, limit=limit, filters=filters,
                                folders=folders)

    def did_you_mean(self, hits: Sequence[SearchHit], query: str) -> dict[str, list[str]]:
        """For each query word no hit covers, the library's words spelled like it."""
        from csp_draft.library import search as searching

        folders = [source.path for source in self.sources]
        suggestions = {}
        for word in searching.unmatched_words(hits, query, folders):
            if self.index is not None and isinstance(self.clauses, IndexedClauses):
                vocabulary = searching.index_vocabulary(self.index, word[:1].casefold())
            else:
                vocabulary = list(searching.clause_vocabulary(self.clauses.values()))
            close = searching.close_words(word, vocabulary)
            if close:
                suggestions[word] = close
        return suggestions


class IndexedClauses(Mapping[str, Clause]):
    """Clauses by id, decoded from the index when first asked for.

    A row that cannot be decoded (a damaged cache) is replaced by reading its file again,
    and the index is dropped so that the next command rebuilds it. A row whose seal does
    not match (see :mod:`csp_draft.library.index.seal`), or whose file's bytes are no longer
    those it was read from, is dropped and its file read, with a notice in ``notices``.
    """

    def __init__(self, index: ClauseIndex, entries: dict[str, Sequence[Any]],
                 libraries: Sequence[str], languages: tuple[str, ...],
                 scans: Sequence[Sequence[Scanned]], notices: list[Diagnostic]) -> None:
        self._index = index
        self._notices = notices
        self._noted: set[int] = set()
        # id -> (row, position of its library in ``libraries``, number of its file in that
        # library's scan), in load order; the file's path is in the scan
        self._entries = entries
        self._scans = scans
        self._libraries = list(libraries)
        self._languages = languages
        self._cache: dict[str, Clause] = {}
        self._ids_of_rows: dict[int, str] | None = None

    def __getitem__(self, clause_id: str) -> Clause:
        clause = self._cache.get(clause_id)
        if clause is None:
            if clause_id not in self._entries:
                raise KeyError(clause_id)
            clause = next(self._decoded([clause_id], with_skeletons=False))[0]
            self._cache[clause_id] = clause
        return clause

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._entries

    def values(self) -> ValuesView[Clause]:
        self._load_all()
        return super().values()

    def items(self) -> ItemsView[str, Clause]:
        self._load_all()
        return super().items()

    def _path(self, clause_id: str) -> str:
        _, position, number = self._entries[clause_id]
        return self._scans[position][number][1]

    def path_of(self, clause_id: str) -> str:
        """The clause file of ``clause_id`` (as the clause's ``path`` gives it)."""
        return str(Path(self._path(clause_id)))

    def row_of(self, clause_id: str) -> int | None:
        entry = self._entries.get(clause_id)
        return entry[0] if entry else None

    def id_of_row(self, row: int) -> str | None:
        """The id of the clause stored in index row ``row``, when it is the one in use."""
        if self._ids_of_rows is None:
            self._ids_of_rows = {entry[0]: clause_id for clause_id, entry in
                                 self._entries.items()}
        return self._ids_of_rows.get(row)

    def _load_all(self) -> None:
        missing = [i for i in self._entries if i not in self._cache]
        if len(missing) < 16:
            return  # decoded one by one on access
        for clause, _ in self._decoded(missing, with_skeletons=False):
            self._cache[clause.id] = clause

    def summaries(self, ids: Sequence[str]) -> Iterator[ClauseSummary]:
        """What a listing shows of the clauses ``ids``, in that order, read a chunk at a
        time; clauses are neither built nor kept (a 10,000-clause listing took 120 MB)."""
        from csp_draft.library.index.codec import IndexBusy, IndexUnusable, decode_summary

        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            try:
                texts = self._index.clause_texts(
                    self._entries[i][0] for i in chunk if i not in self._cache)
            except (IndexBusy, IndexUnusable):
                texts = {}
            for clause_id in chunk:
                row, position, _ = self._entries[clause_id]
                text = texts[row][0] if row in texts else None
                summary = None
                if text is not None and clause_id not in self._cache:
                    with contextlib.suppress(IndexUnusable):
                        summary = decode_summary(text, self._path(clause_id),
                                                 self._libraries[position])
                # anything not read from the index comes through __getitem__, which falls
                # back on the file and drops a damaged index
                yield summary if summary is not None else self[clause_id].summary()

    def stream(self, ids: Sequence[str]) -> Iterator[tuple[Clause, dict[str, Skeleton]]]:
        """The clauses ``ids`` in that order, with their stored skeletons, decoded a chunk at
        a time and not kept: for going once through a large library."""
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            cached = [i for i in chunk if i in self._cache]
            if len(cached) == len(chunk):
                skeletons = self._skeletons(chunk)
                yield from ((self._cache[i], skeletons.get(i, {})) for i in chunk)
            else:
                yield from self._decoded(chunk, with_skeletons=True)

    def _decoded(self, ids: list[str], *, with_skeletons: bool
                 ) -> Iterator[tuple[Clause, dict[str, Skeleton]]]:
        """The clauses ``ids`` from their rows, each checked against its file's bytes now:
        a clause used for a document or a check is the one its file holds."""
        from csp_draft.library.index.codec import IndexBusy, IndexUnusable, decode_clause
        from csp_draft.library.index.seal import file_digest

        rows = [self._entries[i][0] for i in ids]
        unreadable = False  # the index itself failed (a missing row alone is no damage)
        try:
            texts = self._index.clause_texts(rows)
        except IndexBusy:
            texts = {}
        except IndexUnusable:
            texts, unreadable = {}, True
        skeletons = self._skeletons(ids) if with_skeletons else {}
        self.note_rejected()
        for clause_id, row in zip(ids, rows, strict=True):
            position, path = self._entries[clause_id][1], self._path(clause_id)
            found = texts.get(row)
            if found is None:  # changed by another command meanwhile, or unreadable
                clause = self._recover(clause_id, damaged=unreadable)
            elif file_digest(path, MAX_CLAUSE_BYTES) != found[1]:
                self._reject(row, path)  # the file's bytes are not those the row was read from
                clause = self._recover(clause_id, damaged=False)
                skeletons.pop(clause_id, None)
            else:
                try:
                    clause = decode_clause(found[0], Path(path), self._libraries[position])
                except IndexUnusable:
                    clause = self._recover(clause_id, damaged=True)
            yield clause, skeletons.get(clause_id, {})

    def note_rejected(self) -> None:
        """A notice for each row the index found altered since the last call, and the row
        dropped (its file is read instead, by whoever asked for the row)."""
        for row in sorted(self._index.rejected - self._noted):
            clause_id = self.id_of_row(row)
            if clause_id is not None:
                self._reject(row, self._path(clause_id))

    def _reject(self, row: int, path: str) -> None:
        if row in self._noted:
            return
        self._noted.add(row)
        self._index.drop(row)
        self._notices.append(Diagnostic(
            Location(path), "the library index did not match this file (it was changed "
            "outside csp-draft); the file itself was read", severity="notice"))

    def skeletons_of(self, ids: Sequence[str]) -> dict[str, dict[str, Skeleton]]:
        """The stored skeletons of the clauses ``ids`` that have them."""
        return self._skeletons([i for i in ids if i in self._entries])

    def _skeletons(self, ids: list[str]) -> dict[str, dict[str, Skeleton]]:
        from csp_draft.library.index.codec import IndexUnusable, decode_skeletons

        rows = {self._entries[i][0]: i for i in ids}
        try:
            found = self._index.clause_texts(rows, table="shapes")
            self.note_rejected()
            return {rows[row]: decode_skeletons(text) for row, (text, _) in found.items()}
        except IndexUnusable:
            return {}  # rendered without: each text is compiled on its own

    def _recover(self, clause_id: str, *, damaged: bool) -> Clause:
        """Read the clause from its file; a ``damaged`` index is dropped, to be rebuilt by
        the next command."""
        position, path = self._entries[clause_id][1], self._path(clause_id)
        if damaged:
            self._index.discard()
        clause, problems = load_clause_file(Path(path), self._languages,
                                            self._libraries[position])
        if clause is None or clause.id != clause_id:
            raise ValidationFailed(problems or [Diagnostic(
                Location(path), f"clause '{clause_id}' changed while it was being read",
                "run the command again")])
        return clause


def library_sources(workspace: Workspace, extra: Sequence[Path] = ()) -> list[LibrarySource]:
    """The clause search path for this workspace and any ``--library`` folders."""
    sources = [LibrarySource("packaged", paths.packaged("clauses"))]
    if workspace.root is not None and (workspace.root / LOCK_NAME).is_file():
        from csp_draft.library.index.cache import user_cache_dir
        from csp_draft.library.shared import shared_folders

        sources += [LibrarySource(name, folder)
                    for name, folder in shared_folders(workspace.root, user_cache_dir())]
    if workspace.clauses_dir is not None:
        sources.append(LibrarySource("workspace", workspace.clauses_dir))
    for folder in extra:
        if not folder.is_dir():
            raise CspDraftError("library folder does not exist",
                                hint="check the --library path",
                                location=Location.of_file(folder))
        if (folder / CONFIG_NAME).is_file():  # a workspace: its clause folder is meant
            clauses_dir = load_workspace(folder).clauses_dir
            if clauses_dir is None or not clauses_dir.is_dir():
                raise CspDraftError("this workspace has no clauses folder",
                                    hint="point --library at a folder of clause files",
                                    location=Location.of_file(folder / CONFIG_NAME))
            folder = clauses_dir
        if any(os.path.samefile(folder, source.path) for source in sources
               if source.path.is_dir()):
            continue  # already on the search path (the current workspace's own clauses)
        sources.append(LibrarySource(str(folder), folder))
    return sources


def load_library(
    sources: Sequence[LibrarySource], *, languages: tuple[str, ...],
    cache: Path | None = None, progress: Progress | None = None, strict: bool = True,
) -> Library:
    """Load every clause on the search path; fails listing every problem at once.

    ``cache``: a folder for the derived index; without it every file is read and checked.
    ``progress`` hears how indexing goes (see :mod:`csp_draft.progress`).
    ``strict=False``: a broken clause file is left out of the library and its problems
    become warnings in ``notices`` (a command that never uses it still runs); a command
    that needs the clause then fails with "no clause".
    """
    if cache is not None:
        from csp_draft.library.index.codec import IndexBusy, IndexUnusable
        from csp_draft.library.index.store import ClauseIndex

        index = ClauseIndex.open(cache, sources, languages)
        if index is not None:
            try:
                return _load_indexed(index, sources, languages, progress, strict)
            except IndexBusy:
                pass  # another command is updating it: read the files this time
            except IndexUnusable:
                index.discard()  # damaged: read the files themselves, rebuild next time
    return _load_files(sources, languages, strict)


def _settle(diags: DiagnosticCollector, library: Library, strict: bool) -> None:
    """Fail with every problem found (strict), or keep them as warnings of the library."""
    if strict:
        diags.raise_if_any()
        return
    failed = {problem.location.path for problem in diags.errors if problem.location}
    for problem in diags.items:
        path = problem.location.path if problem.location else ""
        if path in failed:
            library.broken.setdefault(Path(path).stem, []).append(problem)
        else:
            library.notices.append(problem)


def _load_files(sources: Sequence[LibrarySource], languages: tuple[str, ...],
                strict: bool = True) -> Library:
    diags = DiagnosticCollector()
    library = Library(sources=list(sources))
    clauses: dict[str, Clause] = {}
    paths_of: dict[str, str] = {}
    for source in sources:
        seen_here: dict[str, str] = {}
        for _rel, name, _size, _mtime in scan_clause_files(source.path):
            path = Path(name)
            clause, problems = load_clause_file(path, languages, source.name)
            diags.extend(problems)
            if clause is None:
                continue
            if _accept(clause.id, str(path), seen_here, paths_of, library, diags):
                clauses[clause.id] = clause
                paths_of[clause.id] = str(path)
    _settle(diags, library, strict)
    library.clauses = clauses
    return library


def _load_indexed(index: ClauseIndex, sources: Sequence[LibrarySource],
                  languages: tuple[str, ...], progress: Progress | None,
                  strict: bool = True) -> Library:
    scans, listing = index.scan(sources)
    if _ENCODED_SURROGATE.search(listing):
        _refuse_undecodable_names(scans)
    library = Library(sources=list(sources), index=index)
    names = [source.name for source in sources]
    saved = index.snapshot(listing)
    if saved is not None:
        restored = _restore(saved, [len(scan) for scan in scans])
        if restored is not None:
            entries, library.notices = restored
            library.clauses = IndexedClauses(index, entries, names, languages, scans,
                                             library.late_notices)
            return library

    def loader(path: Path, position: int) -> ReadClause:
        return read_clause_file(path, languages, sources[position].name)

    synced = index.sync(sources, loader, progress, scans)
    diags = DiagnosticCollector()
    entries: dict[str, Sequence[Any]] = {}
    paths_of: dict[str, str] = {}
    for position, files in enumerate(synced):
        seen_here: dict[str, str] = {}
        for number, (path, row, clause_id, problems) in enumerate(files):
            if problems:
                diags.extend(problems)
            if clause_id is None:
                continue
            if (clause_id in seen_here or clause_id in paths_of) and not _accept(
                    clause_id, path, seen_here, paths_of, library, diags):
                continue
            seen_here[clause_id] = path
            entries[clause_id] = (row, position, number)
            paths_of[clause_id] = path
    _settle(diags, library, strict)
    library.notices.extend(Diagnostic(
        Location(path), "the library index did not match this file (it was changed outside "
        "csp-draft); the file itself was read", severity="notice")
        for path in index.mismatched)
    if not index.changed and not diags.items:
        rows, positions, numbers = zip(*entries.values(), strict=True) if entries else ((),) * 3
        index.save_snapshot(listing, json.dumps(
            {"ids": list(entries), "rows": rows, "sources": positions, "files": numbers,
             "notices": [[n.location.path if n.location else "", n.message]
                         for n in library.notices]},
            ensure_ascii=False, separators=(",", ":")))
    library.clauses = IndexedClauses(index, entries, names, languages, scans,
                                     library.late_notices)
    return library


# marshal writes a file name that is not valid UTF-8 (os gives its bytes back as lone
# surrogates) with the surrogates encoded as ED A0..BF xx, which valid UTF-8 never holds: one
# search of the listing tells whether any file needs looking at.
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")


def _refuse_undecodable_names(scans: Sequence[Sequence[Scanned]]) -> None:
    """Fail, naming each clause file whose name is not valid UTF-8 (the index, like every
    document, holds text only; read without it, such a file fails its id check anyway)."""
    diags = DiagnosticCollector()
    for scan in scans:
        for rel, path, _, _ in scan:
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                diags.error(Location(shown), "the file name is not valid UTF-8",
                            "rename the file (clause file names are the clause id + .yaml)")
    diags.raise_if_any()


def _restore(text: str, files: Sequence[int]
             ) -> tuple[dict[str, Sequence[Any]], list[Diagnostic]] | None:
    """A saved snapshot (clause id -> (row, source, number of its file in the source's
    scan), and the notices), or None when it is not one (then the library is built again).
    ``files``: how many files each source's scan found.

    It is saved as parallel lists, which JSON reads twice as fast as one small list per
    clause, and checked list by list with map() and set(), which loop in C: 10,000
    entries are restored on every command.
    """
    try:
        data = json.loads(text)
        ids, rows, positions, numbers = (data["ids"], data["rows"], data["sources"],
                                         data["files"])
        columns = (ids, rows, positions, numbers)
        if ({type(column) for column in columns} != {list}
                or len({len(column) for column in columns}) != 1):
            return None
        if ids and (set(map(type, ids)) != {str} or set(map(type, rows)) != {int}
                    or set(map(type, positions)) != {int} or set(map(type, numbers)) != {int}
                    or min(rows) < 0 or max(rows) >= _SQLITE_INTEGERS
                    or min(positions) < 0 or max(positions) >= len(files) or min(numbers) < 0
                    or not all(map(operator.lt, numbers, map(files.__getitem__, positions)))):
            return None
        notices = [Diagnostic(Location(path, 1, 1), message, severity="notice")
                   for path, message in data["notices"]
                   if type(path) is str and type(message) is str]
    except (ValueError, TypeError, KeyError):
        return None
    entries = dict(zip(ids, zip(rows, positions, numbers, strict=True), strict=True))
    return (entries, notices) if len(entries) == len(ids) else None  # no id twice


def _accept(clause_id: str, path: str, seen_here: dict[str, str],
            paths_of: dict[str, str], library: Library, diags: DiagnosticCollector) -> bool:
    """Whether the clause found at ``path`` joins the library (the same rules either way)."""
    if clause_id in seen_here:
        diags.error(Location(path, 1, 1),
                    f"clause id '{clause_id}' is also defined in {seen_here[clause_id]}",
                    "ids must be unique within a library, rename one")
        return False
    seen_here[clause_id] = path
    previous = paths_of.get(clause_id)
    if previous is not None:
        library.notices.append(Diagnostic(
            Location(path, 1, 1),
            f"clause '{clause_id}' overrides the one in {previous}",
            severity="notice",
        ))
    return True


def read_clause_file(path: Path, languages: tuple[str, ...], source: str) -> ReadClause:
    """Read and check one clause file; the index calls it for new and changed files only.

    The only place that parses YAML and Jinja for the library.
    """
    from csp_draft.fsio import read_bytes
    from csp_draft.library.index.seal import content_digest
    from csp_draft.library.schema import load_clause
    from csp_draft.yamlio.located import decode_yaml_bytes, load_yaml

    diags = DiagnosticCollector()
    digest = ""
    try:
        data = read_bytes(path, limit=MAX_CLAUSE_BYTES)
        digest = content_digest(data)
        root = load_yaml(decode_yaml_bytes(data, str(path)), str(path))
    except CspDraftError as exc:
        diags.absorb(exc)
        return ReadClause(None, diags.items, {}, digest)
    clause = load_clause(root, path, diags, languages=languages, library=source)
    skeletons: dict[str, Skeleton] = {}
    if clause is not None and not _check_texts(clause, diags, skeletons):
        clause = None
    return ReadClause(clause, diags.items, skeletons if clause else {}, digest)


def load_clause_file(path: Path, languages: tuple[str, ...], source: str
                     ) -> tuple[Clause | None, list[Diagnostic]]:
    """Read and check one clause file: the clause (None when it has errors) and its problems."""
    read = read_clause_file(path, languages, source)
    return read.clause, read.problems


@functools.cache
def _analysis_environment() -> jinja2.Environment:
    from csp_draft.sandbox.environment import make_environment

    return make_environment()


def _check_texts(clause: Clause, diags: DiagnosticCollector,
                 skeletons: dict[str, Skeleton]) -> bool:
    """Every text must parse, and every name it uses must be a declared variable (or a loop
    variable); fills ``skeletons`` with the texts' skeletons."""
    import jinja2
    import jinja2.meta

    from csp_draft.library import shapes
    from csp_draft.library.clause_render import CLAUSE_GLOBALS
    from csp_draft.suggest import did_you_mean

    ok = True
    env = _analysis_environment()
    sources = [("text", clause.text, clause.text_lines)] + [
        (f"form {form}", texts, clause.form_lines.get(form, {}))
        for form, texts in clause.forms.items()]
    for label, lang, text, text_lines in (
        (label, lang, text, lines) for label, texts, lines in sources
        for lang, text in texts.items()
    ):
        location = Location(str(clause.path), text_lines.get(lang, 0))
        try:
            tokens = shapes.lex(env, text)
            tree = shapes.parse_tokens(env, tokens)
        except jinja2.TemplateSyntaxError as exc:
            line = text_lines.get(lang, 1) + (exc.lineno or 1) - 1
            diags.error(Location(str(clause.path), line),
                        f"template error in {label} ({lang}): {exc.message}")
            ok = False
            continue
        known = set(clause.variables) | CLAUSE_GLOBALS
        referenced = shapes.referenced_names(tokens)
        if referenced is None or not referenced <= known:  # the scan cannot vouch: analyse
            try:
                unknown = sorted(jinja2.meta.find_undeclared_variables(tree) - known)
            except jinja2.TemplateSyntaxError as exc:  # e.g. a filter that does not exist
                line = text_lines.get(lang, 1) + (exc.lineno or 1) - 1
                diags.error(Location(str(clause.path), line),
                            f"template error in {label} ({lang}): {exc.message}")
                ok = False
                continue
            for name in unknown:
                diags.error(location,
                            f"{label} ({lang}) uses '{name}', which is not a declared variable",
                            did_you_mean(name, clause.variables) or
                            f"declare it under 'variables:' or remove {{{{ {name} }}}}")
                ok = False
        skeleton = shapes.skeleton_from_tokens(env, tokens, clause.variables) if (
            label == "text") else None
        if skeleton is not None:
            skeletons[lang] = skeleton
    return ok


def check_library(library: Library, renderer: ClauseRenderer | None = None,
                  progress: Progress | None = None) -> list[Diagnostic]:
    """Render every clause in every language it has with its example values.

    Clause texts that differ only in their wording share one compiled template here (see
    :mod:`csp_draft.library.shapes`), which is what makes checking ten thousand clauses quick; an
    indexed library brings the skeletons made when its files were indexed.
    """
    from csp_draft.library.clause_render import ClauseRenderer
    from csp_draft.sandbox import budget, limits

    renderer = renderer or ClauseRenderer(share_shapes=True)
    library.watch(renderer)
    problems: list[Diagnostic] = []
    clauses = library.clauses
    ids = sorted(clauses)
    tick = every(progress, "checking clauses", len(ids), step=200)
    if isinstance(clauses, IndexedClauses):
        pairs: Iterator[tuple[Clause, dict[str, Skeleton]]] = clauses.stream(ids)
    else:
        pairs = ((clauses[clause_id], {}) for clause_id in ids)
    done = unchecked = 0
    for chunk in _chunks(pairs, CHECK_CHUNK):
        if budget.spent() >= limits.RENDER_SECONDS:
            unchecked += len(chunk)
            continue
        rendered = renderer.render_many(
            [(clause, skeletons, clause.example_values(), None) for clause, skeletons in chunk]
        ) if renderer.share_shapes else [None] * len(chunk)
        for (clause, skeletons), texts in zip(chunk, rendered, strict=True):
            found = check_clause(clause, renderer, skeletons, rendered=texts)
            if any(limits.SPENT in problem.message for problem in found):
                unchecked += 1  # not rendered: a runaway text before it took all the time
            else:
                problems.extend(found)
            done += 1
            tick(done)
    if unchecked:
        problems.append(Diagnostic(
            None, f"{unchecked} clause{'s were' if unchecked != 1 else ' was'} not checked: "
            f"the {limits.RENDER_SECONDS:g} s this command may spend rendering went to the "
            "runaway text above", "run the check again: a runaway text is remembered and "
            "not rendered again until its file changes"))
    return problems


CHECK_CHUNK = 64  # clauses rendered together under one set of the sandbox's guards


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def unchecked_references(clause: Clause) -> list[Diagnostic]:
    """A warning for each legal reference that records no check (what was read, and when)."""
    problems = []
    for number, reference in enumerate(clause.legal_basis):
        if number < len(clause.legal_checks) and clause.legal_checks[number] is not None:
            continue
        line = clause.legal_lines[number] if number < len(clause.legal_lines) else 0
        text = reference if isinstance(reference, str) else next(iter(reference.values()), "")
        problems.append(Diagnostic(
            Location(str(clause.path), line),
            f"legal reference '{text}' records no check", "add checked: {on: YYYY-MM-DD, "
            "source: <document, paragraph, where read>, read: primary|secondary}",
            severity="warning"))
    return problems


def out_of_step(clause: Clause) -> list[Diagnostic]:
    """A warning when the clause's languages are no longer in step with its ``synced:``."""
    from csp_draft.library.sync import clause_hint, clause_staleness

    state = clause_staleness(clause)
    if state is None:
        return []
    return [Diagnostic(state.location, state.message, clause_hint(state), severity="warning")]


def check_clause(clause: Clause, renderer: ClauseRenderer,
                 skeletons: Mapping[str, Skeleton] | None = None, *,
                 rendered: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Render the clause in each language with its example values; its problems.

    ``rendered``: the texts already rendered through shared templates (check_library
    renders many clauses at once); any text missing there is rendered here, on its own
    when it fails, so that errors are those of the text itself."""
    problems: list[Diagnostic] = unchecked_references(clause) + out_of_step(clause)
    values = clause.example_values()
    shared = rendered
    if shared is None and renderer.share_shapes:
        shared = renderer.render_shared(dict(skeletons or {}), clause, values)
    for lang in clause.text:
        if shared is not None:
            text = shared[lang]
        else:
            try:
                text = renderer.render(clause, lang, values,
                                       skeleton=skeletons.get(lang) if skeletons else None)
            except CspDraftError as exc:
                problems.extend(exc.diagnostics)
                continue
        if not text.strip():
            problems.append(Diagnostic(Location(str(clause.path), clause.text_lines.get(lang, 0)),
                                       f"text ({lang}) renders empty with the example values"))
    for form in clause.forms:
        variant = clause.as_form(form)
        assert variant is not None
        for lang in variant.text:
            try:
                text = renderer.render(variant, lang, values)
            except CspDraftError as exc:
                problems.extend(exc.diagnostics)
                continue
            if not text.strip():
                problems.append(Diagnostic(
                    Location(str(clause.path), variant.text_lines.get(lang, 0)),
                    f"form {form} ({lang}) renders empty with the example values"))
    return problems
