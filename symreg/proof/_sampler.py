"""The one sampler: candidate values, breakpoints, and exact sample points in a fixed order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import sympy
from sympy.logic.boolalg import Boolean

from symreg.proof._decide import same, sort_points
from symreg.proof._evaluate import truth_at
from symreg.proof._forms import lowest_terms, relationals, simplified, symbols_of, to_piecewise
from symreg.proof._memo import memoised

__all__ = [
    "Point",
    "breakpoints",
    "breakpoints_of",
    "candidates",
    "parameter_sets",
    "sample_points",
    "screen_points",
]

#: A sample point: exact values of the free symbols.
Point = dict[sympy.Symbol, sympy.Expr]

_REAL_VALUES = (0, -1, 1, sympy.Rational(1, 2), sympy.Rational(-1, 2), 3, -3,
                sympy.Rational(2, 7), sympy.Rational(-5, 3))
_POSITIVE_VALUES = (1, sympy.Rational(1, 3), 2, sympy.Rational(5, 2), sympy.Rational(3, 7))
_NONNEG_INT_VALUES = (0, 1, 2, 5)
# Points beside a breakpoint are this far from it.
_BESIDE = sympy.Rational(1, 7)
# The screen: few parameter sets, few points each.
_SCREEN_SETS = 3
_SCREEN_POINTS = 24
# Combinations examined for each point asked for, at most (see _groups).
_TRIES_PER_POINT = 4


def candidates(sym: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    """The values tried for ``sym``, allowed by its assumptions, in order.

    >>> from symreg.symbols import k, lam, w
    >>> candidates(w)[:3], candidates(lam)[:2], candidates(k)
    ((0, -1, 1), (1, 1/3), (0, 1, 2, 5))
    """
    if sym.is_integer:
        vals = (1, 2, 5) if sym.is_positive else (
            _NONNEG_INT_VALUES if sym.is_nonnegative else (0, 1, -1, 2, -3))
        return tuple(sympy.Integer(v) for v in vals)
    if sym.is_positive:
        return tuple(sympy.sympify(v) for v in _POSITIVE_VALUES)
    if sym.is_nonnegative:
        return tuple(sympy.sympify(v) for v in (0, *_POSITIVE_VALUES))
    if sym.is_negative:
        return tuple(-sympy.sympify(v) for v in _POSITIVE_VALUES)
    return tuple(sympy.sympify(v) for v in _REAL_VALUES)


def parameter_sets(params: Sequence[sympy.Symbol], count: int) -> list[Point]:
    """``count`` assignments of the parameters, each parameter shifted by its position.

    >>> from symreg.symbols import eta, lam
    >>> parameter_sets([eta, lam], 2)
    [{eta: 1, lam: 1/3}, {eta: 1/3, lam: 2}]
    """
    if not params:
        return [{}]
    sets = []
    for i in range(count):
        sets.append({s: candidates(s)[(i + j) % len(candidates(s))]
                     for j, s in enumerate(params)})
    return sets


def breakpoints_of(expr: sympy.Basic, var: sympy.Symbol) -> list[sympy.Expr]:
    """Values of ``var`` at which a condition inside ``expr`` (a Piecewise form) changes."""
    return list(_breakpoints_cached(expr, var))


@memoised(4096)
def _breakpoints_cached(expr: sympy.Basic, var: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    """The roots of :func:`_roots_as_found`, simplified, without repeats."""
    points: list[sympy.Expr] = []
    for found, solved in _roots_as_found(expr, var):
        root = lowest_terms(found) if solved and not found.is_Rational else found
        if root.is_real is not False and not any(same(root, p) for p in points):
            points.append(root)
    return tuple(points)


# A root as found, and whether it was solved for from a linear factor (-c/a, not simplified).
_Root = tuple[sympy.Expr, bool]


@memoised(4096)
def _roots_as_found(expr: sympy.Basic, var: sympy.Symbol) -> tuple[_Root, ...]:
    """The sign changes of every condition's difference in ``expr``, before simplification.

    A linear root is given as solved for (``-c/a``), and a root may come
    twice in different forms: the sampler only evaluates them at exact points,
    where a solved root has the value of its simplified form
    (:func:`_value_of`); the case split simplifies them
    (:func:`_breakpoints_cached`).
    """
    diffs: list[sympy.Expr] = []
    # A relation repeated (nested Max and sign repeat their conditions many times)
    # gives the same differences and points as its first occurrence: once is enough.
    for rel in dict.fromkeys(relationals(expr)):
        diff = rel.lhs - rel.rhs
        if diff.has(sympy.Piecewise):
            folded = sympy.piecewise_fold(diff)
            branches = folded.args if isinstance(folded, sympy.Piecewise) else [(folded, True)]
            for value, cond in branches:
                diffs.append(value)
                diffs.extend(r.lhs - r.rhs for r in relationals(sympy.Piecewise((0, cond))))
        else:
            diffs.append(diff)
    roots: list[_Root] = []
    for diff in dict.fromkeys(diffs):
        if not isinstance(diff, sympy.Expr) or not diff.has(var) or diff.has(sympy.Piecewise):
            continue
        roots.extend(_sign_changes(diff, var))
    return tuple(dict.fromkeys(roots))


def _sign_changes(diff: sympy.Expr, var: sympy.Symbol) -> list[_Root]:
    """Real points where a rational function of ``var`` may change sign (not simplified).

    The zeros of its numerator and denominator, for factors of degree one (and
    quadratics with real roots and numeric coefficients). A bounded region
    parametrised as ``a + (b - a)*t/(1 + t)`` puts breakpoints into such forms.
    """
    if diff.is_polynomial(var):
        parts = [diff]
    else:
        num, den = sympy.together(diff).as_numer_denom()
        if not (num.is_polynomial(var) and den.is_polynomial(var)):
            return []
        parts = [num, den]
    roots: list[_Root] = []
    for part in parts:
        if not part.has(var):
            continue
        poly = sympy.Poly(part, var)
        if poly.degree() == 1:
            a, c = poly.all_coeffs()
            if a.could_extract_minus_sign():
                # a relation and its mirror image (x < y, y < x) give one form of the root
                a, c = -a, -c
            roots.append((-c / a, True))
        elif poly.degree() == 2 and not (poly.free_symbols - {var}):
            roots += [(r, False) for r in sympy.roots(poly, filter="R")
                      if r.is_real is not False]
    return roots


def breakpoints(expr: sympy.Basic, var: sympy.Symbol) -> list[sympy.Expr]:
    """Sorted values of ``var`` where ``expr`` changes formula.

    ``Abs``, ``sign``, ``Max``, ``Min`` and ``Heaviside`` count as ``Piecewise``.
    Points whose order cannot be decided from the assumptions are returned in
    the order found.

    >>> import sympy
    >>> from symreg.symbols import z, eta, lam
    >>> breakpoints(sympy.Max(sympy.Abs(z) - eta * lam, 0), z)
    [-eta*lam, 0, eta*lam]
    """
    unique: list[sympy.Expr] = []
    for p in breakpoints_of(to_piecewise(expr), var):
        if not any(same(p, q) for q in unique):
            unique.append(p)
    return sort_points(unique) or unique


def _values(var: sympy.Symbol, kinks: Sequence[_Root], pset: Point) -> list[sympy.Expr]:
    """The candidates of ``var``, then each breakpoint (at ``pset``) and the points beside it."""
    values: list[sympy.Expr] = list(candidates(var))
    for bp, solved in kinks:
        val = _value_of(bp, pset) if solved else _plain_value_of(bp, pset)
        if val is None:
            continue
        for v in (val, val + _BESIDE, val - _BESIDE):
            if v not in values:
                values.append(v)
    return values


def _value_of(bp: sympy.Expr, pset: Point) -> sympy.Expr | None:
    """The real value of the breakpoint ``bp`` at ``pset`` (None: not a real number there).

    ``bp`` as solved for (:func:`_roots_as_found`); where that form has no
    finite value (a factor of its denominator vanishes at ``pset``, or a
    symbol its simplified form cancels), the simplified form is evaluated.
    """
    val = bp.xreplace(pset)
    if val.is_Number and val.is_finite:
        return val if val.is_real else None
    return _plain_value_of(bp if bp.is_Rational else simplified(bp), pset)


def _plain_value_of(bp: sympy.Expr, pset: Point) -> sympy.Expr | None:
    """``bp`` at ``pset`` if that is a real number, else None."""
    val = bp.xreplace(pset)
    if val.free_symbols or not val.is_real:
        return None
    return val


def _with_sum(sizes: Sequence[int], total: int) -> Iterator[tuple[int, ...]]:
    """Index tuples below ``sizes`` whose sum is ``total``, in lexicographic order."""
    if len(sizes) == 1:
        if total < sizes[0]:
            yield (total,)
        return
    reach = sum(s - 1 for s in sizes[1:])
    for first in range(max(0, total - reach), min(sizes[0], total + 1)):
        for rest in _with_sum(sizes[1:], total - first):
            yield (first, *rest)


def _breadth_first(per_var: Sequence[Sequence[sympy.Expr]]) -> Iterator[tuple[sympy.Expr, ...]]:
    """Combinations ordered by the sum of their indices: every value is tried early."""
    if not per_var:
        yield ()
        return
    sizes = [len(v) for v in per_var]
    for total in range(sum(s - 1 for s in sizes) + 1):
        for idx in _with_sum(sizes, total):
            yield tuple(v[i] for v, i in zip(per_var, idx, strict=True))


def _conjuncts(where: Boolean | None) -> list[Boolean]:
    """The conditions of ``where`` that must all hold (its arguments, for an ``And``)."""
    if where is None:
        return []
    return list(where.args) if isinstance(where, sympy.And) else [where]


def _admissible(var: sympy.Symbol, values: Sequence[sympy.Expr], conds: Sequence[Boolean],
                pset: Point) -> list[sympy.Expr]:
    """The ``values`` of ``var`` not excluded by a condition on ``var`` alone (at ``pset``).

    A value that makes such a condition false makes every point that uses it
    violate ``where``; dropping it up front keeps the search from walking the
    product of all candidates in search of the few points that survive.
    """
    own = [c for c in conds if c.free_symbols and c.free_symbols - set(pset) == {var}]
    if not own:
        return list(values)
    return [v for v in values
            if all(truth_at(c, {**pset, var: v}) is not False for c in own)]


def _groups(exprs: Sequence[sympy.Basic], where: Boolean | None, sets: int,
            per_set: int) -> Iterator[list[Point]]:
    """The points of each parameter set in turn (at most ``per_set`` each).

    At most :data:`_TRIES_PER_POINT` combinations are examined for each point
    asked for, over all the sets: when ``where`` couples several variables and
    rejects most combinations, fewer points come back instead of the whole
    product being walked (its size grows exponentially with the variables).
    """
    symbols = symbols_of(*exprs, *([where] if where is not None else []))
    params = [s for s in symbols if s.is_positive or s.is_integer]
    reals = [s for s in symbols if s not in params]
    pw = [to_piecewise(e) for e in exprs]
    if where is not None:
        pw.append(where)
    conds = _conjuncts(where)
    # Breakpoints depend on the expressions only: find them once, not per parameter set.
    kinks = {var: [bp for e in pw for bp in _roots_as_found(e, var)] for var in reals}
    seen: set[frozenset[tuple[sympy.Symbol, sympy.Expr]]] = set()
    psets = parameter_sets(params, sets)
    tries = _TRIES_PER_POINT * max(per_set, 1) * len(psets)
    for pset in psets:
        points: list[Point] = []
        per_var = [_admissible(var, _values(var, kinks[var], pset), conds, pset)
                   for var in reals]
        for combo in _breadth_first(per_var):
            if tries <= 0:
                break
            tries -= 1
            pt = dict(pset)
            pt.update(zip(reals, combo, strict=True))
            # the exact values themselves (hashed, never printed) identify the point
            key = frozenset(pt.items())
            if key in seen:
                continue
            if where is not None and truth_at(where, pt) is not True:
                continue
            seen.add(key)
            points.append(pt)
            if len(points) >= per_set:
                break
        yield points


def sample_points(
    exprs: Sequence[sympy.Basic],
    *,
    where: Boolean | None = None,
    limit: int = 60,
) -> list[Point]:
    """Exact sample points for the free symbols of ``exprs``.

    Parameters (symbols assumed positive, and integers) get a few values of
    :func:`candidates`, in five sets; the other real symbols get 0, negative
    and positive values plus every breakpoint of the expressions (evaluated at
    the parameters) and points just beside it. Points that violate ``where``
    are dropped. The order is deterministic and alternates between the
    parameter sets, so that a small limit still sees them all.

    >>> import sympy
    >>> from symreg.symbols import w, lam
    >>> pts = sample_points([sympy.Max(sympy.Abs(w) - lam, 0)])
    >>> {p[w] for p in pts} >= {0, -1, 1}
    True
    """
    groups = list(_groups(exprs, where, len(_POSITIVE_VALUES), limit))
    out: list[Point] = []
    for batch in itertools.zip_longest(*groups):
        out.extend(p for p in batch if p is not None)
    return out[:limit]


def screen_points(exprs: Sequence[sympy.Basic]) -> Iterator[Point]:
    """The points of a quick screen: three parameter sets, up to 24 points each, lazily.

    The same values and order as :func:`sample_points`, one parameter set
    after the other.

    >>> from symreg.symbols import w
    >>> [p[w] for p in screen_points([abs(w - 3)])][-3:]
    [-5/3, 22/7, 20/7]
    """
    for points in _groups(exprs, None, _SCREEN_SETS, _SCREEN_POINTS):
        yield from points
