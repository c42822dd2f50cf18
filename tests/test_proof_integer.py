"""Integer parts in the prover: ceiling and floor by their definitions, in regions and claims."""

from __future__ import annotations

import pytest
import sympy

from symreg.proof import prove
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
