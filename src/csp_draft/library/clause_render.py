"""Rendering one clause's text in one language with given values.

Each clause text is compiled once per run and reused for every use of the clause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import jinja2

from csp_draft.errors import TemplateError
from csp_draft.markdown.escape import Markdown
from csp_draft.models.data import Clause, LocalizedText, localize
from csp_draft.models.people import Name
from csp_draft.sandbox import budget
from csp_draft.sandbox.environment import compile_text, make_environment, template_error
from csp_draft.sandbox.limits import (
    LimitedSandbox,
    RenderLimitExceeded,
    RenderTimeExceeded,
    render_limited,
)

if TYPE_CHECKING:
    from csp_draft.library.shapes import Skeleton

# Names every clause text may use besides its own variables.
CLAUSE_GLOBALS = frozenset({"lang"})


def localize_values(value: Any, lang: str, fallback: str = "en") -> Any:
    """Replace every per-language value with its text in ``lang``."""
    if isinstance(value, LocalizedText):
        return localize(value, lang, fallback)
    if isinstance(value, Name):  # a name with its case forms: the filter picks one
        return value
    if isinstance(value, dict):
        return {key: localize_values(item, lang, fallback) for key, item in value.items()}
    if isinstance(value, list):
        return [localize_values(item, lang, fallback) for item in value]
    return value


class ClauseRenderer:
    """Compiles clause texts on first use and renders them.

    ``share_shapes``: texts that differ only in their literal wording share one compiled
    template (see :mod:`csp_draft.library.shapes`); for rendering many clauses once each, as
    `clauses check` does. Any error is reported from the text compiled on its own.
    """

    def __init__(self, env: LimitedSandbox | None = None, *, share_shapes: bool = False
                 ) -> None:
        self.env = env or make_environment()
        self._compiled: dict[tuple[str, str, str], jinja2.Template] = {}
        self.share_shapes = share_shapes
        self._shared: dict[str, jinja2.Template | None] = {}  # by segment source
        # A clause whose text ran out a command's rendering time is recorded (see
        # Library.watch): ``runaway`` gives what was recorded for a clause, which is then
        # refused at once; ``ran_out`` hears of a clause that ran out the time just now.
        self.runaway: Callable[[Clause], str | None] = lambda clause: None
        self.ran_out: Callable[[Clause, str], None] = lambda clause, message: None
        self.last_error: BaseException | None = None  # why render_many last failed

    def template(self, clause: Clause, lang: str) -> jinja2.Template:
        key = (str(clause.path), clause.id, lang)
        template = self._compiled.get(key)
        if template is None:
            template = compile_text(self.env, clause.text[lang], filename=str(clause.path),
                                    first_line=clause.text_lines.get(lang, 1))
            self._compiled[key] = template
        return template

    def render(self, clause: Clause, lang: str, values: dict[str, Any], *,
               skeleton: Skeleton | None = None) -> Markdown:
        """The clause text in ``lang`` as Markdown; values are escaped by the environment.

        ``skeleton``: the text's skeleton when known (the index keeps them), for
        ``share_shapes``.
        """
        if self.share_shapes:
            shared = self._render_shared(clause, lang, values, skeleton)
            if shared is not None:
                return shared
        recorded = self.runaway(clause)
        if recorded is not None:
            raise template_error(RenderLimitExceeded(recorded), filename=str(clause.path),
                first_line=clause.text_lines.get(lang, 1))
        template = self.template(clause, lang)
        context = {name: None for name in clause.variables}
        context.update(localize_values(values, lang))
        context["lang"] = lang
        try:
            text = render_limited(template, context)
        except TemplateError:
            raise
        except Exception as exc:  # anything a hostile or broken text raises
            if isinstance(exc, RenderTimeExceeded):
                self.ran_out(clause, str(exc))
            raise template_error(exc, filename=str(clause.path),
                                 first_line=clause.text_lines.get(lang, 1)) from None
        return Markdown(text.strip())

    def _render_shared(self, clause: Clause, lang: str, values: dict[str, Any],
                       skeleton: Skeleton | None) -> Markdown | None:
        """Render segment by segment through templates shared by every text with the same
        segment; None when the text has no usable skeleton or anything fails (the caller
        then renders it on its own, which reports any error exactly)."""
        rendered = self.render_shared({lang: skeleton} if skeleton else {}, clause, values,
                                      (lang,))
        return rendered[lang] if rendered else None

    def render_shared(self, skeletons: dict[str, Skeleton], clause: Clause,
                      values: dict[str, Any], languages: tuple[str, ...] | None = None,
                      *, pool: str = budget.MAIN) -> dict[str, Markdown] | None:
        """Texts of ``clause`` (every language by default) through the shared templates, in
        one guarded render (one time limit, one memory limit, one output cap for all);
        None when a text has no usable skeleton or anything fails (the reason in
        :attr:`last_error`)."""
        return self.render_many([(clause, skeletons, values, languages)], pool=pool)[0]

    def render_many(self, items: list[tuple[Clause, dict[str, Skeleton], dict[str, Any],
                                            tuple[str, ...] | None]],
                    *, pool: str = budget.MAIN) -> list[dict[str, Markdown] | None]:
        """:meth:`render_shared` for several clauses in one guarded render (the sandbox's
        guards cost more than rendering a short text); a clause that cannot be rendered
        this way gets None, and if the render fails every clause gets None. A clause
        recorded as a runaway is left out (None): rendered on its own, it is refused."""
        from csp_draft.library.shapes import segment_context, skeleton_of

        parts: list[tuple[tuple[int, str], str | tuple[jinja2.Template, dict[str, Any]]]] = []
        usable: list[bool] = []
        self.last_error = None
        for number, (clause, skeletons, values, languages) in enumerate(items):
            mine: list[tuple[tuple[int, str], Any]] = []
            ok = self.runaway(clause) is None
            for lang in (languages or tuple(clause.text)) if ok else ():
                skeleton = skeletons.get(lang) or skeleton_of(self.env, clause.text[lang],
                                                              clause.variables)
                if skeleton is None:
                    ok = False
                    break
                localized = localize_values(values, lang)
                for segment in skeleton.segments:
                    if segment.source is None:
                        mine.append(((number, lang), segment.pieces[0]))
                        continue
                    template = self._template_of(segment.source, clause)
                    if template is None:
                        ok = False
                        break
                    mine.append(((number, lang),
                                 (template, segment_context(segment, localized, lang))))
                if not ok:
                    break
            usable.append(ok)
            if ok:
                parts += mine
        segments = _Segments(parts)
        try:
            render_limited(segments, {}, pool=pool)  # type: ignore[arg-type]
        except Exception as exc:
            self.last_error = exc
            if isinstance(exc, RenderTimeExceeded) and segments.current is not None:
                self.ran_out(items[segments.current[0]][0], str(exc))  # the runaway itself
            return [None] * len(items)
        results: list[dict[str, Markdown] | None] = [
            {} if ok else None for ok in usable]
        for (number, lang), pieces in segments.output.items():
            result = results[number]
            if result is not None:
                result[lang] = Markdown("".join(pieces).strip())
        return results

    def _template_of(self, source: str, clause: Clause) -> jinja2.Template | None:
        template = self._shared.get(source, False)
        if template is False:
            try:
                template = compile_text(self.env, source, filename=str(clause.path))
            except Exception:
                template = None
            self._shared[source] = template
        return template


class _Segments:
    """Segments of several texts rendered one after another, as render_limited renders a
    template (it only asks for ``generate``); each text's output is kept apart."""

    __slots__ = ("current", "output", "parts")

    def __init__(self, parts: list[tuple[Any, str | tuple[jinja2.Template, dict[str, Any]]]]
                 ) -> None:
        self.parts = parts
        self.output: dict[Any, list[str]] = {key: [] for key, _ in parts}
        self.current: Any = None  # the key of the text being rendered (when a limit hits)

    def generate(self, _context: dict[str, Any]) -> Iterator[str]:
        for key, part in self.parts:
            self.current = key
            into = self.output[key]
            if isinstance(part, str):
                into.append(part)
                yield part
            else:
                template, context = part
                for piece in template.generate(context):
                    into.append(piece)
                    yield piece
