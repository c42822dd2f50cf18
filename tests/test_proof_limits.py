"""Limits in the prover: Piecewise branch by branch, values confirmed, undecided is unknown."""

from __future__ import annotations

import pytest
import sympy

from symreg.proof import prove
from symreg.proof._limits import UndecidedLimit, evaluate_limits, limit_value
from symreg.symbols import eta, lam, lam1, lam2, w, z

Limit, Piecewise, sign, Abs, Max = sympy.Limit, sympy.Piecewise, sympy.sign, sympy.Abs, sympy.Max

# the elastic net's proximal step, as the library writes it
_NET = Piecewise(((z - eta * lam1) / (1 + 2 * eta * lam2), z > eta * lam1),
                 ((z + eta * lam1) / (1 + 2 * eta * lam2), z < -eta * lam1), (0, True))
_SOFT = Piecewise((z - eta * lam1, z > eta * lam1), (z + eta * lam1, z < -eta * lam1), (0, True))


def _same_at(a: sympy.Basic, b: sympy.Basic, points: list[dict[sympy.Symbol, int]]) -> None:
    for pt in points:
        assert sympy.simplify(a.subs(pt) - b.subs(pt)) == 0, pt


def test_the_elastic_net_tends_to_soft_thresholding_as_its_l2_part_vanishes():
    value = limit_value(_NET, lam2, 0, "+")
    # at 0, on both sides of both thresholds, on the thresholds, negative inputs
    pts = [{z: v, eta: 1, lam1: 2} for v in (0, -1, 1, 2, -2, 3, -3, sympy.Rational(5, 2))]
    _same_at(value, _SOFT, pts)
    assert prove(Limit(_NET, lam2, 0, "+"), _SOFT).status == "proved"


def test_a_false_limit_of_the_elastic_net_is_refuted_not_proved():
    # SymPy's own limit of this Piecewise is 0, which is false away from the dead zone
    assert sympy.limit(_NET, lam2, 0, "+") == 0
    r = prove(Limit(_NET, lam2, 0, "+"), 0)
    assert r.status == "refuted"
    assert prove(Limit(_NET, lam2, 0, "+"), _SOFT.subs(lam1, 2 * lam1)).status == "refuted"


def test_the_elastic_net_tends_to_the_l2_prox_as_its_l1_part_vanishes():
    # the conditions z > eta*lam_1 are eventually z > 0: decided on z = 0 by the next order
    value = limit_value(_NET, lam1, 0, "+")
    pts = [{z: v, eta: 1, lam2: 3} for v in (0, -1, 1, sympy.Rational(-1, 7))]
    _same_at(value, z / (1 + 2 * eta * lam2), pts)
    assert prove(Limit(_NET, lam1, 0, "+"), z / (1 + 2 * eta * lam2)).status == "proved"
    assert prove(Limit(_NET, lam1, 0, "+"), z / (1 + eta * lam2)).status == "refuted"


@pytest.mark.parametrize(("expr", "side", "value"), [
    (sign(w), "+", 1),
    (sign(w), "-", -1),
    (Abs(w) / (1 + Abs(w)), "+-", 0),
    (Max(w, 0), "-", 0),
    (Piecewise((1, w > 0), (0, True)), "-", 0),
    (Piecewise((1, w >= 0), (0, True)), "+", 1),
    (Piecewise((w + 2, w**2 > 0), (5, True)), "+", 2),  # the value at the kink is not used
])
def test_one_sided_limits_at_a_kink(expr, side, value):
    assert limit_value(expr, w, 0, side) == value


def test_a_two_sided_limit_at_a_jump_is_undecided():
    with pytest.raises(UndecidedLimit, match=r"^the one-sided limits of sign\(w\) at w = 0 "
                                             r"are not shown to agree$"):
        limit_value(sign(w), w, 0, "+-")
    assert prove(Limit(sign(w), w, 0, "+-"), 1).status == "unknown"


def test_a_condition_that_is_not_eventually_constant_is_never_substituted():
    # as lam -> 0+, z > lam*w is eventually true or false depending on z and w together
    expr = Piecewise((1, z > lam * w), (0, True))
    with pytest.raises(UndecidedLimit, match=r"^the condition z > lam\*w is not eventually "
                                             r"constant as lam -> 0\+$"):
        limit_value(expr, lam, 0, "+")
    assert prove(Limit(expr, lam, 0, "+"), Piecewise((1, z > 0), (0, True))).status == "unknown"


def test_conditions_decided_on_the_root_of_the_limit():
    # z > lam: eventually z > 0 (at z = 0 the difference is -lam < 0)
    assert limit_value(Piecewise((1, z > lam), (0, True)), lam, 0, "+") == Piecewise(
        (1, z > 0), (0, True))
    # z >= -lam: eventually z >= 0 (at z = 0 the difference is lam > 0)
    got = limit_value(Piecewise((1, z >= -lam), (0, True)), lam, 0, "+")
    for v, expected in ((0, 1), (-1, 0), (1, 1), (sympy.Rational(-1, 100), 0)):
        assert got.subs(z, v) == expected


def test_a_limit_that_the_sequence_contradicts_is_undecided():
    # SymPy says 1 for every z; at z = 0 the expression is 0 for every w > 0
    assert sympy.limit(z / (z + w**2), w, 0, "+") == 1
    with pytest.raises(UndecidedLimit, match=r"^the limit w -> 0\+ of z/\(w\*\*2 \+ z\) is not "
                                             r"confirmed at z = 0$"):
        limit_value(z / (z + w**2), w, 0, "+")
    assert prove(Limit(z / (z + w**2), w, 0, "+"), 1).status == "unknown"


@pytest.mark.slow
def test_smooth_limits_are_confirmed_and_proved():
    p = sympy.Symbol("p", positive=True)
    assert limit_value(p ** (-1 / (p - 1)), p, 1, "+") == sympy.exp(-1)
    assert prove(Limit(p ** (-1 / (p - 1)), p, 1, "+"), sympy.exp(-1)).status == "proved"
    assert prove(Limit(p ** (-1 / (p - 1)), p, 1, "+"), sympy.Rational(1, 3)).status != "proved"
    assert limit_value(w / (1 + w), w, sympy.oo, "-") == 1
    assert limit_value(sympy.sin(w) / w, w, 0, "-") == 1


def test_infinite_limits_are_undecided():
    with pytest.raises(UndecidedLimit, match=r"^the limit w -> 0\+ of 1/w is not a finite "
                                             r"value$"):
        limit_value(1 / w, w, 0, "+")


def test_evaluate_limits_replaces_every_limit_and_keeps_the_rest():
    got = evaluate_limits(sympy.FiniteSet(Limit(sign(w), w, 0, "-"), z))
    assert got == sympy.FiniteSet(-1, z)
    assert evaluate_limits(w + 1) == w + 1


@pytest.mark.parametrize(("point", "side"), [(sympy.oo, "+"), (-sympy.oo, "+"), (0, "+"),
                                             (0, "-"), (2, "+"), (-3, "-")])
def test_a_limit_is_taken_at_either_end_and_either_side(point, side):
    x = sympy.Symbol("x", real=True)
    expr = (x**2 + 1) / (x**2 + 2)
    expected = sympy.limit(expr, x, point, side) if sympy.sympify(point).is_finite else (
        sympy.limit(expr, x, point))
    found = limit_value(expr, x, point, side)
    assert sympy.simplify(found - expected) == 0
