"""The lexer: characters to tokens, in plain text and LaTeX (TeX commands, delimiters)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from symreg.parse._build import _fail, _number
from symreg.parse._lexer_tex import _TexLexer
from symreg.parse._names import _FUNCTIONS, _IDENT, subscripted
from symreg.parse._tex import (
    _WHITESPACE,
    _check_char,
    _show,
)

_PLAIN_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|\.(\d+)(?:[eE]([+-]?\d+))?")
# x_1, x_i, x_{i+1}: a single letter with a subscript, read as one name
_INDEXED = re.compile(r"[A-Za-z]_(?:\{[A-Za-z0-9+-]+\}|[A-Za-z0-9]+)")
_TEX_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?|\.(\d+)")
# 2e1 is not LaTeX for 20, and 2 e 1 (2 times e) would be a silent misreading of it.
_SCIENTIFIC = re.compile(r"[eE][+-]?[0-9]")


@dataclass(slots=True)
class _Token:
    # num atom func op open close bar comma frac sqrt end, and the marks of a positive part
    # (pospart), a norm's index (normindex) and of cases (cases endcases amp row if otherwise)
    kind: str
    text: str  # source text (for messages and digit splitting)
    pos: int
    value: Any = None  # Rational, SymPy atom, function name, or closer text
    is_abs: bool = False  # an opening/closing delimiter of an absolute value
    leftover: bool = False  # digits left over after an unbraced TeX argument


class _Lexer(_TexLexer):
    def __init__(self, text: str, names: Mapping[str, sympy.Basic], *, latex: bool,
                 start: int, end: int, letters: bool = False) -> None:
        self.text = text
        self.names = names
        self.latex = latex
        # letters: an unknown single letter is a real symbol (recorded in self.implicit)
        self.letters = letters
        self.implicit: dict[str, sympy.Symbol] = {}
        self.i = start
        self.end = end
        self.tokens: list[_Token] = []

    # -- helpers -----------------------------------------------------------
    def add(self, kind: str, text: str, pos: int, value: Any = None, *,
            is_abs: bool = False) -> None:
        self.tokens.append(_Token(kind, text, pos, value, is_abs))

    def lookup(self, name: str, pos: int, shown: str | None = None) -> sympy.Basic:
        found = self.names.get(name)
        if found is None:
            found = subscripted(self.names, name)
        if found is None and self.latex and name == "e":
            found = sympy.E  # e^{x} is exp(x) in LaTeX, unless the caller names a symbol e
        if found is None and self.letters and _INDEXED.fullmatch(name):
            found = self.implicit.setdefault(name, sympy.Symbol(name, real=True))
        if found is None and self.letters and len(name) == 1 and name.isascii() \
                and name.isalpha():
            if name == "e":
                _fail("ambiguous name 'e' (write exp(1) for Euler's number, or declare a "
                      "symbol e)", pos)
            found = self.implicit.setdefault(name, sympy.Symbol(name, real=True))
        if found is None:
            _fail(f"unknown name '{shown or name}'", pos)
        return found

    # -- main loop -----------------------------------------------------------
    def run(self) -> list[_Token]:
        while self.i < self.end:
            ch = self.text[self.i]
            pos = self.i
            _check_char(ch, pos)
            if ch in _WHITESPACE or unicodedata.category(ch) == "Zs":
                self.i += 1
            elif ch.isascii() and (ch.isdigit() or (ch == "." and self._digit_at(pos + 1))):
                self.number()
            elif self.latex:
                self.tex_char(ch, pos)
            else:
                self.plain_char(ch, pos)
        self.add("end", "", self.end)
        return self.tokens

    def _digit_at(self, j: int) -> bool:
        return j < self.end and self.text[j].isascii() and self.text[j].isdigit()

    def number(self) -> None:
        pos = self.i
        pattern = _TEX_NUMBER if self.latex else _PLAIN_NUMBER
        m = pattern.match(self.text, pos, self.end)
        assert m is not None  # a digit or ".digit" is always a number
        text = m.group(0)
        if self.latex:
            digits, frac, exp = (m.group(1), m.group(2), None) if m.group(1) else (
                "", m.group(3), None)
        elif m.group(1) is not None:
            digits, frac, exp = m.group(1), m.group(2), m.group(3)
        else:
            digits, frac, exp = "", m.group(4), m.group(5)
        self.add("num", text, pos, _number(digits, frac, exp, text, pos))
        self.i = m.end()
        if self.latex and _SCIENTIFIC.match(self.text, self.i, self.end):
            _fail("ambiguous 'e' after a number (write 10^{...} for a power of ten, "
                  "or e^{...})", self.i)

    def positive_part(self, pos: int) -> bool:
        r"""``_+`` right after a closing parenthesis or bracket: the positive part of the group.

        ``(x)_+`` (or ``(x)_{+}``) is ``max(x, 0)``. ``(x)_-`` is
        refused: some write it for ``max(-x, 0)``, others for ``min(x, 0)``.
        Returns False when the ``_`` at ``pos`` is not after such a group.
        """
        before = self.tokens[-1] if self.tokens else None
        if before is None or before.kind != "close" or not before.text.endswith((")", "]")):
            return False
        j = pos + 1
        while j < self.end and self.text[j] in _WHITESPACE:
            j += 1
        sign, after = (self.text[j], j + 1) if j < self.end else ("", j)
        if sign == "{":
            close = self.text.find("}", j, self.end)
            inner = "".join(self.text[j + 1:close].split()) if close >= 0 else ""
            sign, after = (inner, close + 1) if inner in ("+", "-") else ("", j)
        if sign == "-":
            _fail("ambiguous negative part '_-' (write max(-x, 0) or min(x, 0))", pos)
        if sign != "+":
            return False
        self.add("pospart", "_+", pos)
        self.i = after
        return True

    def single(self, ch: str, pos: int) -> bool:
        """Characters common to both modes; False if ``ch`` is not one of them."""
        if ch in "+-/^":
            self.add("op", ch, pos)
        elif ch in "\u2212":  # minus sign
            self.add("op", "-", pos)
        elif ch in "\u00b7\u00d7":  # middle dot, multiplication sign
            self.add("op", "*", pos)
        elif ch == "(":
            self.add("open", ch, pos, ")")
        elif ch == ")":
            self.add("close", ch, pos, ch)
        elif ch == "|":
            self.add("bar", ch, pos, "|", is_abs=True)
        elif ch == ",":
            self.add("comma", ch, pos)
        elif ch == "=":
            self.add("rel", ch, pos, "=")
        elif ch in "<>":
            if self.text.startswith("=", pos + 1):
                self.add("rel", ch + "=", pos, ch + "=")
                self.i += 1
            else:
                self.add("rel", ch, pos, ch)
        elif ch in "\u2264\u2265":  # less-than or equal to, greater-than or equal to
            self.add("rel", ch, pos, "<=" if ch == "\u2264" else ">=")
        elif ch == "\u222a":  # union
            self.add("cup", ch, pos)
        elif ch in "'\"":
            _fail("strings are not allowed" if not self.latex
                  else f"unexpected character {ch!r}", pos)
        else:
            return False
        self.i += 1
        return True

    # -- plain text ----------------------------------------------------------
    def plain_char(self, ch: str, pos: int) -> None:
        if ch == "*":
            if self.text.startswith("**", pos):
                self.add("op", "^", pos)
                self.i += 2
            else:
                self.add("op", "*", pos)
                self.i += 1
            return
        if self.single(ch, pos):
            return
        if ch in "{[":
            self.add("open", ch, pos, "}" if ch == "{" else "]")
            self.i += 1
            return
        if ch in "}]":
            self.add("close", ch, pos, ch)
            self.i += 1
            return
        if ch == "_" and self.positive_part(pos):
            return
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            m = _IDENT.match(self.text, pos, self.end)
            assert m is not None
            self.plain_name(m.group(0), pos)
            self.i = m.end()
            self.check_attribute()
            return
        if not ch.isascii() and ch.isidentifier():
            self.name_token(ch, pos)
            self.i += 1
            self.check_attribute()
            return
        if ch == "." and pos + 1 < self.end and (self.text[pos + 1] == "_"
                                                 or self.text[pos + 1].isalpha()):
            _fail("attribute access is not allowed", pos)
        if ch == "\\":
            _fail("backslash in plain text (use latex=True for LaTeX)", pos)
        _fail(f"unexpected character {_show(ch)}", pos)

    def check_attribute(self) -> None:
        j = self.i
        while j < self.end and self.text[j] in " \t":
            j += 1
        if j < self.end and self.text[j] == ".":
            _fail("attribute access is not allowed", j)

    def plain_name(self, name: str, pos: int) -> None:
        if name == "union" and name not in self.names:
            self.add("cup", name, pos)
        elif name in _FUNCTIONS:
            self.add("func", name, pos, _FUNCTIONS[name][0])
        else:
            self.name_token(name, pos)

    def name_token(self, name: str, pos: int, shown: str | None = None) -> None:
        self.add("atom", name, pos, self.lookup(name, pos, shown))
