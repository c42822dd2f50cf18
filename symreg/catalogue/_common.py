"""What the catalogue's topic modules share: the printer, and statements built from SymPy."""

from __future__ import annotations

import sympy

from symreg import printing

__all__: list[str] = []

tex = printing.latex


def statement(text: str, *exprs: sympy.Basic) -> str:
    """``text`` with ``{0}``, ``{1}``, ... replaced by the LaTeX of ``exprs``.

    >>> from symreg.symbols import w
    >>> statement("${0} > 0$", w**2)
    '$w^{2} > 0$'
    """
    return text.format(*[tex(e) for e in exprs])
