"""The lexer: characters to tokens, in plain text and LaTeX (TeX commands, delimiters)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from symreg.parse._build import _fail, _number
from symreg.parse._names import _FUNCTIONS, _IDENT, subscripted
from symreg.parse._tex import (
    _BIG,
    _GREEK,
    _NORM,
    _TEX_CONTROL_SPACES,
    _TEX_ENVIRONMENT,
    _TEX_FORBIDDEN,
    _TEX_FUNCTIONS,
    _TEX_OPERATOR_WORDS,
    _TEX_RELATIONS,
    _TEX_SPACES,
    _WHITESPACE,
)

_PLAIN_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|\.(\d+)(?:[eE]([+-]?\d+))?")
# A subscript in braces: letters and digits, or an index expression such as i+1 (a name).
_SUBSCRIPT = re.compile(r"[A-Za-z0-9]+(?:[+-][A-Za-z0-9]+)*")
# x_1, x_i, x_{i+1}: a single letter with a subscript, read as one name
_INDEXED = re.compile(r"[A-Za-z]_(?:\{[A-Za-z0-9+-]+\}|[A-Za-z0-9]+)")
_TEX_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?|\.(\d+)")
# 2e1 is not LaTeX for 20, and 2 e 1 (2 times e) would be a silent misreading of it.
_SCIENTIFIC = re.compile(r"[eE][+-]?[0-9]")


@dataclass(slots=True)
class _Token:
    kind: str  # num atom func op open close bar comma frac sqrt end
    text: str  # source text (for messages and digit splitting)
    pos: int
    value: Any = None  # Rational, SymPy atom, function name, or closer text
    is_abs: bool = False  # an opening/closing delimiter of an absolute value
    leftover: bool = False  # digits left over after an unbraced TeX argument


def _show(ch: str) -> str:
    return repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"


def _check_char(ch: str, pos: int) -> None:
    """Refuse control and format characters (NUL, escapes, bidi overrides, ...)."""
    if ch in _WHITESPACE:
        return
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        _fail(f"control character U+{ord(ch):04X}", pos)


class _Lexer:
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

    def skip_spaces(self) -> None:
        while self.i < self.end and (self.text[self.i] in _WHITESPACE
                                     or unicodedata.category(self.text[self.i]) == "Zs"):
            self.i += 1

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

    # -- LaTeX ---------------------------------------------------------------
    def tex_char(self, ch: str, pos: int) -> None:
        if ch == "\\":
            self.command(pos)
            return
        if ch == "*":
            if self.text.startswith("**", pos):
                _fail("'**' is not LaTeX (use ^)", pos)
            self.add("op", "*", pos)
            self.i += 1
            return
        if ch == "^" and self.text.startswith("^^", pos):
            _fail("TeX character code '^^' is not allowed", pos)
        if ch == "{":
            self.add("open", "{", pos, "}")
            self.i += 1
            return
        if ch == "}":
            self.add("close", "}", pos, "}")
            self.i += 1
            return
        if ch == "[":
            self.add("open", "[", pos, "]")
            self.i += 1
            return
        if ch == "]":
            self.add("close", "]", pos, "]")
            self.i += 1
            return
        if ch == "~":
            self.i += 1
            return
        if ch == "%":
            _fail("comment character '%' is not allowed", pos)
        if ch == "_":
            _fail("unexpected subscript '_'", pos)
        if self.single(ch, pos):
            return
        if ch.isascii() and ch.isalpha():
            j = pos
            while j < self.end and self.text[j].isascii() and self.text[j].isalpha():
                j += 1
            word = self.text[pos:j]
            if len(word) > 1 and all(isinstance(self.names.get(c), sympy.Symbol)
                                     for c in word):
                # adjacent declared letters: a product (wz is w z)
                for n, c in enumerate(word):
                    self.add("atom", c, pos + n, self.names[c])
                self.i = j
                return
            if len(word) > 1:
                _fail(f"ambiguous letters {word!r} (write single-letter symbols apart, "
                      r"or a function as \operatorname{...})", pos)
            self.i = j
            self.tex_name(word, word, pos)
            return
        if not ch.isascii() and ch.isidentifier():
            self.i += 1
            self.tex_name(ch, ch, pos)
            return
        _fail(f"unexpected character {_show(ch)}", pos)

    def tex_name(self, name: str, shown: str, pos: int) -> None:
        """A symbol name, with an optional subscript ``_x`` or ``_{xy}``."""
        j = self.i
        while j < self.end and self.text[j] in _WHITESPACE:
            j += 1
        if j < self.end and self.text[j] == "_":
            k = j + 1
            while k < self.end and self.text[k] in _WHITESPACE:
                k += 1
            if k < self.end and self.text[k] == "{":
                close = self.text.find("}", k, self.end)
                sub = "".join(self.text[k + 1:close].split()) if close >= 0 else ""
                if close < 0 or not _SUBSCRIPT.fullmatch(sub):
                    _fail("invalid subscript", j)
                if not sub.isalnum():  # x_{i+1}: a name, as written
                    sub = "{" + sub + "}"
                self.i = close + 1
            elif k < self.end and self.text[k].isascii() and self.text[k].isalnum():
                sub = self.text[k]
                self.i = k + 1
            else:
                _fail("invalid subscript", j)
            name, shown = f"{name}_{sub}", f"{shown}_{sub}"
        self.name_token(name, pos, shown)

    def command(self, pos: int) -> None:
        j = pos + 1
        if j >= self.end:
            _fail("lone backslash", pos)
        ch = self.text[j]
        if not (ch.isascii() and ch.isalpha()):
            _check_char(ch, j)
            self.i = j + 1
            if ch in _TEX_CONTROL_SPACES:
                return
            if ch == "{":
                self.add("open", r"\{", pos, r"\}")
            elif ch == "}":
                self.add("close", r"\}", pos, r"\}")
            elif ch == "|":
                self.add("bar", r"\|", pos, _NORM, is_abs=True)
            else:
                _fail(f"unknown LaTeX command '\\{ch}'", pos)
            return
        while j < self.end and self.text[j].isascii() and self.text[j].isalpha():
            j += 1
        word = self.text[pos + 1:j]
        self.i = j
        shown = "\\" + word
        if word in _TEX_FORBIDDEN:
            _fail(f"forbidden TeX command '{shown}'", pos)
        if word in _TEX_ENVIRONMENT:
            _fail(f"LaTeX environments are not allowed ('{shown}')", pos)
        if word in _TEX_SPACES:
            return
        if word in ("left", "right", *_BIG):
            self.delimiter(word, pos)
        elif word in ("cdot", "times"):
            self.add("op", "*", pos)
        elif word == "div":
            self.add("op", "/", pos)
        elif word == "cup":
            self.add("cup", shown, pos)
        elif word in _TEX_RELATIONS:
            self.add("rel", shown, pos, _TEX_RELATIONS[word])
        elif word in ("emptyset", "varnothing"):
            self.add("open", r"\{", pos, r"\}")
            self.add("close", r"\}", pos, r"\}")
        elif word in ("frac", "dfrac", "tfrac"):
            self.add("frac", shown, pos)
        elif word == "sqrt":
            self.add("sqrt", shown, pos)
        elif word in _TEX_FUNCTIONS:
            self.add("func", shown, pos, _TEX_FUNCTIONS[word])
        elif word in ("operatorname", "mathrm"):
            self.operator_word(shown, pos)
        elif word == "lvert":
            self.add("open", shown, pos, r"\rvert", is_abs=True)
        elif word == "rvert":
            self.add("close", shown, pos, shown, is_abs=True)
        elif word == "vert":
            self.add("bar", shown, pos, "|", is_abs=True)
        elif word == "lVert":
            self.add("open", shown, pos, r"\rVert", is_abs=True)
        elif word == "rVert":
            self.add("close", shown, pos, shown, is_abs=True)
        elif word == "Vert":
            self.add("bar", shown, pos, _NORM, is_abs=True)
        elif word in _GREEK:
            self.tex_name(word, shown, pos)
        else:
            _fail(f"unknown LaTeX command '{shown}'", pos)

    def operator_word(self, shown: str, pos: int) -> None:
        self.skip_spaces()
        k = self.i
        if k >= self.end or self.text[k] != "{":
            _fail(f"expected '{{' after '{shown}'", k)
        close = self.text.find("}", k, self.end)
        word = self.text[k + 1:close].strip() if close >= 0 else ""
        if close < 0 or not word:
            _fail(f"expected a function name in {shown}{{...}}", k)
        if word == "e" and shown == r"\mathrm":
            self.add("atom", r"\mathrm{e}", pos, sympy.E)
            self.i = close + 1
            return
        func = _TEX_OPERATOR_WORDS.get(word)
        if func is None:
            _fail(f"unknown function '{shown}{{{word}}}'", pos)
        self.add("func", f"{shown}{{{word}}}", pos, func)
        self.i = close + 1

    def delimiter(self, word: str, pos: int) -> None:
        self.skip_spaces()
        k = self.i
        shown = "\\" + word
        if k >= self.end:
            _fail(f"expected a delimiter after '{shown}'", pos)
        ch = self.text[k]
        if ch == "\\":
            m = re.compile(r"\\([A-Za-z]+|.)").match(self.text, k, self.end)
            delim = m.group(0) if m else "\\"
        else:
            delim = ch
        self.i = k + len(delim)
        opening = word == "left" or word.endswith("l")
        closing = word == "right" or word.endswith("r")
        if delim in ("(", "[", r"\{"):
            if closing:
                _fail(f"'{shown}{delim}' does not close anything", pos)
            closer = {"(": ")", "[": "]", r"\{": r"\}"}[delim]
            prefix = "\\right" if word == "left" else "\\" + word[:-1] + "r"
            self.add("open", shown + delim, pos,
                     prefix + closer if opening else closer)
        elif delim in (")", "]", r"\}"):
            if opening:
                _fail(f"'{shown}{delim}' does not open anything", pos)
            self.add("close", shown + delim, pos, shown + delim if closing else delim)
        elif delim in ("|", r"\vert", r"\lvert", r"\rvert", r"\|", r"\Vert", r"\lVert",
                       r"\rVert"):
            bar = "|" if delim in ("|", r"\vert", r"\lvert", r"\rvert") else r"\|"
            if opening:
                prefix = "\\right" if word == "left" else "\\" + word[:-1] + "r"
                self.add("open", shown + delim, pos, prefix + bar, is_abs=True)
            elif closing:
                self.add("close", shown + bar, pos, shown + bar, is_abs=True)
            else:
                self.add("bar", shown + delim, pos, "|" if bar == "|" else _NORM, is_abs=True)
        else:
            _fail(f"unsupported delimiter '{delim}' after '{shown}'", pos)
