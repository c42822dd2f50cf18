"""The sign of a rational function of positive symbols, read from its coefficients
(symreg.proof._coefficients), and the field arithmetic it shares with the checker."""

from __future__ import annotations

import pytest
import sympy
from sympy import Piecewise, sqrt
from sympy.polys.fields import field

from symreg.proof import prove
from symreg.proof._coefficients import coefficient_sign, in_field
from symreg.proof._rules import leaf
from symreg.symbols import eta, lam, w

t = sympy.Dummy("t", positive=True)


@pytest.mark.parametrize(("expr", "sign"), [
    (t / (t + 1) - 1, -1),                       # -1/(t + 1)
    (eta * lam / (1 + lam) + eta, 1),
    ((lam**2 - eta**2) / (lam - eta) - lam - eta, 0),  # the zero function
    (lam - eta, None),                           # both signs: a threshold at lam = eta
    ((lam - eta) ** 2, None),                    # mixed coefficients once expanded
    (t / (t + 1) - sympy.Rational(1, 2), None),  # changes sign at t = 1
    (w**2 + 1, None),                            # w is not positive
    (sqrt(lam) + 1, None),                       # not a rational function
    (sympy.Integer(3), None),                    # a number: left to the assumptions
])
def test_coefficient_sign(expr, sign):
    assert coefficient_sign(expr) == sign


@pytest.mark.slow
def test_coefficient_signs_prove_and_refute_like_the_forms():
    assert leaf("lt", lam / (lam + 1), 1) is True
    assert leaf("gt", lam / (lam + 1), 1) is False
    assert leaf("ge", eta * lam / (1 + lam) + eta, 0) is True
    # at the threshold lam = 1 the two sides are equal: < is false there
    at = prove(lam / (lam + 1), sympy.Rational(1, 2), relation="lt")
    assert (at.status, at.counterexample) == ("refuted", ((lam, 1),))
    assert prove(lam / (lam + 1), sympy.Rational(1, 2), relation="lt",
                 where=lam < 1).status == "proved"
    # a Piecewise with a threshold inside a positive range: decided piece by piece
    pw = Piecewise((lam / (lam + 1), lam < eta), (eta / (eta + 1), True))
    assert prove(pw, 1, relation="lt").status == "proved"
    assert prove(pw, eta / (eta + 1), relation="ge").status == "refuted"


def test_a_rational_form_becomes_an_element_of_the_field():
    x = sympy.Symbol("x", real=True)
    k, gens = field("a", sympy.QQ)
    one, (g,) = k.one, (gens,)
    value = in_field(x**2 / (x + 1) - sympy.Rational(1, 2) * x**-1, one, {x: g})
    assert value == g**2 / (g + 1) - one / (2 * g)
    # the same rational function, from another written form
    assert in_field((x**3 - x / 2 - sympy.Rational(1, 2)) / (x**2 + x), one, {x: g}) == value
    with pytest.raises(TypeError, match=r"^not a rational form: exp$"):
        in_field(sympy.exp(x), one, {x: g})


def test_points_are_compared_by_their_coefficients_before_simplify():
    from symreg.proof._decide import compare

    # rational functions of positive symbols: the coefficients decide, both ways
    t = sympy.Dummy("t", positive=True)
    assert compare(lam / (1 + eta) + lam, lam) == 1
    assert compare(lam, lam / (1 + eta) + lam) == -1
    assert compare(t / (1 + t), 1) == -1
    assert compare(eta * lam / (eta + lam), lam) == -1
    # mixed signs (one way or the other depending on the values): not decided
    assert compare(eta, lam) is None
    assert compare(eta * lam / (eta + lam), lam / 2) is None


def test_a_recurring_subexpression_is_converted_once():
    domain, x0, x1 = field("x0,x1", sympy.QQ)
    part = 1 / (1 + eta) + lam
    seen: dict = {}
    value = in_field(part**2 + 3 * part, domain.one, {eta: x0, lam: x1}, seen)
    assert seen[part] == 1 / (1 + x0) + x1
    assert value == (1 / (1 + x0) + x1) ** 2 + 3 * (1 / (1 + x0) + x1)
