"""Printing: symreg's symbol names in LaTeX."""

from __future__ import annotations

import pytest
import sympy

from symreg import printing, symbols


@pytest.mark.parametrize(("expr", "expected"), [
    (symbols.lam * sympy.Abs(symbols.w), r"\lambda \left|{w}\right|"),
    (symbols.eps * symbols.eta, r"\varepsilon \eta"),
    (symbols.lam1, r"\lambda_{1}"),
    (symbols.lam2, r"\lambda_{2}"),
    (symbols.sigma, r"\sigma"),
    (symbols.alpha * symbols.beta, r"\alpha \beta"),
    (symbols.w0, r"w_{0}"),
    (symbols.theta, r"\theta"),
    (symbols.w, "w"),
])
def test_latex_names(expr, expected):
    assert printing.latex(expr) == expected


def test_latex_symbol_names_extend_and_override():
    out = printing.latex(symbols.lam * symbols.w, symbol_names={symbols.w: r"\omega"})
    assert out == r"\lambda \omega"
    out = printing.latex(symbols.lam, symbol_names={symbols.lam: "L"})
    assert out == "L"


def test_latex_passes_other_settings():
    assert printing.latex(symbols.lam / 2, fold_short_frac=True) == r"\lambda / 2"


def test_latex_does_not_mutate_the_canonical_names():
    printing.latex(symbols.lam, symbol_names={symbols.lam: "L"})
    assert symbols.LATEX_NAMES[symbols.lam] == r"\lambda"
    with pytest.raises(TypeError):
        symbols.LATEX_NAMES[symbols.w] = "x"  # type: ignore[index]
