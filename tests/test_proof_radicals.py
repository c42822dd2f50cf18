"""Identities among radicals by pseudo-division (symreg.proof._radicals)."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational as R
from sympy import sqrt

from symreg.proof import prove
from symreg.proof._radicals import zero_by_radicals
from symreg.proof._rules import leaf
from symreg.symbols import eta, lam, w, z

t = sympy.Dummy("t", positive=True)
_r = sqrt(z**2 + 4 * lam)
# the real root of s**3 + 4*eta*lam*s/3 - t (Cardano), as the prox of |w|**(4/3) writes it
_inner = (t / 2 + sqrt(t**2 / 4 + 64 * eta**3 * lam**3 / 729)) ** R(1, 3)
_cardano = _inner - 4 * eta * lam / (9 * _inner)


def _times(a, b):
    return sympy.Mul(a, b, evaluate=False)


def _minus(a, b):
    return sympy.Add(a, sympy.Mul(-1, b, evaluate=False), evaluate=False)


@pytest.mark.parametrize("expr", [
    (z + _r) / 2 * (z - _r) / 2 + lam,                      # Vieta: the product of the roots
    ((z + _r) / 2) ** 2 - z * (z + _r) / 2 - lam,           # a root of s**2 - z*s - lam
    _cardano**3 + 4 * eta * lam * _cardano / 3 - t,         # nested: a cube root of a sqrt
    1 / (1 + sqrt(lam)) - (1 - sqrt(lam)) / (1 - lam),      # a radical in a denominator
    # written unevaluated (SymPy would combine the powers of one base itself)
    _minus(lam ** R(3, 2), _times(lam, sqrt(lam))),         # powers of one root
    _minus(_times(lam ** R(2, 3), lam ** R(1, 3)), lam),    # cube roots
    _minus(_times(sqrt(lam), lam ** R(1, 3)), lam ** R(5, 6)),  # exponents 1/2, 1/3 of one base
])
def test_identities_among_radicals_are_decided(expr):
    assert zero_by_radicals(expr) is True


@pytest.mark.parametrize("expr", [
    (z + _r) / 2 * (z - _r) / 2 - lam,                      # the wrong sign of the product
    ((z + _r) / 2) ** 2 - z * (z + _r) / 2 + lam,
    _cardano**3 + 4 * eta * lam * _cardano / 3 + t,         # the wrong constant term
    _cardano**3 + eta * lam * _cardano - t,                  # the wrong coefficient
    1 / (1 + sqrt(lam)) - (1 + sqrt(lam)) / (1 - lam),
    _minus(lam ** R(3, 2), lam),
    _minus(_times(sqrt(lam), lam ** R(1, 3)), lam ** R(1, 6)),
    sqrt(w**2) - w,                                          # not w for w < 0
    sqrt(2) * sqrt(3) - sqrt(6),                             # true, but not said by the relations
    z - lam,                                                 # no radical: nothing to decide
])
def test_a_difference_that_is_not_shown_zero_is_not_decided(expr):
    assert zero_by_radicals(expr) is False


def test_a_radical_inside_a_function_is_left_undecided():
    # A true identity, but sqrt(lam) inside exp is another function of the unknown: the
    # difference is no polynomial in the radicals, so this rule leaves it to the others.
    e = sympy.exp(sqrt(lam))
    left, right = (1 + sqrt(lam)) * (1 - sqrt(lam)) * e, (1 - lam) * e
    assert zero_by_radicals(left - right) is False
    assert prove(left, right).status == "proved"
    # its false twin is not decided by this rule either, and is refuted
    assert zero_by_radicals(left + right) is False
    assert prove(left, -right).status == "refuted"


def test_a_radicand_whose_denominator_may_vanish_is_not_used():
    # The relation y**2 * w - 1 has a leading coefficient w, which may be 0.
    assert zero_by_radicals(_minus(_times(sqrt(1 / w), sqrt(1 / w)), 1 / w)) is False
    # the same with a radicand whose denominator is positive
    assert zero_by_radicals(_minus(_times(sqrt(1 / lam), sqrt(1 / lam)), 1 / lam)) is True


def test_the_leaf_proves_the_identity_and_the_prover_refutes_the_false_twin():
    root = (z + _r) / 2
    assert leaf("eq", root * (z - _r) / 2, -lam)
    assert not leaf("eq", root * (z - _r) / 2, lam)
    assert prove(root**2, z * root + lam).status == "proved"
    false = prove(root**2, z * root - lam)
    assert false.status == "refuted"


def test_a_power_too_large_to_expand_is_left_undecided():
    # true (both sides are the same polynomial in sqrt(lam)), but the expansion is not tried
    big = sympy.Pow(1 + sqrt(lam), 40, evaluate=False)
    assert zero_by_radicals(_minus(big, sympy.expand(big))) is False
