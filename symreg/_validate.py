"""Three-way parameter checks: a value is refused only when it is provably invalid.

A number is checked; a symbol or expression passes unless its assumptions
make the condition false (a free symbol of unknown sign passes).

>>> require_positive(2, "strength")
2
>>> require_real_point(-3, "at")
-3
"""

from __future__ import annotations

from typing import Any

import sympy

from symreg.errors import InvalidParameterError

__all__ = ["require_positive", "require_real_point"]


def require_positive(value: Any, name: str) -> sympy.Expr:
    """Return ``value`` as a SymPy expression, refusing what cannot be positive.

    A number must be > 0; a symbol or expression is accepted unless its
    assumptions make it non-positive or non-real (three-way validation: only a
    provably invalid value is refused).

    >>> require_positive(2, "strength")
    2
    >>> require_positive(0, "strength")
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: strength must be positive (> 0), got 0
    """
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(
            f"{name} must be a positive number or SymPy expression, got {value!r}"
        ) from exc
    if not isinstance(expr, sympy.Expr):
        raise InvalidParameterError(
            f"{name} must be a positive number or SymPy expression, got {value!r}"
        )
    if expr.is_positive is False or expr.is_real is False or expr.has(
        sympy.nan, sympy.zoo, sympy.oo, -sympy.oo
    ):
        raise InvalidParameterError(f"{name} must be positive (> 0), got {value}")
    return expr


def require_real_point(value: Any, name: str) -> sympy.Expr:
    """Return ``value`` as a SymPy expression, refusing what cannot be a real point.

    >>> import sympy
    >>> require_real_point(sympy.Symbol("t"), "at")
    t
    >>> require_real_point(sympy.I, "at")
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: at must be a real number or expression, got I
    """
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(f"{name} must be a real number or expression, "
                                    f"got {value!r}") from exc
    if not isinstance(expr, sympy.Expr) or expr.is_real is False or expr.has(
        sympy.nan, sympy.zoo
    ):
        raise InvalidParameterError(f"{name} must be a real number or expression, got {value}")
    return expr
