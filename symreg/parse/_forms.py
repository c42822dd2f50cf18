r"""Answers that are not a single expression: sets, intervals, unions, tuples, equations.

The top level of an answer may be

* an equation ``lhs = rhs`` or an inequality (``<``, ``<=``, ``>``, ``>=``, ``≤``,
  ``≥``; in LaTeX also ``\le``, ``\leq``, ``\ge``, ``\geq``, ``\lt``, ``\gt``): one
  relation (``a = b = c`` and ``0 < w < 1`` are refused);
* a set literal ``{a, b}`` (LaTeX ``\{a, b\}``, ``\emptyset``), an interval
  ``[a, b]``, ``(a, b]``, ``[a, b)``, a tuple ``(a, b, ...)``, or a union of
  sets joined by the union sign U+222A (``union`` in plain text, ``\cup`` in LaTeX);
* or an expression.

``(a, b)`` is a tuple: whether it means the open interval depends on what is
expected, and the answer checker decides that (and says so). In LaTeX a
single braced item ``\{w + 1\}`` followed by more of an expression groups, as
it does inside an expression (``\{w + 1\}^2``); standing alone it is the set
``{w + 1}``. In plain text braces always make a set.

Sets, tuples and equations are built with SymPy's constructors; a set is
never an operand of arithmetic.
"""

from __future__ import annotations

import sympy

from symreg.parse._build import _fail
from symreg.parse._cases import RELATIONS as _RELATIONS
from symreg.parse._lexer import _Token
from symreg.parse._pratt import _Parser

__all__ = ["MAX_ELEMENTS", "_AnswerParser"]

#: Most elements of a set literal or a tuple.
MAX_ELEMENTS = 100


def _is_set_brace(tok: _Token, latex: bool) -> bool:
    if tok.kind != "open":
        return False
    return tok.text.endswith("\\{") if latex else tok.text == "{"


def _is_bracket(tok: _Token) -> bool:
    return tok.kind == "open" and not tok.is_abs and tok.text[-1:] in "(["


class _AnswerParser(_Parser):
    """The Pratt parser, with the top level of an answer (see the module docstring)."""

    def parse(self) -> sympy.Basic:
        tok = self.peek()
        if tok.kind == "end":
            _fail("empty input")
        out = self.union()
        rel = self.peek()
        if rel.kind == "rel":
            self.next()
            if self.peek().kind == "end":
                _fail("missing right-hand side of '='", rel.pos)
            right = self.union()
            for side in (out, right):
                if not isinstance(side, sympy.Expr):
                    _fail(f"'{rel.text}' relates two expressions", rel.pos)
            again = self.peek()
            if again.kind == "rel":
                _fail(f"chained relation '{again.text}' (write one equation or "
                      "inequality)", again.pos)
            out = _RELATIONS[rel.value](out, right, evaluate=False)
        self.expect_end()
        return out

    def union(self) -> sympy.Basic:
        parts = [self.item()]
        while self.peek().kind == "cup":
            cup = self.next()
            parts.append(self.item())
            if not all(isinstance(p, sympy.Set) for p in parts):
                _fail("a union joins sets", cup.pos)
        if len(parts) == 1:
            return parts[0]
        return sympy.Union(*parts, evaluate=self.evaluate)

    def item(self) -> sympy.Basic:
        tok = self.peek()
        if _is_set_brace(tok, self.latex):
            return self.set_literal()
        if _is_bracket(tok):
            return self.bracketed()
        return self.expr(0)

    def elements(self, opener: _Token) -> list[sympy.Basic]:
        """Comma-separated expressions up to the closer of ``opener`` (not consumed)."""
        self.depth += 1  # as deep as a group
        self.groups.append(opener.value)
        try:
            items = self.separated(MAX_ELEMENTS, "elements")
        finally:
            self.groups.pop()
            self.depth -= 1
        return items

    def set_literal(self) -> sympy.Basic:
        opener = self.next()
        nxt = self.peek()
        if nxt.kind == "close" and nxt.value == opener.value:
            self.next()
            return sympy.S.EmptySet
        items = self.elements(opener)
        self.expect_close(opener, opener.value)
        if len(items) == 1 and self.latex and self.continues():
            # \{w + 1\}^2: braces that group, as inside an expression
            return self.more(opener, items[0])
        if not self.latex and self.continues():
            _fail("a set cannot be part of an expression", self.peek().pos)
        return sympy.FiniteSet(*items, evaluate=self.evaluate)

    def bracketed(self) -> sympy.Basic:
        opener = self.next()
        nxt = self.peek()
        if nxt.kind == "close":
            _fail(f"empty group '{opener.text}{nxt.text}'", opener.pos)
        items = self.elements(opener)
        close = self.peek()
        if len(items) == 1:
            self.expect_close(opener, opener.value)
            return self.more(opener, items[0])
        if close.kind != "close" or close.text[-1:] not in ")]":
            self.expect_close(opener, opener.value)
        self.next()
        left_open, right_open = opener.text.endswith("("), close.text.endswith(")")
        if self.continues():
            _fail("an interval or a tuple cannot be part of an expression", self.peek().pos)
        if left_open and right_open:
            return sympy.Tuple(*items)
        if len(items) != 2:
            _fail(f"an interval has two ends, got {len(items)}", opener.pos)
        for end in items:
            if isinstance(end, sympy.Expr) and end.is_extended_real is False:
                _fail("the ends of an interval must be real", opener.pos)
        return sympy.Interval(items[0], items[1], left_open, right_open)

    def continues(self) -> bool:
        """Whether the next token continues an expression (an operator or an operand)."""
        tok = self.peek()
        return tok.kind == "op" or self.starts_operand(tok)

    def more(self, opener: _Token, inner: sympy.Basic) -> sympy.Basic:
        """The rest of an expression that starts with the group ``inner``."""
        self.depth += 1
        try:
            return self._operators(0, opener, inner)
        finally:
            self.depth -= 1
