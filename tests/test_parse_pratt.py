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


# ---------------------------------------------------------------------------
# one meaning or a refusal


def test_a_tower_of_powers_is_right_associative_in_plain_text():
    assert parse("2^3^2") == 512
    assert parse("2**3**2") == 512


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2^3^2", r"^double superscript \(write \{a\^b\}\^c or a\^\{b\^c\}\) at position 3$"),
        ("w^{2}^{3}", r"^double superscript \(write \{a\^b\}\^c or a\^\{b\^c\}\) "
                      r"at position 5$"),
        (r"2\frac12", r"^ambiguous number before '\\frac' \(a mixed number or a product\? "
                      r"write 2 \+ \\frac\{1\}\{2\} or 2 \\cdot \\frac\{1\}\{2\}\) "
                      r"at position 1$"),
        (r"-3 \dfrac{1}{2}", r"^ambiguous number before '\\dfrac' \(a mixed number or a "
                             r"product\? write 2 \+ \\frac\{1\}\{2\} or 2 \\cdot "
                             r"\\frac\{1\}\{2\}\) at position 3$"),
        (r"w 3\tfrac12", r"^ambiguous number before '\\tfrac'"),
        ("w{0}", r"^ambiguous braces after an operand \(write a product with \\cdot or "
                 r"parentheses\) at position 1$"),
        (r"\frac{1}{2}{w}", r"^ambiguous braces after an operand .* at position 11$"),
        (r"2\{w, z\}", r"^a set cannot be part of an expression \('\\\{\.\.\.\\\}' inside an "
                      r"expression groups, like parentheses\) at position 4$"),
        (r"2\left\{0, w\right\}", r"^a set cannot be part of an expression .* at position 9$"),
    ],
)
def test_latex_that_has_two_readings_is_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"{2^3}^2", sympy.Integer(64)),
        (r"2^{3^2}", sympy.Integer(512)),
        (r"{w}^{2}", w**2),
        (r"\{w\}", sympy.FiniteSet(w)),  # standing alone: a set
        (r"\{w + 1\}^{2}", (w + 1) ** 2),
        (r"\max\{w, 0\}", sympy.Max(w, 0)),  # arguments, not a set
        (r"2 + \frac12", sympy.Rational(5, 2)),
        (r"2 \cdot \frac12", sympy.Integer(1)),
        (r"w^2\frac12", w**2 / 2),
        (r"\frac12\frac12", sympy.Rational(1, 4)),
        (r"\frac{1}2 \frac{1}{2}", sympy.Rational(1, 4)),
    ],
)
def test_latex_with_one_reading(text, expected):
    assert_same(parse(text, latex=True), expected)


@pytest.mark.parametrize(("text", "latex", "expected"), [
    ("(z - lam)_+", False, sympy.Max(z - lam, 0)),
    ("(z - lam)_{+}", False, sympy.Max(z - lam, 0)),
    ("sign(z) (|z| - lam)_+", False, sympy.sign(z) * sympy.Max(abs(z) - lam, 0)),
    ("-(z)_+", False, -sympy.Max(z, 0)),
    ("2(w)_+^2", False, 2 * sympy.Max(w, 0) ** 2),
    ("(w)_+ (z)_+", False, sympy.Max(w, 0) * sympy.Max(z, 0)),
    (r"\operatorname{sign}(z)\left(|z| - \lambda\right)_{+}", True,
     sympy.sign(z) * sympy.Max(abs(z) - lam, 0)),
    (r"[z - \lambda]_+ - [-z - \lambda]_+", True,
     sympy.Max(z - lam, 0) - sympy.Max(-z - lam, 0)),
    (r"\frac{(w)_+}{2}", True, sympy.Max(w, 0) / 2),
])
def test_the_positive_part_of_a_group_is_its_max_with_zero(text, latex, expected):
    assert_same(parse(text, latex=latex), expected)
    assert_same(parse(text, latex=latex, evaluate=False), expected)


@pytest.mark.parametrize(("text", "latex", "message"), [
    ("(z)_-", False, r"^ambiguous negative part '_-' \(write max\(-x, 0\) or min\(x, 0\)\) "
                     r"at position 3$"),
    (r"(z)_{-}", True, r"^ambiguous negative part '_-' \(write max\(-x, 0\) or min\(x, 0\)\) "
                       r"at position 3$"),
    (r"z_+", True, r"^invalid subscript at position 1$"),
    (r"|z|_+", True, r"^unexpected subscript '_' at position 3$"),
    (r"(z)_2", True, r"^unexpected subscript '_' at position 3$"),
])
def test_only_a_group_has_a_positive_part(text, latex, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=latex)


def test_text_names_a_function_or_a_word_of_a_condition():
    assert_same(parse(r"\text{sgn}(z) \textrm{max}(|z| - \lambda, 0)", latex=True),
                sympy.sign(z) * sympy.Max(abs(z) - lam, 0))
    with pytest.raises(ParseError, match=r"^unexpected '\\text\{if\}' at position 0$"):
        parse(r"\text{if} z", latex=True)


@pytest.mark.parametrize("text", [
    r"\lambda \|w\|_1", r"\lambda \|w\|_{2}", r"\lambda \lVert w \rVert_1",
    r"\lambda \left\| w \right\|_\infty", r"\lambda \Vert w \Vert_{\infty}",
])
def test_every_norm_of_a_number_is_its_absolute_value(text):
    assert_same(parse(text, latex=True), lam * abs(w))


def test_a_norm_squared_with_its_index():
    assert_same(parse(r"\frac{\lambda}{2} \|w\|_2^2", latex=True), lam * w**2 / 2)


@pytest.mark.parametrize(("text", "message"), [
    (r"\|w\|_p", r"^invalid index of a norm \(write 1, 2 or \\infty\) at position 5$"),
    (r"|w|_1", r"^unexpected subscript '_' at position 3$"),
    (r"\|_1 w\|", r"^unexpected '_1' at position 2$"),
])
def test_an_index_is_read_only_after_a_norm(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=True)
