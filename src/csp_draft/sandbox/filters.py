"""The filters clause texts and templates use, and the bounds put on Jinja's own.

Ours (``and_list``, ``or_list``, ``long_date``, ``people``, ``plural``, ``ordinal``,
``number``, ``indent_md``) speak the render's language through :mod:`csp_draft.i18n` and
escape what they are given as Markdown. Of Jinja's filters, those that could reach Python
objects or build unbounded output are removed, and those that pad, repeat or fill check
their arguments against :data:`csp_draft.sandbox.limits.MAX_OPERATION_SIZE` first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jinja2
import jinja2.filters

from csp_draft import i18n
from csp_draft.markdown.escape import Markdown, escape_markdown
from csp_draft.models.data import LocalizedText, localize
from csp_draft.models.people import CASES, Name, Person, PersonRef
from csp_draft.sandbox.limits import (
    RenderLimitExceeded,
    UnsafeCharacter,
    check_percent,
    limited_range,
    refuse_size,
    value_width,
)
from csp_draft.textsafety import XML_INVALID

REMOVED_FILTERS = ("attr", "xmlattr", "pprint", "wordwrap", "filesizeformat", "urlize")
REMOVED_GLOBALS = ("cycler", "joiner", "namespace", "lipsum")


def install(env: jinja2.Environment) -> None:
    """Put csp-draft's filters into ``env``, bound Jinja's risky ones, remove the rest."""
    env.filters.update(
        and_list=_and_list, or_list=_or_list, long_date=_long_date, people=_people,
        plural=_plural, ordinal=_ordinal, number=_format_number, indent_md=_indent_markdown,
    )
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    checks: dict[str, Callable[..., None]] = {
        "center": _check_center, "indent": _check_indent, "format": _check_format,
        "replace": _check_replace, "batch": _check_batch, "slice": _check_slice,
    }
    for name, check in checks.items():
        env.filters[name] = _bounded_filter(env.filters[name], check)
    env.filters["join"] = _bounded_join
    env.filters["sum"] = jinja2.pass_environment(_numbers_sum)
    for name in REMOVED_GLOBALS:
        env.globals.pop(name, None)
    env.globals["range"] = limited_range


def _bounded_filter(original: Callable[..., Any], check: Callable[..., None]
                    ) -> Callable[..., Any]:
    """``original`` (keeping how Jinja passes it context) after ``check`` of its arguments."""

    passes_context = hasattr(original, "jinja_pass_arg")  # then the first argument is it

    @functools.wraps(original)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check(*args[1:] if passes_context else args, **kwargs)
        return original(*args, **kwargs)

    return bounded


def _check_center(value: Any, width: Any = 80) -> None:
    refuse_size(value_width(width))


def _check_indent(text: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    pad = len(width) if isinstance(width, str) else value_width(width)
    source = str(text)
    refuse_size(len(source) + (source.count("\n") + 1) * pad)


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    check_percent(str(value), kwargs or tuple(args))


def _check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    source, old_text, new_text = str(text), str(old), str(new)
    times = source.count(old_text) if old_text else len(source) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    refuse_size(len(source) + times * max(len(new_text) - len(old_text), 0))


def _check_batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    refuse_size(value_width(linecount))


def _check_slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    refuse_size(value_width(slices))


def _numbers_sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """Jinja's ``sum``, for numbers only: ``sum(start=[])`` over many lists copies the
    growing list at every step (quadratic: it ran into the time limit twice, 20 s)."""
    if isinstance(start, bool) or not isinstance(start, int | float):
        raise RenderLimitExceeded("sum adds numbers only; join texts with join")
    return jinja2.filters.sync_do_sum(environment, iterable, attribute, start)


def _bounded_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
    items = list(value)
    refuse_size(len(str(d)) * max(len(items) - 1, 0)
                 + sum(len(item) for item in items if isinstance(item, str)))
    return jinja2.filters.sync_do_join(eval_ctx, items, d, attribute)


_bounded_join = jinja2.pass_eval_context(_bounded_join)


def finalize(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markdown):
        bad = XML_INVALID.search(value)
        if bad:  # made by an expression ('%c' % 0): an error, as in the text itself
            raise UnsafeCharacter(f"the output holds the character U+{ord(bad.group()):04X}, "
                                  "which documents cannot hold")
    return escape_markdown(value)


def _lang(context: jinja2.runtime.Context) -> str:
    return context.get("lang", "en")


@jinja2.pass_context
def _and_list(context: jinja2.runtime.Context, items: Any) -> Markdown:
    return Markdown(i18n.join_list([escape_markdown(i) for i in _as_list(items)], _lang(context)))


@jinja2.pass_context
def _or_list(context: jinja2.runtime.Context, items: Any) -> Markdown:
    return Markdown(i18n.join_list([escape_markdown(i) for i in _as_list(items)], _lang(context),
                                   style="or"))


@jinja2.pass_context
def _long_date(context: jinja2.runtime.Context, value: Any) -> Markdown:
    if value is None or value == "":
        return Markdown("")
    return escape_markdown(i18n.long_date(value, _lang(context)))


@jinja2.pass_context
def _people(context: jinja2.runtime.Context, records: Any, case: str | None = None
            ) -> Markdown:
    """People with their country, those of one country grouped: ``A and B (Belarus)``.

    When a country has several people, the groups are separated by semicolons so that
    every name visibly belongs to its country: ``A (Belarus); B and C (Uzbekistan)``.
    ``case`` (``nom``, ``gen``, ``acc``, ``dat``, ``ins``, ``prep``) is the form the
    sentence needs: a case record gives it (``освободить Алеся Беляцкого``: acc); a
    language without cases, or a name written once, reads the same in every case.
    """
    if case is not None and case not in CASES:
        raise TypeError(f"people takes a case: one of {', '.join(CASES)}, not {case!r}")
    lang = _lang(context)
    groups: dict[str, list[str]] = {}
    for record in _as_list(records):
        if isinstance(record, Person):
            name = escape_markdown(record.name.form(lang, case))
            key = escape_markdown(i18n.country_name(record.country, lang)) \
                if record.country else ""
        elif isinstance(record, PersonRef):  # a clause example, shown without the records
            name, key = escape_markdown(record.id), ""
        elif isinstance(record, dict) and not isinstance(record, LocalizedText):
            name = escape_markdown(_name_in(record.get("name", ""), lang, case))
            country = record.get("country")
            key = escape_markdown(localize(country, lang)) if country else ""
        else:
            name, key = escape_markdown(localize(record, lang)), ""
        groups.setdefault(key, []).append(name)
    parts = [i18n.join_list(names, lang) + (f" ({country})" if country else "")
             for country, names in groups.items()]
    if all(len(names) == 1 for names in groups.values()):
        return Markdown(i18n.join_list(parts, lang))
    return Markdown("; ".join(parts))


@jinja2.pass_context
def _plural(context: jinja2.runtime.Context, count: Any, **forms: str) -> Markdown:
    return escape_markdown(i18n.plural_form(_number(count), _lang(context), forms))


@jinja2.pass_context
def _ordinal(context: jinja2.runtime.Context, number: Any, form: str | None = None) -> Markdown:
    if form is not None and not isinstance(form, str):
        raise TypeError("the form of an ordinal is a name such as 'f' or 'f.gen'")
    return escape_markdown(i18n.ordinal(int(_number(number)), _lang(context), form))


@jinja2.pass_context
def _format_number(context: jinja2.runtime.Context, number: Any) -> Markdown:
    return escape_markdown(i18n.format_number(_number(number), _lang(context)))


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return int(str(value))
        except ValueError:
            raise TypeError(f"expected a number, got {value!r}") from None
    return value


def _name_in(name: Any, lang: str, case: str | None) -> str:
    if isinstance(name, Name):
        return name.form(lang, case)
    return localize(name, lang)


def _as_list(items: Any) -> list:
    if items is None:
        return []
    if isinstance(items, str | dict | Person | PersonRef):
        return [items]
    return list(items)


def _indent_markdown(text: Any, width: int = 3) -> Markdown:
    """Indent continuation lines so a multi-line block stays inside a list item."""
    pad = " " * width
    lines = str(text).split("\n")
    return Markdown("\n".join([lines[0]] + [pad + line if line.strip() else ""
                                            for line in lines[1:]]))

