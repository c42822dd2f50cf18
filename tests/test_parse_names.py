"""Tests of symreg.parse._names: the default names and the symbol table.

Expressions are compared by equivalence (:func:`assert_same`), never with
structural ``==``; error messages are matched anchored.
"""

from __future__ import annotations

import pytest
import sympy
from conftest import evaluate, rational_points, values_equal

from symreg.errors import InvalidParameterError, ParseError
from symreg.parse import DEFAULT_NAMES, parse, symbol_table
from symreg.proof import prove
from symreg.symbols import b, eps, eta, lam, s, sigma, w, w0, z


def assert_same(a, b):
    """``a`` equals ``b``: proved and equal exactly at rational points."""
    if prove(a, b).status != "proved":
        assert sympy.simplify(a - b) == 0, f"{a} != {b}"
    points = rational_points(a, b)
    for pt in points:
        assert values_equal(evaluate(a, pt), evaluate(b, pt)), f"{a} != {b} at {pt}"
    assert points


def test_default_names_are_the_canonical_symbols():
    assert DEFAULT_NAMES["lam"] is lam
    assert DEFAULT_NAMES["lambda"] is lam
    assert DEFAULT_NAMES["\u03b5"] is eps
    assert {DEFAULT_NAMES[n] for n in ("w", "z", "eta", "sigma", "b")} == {w, z, eta, sigma, b}


def test_symbol_table_without_extra_is_a_fresh_copy():
    table = symbol_table()
    table["s"] = s
    assert "s" not in symbol_table()


def test_symbols_widen_the_names():
    assert_same(parse("s^2 w", symbols=[s]), s**2 * w)
    assert_same(parse("s^2 w", symbols={"s": s}), s**2 * w)
    assert_same(parse("w0 + w_0", symbols=[w0]), 2 * w0)
    assert_same(parse(r"w_0 + w_{0}", latex=True, symbols=[w0]), 2 * w0)
    assert_same(parse("noise", symbols={"noise": s}), s)


def test_symbols_are_not_known_without_widening():
    with pytest.raises(ParseError, match=r"^unknown name 's' at position 0$"):
        parse("s")


@pytest.mark.parametrize(
    ("symbols", "message"),
    [
        ({"w": sympy.Symbol("w")}, r"^symbol 'w' has other assumptions than symreg's canonical"),
        ([sympy.Symbol("lam")], r"^symbol 'lam' has other assumptions"),
        ({"b": s}, r"^name 'b' already means b$"),
        ({"sign": s}, r"^symbol name 'sign' is a function name$"),
        ({"2x": s}, r"^invalid symbol name '2x'$"),
        ({"x": 3}, r"^symbols must map names to SymPy symbols, got 3$"),
        (42, r"^symbols must be a mapping or an iterable of symbols, got 42$"),
    ],
)
def test_invalid_symbols_are_refused(symbols, message):
    with pytest.raises(InvalidParameterError, match=message):
        parse("w", symbols=symbols)


def test_symbol_table_keeps_the_defaults():
    table = symbol_table([s])
    assert table["lambda"] is lam
    assert table["s"] is s
