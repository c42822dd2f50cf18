"""The forms of a difference in a leaf (symreg.proof._forms.forms): dummies renamed and back.

The cancelled, simplified and factored forms are taken with the difference's
dummies renamed to fixed dummies of the same assumptions. Each true claim is
paired with a false twin that differs only in the assumptions of a dummy, so
a renaming that lost assumptions (or mixed two dummies) would prove the twin.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs

from symreg.proof import clear_caches
from symreg.proof._forms import _fixed_dummies, forms
from symreg.proof._rules import leaf

p = sympy.Dummy("t", positive=True)
r = sympy.Dummy("t", real=True)
r2 = sympy.Dummy("t", real=True)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_caches()


def test_the_forms_speak_of_the_dummies_of_the_difference():
    d = (r**2 - 1) / (r - 1) - r
    found = list(forms(d))
    assert all(f.free_symbols <= {r} for f in found)
    assert sympy.simplify(found[1] - 1) == 0  # the cancelled form: (r + 1) - r


def test_each_dummy_is_renamed_to_one_with_its_own_assumptions():
    for d in (Abs(p) + r - r2, Abs(r) + p - r2, r - r2 + p):
        renamed, back = _fixed_dummies(d)
        assert len(back) == 3  # three dummies, three fixed ones, none shared
        for fixed, own in back.items():
            assert fixed.assumptions0 == own.assumptions0
        assert renamed.xreplace(back) == d


@pytest.mark.parametrize("first", [p, r2])
def test_a_positive_dummy_is_not_taken_for_a_real_one(first):
    # |t| <= t holds for a positive t (SymPy writes |t| as t); for a real t it
    # fails at t = -1, so it must not be proved whichever claim came first.
    assert leaf("le", Abs(first), first) is (first is p)
    assert leaf("le", Abs(r), r) is False


@pytest.mark.parametrize(("lhs", "rhs", "relation", "holds"), [
    ((r**2 - 1) / (r - 1), r, "gt", True),        # the cancelled form: 1 > 0
    ((r**2 - 1) / (r - 1), r + 2, "gt", False),   # twin: -1 > 0
    ((r**2 - 1) / (r - 1) - r2, r - r2, "ge", True),
    ((r**2 - 1) / (r - 1) - r2, r + r2, "ge", False),  # twin: 1 - 2*r2 >= 0
])
def test_claims_about_two_dummies_are_decided_on_their_own_forms(lhs, rhs, relation, holds):
    assert leaf(relation, lhs, rhs) is holds


def test_a_truth_value_is_its_own_simplest_form(monkeypatch):
    from symreg.proof import _forms, clear_caches
    from symreg.proof._forms import simplified

    def refused(expr):
        raise AssertionError(f"simplify was asked about {expr}")

    monkeypatch.setattr(_forms.sympy, "simplify", refused)  # (restored after the test)
    clear_caches()  # not an answer remembered from an earlier call
    assert simplified(sympy.true) is sympy.true
    assert simplified(sympy.false) is sympy.false


MAGNITUDES = [  # (form, whether it is taken as its own simplest form without simplify)
    (Abs(sympy.Symbol("w", real=True)) / (sympy.Symbol("eta", positive=True) * 3), True),
    (-2 * sympy.Symbol("lam", positive=True) / Abs(sympy.Symbol("w", real=True)), True),
    (Abs(sympy.Symbol("w", real=True)) / sympy.Symbol("w", real=True), False),
    (Abs(sympy.Symbol("w", real=True)) * Abs(sympy.Symbol("z", real=True)), False),
    (Abs(sympy.Symbol("w", real=True) + 1) / 2, False),
]


@pytest.mark.parametrize(("form", "own"), MAGNITUDES)
def test_a_monomial_with_one_magnitude_is_its_own_simplest_form(monkeypatch, form, own):
    from symreg.proof import _forms
    from symreg.proof._forms import simplified

    expected = sympy.simplify(form)  # what simplify makes of it, asked before it is refused
    asked = []

    def recorded(expr):
        asked.append(expr)
        return expected

    monkeypatch.setattr(_forms.sympy, "simplify", recorded)  # (restored after the test)
    clear_caches()
    assert simplified(form) == expected  # the same form as simplify's, asked or not
    assert asked == ([] if own else [form])


def test_a_rational_function_is_factored_in_lowest_terms():
    from symreg.proof._forms import factored
    from symreg.symbols import eta, lam

    x = sympy.Symbol("x", positive=True)
    found = factored((x**2 - eta**2 * lam**2) / (x + eta * lam) / (eta * lam))
    assert sympy.simplify(found - (x - eta * lam) / (eta * lam)) == 0
    assert not sympy.denom(found).has(x)  # the common factor x + eta*lam is gone


def test_kinks_multiplied_out_keep_the_value_and_decide_a_maximum():
    from conftest import assert_same

    from symreg.proof._forms import kinks_expanded
    from symreg.symbols import eta, lam, w

    t = sympy.Symbol("t", positive=True)
    inside = sympy.Abs(w) - eta * lam * (t + sympy.Abs(w) / (eta * lam))
    assert kinks_expanded(sympy.Max(0, inside)) == 0  # the argument is -eta*lam*t
    mixed = (w + 1) * (w - 1) + sympy.Abs(w * (w + lam)) - sympy.sign(lam * (w - 1))
    got = kinks_expanded(mixed)
    assert got.has((w + 1) * (w - 1))  # outside a kink: as written
    for value in (0, -2, sympy.Rational(1, 3), 1, -lam):
        assert_same(got.subs(w, value), mixed.subs(w, value))
