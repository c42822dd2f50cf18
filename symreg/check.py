r"""Checking answers: equivalence and subgradient verdicts, within a time budget.

Graders and test writers hand symreg untrusted text or LaTeX and ask "is this
answer right?". This module answers safely, correctly and within a time budget:

* :func:`parse` turns text or LaTeX into a SymPy expression over the canonical
  symbols of :mod:`symreg.symbols` without ever executing its input;
* :func:`equivalent` decides whether two expressions are equal for *all*
  admissible values of their symbols, on top of :func:`symreg.proof.prove`:
  a counterexample found by exact sampling proves a difference, equality is
  proved symbolically, and anything else is ``undecided``, never guessed;
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

import contextlib
import time
from typing import Any, Literal

import sympy

from symreg import _budget, calculus
from symreg import symbols as _symbols
from symreg._answers import SymbolsArg, check_timeout, coerce_answer, parse
from symreg._verdict import Point, Verdict
from symreg.errors import InvalidParameterError, SymregError, UnsupportedError
from symreg.proof import Proof, find_difference, piecewise_normal, prove

__all__ = [
    "DEFAULT_TIMEOUT",
    "Verdict",
    "equivalent",
    "in_subdifferential",
    "parse",
]

#: Default time budget of one check, in seconds.
DEFAULT_TIMEOUT = 5.0

# ---------------------------------------------------------------------------
# deciding (runs in a worker process)


def _warm_up() -> None:
    """Run one small check of each kind, so that SymPy's lazy imports and first-call
    costs do not count against a budget."""
    w = _symbols.w
    _decide(sympy.Abs(w) * sympy.sign(w), w, "eq", True, 60.0)
    _subdifferential(_symbols.lam * sympy.Abs(w), sympy.S.Zero)


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 1e-3)


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


def _prove_eq(a: sympy.Basic, e: sympy.Basic, deadline: float, relation: Literal["eq", "in"],
              samples: int) -> Proof:
    """:func:`prove`, then (if unknown) again in the plain Piecewise form."""
    proof = prove(a, e, relation=relation, timeout=_remaining(deadline), samples=samples)
    if proof.status == "unknown" and time.monotonic() < deadline:
        na, ne = piecewise_normal(a), piecewise_normal(e)
        if na != a or ne != e:
            second = prove(na, ne, relation=relation, timeout=_remaining(deadline),
                           samples=samples)
            if second.status != "unknown":
                return Proof(status=second.status,
                             method=f"{second.method} (piecewise form)",
                             counterexample=second.counterexample, reason=second.reason)
    return proof


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
        if find_difference(a, other, deadline) is not None:
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
    found = find_difference(a, e, deadline) if rel == "==" else None
    if found is not None:
        point, va, ve = found
        undefined = [name for name, v in (("answer", va), ("expected", ve)) if v is sympy.nan]
        reason = (f"{undefined[0]} is undefined at a point where the other is defined"
                  if undefined else "a counterexample proves it")
        hint = _convention_hint(a, e, deadline) if hints else ""
        return Verdict(status="different", answer=a, expected=e, method="exact sample",
                       reason=reason, counterexample=point, answer_value=_shown(va),
                       expected_value=_shown(ve), hint=hint)
    proof = _prove_eq(a, e, deadline, "in" if rel == "in" else "eq",
                      samples=1 if rel == "==" else 60)
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
    if proof.method == "timeout" or "time budget" in reason or time.monotonic() >= deadline:
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
            ``undecided``. Enforced by a worker process that is killed at
            the deadline.
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
    timeout = check_timeout(timeout)
    a = coerce_answer(answer, "answer", latex=latex, symbols=symbols)
    e = coerce_answer(expected, "expected", latex=latex, symbols=symbols)
    result = _budget.run(_decide, (a, e, "eq", hints, timeout), timeout,
                         warmup=_warm_up)
    return _finish(result, a, e, timeout, started, "==")


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
    started = time.monotonic()
    timeout = check_timeout(timeout)
    a = coerce_answer(g, "g", latex=latex, symbols=symbols)
    point = None if at is None else coerce_answer(at, "at", latex=latex, symbols=symbols)
    pen: Any = penalty
    if isinstance(penalty, str) or (isinstance(penalty, sympy.Basic)
                                    and not isinstance(penalty, sympy.Set)):
        pen = coerce_answer(penalty, "penalty", latex=latex, symbols=symbols)
        if point is None:
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
    # The budget left after computing the set (a worker's start-up is not counted).
    left = max(timeout - spent, 1e-3)
    result = _budget.run(_decide, (a, subdiff, "in", False, left), left, warmup=_warm_up)
    return _finish(result, a, subdiff, timeout, started, "in")
