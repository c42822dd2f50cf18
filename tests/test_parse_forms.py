"""Tests of symreg.parse._forms: sets, intervals, unions, tuples, equations, inequalities."""

from __future__ import annotations

import pytest
import sympy
from conftest import assert_same

from symreg.errors import ParseError
from symreg.parse import MAX_ELEMENTS, parse, parse_answer
from symreg.symbols import lam, w, z

R = sympy.Rational


@pytest.mark.parametrize(("text", "latex", "expected"), [
    ("{1/2}", False, sympy.FiniteSet(R(1, 2))),
    (r"\{\tfrac12\}", True, sympy.FiniteSet(R(1, 2))),
    (r"\left\{ -\lambda, \lambda \right\}", True, sympy.FiniteSet(-lam, lam)),
    ("{}", False, sympy.S.EmptySet),
    (r"\emptyset", True, sympy.S.EmptySet),
    ("[-lam, lam]", False, sympy.Interval(-lam, lam)),
    (r"\left[-\lambda, \lambda\right)", True, sympy.Interval.Ropen(-lam, lam)),
    ("(0, 1]", False, sympy.Interval.Lopen(0, 1)),
    ("[0, 1] union {2}", False, sympy.Union(sympy.Interval(0, 1), sympy.FiniteSet(2))),
    ("[0, 1] \u222a [2, 3]", False, sympy.Union(sympy.Interval(0, 1), sympy.Interval(2, 3))),
    (r"[0, 1] \cup \{2\}", True, sympy.Union(sympy.Interval(0, 1), sympy.FiniteSet(2))),
])
def test_sets_and_intervals(text, latex, expected):
    got = parse(text, latex=latex)
    assert isinstance(got, sympy.Set)
    assert_same(got, expected)


def test_tuples_equations_and_inequalities():
    pair = parse("(0, w)")
    assert isinstance(pair, sympy.Tuple)
    assert len(pair) == 2
    eq = parse("w = 1/2")
    assert isinstance(eq, sympy.Eq)
    assert_same(eq.lhs - eq.rhs, w - R(1, 2))
    for text, latex, kind in [("w <= lam", False, sympy.Le), (r"w \le \lambda", True, sympy.Le),
                              (r"w \leq \lambda", True, sympy.Le), ("w < 1", False, sympy.Lt),
                              ("w >= 1", False, sympy.Ge), (r"w \geq 1", True, sympy.Ge),
                              ("w \u2264 1", False, sympy.Le)]:
        assert isinstance(parse(text, latex=latex), kind), text


def test_an_equation_stays_as_written():
    eq = parse("w = w", evaluate=False)
    assert isinstance(eq, sympy.Eq)  # not turned into True


def test_braces_that_group_and_braces_that_make_a_set():
    assert_same(parse(r"\{w + 1\}^2", latex=True), (w + 1) ** 2)
    assert_same(parse(r"2\{w + 1\}", latex=True), 2 * (w + 1))
    assert isinstance(parse(r"\{w\}", latex=True), sympy.FiniteSet)
    assert_same(parse("[w + 1]^2"), (w + 1) ** 2)


@pytest.mark.parametrize(("text", "latex", "message"), [
    ("w = 1 = 1", False, r"^chained relation '=' \(write one equation or inequality\) "
                         r"at position 6$"),
    ("0 < w < 1", False, r"^chained relation '<' \(write one equation or inequality\) "
                         r"at position 6$"),
    ("{1} = 1", False, r"^'=' relates two expressions at position 4$"),
    ("w union {1}", False, r"^a union joins sets at position 2$"),
    ("{w}^2", False, r"^a set cannot be part of an expression at position 3$"),
    ("[0, 1] + 1", False, r"^an interval or a tuple cannot be part of an expression "
                          r"at position 7$"),
    ("[0, 1, 2]", False, r"^an interval has two ends, got 3 at position 0$"),
    ("w = ", False, r"^missing right-hand side of '=' at position 2$"),
    ("()", False, r"^empty group '\(\)' at position 0$"),
])
def test_refusals_name_the_position(text, latex, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=latex)


def test_element_count_is_bounded():
    text = "{" + ", ".join(["1"] * (MAX_ELEMENTS + 1)) + "}"
    with pytest.raises(ParseError, match=rf"^too many elements \(limit {MAX_ELEMENTS}\) "):
        parse(text)


def test_letters_nobody_declared_are_real_symbols():
    with pytest.raises(ParseError, match=r"^unknown name 'x1' at position 6$"):
        parse_answer("x_1 + x1", letters=True)  # x1 is not x_1, and not a single letter
    parsed = parse_answer("x_1 + x_2 + y", letters=True, evaluate=False)
    names = [s.name for s in parsed.letters]
    assert names == ["x_1", "x_2", "y"]
    assert all(s.is_real for s in parsed.letters)
    assert parse_answer(r"x_{i+1} - x_{i}", latex=True, letters=True).letters[0].name == (
        "x_i")
    assert {s.name for s in parse_answer(r"x_{i+1}", latex=True, letters=True).letters} == {
        "x_{i+1}"}
    with pytest.raises(ParseError, match=r"^ambiguous name 'e' \(write exp\(1\) for Euler's "
                                         r"number, or declare a symbol e\) at position 0$"):
        parse_answer("e^w", letters=True)
    with pytest.raises(ParseError, match=r"^unknown name 'e_ta' at position 0$"):
        parse("e_ta")
    with pytest.raises(ParseError, match=r"^unknown name 'x' at position 0$"):
        parse("x")  # without letters=True, undeclared letters are refused


def test_adjacent_declared_letters_are_a_product():
    assert_same(parse("wz", latex=True), w * z)
    with pytest.raises(ParseError, match=r"^ambiguous letters 'xy' "):
        parse("xy", latex=True)
