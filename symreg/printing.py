r"""How symreg prints mathematics: one place that turns SymPy objects into LaTeX.

Every renderer prints through :func:`latex`, which knows symreg's symbol names
(``lam`` prints as ``\lambda``).

>>> from symreg.symbols import lam, w
>>> latex(lam * abs(w))
'\\lambda \\left|{w}\\right|'
"""

from __future__ import annotations

from typing import Any

import sympy

from symreg.symbols import LATEX_NAMES

__all__ = ["latex"]


def latex(expr: Any, **settings: Any) -> str:
    r"""Render ``expr`` as LaTeX with symreg's symbol names.

    Extra keyword arguments go to :func:`sympy.latex`; ``symbol_names`` given
    by the caller extend (and override) the canonical ones.

    >>> from symreg.symbols import eps, eta
    >>> latex(eps * eta)
    '\\varepsilon \\eta'
    """
    names = dict(LATEX_NAMES)
    names.update(settings.pop("symbol_names", {}))
    return sympy.latex(expr, symbol_names=names, **settings)
