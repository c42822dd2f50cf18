r"""How the printer writes bars and signs: ``|x|`` in each setting, and the optional macros."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

__all__ = ["BarsAndSigns"]


class BarsAndSigns(LatexPrinter):  # type: ignore[misc]  # SymPy is untyped
    """``_print_Abs`` and ``_print_sign`` of :class:`symreg.printing.SymregLatexPrinter`."""

    _settings: dict[str, Any]

    def _macros(self) -> bool:
        """Whether to write ``\\abs`` and ``\\sign`` (not in a figure label, not in a table)."""
        settings = self._settings
        return bool(settings["macros"]) and not (settings["mathtext"]
                                                 or settings["table_safe"])

    def _print_Abs(self, expr: sympy.Abs, exp: str | None = None) -> str:
        """``|x|``; with ``table_safe``, with ``\\vert`` (a ``|`` would end a table cell);
        with ``mathtext``, plain bars (matplotlib's mathtext draws ``\\left|`` tiny);
        with ``macros``, ``\\abs{x}``."""
        if self._settings["mathtext"]:
            tex = f"|{self._print(expr.args[0])}|"
        elif self._macros():
            tex = rf"\abs{{{self._print(expr.args[0])}}}"
        elif not self._settings["table_safe"]:
            return str(super()._print_Abs(expr, exp))
        else:
            tex = r"\left\vert {" + self._print(expr.args[0]) + r"}\right\vert "
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_sign(self, expr: sympy.sign, exp: str | None = None) -> str:
        """SymPy's ``\\operatorname{sign}``; with ``macros``, ``\\sign``."""
        name = r"\sign" if self._macros() else r"\operatorname{sign}"
        head = name if exp is None else rf"{name}^{{{exp}}}"
        return rf"{head}{{\left({self._print(expr.args[0])} \right)}}"
