"""Adding inequalities: a sum of parts with disjoint variables, each part proved on its own."""

from __future__ import annotations

import pytest
import sympy

from symreg.proof import prove
from symreg.proof._termwise import parts, prove_termwise
from symreg.symbols import eta, lam

Abs, Max, Piecewise = sympy.Abs, sympy.Max, sympy.Piecewise
a, b, c = sympy.symbols("a b c", real=True)
z1, z2, u1, u2 = sympy.symbols("z_1 z_2 u_1 u_2", real=True)


def _soft(x: sympy.Symbol) -> sympy.Expr:
    return Piecewise((x - eta * lam, x > eta * lam), (x + eta * lam, x < -eta * lam), (0, True))


def _gap(u: sympy.Symbol, x: sympy.Symbol) -> sympy.Expr:
    """The scalar prox objective's gap above its quadratic growth, for soft thresholding."""
    def phi(v: sympy.Expr) -> sympy.Expr:
        return (v - x) ** 2 / 2 + eta * lam * Abs(v)
    return phi(u) - phi(_soft(x)) - (u - _soft(x)) ** 2 / 2


def test_parts_group_terms_by_shared_variables():
    got = parts(a**2 + a * b + c**2 + lam * Abs(c) + 1)
    assert [sorted(s.name for s in p.free_symbols) for p in got] == [[], ["a", "b"],
                                                                      ["c", "lam"]]
    assert sympy.expand(sum(got) - (a**2 + a * b + c**2 + lam * Abs(c) + 1)) == 0


@pytest.mark.slow
def test_two_coordinates_of_the_prox_gap_add_up():
    total = _gap(u1, z1) + _gap(u2, z2)
    r = prove(total, 0, relation="ge")
    assert (r.status, r.method) == ("proved", "adding inequalities")


def test_parts_equal_up_to_renaming_are_proved_once():
    calls = []

    def record(rel, part):
        calls.append(part)
        return True

    assert prove_termwise("ge", _gap(u1, z1) + _gap(u2, z2), 0, record)
    assert len(calls) == 1


@pytest.mark.parametrize(("lhs", "rhs", "relation"), [
    # one bad part: at a = 0 the first is 0, so the strict sum fails there
    (a**2 + b**2 + 1, 0, "gt"),
    (Abs(a) + Abs(b), 0, "ge"),
    (Max(a, 0) + Max(b, 0), 0, "ge"),
    ((a - 1) ** 2 + (b + 1) ** 2, 0, "ge"),
])
def test_true_sums_are_proved(lhs, rhs, relation):
    assert prove(lhs, rhs, relation=relation).status == "proved"


@pytest.mark.parametrize(("lhs", "rhs", "relation", "point"), [
    (a**2 + b**2, 0, "gt", {a: 0, b: 0}),  # strict fails at 0
    (Abs(a) + b, 0, "ge", {a: 0, b: -1}),  # a negative part
    (_gap(u1, z1) + _gap(u2, z2) - eta * lam, 0, "ge", None),  # below zero at the prox
    (a**2 - 2 * a + b**2, 0, "ge", {a: 1, b: 0}),  # the square is not complete
])
def test_false_sums_are_refuted_never_proved(lhs, rhs, relation, point):
    r = prove(lhs, rhs, relation=relation)
    assert r.status == "refuted"
    if point is not None:
        assert dict(r.counterexample) != {}


def test_a_sum_true_only_as_a_whole_is_left_unknown():
    # (a - 1)**2 + b**2 + 1 written out: the part a**2 - 2*a is not non-negative on its
    # own, so the rule declines; the claim is true, so it is never refuted either
    total = a**2 - 2 * a + b**2 + 2
    assert not prove_termwise("ge", total, 0,
                              lambda r, p: prove(p, 0, relation=r).status == "proved")
    assert prove(total, 0, relation="ge").status == "unknown"
