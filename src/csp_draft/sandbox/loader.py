"""Template files: looked up only inside their folders, read as checked UTF-8 text.

``..``, absolute names and symbolic links that lead outside a folder are refused; a
template holding a character no document can hold is refused with its line and column.
"""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from csp_draft.errors import Location, SecurityError, TemplateError
from csp_draft.textsafety import XML_INVALID

MAX_TEMPLATE_BYTES = 1_000_000
BUILTIN_PREFIX = "builtin/"  # names the packaged template even when a user overrides it


class FolderLoader(jinja2.BaseLoader):
    """Loads ``NAME`` from the first folder that has it, never from outside the folders."""

    def __init__(self, folders: Sequence[Path], builtin: Path | None = None) -> None:
        self.folders = [Path(folder) for folder in folders]
        self.builtin = builtin

    def find(self, template: str) -> Path | None:
        folders = self.folders
        if template.startswith(BUILTIN_PREFIX) and self.builtin is not None:
            template = template[len(BUILTIN_PREFIX):]
            folders = [self.builtin]
        pieces = template.split("/")
        if template.startswith(("/", "\\")) or any(
            piece in ("", ".", "..") or "\\" in piece or ":" in piece for piece in pieces
        ):
            raise SecurityError(
                f"template name '{template}' leaves the template folder",
                hint="name templates relative to the templates folder, without '..'",
            )
        for folder in folders:
            candidate = folder.joinpath(*pieces)
            if not candidate.is_file():
                continue
            real_folder = os.path.realpath(folder)
            real_file = os.path.realpath(candidate)
            if os.path.commonpath([real_folder, real_file]) != real_folder:
                raise SecurityError(
                    f"template '{template}' is a link to a file outside {folder}",
                    hint="replace the symlink with a real file",
                    location=Location.of_file(candidate),
                )
            return candidate
        return None

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """A template compiled with the sandbox's limits (see limits.compile_limited):
        BaseLoader.load would compile it without them."""
        from csp_draft.sandbox.limits import compile_limited

        source, filename, uptodate = self.get_source(environment, name)
        code = compile_limited(environment, source, name, filename)
        return environment.template_class.from_code(environment, code, globals or {},
                                                    uptodate)

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.find(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        source = read_template(path)
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                names.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2")
                             if p.is_file())
        return sorted(names)


def read_template(path: Path) -> str:
    """A template file's text: at most :data:`MAX_TEMPLATE_BYTES`, UTF-8 (a BOM is dropped),
    without characters a document cannot hold."""
    from csp_draft.fsio import read_bytes

    data = read_bytes(path, limit=MAX_TEMPLATE_BYTES)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[:exc.start].decode("utf-8", "replace")
        raise TemplateError(f"byte 0x{body[exc.start]:02x} is not valid UTF-8",
                            hint="save the template as UTF-8 in your editor",
                            location=_place(path, before)) from None
    bad = XML_INVALID.search(text)
    if bad:
        raise TemplateError(f"template contains the control character U+{ord(bad.group()):04X}, "
                            "which documents cannot hold",
                            hint="remove it; such characters are often pasted by accident",
                            location=_place(path, text[:bad.start()]))
    return text


def _place(path: Path, before: str) -> Location:
    """The location in ``path`` just after ``before`` (the text up to a problem)."""
    line = before.count("\n") + 1
    return Location(str(path), line, len(before) - (before.rfind("\n") + 1) + 1)

