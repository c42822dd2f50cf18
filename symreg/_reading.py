"""Reading answers inside the time budget: text is parsed in a worker process.

Building SymPy objects from text can take long (SymPy evaluates while it
builds), so the answer checker reads text in a worker of :mod:`symreg._budget`
that is killed at the deadline, like the check itself. SymPy objects and
numbers are taken in the calling process (there is nothing to parse).

A refusal (a :class:`~symreg.errors.SymregError` of the parser) comes back
with the role of the operand that was refused, and the caller words it
(``label``); a reading cut short by the budget raises :class:`OutOfTime`.

>>> answers, seconds = read([("w/w", "answer", False), (2, "expected", False)],
...                         symbols=None, timeout=60)
>>> [answer.written for answer in answers]
[w/w, 2]
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from symreg import _budget
from symreg._answers import Answer, SymbolsArg, coerce_answer, coerce_written, symbols_from_spec
from symreg._decide import Frozen, freeze, thaw
from symreg.errors import ParseError, SymregError

__all__ = ["DEFAULT_TIMEOUT", "OutOfTime", "Refusal", "plain", "read", "resolve_symbols"]

#: Default time budget of one check, in seconds (:data:`symreg.check.DEFAULT_TIMEOUT`).
DEFAULT_TIMEOUT = 5.0

#: How a refusal of the operand in ``role`` is worded: ``label(role, error)``.
Refusal = Callable[[str, Exception], Exception]


class OutOfTime(ParseError):
    """Reading the operands took the whole time budget."""


class _Refused(NamedTuple):
    """An operand the parser refused (sent back from the worker)."""

    role: str
    error: Exception


def plain(role: str, error: Exception) -> Exception:
    """The refusal as the parser worded it.

    >>> plain("answer", ParseError("unknown name 'foo' at position 0"))
    ParseError("unknown name 'foo' at position 0")
    """
    return error


def resolve_symbols(symbols: SymbolsArg) -> SymbolsArg:
    """A spec with assumptions as text (``"x: real"``) as symbols; anything else unchanged.

    Done once by the caller, so that a bad spec is refused as such (not as an operand).

    >>> resolve_symbols("x: positive")
    {'x': x}
    """
    if isinstance(symbols, str) or (isinstance(symbols, Mapping) and any(
            isinstance(v, str) for v in symbols.values())):
        return symbols_from_spec(symbols)
    return symbols


def _in_process(obj: Any) -> bool:
    """Whether ``obj`` is taken without parsing (a SymPy object or a number)."""
    return not isinstance(obj, (str, tuple, set, frozenset))


def _read_texts(texts: tuple[tuple[Any, str, bool, bool], ...], symbols: SymbolsArg
                ) -> tuple[list[tuple[Frozen, tuple[str, ...]] | _Refused], float]:
    """Read each ``(text, role, latex, written)`` (in a worker); stop at the first refusal.

    Returns the forms (frozen) or the refusal, and the seconds reading took.
    """
    started = time.monotonic()
    out: list[tuple[Frozen, tuple[str, ...]] | _Refused] = []
    names = _names_key(symbols)
    if names is not _UNSHARED:
        symbols = _names(names)  # the same names, whatever iterable they came in
    for obj, role, latex, written in texts:
        try:
            if isinstance(obj, str) and names is not _UNSHARED:
                out.append(_read_text(obj, role, latex, written, names))
            else:
                out.append(_read_one(obj, role, latex, written, symbols))
        except (SymregError, TypeError) as exc:
            out.append(_Refused(role, exc))
            break
    return out, time.monotonic() - started


def _read_one(obj: Any, role: str, latex: bool, written: bool, symbols: SymbolsArg
              ) -> tuple[Frozen, tuple[str, ...]]:
    """One operand read: its form (frozen) and the warnings of its reading."""
    if written:
        answer = coerce_written(obj, role, latex=latex, symbols=symbols)
    else:
        answer = Answer(coerce_answer(obj, role, latex=latex, symbols=symbols))
    return freeze(answer.written), answer.warnings


#: Names given as something that cannot be a key: texts read with them are not shared.
_UNSHARED: Any = object()


def _names_key(symbols: SymbolsArg) -> Any:
    """The names for the parser as a key of :func:`_read_text` (None: no names)."""
    try:
        if symbols is None:
            return None
        if isinstance(symbols, Mapping):
            key: Any = ("names", tuple(sorted(symbols.items())))
        elif isinstance(symbols, str):
            key = ("spec", symbols)
        else:
            key = ("symbols", tuple(symbols))
        hash(key)
    except TypeError:
        return _UNSHARED
    return key


@functools.lru_cache(maxsize=1024)
def _read_text(text: str, role: str, latex: bool, written: bool, names: Any
               ) -> tuple[Frozen, tuple[str, ...]]:
    """:func:`_read_one` for text, shared by the checks a worker runs: a grader's
    batch holds the same answers many times, and a reading depends on nothing but
    these arguments. A refusal is not kept (it is raised again each time)."""
    return _read_one(text, role, latex, written, _names(names))


def _names(key: Any) -> SymbolsArg:
    """The names for the parser that :func:`_names_key` made ``key`` of."""
    if key is None:
        return None
    kind, value = key
    return dict(value) if kind == "names" else value


def _warm_up() -> None:
    """Load the parser and SymPy in a fresh worker (outside any budget)."""
    _read_texts((("w/w + 1/2", "answer", False, True), (r"\frac{1}{2}", "answer", True, False)),
                None)


def read(operands: Sequence[tuple[Any, str, bool]], *, symbols: SymbolsArg, timeout: float,
         label: Refusal = plain, written: bool = True, what: str = "the answers"
         ) -> tuple[list[Answer], float]:
    """Read each ``(operand, role, latex)``: text in a worker within ``timeout`` seconds.

    Args:
        operands: the operands with the role that names them in messages and
            whether text is LaTeX.
        symbols: more names for the parser (resolve a spec first with
            :func:`resolve_symbols`).
        timeout: the budget of reading, in seconds.
        label: words the first refusal, from its role and the parser's error.
        written: keep the forms as written (else the evaluated values).
        what: what is read, for the message of a reading cut short.

    Returns:
        The answers, and the seconds reading took (a worker's start-up aside).

    Raises:
        OutOfTime: the budget ran out while reading.
        ParseError: the worker failed (the message says how).
        SymregError: the first refusal, as ``label`` words it.
    """
    started = time.monotonic()
    answers: list[Answer | None] = []
    texts: list[tuple[Any, str, bool, bool]] = []
    for obj, role, latex in operands:
        if _in_process(obj):
            try:
                answers.append(coerce_written(obj, role, latex=latex, symbols=symbols)
                               if written else
                               Answer(coerce_answer(obj, role, latex=latex, symbols=symbols)))
            except SymregError as exc:
                raise label(role, exc) from None
        else:
            answers.append(None)
            texts.append((obj, role, latex, written))
    spent = time.monotonic() - started
    if texts:
        kind, value = _budget.run(_read_texts, (tuple(texts), symbols), timeout,
                                  warmup=_warm_up)
        if kind == "timeout":
            raise OutOfTime(f"time budget of {timeout:g} s exhausted while reading {what}")
        if kind != "ok":
            raise ParseError(f"could not read {what}: {value}")
        replies = iter(value[0])
        spent += value[1]
        for n, answer in enumerate(answers):
            if answer is not None:
                continue
            reply = next(replies)
            if isinstance(reply, _Refused):
                raise label(reply.role, reply.error) from None
            answers[n] = Answer(thaw(reply[0]), reply[1])
    return [answer for answer in answers if answer is not None], spent

