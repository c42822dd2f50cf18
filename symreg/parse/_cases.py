r"""Answers by cases: ``\begin{cases} v_1 & c_1 \\ ... \end{cases}`` read as a ``Piecewise``.

Each row is a value, ``&`` and a condition; a row ends with ``\\`` (the last
one may too). A condition is a relation or a chain of two
(``-\lambda \le z \le \lambda``), after an optional ``\text{if}``, or
``\text{otherwise}`` (which must be the last row). The value is that of the
first row whose condition holds; where none holds there is none, as in SymPy's
``Piecewise``.

>>> from symreg.parse import parse
>>> parse(r"\begin{cases} w & w > 0 \\ 0 & \text{otherwise} \end{cases}", latex=True)
Piecewise((w, w > 0), (0, True))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symreg.parse._build import MAX_ARGS, _fail, _guard

if TYPE_CHECKING:
    from symreg.parse._lexer import _Token
    from symreg.parse._pratt import _Parser

__all__ = ["RELATIONS", "read_cases"]

#: The relations of an answer, by the text of their token's value.
RELATIONS = {"=": sympy.Eq, "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}


def read_cases(parser: _Parser, tok: _Token) -> sympy.Basic:
    r"""``\begin{cases} v & c \\ ... \end{cases}``: the value of the first row whose
    condition holds (a ``Piecewise``), undefined where none does."""
    rows: list[tuple[sympy.Basic, sympy.Basic]] = []
    parser.depth += 1  # as deep as a group
    parser.groups.append("cases")
    try:
        while True:
            if len(rows) == MAX_ARGS:
                _fail(f"too many cases (limit {MAX_ARGS})", tok.pos)
            value = parser.expr(0)
            if parser.peek().kind == "comma":  # "w, & w > 0"
                parser.next()
            amp = parser.next()
            if amp.kind != "amp":
                _fail("expected '&' between a case's value and its condition", amp.pos)
            if rows and rows[-1][1] is sympy.true:
                _fail("a case after 'otherwise'", amp.pos)
            rows.append((value, _condition(parser)))
            if parser.peek().kind == "comma":  # "w > 0, \\"
                parser.next()
            sep = parser.next()
            if sep.kind == "row" and parser.peek().kind == "endcases":
                sep = parser.next()
            if sep.kind == "endcases":
                break
            if sep.kind == "end":
                _fail(r"missing '\end{cases}'", tok.pos)
            if sep.kind != "row":
                parser.unexpected(sep)
    finally:
        parser.groups.pop()
        parser.depth -= 1
    return _guard(sympy.Piecewise(*rows, evaluate=parser.evaluate), tok.pos)

def _condition(parser: _Parser) -> sympy.Basic:
    r"""A case's condition: ``a < b``, ``a \le b \le c`` or ``otherwise``, after an
    optional ``if``."""
    if parser.peek().kind == "if":
        parser.next()
    if parser.peek().kind == "otherwise":
        parser.next()
        return sympy.true
    left = parser.expr(0)
    parts: list[sympy.Basic] = []
    while parser.peek().kind == "rel" and len(parts) < 2:
        rel = parser.next()
        right = parser.expr(0)
        parts.append(RELATIONS[rel.value](left, right, evaluate=parser.evaluate))
        left = right
    if not parts:
        _fail("expected a condition (a relation such as 'w > 0', or 'otherwise')",
              parser.peek().pos)
    return sympy.And(*parts, evaluate=parser.evaluate) if len(parts) > 1 else parts[0]
