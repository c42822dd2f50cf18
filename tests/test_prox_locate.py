"""Why the root taken lies on its piece: Vieta for a quadratic, an increasing polynomial."""

from __future__ import annotations

import pytest
import sympy
from conftest import R

from symreg.prox._locate import root_is_positive
from symreg.prox._solve import Solution
from symreg.symbols import eta, lam, z

S = sympy.Symbol("s", real=True)
gamma = sympy.Symbol("gamma", positive=True)
delta = sympy.Symbol("delta", positive=True)


@pytest.mark.slow
def test_a_quadratic_root_is_positive_by_vieta():
    # The log penalty on u > 0: s**2 + (gamma - z) s + eta lam - gamma z = 0, with the
    # hypothesis eta lam < gamma**2 written eta lam = gamma**2/(1 + delta).
    k = gamma**2 / (1 + delta)
    g = S**2 + (gamma - z) * S + k - gamma * z
    root = (z - gamma + sympy.sqrt((z + gamma) ** 2 - 4 * k)) / 2
    other = (z - gamma - sympy.sqrt((z + gamma) ** 2 - 4 * k)) / 2
    found = Solution(root, root, 1, S, g, None, other)
    steps = root_is_positive(found, z > k / gamma)
    assert steps is not None
    assert [s.relation for s in steps] == ["eq", "lt", "ge"]
    assert "Vieta" in steps[0].reason
    # below the threshold both roots have one sign: the product is not negative
    assert root_is_positive(found, (z < k / gamma) & (z > 0)) is None


def test_an_increasing_polynomial_negative_at_zero_has_a_positive_root():
    g = S**3 + eta * lam * S - z
    found = Solution(S, sympy.Symbol("r"), 3, S, g)
    steps = root_is_positive(found, z > 0)
    assert steps is not None
    assert [(s.lhs, s.relation) for s in steps] == [(3 * S**2 + eta * lam, "gt"), (-z, "lt")]


def test_nothing_is_claimed_when_the_facts_do_not_hold():
    g = S**3 + eta * lam * S - z
    found = Solution(S, sympy.Symbol("r"), 3, S, g)
    assert root_is_positive(found, z < 0) is None  # negative at 0 fails: the root is not > 0
    assert root_is_positive(Solution(z), z > 0) is None
    non_monotone = Solution(S, sympy.Symbol("r"), 3, S, S**3 - S - z)
    assert root_is_positive(non_monotone, z > R(1, 2)) is None
