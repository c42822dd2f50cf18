"""The optimality condition solved on one piece; the real root of a monotone cubic."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from conftest import R

from symreg.prox._solve import real_cubic_root, solve_on_piece
from symreg.symbols import eta, lam, u, z

S = sympy.Symbol("s", real=True)


@pytest.mark.parametrize("coefficients", [
    (1, 0, 3, "-z"),          # s**3 + 3 s = z: q of either sign, written with sign(q)
    (2, -3, 5, "z"),          # a shift s = y + 1/2 and a leading coefficient
    ("4*eta*lam", 0, 1, "-z"),  # the prox of lam*w**4
])
@pytest.mark.parametrize("zv", [R(-7, 2), -1, 0, R(1, 3), 5])
def test_the_real_root_of_a_monotone_cubic_is_its_root(coefficients, zv):
    a, b, c, d = (sympy.sympify(x, locals={"z": z, "eta": eta, "lam": lam})
                  for x in coefficients)
    root = real_cubic_root([a, b, c, d])
    assert root is not None
    values = {z: zv, eta: R(2, 5), lam: R(7, 10)}
    cubic = [float(x.subs(values)) for x in (a, b, c, d)]
    numeric = [r.real for r in np.roots(cubic) if abs(r.imag) < 1e-9]
    assert len(numeric) == 1
    got = sympy.N(root.subs(values), 30)
    assert got.is_real
    assert float(got) == pytest.approx(numeric[0], abs=1e-12)


def test_every_cube_root_is_of_a_positive_number():
    root = real_cubic_root([sympy.S.One, sympy.S.Zero, sympy.S(3), -z])
    bases = [p.base for p in root.atoms(sympy.Pow) if p.exp == R(1, 3)]
    assert bases
    assert all(b.subs(z, zv).is_positive for b in bases for zv in (-5, 0, 5))


def test_the_sign_of_q_is_dropped_where_it_is_known():
    root = real_cubic_root([sympy.S.One, sympy.S.Zero, sympy.S(3), -z], z > 0)
    assert not root.has(sympy.sign)
    assert not root.has(sympy.Abs)
    assert abs(sympy.N(root.subs(z, 4) - 1, 30)) < 1e-25  # (2 + sqrt(5))**(1/3) is golden


def test_a_cubic_with_three_real_roots_is_left_to_sympy():
    assert real_cubic_root([sympy.S.One, sympy.S.Zero, sympy.S(-3), -z]) is None


def test_the_solution_on_a_piece_carries_what_locates_it():
    # lam*|w|**(4/3) on u > 0: u = s**3 with s**3 + (4/3) eta lam s = z.
    h = u + R(4, 3) * eta * lam * u ** R(1, 3)
    found = solve_on_piece(h, u, z, sympy.S.Zero, sympy.oo, sympy.S.Zero, sympy.oo, sympy.true)
    assert found.power == 3
    assert found.formula == found.root**3
    monic = sympy.Poly(found.equation, S).monic().as_expr()
    assert sympy.expand(monic - (S**3 + R(4, 3) * eta * lam * S - z)) == 0
    at = {eta: R(1, 2), lam: R(3, 2)}  # s**3 + s = z has the root 1 at z = 2
    assert abs(sympy.N(found.root.subs(at).subs(z, 2) - 1, 30)) < 1e-25


@pytest.mark.parametrize(("h", "lo", "hi", "z_lo", "z_hi"), [
    (u + eta * lam, sympy.S.Zero, sympy.oo, eta * lam, sympy.oo),                 # L1, u > 0
    (u - eta * lam, -sympy.oo, sympy.S.Zero, -sympy.oo, -eta * lam),              # L1, u < 0
    (u + 2 * eta * lam * u, -sympy.oo, sympy.oo, -sympy.oo, sympy.oo),           # L2
    ((1 + 2 * eta * lam) * u + eta, sympy.S.Zero, sympy.oo, eta, sympy.oo),      # elastic net
])
@pytest.mark.parametrize("zv", [R(-9, 2), R(-3, 4), -1, 0, R(1, 3), R(3, 4), 1, 7])  # 3/4: eta*lam
def test_a_linear_condition_is_solved_exactly(h, lo, hi, z_lo, z_hi, zv):
    found = solve_on_piece(h, u, z, lo, hi, z_lo, z_hi, sympy.true)
    at = {eta: R(1, 2), lam: R(3, 2), z: zv}
    assert sympy.simplify((h.subs(u, found.formula) - z).subs(at)) == 0
