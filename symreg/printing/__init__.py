r"""How symreg prints mathematics: one LaTeX printer that every renderer goes through.

:class:`SymregLatexPrinter` extends SymPy's :class:`~sympy.printing.latex.LatexPrinter`
the SymPy way, with ``_print_<Class>`` methods: symreg's symbol names (``lam``
prints as ``\lambda``), conditions (a conjunction as a comma list, bounds of one
term as a chain ``a \le z < b``, a number on the right of a comparison), and
absolute values that survive a Markdown table cell (``table_safe=True``),
and products in a reader's order (:func:`factor_key`: ``2 \eta \lambda w``,
``\lambda \varepsilon``, not SymPy's alphabetical ``\varepsilon \lambda``).
Inside :func:`macros`, bars and signs print as ``\abs{w}`` and ``\sign``
(defined by :func:`macro_definitions`). Objects that know how to print
themselves do it with ``_latex(self, printer)``.
Nobody edits a printed string afterwards: what cannot be printed right is
printed right here.

>>> from symreg.symbols import lam, w
>>> latex(lam * abs(w))
'\\lambda \\left|{w}\\right|'
>>> latex((w > 0) & (w < 1))
'0 < w < 1'
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy
from sympy.printing.latex import LatexPrinter

from symreg.printing._bars import BarsAndSigns
from symreg.printing._conditions import Conditions
from symreg.printing._display import init_printing, latex_display
from symreg.printing._macros import MACROS, macro_definitions, macros, macros_enabled, operator
from symreg.printing._notation import Notation, current_notation, notation, subscripted
from symreg.printing._order import (
    LEADING_SYMBOLS,
    _factors,
    _one_root,
    _symbol_name,
    factor_key,
)
from symreg.printing._words import Words, as_written, shown, words
from symreg.symbols import LATEX_NAMES

__all__ = [
    "LEADING_SYMBOLS",
    "MACROS",
    "Notation",
    "SymregLatexPrinter",
    "Words",
    "as_written",
    "current_notation",
    "factor_key",
    "finer_pieces",
    "in_force",
    "init_printing",
    "latex",
    "latex_display",
    "macro_definitions",
    "macros",
    "macros_enabled",
    "notation",
    "operator",
    "pieces",
    "shown",
    "words",
]

class SymregLatexPrinter(BarsAndSigns, Conditions):
    r"""SymPy's LaTeX printer with symreg's notation.

    Settings are SymPy's (an unknown one raises :class:`TypeError`), plus
    ``table_safe`` (print no ``|``, so the math can stand in a Markdown table
    cell), ``mathtext`` (for matplotlib's labels: bars as ``|x|``) and
    ``macros`` (``\abs{x}`` and ``\sign``; by default as :func:`macros` says).
    ``symbol_names`` extends (and overrides) symreg's canonical names.

    >>> from symreg.symbols import lam, w
    >>> SymregLatexPrinter({"table_safe": True}).doprint(lam * abs(w))
    '\\lambda \\left\\vert {w}\\right\\vert '
    >>> SymregLatexPrinter({"no_such_setting": 1})
    Traceback (most recent call last):
    ...
    TypeError: Unknown setting 'no_such_setting'.
    """

    printmethod = "_latex"
    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "table_safe": False,
        "mathtext": False,
        "macros": None,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        settings = dict(settings or {})
        names = dict(LATEX_NAMES)
        names.update(current_notation())
        names.update(settings.pop("symbol_names", None) or {})
        settings["symbol_names"] = names
        if settings.get("macros") is None:
            settings["macros"] = macros_enabled()
        super().__init__(settings)
        # The order of terms in force, kept aside while a product prints its factors.
        self._held_order: tuple[str | None] | None = None

    def _print(self, expr: Any, **kwargs: Any) -> str:
        held = self._held_order
        if held is None:
            return str(super()._print(expr, **kwargs))
        # A factor of a product prints under the order in force, not the product's.
        self._settings["order"], self._held_order = held[0], None
        try:
            return str(super()._print(expr, **kwargs))
        finally:
            self._settings["order"], self._held_order = "none", held

    # -- products -------------------------------------------------------------

    def _print_Mul(self, expr: Any) -> str:
        r"""A product with its factors in :func:`factor_key` order; the rest is SymPy's.

        The factors are put in order as an unevaluated product, which SymPy's
        own printing then sets (signs, fractions, brackets) without sorting it
        again.

        >>> from symreg.symbols import eps, lam, w
        >>> latex(-eps * lam * (2 * w - eps) / 2)
        '- \\frac{\\lambda \\varepsilon \\left(2 w - \\varepsilon\\right)}{2}'
        """
        if not isinstance(expr, sympy.Mul) or self.order in ("old", "none"):
            return str(super()._print_Mul(expr))
        numbers = [arg for arg in expr.args if arg.is_Number]
        if len(numbers) > 1 or (numbers and expr.args[0] is not numbers[0]):
            # a product as written, with a value put in for a symbol (2 eta 0): as it stands
            return str(super()._print_Mul(expr))
        sign = ""
        if expr.could_extract_minus_sign():
            positive = -expr
            if not isinstance(positive, sympy.Mul):
                return str(super()._print_Mul(expr))
            sign, expr = "- ", positive
        ordered = _one_root(sorted(_factors(expr), key=factor_key))
        product = sympy.Mul(*ordered, evaluate=False)
        outer = self._settings["order"]
        self._settings["order"], self._held_order = "none", (outer,)
        try:
            return sign + str(super()._print_Mul(product))
        finally:
            self._settings["order"], self._held_order = outer, None

    # -- sums and unions, as the pieces a line may be broken at ---------------

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        return " ".join(self._add_pieces(expr, order))

    def _add_terms(self, expr: sympy.Add, order: str | None = None) -> list[sympy.Expr]:
        """The terms of a sum in the order :meth:`_add_pieces` prints them."""
        terms = list(self._as_ordered_terms(expr, order=order))
        if self.order not in ("none", "old") and terms[0].could_extract_minus_sign():
            terms = ([t for t in terms if not t.could_extract_minus_sign()]
                     + [t for t in terms if t.could_extract_minus_sign()])
        return terms

    def _add_pieces(self, expr: sympy.Add, order: str | None = None) -> list[str]:
        """The terms of a sum in reading order; each after the first carries its sign.

        Reading order is SymPy's order, except that a sum does not open with a
        minus sign when it need not: then the terms without one come first,
        ``z - \\eta \\lambda`` and ``1 - 2 \\eta \\lambda`` rather than
        ``- \\eta \\lambda + z`` (``w^{2} - 2 w + 1`` stays as it is).
        """
        terms = self._add_terms(expr, order)
        out: list[str] = []
        for index, term in enumerate(terms):
            sign = ""
            if index and term.could_extract_minus_sign():
                sign, term = "- ", -term
            elif index:
                sign = "+ "
            body = self._print(term)
            written_sum = isinstance(term, sympy.UnevaluatedExpr) and isinstance(
                term.args[0], sympy.Add)
            if self._needs_add_brackets(term) or written_sum:
                body = rf"\left({body}\right)"
            out.append(sign + body)
        return out

    def _print_Union(self, expr: sympy.Union) -> str:
        return " ".join(self._union_pieces(expr))

    def _union_pieces(self, expr: sympy.Union) -> list[str]:
        prec = sympy.printing.precedence.precedence_traditional(expr)
        return [(r"\cup " if index else "") + self.parenthesize(arg, prec)
                for index, arg in enumerate(expr.args)]

    def pieces(self, expr: Any) -> list[str]:
        """``expr`` cut where a line may break (joined by spaces, it reads as printed)."""
        if isinstance(expr, sympy.Add):
            return self._add_pieces(expr)
        if isinstance(expr, sympy.Union):
            return self._union_pieces(expr)
        return [self.doprint(expr)]

    def finer_pieces(self, expr: Any) -> list[str]:
        r"""``expr`` cut also between the factors of its products, for a line too long.

        A product of several compound factors (functions, brackets) may break
        before each of them; the break is marked with ``\cdot``, so the pieces
        joined by spaces read as ``expr`` with explicit multiplication dots.
        """
        if isinstance(expr, sympy.Add):
            out: list[str] = []
            for piece, term in zip(self._add_pieces(expr), self._add_terms(expr), strict=True):
                sign = piece[:2] if piece[:2] in ("+ ", "- ") else ""
                inner = -term if sign == "- " else term
                parts = self._product_pieces(inner) if isinstance(inner, sympy.Mul) else None
                out += [sign + parts[0], *parts[1:]] if parts else [piece]
            return out
        if isinstance(expr, sympy.Mul):
            sign = ""
            if expr.could_extract_minus_sign():
                sign, expr = "- ", -expr
            parts = self._product_pieces(expr) if isinstance(expr, sympy.Mul) else None
            if parts:
                return [sign + parts[0], *parts[1:]]
        return self.pieces(expr)

    def _product_pieces(self, expr: sympy.Mul) -> list[str] | None:
        """The factors of a product in groups, each ending with a compound factor; or None."""
        factors = sorted(_factors(expr), key=factor_key)
        if any(f.is_Rational and not f.is_Integer for f in factors) or any(
                f.is_Pow and f.exp.could_extract_minus_sign() for f in factors):
            return None  # a fraction: one piece
        groups: list[list[str]] = [[]]
        for index, factor in enumerate(factors):
            tex = self._print(factor)
            if self._needs_mul_brackets(factor, first=index == 0,
                                        last=index == len(factors) - 1):
                tex = rf"\left({tex}\right)"
            groups[-1].append(tex)
            simple = factor.is_Number or _symbol_name(factor.as_base_exp()[0]) is not None
            if not simple:
                groups.append([])
        if not groups[-1]:
            groups.pop()
        elif len(groups) > 1:
            tail = groups.pop()  # simple factors after the last compound one join it
            groups[-1] += tail
        out = [(r"\cdot " if index else "") + " ".join(group)
               for index, group in enumerate(groups)]
        last = factors[-1]
        inner = last.args[0] if isinstance(last, sympy.UnevaluatedExpr) else last
        if isinstance(inner, sympy.Add) and groups[-1][-1].startswith(r"\left("):
            # A sum closing the product breaks between its terms; every line's
            # brackets are as tall as the whole sum's.
            tall = rf"\vphantom{{{self._print(inner)}}}"
            terms = self._add_pieces(inner)
            split = [rf"\left({tall} {terms[0]}\right.",
                     *(rf"\left.{tall} {term}\right." for term in terms[1:-1]),
                     rf"\left.{tall} {terms[-1]}\right)"]
            head = " ".join([*groups[-1][:-1], split[0]])
            out[-1] = (r"\cdot " if len(groups) > 1 else "") + head
            out += split[1:]
        return out if len(out) > 1 else None

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        """A symbol; one with a subscript follows its renamed base (a coordinate ``w_1``)."""
        if expr not in self._settings["symbol_names"]:
            renamed = subscripted(expr, current_notation())
            if renamed is not None:
                return renamed
        return str(super()._print_Symbol(expr, style))

    def _print_MatrixSymbol(self, expr: sympy.MatrixSymbol) -> str:
        """A vector or matrix under the name of the symbol it is named after (``w``)."""
        for symbol, tex in self._settings["symbol_names"].items():
            if getattr(symbol, "name", None) == expr.name:
                return str(tex)
        return str(super()._print_MatrixSymbol(expr))

    # -- written forms --------------------------------------------------------

    def _print_UnevaluatedExpr(self, expr: sympy.UnevaluatedExpr) -> str:
        r"""The argument as written, bracketed when it is a negation.

        The brackets keep ``-2 \eta \lambda (-w)`` from reading ``-2 \eta \lambda - w``:
        SymPy's printer sees an opaque factor and would not add them itself (it
        does bracket a sum, whose precedence the wrapper passes on).

        >>> import sympy
        >>> from symreg.symbols import eta, lam, w
        >>> latex(2 * eta * lam * sympy.UnevaluatedExpr(-w))
        '2 \\eta \\lambda \\left(- w\\right)'
        >>> latex(lam * sympy.UnevaluatedExpr(w + 1))
        '\\lambda \\left(w + 1\\right)'
        """
        inner = expr.args[0]
        tex = str(self._print(inner))
        if isinstance(inner, sympy.Expr) and inner.could_extract_minus_sign():
            return rf"\left({tex}\right)"
        return tex


def latex(expr: Any, **settings: Any) -> str:
    r"""Render ``expr`` as LaTeX with :class:`SymregLatexPrinter`.

    Keyword arguments are printer settings (SymPy's, plus ``table_safe``);
    ``symbol_names`` given by the caller extend (and override) the canonical ones.

    >>> import sympy
    >>> from symreg.symbols import eps, eta
    >>> latex(eps * eta)
    '\\eta \\varepsilon'
    >>> latex(abs(sympy.Symbol("x")) ** 3 + 1, table_safe=True)
    '\\left\\vert {x}\\right\\vert ^{3} + 1'
    """
    return str(SymregLatexPrinter(settings).doprint(expr))


def in_force() -> tuple[tuple[str, str], ...]:
    """The notation (and the macros, if on) in force, as a key: what printed math depends on.

    For a memo of results whose text prints mathematics (a step's reason).

    >>> in_force()
    ()
    >>> from symreg.symbols import eps
    >>> with notation({eps: "h"}), macros():
    ...     in_force()
    (("Symbol('eps', positive=True)", 'h'), ('macros', 'on'))
    """
    names = tuple(sorted((sympy.srepr(k), v) for k, v in current_notation().items()))
    return (*names, ("macros", "on")) if macros_enabled() else names


def pieces(expr: Any, **settings: Any) -> tuple[str, ...]:
    r"""``expr`` printed in the pieces a long line may be broken at.

    The terms of a sum (each after the first with its sign), the members of a
    union, or else the whole expression as one piece. Joined by spaces, the
    pieces are :func:`latex` of ``expr``.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> pieces(lam * w**2 - w + 1)
    ('\\lambda w^{2}', '- w', '+ 1')
    >>> pieces(sympy.Interval(-1, 1))
    ('\\left[-1, 1\\right]',)
    """
    return tuple(SymregLatexPrinter(settings).pieces(expr))


def finer_pieces(expr: Any, **settings: Any) -> tuple[str, ...]:
    r"""Like :func:`pieces`, but a product of compound factors may also break between them.

    For a line that is too long even when broken between terms: a product such
    as ``\operatorname{sign}(a) \max(0, b)`` breaks before each compound factor,
    which is then marked with ``\cdot``.

    >>> import sympy
    >>> from symreg.symbols import lam, w, z
    >>> for piece in finer_pieces(2 * lam * sympy.sign(w) * sympy.Max(0, w - z) - w):
    ...     print(piece)
    2 \lambda \operatorname{sign}{\left(w \right)}
    \cdot \max\left(0, w - z\right)
    - w
    >>> finer_pieces(lam * w)
    ('\\lambda w',)
    """
    return tuple(SymregLatexPrinter(settings).finer_pieces(expr))
