"""Integer parts: ``ceiling`` and ``floor`` in regions and in claims, by their definitions.

Semantics: ``ceiling(x)`` is the integer ``n`` with ``n - 1 < x <= n``, and
``floor(x)`` the integer ``n`` with ``n <= x < n + 1``. Two rules use exactly
that and nothing of SymPy's own evaluation:

* **In a region**, a comparison of an integer-valued expression ``n`` (an
  expression SymPy's assumptions declare integer, such as the step count
  ``k``) with ``ceiling(x)`` or ``floor(x)`` is replaced by the equivalent
  comparison with ``x`` (:func:`integer_bounds`)::

      n >= ceiling(x)  iff  n >= x          n <= floor(x)  iff  n <= x
      n <  ceiling(x)  iff  n <  x          n >  floor(x)  iff  n >  x
      n >  ceiling(x)  iff  n - 1 >= x      n <  floor(x)  iff  n + 1 <= x
      n <= ceiling(x)  iff  n - 1 <  x      n >= floor(x)  iff  n + 1 >  x
      n == ceiling(x)  iff  n - 1 < x <= n  n == floor(x)  iff  n <= x < n + 1

  These are equivalences, so the region is unchanged.
* **In a claim**, each distinct ``ceiling(x)`` is written ``x + s`` and each
  ``floor(x)`` as ``x - s`` with a fresh ``s`` in ``[0, 1)``
  (:func:`relaxed`); the claim is proved for *every* such ``s`` (``s = 0`` and
  ``s = t/(1 + t)`` for every ``t > 0``). The true value of the integer part
  is one of them, so a proof of the relaxed claim proves the claim; the
  relaxed claim may fail where the claim holds (it forgets that the value
  is an integer), which leaves the claim ``unknown``, never refuted.

>>> import sympy
>>> from symreg.symbols import k, w
>>> integer_bounds(k < sympy.ceiling(w))
k < w
>>> integer_bounds(sympy.Eq(k, sympy.floor(w)))
(k <= w) & (w < k + 1)
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy
from sympy.logic.boolalg import Boolean

__all__ = ["integer_bounds", "relaxed"]

_INTEGER_PARTS = (sympy.ceiling, sympy.floor)
_FLIP = {sympy.StrictLessThan: sympy.StrictGreaterThan,
         sympy.StrictGreaterThan: sympy.StrictLessThan,
         sympy.LessThan: sympy.GreaterThan, sympy.GreaterThan: sympy.LessThan,
         sympy.Equality: sympy.Equality, sympy.Unequality: sympy.Unequality}


def integer_bounds(where: Boolean) -> Boolean:
    """``where`` with comparisons of integers against integer parts rewritten exactly."""
    if not where.has(*_INTEGER_PARTS):
        return where
    return where.replace(lambda e: isinstance(e, sympy.core.relational.Relational), _rewrite)


def _rewrite(rel: sympy.core.relational.Relational) -> Boolean:
    lhs, rhs, func = rel.lhs, rel.rhs, type(rel)
    if isinstance(lhs, _INTEGER_PARTS) and not isinstance(rhs, _INTEGER_PARTS):
        lhs, rhs, func = rhs, lhs, _FLIP[func]
    if not (isinstance(rhs, _INTEGER_PARTS) and lhs.is_integer is True):
        return rel
    n, x = lhs, rhs.args[0]
    if func is sympy.Unequality:
        return sympy.Not(_rewrite(sympy.Eq(n, rhs, evaluate=False)))
    if isinstance(rhs, sympy.ceiling):
        table = {
            sympy.GreaterThan: lambda: n >= x,
            sympy.StrictLessThan: lambda: n < x,
            sympy.StrictGreaterThan: lambda: n - 1 >= x,
            sympy.LessThan: lambda: n - 1 < x,
            sympy.Equality: lambda: sympy.And(n - 1 < x, x <= n),
        }
    else:
        table = {
            sympy.LessThan: lambda: n <= x,
            sympy.StrictGreaterThan: lambda: n > x,
            sympy.StrictLessThan: lambda: n + 1 <= x,
            sympy.GreaterThan: lambda: n + 1 > x,
            sympy.Equality: lambda: sympy.And(n <= x, x < n + 1),
        }
    return table[func]()


def relaxed(lhs: sympy.Basic, rhs: sympy.Basic
            ) -> Iterator[tuple[sympy.Basic, sympy.Basic]]:
    """The claim with every integer part written ``x + s`` (``x - s`` for floor), all ``s``.

    Yields nothing when there is no integer part; otherwise the two sides for
    ``s = 0`` and for ``s = t/(1 + t)`` (one fresh ``t > 0`` per integer
    part), every combination. The claim holds if every yielded pair does.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> [pair[0] for pair in relaxed(sympy.ceiling(w) - w, 0)][0]
    0
    """
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    parts = sorted({e for side in (lhs, rhs) if isinstance(side, sympy.Basic)
                    for e in side.atoms(*_INTEGER_PARTS) if e.free_symbols},
                   key=sympy.default_sort_key)
    if not parts:
        return
    options = []
    for part in parts:
        t = sympy.Dummy("t", positive=True)
        sign = 1 if isinstance(part, sympy.ceiling) else -1
        options.append([(part, part.args[0]),
                        (part, part.args[0] + sign * t / (1 + t))])
    for combo in _product(options):
        subs = dict(combo)
        yield lhs.xreplace(subs), rhs.xreplace(subs)


def _product(options: list[list[tuple[sympy.Basic, sympy.Expr]]]
             ) -> Iterator[tuple[tuple[sympy.Basic, sympy.Expr], ...]]:
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield (first, *rest)
