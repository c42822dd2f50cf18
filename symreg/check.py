r"""Checking answers: safe parsing and equivalence verdicts.

Graders and test writers hand symreg untrusted text or LaTeX and ask "is this
answer right?". This module answers safely, correctly and within a time budget:

* :func:`parse` turns text or LaTeX into a SymPy expression over the canonical
  symbols of :mod:`symreg.symbols` with a hand-written tokenizer and parser
  that never executes its input;
* :func:`equivalent` decides whether two expressions are equal for *all*
  admissible values of their symbols, on top of :func:`symreg.proof.prove`:
  a counterexample found by exact sampling proves a difference, equality is
  proved symbolically, and anything else is ``undecided``, never guessed;
* :func:`in_subdifferential` checks a subgradient answer against a penalty;
* :func:`check_command` is the body of ``symreg check``.

Examples
--------
>>> from symreg.check import equivalent, parse
>>> parse("2 lam |w|")
2*lam*Abs(w)
>>> equivalent("sqrt(w^2)", "|w|").status
'equivalent'
>>> v = equivalent("sqrt(w^2)", "w")
>>> v.status, v.counterexample
('different', ((w, -1),))
>>> bool(equivalent(r"\frac{\lambda}{2} w^{2}", r"\frac{\lambda w^2}{2}", latex=True))
True
"""

from __future__ import annotations

import atexit
import contextlib
import fractions
import itertools
import math
import numbers
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import sympy

from symreg import parse as _parse
from symreg import printing
from symreg import symbols as _symbols
from symreg.errors import InvalidParameterError, ParseError, SymregError
from symreg.proof import Proof, prove

__all__ = [
    "DEFAULT_TIMEOUT",
    "Verdict",
    "check_command",
    "equivalent",
    "in_subdifferential",
    "parse",
]

#: Default time budget of one check, in seconds.
DEFAULT_TIMEOUT = 5.0

Status = Literal["equivalent", "different", "undecided"]
Point = tuple[tuple[sympy.Symbol, sympy.Expr], ...]
SymbolsArg = Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None

_NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside, sympy.Piecewise)
_EXIT_CODES = {"equivalent": 0, "different": 1, "undecided": 3}


# ---------------------------------------------------------------------------
# parsing


def parse(
    text: str,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
) -> sympy.Expr:
    r"""Parse untrusted ``text`` (or LaTeX) into a SymPy expression, safely.

    Nothing is executed: the input is tokenized and parsed by hand and the
    expression is built with SymPy's constructors. Every accepted input means
    exactly what it says; anything ambiguous or unknown is refused.

    **Plain text** accepts numbers (decimals are exact: ``0.1`` is ``1/10``;
    ``1e-3`` is ``1/1000``), ``+ - * / ^ **``, parentheses, implicit
    multiplication (``2 lam w``, ``w(w-1)``), ``|w|`` bars, the names
    ``w z lam lambda eps epsilon eta sigma b pi`` (and the Greek letters
    lambda, epsilon, eta, sigma, pi as Unicode characters), the functions
    ``abs Abs sign sgn sqrt log ln exp max Max min Min`` (called with
    parentheses). ``a/b c`` is refused as ambiguous; write ``(a/b)*c``.

    **LaTeX** (``latex=True``) accepts ``\lambda \sigma \epsilon \varepsilon
    \eta \pi``, single-letter symbols (``w``, ``z``, ``b``), ``\frac``,
    ``\sqrt``, ``^{...}``, ``\left| \right|``, ``|...|``, ``\lvert \rvert``,
    ``\left( \right)``, ``\operatorname{sign}``, ``\mathrm{sgn}``, ``\log``,
    ``\ln``, ``\exp``, ``\max``, ``\min``, ``\cdot``, ``\times`` and the spaces
    ``\, \; \: \! ~``, optionally inside ``$...$``. Runs of letters (``sign``
    without ``\operatorname``), ``w^23``, comments and TeX primitives such as
    ``\input``, ``\write18``, ``\def``, ``\catcode`` or environments are
    refused.

    Args:
        text: the untrusted input (at most 10,000 characters).
        latex: parse ``text`` as LaTeX instead of plain text.
        symbols: more names to accept, as a mapping ``{name: Symbol}`` or an
            iterable of symbols (canonical ones are named by their Python name,
            e.g. ``w0``). Use the symbols of :mod:`symreg.symbols`; a symbol
            reusing a canonical name with other assumptions is refused.

    Returns:
        The expression.

    Raises:
        ParseError: the input is refused; the message says what was wrong and
            where (a 0-based character position).
        InvalidParameterError: ``symbols`` is invalid.

    >>> from symreg.symbols import s
    >>> parse("0.029999")
    29999/1000000
    >>> parse(r"\lambda \left| w \right|", latex=True)
    lam*Abs(w)
    >>> parse("s^2 w", symbols=[s])
    s**2*w
    >>> parse("2 foo")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: unknown name 'foo' at position 2
    >>> parse("9**9**9**9")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: exponent too large (limit 1000) at position 4
    """
    return _parse.parse(text, latex=latex, symbols=symbols)


# ---------------------------------------------------------------------------
# verdicts


def _show_point(point: Point) -> str:
    return ", ".join(f"{sym} = {val}" for sym, val in point)


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The outcome of :func:`equivalent` or :func:`in_subdifferential`.

    Attributes:
        status: ``"equivalent"`` (proved; for a membership check: the answer is
            proved to belong to the set), ``"different"`` (a counterexample
            proves it wrong) or ``"undecided"`` (neither, e.g. out of time).
        answer: the answer as a SymPy object.
        expected: the expected expression (or set, for a membership check).
        method: how the status was reached (``"simplify"``, ``"case split"``,
            ``"exact sample"``, ``"timeout"``, ...).
        reason: one sentence for humans.
        counterexample: for ``"different"``, the point (pairs of symbol and
            exact value, sorted by name) where the two differ.
        answer_value: the exact value of the answer at the counterexample.
        expected_value: the exact value of ``expected`` there.
        relation: ``"=="`` for equivalence, ``"in"`` for membership.
        hint: a suggestion, e.g. that the answer matches under the other L2
            convention; empty when there is none.
        elapsed: seconds spent.

    ``bool(verdict)`` is true only for ``"equivalent"``.

    >>> v = equivalent("2 lam w", "lam w")
    >>> bool(v), v.status, v.answer_value, v.expected_value
    (False, 'different', -2, -1)
    """

    status: Status
    answer: sympy.Basic
    expected: sympy.Basic
    method: str
    reason: str
    counterexample: Point | None = None
    answer_value: sympy.Basic | None = None
    expected_value: sympy.Basic | None = None
    relation: Literal["==", "in"] = "=="
    hint: str = ""
    elapsed: float = 0.0

    def __bool__(self) -> bool:
        return self.status == "equivalent"

    def __str__(self) -> str:
        a, e = sympy.sstr(self.answer), sympy.sstr(self.expected)
        if self.relation == "in":
            head = {"equivalent": f"valid: {a} is in {e}",
                    "different": f"invalid: {a} is not in {e}",
                    "undecided": f"undecided: {a} in {e}?"}[self.status]
        else:
            head = {"equivalent": f"equivalent: {a} == {e}",
                    "different": f"different: {a} != {e}",
                    "undecided": f"undecided: {a} vs {e}"}[self.status]
        lines = [f"{head} ({self.reason})"]
        if self.counterexample is not None:
            values = ""
            if self.answer_value is not None:
                values = f": answer = {self.answer_value}"
                if self.relation == "==":
                    values += f", expected = {self.expected_value}"
                else:
                    values += f", set = {self.expected_value}"
            lines.append(f"  at {_show_point(self.counterexample)}{values}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        a, e = printing.latex(self.answer), printing.latex(self.expected)
        if self.relation == "in":
            rel = {"equivalent": r"\in", "different": r"\notin",
                   "undecided": r"\overset{?}{\in}"}[self.status]
        else:
            rel = {"equivalent": "=", "different": r"\neq",
                   "undecided": r"\overset{?}{=}"}[self.status]
        out = f"{a} {rel} {e}"
        if self.counterexample is not None:
            where = ", ".join(f"{printing.latex(s)} = {printing.latex(v)}"
                              for s, v in self.counterexample)
            out += rf" \quad \text{{at }} {where}"
        return f"$\\displaystyle {out}$"


# ---------------------------------------------------------------------------
# inputs


def _canonical_conflicts(expr: sympy.Basic) -> None:
    canonical = {sym.name: sym for sym in _symbols.by_name().values()}
    for sym in expr.free_symbols:
        same = canonical.get(getattr(sym, "name", None))
        if same is not None and sym is not same and sym != same:
            raise InvalidParameterError(
                f"symbol {sym.name!r} has other assumptions than symreg's canonical "
                f"{sym.name!r}: use symreg.symbols.{_python_name(same)}"
            )


def _python_name(sym: sympy.Symbol) -> str:
    for name, value in _symbols.by_name().items():
        if value is sym:
            return name
    return sym.name  # pragma: no cover - only canonical symbols are passed


def _exact_float(value: float, role: str) -> sympy.Rational:
    if not math.isfinite(value):
        raise InvalidParameterError(f"{role} must be finite, got {value!r}")
    return sympy.Rational(repr(float(value)))


def _coerce(obj: Any, role: str, *, latex: bool, symbols: SymbolsArg) -> sympy.Basic:
    """Turn an answer (text, number or SymPy object) into an exact SymPy object."""
    if isinstance(obj, str):
        return parse(obj, latex=latex, symbols=symbols)
    if isinstance(obj, bool) or obj is None:
        raise InvalidParameterError(f"{role} must be an expression, got {obj!r}")
    if isinstance(obj, numbers.Integral):
        return sympy.Integer(int(obj))
    if isinstance(obj, (fractions.Fraction, numbers.Rational)):
        return sympy.Rational(int(obj.numerator), int(obj.denominator))
    if isinstance(obj, numbers.Real):
        return _exact_float(float(obj), role)
    if isinstance(obj, sympy.Basic):
        if not isinstance(obj, (sympy.Expr, sympy.Set)):
            raise InvalidParameterError(f"{role} must be an expression, got {obj!r}")
        _canonical_conflicts(obj)
        if obj.has(sympy.Float):
            obj = obj.xreplace({f: sympy.Rational(str(f)) for f in obj.atoms(sympy.Float)})
        return obj
    raise TypeError(f"{role} must be a str, a number or a SymPy expression, "
                    f"got {type(obj).__name__}")


def _check_timeout(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) \
            or not math.isfinite(timeout) or timeout <= 0:
        raise InvalidParameterError(f"timeout must be a positive number of seconds, "
                                    f"got {timeout!r}")
    return float(timeout)


# ---------------------------------------------------------------------------
# time budget


class _BudgetExceeded(BaseException):
    """Raised by the SIGALRM handler; a BaseException so SymPy does not swallow it."""


def _can_use_alarm() -> bool:
    return (hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) is not None)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`_BudgetExceeded` in the main thread after ``seconds``.

    The timer fires again every 0.1 s until disarmed (in case a handler in
    SymPy swallowed the first exception); a timer that was already running
    (e.g. pytest-timeout) is restored afterwards with its remaining time.
    """
    armed = [True]

    def handler(signum: int, frame: object) -> None:
        if armed[0]:
            raise _BudgetExceeded

    old_handler = signal.getsignal(signal.SIGALRM)
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    signal.signal(signal.SIGALRM, handler)
    delay = min(seconds, old_delay) if old_delay > 0 else seconds
    signal.setitimer(signal.ITIMER_REAL, max(delay, 1e-4), 0.1)
    try:
        yield
    finally:
        try:
            armed[0] = False
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            if old_delay > 0:
                left = old_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), old_interval)


def _risky(*objs: sympy.Basic) -> bool:
    """Shapes whose exact evaluation may run long inside C code (huge powers).

    Such checks run in a worker process that is killed at the deadline.
    """
    for obj in objs:
        for node in sympy.preorder_traversal(obj):
            if isinstance(node, sympy.Pow):
                exp = node.exp
                if exp.free_symbols:
                    return True
                if isinstance(exp, sympy.Rational) and (
                    abs(exp.p) > _parse.MAX_EXPONENT or exp.q > _parse.MAX_EXPONENT
                ):
                    return True
            elif isinstance(node, sympy.Rational) and _parse.bit_length(node) > _parse.MAX_BITS:
                return True
    return False


# A worker is a fresh interpreter running :func:`_serve`, fed length-prefixed
# pickles on stdin (tasks from this process only) and answering on stdout. It
# is reused while it answers in time and killed at a deadline. A subprocess,
# unlike multiprocessing's spawn and forkserver, never re-imports the caller's
# __main__, and unlike fork it is safe when the caller has threads.

_WORKER_MEMORY = 4 << 30  # bytes of address space for a worker (POSIX)
_WORKER_START_TIMEOUT = 60.0
_MAX_IDLE_WORKERS = 2
_TIMEOUT = object()


def _write_frame(stream: Any, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("!Q", len(data)) + data)
    stream.flush()


def _read_frame(stream: Any) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("worker channel closed")
    (size,) = struct.unpack("!Q", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker channel closed")
    return pickle.loads(data)


def _serve() -> None:  # pragma: no cover - runs in the worker process
    """Main loop of a worker process (see :class:`_Worker`)."""
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the channel
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > _WORKER_MEMORY:
            resource.setrlimit(resource.RLIMIT_AS, (_WORKER_MEMORY, hard))
    except (ImportError, ValueError, OSError):
        pass
    _write_frame(replies, ("ready", None))
    while True:
        try:
            task, args = _read_frame(requests)
        except EOFError:
            return
        try:
            result: tuple[str, Any] = ("ok", _TASKS[task](*args))
        except MemoryError:
            result = ("error", "out of memory")
        except RecursionError:
            result = ("error", "expression too deep for SymPy (RecursionError)")
        except Exception as exc:
            result = ("error", f"{type(exc).__name__}: {exc}")
        _write_frame(replies, result)


class _Worker:
    """A worker process, with a reader thread that queues its replies."""

    def __init__(self) -> None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from symreg.check import _serve; _serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env,
        )
        self.replies: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._read, name="symreg-check-worker", daemon=True).start()
        first = self.wait(_WORKER_START_TIMEOUT)
        if not (isinstance(first, tuple) and first[0] == "ready"):
            self.kill()
            raise RuntimeError("the worker process did not start")

    def _read(self) -> None:
        while True:
            try:
                self.replies.put(_read_frame(self.proc.stdout))
            except Exception:  # EOF, or the process was killed
                self.replies.put(None)
                return

    def wait(self, timeout: float) -> Any:
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            return _TIMEOUT

    def run(self, task: str, args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
        _write_frame(self.proc.stdin, (task, args))
        reply = self.wait(timeout)
        if reply is _TIMEOUT:
            self.kill()
            return ("timeout", None)
        if reply is None:
            self.kill()
            return ("error", "the worker process died")
        return reply  # type: ignore[no-any-return]

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(Exception):
                stream.close()  # type: ignore[union-attr]

    def alive(self) -> bool:
        return self.proc.poll() is None


_IDLE_WORKERS: list[_Worker] = []
_IDLE_LOCK = threading.Lock()


def _run_isolated(task: str, args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
    """Run a task in a worker process, killed after ``timeout`` seconds."""
    with _IDLE_LOCK:
        worker = _IDLE_WORKERS.pop() if _IDLE_WORKERS else None
    try:
        if worker is None or not worker.alive():
            worker = _Worker()
        result = worker.run(task, args, timeout + 0.25)
    except (OSError, RuntimeError, EOFError, pickle.PicklingError) as exc:
        if worker is not None:
            worker.kill()
        return ("error", f"worker process failed: {exc}")
    if worker.alive():
        with _IDLE_LOCK:
            if len(_IDLE_WORKERS) < _MAX_IDLE_WORKERS:
                _IDLE_WORKERS.append(worker)
                return result
        worker.kill()
    return result


@atexit.register
def _stop_workers() -> None:
    with _IDLE_LOCK:
        workers = list(_IDLE_WORKERS)
        _IDLE_WORKERS.clear()
    for worker in workers:
        worker.kill()


def _budgeted(task: str, args: tuple[Any, ...], timeout: float,
              objs: tuple[sympy.Basic, ...]) -> tuple[str, Any]:
    """Run ``_TASKS[task](*args)`` within ``timeout`` seconds, whatever it does.

    In the main thread on POSIX the task runs in-process under a SIGALRM timer;
    elsewhere, or when the expressions contain powers whose exact evaluation
    could block inside C code, it runs in a worker process that is killed at
    the deadline. Returns ``("ok", result)``, ``("timeout", None)`` or
    ``("error", message)``.
    """
    if _can_use_alarm() and not _risky(*objs):
        try:
            with _alarm(timeout):
                return ("ok", _TASKS[task](*args))
        except _BudgetExceeded:
            return ("timeout", None)
        except RecursionError:
            return ("error", "expression too deep for SymPy (RecursionError)")
        except MemoryError:
            return ("error", "out of memory")
        except SymregError:
            raise
        except Exception as exc:
            return ("error", f"{type(exc).__name__}: {exc}")
    return _run_isolated(task, args, timeout)


# ---------------------------------------------------------------------------
# deciding


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 1e-3)


def _piecewise_normal(obj: sympy.Basic) -> sympy.Basic:
    """Rewrite Abs, sign, Max, Min as Piecewise with plain And/Or conditions.

    ``Max.rewrite(Piecewise)`` produces ``ITE`` conditions, which
    :func:`symreg.proof.prove` does not decide yet; expanding them lets its case
    split finish (e.g. the soft-threshold identity).
    """
    if not isinstance(obj, sympy.Expr) or not obj.has(*_NONSMOOTH):
        return obj
    out = obj
    for func in (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside):
        if out.has(func):
            out = out.replace(lambda e, f=func: isinstance(e, f),
                              lambda e: e.rewrite(sympy.Piecewise))
    ite = sympy.logic.boolalg.ITE
    if out.has(ite):
        out = out.replace(
            lambda e: isinstance(e, ite),
            lambda e: sympy.Or(sympy.And(e.args[0], e.args[1]),
                               sympy.And(sympy.Not(e.args[0]), e.args[2])),
        )
    return out


def _value_at(obj: sympy.Basic, point: Point) -> sympy.Basic | None:
    try:
        val = obj.xreplace(dict(point))
        if isinstance(val, sympy.Basic) and not isinstance(val, sympy.Set):
            val = val.doit()
            simpler = sympy.nsimplify(val) if val.is_number and not val.is_Rational else val
            return simpler if simpler.is_Rational else val
        return val
    except Exception:  # a display nicety only
        return None


def _prove_eq(a: sympy.Basic, e: sympy.Basic, deadline: float, relation: str = "eq",
              samples: int = 60) -> Proof:
    proof = prove(a, e, relation=relation, timeout=_remaining(deadline),  # type: ignore[arg-type]
                  samples=samples)
    if proof.status == "unknown" and time.monotonic() < deadline:
        na, ne = _piecewise_normal(a), _piecewise_normal(e)
        if na != a or ne != e:
            second = prove(na, ne, relation=relation,  # type: ignore[arg-type]
                           timeout=_remaining(deadline), samples=samples)
            if second.status != "unknown":
                return Proof(status=second.status,
                             method=f"{second.method} (piecewise form)",
                             counterexample=second.counterexample, reason=second.reason)
    return proof


# The refutation screen. It only ever *refutes* (a point where the two sides
# provably differ is a proof of difference); proofs of equality come from
# :func:`symreg.proof.prove` alone. It is a cheap first pass: the positive
# parameters get fixed rational values first, so that every breakpoint (where
# an Abs, sign, Max, Min or Piecewise changes formula) is a number read off
# the arguments, without rewriting or simplifying anything.

_PARAM_VALUES = (sympy.Integer(1), sympy.Rational(1, 3), sympy.Integer(2),
                 sympy.Rational(5, 2), sympy.Rational(3, 7))
_REAL_VALUES = (sympy.Integer(0), sympy.Integer(-1), sympy.Integer(1), sympy.Rational(1, 2),
                sympy.Rational(-1, 2), sympy.Integer(3), sympy.Integer(-3),
                sympy.Rational(2, 7), sympy.Rational(-5, 3))
_BESIDE = sympy.Rational(1, 7)
_SCREEN_SETS = 3
_SCREEN_POINTS = 24
_UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


def _parameter_sets(params: list[sympy.Symbol]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    if not params:
        return [{}]
    out = []
    for i in range(_SCREEN_SETS):
        pset: dict[sympy.Symbol, sympy.Expr] = {}
        for j, sym in enumerate(params):
            if sym.is_integer:
                pset[sym] = sympy.Integer((i + j) % 3 + (1 if sym.is_positive else 0))
            else:
                pset[sym] = _PARAM_VALUES[(i + j) % len(_PARAM_VALUES)]
        out.append(pset)
    return out


def _kinks(exprs: Iterable[sympy.Basic]) -> list[sympy.Expr]:
    """Expressions whose zeros are breakpoints of ``exprs``."""
    found: list[sympy.Expr] = []
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
                found.append(node.args[0])
            elif isinstance(node, (sympy.Max, sympy.Min)):
                args = node.args[:6]
                found.extend(x - y for i, x in enumerate(args) for y in args[i + 1:])
            elif isinstance(node, sympy.Piecewise):
                for _, cond in node.args:
                    found.extend(r.lhs - r.rhs
                                 for r in cond.atoms(sympy.core.relational.Relational))
    return found


def _candidates(var: sympy.Symbol, kinks: list[sympy.Expr]) -> list[sympy.Expr]:
    """0, negative and positive values, and numeric breakpoints of ``var`` and beside them."""
    values = list(_REAL_VALUES)
    for kink in kinks:
        if kink.free_symbols != {var}:
            continue
        try:
            poly = sympy.Poly(kink, var)
        except sympy.PolynomialError:
            continue
        if poly.degree() != 1:
            continue
        root = -poly.all_coeffs()[1] / poly.all_coeffs()[0]
        if not root.is_Rational:
            continue
        for v in (root, root + _BESIDE, root - _BESIDE):
            if v not in values:
                values.append(v)
    return values


def _points(reals: list[sympy.Symbol], kinks: list[sympy.Expr]
            ) -> Iterator[dict[sympy.Symbol, sympy.Expr]]:
    if not reals:
        yield {}
        return
    per_var = [_candidates(v, kinks) for v in reals]
    if len(reals) == 1:
        for value in per_var[0][:_SCREEN_POINTS]:
            yield {reals[0]: value}
        return
    # Breadth first over index combinations, so that every value is tried early.
    count = 0
    for total in range(sum(len(v) for v in per_var)):
        for idx in itertools.product(*[range(min(len(v), total + 1)) for v in per_var]):
            if sum(idx) != total:
                continue
            yield {var: vals[i] for var, vals, i in zip(reals, per_var, idx, strict=True)}
            count += 1
            if count >= _SCREEN_POINTS:
                return


class _Unsupported(Exception):
    """A node the fast evaluator does not handle: fall back to SymPy."""


class _Undefined(Exception):
    """Division by zero: the expression has no value at the point."""


_RELATIONS: dict[type, Callable[[fractions.Fraction, fractions.Fraction], bool]] = {
    sympy.StrictLessThan: lambda x, y: x < y,
    sympy.LessThan: lambda x, y: x <= y,
    sympy.StrictGreaterThan: lambda x, y: x > y,
    sympy.GreaterThan: lambda x, y: x >= y,
    sympy.Equality: lambda x, y: x == y,
    sympy.Unequality: lambda x, y: x != y,
}


def _fast(node: sympy.Basic, point: Mapping[sympy.Basic, fractions.Fraction]
          ) -> fractions.Fraction:
    """Exact value of a rational expression (with Abs, sign, Max, Min, Piecewise).

    Pure Python fractions, about a hundred times faster than SymPy's own
    evaluation; raises :class:`_Unsupported` for anything else (radicals,
    logarithms, ...) and :class:`_Undefined` on a division by zero.
    """
    if node.is_Rational:
        return fractions.Fraction(int(node.p), int(node.q))
    if node in point:
        return point[node]
    if isinstance(node, sympy.Add):
        return sum((_fast(a, point) for a in node.args), fractions.Fraction(0))
    if isinstance(node, sympy.Mul):
        out = fractions.Fraction(1)
        for a in node.args:
            out *= _fast(a, point)
        return out
    if isinstance(node, sympy.Pow):
        exp = node.exp
        if not exp.is_Integer or abs(int(exp)) > _parse.MAX_EXPONENT:
            raise _Unsupported
        base = _fast(node.base, point)
        if base == 0 and exp.is_negative:
            raise _Undefined
        return base ** int(exp)
    if isinstance(node, sympy.Abs):
        return abs(_fast(node.args[0], point))
    if isinstance(node, sympy.sign):
        x = _fast(node.args[0], point)
        return fractions.Fraction((x > 0) - (x < 0))
    if isinstance(node, sympy.Max):
        return max(_fast(a, point) for a in node.args)
    if isinstance(node, sympy.Min):
        return min(_fast(a, point) for a in node.args)
    if isinstance(node, sympy.Piecewise):
        for value, cond in node.args:
            if _fast_truth(cond, point):
                return _fast(value, point)
        raise _Undefined
    raise _Unsupported


def _fast_truth(cond: sympy.Basic, point: Mapping[sympy.Basic, fractions.Fraction]) -> bool:
    if cond is sympy.true:
        return True
    if cond is sympy.false:
        return False
    relation = _RELATIONS.get(type(cond))
    if relation is not None:
        return relation(_fast(cond.lhs, point), _fast(cond.rhs, point))
    if isinstance(cond, sympy.And):
        return all(_fast_truth(c, point) for c in cond.args)
    if isinstance(cond, sympy.Or):
        return any(_fast_truth(c, point) for c in cond.args)
    if isinstance(cond, sympy.Not):
        return not _fast_truth(cond.args[0], point)
    raise _Unsupported


def _fast_value(obj: sympy.Basic, point: dict[sympy.Symbol, sympy.Expr]
                ) -> sympy.Basic | None:
    """:func:`_value` by exact fractions when possible, else by SymPy."""
    try:
        fpoint = {s: fractions.Fraction(int(v.p), int(v.q)) for s, v in point.items()}
        val = _fast(obj, fpoint)
    except _Undefined:
        return sympy.nan
    except (_Unsupported, RecursionError, AttributeError, TypeError):
        return _value(obj, point)
    return sympy.Rational(val.numerator, val.denominator)


def _value(obj: sympy.Basic, point: dict[sympy.Symbol, sympy.Expr]) -> sympy.Basic | None:
    """The exact value of ``obj`` at ``point``: a number, ``nan`` (undefined) or None."""
    try:
        val = obj.xreplace(point)
        if val.free_symbols or val.has(sympy.Derivative, sympy.Integral, sympy.Limit):
            val = val.doit()
            if val.free_symbols:
                return None
        if val.has(*_UNDEFINED):
            return sympy.nan
        return val
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, RecursionError):
        return None


def _nonzero(d: sympy.Expr) -> bool | None:
    """Whether the number ``d`` is provably nonzero (None: cannot tell)."""
    if d.is_Rational:
        return d != 0
    if d.is_zero:
        return False
    approx = d.evalf(60)
    magnitude = abs(approx)
    if magnitude.is_Number and magnitude > sympy.Float("1e-40", 60):
        return True
    return None


def _screen(a: sympy.Basic, e: sympy.Basic, deadline: float
            ) -> tuple[Point, sympy.Basic, sympy.Basic] | None:
    """Look for a point where ``a`` and ``e`` provably differ.

    A point where one side is defined and the other is not counts as a
    difference. Returns the point (sorted by name) and both values, or None.
    """
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)):
        return None
    free = sorted((s for s in a.free_symbols | e.free_symbols if isinstance(s, sympy.Symbol)),
                  key=lambda s: s.name)
    params = [s for s in free if s.is_positive or s.is_integer]
    reals = [s for s in free if s not in params]
    general = _kinks([a, e])
    for pset in _parameter_sets(params):
        # Parameters go into the kinks only: rebuilding a Max with numbers
        # inside costs SymPy far more than evaluating it.
        kinks = [k.xreplace(pset) for k in general]
        for pt in _points(reals, kinks):
            if time.monotonic() > deadline:
                return None
            full = {**pset, **pt}
            va, ve = _fast_value(a, full), _fast_value(e, full)
            if va is None or ve is None or (va is sympy.nan and ve is sympy.nan):
                continue
            if va is sympy.nan or ve is sympy.nan:
                differs: bool | None = True
            else:
                try:
                    differs = _nonzero(sympy.expand(va - ve))
                except (TypeError, ValueError, ArithmeticError):
                    differs = None
            if differs:
                point = tuple(sorted(full.items(), key=lambda kv: kv[0].name))
                return point, va, ve
    return None


def _convention_hint(a: sympy.Basic, e: sympy.Basic, deadline: float) -> str:
    lam = _symbols.lam
    if not isinstance(e, sympy.Expr) or lam not in e.free_symbols:
        return ""
    for factor, text in (
        (2, "the answer equals the expected result with lam replaced by 2*lam: it looks "
            "like the other L2 convention (lam*w**2 where lam/2*w**2 is expected)"),
        (sympy.Rational(1, 2), "the answer equals the expected result with lam replaced by "
                               "lam/2: it looks like the other L2 convention (lam/2*w**2 "
                               "where lam*w**2 is expected)"),
    ):
        if time.monotonic() >= deadline:
            return ""
        other = e.xreplace({lam: factor * lam})
        if _screen(a, other, deadline) is not None:
            continue
        if prove(a, other, timeout=_remaining(deadline), samples=12).status == "proved":
            return text
    return ""


def _decide(a: sympy.Basic, e: sympy.Basic, relation: str, hints: bool,
            timeout: float) -> Verdict:
    """Decide ``a == e`` (or ``a in e``); runs under the time budget.

    A refutation comes from the screen or from the prover's own sampling; a
    proof only from :func:`symreg.proof.prove`.
    """
    deadline = time.monotonic() + timeout
    rel: Literal["==", "in"] = "in" if relation == "in" else "=="
    found = _screen(a, e, deadline) if rel == "==" else None
    if found is not None:
        point, va, ve = found
        undefined = [name for name, v in (("answer", va), ("expected", ve)) if v is sympy.nan]
        reason = (f"{undefined[0]} is undefined at a point where the other is defined"
                  if undefined else "a counterexample proves it")
        hint = _convention_hint(a, e, deadline) if hints else ""
        return Verdict(status="different", answer=a, expected=e, method="exact sample",
                       reason=reason, counterexample=point, answer_value=_shown(va),
                       expected_value=_shown(ve), hint=hint)
    proof = _prove_eq(a, e, deadline, relation, samples=1 if rel == "==" else 60)
    if proof.status == "unknown" and rel == "==" and time.monotonic() < deadline:
        # The screen found nothing: let the prover sample at its own points too.
        again = prove(a, e, timeout=_remaining(deadline))
        if again.status != "unknown":
            proof = again
    if proof.status == "proved":
        return Verdict(status="equivalent", answer=a, expected=e, method=proof.method,
                       reason="proved symbolically", relation=rel)
    if proof.status == "refuted":
        point = proof.counterexample or ()
        hint = _convention_hint(a, e, deadline) if hints and rel == "==" else ""
        return Verdict(
            status="different", answer=a, expected=e, method=proof.method,
            reason="a counterexample proves it", counterexample=point,
            answer_value=_value_at(a, point), expected_value=_value_at(e, point),
            relation=rel, hint=hint,
        )
    reason = proof.reason or "no counterexample found, but SymPy could not prove it"
    if proof.method == "timeout" or "time budget" in reason:
        return Verdict(status="undecided", answer=a, expected=e, method="timeout",
                       reason=f"time budget of {timeout:g} s exhausted", relation=rel)
    return Verdict(status="undecided", answer=a, expected=e, method=proof.method,
                   reason=reason, relation=rel)


def _shown(value: sympy.Basic) -> sympy.Basic:
    """A value for display: ``nan`` stands for undefined."""
    if value is sympy.nan:
        return value
    if isinstance(value, sympy.Expr) and value.is_number and not value.is_Rational:
        with contextlib.suppress(Exception):
            simpler = sympy.nsimplify(value)
            if simpler.is_Rational:
                return simpler
    return value


def _subdifferential_task(penalty: Any, at: sympy.Basic | None) -> sympy.Basic:
    return _subdifferential(penalty, at)


_TASKS: dict[str, Callable[..., Any]] = {
    "decide": _decide,
    "subdifferential": _subdifferential_task,
}


def _finish(status_result: tuple[str, Any], a: sympy.Basic, expected: sympy.Basic,
            timeout: float, started: float, relation: Literal["==", "in"]) -> Verdict:
    kind, value = status_result
    elapsed = time.monotonic() - started
    if kind == "ok":
        verdict: Verdict = value
        return Verdict(**{**_fields(verdict), "elapsed": elapsed})
    if kind == "timeout":
        return Verdict(status="undecided", answer=a, expected=expected, method="timeout",
                       reason=f"time budget of {timeout:g} s exhausted", relation=relation,
                       elapsed=elapsed)
    return Verdict(status="undecided", answer=a, expected=expected, method="error",
                   reason=f"SymPy could not decide: {value}", relation=relation,
                   elapsed=elapsed)


def _fields(verdict: Verdict) -> dict[str, Any]:
    return {name: getattr(verdict, name) for name in Verdict.__dataclass_fields__}


# ---------------------------------------------------------------------------
# public checks


def equivalent(
    answer: Any,
    expected: Any,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
    hints: bool = True,
) -> Verdict:
    r"""Decide whether ``answer`` equals ``expected`` for all admissible values.

    The symbols' assumptions are respected (``w`` is real, ``lam`` positive,
    ...). A counterexample found at an exact rational sample point (0, negative
    values, values inside and outside every threshold such as ``[-lam, lam]``)
    proves a difference; equality is proved symbolically by
    :func:`symreg.proof.prove` (``simplify`` and case splits over ``Abs``,
    ``sign``, ``Max``, ``Min`` and ``Piecewise``). Anything else is
    ``undecided``: a verdict is never guessed.

    Args:
        answer: text, LaTeX (with ``latex=True``), a number or a SymPy object.
        expected: likewise (text is parsed the same way as ``answer``). Two
            SymPy sets are compared as sets.
        latex: parse text arguments as LaTeX.
        symbols: more names for the parser (see :func:`parse`).
        timeout: the time budget in seconds; past it the verdict is
            ``undecided``. Enforced with a timer in the main thread, or by a
            worker process that is killed at the deadline.
        hints: when the two differ, look for a convention mix-up (the answer
            matching with ``lam`` replaced by ``2*lam`` or ``lam/2``).

    Returns:
        A :class:`Verdict`.

    Raises:
        ParseError: a text argument is refused by :func:`parse`.
        InvalidParameterError: a bad ``timeout`` or ``symbols``, or a SymPy
            symbol that reuses a canonical name with other assumptions.

    >>> equivalent("log(sigma^2)/2", "log(sigma)").status
    'equivalent'
    >>> equivalent("sign(w)^2", "1").counterexample
    ((w, 0),)
    >>> equivalent("sign(z) max(|z| - lam, 0)", "z - max(-lam, min(z, lam))").status
    'equivalent'
    >>> v = equivalent("z/(1 + 2 eta lam)", "z/(1 + eta lam)")
    >>> v.status, "other L2 convention" in v.hint
    ('different', True)
    """
    started = time.monotonic()
    timeout = _check_timeout(timeout)
    a = _coerce(answer, "answer", latex=latex, symbols=symbols)
    e = _coerce(expected, "expected", latex=latex, symbols=symbols)
    result = _budgeted("decide", (a, e, "eq", hints, timeout), timeout, (a, e))
    return _finish(result, a, e, timeout, started, "==")


def _subdifferential(penalty: Any, at: sympy.Basic | None) -> sympy.Basic:
    """The subdifferential of ``penalty`` at ``at`` as a SymPy set."""
    if isinstance(penalty, sympy.Set):
        return penalty
    method = getattr(penalty, "subdifferential", None)
    if callable(method):
        return method(at=at)
    f = penalty
    w = _symbols.w
    if at is None:
        raise InvalidParameterError("at must be given for a penalty given as an expression")
    d = sympy.diff(f, w)
    left = sympy.limit(d, w, at, "-")
    right = sympy.limit(d, w, at, "+")
    if sympy.simplify(left - right) == 0:
        return sympy.FiniteSet(left)
    if prove(left, right, relation="le").status == "proved":
        return sympy.Interval(left, right)
    if prove(right, left, relation="le").status == "proved":
        return sympy.Interval(right, left)
    return sympy.Interval(sympy.Min(left, right), sympy.Max(left, right))


def in_subdifferential(
    g: Any,
    penalty: Any,
    at: Any = 0,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    r"""Decide whether ``g`` is a subgradient of ``penalty`` at ``w = at``.

    Args:
        g: the answer (text, LaTeX, number or SymPy expression); a ``w`` in it
            is replaced by ``at``.
        penalty: a penalty of :mod:`symreg.penalties` (anything with a
            ``subdifferential(at=...)`` method), a SymPy set (then ``at`` only
            substitutes ``w`` in ``g``), or a penalty expression in ``w`` as
            text or SymPy. For an expression the set is the interval between
            the one-sided derivatives at ``at``: the subdifferential of a
            convex penalty.
        at: the point (a number, text or SymPy expression); ``None`` only for
            a penalty object or a set.
        latex: parse text arguments as LaTeX.
        symbols: more names for the parser (see :func:`parse`).
        timeout: the time budget in seconds.

    Returns:
        A :class:`Verdict` with ``relation == "in"``: ``"equivalent"`` means
        ``g`` is proved to lie in the subdifferential for all admissible
        values, ``"different"`` comes with a counterexample.

    >>> in_subdifferential("0.3 lam", "lam |w|", at=0).status
    'equivalent'
    >>> v = in_subdifferential("2 lam", "lam |w|", at=0)
    >>> v.status, v.counterexample
    ('different', ((lam, 1),))
    """
    started = time.monotonic()
    timeout = _check_timeout(timeout)
    a = _coerce(g, "g", latex=latex, symbols=symbols)
    point = None if at is None else _coerce(at, "at", latex=latex, symbols=symbols)
    pen: Any = penalty
    if isinstance(penalty, str) or (isinstance(penalty, sympy.Basic)
                                    and not isinstance(penalty, sympy.Set)):
        pen = _coerce(penalty, "penalty", latex=latex, symbols=symbols)
        if point is None:
            raise InvalidParameterError("at must be given for a penalty given as an expression")
    if point is not None and isinstance(a, sympy.Expr) and _symbols.w in a.free_symbols:
        a = a.xreplace({_symbols.w: point})
    objs = (a, pen) if isinstance(pen, sympy.Basic) else (a,)
    kind, subdiff = _budgeted("subdifferential", (pen, point), timeout, objs)
    if kind != "ok":
        shown = pen if isinstance(pen, sympy.Basic) else getattr(pen, "expr", sympy.S.EmptySet)
        why = "time budget exhausted" if kind == "timeout" else subdiff
        return Verdict(status="undecided", answer=a, expected=shown, method=kind,
                       reason=f"could not compute the subdifferential: {why}", relation="in",
                       elapsed=time.monotonic() - started)
    left = max(timeout - (time.monotonic() - started), 1e-3)
    result = _budgeted("decide", (a, subdiff, "in", False, left), left, (a, subdiff))
    return _finish(result, a, subdiff, timeout, started, "in")


# ---------------------------------------------------------------------------
# the `symreg check` command


def _catalogue_result(name: str) -> sympy.Basic | None:
    """The result of the catalogue derivation ``name``, or None if there is none."""
    try:
        from symreg import catalogue
    except ImportError:  # pragma: no cover - the catalogue is part of symreg
        return None
    try:
        known = name in catalogue.names()
    except Exception:  # pragma: no cover - a broken catalogue must not hide the check
        return None
    if not known:
        return None
    try:
        result = catalogue.get(name).result
    except SymregError:
        raise
    except Exception as exc:  # a broken derivation is reported, not a traceback
        raise InvalidParameterError(
            f"catalogue derivation {name!r} failed: {type(exc).__name__}: {exc}") from exc
    if isinstance(result, sympy.Equality):
        result = result.rhs
    return result


def check_command(
    answer: str,
    expected: str,
    *,
    latex: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[int, str]:
    r"""The ``symreg check ANSWER EXPECTED`` command: exit code and text to print.

    ``EXPECTED`` is an expression, or the name of a catalogue derivation whose
    result is then used (an answer is checked against a set-valued result by
    membership). The exit code is 0 for equivalent, 1 for different, 2 for
    invalid input (the text is one line ``error: ...``) and 3 for undecided.

    >>> check_command("2 lam w", "lam w")[0]
    1
    >>> check_command("2 lam w", "foo(w)")
    (2, "error: expected: unknown name 'foo' at position 0")
    """
    try:
        timeout = _check_timeout(timeout)
        target = _catalogue_result(expected)
        if target is None:
            try:
                target = parse(expected, latex=latex)
            except ParseError as exc:
                raise ParseError(f"expected: {exc}") from None
            extra: SymbolsArg = None
        else:
            extra = _widen(target.free_symbols)
            if not isinstance(target, (sympy.Expr, sympy.Set)):
                raise InvalidParameterError(
                    f"catalogue result {expected!r} is not an expression or a set")
        try:
            value = parse(answer, latex=latex, symbols=extra)
        except ParseError as exc:
            raise ParseError(f"answer: {exc}") from None
        if isinstance(target, sympy.Set):
            verdict = in_subdifferential(value, target, at=None, timeout=timeout)
        else:
            verdict = equivalent(value, target, timeout=timeout)
    except SymregError as exc:
        return 2, "error: " + " ".join(str(exc).split())
    return _EXIT_CODES[verdict.status], str(verdict)


def _widen(free: Iterable[sympy.Basic]) -> list[sympy.Symbol] | None:
    """Canonical symbols of a catalogue result that the parser does not know by default."""
    canonical = set(_symbols.by_name().values())
    known = set(_parse.DEFAULT_NAMES.values())
    extra = sorted((s for s in free if s in canonical and s not in known),
                   key=lambda s: s.name)
    return extra or None
