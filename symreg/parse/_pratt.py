"""The Pratt parser: tokens to SymPy objects, with the nesting depth counted."""

from __future__ import annotations

from typing import NoReturn

import sympy

from symreg.parse._build import (
    MAX_ARGS,
    MAX_DEPTH,
    MAX_EXPONENT,
    _apply,
    _fail,
    _guard,
    _make_pow,
)
from symreg.parse._cases import read_cases
from symreg.parse._lexer import _Token
from symreg.parse._names import _FUNCTIONS
from symreg.parse._tex import _NORM

_ADD, _MUL, _POW, _UNARY, _FUNC_ARG = 10, 20, 40, 30, 35


class _Parser:
    def __init__(self, tokens: list[_Token], *, latex: bool, evaluate: bool = True) -> None:
        self.tokens = tokens
        self.evaluate = evaluate  # False: build the form as written (w/w stays w/w)
        self.k = 0
        self.latex = latex
        self.depth = 0
        self.groups: list[str] = []  # innermost-last: "|" for a bar group, else closer
        self.number_operand: _Token | None = None  # the last number read as an operand

    # -- token access --------------------------------------------------------
    def peek(self) -> _Token:
        return self.tokens[self.k]

    def next(self) -> _Token:
        tok = self.tokens[self.k]
        self.k += 1
        return tok

    def unexpected(self, tok: _Token) -> NoReturn:
        if tok.kind == "end":
            _fail("unexpected end of input", tok.pos)
        _fail(f"unexpected '{tok.text}'", tok.pos)

    def starts_operand(self, tok: _Token) -> bool:
        if tok.kind in ("num", "atom", "func", "open", "frac", "sqrt", "cases"):
            return True
        if tok.kind == "bar":
            return not (self.groups and self.groups[-1] == tok.value)
        return False

    # -- expressions -----------------------------------------------------------
    def parse(self) -> sympy.Basic:
        tok = self.peek()
        if tok.kind == "end":
            _fail("empty input")
        out = self.expr(0)
        self.expect_end()
        return out

    def expect_end(self) -> None:
        """Refuse anything left after a complete answer."""
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "close":
                _fail(f"unmatched '{tok.text}'", tok.pos)
            if tok.kind == "comma":
                _fail("unexpected ','", tok.pos)
            self.unexpected(tok)

    def separated(self, limit: int, what: str) -> list[sympy.Basic]:
        """Comma-separated expressions, at most ``limit`` of them (``what`` they are)."""
        items = [self.expr(0)]
        while self.peek().kind == "comma":
            comma = self.next()
            if len(items) >= limit:
                _fail(f"too many {what} (limit {limit})", comma.pos)
            items.append(self.expr(0))
        return items

    def expr(self, rbp: int) -> sympy.Basic:
        """Parse an expression whose operators bind tighter than ``rbp``.

        Each nesting level (group, bars, call, sign, power, TeX argument) costs
        at most three Python frames, and :data:`MAX_DEPTH` levels are allowed.
        """
        first = self.peek()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            _fail(f"nesting too deep (limit {MAX_DEPTH})", first.pos)
        try:
            return self._operators(rbp, first, self.nud())
        finally:
            self.depth -= 1

    def _operators(self, rbp: int, first: _Token, cur: sympy.Basic) -> sympy.Basic:
        factors: list[sympy.Basic] | None = None
        terms: list[sympy.Basic] | None = None
        after_division = False
        start_pos = first.pos
        last = self.tokens[self.k - 1]
        while True:
            tok = self.peek()
            if tok.kind == "pospart":
                # (x)_+ : the lexer gives it only right after the group it applies to
                self.next()
                cur = _apply("max", [cur, sympy.S.Zero], tok.pos, self.evaluate)
                last = tok
                continue
            if tok.kind == "op" and tok.text in "+-":
                lbp = _ADD
            elif tok.kind == "op" and tok.text in "*/":
                lbp = _MUL
            elif tok.kind == "op" and tok.text == "^":
                lbp = _POW
            elif self.starts_operand(tok):
                lbp = _MUL
            else:
                break
            if lbp <= rbp:
                break
            if lbp == _POW:
                self.next()
                exponent = self.tex_arg(tok) if self.latex else self.expr(_POW - 1)
                self.no_leftover(tok)
                cur = _make_pow(cur, exponent, tok.pos, self.evaluate)
                again = self.peek()
                if self.latex and again.kind == "op" and again.text == "^":
                    # TeX's "double superscript" error; plain text reads a^b^c as a^(b^c).
                    _fail("double superscript (write {a^b}^c or a^{b^c})", again.pos)
            elif lbp == _MUL:
                implicit = tok.kind != "op"
                if implicit:
                    if after_division:
                        _fail("ambiguous implicit multiplication after '/' (write a/(b*c) "
                              "or (a/b)*c)", tok.pos)
                    if last.kind == "num" and tok.kind == "num":
                        _fail("missing operator between numbers", tok.pos)
                    if tok.kind == "frac" and last is self.number_operand:
                        _fail(f"ambiguous number before '{tok.text}' (a mixed number or a "
                              "product? write 2 + \\frac{1}{2} or 2 \\cdot \\frac{1}{2})",
                              tok.pos)
                    if tok.kind == "open" and tok.text == "{":
                        _fail("ambiguous braces after an operand (write a product with "
                              "\\cdot or parentheses)", tok.pos)
                else:
                    self.next()
                right = self.expr(_MUL)
                if not implicit and tok.text == "/":
                    if right == 0:
                        _fail("division by zero", tok.pos)
                    right = _make_pow(right, sympy.S.NegativeOne, tok.pos, self.evaluate)
                    after_division = True
                if factors is None:
                    factors = [cur]
                factors.append(right)
            else:
                self.next()
                right = self.expr(_ADD)
                if factors is not None:
                    cur = _guard(self.product(factors), start_pos)
                    factors = None
                if terms is None:
                    terms = []
                terms.append(cur)
                cur = self.negative(right, tok.pos) if tok.text == "-" else right
                after_division = False
            last = self.tokens[self.k - 1]
        if factors is not None:
            cur = _guard(self.product(factors), start_pos)
        if terms is not None:
            terms.append(cur)
            cur = _guard(sympy.Add(*terms, evaluate=self.evaluate), start_pos)
        return cur

    def product(self, factors: list[sympy.Basic]) -> sympy.Basic:
        if not self.evaluate and isinstance(factors[0], sympy.Mul) \
                and factors[0].args[:1] == (sympy.S.NegativeOne,):
            factors = [*factors[0].args, *factors[1:]]  # -eta lam, not (-eta)*lam
        return sympy.Mul(*factors, evaluate=self.evaluate)

    def negative(self, operand: sympy.Basic, pos: int) -> sympy.Basic:
        if isinstance(operand, sympy.Number):  # -1 is a number, also as written
            return -operand
        return _guard(sympy.Mul(sympy.S.NegativeOne, operand, evaluate=self.evaluate), pos)

    def nud(self) -> sympy.Basic:
        tok = self.next()
        kind = tok.kind
        if kind == "num":
            if tok.leftover:
                _fail("ambiguous digits after an unbraced argument (use braces)", tok.pos)
            self.number_operand = tok
            return tok.value
        if kind == "atom":
            return tok.value
        if kind == "op" and tok.text in "+-":
            operand = self.expr(_UNARY)
            if tok.text == "+":
                return operand
            return self.negative(operand, tok.pos)
        if kind == "open":
            if tok.text == "{" and not self.latex:
                _fail("a set cannot be part of an expression", tok.pos)
            return self.group(tok)
        if kind == "bar":
            return self.bar_group(tok)
        if kind == "func":
            return self.call(tok)
        if kind == "frac":
            return self.frac(tok)
        if kind == "sqrt":
            return self.sqrt(tok)
        if kind == "cases":
            return read_cases(self, tok)
        if kind == "close":
            _fail(f"unexpected '{tok.text}'", tok.pos)
        self.unexpected(tok)

    def frac(self, tok: _Token) -> sympy.Basic:
        """``\\frac`` (or ``\\dfrac``, ``\\tfrac``) and its two arguments."""
        num = self.tex_arg(tok)
        den = self.tex_arg(tok)
        self.no_leftover(tok)
        if den == 0:
            _fail("division by zero", tok.pos)
        return _guard(sympy.Mul(num, _make_pow(den, sympy.S.NegativeOne, tok.pos, self.evaluate),
                                evaluate=self.evaluate), tok.pos)

    def sqrt(self, tok: _Token) -> sympy.Basic:
        """``\\sqrt{x}``, or ``\\sqrt[n]{x}``: the real n-th root, for n from 2 to 1000."""
        index = 2
        opener = self.peek()
        if opener.kind == "open" and opener.text == "[":
            self.next()
            if self.peek().kind == "close" and self.peek().value == "]":
                _fail("empty root index '[]'", opener.pos)
            self.groups.append("]")
            value = self.expr(0)
            self.groups.pop()
            self.expect_close(opener, "]")
            if not (isinstance(value, sympy.Integer) and 2 <= value <= MAX_EXPONENT):
                _fail(f"the index of a root must be an integer from 2 to {MAX_EXPONENT}",
                      opener.pos)
            index = int(value)
        arg = self.tex_arg(tok)
        self.no_leftover(tok)
        ev = self.evaluate
        root = _make_pow(arg, sympy.Rational(1, index), tok.pos, ev)
        if index % 2 == 0 or arg.is_nonnegative:
            return root
        # An odd root of a real number is real: sign(x) |x|^(1/n).
        return _guard(sympy.Mul(_apply("sign", [arg], tok.pos, ev),
                                _make_pow(_apply("abs", [arg], tok.pos, ev),
                                          sympy.Rational(1, index), tok.pos, ev),
                                evaluate=ev), tok.pos)

    def group(self, tok: _Token) -> sympy.Basic:
        closer = tok.value
        if self.peek().kind == "close" and self.peek().value == closer:
            _fail(f"empty group '{tok.text}{closer}'", tok.pos)
        self.groups.append(closer)
        inner = self.expr(0)
        self.groups.pop()
        comma = self.peek()
        if comma.kind == "comma" and tok.text.endswith("\\{"):
            _fail("a set cannot be part of an expression ('\\{...\\}' inside an "
                  "expression groups, like parentheses)", comma.pos)
        self.expect_close(tok, closer)
        if tok.is_abs and self.peek().kind == "normindex" and closer.endswith(("rVert", "\\|")):
            self.next()  # \lVert w \rVert_2 of a number: its absolute value
        return _apply("abs", [inner], tok.pos, self.evaluate) if tok.is_abs else inner

    def bar_group(self, tok: _Token) -> sympy.Basic:
        nxt = self.peek()
        if nxt.kind == "bar" and self.groups and self.groups[-1] == nxt.value:
            _fail("ambiguous '||' (use parentheses or abs())", tok.pos)
        if nxt.kind == "end":
            _fail(f"missing closing '{tok.text}' for '{tok.text}'", tok.pos)
        self.groups.append(tok.value)
        inner = self.expr(0)
        self.groups.pop()
        close = self.peek()
        if close.kind != "bar" or close.value != tok.value:
            if close.kind == "end":
                _fail(f"missing closing '{tok.text}' for '{tok.text}'", tok.pos)
            self.unexpected(close)
        self.next()
        if tok.value == _NORM and self.peek().kind == "normindex":
            self.next()  # \|w\|_1 of a number: its absolute value
        return _apply("abs", [inner], tok.pos, self.evaluate)

    def expect_close(self, opener: _Token, closer: str) -> None:
        tok = self.peek()
        if tok.kind == "close" and tok.value == closer:
            self.next()
            return
        if tok.kind == "end":
            _fail(f"missing '{closer}' for '{opener.text}'", opener.pos)
        if tok.kind == "close":
            _fail(f"mismatched '{tok.text}' (expected '{closer}')", tok.pos)
        if tok.kind == "comma":
            _fail("unexpected ','", tok.pos)
        self.unexpected(tok)

    def call(self, tok: _Token) -> sympy.Basic:
        func = tok.value
        name = tok.text
        low, high = _FUNCTIONS[func][1:]
        nxt = self.peek()
        if nxt.kind == "open" and (nxt.text == "(" or self.latex) and not nxt.is_abs:
            self.next()
            closer = nxt.value
            if self.peek().kind == "close" and self.peek().value == closer:
                _fail(f"'{name}' needs an argument", nxt.pos)
            self.groups.append(closer)
            args = self.separated(MAX_ARGS, "arguments")
            self.groups.pop()
            self.expect_close(nxt, closer)
        elif self.latex and high == 1 and nxt.kind in ("num", "atom", "frac", "sqrt", "func"):
            args = [self.expr(_FUNC_ARG)]
            after = self.peek()
            if self.starts_operand(after):
                _fail(f"ambiguous argument of '{name}' (use parentheses)", after.pos)
        else:
            _fail(f"expected '(' after '{name}'", nxt.pos)
        if not low <= len(args) <= high:
            if high == 1:
                _fail(f"'{name}' takes 1 argument, got {len(args)}", tok.pos)
            _fail(f"'{name}' takes 1 to {high} arguments, got {len(args)}", tok.pos)
        return _apply(func, args, tok.pos, self.evaluate)

    # -- LaTeX arguments -------------------------------------------------------
    def tex_arg(self, owner: _Token) -> sympy.Basic:
        """A TeX macro argument: ``{...}``, one digit or one symbol (after ``^``, also a
        ``\\frac`` with its own arguments)."""
        tok = self.peek()
        what = "'^'" if owner.kind == "op" else f"'{owner.text}'"
        if tok.kind == "frac" and owner.kind == "op":  # x^\frac12, as TeX reads it
            self.next()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                _fail(f"nesting too deep (limit {MAX_DEPTH})", tok.pos)
            try:
                return self.frac(tok)
            finally:
                self.depth -= 1
        if tok.kind == "open" and tok.text == "{":
            self.next()
            self.depth += 1  # a braced argument nests one frame deeper than a group
            try:
                return self.group(tok)
            finally:
                self.depth -= 1
        if tok.kind == "num" and tok.text[0].isdigit():
            if len(tok.text) == 1:
                self.next()
                return tok.value
            digit = tok.text[0]
            rest = tok.text[1:]
            if not rest.isdigit():  # w^2.5, w^12.5, \frac12.5
                _fail(f"ambiguous number after {what} (use braces)", tok.pos)
            self.tokens[self.k] = _Token("num", rest, tok.pos + 1,
                                         sympy.Integer(int(rest)), leftover=True)
            return sympy.Integer(int(digit))
        if tok.kind == "atom" and not tok.leftover:
            self.next()
            return tok.value
        if tok.kind == "end":
            _fail(f"missing argument after {what}", tok.pos)
        _fail(f"expected a braced argument after {what}", tok.pos)

    def no_leftover(self, owner: _Token) -> None:
        tok = self.peek()
        if tok.kind == "num" and tok.leftover:
            what = "'^'" if owner.kind == "op" else f"'{owner.text}'"
            _fail(f"ambiguous digits after {what} (use braces)", tok.pos)
