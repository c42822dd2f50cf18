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


# ---------------------------------------------------------------------------
# subscripts


def test_a_subscript_names_the_symbol_with_that_sympy_name():
    from symreg.symbols import lam1

    assert_same(parse("lam_1 + lam1", symbols=[lam1]), 2 * lam1)
    assert_same(parse(r"\lambda_{1} + \lambda_1", latex=True, symbols=[lam1]), 2 * lam1)
    assert_same(parse("w_0", symbols=[w0]), w0)


@pytest.mark.parametrize(
    ("text", "latex", "message"),
    [
        ("l_a_m", False, r"^unknown name 'l_a_m' at position 0$"),
        ("e_ta", False, r"^unknown name 'e_ta' at position 0$"),
        ("w_0", False, r"^unknown name 'w_0' at position 0$"),
        ("w__0", False, r"^unknown name 'w__0' at position 0$"),
        ("la_m", False, r"^unknown name 'la_m' at position 0$"),
        ("e_{ta}", True, r"^unknown name 'e_ta' at position 0$"),
        (r"\lambda_{1}", True, r"^unknown name '\\lambda_1' at position 0$"),
    ],
)
def test_underscores_are_not_dropped(text, latex, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=latex)


def test_x_1_and_x1_stay_different_names():
    x1 = sympy.Symbol("x1", real=True)
    x_1 = sympy.Symbol("x_1", real=True)
    got = parse("x1 - x_1", symbols={"x1": x1, "x_1": x_1})
    assert got.free_symbols == {x1, x_1}
    with pytest.raises(ParseError, match=r"^unknown name 'x_1' at position 0$"):
        parse("x_1", symbols={"x1": x1})
    with pytest.raises(ParseError, match=r"^unknown name 'x1' at position 0$"):
        parse("x1", symbols={"x_1": x_1})


def test_a_canonical_symbol_rebuilt_after_sympys_cache_was_cleared_is_the_same_name():
    # Equal but not identical: what unpickling or a cleared SymPy cache gives back.
    rebuilt = sympy.Symbol.__xnew__(sympy.Symbol, "s", positive=True)
    assert rebuilt == s
    assert rebuilt is not s
    table = symbol_table({"s": rebuilt, "lam": lam})
    assert table["s"] == s
    assert parse("s^2/b", symbols={"s": rebuilt}) == s**2 / b
