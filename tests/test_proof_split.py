"""Tests of symreg.proof._split: case splits over the breakpoints of each variable."""

from __future__ import annotations

import sympy

from symreg.proof import _split
from symreg.proof._split import Deadline, _regions, prove_split
from symreg.symbols import eta, lam, w


def test_a_positive_variable_without_breakpoints_is_one_region():
    assert len(_regions(eta, [])) == 1
    assert len(_regions(eta, [lam])) == 3  # below, at and above lam
    assert len(_regions(w, [])) == 3       # negative, zero and positive


def test_the_case_split_never_only_renames_a_variable(monkeypatch):
    # The soft threshold on its dead zone, parametrised as the prover does:
    # w = 2 s eta lam / (s + 1) - eta lam with s > 0. Only s has breakpoints.
    s = sympy.Dummy("s", positive=True)
    at = 2 * s * eta * lam / (s + 1) - eta * lam
    claim = sympy.sign(at) * sympy.Max(0, sympy.Abs(at) - eta * lam)
    seen = []
    real = _split.prove_split

    def spy(rel, lhs, rhs, deadline, depth=0):
        seen.append(lhs)
        return real(rel, lhs, rhs, deadline, depth)

    monkeypatch.setattr(_split, "prove_split", spy)
    assert prove_split("eq", claim, sympy.S.Zero, Deadline(None)) == (True, "case split")
    # eta and lam are never replaced by a fresh symbol: they have no breakpoints
    assert all({eta, lam} <= lhs.free_symbols for lhs in seen if lhs.free_symbols)
