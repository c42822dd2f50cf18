r"""Grading a batch of answers: one verdict per item, in input order, on any executor.

A grader holds thousands of ``{"id", "answer", "expected"}`` items. :func:`grade`
checks each with :func:`symreg.check.equivalent` and returns one
:class:`Graded` per item, in the order of the input, whatever order the
checks finish in.

The checks run on a :class:`concurrent.futures.Executor`: by default a pool of
processes, one per CPU; any other executor works the same way (a thread pool,
or a cluster's, such as ``distributed.Client(...).get_executor()``), so a
grader who outgrows one machine passes a cluster's executor to the same call.

Each item has a time budget that covers reading the answer *and* deciding it.
Whichever executor process or thread picks the item up hands it to
:func:`symreg.check.equivalent`, which reads and decides it in a worker
process of :mod:`symreg._budget` (one worker per executor slot, reused from
item to item, which reads a text met again, with the same flags and names, only
once); a worker that overruns is killed at the deadline (a fresh one
serves the next item) and the item's status is ``undecided`` with reason
``time budget of ... s exhausted``. No signal handler is involved.

An item whose answer cannot be read (or that is not an item at all) is not an
error of the batch: its status is ``invalid`` and its reason says why.

Items are mappings with the keys

``answer``, ``expected`` (required)
    text (LaTeX with the flags below), or a number;
``id`` (optional)
    any value, returned with the verdict;
``latex``, ``answer_latex``, ``expected_latex`` (optional, false by default)
    read both, or one of them, as LaTeX;
``symbols`` (optional)
    more names for the parser, as in :func:`symreg.check.parse` (a spec such as
    ``"x y: real; a: positive"`` or a mapping ``{"x": "real"}``);
``hints`` (optional, true by default)
    look for a convention mix-up when the two differ.

Examples
--------
>>> from concurrent.futures import ThreadPoolExecutor
>>> items = [{"id": "q1", "answer": "sqrt(w^2)", "expected": "|w|"},
...          {"id": "q2", "answer": "sqrt(w^2)", "expected": "w"},
...          {"id": "q3", "answer": "2 +* w", "expected": "w"}]
>>> with ThreadPoolExecutor(1) as pool:
...     graded = grade(items, executor=pool)
>>> [(g.id, g.status) for g in graded]
[('q1', 'equivalent'), ('q2', 'different'), ('q3', 'invalid')]
>>> graded[1].counterexample
{'w': '-1'}
>>> graded[2].reason
"answer: unexpected '*' at position 3"
"""

from __future__ import annotations

import collections
import json
import math
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from symreg.errors import InvalidParameterError, SymregError

__all__ = ["DEFAULT_TIMEOUT", "ITEM_KEYS", "Graded", "Unreadable", "default_workers", "grade",
           "iter_grade", "read_jsonl"]

#: Default time budget of one item, in seconds (as :data:`symreg.check.DEFAULT_TIMEOUT`).
DEFAULT_TIMEOUT = 5.0

#: The keys an item may have.
ITEM_KEYS = ("id", "answer", "expected", "latex", "answer_latex", "expected_latex",
             "symbols", "hints")
_FLAGS = ("latex", "answer_latex", "expected_latex", "hints")

GradeStatus = Literal["equivalent", "different", "undecided", "invalid"]


@dataclass(frozen=True)
class Graded:
    """The verdict on one item of a batch.

    Attributes:
        index: the item's position in the input (from 0).
        id: the item's ``id`` (None when it has none).
        status: ``"equivalent"``, ``"different"``, ``"undecided"`` or ``"invalid"``
            (the item could not be read).
        reason: why, in one line.
        counterexample: for ``"different"``, a point where the two differ, as
            ``{name: exact value as text}``; otherwise empty.
        hint: a likely cause of a difference (a convention mix-up), or ``""``.
        caveat: what the verdict assumes (for instance where a side is
            undefined), or ``""``.
        time: seconds spent reading and deciding the item (its budget when it
            ran out); a worker's start-up is not counted.
    """

    index: int
    id: Any
    status: GradeStatus
    reason: str = ""
    counterexample: dict[str, str] = field(default_factory=dict)
    hint: str = ""
    caveat: str = ""
    time: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """The verdict as a JSON-ready dict (the caveat only when there is one).

        >>> Graded(0, "q1", "equivalent", "proved symbolically").as_json()
        {'id': 'q1', 'status': 'equivalent', 'reason': 'proved symbolically', \
'counterexample': None, 'hint': '', 'time': 0.0}
        """
        out: dict[str, Any] = {"id": self.id, "status": self.status, "reason": self.reason}
        if self.caveat:
            out["caveat"] = self.caveat
        out.update(counterexample=self.counterexample or None, hint=self.hint,
                   time=round(self.time, 3))
        return out


@dataclass(frozen=True)
class Unreadable:
    """An input line that is not an item; graded ``invalid`` with this reason."""

    reason: str


def read_jsonl(lines: Iterable[str]) -> Iterator[object]:
    """The items of a JSON-lines text: one object per line, lazily.

    A line that is not JSON, or is empty, becomes an :class:`Unreadable`, so
    that verdict ``k`` always belongs to line ``k``.

    >>> list(read_jsonl(['{"answer": "w", "expected": "w"}', "{oops", ""]))
    [{'answer': 'w', 'expected': 'w'}, Unreadable(reason='not JSON: Expecting property name \
enclosed in double quotes at column 2'), Unreadable(reason='empty line')]
    """
    for line in lines:
        text = line.strip()
        if not text:
            yield Unreadable("empty line")
            continue
        try:
            yield json.loads(text)
        except json.JSONDecodeError as exc:
            yield Unreadable(f"not JSON: {exc.msg} at column {exc.colno}")
        except (RecursionError, ValueError) as exc:  # nesting too deep, huge integers
            yield Unreadable(f"not JSON: {type(exc).__name__}")


# ---------------------------------------------------------------------------
# one item (validation, then the check)


def _task(index: int, item: object) -> dict[str, Any] | Graded:
    """The task of one item, or its ``invalid`` verdict when it is not a valid item."""
    if isinstance(item, Unreadable):
        return Graded(index, None, "invalid", item.reason)
    if not isinstance(item, Mapping):
        return Graded(index, None, "invalid",
                      f"an item must be a mapping with answer and expected, "
                      f"got {type(item).__name__}")
    ident = item.get("id")
    unknown = sorted(str(k) for k in item if k not in ITEM_KEYS)
    if unknown:
        return Graded(index, ident, "invalid",
                      f"unknown key {unknown[0]!r} (known: {', '.join(ITEM_KEYS)})")
    for key in ("answer", "expected"):
        if key not in item:
            return Graded(index, ident, "invalid", f"missing key {key!r}")
        if not isinstance(item[key], (str, int, float)) or isinstance(item[key], bool):
            return Graded(index, ident, "invalid",
                          f"{key} must be text or a number, got {type(item[key]).__name__}")
    for key in _FLAGS:
        if key in item and not isinstance(item[key], bool):
            return Graded(index, ident, "invalid", f"{key} must be true or false")
    symbols = item.get("symbols")
    if symbols is not None and not isinstance(symbols, (str, Mapping)):
        return Graded(index, ident, "invalid",
                      "symbols must be a spec such as 'x y: real' or a mapping")
    latex = bool(item.get("latex", False))
    return {"index": index, "id": ident, "answer": item["answer"],
            "expected": item["expected"], "symbols": symbols,
            "answer_latex": latex or bool(item.get("answer_latex", False)),
            "expected_latex": latex or bool(item.get("expected_latex", False)),
            "hints": bool(item.get("hints", True))}


def _grade_one(task: dict[str, Any], timeout: float) -> Graded:
    """Read and check one item within ``timeout`` seconds; runs on the executor.

    :func:`symreg.check.equivalent` reads the text and decides in one worker
    process of :mod:`symreg._budget`, killed at the deadline; what comes back
    is plain text, so nothing symbolic crosses the executor's boundary.
    """
    from symreg._answers import symbols_from_spec
    from symreg._reading import OutOfTime
    from symreg._verdict import show
    from symreg.check import _equivalent

    def graded(status: GradeStatus, reason: str, **fields: Any) -> Graded:
        return Graded(task["index"], task["id"], status, " ".join(reason.split()), **fields)

    try:
        names = symbols_from_spec(task["symbols"]) if task["symbols"] else None
    except SymregError as exc:
        return graded("invalid", f"symbols: {exc}")
    try:
        verdict = _equivalent(task["answer"], task["expected"], latex=task["answer_latex"],
                              expected_latex=task["expected_latex"], symbols=names,
                              timeout=timeout, hints=task["hints"], label=_named)
    except OutOfTime:
        return _out_of_time(task, timeout)
    except SymregError as exc:
        return graded("invalid", str(exc))
    except (ValueError, TypeError, ArithmeticError) as exc:  # pragma: no cover - refused above
        return graded("undecided", f"could not decide: {type(exc).__name__}: {exc}")
    if verdict.method == "timeout":
        return _out_of_time(task, timeout)
    if verdict.method == "error":
        return graded("undecided", f"could not decide: {verdict.reason}", time=verdict.elapsed)
    return graded(verdict.status, verdict.reason, time=verdict.elapsed,
                  counterexample={str(s): show(v) for s, v in verdict.counterexample or ()},
                  hint=verdict.hint, caveat=str(verdict.caveat or ""))


def _named(role: str, error: Exception) -> Exception:
    """A refusal that names the operand it is about."""
    text = " ".join(str(error).split())
    return type(error)(text if text.startswith(f"{role} ") else f"{role}: {text}")


def _out_of_time(task: dict[str, Any], timeout: float) -> Graded:
    return Graded(task["index"], task["id"], "undecided",
                  f"time budget of {timeout:g} s exhausted", time=timeout)


# ---------------------------------------------------------------------------
# the batch


def default_workers() -> int:
    """The size of the default pool: the CPUs this process may use.

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _default_executor(workers: int) -> Executor:
    # A fresh interpreter per pool process: forking a process that has threads
    # (the budget's reader threads) is unsafe.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _check_options(timeout: object, workers: object, executor: object, window: object
                   ) -> tuple[float, int]:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
            math.isfinite(timeout) and timeout > 0):
        raise InvalidParameterError(
            f"timeout must be a positive finite number of seconds, got {timeout!r}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise InvalidParameterError(f"workers must be a positive integer, got {workers!r}")
    if workers is not None and executor is not None:
        raise InvalidParameterError("give workers or executor, not both")
    if executor is not None and not isinstance(executor, Executor):
        raise InvalidParameterError(
            f"executor must be a concurrent.futures.Executor, got {type(executor).__name__}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise InvalidParameterError(f"window must be a positive integer, got {window!r}")
    return float(timeout), workers or default_workers()


def _result(future: Future[Graded], task: dict[str, Any], timeout: float) -> Graded:
    """The verdict of a future; an executor that fails gives an undecided verdict."""
    try:
        return future.result()
    except Exception as exc:  # a broken pool or a lost cluster worker
        return Graded(task["index"], task["id"], "undecided",
                      f"could not decide: the executor failed ({type(exc).__name__}: {exc})",
                      time=timeout)


def iter_grade(
    items: Iterable[object],
    *,
    executor: Executor | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
    window: int = 64,
) -> Iterator[Graded]:
    """Like :func:`grade`, but yield each verdict as soon as those before it are known.

    Items are read lazily: at most ``window`` are in flight at once, so an
    endless stream of items is graded in constant memory.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(1) as pool:
    ...     [g.status for g in iter_grade([{"answer": "2", "expected": 2}], executor=pool)]
    ['equivalent']
    """
    timeout, size = _check_options(timeout, workers, executor, window)
    own = executor is None
    pool = _default_executor(size) if executor is None else executor
    pending: collections.deque[tuple[Future[Graded], dict[str, Any]]] = collections.deque()
    try:
        for index, item in enumerate(items):
            task = _task(index, item)
            if isinstance(task, Graded):
                done: Future[Graded] = Future()
                done.set_result(task)
                pending.append((done, {"index": index, "id": task.id}))
            else:
                pending.append((pool.submit(_grade_one, task, timeout), task))
            while len(pending) >= window:
                yield _result(*pending.popleft(), timeout)
        while pending:
            yield _result(*pending.popleft(), timeout)
    finally:
        for future, _ in pending:
            future.cancel()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def grade(
    items: Iterable[object],
    *,
    executor: Executor | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int | None = None,
    window: int = 64,
    progress: Callable[[int], object] | None = None,
) -> list[Graded]:
    """Check a batch of answers; one :class:`Graded` per item, in input order.

    Args:
        items: mappings with ``answer`` and ``expected`` (and optionally
            ``id``, ``latex``, ``answer_latex``, ``expected_latex``,
            ``symbols``, ``hints``; see the module's documentation).
        executor: where the checks run; any :class:`concurrent.futures.Executor`.
            Default: a pool of ``workers`` processes, shut down at the end.
        timeout: the budget of each item in seconds, reading included; past it
            the item is ``undecided``.
        workers: the size of the default pool (default: the CPUs available);
            not with ``executor``.
        window: how many items are in flight at once.
        progress: called with the number of items done after each one.

    Returns:
        The verdicts, in the order of ``items``.

    Raises:
        InvalidParameterError: a bad ``timeout``, ``workers``, ``executor`` or
            ``window``. A bad *item* is not an error: its status is ``invalid``.

    >>> grade([], timeout=0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: timeout must be a positive finite number of seconds, got 0
    """
    _check_options(timeout, workers, executor, window)
    out: list[Graded] = []
    for graded in iter_grade(items, executor=executor, timeout=timeout, workers=workers,
                             window=window):
        out.append(graded)
        if progress is not None:
            progress(len(out))
    return out
