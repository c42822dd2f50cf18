"""Hypotheses on several parameters written with one new positive symbol per condition."""

from __future__ import annotations

import pytest
import sympy

from symreg.errors import UnsupportedError
from symreg.prox._hypotheses import conditions, parametrise
from symreg.symbols import eta, lam

a = sympy.Symbol("a", positive=True)
gamma = sympy.Symbol("gamma", positive=True)
x = sympy.Symbol("x", real=True)


@pytest.mark.parametrize("hypothesis", [
    eta < gamma, eta * lam < gamma**2, (a > 2) & (eta < a - 1), (eta < 1) & (lam > 2),
    (x < 3) & (eta > x**2 + 1),
])
def test_the_substitutions_are_inverse_and_carry_the_hypothesis(hypothesis):
    p = parametrise(hypothesis, eta)
    assert len(p.substitutions) == len(conditions(hypothesis))
    symbols_ = sorted(hypothesis.free_symbols, key=lambda s: s.name)
    for s in symbols_:
        assert sympy.simplify(p.back(p.forward(s)) - s) == 0
    # with every new symbol positive, the hypothesis holds (shown at sample values)
    news = [d for _s, _v, d, _b in p.substitutions]
    for values in ({d: sympy.Rational(1, 3) for d in news}, {d: 5 for d in news}):
        rest = {s: sympy.Rational(7, 2) + i for i, s in enumerate(symbols_)
                if s not in {t for t, _v, _d, _b in p.substitutions}}
        assert p.forward(hypothesis).subs(values).subs(rest) is sympy.true


def test_each_new_symbol_has_its_own_name_and_avoids_the_penalty_s():
    p = parametrise((eta < 1) & (lam > 2), eta, frozenset({"delta"}))
    assert [d.name for _s, _v, d, _b in p.substitutions] == ["delta_2", "delta_3"]


def test_the_note_names_every_substitution():
    p = parametrise(eta < gamma, eta)
    assert p.note() == (r" The hypothesis is written $\eta = \frac{\gamma}{\delta + 1}$ "
                        r"with $\delta > 0$.")
    assert parametrise(sympy.true, eta).note() == ""


@pytest.mark.parametrize(("hypothesis", "message"), [
    ((eta < 1) | (lam < 1), r"^the hypothesis \(eta < 1\) \| \(lam < 1\) is not a conjunction "
                            r"of conditions s < U or s > L, each on one positive symbol s$"),
    (eta <= 1, r"^the hypothesis eta <= 1 is not a conjunction of conditions s < U or s > L, "
               r"each on one positive symbol s$"),
    ((a > 2) & (a > 1), r"^cannot write the hypothesis \(a > 1\) & \(a > 2\) with positive "
                        r"symbols \(the condition delta \+ 1 > 2\)$"),
    (eta**2 + lam**2 < 1, r"^cannot write the hypothesis eta\*\*2 \+ lam\*\*2 < 1 with positive "
                          r"symbols \(the condition eta\*\*2 \+ lam\*\*2 < 1\)$"),
])
def test_hypotheses_that_cannot_be_written_are_unsupported(hypothesis, message):
    with pytest.raises(UnsupportedError, match=message):
        parametrise(hypothesis, eta)
