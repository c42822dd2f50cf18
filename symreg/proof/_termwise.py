"""Adding inequalities: a sum is non-negative when each of its parts is, part by part.

Semantics: to prove ``lhs >= rhs`` (or ``<=``, ``>``, ``<``), the terms of
``lhs - rhs`` are grouped into parts whose variables (the symbols not assumed
positive) are disjoint, and each part is proved ``>= 0`` (``> 0`` for a strict
relation; ``<=``/``<`` alike) on its own. If every part holds at every point,
so does their sum: this is the rule of adding inequalities, and it is sound
for any grouping of the terms; grouping by variables only makes the parts
provable. Parts that are the same expression after renaming their variables
(to symbols with the same assumptions, in order of name) are proved once: a
claim proved for every value of its variables holds for every renaming of
them. The rule can only fail to prove (a part may be negative somewhere while
the sum is not), never prove a false sum.

>>> import sympy
>>> from symreg.symbols import lam
>>> a, b = sympy.symbols("a b", real=True)
>>> [sorted(map(str, p.free_symbols)) for p in parts(lam * sympy.Abs(a) + a**2 + b**2)]
[['a', 'lam'], ['b']]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import sympy

__all__ = ["parts", "prove_termwise"]

#: The relations the rule applies to.
Inequality = Literal["le", "lt", "ge", "gt"]
_INEQUALITIES: tuple[Inequality, ...] = ("le", "lt", "ge", "gt")


def _variables(term: sympy.Basic) -> set[sympy.Symbol]:
    return {s for s in term.free_symbols if isinstance(s, sympy.Symbol) and not s.is_positive}


def parts(d: sympy.Expr) -> list[sympy.Expr]:
    """The terms of ``d`` grouped into sums with disjoint variables, in a fixed order."""
    groups: list[tuple[set[sympy.Symbol], list[sympy.Expr]]] = []
    for term in sympy.Add.make_args(d):
        own = _variables(term)
        merged = [g for g in groups if g[0] & own]
        rest = [g for g in groups if not g[0] & own]
        variables = set(own).union(*(g[0] for g in merged))
        terms = [t for g in merged for t in g[1]] + [term]
        groups = [*rest, (variables, terms)]
    out = [sympy.Add(*terms) for _, terms in groups]
    return sorted(out, key=lambda p: sorted(s.name for s in _variables(p)))


def _canonical(part: sympy.Expr) -> sympy.Expr:
    """``part`` with its variables renamed in order of name, keeping their assumptions."""
    names = sorted(_variables(part), key=lambda s: s.name)
    return part.xreplace({s: sympy.Symbol(f"_v{i}", **s.assumptions0)
                          for i, s in enumerate(names)})


def prove_termwise(rel: str, lhs: sympy.Basic, rhs: sympy.Basic,
                   prove_part: Callable[[Inequality, sympy.Expr], bool]) -> bool:
    """Prove ``lhs REL rhs`` by proving each part of ``lhs - rhs`` against 0 (False: unproved).

    ``prove_part(rel, part)`` proves ``part REL 0``; it is called once per
    distinct part up to renaming. Fewer than two parts: nothing to add, False.

    >>> import sympy
    >>> a, b = sympy.symbols("a b", real=True)
    >>> seen = []
    >>> prove_termwise("ge", (a - 1)**2 + (b - 1)**2, 0, lambda r, p: seen.append(p) or True)
    True
    >>> len(seen)
    1
    """
    relation = next((r for r in _INEQUALITIES if r == rel), None)
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    if relation is None or not isinstance(lhs, sympy.Expr) or not isinstance(rhs, sympy.Expr):
        return False
    groups = parts(lhs - rhs)
    if len(groups) < 2:
        return False
    done: list[sympy.Expr] = []
    for part in groups:
        canonical = _canonical(part)
        if canonical in done:
            continue
        if not prove_part(relation, part):
            return False
        done.append(canonical)
    return True
