"""The limits of the Jinja sandbox that runs clause texts and document templates.

Clause libraries and templates come from other organisations, so they run in Jinja's
immutable sandbox with undefined values as errors, and with limits the sandbox lacks:

- operations that would build huge strings, lists or numbers are refused before they run
  (``*``, ``+``, ``~``, ``%``, ``**``, ``str.format`` and the string methods that pad,
  replace or join; :mod:`.filters` bounds the filters that do the same), including when
  Jinja folds constants while compiling;
- ``range()`` gives at most :data:`MAX_RANGE` numbers;
- output is capped, a render that runs too long is stopped, and (on Linux) a render may
  use at most :data:`RENDER_MEMORY_BYTES` more memory, which also stops the cases no
  check above foresees (the repr of a huge nested list, ...);
- the time limit is one budget per command (:mod:`.budget`): all the renders of a command
  together may take :data:`RENDER_SECONDS`, however many runaway texts it meets.

:mod:`.loader` finds template files, :mod:`.filters` holds the filters clause texts use,
and :mod:`.environment` assembles them. This module is a little over 400 lines because the
sandbox class, the checks its hooks call and the render guards are one set of limits,
each tuned against the others (see tests/security/test_sandbox.py).
"""
from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import string
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from markupsafe import Markup

from csp_draft.markdown.escape import Markdown
from csp_draft.sandbox import budget
from csp_draft.textsafety import XML_INVALID

MAX_OPERATION_SIZE = 1_000_000  # characters or items one operation may produce
MAX_OUTPUT_CHARS = 5_000_000  # a long resolution is 50,000; 5,000 paragraphs about 1,000,000
MAX_RANGE = 100_000
MAX_INT_BITS = 100_000  # about 30,000 decimal digits
# Nesting Jinja's recursive parser and compiler can take with room to spare (they fail near
# 80 brackets, 300 blocks or 500 operators); templates here use 1, 6 and 24.
MAX_BRACKETS = 10
MAX_BLOCKS = 20
MAX_TAGS = 5_000  # tags in one template; the packaged ones have a few hundred at most
MAX_TAG_TOKENS = 100
RENDER_SECONDS = 10.0
RENDER_MEMORY_BYTES = 96 * 1024 * 1024  # more address space a render may take


class RenderLimitExceeded(Exception):
    """A template tried to use more time or memory than a document ever needs."""


class RenderTimeExceeded(RenderLimitExceeded):
    """The text being rendered when the command's rendering time ran out: the runaway."""


class RenderTimeSpent(RenderLimitExceeded):
    """A text not rendered because earlier ones used up the command's rendering time."""


class UnsafeCharacter(Exception):
    """A template made a character that no document can hold (``{{ "\\x00" }}``)."""


def refuse_size(size: int, what: str = "a value would grow beyond") -> None:
    if size > MAX_OPERATION_SIZE:
        raise RenderLimitExceeded(f"{what} {MAX_OPERATION_SIZE:,} characters or items")


def value_width(value: Any) -> int:
    """A width or count argument as a number (0 when it is not one; the call then fails)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# One %-conversion: optional (key), flags, width, precision, length modifier, type.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.S)


def check_percent(template: str | bytes, args: Any) -> None:
    """Refuse ``template % args`` when it could produce a huge string."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    specs = _PERCENT_SPEC.findall(text)
    if not specs:
        return
    if isinstance(args, Mapping):
        values = list(args.values())
    elif isinstance(args, tuple):
        values = list(args)
    else:
        values = [args]
    widest = max((len(v) for v in values if isinstance(v, str | bytes)), default=0) + 400
    size = len(text)
    for width, precision, _ in specs:
        if "*" in (width, precision):
            raise RenderLimitExceeded("'*' widths are not allowed in % formatting")
        size += int(width or 0) + int(precision or 0) + widest
    refuse_size(size)


class _BoundedFormatting:
    """For ``str.format``: widths and precisions, and the whole result, stay bounded."""

    produced = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        for number in re.findall(r"\d+", format_spec):
            refuse_size(int(number) if len(number) < 10 else MAX_OPERATION_SIZE + 1,
                         "a format width would exceed")
        result = super().format_field(value, format_spec)  # type: ignore[misc]
        self.produced += len(result)
        refuse_size(self.produced)
        return result


class _BoundedFormatter(_BoundedFormatting, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_BoundedFormatting, SandboxedEscapeFormatter):
    pass


CONCAT_FILTER = "limited_concat"  # what ``a ~ b`` compiles to: see _limit_concat


def guarded_tokens(env: jinja2.Environment, source: str, name: str | None = None,
                   filename: str | None = None) -> Iterator[Token]:
    """The tokens Jinja's parser reads for ``source`` (through the environment's public
    lexer), refusing nesting and sizes that would crash or swamp the parser: see
    :func:`_guard_nesting`. No extension is installed, so nothing else filters them."""
    return _guard_nesting(iter(env.lexer.tokenize(source, name, filename)), name, filename)


def compile_limited(env: jinja2.Environment, source: str, name: str | None = None,
                    filename: str | None = None) -> Any:
    """Compile ``source`` with the limits: its tokens checked while they are read, and
    every ``a ~ b`` turned into a call that refuses a huge result. Only Jinja's public
    interfaces: the lexer, the parser, the node classes and ``Environment.compile``
    (which takes a parsed tree)."""
    parser = Parser(env, "", name, filename)  # lexes nothing: the stream is given below
    parser.stream = TokenStream(guarded_tokens(env, source, name, filename), name, filename)
    tree = parser.parse()
    _limit_concat(tree)
    return env.compile(tree, name, filename)


def _limit_concat(tree: nodes.Template) -> None:
    """Replace each ``Concat`` node (``a ~ b ~ c``) by the filter :data:`CONCAT_FILTER`
    applied to the tuple of its pieces, which joins them within the size limit. Jinja
    folds constants while compiling; a filter call it folds runs the same check."""

    def wrapped(node: nodes.Concat) -> nodes.Filter:
        pieces = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return nodes.Filter(pieces, CONCAT_FILTER, [], [], None, None, lineno=node.lineno)

    for parent in list(tree.find_all(nodes.Node)):
        for field in parent.fields:
            value = getattr(parent, field, None)
            if isinstance(value, nodes.Concat):
                setattr(parent, field, wrapped(value))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, nodes.Concat):
                        value[index] = wrapped(item)


_OPENING_TAGS = frozenset({"if", "for", "macro", "call", "filter", "block", "with",
                           "autoescape"})


def _guard_nesting(tokens: Iterator[Token], name: str | None, filename: str | None
                   ) -> Iterator[Token]:
    """The tokens, refusing nesting deep enough to overflow Jinja's recursive parser and
    compiler (a RecursionError there would be a crash, not a message)."""
    brackets = blocks = in_tag = tags = 0
    tag_opening = setting = False
    for token in tokens:
        kind = token.type
        problem = ""
        if kind in ("block_begin", "variable_begin"):
            in_tag, tag_opening, setting = 0, kind == "block_begin", False
            tags += 1
            if tags > MAX_TAGS:  # Jinja would take seconds and hundreds of MB to compile it
                problem = f"the template holds more than {MAX_TAGS:,} tags"
        elif kind not in ("block_end", "variable_end", "data"):
            in_tag += 1
            if in_tag > MAX_TAG_TOKENS:
                problem = f"a tag holds more than {MAX_TAG_TOKENS} words and symbols"
            if tag_opening and kind == "name":
                # ``{% set x %}`` opens a block, ``{% set x = ... %}`` does not (see below).
                if token.value in _OPENING_TAGS or token.value == "set":
                    blocks += 1
                elif token.value.startswith("end"):
                    blocks -= 1
                if blocks > MAX_BLOCKS:
                    problem = f"blocks nest more than {MAX_BLOCKS} deep"
                setting = token.value == "set"
            elif setting and kind == "assign":
                blocks -= 1
                setting = False
            tag_opening = False
            if kind in ("lparen", "lbracket", "lbrace"):
                brackets += 1
                if brackets > MAX_BRACKETS:
                    problem = f"brackets nest more than {MAX_BRACKETS} deep"
            elif kind in ("rparen", "rbracket", "rbrace"):
                brackets -= 1
        if problem:
            raise jinja2.TemplateSyntaxError(problem, token.lineno, name, filename)
        yield token


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox plus bounds on the size of what one operation makes."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters[CONCAT_FILTER] = self.limited_concat

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int) and (
                    len(seq) * count > MAX_OPERATION_SIZE
                ):
                    raise RenderLimitExceeded("a repetition would produce more than "
                                              f"{MAX_OPERATION_SIZE:,} characters or items")
            if isinstance(left, int) and isinstance(right, int) and (
                _bits(left) + _bits(right) > MAX_INT_BITS
            ):
                raise RenderLimitExceeded("a product is too large to compute")
        elif operator == "**":
            if isinstance(left, int | float) and isinstance(right, int | float) and (
                abs(right) > 1000 or (abs(left) > 1 and abs(right) * _bits(left) > 10_000)
            ):
                raise RenderLimitExceeded("a power is too large to compute")
        elif operator == "+" and isinstance(left, str | bytes | list | tuple) and isinstance(
            right, str | bytes | list | tuple
        ) and len(left) + len(right) > MAX_OPERATION_SIZE:
            raise RenderLimitExceeded(f"a value would grow beyond {MAX_OPERATION_SIZE:,} "
                                      "characters")
        elif operator == "%" and isinstance(left, str | bytes):
            check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def limited_concat(self, pieces: Sequence[Any]) -> str:
        """``a ~ b ~ ...``: the pieces as text, joined, within the size limit."""
        texts = [str(piece) for piece in pieces]
        refuse_size(sum(map(len, texts)))
        return "".join(texts)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` through a formatter that bounds the result."""
        if super().wrap_str_format(value) is None:
            return None
        owner: str = value.__self__
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            formatter: string.Formatter
            if isinstance(owner, Markup):
                formatter = _BoundedEscapeFormatter(self, escape=owner.escape)
            else:
                formatter = _BoundedFormatter(self)
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(bounded, value)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        """Output of ``super()``, ``caller()`` and macros is template Markdown, not a value."""
        args = _check_method_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, jinja2.runtime.BlockReference | jinja2.runtime.Macro) and (
            isinstance(result, str)
        ):
            return Markdown(result)
        return result


def _check_method_call(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
                       ) -> tuple[Any, ...]:
    """Refuse string methods that would build a huge result; the arguments to call with."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str | bytes):
        return args
    name = getattr(method, "__name__", "")
    if name in ("ljust", "rjust", "center", "zfill"):
        refuse_size(value_width(args[0] if args else kwargs.get("width")))
    elif name == "expandtabs":
        tabsize = value_width(args[0] if args else kwargs.get("tabsize", 8))
        tab = "\t" if isinstance(owner, str) else b"\t"
        refuse_size(len(owner) + owner.count(tab) * tabsize)  # type: ignore[arg-type]
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], type(owner)) and (
        isinstance(args[1], type(owner))
    ):
        old, new = args[0], args[1]
        times = owner.count(old) if old else len(owner) + 1
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        refuse_size(len(owner) + times * max(len(new) - len(old), 0))
    elif name == "join" and args:
        items = list(args[0])
        refuse_size(len(owner) * max(len(items) - 1, 0)
                     + sum(len(item) for item in items if isinstance(item, str | bytes)))
        return (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        refuse_size(len(owner) * longest)
    return args



def limited_range(*args: Any) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise RenderLimitExceeded(f"range() may give at most {MAX_RANGE:,} numbers")
    return numbers


def _bits(number: int | float) -> int:
    return max(int(abs(number)).bit_length(), 1)
def render_limited(template: jinja2.Template, context: dict[str, Any], *,
                   seconds: float | None = None, pool: str = budget.MAIN) -> str:
    """Render with the output capped and, in the main thread, time and memory limits
    (``seconds``: the time limit, :data:`RENDER_SECONDS` unless given; the time comes out
    of the command's budget ``pool``, see :mod:`.budget`)."""
    if _guard_deadline is not None:  # inside render_guard, whose limits hold: the common case
        if time.monotonic() >= _guard_deadline:
            raise _spent(_guard_seconds)
        return _capped(template, context)
    limit = RENDER_SECONDS if seconds is None else seconds
    left = RENDER_SECONDS - budget.spent(pool)
    if left <= 0:
        raise _spent(RENDER_SECONDS)
    started = time.monotonic()
    try:
        with _memory_limit(RENDER_MEMORY_BYTES), _time_limit(min(limit, left),
                                                             shown=max(limit, RENDER_SECONDS)):
            return _capped(template, context)
    finally:
        budget.spend(time.monotonic() - started, pool)


def _too_long(seconds: float) -> RenderTimeExceeded:
    return RenderTimeExceeded(f"rendering took longer than {seconds:g} s")


SPENT = "this command may spend rendering were used up by an earlier text"


def _spent(seconds: float) -> RenderTimeSpent:
    return RenderTimeSpent(f"the {seconds:g} s {SPENT}")


def _capped(template: jinja2.Template, context: dict[str, Any]) -> str:
    pieces: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise RenderLimitExceeded(f"output would exceed {MAX_OUTPUT_CHARS:,} characters")
        bad = XML_INVALID.search(piece)
        if bad:
            raise UnsafeCharacter(f"the output holds the character U+{ord(bad.group()):04X}, "
                                  "which documents cannot hold")
        pieces.append(piece)
    return "".join(pieces)


_limiting_memory = False


@contextlib.contextmanager
def render_guard(seconds: float | None = None) -> Iterator[None]:
    """One time limit (``seconds``, :data:`RENDER_SECONDS` unless given) and one memory
    limit around many renders.

    Setting the limits costs a few system calls; a document of thousands of items is
    rendered under one guard, and the renders inside it only cap their output. Once the
    guard's time is spent, every later render inside it stops at once: a document of fifty
    runaway clauses takes one time limit, not fifty.
    """
    global _guard_deadline, _guard_seconds

    limit = RENDER_SECONDS if seconds is None else seconds
    outer, outer_seconds = _guard_deadline, _guard_seconds
    started = time.monotonic()
    if outer is None:
        left = min(limit, RENDER_SECONDS - budget.spent())
        if left <= 0:
            raise _spent(RENDER_SECONDS)
        _guard_deadline, _guard_seconds = started + left, max(limit, RENDER_SECONDS)
    try:
        with _memory_limit(RENDER_MEMORY_BYTES), _time_limit(
                _guard_deadline - started, shown=_guard_seconds):
            yield
    finally:
        _guard_deadline, _guard_seconds = outer, outer_seconds
        if outer is None:
            budget.spend(time.monotonic() - started)


_guard_deadline: float | None = None
_guard_seconds = RENDER_SECONDS


@contextlib.contextmanager
def _memory_limit(extra: int) -> Iterator[None]:
    """Let the process grow by at most ``extra`` bytes of address space (Linux, main thread).

    A string too large to build then fails at once with MemoryError, instead of the
    machine swapping while a template builds it; afterwards the old limit is restored.
    """
    global _limiting_memory
    if _limiting_memory:  # an enclosing render_guard already limits this render
        yield
        return
    try:
        import resource

        with open("/proc/self/statm", "rb") as handle:
            in_use = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError, IndexError):
        yield
        return
    wanted = in_use + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    usable = (threading.current_thread() is threading.main_thread() and not _limiting_memory
              and (soft == resource.RLIM_INFINITY or soft > wanted))
    if not usable:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    _limiting_memory = True
    try:
        yield
    finally:
        _limiting_memory = False
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _time_limit(seconds: float, *, shown: float) -> Iterator[None]:
    """Stop the render after ``seconds`` (what is left of the command's budget), saying it
    took longer than ``shown`` (the budget itself)."""
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer"))
    if usable and _guard_deadline is not None and time.monotonic() >= _guard_deadline:
        raise _spent(_guard_seconds)
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise _too_long(shown)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
