"""Tests of symreg.parse._pratt: precedence, grouping and the counted nesting depth.

Expressions are compared by equivalence (:func:`assert_same`), never with
structural ``==``; error messages are matched anchored.
"""

from __future__ import annotations

import sys

import pytest
import sympy
from conftest import evaluate, rational_points, values_equal

from symreg.errors import ParseError
from symreg.parse import MAX_DEPTH, parse
from symreg.proof import prove
from symreg.symbols import lam, w, z


def assert_same(a, b):
    """``a`` equals ``b``: proved and equal exactly at rational points."""
    if prove(a, b).status != "proved":
        assert sympy.simplify(a - b) == 0, f"{a} != {b}"
    points = rational_points(a, b)
    for pt in points:
        assert values_equal(evaluate(a, pt), evaluate(b, pt)), f"{a} != {b} at {pt}"
    assert points


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w + z*lam", w + z * lam),
        ("w - z - lam", w - z - lam),
        ("w / z / lam", w / z / lam),
        ("-w^2", -(w**2)),
        ("2^-1", sympy.Rational(1, 2)),
        ("2^3^2", sympy.Integer(512)),
        ("w z^2", w * z**2),
        ("(w + z)(w - z)", w**2 - z**2),
    ],
)
def test_precedence_and_associativity(text, expected):
    assert_same(parse(text), expected)


def test_deep_but_allowed_nesting_parses():
    text = "(" * 150 + "w" + ")" * 150
    assert_same(parse(text), w)
    assert_same(parse("abs(" * 50 + "w" + ")" * 50), abs(w))


def test_nesting_limit_is_counted():
    assert MAX_DEPTH == 200
    assert_same(parse("(" * (MAX_DEPTH - 1) + "w" + ")" * (MAX_DEPTH - 1)), w)
    with pytest.raises(ParseError, match=r"^nesting too deep \(limit 200\) at position 200$"):
        parse("(" * MAX_DEPTH + "w" + ")" * MAX_DEPTH)


def test_no_recursion_error_escapes_at_a_shallow_stack_limit():
    old = sys.getrecursionlimit()
    depth = len(__import__("inspect").stack())
    sys.setrecursionlimit(depth + 150)
    try:
        with pytest.raises(ParseError, match=r"^nesting too deep \(limit 200\)"):
            parse("(" * 199 + "w" + ")" * 199)
    finally:
        sys.setrecursionlimit(old)
