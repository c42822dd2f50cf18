"""Generalisation: a claim about a kink's argument proved for a new real variable."""

from __future__ import annotations

import pytest
import sympy
from conftest import R, assert_same

from symreg.proof import clear_caches, prove
from symreg.proof._generalise import X, generalised
from symreg.symbols import eta, k, lam, w, w0

Max, Abs, sign = sympy.Max, sympy.Abs, sympy.sign
t = eta * lam


def _soft(value: sympy.Expr) -> sympy.Expr:
    return sign(value) * Max(Abs(value) - t, 0)


def test_the_iterate_after_one_step_is_a_claim_about_one_kink():
    lhs = _soft(Max(w0 - k * t, 0))
    rhs = Max(w0 - (k + 1) * t, 0)
    new_lhs, new_rhs = generalised(lhs, rhs)
    assert new_lhs.free_symbols == new_rhs.free_symbols == {X, eta, lam}
    # at x = w0 - k*eta*lam the new claim is the old one, wherever that is evaluated
    for w0_v in (0, R(-3, 2), R(5, 7), 2):
        for k_v in (0, 1, 3):
            for eta_v, lam_v in ((R(1, 2), 1), (1, R(1, 3))):
                at = {w0: w0_v, k: k_v, eta: eta_v, lam: lam_v}
                x_v = (w0 - k * t).subs(at)
                assert_same(new_lhs.subs({X: x_v, eta: eta_v, lam: lam_v}), lhs.subs(at))
                assert_same(new_rhs.subs({X: x_v, eta: eta_v, lam: lam_v}), rhs.subs(at))


@pytest.mark.parametrize("where", [w0 > 0, w0 < 0])
def test_one_proximal_step_of_the_closed_form_is_proved_by_generalisation(where, monkeypatch):
    from symreg.proof import _split

    methods: list[str] = []
    split = _split.prove_split

    def recorded(*args, **kwargs):
        outcome = split(*args, **kwargs)
        methods.append(outcome[1])
        return outcome

    monkeypatch.setattr(_split, "prove_split", recorded)  # (its recursive calls too)
    monkeypatch.setattr("symreg.proof._prove.prove_split", recorded)
    clear_caches()
    iterate = sign(w0) * Max(Abs(w0) - k * t, 0)
    following = sign(w0) * Max(Abs(w0) - (k + 1) * t, 0)
    proof = prove(_soft(iterate), following, where=where)
    assert (proof.status, proof.method) == ("proved", "case split")  # the region's split
    assert "generalisation" in methods  # ... proved on the region by the rule


def test_the_rule_is_the_method_of_a_claim_without_a_region():
    clear_caches()
    proof = prove(_soft(Max(w0 - k * t, 0)), Max(w0 - (k + 1) * t, 0))
    assert (proof.status, proof.method) == ("proved", "generalisation")


def test_a_generalised_claim_that_fails_leaves_the_case_split():
    # max(w + lam, 0) = w + lam needs w >= -lam; as max(x, 0) = x it is false
    assert generalised(Max(w + lam, 0), w + lam) is not None
    clear_caches()
    proof = prove(Max(w + lam, 0), w + lam, where=w >= 0)
    assert (proof.status, proof.method) == ("proved", "case split")


def test_a_false_claim_stays_refuted():
    clear_caches()
    proof = prove(_soft(Max(w0 - k * t, 0)), Max(w0 - k * t, 0))
    assert proof.status == "refuted"


@pytest.mark.parametrize(("lhs", "rhs"), [
    (Max(w - lam, 0), w),            # w is also outside the kink: nothing is eliminated
    (Abs(w), w**2),                  # one symbol in the kink
    (Max(w - lam, 0) + lam, Max(w, lam)),  # lam outside the kink as well
    (w + lam, lam + w),              # no kink
])
def test_no_generalisation_without_a_symbol_to_lose(lhs, rhs):
    assert generalised(lhs, rhs) is None


def test_a_claim_already_generalised_is_not_generalised_again():
    assert generalised(Max(X - t, 0), Max(X, t) - t) is None


def test_powers_of_sums_are_kept_as_powers():
    # (x - y + 1)**5 as a power of (X + 1), not its multinomial expansion
    x, y = sympy.symbols("x y", real=True)
    power = (x - y + 1) ** 5
    new_lhs, _ = generalised(Abs(x - y) + power, sympy.S.Zero)
    assert (X + 1) ** 5 in sympy.preorder_traversal(new_lhs)
    assert_same(new_lhs.subs(X, x - y), Abs(x - y) + power)
