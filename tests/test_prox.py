"""Proximal operators from the optimality condition, as functions of a penalty."""

from __future__ import annotations

import pytest
from conftest import assert_same

from symreg import prox
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import L1, L2, Lp
from symreg.symbols import eta, lam, z


def test_prox_function_and_method_agree():
    assert_same(prox.prox(L2(), eta), z / (1 + 2 * eta * lam))
    assert prox.prox_derivation(L1(), eta) == L1().prox_derivation(step=eta)


def test_prox_refuses_what_is_not_a_penalty():
    with pytest.raises(InvalidParameterError, match=r"^penalty must be a Penalty, got int$"):
        prox.prox(3, eta)  # type: ignore[arg-type]


def test_prox_refuses_a_non_convex_penalty():
    with pytest.raises(UnsupportedError, match=r"^the prox of Lp\(p=1/2, strength=lam\) is "
                       r"not supported: the penalty is not convex, so the optimality "
                       r"condition does not characterise the minimiser$"):
        prox.prox(Lp(sympy_half()), eta)


def sympy_half():
    import sympy

    return sympy.Rational(1, 2)
