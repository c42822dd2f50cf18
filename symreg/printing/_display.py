r"""Notebook display of plain SymPy results in symreg's notation (see :func:`init_printing`)."""

from __future__ import annotations

from typing import Any

import sympy

__all__ = ["init_printing", "latex_display"]


def latex_display(obj: sympy.Basic) -> str:
    r"""A SymPy object as a notebook shows it: symreg's LaTeX between ``$``.

    >>> from symreg.symbols import eta, lam, z
    >>> latex_display(z - eta * lam)
    '$z - \\eta \\lambda$'
    """
    from symreg.printing import latex

    return f"${latex(obj)}$"


def init_printing(shell: Any = None) -> None:
    r"""Show SymPy results in an IPython or Jupyter session with symreg's printer.

    After ``symreg.printing.init_printing()`` a cell whose value is a SymPy
    object (``L1().prox()``, ``lam * w**2``) is displayed with symreg's names
    and order: ``\lambda`` for ``lam``, ``z - \eta \lambda`` rather than
    ``- \eta \lambda + z``, and the reader's notation when one is in force
    (:func:`symreg.printing.notation`). The plain-text view is SymPy's.

    Args:
        shell: the IPython shell; by default the running one.

    Raises:
        UnsupportedError: no IPython session is running (and none was given).
    """
    from symreg.errors import UnsupportedError

    if shell is None:
        try:
            from IPython import get_ipython  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            get_ipython = None
        shell = get_ipython() if get_ipython is not None else None
        if shell is None:
            raise UnsupportedError("init_printing needs a running IPython or Jupyter session")
    formatter = shell.display_formatter.formatters["text/latex"]
    formatter.for_type(sympy.Basic, latex_display)
