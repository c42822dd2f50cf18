r"""Checking answers: equivalence and subgradient verdicts, within a time budget.

Graders and test writers hand symreg untrusted text or LaTeX and ask "is this
answer right?". This module answers safely, correctly and within a time budget:

* :func:`parse` turns text or LaTeX into a SymPy expression over the canonical
  symbols of :mod:`symreg.symbols` without ever executing its input;
* :func:`equivalent` decides whether two answers (expressions, sets,
  intervals, tuples, equations or inequalities) are equal for all admissible
  values of their symbols *where both are defined* (the verdict's caveat says
  where one is not; ``strict=True`` counts such points as differences), on top
  of :func:`symreg.proof.prove`: a counterexample found by exact sampling
  proves a difference, equality is proved symbolically, and anything else is
  ``undecided``, never guessed;
* :func:`check_steps` checks a multi-step answer, step by step;
* :func:`in_subdifferential` checks a subgradient answer against a penalty.

Each check runs in a worker process of :mod:`symreg._budget` that is killed
at the deadline. The ``symreg check`` command lives in :mod:`symreg.cli`.

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

import time
from typing import Any, Literal

import sympy

from symreg import _budget, _reading, calculus
from symreg import symbols as _symbols
from symreg._answers import SymbolsArg, check_rtol, check_timeout, parse
from symreg._compare import Policy, decide
from symreg._decide import Frozen, decide_membership, freeze, thaw
from symreg._reading import Refusal, plain, read, resolve_symbols
from symreg._steps import check_steps
from symreg._verdict import StepLink, StepsVerdict, Verdict
from symreg.errors import InvalidParameterError, SymregError, UnsupportedError

__all__ = [
    "DEFAULT_TIMEOUT",
    "StepLink",
    "StepsVerdict",
    "Verdict",
    "check_steps",
    "equivalent",
    "in_subdifferential",
    "parse",
]


#: Default time budget of one check, in seconds.
DEFAULT_TIMEOUT = _reading.DEFAULT_TIMEOUT

# ---------------------------------------------------------------------------
# deciding (runs in a worker process: symreg._compare, symreg._decide, symreg._steps)


def _warm_up() -> None:
    """Run one small check of each kind, so that SymPy's lazy imports and first-call
    costs do not count against a budget."""
    w = _symbols.w
    written = sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False)
    decide(written, sympy.Abs(w) * sympy.sign(w), Policy(), 60.0)
    decide_membership(sympy.S.Zero, sympy.Interval(-1, 1), 60.0)
    _subdifferential(_symbols.lam * sympy.Abs(w), sympy.S.Zero)


def _decide(a: Frozen, e: Frozen, policy: Policy, timeout: float) -> Verdict:
    """:func:`symreg._compare.decide` on written forms sent frozen (they must not evaluate),
    with the seconds it took as the verdict's ``elapsed``.

    The answer and the expected answer are not sent back (the caller has them as
    written, and SymPy would evaluate its copies when they are unpickled): the
    verdict holds 0 in their place.
    """
    started = time.monotonic()
    verdict = decide(thaw(a), thaw(e), policy, timeout)
    return Verdict(**{**_fields(verdict), "answer": sympy.S.Zero, "expected": sympy.S.Zero,
                      "elapsed": time.monotonic() - started})


def _finish(status_result: tuple[str, Any], a: sympy.Basic, expected: sympy.Basic,
            timeout: float, started: float, relation: Literal["==", "in"],
            read_s: float | None = None) -> Verdict:
    """The verdict of a worker's outcome. With ``read_s`` (the seconds reading took),
    ``elapsed`` is reading plus the worker's own time (its start-up is not counted)."""
    kind, value = status_result
    elapsed = time.monotonic() - started
    if kind == "ok":
        verdict: Verdict = value
        if read_s is not None:
            elapsed = read_s + verdict.elapsed
        # the forms as written (the worker's copies were evaluated when unpickled)
        return Verdict(**{**_fields(verdict), "answer": a, "expected": expected,
                          "elapsed": elapsed})
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
    expected_latex: bool | None = None,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
    hints: bool = True,
    strict: bool = False,
    rtol: float | None = None,
) -> Verdict:
    r"""Decide whether ``answer`` equals ``expected`` wherever both are defined.

    **Domain policy.** Two real expressions are equivalent when they agree at
    every admissible value of their symbols (``w`` real, ``lam`` positive, ...)
    where *both are defined and real*; the verdict's ``caveat`` names every
    point or region where one side is undefined, read from the answer *as
    written* (``w/w`` is undefined at ``w = 0``, though SymPy would write 1).
    With ``strict=True`` such a point is a difference (the prover's own
    semantics: both sides must be defined and real everywhere; declare a symbol
    ``positive`` to restrict where it lives). Either way a proof is the
    prover's (:func:`symreg.proof.prove`): a counterexample at an exact
    rational sample point proves a difference, equality is proved
    symbolically, and anything else is ``undecided``, never guessed.

    **Numbers** are exact: a decimal is the rational it denotes (``0.1`` is
    1/10, so ``4.52*10^2`` is exactly 452 and ``0.1 + 0.2`` equals ``0.3``,
    with no rounding error to excuse). A grader who wants numeric answers
    passes ``rtol``: two constants within that relative tolerance are
    equivalent (decided exactly).

    **Answers of other kinds**: sets and intervals (``{1/2}``, ``[-lam, lam]``,
    unions) are compared as sets; tuples component by component (a pair
    ``(0, 1)`` against an interval is read as the open interval); equations as
    equations up to a nonzero factor, else as solution sets in their unknown.
    The reason says which.

    Args:
        answer: text, LaTeX (with ``latex=True``), a number, a SymPy object, or
            a Python tuple or set of those.
        expected: likewise.
        latex: parse text arguments as LaTeX.
        expected_latex: parse ``expected`` as LaTeX (default: as ``latex``).
        symbols: names and their assumptions, e.g. ``{"x": "real", "a":
            "positive"}`` or ``"x y: real; a: positive"``. Without it, a
            single letter the parser does not know is a real symbol, and the
            verdict's ``warnings`` say so; ``x_1`` and ``x1`` are different
            names.
        timeout: the time budget in seconds; past it the verdict is
            ``undecided``. Enforced by a worker process that is killed at
            the deadline.
        hints: when the two differ, look for a convention mix-up (the answer
            matching with ``lam`` replaced by ``2*lam`` or ``lam/2``).
        strict: count a point where either side is undefined as a difference.
        rtol: a relative tolerance for constant answers (None: exact).

    Returns:
        A :class:`Verdict`.

    Raises:
        ParseError: a text argument is refused by :func:`parse`.
        InvalidParameterError: a bad ``timeout``, ``rtol`` or ``symbols``, or a
            SymPy symbol that reuses a canonical name with other assumptions.

    >>> equivalent("log(sigma^2)/2", "log(sigma)").status
    'equivalent'
    >>> v = equivalent("(x^2 - 1)/(x + 1)", "x - 1")
    >>> v.status, v.caveat
    ('equivalent', 'equivalent where both are defined; the answer is undefined at x = -1')
    >>> equivalent("(x^2 - 1)/(x + 1)", "x - 1", strict=True).counterexample
    ((x, -1),)
    >>> equivalent("sign(w)^2", "1").counterexample
    ((w, 0),)
    >>> equivalent("[-lam, lam]", r"\left[-\lambda, \lambda\right]", expected_latex=True).status
    'equivalent'
    >>> equivalent("2 w = 1", "w = 1/2").reason
    'as equations: the answer is the expected equation times 2'
    >>> equivalent("3.1416", "pi", rtol=1e-4).status
    'equivalent'
    >>> v = equivalent("z/(1 + 2 eta lam)", "z/(1 + eta lam)")
    >>> v.status, "other L2 convention" in v.hint
    ('different', True)
    """
    return _equivalent(answer, expected, latex=latex, expected_latex=expected_latex,
                       symbols=symbols, timeout=timeout, hints=hints, strict=strict, rtol=rtol)


def _equivalent(answer: Any, expected: Any, *, latex: bool = False,
                expected_latex: bool | None = None, symbols: SymbolsArg = None,
                timeout: float = DEFAULT_TIMEOUT, hints: bool = True, strict: bool = False,
                rtol: float | None = None, label: Refusal = plain) -> Verdict:
    """:func:`equivalent`, with a refusal of an operand worded by ``label(role, error)``.

    Reading text and deciding share the budget: a reading cut short raises
    :class:`symreg._reading.OutOfTime` (a :class:`ParseError`).
    """
    started = time.monotonic()
    timeout = check_timeout(timeout)
    policy = Policy(strict=bool(strict), rtol=check_rtol(rtol), hints=hints)
    latex_e = latex if expected_latex is None else expected_latex
    # Text is read in a worker, since building SymPy objects from it can take
    # long: reading is part of the budget.
    (a, e), read_s = read([(answer, "answer", latex), (expected, "expected", latex_e)],
                          symbols=resolve_symbols(symbols), timeout=timeout, label=label)
    left = max(timeout - read_s, 1e-3)
    result = _budget.run(_decide, (freeze(a.written), freeze(e.written), policy, left), left,
                         warmup=_warm_up)
    verdict = _finish(result, a.written, e.written, timeout, started, "==", read_s)
    notes = tuple(dict.fromkeys((*verdict.warnings, *a.warnings, *e.warnings)))
    fields: dict[str, Any] = {**_fields(verdict), "warnings": notes}
    if verdict.method == "timeout":  # the whole budget, reading included
        fields["reason"] = f"time budget of {timeout:g} s exhausted"
    return Verdict(**fields)


def _subdifferential(penalty: Any, at: sympy.Basic | None) -> sympy.Basic:
    """The subdifferential of a convex ``penalty`` at ``w = at`` as a SymPy set.

    A penalty given as an expression in ``w`` goes through
    :func:`symreg.calculus.subdifferential`, after :func:`symreg.calculus.is_convex`
    has decided that it is convex: the one-sided derivatives of a function that
    is not convex do not give its subgradients (``-|w|`` has none at 0).
    """
    if isinstance(penalty, sympy.Set):
        return penalty
    method = getattr(penalty, "subdifferential", None)
    if callable(method):
        return method(at=at)
    if at is None:
        raise InvalidParameterError("at must be given for a penalty given as an expression")
    w = _symbols.w
    convex = calculus.is_convex(penalty, w)
    if convex is False:
        raise InvalidParameterError(
            f"penalty {sympy.sstr(penalty)} is not convex in w: a subgradient check needs "
            f"a convex penalty")
    if convex is None:
        raise UnsupportedError(f"cannot decide whether the penalty {sympy.sstr(penalty)} "
                               f"is convex in w")
    return calculus.subdifferential(penalty, w, at=at)


def _timed_subdifferential(penalty: Any, at: sympy.Basic | None) -> tuple[sympy.Basic, float]:
    """:func:`_subdifferential` and the seconds it took."""
    started = time.monotonic()
    return _subdifferential(penalty, at), time.monotonic() - started


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
            text or SymPy. An expression must be convex in ``w`` (decided by
            :func:`symreg.calculus.is_convex`); its set is
            :func:`symreg.calculus.subdifferential` at ``at``, the interval
            between the one-sided derivatives. (The subdifferential of a penalty object is
            computed in this process; everything else runs in a worker.)
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
    >>> in_subdifferential("0", "-|w|", at=0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: penalty -Abs(w) is not convex in w: ...
    """
    return _in_subdifferential(g, penalty, at, latex=latex, symbols=symbols, timeout=timeout)


def _in_subdifferential(g: Any, penalty: Any, at: Any = 0, *, latex: bool = False,
                        symbols: SymbolsArg = None, timeout: float = DEFAULT_TIMEOUT,
                        role: str = "g", label: Refusal = plain) -> Verdict:
    """:func:`in_subdifferential`, naming the answer ``role`` and wording refusals by ``label``."""
    started = time.monotonic()
    timeout = check_timeout(timeout)
    expression = isinstance(penalty, str) or (isinstance(penalty, sympy.Basic)
                                              and not isinstance(penalty, sympy.Set))
    operands = [(g, role, latex)]
    if at is not None:
        operands.append((at, "at", latex))
    if expression:
        operands.append((penalty, "penalty", latex))
    read_in, read_s = read(operands, symbols=resolve_symbols(symbols), timeout=timeout,
                           label=label, written=False)
    a = read_in[0].written
    point = None if at is None else read_in[1].written
    pen: Any = read_in[-1].written if expression else penalty
    if expression and point is None:
        raise InvalidParameterError("at must be given for a penalty given as an expression")
    if point is not None and isinstance(a, sympy.Expr) and _symbols.w in a.free_symbols:
        a = a.xreplace({_symbols.w: point})
    if isinstance(pen, sympy.Basic):
        try:
            kind, timed = _budget.run(_timed_subdifferential, (pen, point), timeout,
                                      warmup=_warm_up)
        except UnsupportedError as exc:
            kind, timed = "error", str(exc)
        subdiff, spent = timed if kind == "ok" else (timed, timeout)
    else:
        # A penalty object of symreg's own (trusted code, and it need not pickle):
        # its subdifferential is computed here, outside the worker.
        try:
            (kind, (subdiff, spent)) = "ok", _timed_subdifferential(pen, point)
        except SymregError:
            raise
        except Exception as exc:
            kind, subdiff, spent = "error", f"{type(exc).__name__}: {exc}", timeout
    if kind != "ok":
        shown = pen if isinstance(pen, sympy.Basic) else getattr(pen, "expr", sympy.S.EmptySet)
        why = "time budget exhausted" if kind == "timeout" else subdiff
        return Verdict(status="undecided", answer=a, expected=shown, method=kind,
                       reason=f"could not compute the subdifferential: {why}", relation="in",
                       elapsed=time.monotonic() - started)
    # The budget left after reading and computing the set (a worker's start-up is not
    # counted).
    left = max(timeout - read_s - spent, 1e-3)
    result = _budget.run(decide_membership, (a, subdiff, left), left, warmup=_warm_up)
    return _finish(result, a, subdiff, timeout, started, "in")
