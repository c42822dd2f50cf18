"""Tests of symreg.parse._cases: answers by cases read as a Piecewise.

Expressions are compared by equivalence (:func:`assert_same` of the Pratt
parser's tests), never with structural ``==``; error messages are matched
anchored.
"""

from __future__ import annotations

import pytest
import sympy
from conftest import assert_same

from symreg.errors import ParseError
from symreg.parse import parse
from symreg.symbols import lam, w, z

SOFT = sympy.sign(z) * sympy.Max(abs(z) - lam, 0)


@pytest.mark.parametrize("text", [
    r"\begin{cases} z - \lambda & z > \lambda \\ 0 & |z| \le \lambda \\ z + \lambda & z < -\lambda"
    r" \end{cases}",
    r"\begin{cases} z - \lambda, & \text{if } z > \lambda, \\ z + \lambda, & \text{if } "
    r"z < -\lambda, \\ 0, & \text{otherwise.} \\ \end{cases}",
    r"\begin{dcases} z - \lambda & z > \lambda \\ 0 & -\lambda \le z \le \lambda \\ "
    r"z + \lambda & \text{else} \end{dcases}",
    r"\operatorname{sign}(z) \begin{cases} |z| - \lambda & |z| > \lambda \\ 0 & "
    r"\text{otherwise} \end{cases}",
])
def test_cases_are_the_value_of_the_first_row_whose_condition_holds(text):
    for as_written in (False, True):
        parsed = parse(text, latex=True, evaluate=not as_written)
        assert parsed.has(sympy.Piecewise)
        assert_same(parsed, SOFT)


def test_cases_without_a_row_for_a_point_have_no_value_there():
    parsed = parse(r"\begin{cases} 1 & w > 0 \\ -1 & w < 0 \end{cases}", latex=True)
    assert [parsed.subs(w, v) for v in (-2, 3)] == [-1, 1]
    assert parsed.subs(w, 0) is sympy.nan


@pytest.mark.parametrize(("text", "message"), [
    (r"\begin{cases} 1 & w > 0 \\ 2 & \text{otherwise} \\ 3 & w < 0 \end{cases}",
     r"^a case after 'otherwise' at position 53$"),
    (r"\begin{cases} 1 & w > 0 \\ 2 & w \end{cases}",
     r"^expected a condition \(a relation such as 'w > 0', or 'otherwise'\) at position 33$"),
    (r"\begin{cases} 1 & w > 0", r"^missing '\\end\{cases\}' at position 0$"),
    (r"\begin{cases} 1 w > 0 \end{cases}",
     r"^expected '&' between a case's value and its condition at position 18$"),
    (r"\begin{array}{ll} 1 \end{array}",
     r"^LaTeX environments other than cases are not allowed \('\\begin'\) at position 0$"),
    (r"w & z", r"^unexpected '&' at position 2$"),
    (r"w \\ z", r"^unexpected '\\\\' at position 2$"),
    (r"\begin{cases} 1 & 0 < w < 1 < 2 \end{cases}", r"^unexpected '<' at position 28$"),
])
def test_malformed_cases_are_refused(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=True)

