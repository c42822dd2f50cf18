"""Exact proofs of equalities and inequalities under the symbols' assumptions.

This is the engine behind :meth:`symreg.Derivation.verify` and
:func:`symreg.check.equivalent`. A claim ``lhs REL rhs`` (optionally restricted
to a region ``where``) is decided in three stages:

1. **Refutation by exact sampling.** The claim is evaluated at rational points
   that respect the assumptions of every symbol (0, negative values, points on,
   inside and outside every breakpoint of a ``Piecewise``, ``Abs``, ``sign``,
   ``Max`` or ``Min``). A point where it is false is a proof that it is false,
   and is returned as the counterexample.
2. **Symbolic proof.** ``simplify`` of the difference (and, for inequalities,
   the sign of the factored difference) under the assumptions.
3. **Case split.** Non-smooth functions are rewritten as ``Piecewise``; the
   real line of one variable is cut at the breakpoints into open intervals and
   single points, each parametrised by a fresh positive symbol, and the claim is
   proved on every piece (recursively, for several variables).

Sampling never proves a claim true: a claim is ``proved`` only by stage 2 or 3.

Examples
--------
>>> import sympy
>>> from symreg.symbols import w, lam, z, eta
>>> prove(sympy.sqrt(w**2), sympy.Abs(w)).status
'proved'
>>> r = prove(sympy.sqrt(w**2), w)
>>> r.status, r.counterexample
('refuted', ((w, -1),))
>>> soft = sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0)
>>> prove(soft, z - sympy.Max(-eta * lam, sympy.Min(z, eta * lam))).status
'proved'
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

__all__ = ["Proof", "Relation", "breakpoints", "prove", "sample_points", "sort_points"]

Relation = Literal["eq", "le", "lt", "ge", "gt", "in"]
Status = Literal["proved", "refuted", "unknown"]

_NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside)
_MAX_SPLIT_DEPTH = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Proof:
    """The outcome of :func:`prove`.

    Attributes:
        status: ``"proved"``, ``"refuted"`` (a counterexample exists) or
            ``"unknown"`` (neither could be established).
        method: how the status was reached (``"simplify"``, ``"case split"``,
            ``"exact sample"``, ...).
        counterexample: for ``"refuted"``, the point (pairs of symbol and exact
            value, sorted by symbol name) where the claim is false.
        reason: one sentence for humans.
    """

    status: Status
    method: str
    counterexample: tuple[tuple[sympy.Symbol, sympy.Expr], ...] | None = None
    reason: str = ""

    def __bool__(self) -> bool:
        return self.status == "proved"


@functools.lru_cache(maxsize=8192)
def _simplify(expr: sympy.Basic) -> sympy.Basic:
    """``sympy.simplify``, memoised: the same subexpressions recur across steps."""
    return sympy.simplify(expr)


@functools.lru_cache(maxsize=8192)
def _factored(expr: sympy.Basic) -> sympy.Basic:
    return sympy.factor(_simplify(expr))


def _forms(d: sympy.Expr) -> Iterator[sympy.Expr]:
    """``d`` itself, then (only if asked for) cancelled, simplified, factored forms."""
    yield d
    if not d.has(sympy.Piecewise):
        yield sympy.factor(sympy.cancel(d))
    yield _simplify(d)
    yield _factored(d)


class _Deadline:
    def __init__(self, seconds: float | None) -> None:
        self.end = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        return self.end is not None and time.monotonic() > self.end


# ---------------------------------------------------------------------------
# helpers on expressions


def _symbols_of(*objs: sympy.Basic) -> list[sympy.Symbol]:
    found: set[sympy.Symbol] = set()
    for obj in objs:
        if isinstance(obj, sympy.Basic):
            found |= {s for s in obj.free_symbols if isinstance(s, sympy.Symbol)}
    return sorted(found, key=lambda s: s.name)


@functools.lru_cache(maxsize=512)
def _to_piecewise(expr: sympy.Basic) -> sympy.Basic:
    """Rewrite Abs, sign, Max, Min and Heaviside as Piecewise."""
    if not isinstance(expr, sympy.Basic) or not expr.has(*_NONSMOOTH):
        return expr
    if isinstance(expr, sympy.Set):
        return _map_set(expr, _to_piecewise)
    out = expr
    for func in _NONSMOOTH:
        if out.has(func):
            out = out.replace(
                lambda e, f=func: isinstance(e, f), lambda e: e.rewrite(sympy.Piecewise)
            )
    return out


def _map_set(st: sympy.Set, fn: object) -> sympy.Set:
    if isinstance(st, sympy.FiniteSet):
        return sympy.FiniteSet(*[fn(a) for a in st.args])  # type: ignore[operator]
    if isinstance(st, sympy.Interval):
        return sympy.Interval(
            fn(st.left),  # type: ignore[operator]
            fn(st.right),  # type: ignore[operator]
            st.left_open,
            st.right_open,
        )
    if isinstance(st, sympy.Union):
        return sympy.Union(*[_map_set(a, fn) for a in st.args], evaluate=False)
    return st


def _relationals(expr: sympy.Basic) -> list[sympy.core.relational.Relational]:
    found = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                found.extend(cond.atoms(sympy.core.relational.Relational))
        elif isinstance(node, sympy.core.relational.Relational):
            found.append(node)
    return found


def _breakpoints(expr: sympy.Basic, var: sympy.Symbol) -> list[sympy.Expr]:
    """Values of ``var`` at which a condition inside ``expr`` changes."""
    return list(_breakpoints_cached(expr, var))


@functools.lru_cache(maxsize=512)
def _breakpoints_cached(expr: sympy.Basic, var: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    points: list[sympy.Expr] = []
    diffs: list[sympy.Expr] = []
    for rel in _relationals(expr):
        diff = rel.lhs - rel.rhs
        if diff.has(sympy.Piecewise):
            folded = sympy.piecewise_fold(diff)
            branches = folded.args if isinstance(folded, sympy.Piecewise) else [(folded, True)]
            for value, cond in branches:
                diffs.append(value)
                diffs.extend(r.lhs - r.rhs for r in _relationals(sympy.Piecewise((0, cond))))
        else:
            diffs.append(diff)
    for diff in diffs:
        if not isinstance(diff, sympy.Expr) or not diff.has(var) or diff.has(sympy.Piecewise):
            continue
        poly = sympy.Poly(diff, var) if diff.is_polynomial(var) else None
        if poly is None or poly.degree() != 1:
            continue
        a, c = poly.all_coeffs()
        root = sympy.simplify(-c / a)
        if root.is_real is False:
            continue
        if not any(_same(root, p) for p in points):
            points.append(root)
    return tuple(points)


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
    for p in _breakpoints(_to_piecewise(expr), var):
        if not any(_same(p, q) for q in unique):
            unique.append(p)
    return sort_points(unique) or unique


def _same(a: sympy.Expr, c: sympy.Expr) -> bool:
    if a == c:
        return True
    d = sympy.expand(a - c)
    if d == 0:
        return True
    if d.is_zero is False or d.is_positive or d.is_negative:
        return False
    return sympy.simplify(d) == 0


def _compare(a: sympy.Expr, c: sympy.Expr) -> int | None:
    """-1, 0 or 1 as a <, =, > c for all admissible values; None if unknown."""
    d = sympy.simplify(a - c)
    if d == 0:
        return 0
    if d.is_negative:
        return -1
    if d.is_positive:
        return 1
    fd = sympy.factor(d)
    if fd.is_negative:
        return -1
    if fd.is_positive:
        return 1
    return None


def sort_points(points: list[sympy.Expr]) -> list[sympy.Expr] | None:
    """Sort expressions by value under the assumptions; None if two cannot be ordered.

    >>> from symreg.symbols import eps
    >>> sort_points([(1 + eps) / 2, eps / 4, eps / 2])
    [eps/4, eps/2, eps/2 + 1/2]
    """
    ordered: list[sympy.Expr] = []
    for p in points:
        pos = 0
        for q in ordered:
            c = _compare(p, q)
            if c is None:
                return None
            if c > 0:
                pos += 1
        ordered.insert(pos, p)
    return ordered


def _decide(cond: Boolean) -> bool | None:
    """Truth value of a condition under the assumptions, or None."""
    if isinstance(cond, (bool, BooleanTrue, BooleanFalse)):
        return bool(cond)
    if isinstance(cond, sympy.core.relational.Relational):
        d = _resolve(cond.lhs - cond.rhs)
        if d is None:
            return None
        for form in _forms(d):
            sign = _sign_of(form)
            if sign is None:
                continue
            if isinstance(cond, sympy.Eq):
                return sign == 0
            if isinstance(cond, sympy.Ne):
                return sign != 0
            if isinstance(cond, sympy.StrictGreaterThan):
                return sign > 0
            if isinstance(cond, sympy.GreaterThan):
                return sign >= 0
            if isinstance(cond, sympy.StrictLessThan):
                return sign < 0
            if isinstance(cond, sympy.LessThan):
                return sign <= 0
        return None
    if isinstance(cond, sympy.And):
        vals = [_decide(a) for a in cond.args]
        if any(v is False for v in vals):
            return False
        return True if all(v is True for v in vals) else None
    if isinstance(cond, sympy.Or):
        vals = [_decide(a) for a in cond.args]
        if any(v is True for v in vals):
            return True
        return False if all(v is False for v in vals) else None
    if isinstance(cond, sympy.Not):
        v = _decide(cond.args[0])
        return None if v is None else not v
    if isinstance(cond, sympy.ITE):
        test = _decide(cond.args[0])
        if test is None:
            return None
        return _decide(cond.args[1] if test else cond.args[2])
    return None


def _sign_of(e: sympy.Expr, depth: int = 0) -> int | None:
    """Sign of ``e`` under the assumptions, or None.

    Beyond SymPy's own assumptions it handles products factor by factor and
    a difference of two non-negative terms by comparing their squares (so
    ``sqrt(1 + x) - 1`` is positive for ``x > 0``).
    """
    if e.is_zero:
        return 0
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if depth > 3:
        return None
    if isinstance(e, sympy.Mul):
        signs = [_sign_of(f, depth + 1) for f in e.args]
        if any(s is None for s in signs):
            return None
        result = 1
        for s in signs:
            result *= s  # type: ignore[operator]
        return result
    if isinstance(e, sympy.Add) and len(e.args) == 2:
        a, c = e.args
        for pos, neg in ((a, -c), (c, -a)):
            if pos.is_nonnegative and neg.is_nonnegative and (
                _has_radical(pos) or _has_radical(neg)
            ):
                return _sign_of(sympy.expand(pos**2 - neg**2), depth + 1)
    return None


def _has_radical(e: sympy.Expr) -> bool:
    """Whether ``e`` has a power with a non-integer rational exponent (a root)."""
    return any(isinstance(p.exp, sympy.Rational) and not p.exp.is_integer
               for p in e.atoms(sympy.Pow))


def _resolve(expr: sympy.Basic) -> sympy.Basic | None:
    """Collapse every Piecewise whose conditions are decided; None if one is not."""
    if isinstance(expr, sympy.Set):
        if isinstance(expr, (sympy.FiniteSet, sympy.Interval, sympy.Union)):
            parts = [_resolve(a) for a in expr.args]
            if any(p is None for p in parts):
                return None
            return expr.func(*parts)
        if isinstance(expr, sympy.Intersection):
            finite = next((a for a in expr.args if isinstance(a, sympy.FiniteSet)), None)
            if finite is None:
                return expr
            others = [a for a in expr.args if a is not finite]
            kept = []
            for element in finite.args:
                inside = [_decide(o.contains(element)) for o in others]
                if any(v is None for v in inside):
                    return None
                if all(inside):
                    kept.append(element)
            return _resolve(sympy.FiniteSet(*kept))
        return expr
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Piecewise, sympy.ceiling,
                                                        sympy.floor):
        return expr
    if isinstance(expr, (sympy.ceiling, sympy.floor)):
        return _integer_part(expr)
    if isinstance(expr, sympy.Piecewise):
        for value, cond in expr.args:
            truth = _decide(cond)
            if truth is None:
                return None
            if truth:
                return _resolve(value)
        return sympy.nan
    args = [_resolve(a) for a in expr.args]
    if any(a is None for a in args):
        return None
    return expr.func(*args)


def _integer_part(expr: sympy.Basic) -> sympy.Basic | None:
    """Evaluate ``ceiling(x)`` or ``floor(x)`` when ``x`` provably lies in a unit cell."""
    inner = _resolve(expr.args[0])
    if inner is None:
        return None
    value = expr.func(inner)
    if value.is_integer and not isinstance(value, (sympy.ceiling, sympy.floor)):
        return value
    arg = value.args[0] if isinstance(value, (sympy.ceiling, sympy.floor)) else inner
    # SymPy pulls integer terms out; what is left must sit between 0 and 1.
    integer_terms = sympy.Add(*[a for a in sympy.Add.make_args(arg) if a.is_integer])
    rest = arg - integer_terms
    for n in (0, 1, -1):
        if isinstance(expr, sympy.ceiling):
            inside = sympy.And(rest > n - 1, rest <= n)
        else:
            inside = sympy.And(rest >= n, rest < n + 1)
        if _decide(inside) is True:
            return integer_terms + n
    return None


# ---------------------------------------------------------------------------
# sampling


_REAL_VALUES = (0, -1, 1, sympy.Rational(1, 2), sympy.Rational(-1, 2), 3, -3,
                sympy.Rational(2, 7), sympy.Rational(-5, 3))
_POSITIVE_VALUES = (1, sympy.Rational(1, 3), 2, sympy.Rational(5, 2), sympy.Rational(3, 7))
_NONNEG_INT_VALUES = (0, 1, 2, 5)


def _candidates(sym: sympy.Symbol) -> tuple[sympy.Expr, ...]:
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


def sample_points(
    exprs: Sequence[sympy.Basic],
    *,
    where: Boolean | None = None,
    limit: int = 60,
) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Exact sample points for the free symbols of ``exprs``.

    Parameters (symbols assumed positive) get a few rational values; the other
    real symbols get 0, negative and positive values plus every breakpoint of
    the expressions (evaluated at the parameters) and points just beside it.
    Points that violate ``where`` are dropped. The order is deterministic.

    >>> import sympy
    >>> from symreg.symbols import w, lam
    >>> pts = sample_points([sympy.Max(sympy.Abs(w) - lam, 0)])
    >>> {p[w] for p in pts} >= {0, -1, 1}
    True
    """
    symbols = _symbols_of(*exprs, *( [where] if where is not None else []))
    params = [s for s in symbols if s.is_positive or s.is_integer]
    reals = [s for s in symbols if s not in params]
    pw = [_to_piecewise(e) for e in exprs]
    if where is not None:
        pw.append(where)
    param_sets: list[dict[sympy.Symbol, sympy.Expr]] = []
    for i in range(len(_POSITIVE_VALUES)):
        param_sets.append({
            s: _candidates(s)[(i + j) % len(_candidates(s))] for j, s in enumerate(params)
        })
    if not params:
        param_sets = [{}]
    groups: list[list[dict[sympy.Symbol, sympy.Expr]]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    # Breakpoints depend on the expressions only: find them once, not per parameter set.
    kinks = {var: [bp for e in pw for bp in _breakpoints(e, var)] for var in reals}
    for pset in param_sets:
        points: list[dict[sympy.Symbol, sympy.Expr]] = []
        groups.append(points)
        per_var: list[list[sympy.Expr]] = []
        for var in reals:
            values: list[sympy.Expr] = list(_candidates(var))
            for bp in kinks[var]:
                val = bp.xreplace(pset)
                if val.free_symbols or not val.is_real:
                    continue
                for v in (val, val + sympy.Rational(1, 7), val - sympy.Rational(1, 7)):
                    if v not in values:
                        values.append(v)
            per_var.append(values)
        # Breadth first: combinations ordered by the sum of their indices, so
        # that every value of every variable is tried early.
        index_combos = sorted(itertools.product(*[range(len(v)) for v in per_var]),
                              key=lambda idx: (sum(idx), idx))
        combos = [tuple(v[i] for v, i in zip(per_var, idx, strict=True))
                  for idx in index_combos]
        for combo in combos:
            pt = dict(pset)
            pt.update(zip(reals, combo, strict=True))
            key = tuple(sorted((s.name, str(v)) for s, v in pt.items()))
            if key in seen:
                continue
            if where is not None and _truth_at(where, pt) is not True:
                continue
            seen.add(key)
            points.append(pt)
            if len(points) >= limit:
                break
    # Alternate between parameter sets so that a small limit still sees them all.
    return _interleave(groups)[:limit]


def _interleave(groups: list[list[dict[sympy.Symbol, sympy.Expr]]]
                ) -> list[dict[sympy.Symbol, sympy.Expr]]:
    out: list[dict[sympy.Symbol, sympy.Expr]] = []
    for batch in itertools.zip_longest(*groups):
        out.extend(p for p in batch if p is not None)
    return out


def _truth_at(cond: Boolean, pt: dict[sympy.Symbol, sympy.Expr]) -> bool | None:
    try:
        val = cond.xreplace(pt)
    except (TypeError, ValueError):
        return None
    if isinstance(val, (bool, BooleanTrue, BooleanFalse)):
        return bool(val)
    return _decide(val)


def _holds_at(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic,
              pt: dict[sympy.Symbol, sympy.Expr]) -> bool | None:
    """Exact truth of the claim at one point (None: undefined or undecided)."""
    try:
        lv = _evaluate(lhs, pt)
        rv = _evaluate(rhs, pt)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):
        return None
    if lv is None or rv is None:
        return None
    if rel == "in":
        if not isinstance(rv, sympy.Set):
            return None
        got = rv.contains(lv)
        return bool(got) if isinstance(got, (BooleanTrue, BooleanFalse)) else None
    if isinstance(lv, sympy.Set) or isinstance(rv, sympy.Set):
        if rel != "eq" or not (isinstance(lv, sympy.Set) and isinstance(rv, sympy.Set)):
            return None
        if lv.has(sympy.nan, sympy.zoo) or rv.has(sympy.nan, sympy.zoo):
            # undefined here (e.g. {lam*w/|w|} at w = 0): no counterexample, as for
            # expressions below
            return None
        return _numeric_sets_equal(lv, rv)
    diff = sympy.nsimplify(0) + lv - rv
    if diff.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    sign = _exact_sign(diff)
    if sign is None and rel == "eq" and _exact_sign(sympy.im(diff)) in (-1, 1):
        # A difference with a non-zero imaginary part is not 0: log(w**2) = 2*log(w)
        # is false at w = -1 (0 against 2*I*pi), which used to give "unknown".
        return False
    if sign is None:
        return None
    return {"eq": sign == 0, "le": sign <= 0, "lt": sign < 0,
            "ge": sign >= 0, "gt": sign > 0}[rel]


def _evaluate(obj: sympy.Basic, pt: dict[sympy.Symbol, sympy.Expr]) -> sympy.Basic | None:
    val = obj.xreplace(pt)
    if isinstance(val, sympy.Set):
        return _map_set(val, lambda e: e.doit() if isinstance(e, sympy.Basic) else e)
    val = val.doit() if isinstance(val, sympy.Basic) else sympy.sympify(val)
    if getattr(val, "free_symbols", None):
        return None
    return val


_UNEVALUATED = (sympy.Derivative, sympy.Limit, sympy.Integral, sympy.Sum, sympy.Product)


def _doit(obj: sympy.Basic) -> sympy.Basic:
    """Evaluate unevaluated derivatives, limits, integrals, sums and products."""
    if isinstance(obj, sympy.Set):
        return _map_set(obj, _doit)
    if isinstance(obj, sympy.Basic) and obj.has(*_UNEVALUATED):
        return obj.doit()
    return obj


def _numeric_sets_equal(a: sympy.Set, c: sympy.Set) -> bool | None:
    """Exact equality of two sets with numeric elements (None when undecided).

    Elements are compared by the exact sign of their difference, never by
    their form: ``{9/8 - sqrt(17)/8}`` and ``{(9 - sqrt(17))/8}`` are equal.
    """
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.FiniteSet):
        left, right = list(a.args), list(c.args)
        for el in left:
            match = next((r for r in right if _exact_sign(el - r) == 0), None)
            if match is None:
                decided = all(_exact_sign(el - r) is not None for r in right)
                return False if decided else None
            right.remove(match)
        if right:
            # every element of a matched; a leftover is a true difference only if
            # it differs from all of a (duplicates were merged by FiniteSet)
            return False if all(all(_exact_sign(r - el) not in (0, None) for el in left)
                                for r in right) else None
        return True
    if isinstance(a, sympy.Interval) and isinstance(c, sympy.Interval):
        ends = [_exact_sign(a.left - c.left) if a.left.is_finite else (
                    0 if a.left == c.left else 1),
                _exact_sign(a.right - c.right) if a.right.is_finite else (
                    0 if a.right == c.right else 1)]
        if any(e is None for e in ends):
            return None
        # Same ends but one closed where the other is open: that end lies in one
        # set only ([0, 1] and (0, 1] differ), so this is False, not undecided.
        return (all(e == 0 for e in ends) and a.left_open == c.left_open
                and a.right_open == c.right_open)
    if {type(a), type(c)} == {sympy.FiniteSet, sympy.Interval}:
        # An evaluated Interval has distinct ends (SymPy turns [a, a] into {a}),
        # so it is infinite and never equals a finite set: [-1, 1] is not {0}.
        return False
    if a.is_empty is not None and c.is_empty is not None and a.is_empty != c.is_empty:
        return False
    got = sympy.Eq(a, c)
    return True if got is sympy.true else None


_TINY = sympy.Float("1e-40", 60)


def _exact_sign(value: sympy.Expr) -> int | None:
    """Sign of a closed-form number; None when it cannot be decided.

    Rationals are decided exactly. Other numbers are evaluated to 60 digits:
    a value that is clearly away from zero there has that sign; one that is
    not is decided only by SymPy (``is_zero`` or after ``simplify``).
    """
    if value.is_Rational:
        return int(sympy.sign(value))
    if value.is_real is not False:
        approx = value.evalf(60)
        if approx.is_Number and abs(approx) > _TINY and value.is_zero is not True:
            return 1 if approx > 0 else -1
    if value.is_zero:
        return 0
    simplified = _simplify(value)
    if simplified.is_zero:
        return 0
    approx = simplified.evalf(60)
    if approx.is_Number and abs(approx) > sympy.Float("1e-40", 60):
        return 1 if approx > 0 else -1
    return None


# ---------------------------------------------------------------------------
# symbolic proof


def _leaf(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Prove the claim symbolically when no Piecewise is left."""
    if rel == "in":
        return _leaf_in(lhs, rhs)
    if isinstance(lhs, sympy.Set) or isinstance(rhs, sympy.Set):
        return rel == "eq" and _sets_equal(lhs, rhs)
    lhs = lhs.doit() if isinstance(lhs, sympy.Basic) else lhs
    rhs = rhs.doit() if isinstance(rhs, sympy.Basic) else rhs
    d = sympy.sympify(lhs - rhs)
    if rel == "eq":
        if _identical_by_expansion(lhs, rhs):
            return True
        simplified = _simplify(d)
        if simplified == 0 or sympy.expand(simplified) == 0:
            return True
        denested = _denest_positive(d)
        return denested != d and _simplify(denested) == 0
    accept = {"le": (-1, 0), "lt": (-1,), "ge": (0, 1), "gt": (1,)}[rel]
    nonstrict = {"le": "is_nonpositive", "ge": "is_nonnegative"}.get(rel)
    for form in _forms(d):
        if nonstrict is not None and getattr(form, nonstrict):
            return True
        if _sign_of(form) in accept:
            return True
    return False


def _identical_by_expansion(lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Cheap, sound identity test: expansion, cancellation and logarithm rules.

    Only rewrites valid under the symbols' assumptions are applied, so a True
    is a proof; a False decides nothing.
    """
    if not (isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr)):
        return False
    # Abs, sign, Max, Min and Piecewise are opaque atoms to these rewrites: an
    # identity that holds with them as free atoms holds for every value.
    d = lhs - rhs
    if d == 0 or sympy.expand(d) == 0:
        return True
    if d.has(sympy.Sum) and sympy.expand(_linear_sums(sympy.expand(d))) == 0:
        return True
    if d.has(sympy.log) and sympy.expand(sympy.expand_log(d)) == 0:
        return True
    return bool(d.is_rational_function() and sympy.cancel(d) == 0)


def _linear_sums(expr: sympy.Expr) -> sympy.Expr:
    """Write every ``Sum`` as a combination of sums of index-dependent monomials.

    Terms are split and factors free of the summation index are pulled out
    (sums of constants are evaluated), so equal linear combinations of sums
    cancel under ``expand``.
    """
    def split(total: sympy.Sum) -> sympy.Expr:
        if len(total.limits) != 1:
            return total
        index = total.limits[0][0]
        out = sympy.S.Zero
        for term in sympy.Add.make_args(sympy.expand(total.function)):
            coeff, rest = term.as_independent(index, as_Add=False)
            inner = sympy.Sum(rest, *total.limits)
            out += coeff * (inner.doit() if not rest.has(index) else inner)
        return out

    return expr.replace(lambda e: isinstance(e, sympy.Sum), split)


def _denest_positive(expr: sympy.Expr) -> sympy.Expr:
    """Rewrite ``(b**x)**y`` as ``b**(x*y)`` where that is valid: ``b > 0``, ``x, y`` real."""
    return expr.replace(
        lambda e: (isinstance(e, sympy.Pow) and isinstance(e.base, sympy.Pow)
                   and e.base.base.is_positive is True and e.base.exp.is_real is True
                   and e.exp.is_real is True),
        lambda e: sympy.Pow(e.base.base, e.base.exp * e.exp),
    )


def _leaf_in(x: sympy.Basic, st: sympy.Basic) -> bool:
    if isinstance(st, sympy.Interval):
        left_rel: Relation = "gt" if st.left_open else "ge"
        right_rel: Relation = "lt" if st.right_open else "le"
        ok_left = st.left == -sympy.oo or _leaf(left_rel, x, st.left)
        ok_right = st.right == sympy.oo or _leaf(right_rel, x, st.right)
        return bool(ok_left and ok_right)
    if isinstance(st, sympy.FiniteSet):
        return any(_leaf("eq", x, e) for e in st.args)
    if isinstance(st, sympy.Union):
        return any(_leaf_in(x, part) for part in st.args)
    if st == sympy.S.Reals:
        return bool(getattr(x, "is_real", False))
    return False


def _sets_equal(a: sympy.Basic, c: sympy.Basic) -> bool:
    if not (isinstance(a, sympy.Set) and isinstance(c, sympy.Set)):
        return False
    a, c = a.doit(), c.doit()
    if a == c:
        return True
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.FiniteSet):
        if len(a) != len(c):
            return False
        remaining = list(c.args)
        for el in a.args:
            match = next((r for r in remaining if _leaf("eq", el, r)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    if isinstance(a, sympy.Interval) and isinstance(c, sympy.Interval):
        return (a.left_open == c.left_open and a.right_open == c.right_open
                and _leaf("eq", a.left, c.left) and _leaf("eq", a.right, c.right))
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.Interval):
        return len(a) == 1 and not c.left_open and not c.right_open and _leaf(
            "eq", c.left, c.right) and _leaf("eq", a.args[0], c.left)
    if isinstance(c, sympy.FiniteSet) and isinstance(a, sympy.Interval):
        return _sets_equal(c, a)
    return False


def _split_variable(objs: Iterable[sympy.Basic]) -> list[sympy.Symbol]:
    """Symbols that occur in conditions, real (unsigned) ones first."""
    found: set[sympy.Symbol] = set()
    for obj in objs:
        for rel in _relationals(obj):
            found |= {s for s in rel.free_symbols if isinstance(s, sympy.Symbol)}
    ordered = sorted(found, key=lambda s: (bool(s.is_positive), s.name))
    return ordered


def _regions(var: sympy.Symbol, points: list[sympy.Expr]
             ) -> list[tuple[str, sympy.Expr, sympy.Symbol | None]]:
    """Pieces of the domain of ``var`` cut at ``points``: (label, value, dummy)."""
    lower = sympy.S.Zero if var.is_positive or var.is_nonnegative else -sympy.oo
    cuts = [p for p in points if lower == -sympy.oo or _compare(p, lower) == 1]
    if var.is_nonnegative and not var.is_positive:
        cuts = [sympy.S.Zero, *cuts]
    pieces: list[tuple[str, sympy.Expr, sympy.Symbol | None]] = []
    t = sympy.Dummy("t", positive=True)
    bounds = [lower, *cuts, sympy.oo]
    for left, right in itertools.pairwise(bounds):
        if left == -sympy.oo and right == sympy.oo:
            # both signs and zero
            pieces += [("negative", -t, t), ("zero", sympy.S.Zero, None),
                       ("positive", t, t)]
        elif left == -sympy.oo:
            pieces.append((f"< {right}", right - t, t))
        elif right == sympy.oo:
            pieces.append((f"> {left}", left + t, t))
        else:
            pieces.append((f"in ({left}, {right})", left + (right - left) * t / (1 + t), t))
    for c in cuts:
        if not (var.is_nonnegative and c == 0 and var.is_positive):
            pieces.append((f"= {c}", c, None))
    return pieces


def _prove_split(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic,
                 deadline: _Deadline, depth: int) -> tuple[bool, str]:
    lhs_pw, rhs_pw = _to_piecewise(lhs), _to_piecewise(rhs)
    resolved_l, resolved_r = _resolve(lhs_pw), _resolve(rhs_pw)
    if resolved_l is not None and resolved_r is not None:
        try:
            if _leaf(rel, resolved_l, resolved_r):
                return True, "simplify"
        except (TypeError, ValueError, NotImplementedError):
            pass
        if depth == 0 and not (resolved_l.has(sympy.Piecewise)
                               or resolved_r.has(sympy.Piecewise)):
            return False, "simplify"
    if depth >= _MAX_SPLIT_DEPTH or deadline.expired():
        return False, "case split"
    for var in _split_variable([lhs_pw, rhs_pw]):
        points = _breakpoints(lhs_pw, var) + _breakpoints(rhs_pw, var)
        unique: list[sympy.Expr] = []
        for p in points:
            if not any(_same(p, q) for q in unique):
                unique.append(p)
        ordered = sort_points(unique)
        if ordered is None:
            continue
        ok = True
        for _, value, _dummy in _regions(var, ordered):
            if deadline.expired():
                return False, "case split"
            sub_l = _substitute(lhs_pw, var, value)
            sub_r = _substitute(rhs_pw, var, value)
            proved, _ = _prove_split(rel, sub_l, sub_r, deadline, depth + 1)
            if not proved:
                ok = False
                break
        if ok:
            return True, "case split"
    if depth == 0 and (resolved_l is None or resolved_r is None):
        # Unresolved and not split (e.g. ceiling(|w0|/(eta*lam)) on both sides, whose
        # integer part no piece decides): try the claim as written, or prove(x, x)
        # stays "unknown".
        try:
            if _leaf(rel, lhs, rhs):
                return True, "simplify"
        except (TypeError, ValueError, NotImplementedError, AttributeError):
            pass  # AttributeError: a Piecewise of sets has no arithmetic
    return False, "case split"


def _substitute(obj: sympy.Basic, var: sympy.Symbol, value: sympy.Expr) -> sympy.Basic:
    return obj.subs(var, value)


def _where_regions(where: Boolean | None) -> list[dict[sympy.Symbol, sympy.Expr]] | None:
    """Parametrise the region ``where`` by fresh positive symbols.

    Supports a relational or a conjunction of relationals, each linear in one
    symbol. Returns substitutions that cover the region exactly, or None.
    """
    if where is None or where is sympy.true:
        return [{}]
    if where.has(sympy.Ne) or isinstance(where, sympy.Or):
        split = where.replace(
            lambda e: isinstance(e, sympy.Ne),
            lambda e: sympy.Or(sympy.Lt(e.lhs, e.rhs), sympy.Gt(e.lhs, e.rhs)),
        )
        dnf = sympy.to_dnf(split)
        if isinstance(dnf, sympy.Or):
            regions: list[dict[sympy.Symbol, sympy.Expr]] = []
            for part in dnf.args:
                sub = _where_regions(part)
                if sub is None:
                    return None
                regions.extend(sub)
            return regions
        where = dnf
    conds = list(where.args) if isinstance(where, sympy.And) else [where]
    if not all(isinstance(c, sympy.core.relational.Relational) for c in conds):
        return None
    by_var: dict[sympy.Symbol, dict[str, list[tuple[sympy.Expr, bool]]]] = {}
    for c in conds:
        if isinstance(c, sympy.Ne):
            return None
        syms = _symbols_of(c)
        var = next((s for s in syms if not s.is_positive), None) or (syms[0] if syms else None)
        if var is None:
            return None
        d = c.lhs - c.rhs
        if not d.is_polynomial(var) or sympy.Poly(d, var).degree() != 1:
            return None
        a, c0 = sympy.Poly(d, var).all_coeffs()
        root = sympy.simplify(-c0 / a)
        sign = _sign_of(a)
        if sign is None:
            return None
        entry = by_var.setdefault(var, {"lower": [], "upper": [], "eq": []})
        if isinstance(c, sympy.Eq):
            entry["eq"].append((root, False))
            continue
        strict = isinstance(c, (sympy.StrictGreaterThan, sympy.StrictLessThan))
        greater = isinstance(c, (sympy.StrictGreaterThan, sympy.GreaterThan))
        if (sign > 0) == greater:
            entry["lower"].append((root, strict))
        else:
            entry["upper"].append((root, strict))
    subs: dict[sympy.Symbol, sympy.Expr] = {}
    for var, entry in by_var.items():
        if var.is_positive:
            entry["lower"].append((sympy.S.Zero, True))
        elif var.is_nonnegative:
            entry["lower"].append((sympy.S.Zero, False))
        if entry["eq"]:
            subs[var] = entry["eq"][0][0]
            continue
        lower = _tightest(entry["lower"], upper=False)
        upper = _tightest(entry["upper"], upper=True)
        if lower is False or upper is False:
            return None
        t = sympy.Dummy(f"t_{var.name}", positive=True)
        if lower is None and upper is None:
            continue
        if upper is None:
            assert lower is not None
            subs[var] = lower[0] + t
            if not lower[1]:
                return [subs, {**subs, var: lower[0]}] if len(by_var) == 1 else None
        elif lower is None:
            subs[var] = upper[0] - t
            if not upper[1]:
                return [subs, {**subs, var: upper[0]}] if len(by_var) == 1 else None
        else:
            subs[var] = lower[0] + (upper[0] - lower[0]) * t / (1 + t)
            extra = [{**subs, var: bound} for bound, strict in (lower, upper) if not strict]
            if extra:
                return [subs, *extra] if len(by_var) == 1 else None
    return [subs]


def _tightest(bounds: list[tuple[sympy.Expr, bool]], *, upper: bool
              ) -> tuple[sympy.Expr, bool] | Literal[False] | None:
    if not bounds:
        return None
    best = bounds[0]
    for cand in bounds[1:]:
        c = _compare(cand[0], best[0])
        if c is None:
            return False
        if (c < 0) == upper and c != 0:
            best = cand
        elif c == 0:
            best = (best[0], best[1] or cand[1])
    return best


def prove(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    *,
    relation: Relation = "eq",
    where: Boolean | None = None,
    timeout: float | None = None,
    samples: int = 60,
) -> Proof:
    """Decide ``lhs REL rhs`` for all admissible values (within ``where``).

    Args:
        lhs: a SymPy expression or set (unevaluated ``Derivative``, ``Limit``,
            ``Integral`` are evaluated with ``doit``).
        rhs: likewise; a set when ``relation="in"``.
        relation: ``"eq"`` (also set equality), ``"le"``, ``"lt"``, ``"ge"``,
            ``"gt"`` or ``"in"`` (``lhs`` is an element of the set ``rhs``).
        where: the region where the claim is made (relationals joined by
            ``And``, each linear in one symbol), or None for everywhere.
        timeout: seconds after which the symbolic stages give up (``unknown``).
        samples: at most this many exact sample points.

    Returns:
        A :class:`Proof`.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> prove(w**2, w, relation="le", where=(w > 0) & (w < 1)).status
    'proved'
    >>> prove(w**2, w, relation="le", where=w > 0).counterexample
    ((w, 3),)
    """
    if relation not in ("eq", "le", "lt", "ge", "gt", "in"):
        raise ValueError(f"relation must be one of eq, le, lt, ge, gt, in; got {relation!r}")
    lhs = _doit(sympy.sympify(lhs, strict=True))
    rhs = _doit(sympy.sympify(rhs, strict=True))
    if where is not None:
        # A plain Python bool (where=True) crashed with AttributeError on .xreplace.
        where = sympy.sympify(where, strict=True)
    deadline = _Deadline(timeout)
    if relation == "eq" and _identical_by_expansion(lhs, rhs):
        # An identity that holds everywhere holds on every region: no sampling needed.
        return Proof(status="proved", method="expand", reason="proved symbolically")
    for pt in sample_points([lhs, rhs], where=where, limit=samples):
        if deadline.expired():
            break
        if _holds_at(relation, lhs, rhs, pt) is False:
            point = tuple(sorted(pt.items(), key=lambda kv: kv[0].name))
            shown = ", ".join(f"{s} = {v}" for s, v in point)
            # A claim without free symbols (e.g. a solved set) is simply false: the
            # reason used to read "false at " with nothing after it.
            return Proof(status="refuted", method="exact sample", counterexample=point,
                         reason=f"false at {shown}" if point else "false")
    regions = _where_regions(where)
    if regions is None:
        return Proof(status="unknown", method="none",
                     reason=f"cannot parametrise the region {where}")
    for subs in regions:
        if deadline.expired():
            return Proof(status="unknown", method="timeout", reason="time budget exhausted")
        sub_l = lhs.xreplace(subs) if subs else lhs
        sub_r = rhs.xreplace(subs) if subs else rhs
        if isinstance(sub_l, sympy.Basic) and not isinstance(sub_l, sympy.Set):
            sub_l = sub_l.doit()
        if isinstance(sub_r, sympy.Basic) and not isinstance(sub_r, sympy.Set):
            sub_r = sub_r.doit()
        try:
            proved, method = _prove_split(relation, sub_l, sub_r, deadline, 0)
        except (TypeError, ValueError, NotImplementedError, RecursionError) as exc:
            return Proof(status="unknown", method="error",
                         reason=f"SymPy could not decide: {type(exc).__name__}")
        if not proved:
            reason = ("time budget exhausted" if deadline.expired()
                      else "no counterexample found, but SymPy could not prove it")
            return Proof(status="unknown", method=method, reason=reason)
    method = "case split" if len(regions) > 1 or any(regions) else method
    return Proof(status="proved", method=method, reason="proved symbolically")
