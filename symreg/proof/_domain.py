"""Where a written expression is defined and real: the conditions read from its form.

The prover's semantics: a claim ``lhs rel rhs`` on a region holds when both
sides are defined and real at every point of the region and the relation holds
there. This module reads, from an expression *as written* (before SymPy
simplifies ``w/w`` to 1), the conditions under which it is defined and real:

* a power with a negative exponent needs a non-zero base; a non-integer
  exponent needs a non-negative base (positive when the exponent is negative),
  since SymPy's principal roots of negative numbers are not real;
* a logarithm needs a positive argument;
* a derivative exists only away from the kinks of what it differentiates: the
  zeros of the arguments of ``Abs``, ``sign`` and ``Heaviside``, the ties of
  ``Max`` and ``Min``, the boundaries of ``Piecewise`` conditions, and the
  zeros of the base of a non-integer power;
* a ``Piecewise`` branch needs its conditions only where it is active.

Each condition is a SymPy relational (or a Boolean of them) over the free
symbols; conditions that SymPy already decides as true are dropped.

>>> import sympy
>>> from symreg.symbols import w
>>> requirements(sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False))
[Ne(w, 0)]
>>> requirements(sympy.Derivative(sympy.Abs(w), w))
[Ne(w, 0)]
>>> requirements(sympy.log(w**2 + 1))
[]
"""

from __future__ import annotations

import itertools

import sympy
from sympy.logic.boolalg import Boolean, BooleanTrue

from symreg.errors import UnsupportedError
from symreg.proof._forms import relations_in
from symreg.proof._line import (
    condition,
    holds_everywhere,
    polynomial_line,
    positive_condition,
)
from symreg.proof._memo import memoised

__all__ = ["requirements", "undefined_candidates"]

_KINKED = (sympy.Abs, sympy.sign, sympy.Heaviside)
_TIES = (sympy.Max, sympy.Min)
# functions that are defined and real wherever their arguments are
_TOTAL = (sympy.Add, sympy.Mul, sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside,
          sympy.exp, sympy.floor, sympy.ceiling, sympy.sin, sympy.cos, sympy.atan,
          sympy.Tuple, sympy.UnevaluatedExpr, sympy.core.function.AppliedUndef)
_UNDEFINED_ATOMS = (sympy.nan, sympy.zoo)


def requirements(expr: sympy.Basic) -> list[Boolean]:
    """The conditions under which ``expr``, as written, is defined and real.

    Raises:
        UnsupportedError: for a construct whose domain is not known here (a sum
            whose terms are undefined for some index, ``tan``, ...).
    """
    out: list[Boolean] = []
    _walk(expr, out)
    seen: list[Boolean] = []
    for cond in out:
        if isinstance(cond, BooleanTrue) or cond is sympy.true:
            continue
        if not any(cond == other for other in seen):
            seen.append(cond)
    return seen


def _add(out: list[Boolean], cond: Boolean) -> None:
    out.append(cond)


def _walk(e: sympy.Basic, out: list[Boolean]) -> None:
    if not isinstance(e, sympy.Basic):
        return
    if e in _UNDEFINED_ATOMS:
        _add(out, sympy.false)
        return
    if e.is_Atom:
        return
    if isinstance(e, sympy.Set):
        for arg in e.args:
            _walk(arg, out)
        return
    if isinstance(e, sympy.Derivative):
        _walk(e.expr, out)
        for var in set(e.variables):
            for cond in _kinks(e.expr, var):
                _add(out, cond)
        return
    if isinstance(e, sympy.Pow):
        base, exp = e.args
        _walk(base, out)
        _walk(exp, out)
        for cond in _power(base, exp):
            _add(out, cond)
        return
    if isinstance(e, sympy.log):
        for arg in e.args:
            _walk(arg, out)
        for cond in positive_condition(e.args[0]):
            _add(out, cond)
        if len(e.args) == 2:
            _add(out, sympy.Gt(e.args[1], 0))
            _add(out, sympy.Ne(e.args[1], 1))
        return
    if isinstance(e, sympy.DiracDelta):
        # a point mass: no real value at its point
        _walk(e.args[0], out)
        _add(out, sympy.Ne(e.args[0], 0))
        return
    if isinstance(e, sympy.gamma):
        # defined away from 0, -1, -2, ...; required here on the positive reals
        _walk(e.args[0], out)
        _add(out, sympy.Gt(e.args[0], 0))
        return
    if isinstance(e, (sympy.asin, sympy.acos)):
        _walk(e.args[0], out)
        _add(out, sympy.Le(sympy.Abs(e.args[0]), 1))
        return
    if isinstance(e, sympy.Piecewise):
        earlier: list[Boolean] = []
        for piece, cond in e.args:
            _walk_condition(cond, out)
            active = sympy.And(cond, *[sympy.Not(c) for c in earlier])
            inner: list[Boolean] = []
            _walk(piece, inner)
            for req in inner:
                _add(out, req if active is sympy.true else sympy.Implies(active, req))
            earlier.append(cond)
        if sympy.true not in earlier:
            # no value where no case holds
            _add(out, sympy.Or(*earlier))
        return
    if isinstance(e, (sympy.Sum, sympy.Product)):
        inner = []
        _walk(e.function, inner)
        index = {lim[0] for lim in e.limits}
        for req in inner:
            if req.free_symbols & index:
                raise UnsupportedError(
                    "the domain of a sum whose terms are undefined for some index is not known")
            _add(out, req)
        for lim in e.limits:
            for bound in lim[1:]:
                _walk(bound, out)
        return
    if isinstance(e, (sympy.Limit, sympy.Integral)):
        # The limit or integration variable is bound: conditions on it concern
        # the neighbourhood or the range, not a point (whether the limit or the
        # integral exists is decided when it is evaluated).
        inner = []
        _walk(e.args[0], inner)
        bound = e.args[1].free_symbols if isinstance(e, sympy.Limit) else e.variables
        for req in inner:
            if not (req.free_symbols & set(bound)):
                _add(out, req)
        for arg in e.args[1:]:
            _walk(arg, out)
        return
    if isinstance(e, (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not)):
        _walk_condition(e, out)
        return
    if isinstance(e, _TOTAL):
        for arg in e.args:
            _walk(arg, out)
        return
    raise UnsupportedError(f"the domain of {type(e).__name__} is not known")


def _walk_condition(cond: sympy.Basic, out: list[Boolean]) -> None:
    for rel in relations_in(cond):
        _walk(rel.lhs, out)
        _walk(rel.rhs, out)


def _power(base: sympy.Expr, exp: sympy.Expr) -> list[Boolean]:
    if exp.is_Integer and exp >= 0:
        return []  # a polynomial in its base (the base's sign is not asked)
    line = polynomial_line(base)
    positive = None if line is None else holds_everywhere(line, "gt")
    if positive is None:
        positive = base.is_positive
    if positive:
        return []
    if exp.is_integer:
        return [] if exp.is_nonnegative else condition(line, "ne", base)
    if exp.is_Rational:  # not an integer
        return condition(line, "ge" if exp > 0 else "gt", base)
    if exp.is_positive:
        return condition(line, "ge", base)
    return [sympy.Or(sympy.Gt(base, 0), sympy.And(sympy.Eq(base, 0), sympy.Gt(exp, 0)))]


def _kinks(expr: sympy.Basic, var: sympy.Symbol) -> list[Boolean]:
    """Conditions that keep ``var`` away from the points where ``expr`` may have no derivative."""
    out: list[Boolean] = []
    for sub in sympy.preorder_traversal(expr):
        if not isinstance(sub, sympy.Basic) or not sub.has(var):
            continue
        if isinstance(sub, _KINKED):
            out.append(sympy.Ne(sub.args[0], 0))
        elif isinstance(sub, _TIES):
            for a, b in itertools.combinations(sub.args, 2):
                out.append(sympy.Ne(a - b, 0))
        elif isinstance(sub, sympy.Piecewise):
            for _, cond in sub.args:
                for rel in relations_in(cond):
                    if rel.has(var):
                        out.append(sympy.Ne(rel.lhs - rel.rhs, 0))
        elif isinstance(sub, sympy.Pow):
            base, exp = sub.args
            if base.has(var) and not (exp.is_integer and exp.is_nonnegative):
                out.append(sympy.Gt(base, 0) if not exp.is_integer else sympy.Ne(base, 0))
        elif isinstance(sub, (sympy.floor, sympy.ceiling)):
            raise UnsupportedError("derivatives of floor and ceiling are not supported")
    return out


@memoised(1024)
def undefined_candidates(cond: Boolean) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...]:
    """Partial points (one symbol solved for, as ``(symbol, value)``) where ``cond`` may fail.

    For ``a != 0`` they are the real zeros of ``a``; for ``a > 0`` and ``a >= 0``
    the zeros and points beside them. The remaining symbols are left free, for
    the sampler to fill in. Memoised: the same conditions of definedness recur
    in every step about the same expression.

    >>> from symreg.symbols import w
    >>> undefined_candidates(sympy.Ne(w**2 - 1, 0))
    ((w, -1), (w, 1))
    """
    points: list[tuple[sympy.Symbol, sympy.Expr]] = []
    for rel in relations_in(cond):
        diff = rel.lhs - rel.rhs
        for sym in sorted(diff.free_symbols, key=lambda s: s.name):
            if not isinstance(sym, sympy.Symbol):
                continue
            try:
                roots = sympy.solveset(diff, sym, sympy.S.Reals)
            except (NotImplementedError, ValueError, TypeError):
                continue
            if not isinstance(roots, sympy.FiniteSet):
                continue
            for root in roots:
                points.append((sym, root))
                if not isinstance(rel, sympy.Ne):
                    for step in (sympy.Rational(-1, 7), sympy.Rational(1, 7), -1, 1):
                        points.append((sym, root + step))
    return tuple(points)
