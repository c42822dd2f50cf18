"""Tests of symreg.render.listings: reference implementations against the symbolic results."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sympy

from symreg import symbols
from symreg.errors import RenderError, VerificationError
from symreg.penalties import L1
from symreg.render import implementations as impl
from symreg.render import listings as li
from symreg.symbols import lam, w


@pytest.mark.slow
def test_listings_cover_every_penalty_and_role_and_pass_their_checks():
    items = li.listings()
    assert [(x.penalty, x.role) for x in items] == [
        (name, role) for name in ("L1", "L2", "L2", "ElasticNet")
        for role in ("penalty", "derivative", "prox")
    ]
    forms = [lam * sympy.Abs(w), lam * w**2, lam * w**2 / 2,
             symbols.lam1 * sympy.Abs(w) + symbols.lam2 * w**2]
    for index, form in enumerate(forms):
        for item in items[3 * index:3 * index + 3]:
            assert sympy.simplify(item.convention.expr - form) == 0
    for item in items:
        assert item.check.max_error <= 1e-12
        assert item.check.points >= 14
        assert "0" in item.check.includes
        assert "negative values" in item.check.includes
    prox = next(x for x in items if x.function == "l1_prox")
    assert "inputs inside, on and outside the threshold" in prox.check.includes


def test_latexify_output_uses_symreg_names():
    out = li.render_function(impl.l1_prox)
    assert out.startswith(r"\mathrm{l1\_prox}(z, \eta, \lambda) = ")
    assert r"\mathrm{lam}" not in out
    assert r"\begin{array}" in out
    net = li.render_function(impl.elastic_net_penalty)
    assert r"\lambda_{1}" in net
    assert r"\lambda_{2}" in net


def test_listings_are_typeset_in_the_readers_notation():
    from symreg import printing

    with printing.notation({symbols.z: "x", symbols.lam: r"\alpha"}):
        out = li.render_function(impl.l1_prox)
        typeset = {x.function: x.latex for x in li.listings()}
    assert out.startswith(r"\mathrm{l1\_prox}(x, \eta, \alpha) = ")
    assert "symregparam" not in out
    assert typeset["l1_prox"] == out
    assert {x.function: x.latex for x in li.listings()}["l1_prox"].startswith(
        r"\mathrm{l1\_prox}(z, \eta, \lambda) = ")


def _wrong_prox(z, eta, lam):
    # Forgets the dead zone: right outside the threshold, wrong inside it.
    return z - eta * lam if z >= 0 else z + eta * lam


@pytest.mark.slow
def test_a_wrong_implementation_stops_the_build():
    with pytest.raises(
        VerificationError,
        match=r"^implementation _wrong_prox disagrees with the symbolic prox at "
              r"z = -0\.025, eta = 0\.1, lam = 0\.5: 0\.025 != 0$",
    ):
        li.check(_wrong_prox, L1().prox(), role="prox", penalty=L1())


def test_a_failing_implementation_is_reported():
    def divides(w, lam):
        return lam * abs(w) * w / w  # right everywhere but at 0

    with pytest.raises(VerificationError,
                       match=r"^implementation divides fails at w = 0, lam = 0\.5: "
                             r"float division by zero$"):
        li.check(divides, L1().expr, role="penalty")


def test_parameters_must_name_symreg_symbols():
    def uses_x(x, lam):
        return lam * abs(x)

    with pytest.raises(RenderError,
                       match=r"^parameter 'x' is not the SymPy name of a symreg symbol$"):
        li.check(uses_x, L1().expr, role="penalty")


def test_latexify_failure_is_a_render_error():
    def loops(w, lam):
        while w > lam:
            w = w - lam
        return w

    with pytest.raises(RenderError, match=r"^latexify could not typeset loops: .+$"):
        li.render_function(loops)


@pytest.mark.slow
def test_latexify_is_imported_only_when_a_listing_is_rendered():
    code = ("import sys, symreg, symreg.render.listings, symreg.render.report; "
            "print('latexify' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
