"""Bounded constructors: limits, numbers, powers and functions built under size guards."""

from __future__ import annotations

import sys
from typing import NoReturn

import sympy

from symreg.errors import ParseError

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


def _fail(message: str, pos: int | None = None) -> NoReturn:
    """Raise :class:`ParseError` for ``message``, at ``pos`` when it is known."""
    if pos is None:
        raise ParseError(message)
    raise ParseError(f"{message} at position {pos}")


def _limits() -> tuple[int, int]:
    """The digits of a literal and the bits of a number that may be built.

    :data:`MAX_DIGITS` and :data:`MAX_BITS`, lowered when Python's own limit on
    converting integers to and from decimal strings
    (``sys.set_int_max_str_digits``) is lower, so that neither reading a
    literal nor printing a result can raise ``ValueError``.
    """
    get = getattr(sys, "get_int_max_str_digits", None)  # Python 3.11 and later
    limit: int = get() if get is not None else 0
    if not limit:  # 0: no limit
        return MAX_DIGITS, MAX_BITS
    # A number below 2**bits has at most floor(bits * log10(2)) + 1 digits.
    return min(MAX_DIGITS, limit), min(MAX_BITS, int((limit - 1) * 3.3))


def _number(digits: str, frac: str | None, exp: str | None, text: str, pos: int) -> sympy.Rational:
    """The exact value of a number literal ``digits.frac`` times ``10**exp``."""
    frac = frac or ""
    max_digits, max_bits = _limits()
    if len(digits) + len(frac) > max_digits:
        _fail(f"number too long (more than {max_digits} digits)", pos)
    value = sympy.Rational(int(digits + frac or "0"), 10 ** len(frac))
    if exp is not None:
        if len(exp.lstrip("+-")) > 5 or abs(int(exp)) > MAX_EXPONENT:
            _fail(f"exponent of number too large (limit {MAX_EXPONENT})", pos)
        value = value * sympy.Rational(10) ** int(exp)
        if bit_length(value) > max_bits:
            _fail(f"number too large (more than {max_bits} bits)", pos)
    return value




_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def bit_length(r: sympy.Rational) -> int:
    """Bits of the larger of the numerator and the denominator of ``r``.

    The size that :data:`MAX_BITS` bounds.

    >>> import sympy
    >>> bit_length(sympy.Rational(-255, 256))
    9
    >>> bit_length(sympy.Integer(0))
    1
    """
    return max(int(r.p).bit_length(), int(r.q).bit_length())


def _guard(node: sympy.Basic, pos: int) -> sympy.Basic:
    """Refuse undefined values, oversized numbers and exponents in ``node``."""
    for part in (node, *node.args):
        if part in _UNDEFINED:
            _fail("undefined value (division by zero?)", pos)
        if isinstance(part, sympy.Rational) and bit_length(part) > _limits()[1]:
            _fail(f"number too large (more than {_limits()[1]} bits)", pos)
        if isinstance(part, sympy.Pow) and isinstance(part.exp, sympy.Rational) and (
            abs(part.exp.p) > MAX_EXPONENT or part.exp.q > MAX_EXPONENT
        ):
            _fail(f"exponent too large (limit {MAX_EXPONENT})", pos)
    return node


def _make_pow(base: sympy.Basic, exp: sympy.Basic, pos: int, evaluate: bool = True
              ) -> sympy.Basic:
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
            max_bits = _limits()[1]
            if bit_length(num) * abs(exp.p) > max_bits * exp.q:
                _fail(f"power too large (more than {max_bits} bits)", pos)
    return _guard(sympy.Pow(base, exp, evaluate=evaluate), pos)


def _apply(func: str, args: list[sympy.Basic], pos: int, evaluate: bool = True
           ) -> sympy.Basic:
    """``func`` applied to ``args``; unevaluated (the form as written) unless ``evaluate``."""
    if func == "sqrt":
        return _make_pow(args[0], sympy.Rational(1, 2), pos, evaluate)
    if func == "log" and args[0] == 0:
        _fail("logarithm of zero", pos)
    build = {"abs": sympy.Abs, "sign": sympy.sign, "log": sympy.log, "exp": sympy.exp,
             "max": sympy.Max, "min": sympy.Min}[func]
    return _guard(build(*args, evaluate=evaluate), pos)
