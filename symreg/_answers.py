r"""Answers as exact SymPy objects: safe parsing, coercion of text and numbers, time budgets.

Graders and test writers hand symreg untrusted text, LaTeX, numbers or SymPy
objects; this module turns each into an exact SymPy object over the canonical
symbols of :mod:`symreg.symbols` (or refuses it), for :mod:`symreg.check` and
:mod:`symreg.testing`.

>>> coerce_answer(0.5, "answer", latex=False, symbols=None)
1/2
"""

from __future__ import annotations

import fractions
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import sympy

from symreg import parse as _parse
from symreg import symbols as _symbols
from symreg.errors import InvalidParameterError, ParseError, SymregError

__all__ = ["Answer", "SymbolsArg", "check_rtol", "check_timeout", "coerce_answer",
           "coerce_written", "parse", "symbols_from_spec"]

#: More names for the parser: a mapping ``{name: Symbol or assumption}``, an
#: iterable of symbols, or a spec such as ``"x y: real; a: positive"``.
SymbolsArg = Mapping[str, sympy.Basic | str] | Iterable[sympy.Symbol] | str | None

#: The assumptions a name may be given (those the prover's sampler respects).
ASSUMPTIONS = ("integer", "negative", "nonnegative", "positive", "real")


def symbols_from_spec(spec: str | Mapping[str, sympy.Basic | str]) -> dict[str, sympy.Basic]:
    """Symbols for a spec ``"x y: real; a: positive; k: integer"`` or ``{"x": "real", ...}``.

    Each name gets one assumption of :data:`ASSUMPTIONS`; a value that is already a
    SymPy symbol is kept.

    >>> symbols_from_spec("x y: real; k: integer")
    {'x': x, 'y': y, 'k': k}
    >>> symbols_from_spec({"a": "positive"})["a"].is_positive
    True
    >>> symbols_from_spec("x: complex")
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: unknown assumption 'complex' for x (known: integer, \
negative, nonnegative, positive, real)
    """
    pairs: list[tuple[str, sympy.Basic | str]] = []
    if isinstance(spec, str):
        for group in filter(None, (g.strip() for g in spec.split(";"))):
            names, colon, assumption = group.partition(":")
            if not colon or not names.split():
                raise InvalidParameterError(
                    f"invalid symbols spec {group!r}: write 'names: assumption'")
            pairs += [(name, assumption.strip()) for name in names.replace(",", " ").split()]
    else:
        pairs = list(spec.items())
    out: dict[str, sympy.Basic] = {}
    for name, value in pairs:
        if isinstance(value, str):
            if value not in ASSUMPTIONS:
                raise InvalidParameterError(
                    f"unknown assumption {value!r} for {name} (known: {', '.join(ASSUMPTIONS)})")
            if not name.isidentifier():
                raise InvalidParameterError(f"invalid symbol name {name!r}")
            value = sympy.Symbol(name, **{value: True})
        out[name] = value
    return out


def _symbol_names(symbols: SymbolsArg
                  ) -> Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None:
    if isinstance(symbols, str) or (isinstance(symbols, Mapping) and any(
            isinstance(v, str) for v in symbols.values())):
        return symbols_from_spec(symbols)
    return symbols


def parse(
    text: str,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
) -> sympy.Basic:
    r"""Parse untrusted ``text`` (or LaTeX) into a SymPy expression, safely.

    Nothing is executed: the input is tokenized and parsed by hand and the
    expression is built with SymPy's constructors. Every accepted input means
    exactly what it says; anything ambiguous or unknown is refused.

    **Plain text** accepts numbers (decimals are exact: ``0.1`` is ``1/10``;
    ``1e-3`` is ``1/1000``), ``+ - * / ^ **``, parentheses, implicit
    multiplication (``2 lam w``, ``w(w-1)``), ``|w|`` bars, the names
    ``w z lam lambda eps epsilon eta sigma b pi`` (and the Greek letters
    lambda, epsilon, eta, sigma, pi as Unicode characters), the functions
    ``abs Abs sign sgn sqrt log ln exp max Max min Min`` (called with
    parentheses). ``a/b c`` is refused as ambiguous; write ``(a/b)*c``.

    **LaTeX** (``latex=True``) accepts ``\lambda \sigma \epsilon \varepsilon
    \eta \pi``, single-letter symbols (``w``, ``z``, ``b``), ``\frac``,
    ``\sqrt``, ``^{...}``, ``\left| \right|``, ``|...|``, ``\lvert \rvert``,
    ``\left( \right)``, ``\operatorname{sign}``, ``\mathrm{sgn}``, ``\log``,
    ``\ln``, ``\exp``, ``\max``, ``\min``, ``\cdot``, ``\times`` and the spaces
    ``\, \; \: \! ~``, optionally inside ``$...$``. Runs of letters (``sign``
    without ``\operatorname``), ``w^23``, comments and TeX primitives such as
    ``\input``, ``\write18``, ``\def``, ``\catcode`` or environments are
    refused.

    Args:
        text: the untrusted input (at most 10,000 characters).
        latex: parse ``text`` as LaTeX instead of plain text.
        symbols: more names to accept, as a mapping ``{name: Symbol}`` or an
            iterable of symbols (canonical ones are named by their Python name,
            e.g. ``w0``), or with assumptions (:func:`symbols_from_spec`):
            ``{"x": "real", "a": "positive"}`` or ``"x y: real; a: positive"``.
            A symbol reusing a canonical name with other assumptions is refused.

    Returns:
        The expression.

    Raises:
        ParseError: the input is refused; the message says what was wrong and
            where (a 0-based character position).
        InvalidParameterError: ``symbols`` is invalid.

    >>> from symreg.symbols import s
    >>> parse("0.029999")
    29999/1000000
    >>> parse(r"\lambda \left| w \right|", latex=True)
    lam*Abs(w)
    >>> parse("s^2 w", symbols=[s])
    s**2*w
    >>> parse("2 foo")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: unknown name 'foo' at position 2
    >>> parse("9**9**9**9")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: exponent too large (limit 1000) at position 4
    >>> parse("max(sqrt(-1), 0)")
    Traceback (most recent call last):
    ...
    symreg.errors.ParseError: not a real expression: max and min need real arguments
    """
    try:
        return _parse.parse(text, latex=latex, symbols=_symbol_names(symbols))
    except SymregError:
        raise
    except (ValueError, TypeError, ArithmeticError) as exc:
        # SymPy's constructors refuse some inputs themselves (Max(I, 0)).
        if "not comparable" in str(exc):
            raise ParseError("not a real expression: max and min need real arguments") from None
        raise ParseError(f"cannot build the expression: {type(exc).__name__}: {exc}") from None


def _require_real(expr: sympy.Basic, role: str) -> None:
    """Refuse an expression with a constant part that is not real (``sqrt(-2)``, ``log(-1)``)."""
    if isinstance(expr, sympy.Set):
        return
    if expr.has(sympy.I, sympy.zoo, sympy.nan) or any(
            sub.is_number and sub.is_extended_real is False
            for sub in sympy.preorder_traversal(expr) if isinstance(sub, sympy.Expr)):
        raise InvalidParameterError(f"{role} is not a real expression: {_short(expr)}")


def _short(expr: sympy.Basic) -> str:
    try:
        text = str(sympy.sstr(expr))
    except ValueError:  # a number too long for str()
        return "an expression with a number too long to print"
    return text if len(text) <= 80 else text[:77] + "..."


def _canonical_conflicts(expr: sympy.Basic) -> None:
    canonical = {sym.name: sym for sym in _symbols.by_name().values()}
    for sym in expr.free_symbols:
        same = canonical.get(getattr(sym, "name", None))
        if same is not None and sym is not same and sym != same:
            raise InvalidParameterError(
                f"symbol {sym.name!r} has other assumptions than symreg's canonical "
                f"{sym.name!r}: use symreg.symbols.{_python_name(same)}"
            )


def _python_name(sym: sympy.Symbol) -> str:
    for name, value in _symbols.by_name().items():
        if value is sym:
            return name
    return str(sym.name)  # pragma: no cover - only canonical symbols are passed


def _exact_float(value: float, role: str) -> sympy.Rational:
    if not math.isfinite(value):
        raise InvalidParameterError(f"{role} must be finite, got {value!r}")
    return sympy.Rational(repr(float(value)))


def coerce_answer(obj: Any, role: str, *, latex: bool, symbols: SymbolsArg) -> sympy.Basic:
    """Turn an answer (text, number or SymPy object) into an exact SymPy object.

    Text is parsed by :func:`parse`; floats become the rationals they denote;
    SymPy objects must be expressions or sets over symbols that do not clash
    with the canonical ones. ``role`` names the argument in error messages.

    Raises:
        ParseError: text refused by :func:`parse`.
        InvalidParameterError: not an expression, not a real expression
            (``sqrt(-2)``, ``log(-1)``), a non-finite float, or a symbol that
            reuses a canonical name with other assumptions.
        TypeError: an object of another type.

    >>> coerce_answer("lam |w|", "answer", latex=False, symbols=None)
    lam*Abs(w)
    >>> coerce_answer(True, "answer", latex=False, symbols=None)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: answer must be an expression, got True
    >>> coerce_answer("log(-1)", "answer", latex=False, symbols=None)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: answer is not a real expression: I*pi
    """
    if isinstance(obj, str):
        parsed = parse(obj, latex=latex, symbols=symbols)
        _require_real(parsed, role)
        return parsed
    if isinstance(obj, bool) or obj is None:
        raise InvalidParameterError(f"{role} must be an expression, got {obj!r}")
    if isinstance(obj, numbers.Integral):
        return sympy.Integer(int(obj))
    if isinstance(obj, (fractions.Fraction, numbers.Rational)):
        return sympy.Rational(int(obj.numerator), int(obj.denominator))
    if isinstance(obj, numbers.Real):
        return _exact_float(float(obj), role)
    if isinstance(obj, sympy.Basic):
        if not isinstance(obj, (sympy.Expr, sympy.Set, sympy.Eq, sympy.Tuple)):
            raise InvalidParameterError(f"{role} must be an expression, got {obj!r}")
        _canonical_conflicts(obj)
        if obj.has(sympy.Float):
            obj = obj.xreplace({f: sympy.Rational(str(f)) for f in obj.atoms(sympy.Float)})
        _require_real(obj, role)
        return obj
    if isinstance(obj, tuple):
        return sympy.Tuple(*(coerce_answer(x, role, latex=latex, symbols=symbols) for x in obj))
    if isinstance(obj, (set, frozenset)):
        return sympy.FiniteSet(*(coerce_answer(x, role, latex=latex, symbols=symbols)
                                 for x in obj))
    raise TypeError(f"{role} must be a str, a number or a SymPy expression, "
                    f"got {type(obj).__name__}")


class Answer(NamedTuple):
    """An answer ready for the checker: its form as written and notes on how it was read."""

    written: sympy.Basic
    warnings: tuple[str, ...] = ()


def coerce_written(obj: Any, role: str, *, latex: bool, symbols: SymbolsArg) -> Answer:
    """Like :func:`coerce_answer`, but keep the form as written (``w/w`` stays ``w/w``).

    Text is parsed twice (:func:`symreg.parse.parse_answer`): once with
    evaluation, which checks every bound, and once without, for the written
    form whose domain the checker reads. Without ``symbols``, an unknown single
    letter is a real symbol and the answer carries a warning saying so.

    >>> answer = coerce_written("(x^2 - 1)/(x + 1)", "answer", latex=False, symbols=None)
    >>> answer.written
    (x**2 - 1)/(x + 1)
    >>> answer.warnings
    ('x was not declared; it is read as a real symbol',)
    """
    if not isinstance(obj, str):
        return Answer(coerce_answer(obj, role, latex=latex, symbols=symbols))
    try:
        parsed = _parse.parse_answer(obj, latex=latex, symbols=_symbol_names(symbols),
                                     evaluate=False, letters=symbols is None)
    except SymregError:
        raise
    except (ValueError, TypeError, ArithmeticError) as exc:
        if "not comparable" in str(exc):
            raise ParseError("not a real expression: max and min need real arguments") from None
        raise ParseError(f"cannot build the expression: {type(exc).__name__}: {exc}") from None
    _require_real(parsed.value, role)
    notes = tuple(f"{sym} was not declared; it is read as a real symbol"
                  for sym in parsed.letters)
    return Answer(parsed.written, notes)


def check_rtol(rtol: object) -> sympy.Rational | None:
    """``rtol`` as an exact non-negative rational (None stays None).

    >>> check_rtol(0.01)
    1/100
    >>> check_rtol(-1)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: rtol must be a non-negative finite number, got -1
    """
    if rtol is None:
        return None
    if isinstance(rtol, bool) or not isinstance(rtol, numbers.Real) \
            or not math.isfinite(rtol) or rtol < 0:
        raise InvalidParameterError(f"rtol must be a non-negative finite number, got {rtol!r}")
    if isinstance(rtol, numbers.Rational):
        return sympy.Rational(int(rtol.numerator), int(rtol.denominator))
    return sympy.Rational(repr(float(rtol)))


def check_timeout(timeout: object) -> float:
    """``timeout`` as seconds, if it is a positive finite number.

    >>> check_timeout(2)
    2.0
    >>> check_timeout(0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: timeout must be a positive number of seconds, got 0
    """
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) \
            or not math.isfinite(timeout) or timeout <= 0:
        raise InvalidParameterError(f"timeout must be a positive number of seconds, "
                                    f"got {timeout!r}")
    return float(timeout)
