r"""How the printer writes conditions: comma lists, chains ``a < x < b``, numbers on the right."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy
from sympy.logic.boolalg import And, Boolean, Not, Or
from sympy.printing.latex import LatexPrinter

__all__ = ["Conditions"]

# a < b and b > a (and the non-strict ones) read as "a OP b" with these operators.
_LOWER: dict[type, str] = {sympy.StrictLessThan: "<", sympy.LessThan: r"\le"}
_UPPER: dict[type, str] = {sympy.StrictGreaterThan: "<", sympy.GreaterThan: r"\le"}


_Less = tuple[sympy.Expr, str, sympy.Expr]


def _as_less(rel: Any) -> _Less | None:
    """``a < b`` / ``b > a`` (and the non-strict ones) as ``(a, op, b)``; else None."""
    if type(rel) in _LOWER:
        return rel.lhs, _LOWER[type(rel)], rel.rhs
    if type(rel) in _UPPER:
        return rel.rhs, _UPPER[type(rel)], rel.lhs
    return None


def _partner(i: int, less: list[_Less | None], used: set[int]) -> tuple[int, _Less, _Less] | None:
    """The first unused comparison that chains with comparison ``i``, as ``(j, lower, upper)``:
    ``a < x`` and ``x < b`` chain through the same non-numeric ``x``."""
    low = less[i]
    if low is None:
        return None
    for j, high in enumerate(less):
        if j in used or high is None:
            continue
        if high[0] == low[2] and not low[2].is_number:
            return j, low, high
        if low[0] == high[2] and not low[0].is_number:
            return j, high, low
    return None


class Conditions(LatexPrinter):  # type: ignore[misc]  # SymPy is untyped
    r"""The ``_print_And``, ``_print_Or``, ``_print_Not`` and ``_print_Relational`` of
    :class:`symreg.printing.SymregLatexPrinter`.

    >>> from symreg.printing import latex
    >>> from symreg.symbols import w, z
    >>> latex((w > 0) & (w < 1) & (z >= 2))
    'z \\geq 2,\\ 0 < w < 1'
    """

    def _print_And(self, expr: And) -> str:
        """A comma list; ``a < x`` and ``x < b`` among the conjuncts read ``a < x < b``."""
        return r",\ ".join(self._chained(expr.args))

    def _print_Or(self, expr: Or) -> str:
        return r" \ \text{or}\ ".join(self._grouped(arg) for arg in expr.args)

    def _print_Not(self, expr: Not) -> str:
        return r"\neg\left(" + str(self._print(expr.args[0])) + r"\right)"

    def _print_Relational(self, expr: sympy.core.relational.Relational) -> str:
        """A comparison of a number with an expression puts the number on the right."""
        if _as_less(expr) is not None and expr.lhs.is_number and not expr.rhs.is_number:
            expr = expr.reversed  # 1 < w reads w > 1
        return str(super()._print_Relational(expr))

    def _grouped(self, cond: Boolean) -> str:
        inner = self._print(cond)
        return f"\\left({inner}\\right)" if isinstance(cond, And) else str(inner)

    def _chained(self, args: Iterable[Boolean]) -> list[str]:
        """Print ``a < x`` and ``x < b`` among ``args`` as one chain ``a < x < b``."""
        items = list(args)
        less = [_as_less(a) for a in items]
        used: set[int] = set()
        parts: list[str] = []
        for i, item in enumerate(items):
            if i in used:
                continue
            used.add(i)
            found = _partner(i, less, used)
            if found is None:
                parts.append(self._grouped(item))
                continue
            j, lo, hi = found
            used.add(j)
            parts.append(self._chain(lo, hi))
        return parts

    def _chain(self, lo: _Less, hi: _Less) -> str:
        """``lo[0] REL x REL hi[2]`` where ``lo[2]`` and ``hi[0]`` are the same ``x``."""
        if lo[1] == hi[1] == r"\le" and lo[0] == hi[2]:
            return f"{self._print(lo[2])} = {self._print(lo[0])}"  # a <= x <= a says x = a
        return " ".join((self._print(lo[0]), lo[1], self._print(lo[2]), hi[1],
                         self._print(hi[2])))
