r"""Safe tokenizer and Pratt parser for untrusted text and LaTeX (private).

The public entry point is :func:`symreg.check.parse`; this module holds the
machinery. Nothing here executes its input: there is no ``eval``, ``exec``,
``sympify`` or ``parse_expr`` on text. The tokenizer turns the input into a
list of tokens (refusing unknown names, strings, control characters and TeX
primitives as soon as it meets them, so that the first error reported is the
leftmost one), and a Pratt parser builds SymPy objects directly with their
constructors (``Add``, ``Mul``, ``Pow``, ``Rational``, ``Abs``, ...).

Every resource is bounded *before* it is used:

* the input length (:data:`MAX_LENGTH` characters),
* the nesting depth of the parser (:data:`MAX_DEPTH`, counted explicitly, so
  that no ``RecursionError`` can escape),
* the digits of a number literal (:data:`MAX_DIGITS`) and its decimal exponent,
* exponents (numerator and denominator at most :data:`MAX_EXPONENT`) and the
  size of every exact number built (:data:`MAX_BITS` bits), checked before a
  power is constructed, so that ``9**9**9**9`` is refused at once,
* the arguments of ``max``/``min`` (:data:`MAX_ARGS`).

Error messages name the problem and the (0-based) character position, e.g.
``unknown name 'foo' at position 4``.

>>> from symreg.symbols import w, lam
>>> parse("2 lam |w|") == 2 * lam * abs(w)
True
>>> parse(r"\frac{\lambda}{2} w^{2}", latex=True) == lam * w**2 / 2
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import sympy

from symreg import symbols as _symbols
from symreg.errors import InvalidParameterError, ParseError

__all__ = [
    "DEFAULT_NAMES",
    "MAX_ARGS",
    "MAX_BITS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "parse",
    "symbol_table",
]

#: Longest input accepted, in characters.
MAX_LENGTH = 10_000
#: Deepest nesting of groups, bars, function calls, signs and powers.
MAX_DEPTH = 200
#: Largest numerator or denominator of an exponent (also of a decimal exponent).
MAX_EXPONENT = 1000
#: Most digits in one number literal.
MAX_DIGITS = 1000
#: Largest exact number built (bits of its numerator or denominator).
MAX_BITS = 4096
#: Most arguments of ``max`` and ``min``.
MAX_ARGS = 32

#: Names understood by default, in plain text and (as ``\name``) in LaTeX.
DEFAULT_NAMES: Mapping[str, sympy.Basic] = {
    "w": _symbols.w,
    "z": _symbols.z,
    "lam": _symbols.lam,
    "lambda": _symbols.lam,
    "\u03bb": _symbols.lam,  # λ
    "eps": _symbols.eps,
    "epsilon": _symbols.eps,
    "varepsilon": _symbols.eps,
    "\u03b5": _symbols.eps,  # ε
    "\u03f5": _symbols.eps,  # ϵ
    "eta": _symbols.eta,
    "\u03b7": _symbols.eta,  # η
    "sigma": _symbols.sigma,
    "\u03c3": _symbols.sigma,  # small sigma
    "b": _symbols.b,
    "pi": sympy.pi,
    "\u03c0": sympy.pi,  # π
}

# function name -> (canonical name, minimum arguments, maximum arguments)
_FUNCTIONS: dict[str, tuple[str, int, int]] = {
    "abs": ("abs", 1, 1),
    "Abs": ("abs", 1, 1),
    "sign": ("sign", 1, 1),
    "sgn": ("sign", 1, 1),
    "sqrt": ("sqrt", 1, 1),
    "log": ("log", 1, 1),
    "ln": ("log", 1, 1),
    "exp": ("exp", 1, 1),
    "max": ("max", 1, MAX_ARGS),
    "Max": ("max", 1, MAX_ARGS),
    "min": ("min", 1, MAX_ARGS),
    "Min": ("min", 1, MAX_ARGS),
}

# LaTeX commands that name a function directly.
_TEX_FUNCTIONS = {"log": "log", "ln": "log", "exp": "exp", "max": "max", "min": "min",
                  "sgn": "sign", "sign": "sign", "abs": "abs"}
# Words accepted inside \operatorname{...} and \mathrm{...}.
_TEX_OPERATOR_WORDS = {"sign": "sign", "sgn": "sign", "max": "max", "min": "min",
                       "abs": "abs", "log": "log", "ln": "log", "exp": "exp"}
_GREEK = frozenset(
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
        "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho",
        "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
        "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
        "Psi", "Omega",
    ]
)
_TEX_SPACES = frozenset({"quad", "qquad", "displaystyle", "textstyle", "scriptstyle"})
_TEX_CONTROL_SPACES = frozenset(",;:! ")
# TeX primitives and LaTeX commands that read or write files, run programs or
# redefine the language: refused with their own message.
_TEX_FORBIDDEN = frozenset(
    [
        "input", "include", "includeonly", "InputIfFileExists", "write", "immediate",
        "openout", "openin", "read", "readline", "closeout", "closein", "def", "edef", "gdef",
        "xdef", "let", "futurelet", "newcommand", "renewcommand", "providecommand",
        "DeclareMathOperator", "DeclareRobustCommand", "newenvironment", "renewenvironment",
        "catcode", "lccode", "uccode", "mathcode", "sfcode", "delcode", "csname", "endcsname",
        "expandafter", "noexpand", "afterassignment", "aftergroup", "usepackage",
        "RequirePackage", "documentclass", "makeatletter", "makeatother", "special", "shipout",
        "output", "everypar", "everymath", "jobname", "errmessage", "message", "typeout",
        "scantokens", "detokenize", "unexpanded", "string", "verbatim", "verb",
        "lstinputlisting", "includegraphics", "href", "url", "loop", "repeat", "directlua",
        "luaexec", "pdfprimitive", "pdfshellescape", "ShellEscape", "endinput", "globaldefs",
    ]
)
_TEX_ENVIRONMENT = frozenset({"begin", "end"})
_BIG = frozenset({"bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
                  "big", "Big", "bigg", "Bigg"})

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|\.(\d+)(?:[eE]([+-]?\d+))?")
_TEX_NUMBER = re.compile(r"(\d+)(?:\.(\d*))?|\.(\d+)")
_WHITESPACE = frozenset(" \t\n\r")


# ---------------------------------------------------------------------------
# tokens


@dataclass(slots=True)
class _Token:
    kind: str  # num atom func op open close bar comma frac sqrt end
    text: str  # source text (for messages and digit splitting)
    pos: int
    value: Any = None  # Rational, SymPy atom, function name, or closer text
    is_abs: bool = False  # an opening/closing delimiter of an absolute value
    leftover: bool = False  # digits left over after an unbraced TeX argument


def _fail(message: str, pos: int | None = None) -> NoReturn:
    if pos is None:
        raise ParseError(message)
    raise ParseError(f"{message} at position {pos}")


def _show(ch: str) -> str:
    return repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"


def _check_char(ch: str, pos: int) -> None:
    """Refuse control and format characters (NUL, escapes, bidi overrides, ...)."""
    if ch in _WHITESPACE:
        return
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        _fail(f"control character U+{ord(ch):04X}", pos)


def _number(digits: str, frac: str | None, exp: str | None, text: str, pos: int) -> sympy.Rational:
    frac = frac or ""
    if len(digits) + len(frac) > MAX_DIGITS:
        _fail(f"number too long (more than {MAX_DIGITS} digits)", pos)
    value = sympy.Rational(int(digits + frac or "0"), 10 ** len(frac))
    if exp is not None:
        if len(exp.lstrip("+-")) > 5 or abs(int(exp)) > MAX_EXPONENT:
            _fail(f"exponent of number too large (limit {MAX_EXPONENT})", pos)
        value = value * sympy.Rational(10) ** int(exp)
    return value


class _Lexer:
    def __init__(self, text: str, names: Mapping[str, sympy.Basic], *, latex: bool,
                 start: int, end: int) -> None:
        self.text = text
        self.names = names
        self.latex = latex
        self.i = start
        self.end = end
        self.tokens: list[_Token] = []

    # -- helpers -----------------------------------------------------------
    def add(self, kind: str, text: str, pos: int, value: Any = None, *,
            is_abs: bool = False) -> None:
        self.tokens.append(_Token(kind, text, pos, value, is_abs))

    def lookup(self, name: str, pos: int, shown: str | None = None) -> sympy.Basic:
        found = self.names.get(name)
        if found is None and "_" in name.strip("_"):
            found = self.names.get(name.replace("_", ""))
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
        if name in _FUNCTIONS:
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
        if ch == "~":
            self.i += 1
            return
        if ch == "%":
            _fail("comment character '%' is not allowed", pos)
        if ch == "_":
            _fail("unexpected subscript '_'", pos)
        if ch == "[" and self.tokens and self.tokens[-1].kind == "sqrt":
            _fail(r"roots other than \sqrt{...} are not supported", pos)
        if self.single(ch, pos):
            return
        if ch.isascii() and ch.isalpha():
            j = pos
            while j < self.end and self.text[j].isascii() and self.text[j].isalpha():
                j += 1
            word = self.text[pos:j]
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
                sub = self.text[k + 1:close] if close >= 0 else ""
                if close < 0 or not sub.strip() or not sub.strip().isalnum() \
                        or not sub.strip().isascii():
                    _fail("invalid subscript", j)
                sub = sub.strip()
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
        elif delim in ("|", r"\vert", r"\lvert", r"\rvert"):
            if opening:
                prefix = "\\right" if word == "left" else "\\" + word[:-1] + "r"
                self.add("open", shown + delim, pos, prefix + "|", is_abs=True)
            elif closing:
                self.add("close", shown + "|", pos, shown + "|", is_abs=True)
            else:
                self.add("bar", shown + delim, pos, "|", is_abs=True)
        else:
            _fail(f"unsupported delimiter '{delim}' after '{shown}'", pos)


# ---------------------------------------------------------------------------
# symbol table


def symbol_table(extra: Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None = None
                 ) -> dict[str, sympy.Basic]:
    """The names understood by the parser: the defaults plus ``extra``.

    ``extra`` is a mapping from name to symbol, or an iterable of symbols (each
    named by its canonical Python name when it is one of
    :mod:`symreg.symbols`, else by its SymPy name). A name may not change the
    meaning of a default name, and a symbol may not reuse the name of a
    canonical symbol with other assumptions.

    >>> from symreg.symbols import s, w0
    >>> table = symbol_table([s, w0])
    >>> table["s"] is s, table["w0"] is w0
    (True, True)
    """
    table = dict(DEFAULT_NAMES)
    if extra is None:
        return table
    canonical = _symbols.by_name()
    python_name = {sym: name for name, sym in canonical.items()}
    by_sympy_name = {sym.name: sym for sym in canonical.values()}
    if isinstance(extra, Mapping):
        items = list(extra.items())
    else:
        try:
            items = [(python_name.get(sym, getattr(sym, "name", None)), sym) for sym in extra]
        except TypeError as exc:
            raise InvalidParameterError(
                f"symbols must be a mapping or an iterable of symbols, got {extra!r}"
            ) from exc
    for name, sym in items:
        if not isinstance(sym, sympy.Symbol):
            raise InvalidParameterError(f"symbols must map names to SymPy symbols, got {sym!r}")
        if not isinstance(name, str) or not (
            _IDENT.fullmatch(name) or (len(name) == 1 and name.isidentifier())
        ):
            raise InvalidParameterError(f"invalid symbol name {name!r}")
        if name in _FUNCTIONS:
            raise InvalidParameterError(f"symbol name {name!r} is a function name")
        same_name = by_sympy_name.get(sym.name)
        if same_name is not None and same_name is not sym:
            raise InvalidParameterError(
                f"symbol {sym.name!r} has other assumptions than symreg's canonical "
                f"{sym.name!r}: use symreg.symbols"
            )
        if table.get(name, sym) is not sym:
            raise InvalidParameterError(f"name {name!r} already means {table[name]}")
        table[name] = sym
    return table


# ---------------------------------------------------------------------------
# building SymPy objects under bounds


_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def _bits(r: sympy.Rational) -> int:
    return max(int(r.p).bit_length(), int(r.q).bit_length())


def _guard(node: sympy.Basic, pos: int) -> sympy.Basic:
    """Refuse undefined values, oversized numbers and exponents in ``node``."""
    for part in (node, *node.args):
        if part in _UNDEFINED:
            _fail("undefined value (division by zero?)", pos)
        if isinstance(part, sympy.Rational) and _bits(part) > MAX_BITS:
            _fail(f"number too large (more than {MAX_BITS} bits)", pos)
        if isinstance(part, sympy.Pow) and isinstance(part.exp, sympy.Rational) and (
            abs(part.exp.p) > MAX_EXPONENT or part.exp.q > MAX_EXPONENT
        ):
            _fail(f"exponent too large (limit {MAX_EXPONENT})", pos)
    return node


def _make_pow(base: sympy.Basic, exp: sympy.Basic, pos: int) -> sympy.Basic:
    if isinstance(exp, sympy.Rational):
        if abs(exp.p) > MAX_EXPONENT or exp.q > MAX_EXPONENT:
            _fail(f"exponent too large (limit {MAX_EXPONENT})", pos)
        if base == 0 and exp.is_negative:
            _fail("division by zero", pos)
        numbers = [base] if isinstance(base, sympy.Rational) else [
            f for f in (base.args if isinstance(base, sympy.Mul) else ())
            if isinstance(f, sympy.Rational)
        ]
        for num in numbers:
            if _bits(num) * abs(exp.p) > MAX_BITS * exp.q:
                _fail(f"power too large (more than {MAX_BITS} bits)", pos)
    return _guard(sympy.Pow(base, exp), pos)


def _apply(func: str, args: list[sympy.Basic], pos: int) -> sympy.Basic:
    if func == "abs":
        out = sympy.Abs(args[0])
    elif func == "sign":
        out = sympy.sign(args[0])
    elif func == "sqrt":
        return _make_pow(args[0], sympy.Rational(1, 2), pos)
    elif func == "log":
        if args[0] == 0:
            _fail("logarithm of zero", pos)
        out = sympy.log(args[0])
    elif func == "exp":
        out = sympy.exp(args[0])
    elif func == "max":
        out = sympy.Max(*args)
    else:
        out = sympy.Min(*args)
    return _guard(out, pos)


# ---------------------------------------------------------------------------
# parser

_ADD, _MUL, _POW, _UNARY, _FUNC_ARG = 10, 20, 40, 30, 35


class _Parser:
    def __init__(self, tokens: list[_Token], *, latex: bool) -> None:
        self.tokens = tokens
        self.k = 0
        self.latex = latex
        self.depth = 0
        self.groups: list[str] = []  # innermost-last: "|" for a bar group, else closer

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
        if tok.kind in ("num", "atom", "func", "open", "frac", "sqrt"):
            return True
        if tok.kind == "bar":
            return not (self.groups and self.groups[-1] == "|")
        return False

    # -- expressions -----------------------------------------------------------
    def parse(self) -> sympy.Basic:
        tok = self.peek()
        if tok.kind == "end":
            _fail("empty input")
        out = self.expr(0)
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "close":
                _fail(f"unmatched '{tok.text}'", tok.pos)
            if tok.kind == "comma":
                _fail("unexpected ','", tok.pos)
            self.unexpected(tok)
        return out

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
                cur = _make_pow(cur, exponent, tok.pos)
            elif lbp == _MUL:
                implicit = tok.kind != "op"
                if implicit:
                    if after_division:
                        _fail("ambiguous implicit multiplication after '/' (write a/(b*c) "
                              "or (a/b)*c)", tok.pos)
                    if last.kind == "num" and tok.kind == "num":
                        _fail("missing operator between numbers", tok.pos)
                else:
                    self.next()
                right = self.expr(_MUL)
                if not implicit and tok.text == "/":
                    if right == 0:
                        _fail("division by zero", tok.pos)
                    right = _make_pow(right, sympy.S.NegativeOne, tok.pos)
                    after_division = True
                if factors is None:
                    factors = [cur]
                factors.append(right)
            else:
                self.next()
                right = self.expr(_ADD)
                if factors is not None:
                    cur = _guard(sympy.Mul(*factors), start_pos)
                    factors = None
                if terms is None:
                    terms = []
                terms.append(cur)
                cur = _guard(sympy.Mul(sympy.S.NegativeOne, right), tok.pos) \
                    if tok.text == "-" else right
                after_division = False
            last = self.tokens[self.k - 1]
        if factors is not None:
            cur = _guard(sympy.Mul(*factors), start_pos)
        if terms is not None:
            terms.append(cur)
            cur = _guard(sympy.Add(*terms), start_pos)
        return cur

    def nud(self) -> sympy.Basic:
        tok = self.next()
        kind = tok.kind
        if kind == "num":
            if tok.leftover:
                _fail("ambiguous digits after an unbraced argument (use braces)", tok.pos)
            return tok.value
        if kind == "atom":
            return tok.value
        if kind == "op" and tok.text in "+-":
            operand = self.expr(_UNARY)
            if tok.text == "+":
                return operand
            return _guard(sympy.Mul(sympy.S.NegativeOne, operand), tok.pos)
        if kind == "open":
            return self.group(tok)
        if kind == "bar":
            return self.bar_group(tok)
        if kind == "func":
            return self.call(tok)
        if kind == "frac":
            num = self.tex_arg(tok)
            den = self.tex_arg(tok)
            self.no_leftover(tok)
            if den == 0:
                _fail("division by zero", tok.pos)
            return _guard(sympy.Mul(num, _make_pow(den, sympy.S.NegativeOne, tok.pos)),
                          tok.pos)
        if kind == "sqrt":
            arg = self.tex_arg(tok)
            self.no_leftover(tok)
            return _make_pow(arg, sympy.Rational(1, 2), tok.pos)
        if kind == "close":
            _fail(f"unexpected '{tok.text}'", tok.pos)
        self.unexpected(tok)

    def group(self, tok: _Token) -> sympy.Basic:
        closer = tok.value
        if self.peek().kind == "close" and self.peek().value == closer:
            _fail(f"empty group '{tok.text}{closer}'", tok.pos)
        self.groups.append(closer)
        inner = self.expr(0)
        self.groups.pop()
        self.expect_close(tok, closer)
        return _guard(sympy.Abs(inner), tok.pos) if tok.is_abs else inner

    def bar_group(self, tok: _Token) -> sympy.Basic:
        nxt = self.peek()
        if nxt.kind == "bar" and self.groups and self.groups[-1] == "|":
            _fail("ambiguous '||' (use parentheses or abs())", tok.pos)
        if nxt.kind == "end":
            _fail(f"missing closing '{tok.text}' for '{tok.text}'", tok.pos)
        self.groups.append("|")
        inner = self.expr(0)
        self.groups.pop()
        close = self.peek()
        if close.kind != "bar":
            if close.kind == "end":
                _fail(f"missing closing '{tok.text}' for '{tok.text}'", tok.pos)
            self.unexpected(close)
        self.next()
        return _guard(sympy.Abs(inner), tok.pos)

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
            args = [self.expr(0)]
            while self.peek().kind == "comma":
                comma = self.next()
                if len(args) >= MAX_ARGS:
                    _fail(f"too many arguments (limit {MAX_ARGS})", comma.pos)
                args.append(self.expr(0))
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
        return _apply(func, args, tok.pos)

    # -- LaTeX arguments -------------------------------------------------------
    def tex_arg(self, owner: _Token) -> sympy.Basic:
        """A TeX macro argument: ``{...}``, one digit, or one symbol."""
        tok = self.peek()
        what = "'^'" if owner.kind == "op" else f"'{owner.text}'"
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
            if not rest[0].isdigit():
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


# ---------------------------------------------------------------------------
# entry point


def _math_delimiters(text: str) -> tuple[int, int]:
    """Bounds of the content of ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``."""
    start, end = 0, len(text)
    while start < end and text[start] in _WHITESPACE:
        start += 1
    while end > start and text[end - 1] in _WHITESPACE:
        end -= 1
    body = text[start:end]
    for left, right in (("$$", "$$"), ("$", "$"), (r"\(", r"\)"), (r"\[", r"\]")):
        if len(body) >= len(left) + len(right) and body.startswith(left) \
                and body.endswith(right):
            inner_start, inner_end = start + len(left), end - len(right)
            if "$" not in text[inner_start:inner_end]:
                return inner_start, inner_end
    dollar = text.find("$", start, end)
    if dollar >= 0:
        _fail("unexpected '$'", dollar)
    return start, end


def parse(
    text: str,
    *,
    latex: bool = False,
    symbols: Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None = None,
) -> sympy.Expr:
    """Parse ``text`` (see :func:`symreg.check.parse`)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        _fail(f"input too long ({len(text)} characters, limit {MAX_LENGTH})")
    names = symbol_table(symbols)
    for pos, ch in enumerate(text):
        if not (ch.isprintable() or ch in _WHITESPACE):
            _check_char(ch, pos)
    try:
        if latex:
            start, end = _math_delimiters(text)
        else:
            start, end = 0, len(text)
        tokens = _Lexer(text, names, latex=latex, start=start, end=end).run()
        parser = _Parser(tokens, latex=latex)
        try:
            return parser.parse()
        except RecursionError:
            # Only when the caller's own stack is already deep: the depth bound
            # keeps the parser within a few hundred frames.
            _fail(f"nesting too deep (limit {MAX_DEPTH})", parser.peek().pos)
    except RecursionError:  # pragma: no cover - SymPy recursing on a huge expression
        _fail(f"nesting too deep (limit {MAX_DEPTH})")
