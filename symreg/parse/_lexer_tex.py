"""The LaTeX half of the lexer: TeX commands, names with subscripts, delimiters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import sympy

from symreg.parse._build import _fail
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
    _check_char,
    _show,
)

# Words of a case's condition in \text{...}: "if z > 0", "otherwise".
_CASE_WORDS = {"if": "if", "for": "if", "when": "if", "otherwise": "otherwise",
               "else": "otherwise"}
# The index of a norm: a digit from 1, or infinity, bare or in braces.
_NORM_INDEX = re.compile(r"\s*(?:[1-9]|\\infty|\{\s*(?:[1-9]|\\infty)\s*\})")
# A subscript in braces: letters and digits, or an index expression such as i+1 (a name).
_SUBSCRIPT = re.compile(r"[A-Za-z0-9]+(?:[+-][A-Za-z0-9]+)*")


class _TexLexer:
    """Methods of :class:`symreg.parse._lexer._Lexer` that read LaTeX."""

    text: str
    end: int
    i: int
    names: Mapping[str, sympy.Basic]
    tokens: list[Any]  # the lexer's tokens so far

    def add(self, kind: str, text: str, pos: int, value: Any = None, *,
            is_abs: bool = False) -> None:  # pragma: no cover - the lexer's own
        raise NotImplementedError

    def single(self, ch: str, pos: int) -> bool:  # pragma: no cover - the lexer's own
        raise NotImplementedError

    def name_token(self, name: str, pos: int, shown: str | None = None
                   ) -> None:  # pragma: no cover - the lexer's own
        raise NotImplementedError

    def positive_part(self, pos: int) -> bool:  # pragma: no cover - the lexer's own
        raise NotImplementedError

    def skip_spaces(self) -> None:
        while self.i < self.end and (self.text[self.i] in _WHITESPACE
                                     or unicodedata.category(self.text[self.i]) == "Zs"):
            self.i += 1

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
        if ch == "&":
            self.add("amp", "&", pos)
            self.i += 1
            return
        if ch == "%":
            _fail("comment character '%' is not allowed", pos)
        if ch == "_":
            if self.positive_part(pos) or self.norm_index(pos):
                return
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
            elif ch == "\\":
                self.add("row", "\\\\", pos)
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
            self.environment(word, shown, pos)
            return
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
        elif word in ("operatorname", "mathrm", "text", "textrm", "mbox"):
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
        said = word.rstrip(".,;: ")
        if shown != r"\operatorname" and said in _CASE_WORDS:
            # \text{if}, \text{otherwise.}: the words of a case's condition
            self.add(_CASE_WORDS[said], f"{shown}{{{word}}}", pos)
            self.i = close + 1
            return
        func = _TEX_OPERATOR_WORDS.get(word)
        if func is None:
            _fail(f"unknown function '{shown}{{{word}}}'", pos)
        self.add("func", f"{shown}{{{word}}}", pos, func)
        self.i = close + 1

    def norm_index(self, pos: int) -> bool:
        r"""A norm's index after its bar (``_1``, ``_{2}``, ``_\infty``): ``\|w\|_1`` is ``|w|``.

        The norm of a number is its absolute value for every index, so the
        index (a digit, ``\infty``, or either in braces) changes nothing; the
        parser takes it only right after a norm. False if no norm is before.
        """
        before = self.tokens[-1] if self.tokens else None
        norm = before is not None and before.kind in ("bar", "close") and (
            before.value == _NORM or before.text.endswith((r"\rVert", r"\|")))
        if not norm:
            return False
        m = _NORM_INDEX.match(self.text, pos + 1, self.end)
        if m is None:
            _fail("invalid index of a norm (write 1, 2 or \\infty)", pos)
        self.add("normindex", self.text[pos:m.end()], pos)
        self.i = m.end()
        return True

    def environment(self, word: str, shown: str, pos: int) -> None:
        r"""``\begin{cases}`` or ``\end{cases}`` (also ``dcases``); no other environment."""
        self.skip_spaces()
        k = self.i
        close = self.text.find("}", k, self.end) if self.text.startswith("{", k) else -1
        name = self.text[k + 1:close].strip() if close >= 0 else ""
        if name not in ("cases", "dcases"):
            _fail(f"LaTeX environments other than cases are not allowed ('{shown}')", pos)
        self.add("cases" if word == "begin" else "endcases", f"{shown}{{{name}}}", pos)
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
