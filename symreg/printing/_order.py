r"""The order of the factors of a product as symreg prints them (see :func:`factor_key`)."""

from __future__ import annotations

from typing import Any

import sympy

__all__ = ["LEADING_SYMBOLS", "factor_key"]


#: Parameters that open a product, in this order: the step size, the strengths, the step.
LEADING_SYMBOLS: tuple[str, ...] = ("eta", "lam", "lam_1", "lam_2", "eps")
# The variables close a product (``w``, its indexed and subscripted forms, ``u``, ``z``).
_VARIABLES = frozenset({"w", "u", "z"})


def _symbol_name(obj: Any) -> str | None:
    if isinstance(obj, sympy.Symbol):
        return str(obj.name)
    if isinstance(obj, sympy.Indexed):
        return str(obj.base.label)
    return None


def factor_key(factor: sympy.Expr) -> int:
    r"""Where a factor stands in a product as symreg prints it (smaller first).

    Numbers first; then counts (integer symbols such as ``k``); then the
    parameters of :data:`LEADING_SYMBOLS` in that order (``\eta`` before
    ``\lambda`` before ``\varepsilon``); then other symbols (``p``, ``s``,
    data such as ``x_i``, and coefficients written as a unit); then sums; then
    the variables ``w`` (also ``w_0``, ``w_j``), ``u`` and ``z``, and sums
    over an index; then everything else (functions such as ``|w|``). A power
    ranks as its base. Factors of the same rank keep SymPy's
    order, so the order is deterministic.

    >>> from symreg.symbols import eps, eta, k, lam, w
    >>> [factor_key(f) for f in (sympy.Integer(2), k, eta, lam, eps, 1 - w, w**2, abs(w))]
    [0, 1, 2, 3, 6, 8, 9, 11]
    >>> from symreg.printing import latex
    >>> latex(2 * eps * lam * w), latex(k * eta * lam), latex(w * (1 - 2 * eta * lam))
    ('2 \\lambda \\varepsilon w', 'k \\eta \\lambda', '\\left(1 - 2 \\eta \\lambda\\right) w')
    """
    if factor.is_Number:
        return 0
    base = factor.as_base_exp()[0]
    others = 2 + len(LEADING_SYMBOLS)
    if isinstance(base, sympy.UnevaluatedExpr):
        base = base.args[0]
        if not isinstance(base, sympy.Add):
            return others  # a coefficient as written (a strength such as s^2/b)
    name = _symbol_name(base)
    if isinstance(base, sympy.Sum):
        return others + 2  # a sum over the data or the weights, like the variables
    if name is None:
        return others + 1 if isinstance(base, sympy.Add) else others + 4
    if base.is_integer:
        return 1
    if name in LEADING_SYMBOLS:
        return 2 + LEADING_SYMBOLS.index(name)
    if name in _VARIABLES or name.startswith("w_"):
        return others + 2
    return others


def _factors(product: sympy.Mul) -> list[sympy.Expr]:
    """The factors of a product, those of a product written inside it included."""
    out: list[sympy.Expr] = []
    for factor in product.as_ordered_factors():
        out += _factors(factor) if isinstance(factor, sympy.Mul) else [factor]
    return out


def _one_root(factors: list[sympy.Expr]) -> list[sympy.Expr]:
    r"""Square roots of positive constants in a product joined under one radical.

    SymPy keeps :math:`\sqrt{2\pi}` as the product :math:`\sqrt{2}\sqrt{\pi}`;
    read as one root it is the familiar constant (the first root's place is kept).

    >>> from symreg.printing import latex
    >>> from symreg.symbols import sigma
    >>> latex(sympy.log(sympy.sqrt(2 * sympy.pi) * sigma))
    '\\log{\\left(\\sigma \\sqrt{2 \\pi} \\right)}'
    """
    roots = [f for f in factors if isinstance(f, sympy.Pow) and f.exp == sympy.S.Half
             and f.base.is_number and f.base.is_positive]
    if len(roots) < 2:
        return factors
    joined = sympy.Pow(sympy.Mul(*[r.base for r in roots], evaluate=False), sympy.S.Half,
                       evaluate=False)
    first = factors.index(roots[0])
    rest = [f for f in factors if not any(f is r for r in roots)]
    return [*rest[:first], joined, *rest[first:]]
