"""Canonical symbols: assumptions, lookup by name, LaTeX names as data."""

from __future__ import annotations

import pytest
import sympy
from conftest import assert_sorted_all

from symreg import symbols
from symreg.errors import InvalidParameterError

# (python name, SymPy name, assumptions that must hold, assumptions that must fail)
TABLE = [
    ("w", "w", ("real",), ("positive", "negative", "integer")),
    ("z", "z", ("real",), ("positive", "negative", "integer")),
    ("u", "u", ("real",), ("positive", "negative", "integer")),
    ("w0", "w_0", ("real",), ("positive", "negative", "integer")),
    ("lam", "lam", ("positive", "real"), ()),
    ("lam1", "lam_1", ("positive", "real"), ()),
    ("lam2", "lam_2", ("positive", "real"), ()),
    ("eps", "eps", ("positive", "real"), ()),
    ("eta", "eta", ("positive", "real"), ()),
    ("sigma", "sigma", ("positive", "real"), ()),
    ("b", "b", ("positive", "real"), ()),
    ("s", "s", ("positive", "real"), ()),
    ("alpha", "alpha", ("positive", "real"), ()),
    ("beta", "beta", ("positive", "real"), ()),
    ("theta", "theta", ("positive", "real"), ()),
    ("k", "k", ("integer", "nonnegative"), ("positive",)),
]


@pytest.mark.parametrize(("name", "sympy_name", "holds", "fails"), TABLE,
                         ids=[row[0] for row in TABLE])
def test_assumptions(name, sympy_name, holds, fails):
    sym = getattr(symbols, name)
    assert isinstance(sym, sympy.Symbol)
    assert sym.name == sympy_name
    for assumption in holds:
        assert getattr(sym, f"is_{assumption}") is True, assumption
    for assumption in fails:
        # unknown (None) for a real symbol: neither True nor assumed
        assert getattr(sym, f"is_{assumption}") is not True, assumption


def test_real_symbols_admit_zero_and_negatives():
    # A real weight is not assumed non-zero or non-negative.
    for sym in (symbols.w, symbols.z, symbols.u, symbols.w0):
        assert sym.is_zero is None
        assert sym.is_nonnegative is None


def test_k_admits_zero():
    assert symbols.k.is_zero is None


@pytest.mark.parametrize(("name", "sympy_name", "holds", "fails"), TABLE,
                         ids=[row[0] for row in TABLE])
def test_by_name_is_the_module_symbol(name, sympy_name, holds, fails):
    assert symbols.by_name()[name] is getattr(symbols, name)


def test_by_name_is_read_only():
    table = symbols.by_name()
    with pytest.raises(TypeError):
        table["w"] = sympy.Symbol("w")  # type: ignore[index]


def test_by_name_values_are_distinct_objects():
    values = list(symbols.by_name().values())
    assert len({id(v) for v in values}) == len(values)
    assert len({v.name for v in values}) == len(values)


def test_all_names_resolve():
    for name in symbols.__all__:
        assert hasattr(symbols, name), name


def test_all_is_sorted_and_unique():
    assert_sorted_all(symbols.__all__)


def test_a_symbol_with_other_assumptions_is_a_different_symbol():
    # Same name, no assumptions: SymPy treats it as another symbol, which is why
    # every module must take its symbols from symreg.symbols.
    plain = sympy.Symbol("lam")
    assert plain is not symbols.lam
    assert sympy.simplify(plain - symbols.lam).is_zero is not True


def test_coordinates_are_real_and_one_based():
    w1, w2 = symbols.coordinates("w", 2)
    assert (w1.name, w2.name) == ("w_1", "w_2")
    assert w1.is_real
    assert w1.is_positive is None  # zero and negative values are admitted
    assert w1 != symbols.w0  # 1-based: never the initial weight w_0
    assert symbols.coordinates("g", 3)[2] == sympy.Symbol("g_3", real=True)


@pytest.mark.parametrize(("name", "dim", "message"), [
    ("lam", 2, r"^coordinates are made for w, z, u, g; got 'lam'$"),
    ("w", 0, r"^dim must be a positive integer, got 0$"),
    ("z", True, r"^dim must be a positive integer, got True$"),
    ("u", 1.5, r"^dim must be a positive integer, got 1\.5$"),
])
def test_coordinates_refuse_invalid_requests(name, dim, message):
    with pytest.raises(InvalidParameterError, match=message):
        symbols.coordinates(name, dim)
