r"""The safe parser for untrusted text and LaTeX: lexer, bounded constructors, Pratt parser.

Nothing here executes its input: there is no ``eval``, ``exec``, ``sympify``
or ``parse_expr`` on text. The lexer (``_lexer``, with the TeX vocabulary of
``_tex`` and the names of ``_names``) turns the input into a list of tokens,
refusing unknown names, strings, control characters and TeX primitives as soon
as it meets them, so that the first error reported is the leftmost one; the
Pratt parser (``_pratt``) builds SymPy objects directly with their constructors
(``Add``, ``Mul``, ``Pow``, ``Rational``, ``Abs``, ...), through the bounded
constructors of ``_build``.

Every resource is bounded *before* it is used:

* the input length (:data:`MAX_LENGTH` characters),
* the nesting depth of the parser (:data:`MAX_DEPTH`, counted explicitly, so
  that no ``RecursionError`` can escape),
* the digits of a number literal (:data:`MAX_DIGITS`) and its decimal exponent,
* exponents (numerator and denominator at most :data:`MAX_EXPONENT`) and the
  size of every exact number built (:data:`MAX_BITS` bits, as measured by
  :func:`bit_length`), checked before a power is constructed, so that
  ``9**9**9**9`` is refused at once,
* the arguments of ``max``/``min`` (:data:`MAX_ARGS`).

:data:`MAX_DIGITS` and :data:`MAX_BITS` are lowered when Python's own limit on
integer digits (``sys.set_int_max_str_digits``) is lower, so that reading a
literal or printing a result never raises ``ValueError``.

Error messages name the problem and the (0-based) character position, e.g.
``unknown name 'foo' at position 4``.

Every accepted input has one meaning, the same in text and LaTeX, and input
with two readings is refused rather than guessed:

* ``a^b^c`` is ``a^(b^c)`` in plain text, as mathematicians read it; in LaTeX
  it is TeX's "double superscript" error and is refused (write ``{a^b}^c`` or
  ``a^{b^c}``), as is ``w^{2}^{3}``;
* a number directly before ``\frac`` (``2\frac12``: a mixed number or a
  product?) and braces directly after an operand (``w{0}``) are refused;
* ``\{ \}`` inside an expression groups like parentheses (``\{w + 1\}^2``,
  and ``\max\{a, b\}`` takes arguments); standing alone, ``\{w\}`` is the set
  ``{w}`` (see :mod:`symreg.parse._forms` for sets, intervals, tuples,
  equations and inequalities); ``2\{a, b\}`` is refused;
* a subscripted name ``base_sub`` means the symbol whose SymPy name is the
  SymPy name of ``base``'s symbol, then ``_sub`` (``w_0`` is ``w0``,
  ``\lambda_{1}`` is ``lam1`` when those symbols are given); underscores are
  never dropped (``l_a_m`` is not ``lam``, ``e_ta`` is not ``eta``);
* adjacent letters in LaTeX are a product only when every letter is a known
  symbol (``wz`` is ``w z``; ``xy`` is refused unless ``x`` and ``y`` are
  given).
* ``\|w\|_1``, ``\lVert w \rVert_2``, ``\|w\|_\infty`` (an index from 1 to 9 or
  ``\infty``, bare or in braces) are ``|w|``: every norm of a number is its
  absolute value;
* ``(x)_+`` (also ``[x]_+``, ``\left(x\right)_{+}``), the positive part, is
  ``max(x, 0)``, binding to the group just before it (``2(x)_+^2`` is
  ``2 max(x, 0)^2``); ``(x)_-`` is refused, as some write it for
  ``max(-x, 0)`` and others for ``min(x, 0)``.

LaTeX as people write it is read: ``[ ]`` and ``\{ \}`` group, the spacing
commands (``\,``, ``\quad``, ``\thinspace``, ...) are spaces, ``\|w\|`` (the
norm of a scalar) is ``|w|``, ``e`` and ``\mathrm{e}`` are Euler's number unless
the caller names a symbol ``e`` (so ``e^{w}`` is ``exp(w)``, and ``2e1`` is
refused rather than read as ``2 e``), ``\sqrt[n]{x}`` is the real n-th root
(``sign(x) |x|^(1/n)`` for odd ``n``), and ``\text{sgn}`` names a function as
``\operatorname{sgn}`` does.

An answer by cases, ``\begin{cases} v_1 & c_1 \\ v_2 & c_2 \end{cases}`` (also
``dcases``), is a ``Piecewise``: the value of the first row whose condition
holds, and no value where none does (the answer checker then says where the
answer is undefined). A condition is a relation or a chain of two
(``-\lambda \le z \le \lambda``), after an optional ``\text{if}``, or
``\text{otherwise}``; a comma may end a value or a condition. No other
environment is read.

>>> from symreg.symbols import w, lam
>>> parse("2 lam |w|") == 2 * lam * abs(w)
True
>>> parse(r"\frac{\lambda}{2} w^{2}", latex=True) == lam * w**2 / 2
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import sympy

from symreg.parse._build import (
    MAX_ARGS,
    MAX_BITS,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_LENGTH,
    _fail,
    bit_length,
)
from symreg.parse._forms import MAX_ELEMENTS, _AnswerParser
from symreg.parse._lexer import _Lexer
from symreg.parse._names import DEFAULT_NAMES, symbol_table
from symreg.parse._tex import _WHITESPACE, _check_char, _math_delimiters

__all__ = [
    "DEFAULT_NAMES",
    "MAX_ARGS",
    "MAX_BITS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ELEMENTS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "Parsed",
    "bit_length",
    "parse",
    "parse_answer",
    "symbol_table",
]


def parse(
    text: str,
    *,
    latex: bool = False,
    symbols: Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None = None,
    evaluate: bool = True,
) -> sympy.Basic:
    r"""Parse untrusted ``text`` (plain text, or LaTeX when ``latex``) into SymPy.

    The names understood are :data:`DEFAULT_NAMES` plus ``symbols`` (see
    :func:`symbol_table`). :func:`symreg.check.parse` is the same function,
    documented with the answer checker. An answer may also be a set, an
    interval, a union, a tuple or an equation (see :mod:`symreg.parse._forms`).

    With ``evaluate=False`` the result is the form as written, built without
    evaluation (``w/w`` stays ``w/w``), after the input was parsed and checked
    once with evaluation (so every size bound holds for both forms).

    Raises:
        ParseError: the input is refused; the message says what was wrong and
            where (a 0-based character position).
        InvalidParameterError: ``symbols`` is invalid.
        TypeError: ``text`` is not a ``str``.

    >>> parse("lam/2 * w^2")
    lam*w**2/2
    >>> parse(r"\sqrt{w^{2}} + \lvert z \rvert", latex=True)
    Abs(w) + Abs(z)
    >>> parse("w/w"), parse("w/w", evaluate=False)
    (1, w/w)
    >>> parse("{1/2, -lam}"), parse("[-lam, lam)"), parse("w = 1/2")
    ({1/2, -lam}, Interval.Ropen(-lam, lam), Eq(w, 1/2))
    >>> parse("2 foo")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: unknown name 'foo' at position 2
    """
    return parse_answer(text, latex=latex, symbols=symbols, evaluate=evaluate)[int(not evaluate)]


class Parsed(NamedTuple):
    """An answer parsed twice: its value, its form as written, and the letters taken as symbols."""

    value: sympy.Basic
    written: sympy.Basic
    letters: tuple[sympy.Symbol, ...]


def parse_answer(
    text: str,
    *,
    latex: bool = False,
    symbols: Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None = None,
    evaluate: bool = True,
    letters: bool = False,
) -> Parsed:
    """:func:`parse`, with the form as written and the single letters taken as real symbols.

    With ``letters``, an unknown single letter (other than ``e``) is a new real
    symbol instead of an error; ``letters`` of the result lists those symbols,
    sorted. ``written`` is built without evaluation unless ``evaluate``.

    >>> parse_answer("x/x + w", letters=True, evaluate=False)
    Parsed(value=w + 1, written=w + x/x, letters=(x,))
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        _fail(f"input too long ({len(text)} characters, limit {MAX_LENGTH})")
    names = symbol_table(symbols)
    for pos, ch in enumerate(text):
        if not (ch.isprintable() or ch in _WHITESPACE):
            _check_char(ch, pos)
    forms: list[sympy.Basic] = []
    lexer: _Lexer | None = None
    for evaluated in (True,) if evaluate else (True, False):
        try:
            start, end = _math_delimiters(text) if latex else (0, len(text))
            lexer = _Lexer(text, names, latex=latex, start=start, end=end, letters=letters)
            parser = _AnswerParser(lexer.run(), latex=latex, evaluate=evaluated)
            try:
                forms.append(parser.parse())
            except RecursionError:
                # Only when the caller's own stack is already deep: the depth bound
                # keeps the parser within a few hundred frames.
                _fail(f"nesting too deep (limit {MAX_DEPTH})", parser.peek().pos)
        except RecursionError:  # pragma: no cover - SymPy recursing on a huge expression
            _fail(f"nesting too deep (limit {MAX_DEPTH})")
    implicit = tuple(sorted(lexer.implicit.values(), key=lambda s: s.name)) if lexer else ()
    return Parsed(forms[0], forms[-1], implicit)
