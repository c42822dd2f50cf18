r"""Conventions as data: the expression a result was derived under, with a short label.

A number such as the gradient crossover of L1 and L2 (1/2 under ``lam*w**2``, 1
under ``lam/2*w**2``) means nothing without the convention it was derived
under. Every such result carries a :class:`Convention`: the SymPy expression
that fixes it, and a few plain words naming its role. Renderers print the
expression through :mod:`symreg.printing`; nothing is ever parsed back from a
string.

>>> from symreg.symbols import lam, w
>>> c = Convention(label="penalty", expr=lam * w**2 / 2)
>>> c.label, c.expr
('penalty', lam*w**2/2)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from symreg.errors import InvalidParameterError

__all__ = ["Convention"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Convention:
    """The expression a result depends on, and a short label for its role.

    ``label`` is plain text (no markup): it is escaped wherever it is printed.

    >>> from symreg.symbols import lam, w
    >>> Convention(label="penalty", expr=lam * abs(w)).label
    'penalty'
    >>> Convention(label="", expr=lam)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: label must be a non-empty string, got ''
    """

    label: str
    expr: sympy.Basic

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise InvalidParameterError(f"label must be a non-empty string, got {self.label!r}")
        if not isinstance(self.expr, sympy.Basic):
            raise InvalidParameterError(
                f"expr must be a SymPy expression, got {type(self.expr).__name__}")
