"""SymPy objects rebuilt from their class and arguments, as they were written (no evaluation).

Frozen data of a derivation (the worker's transfer, the kept derivations of the
catalogue) comes back through :func:`rebuild`, so that ``Abs(w)**2`` stays
``Abs(w)**2`` instead of becoming ``w**2``.

>>> import sympy
>>> from symreg.symbols import w
>>> rebuild(sympy.Pow, [sympy.Abs(w), sympy.Integer(2)])
Abs(w)**2
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

__all__ = ["rebuild"]


def rebuild(cls: type, args: Sequence[Any]) -> Any:
    """``cls(*args)`` without evaluation where the class allows it."""
    if issubclass(cls, sympy.Piecewise):
        return cls(*[tuple(pair.args) for pair in args], evaluate=False)
    try:
        return cls(*args, evaluate=False)
    except TypeError:
        return cls(*args)
