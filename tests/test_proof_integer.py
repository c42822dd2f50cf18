"""Integer parts in the prover: ceiling and floor by their definitions, in regions and claims."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from symreg.proof import prove, value_at
from symreg.proof._evaluate import fraction_value, truth_at
from symreg.proof._integer import integer_bounds, relaxed
from symreg.symbols import eta, k, lam, w, w0

ceiling, floor, Abs, Max, sign = sympy.ceiling, sympy.floor, sympy.Abs, sympy.Max, sympy.sign
R = sympy.Rational
_T = eta * lam
_ITERATE = sign(w0) * Max(Abs(w0) - k * _T, 0)  # L1 proximal steps from w0
_FIRST = ceiling(Abs(w0) / _T)


@pytest.mark.parametrize(("region", "rewritten"), [
    (k >= ceiling(w), k >= w),
    (k < ceiling(w), k < w),
    (k > ceiling(w), k - 1 >= w),
    (k <= ceiling(w), k - 1 < w),
    (sympy.Eq(k, ceiling(w)), (k - 1 < w) & (w <= k)),
    (k <= floor(w), k <= w),
    (k > floor(w), k > w),
    (k < floor(w), k + 1 <= w),
    (k >= floor(w), k + 1 > w),
    (ceiling(w) <= k, k >= w),
    (sympy.Ne(k, floor(w)), ~((k <= w) & (w < k + 1))),
])
def test_region_rules_are_equivalences_at_integers_and_thresholds(region, rewritten):
    got = integer_bounds(region)
    assert not got.has(ceiling, floor)
    # checked at integer k and at w on, beside and between the integers, 0 and negatives
    for kv in range(-2, 4):
        for wv in (0, R(-1), R(-3, 2), R(1, 2), 1, 2, R(5, 2), 3, R(-1, 100)):
            pt = {k: kv, w: wv}
            assert bool(region.subs(pt)) == bool(rewritten.subs(pt)) == bool(got.subs(pt)), pt


def test_comparisons_with_non_integers_are_left_alone():
    assert integer_bounds(w < ceiling(w)) == (w < ceiling(w))


def test_relaxed_claims_cover_every_fractional_part():
    pairs = list(relaxed(ceiling(w) + floor(w), 0))
    assert len(pairs) == 4
    assert not any(side.has(ceiling, floor) for pair in pairs for side in pair)
    assert list(relaxed(w, 0)) == []


@pytest.mark.parametrize(("lhs", "rhs", "relation", "where"), [
    (_ITERATE, 0, "eq", k >= _FIRST),
    (Abs(_ITERATE), 0, "gt", (k < _FIRST) & sympy.Ne(w0, 0)),
    (_ITERATE, 0, "lt", (k < _FIRST) & (w0 < 0)),
    (_ITERATE, 0, "gt", (k < _FIRST) & (w0 > 0)),
    (_ITERATE.subs(k, _FIRST), 0, "eq", None),
    (_FIRST, Abs(w0) / _T, "ge", None),
    (_FIRST - 1, Abs(w0) / _T, "lt", None),
    (floor(w), w, "le", None),
    (floor(w) + 1, w, "gt", None),
])
def test_true_claims_with_integer_parts_are_proved(lhs, rhs, relation, where):
    assert prove(lhs, rhs, relation=relation, where=where).status == "proved"


@pytest.mark.parametrize(("lhs", "rhs", "relation", "where"), [
    # one step too early: not yet zero (false at a start on a threshold)
    (_ITERATE, 0, "eq", k >= _FIRST - 1),
    (Abs(_ITERATE), 0, "gt", k <= _FIRST),
    (Abs(_ITERATE.subs(k, _FIRST - 1)), 0, "gt", None),  # w0 = 0
    (_FIRST, Abs(w0) / _T, "gt", None),  # equal at 0 and on every threshold
    (floor(w), w, "lt", None),
    (ceiling(w), w, "le", None),
])
def test_false_variants_are_never_proved(lhs, rhs, relation, where):
    assert prove(lhs, rhs, relation=relation, where=where).status == "refuted"


def test_a_claim_that_needs_integrality_is_unknown_not_refuted():
    # true (ceiling(w) - floor(w) <= 1), but the relaxation forgets both are integers
    # and that they move together: each fractional part is free in [0, 1)
    assert prove(ceiling(w) - floor(w), 1, relation="le").status == "unknown"


@pytest.mark.parametrize("expr", [
    ceiling(w), floor(w), ceiling(w / 2) - floor(w / 2), ceiling(Abs(w) / lam) * lam,
    k - ceiling(Abs(w) / (eta * lam)), floor(-w) + ceiling(w),
])
def test_integer_parts_at_rational_points_are_exact_on_fractions(expr):
    # on, beside and between the integers, negatives included: the value on
    # fractions is SymPy's own value at the point
    for wv in (0, 1, -1, 2, -3, R(1, 2), R(-1, 2), R(5, 3), R(-5, 3), R(7, 2), R(-1, 100)):
        point = {w: sympy.nsimplify(wv), lam: R(1, 3), eta: R(3, 2), k: sympy.Integer(2)}
        exact = fraction_value(expr, {s: Fraction(int(v.p), int(v.q)) for s, v in point.items()})
        assert sympy.Rational(exact.numerator, exact.denominator) - expr.subs(point) == 0, point


def test_integer_parts_of_undefined_values_stay_undefined():
    assert value_at(ceiling(1 / w), {w: sympy.S.Zero}) is sympy.nan
    assert value_at(floor(lam / w) + 1, {w: sympy.S.Zero, lam: sympy.Integer(1)}) is sympy.nan
    assert truth_at(k >= ceiling(1 / w), {w: sympy.S.Zero, k: sympy.Integer(1)}) is not True


@pytest.mark.parametrize(("cond", "point", "truth"), [
    # the iterate reaches zero at the first step k >= |w0|/(eta*lam), and not before
    (k >= _FIRST, {k: 2, w0: R(3, 2), eta: 1, lam: 1}, True),
    (k >= _FIRST, {k: 1, w0: R(3, 2), eta: 1, lam: 1}, False),
    (k < _FIRST, {k: 1, w0: R(-3, 2), eta: 1, lam: 1}, True),
    (k < _FIRST, {k: 2, w0: R(-2), eta: 1, lam: 1}, False),
    (sympy.Eq(floor(w), -1), {w: R(-1, 2)}, True),
    (sympy.Eq(floor(w), 0), {w: R(-1, 2)}, False),
])
def test_conditions_with_integer_parts_are_decided_at_points(cond, point, truth):
    point = {s: sympy.nsimplify(v) for s, v in point.items()}
    assert truth_at(cond, point) is truth
    assert bool(cond.subs(point)) is truth


def test_false_claims_with_integer_parts_are_refuted_at_a_point():
    # true twins are proved (see above); these are false where the integer part jumps
    wrong = prove(ceiling(w), floor(w))
    assert wrong.status == "refuted"
    point = dict(wrong.counterexample or ())
    assert ceiling(point[w]) != floor(point[w])
    strict = prove(floor(w), w, relation="lt")
    assert strict.status == "refuted"
    at = dict(strict.counterexample or ())[w]
    assert floor(at) - at == 0
    assert prove(ceiling(w), w, relation="ge").status == "proved"
    assert prove(floor(w), w, relation="le").status == "proved"
