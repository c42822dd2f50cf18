r"""Comparing answers of every kind: expressions, sets, intervals, tuples, equations (in a worker).

* **Expressions** and **sets** (finite sets, intervals, unions) are decided by
  :func:`symreg._decide.decide_expression`, under the domain policy.
* **Tuples** are compared component by component; the first component that
  differs is named. A pair ``(a, b)`` against an interval is read as the open
  interval (a student's ``(0, 1)``), and the verdict says so.
* **Inequalities** are compared as solution sets in their unknown
  (``2w <= 1`` and ``w <= 1/2``), also against a set or an interval.
* **Equations** are equivalent *as equations* when one is the other times a
  nonzero constant (``2w = 1`` and ``w = 1/2``), else *as solution sets* in
  their unknown (``w`` if it occurs, else their one symbol that is not a
  positive parameter): ``w^2 = w`` and ``w(w - 1) = 0`` have the same
  solutions. An equation against a set compares its solutions with the set.
  The verdict's reason says which comparison was made.

>>> import sympy
>>> from symreg.symbols import w
>>> v = decide(sympy.Eq(2 * w, 1), sympy.Eq(w, sympy.Rational(1, 2)), Policy(), 5.0)
>>> v.status, v.reason
('equivalent', 'as equations: the answer is the expected equation times 2')
"""

from __future__ import annotations

import time

import sympy

from symreg import symbols as _symbols
from symreg._decide import Policy, decide_expression, evaluated
from symreg._verdict import Verdict

__all__ = ["Policy", "decide", "kind_of"]

_INEQUALITIES = (sympy.Lt, sympy.Le, sympy.Gt, sympy.Ge)
#: The prover's name of each inequality.
RELATION = {sympy.Lt: "lt", sympy.Le: "le", sympy.Gt: "gt", sympy.Ge: "ge"}


def kind_of(obj: sympy.Basic) -> str:
    """``"equation"``, ``"inequality"``, ``"tuple"``, ``"set"`` or ``"expression"``."""
    if isinstance(obj, sympy.Eq):
        return "equation"
    if isinstance(obj, _INEQUALITIES):
        return "inequality"
    if isinstance(obj, sympy.Tuple):
        return "tuple"
    if isinstance(obj, sympy.Set):
        return "set"
    return "expression"


def _with(verdict: Verdict, answer: sympy.Basic, expected: sympy.Basic, prefix: str) -> Verdict:
    fields = {name: getattr(verdict, name) for name in Verdict.__dataclass_fields__}
    fields.update(answer=answer, expected=expected,
                  reason=f"{prefix}: {verdict.reason}" if prefix else verdict.reason)
    return Verdict(**fields)


def decide(a: sympy.Basic, e: sympy.Basic, policy: Policy, timeout: float) -> Verdict:
    """Decide ``answer == expected`` for answers of any kind (written forms)."""
    ka, ke = kind_of(a), kind_of(e)
    setlike = ("set", "inequality")
    if ka == "tuple" and ke in setlike and len(a.args) == 2:
        return _with(decide(sympy.Interval.open(*a.args), e, policy, timeout),
                     a, e, "(a, b) read as the open interval")
    if ke == "tuple" and ka in (*setlike, "equation") and len(e.args) == 2:
        return _with(decide(a, sympy.Interval.open(*e.args), policy, timeout),
                     a, e, "(a, b) read as the open interval")
    if ka == "equation" and ke == "equation":
        return _equations(a, e, policy, timeout)
    if ka in ("equation", "inequality") and ke in ("set", "inequality"):
        return _solutions(a, e, policy, timeout)
    if ka == "set" and ke in ("equation", "inequality"):
        swapped = _solutions(e, a, policy, timeout)
        return _with(swapped, a, e, "")
    if ka != ke:
        return Verdict(status="different", answer=a, expected=e, method="kind",
                       reason=f"the answer is {_article(ka)}, the expected answer "
                              f"{_article(ke)}")
    if ka == "tuple":
        return _tuples(a, e, policy, timeout)
    return decide_expression(a, e, policy, timeout)


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _tuples(a: sympy.Tuple, e: sympy.Tuple, policy: Policy, timeout: float) -> Verdict:
    if len(a.args) != len(e.args):
        return Verdict(status="different", answer=a, expected=e, method="kind",
                       reason=f"the answer has {len(a.args)} components, the expected "
                              f"answer {len(e.args)}")
    deadline = time.monotonic() + timeout
    caveats, undecided = [], None
    for n, (x, y) in enumerate(zip(a.args, e.args, strict=True), start=1):
        left = max(deadline - time.monotonic(), 1e-3)
        part = decide(x, y, policy, left)
        if part.status == "different":
            return _with(part, a, e, f"component {n} differs")
        if part.caveat:
            caveats.append(f"component {n}: {part.caveat}")
        if part.status == "undecided" and undecided is None:
            undecided = _with(part, a, e, f"component {n}")
    if undecided is not None:
        return undecided
    return Verdict(status="equivalent", answer=a, expected=e, method="componentwise",
                   reason="every component is proved equal", caveat="; ".join(caveats))


def _unknown(*eqs: sympy.Basic) -> sympy.Symbol | None:
    free = sorted(set().union(*(q.free_symbols for q in eqs)), key=lambda s: s.name)
    if _symbols.w in free:
        return _symbols.w
    unknowns = [s for s in free if not s.is_positive]
    if len(unknowns) == 1:
        return unknowns[0]
    return free[0] if len(free) == 1 else None


def _side(eq: sympy.Basic) -> sympy.Expr:
    value = evaluated(eq)
    return sympy.Add(value.lhs, -value.rhs)


def _equations(a: sympy.Eq, e: sympy.Eq, policy: Policy, timeout: float) -> Verdict:
    f, g = _side(a), _side(e)
    if g != 0:
        ratio = sympy.cancel(sympy.together(f / g))
        if not ratio.free_symbols and ratio.is_zero is False and ratio.is_finite:
            how = ("the same equation, rearranged" if ratio == 1 else
                   f"the answer is the expected equation times {sympy.sstr(ratio)}")
            return Verdict(status="equivalent", answer=a, expected=e, method="factor",
                           reason=f"as equations: {how}")
    return _solutions(a, e, policy, timeout)


def _solve(eq: sympy.Basic, x: sympy.Symbol) -> sympy.Set | None:
    """The real solutions in ``x`` of an equation or an inequality, if SymPy finds them."""
    try:
        target = _side(eq) if isinstance(eq, sympy.Eq) else evaluated(eq)
        solved = sympy.solveset(target, x, sympy.S.Reals)
    except (NotImplementedError, TypeError, ValueError):
        return None
    if solved.has(sympy.ConditionSet, sympy.ImageSet):
        return None
    return solved


def _solutions(a: sympy.Basic, e: sympy.Basic, policy: Policy, timeout: float) -> Verdict:
    x = _unknown(*(q for q in (a, e) if kind_of(q) in ("equation", "inequality")))
    if x is None:
        return Verdict(status="undecided", answer=a, expected=e, method="solve",
                       reason="cannot tell which symbol is the unknown")
    sa = _solve(a, x)
    se = e if kind_of(e) == "set" else _solve(e, x)
    if sa is None or se is None:
        return Verdict(status="undecided", answer=a, expected=e, method="solve",
                       reason=f"could not solve for {x}")
    verdict = decide_expression(sa, se, policy, timeout)
    return _with(verdict, a, e, f"as solution sets in {x}")
