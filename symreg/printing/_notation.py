r"""A reader's names for symbols, in force inside a block (see :func:`notation`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

import sympy

from symreg.errors import InvalidParameterError
from symreg.symbols import by_name, norm_u, norm_z, u, z

__all__ = ["Notation", "current_notation", "notation", "subscripted"]

#: A reader's names for symbols: the LaTeX each symbol is printed as.
Notation = Mapping[sympy.Symbol, str]

_NOTATION: ContextVar[Notation] = ContextVar("symreg_notation", default=MappingProxyType({}))


def _checked_notation(names: Mapping[sympy.Symbol | str, str]) -> dict[sympy.Symbol, str]:
    if not isinstance(names, Mapping):
        raise InvalidParameterError(
            f"notation must map symbols to LaTeX, got {type(names).__name__}")
    known = by_name()
    out: dict[sympy.Symbol, str] = {}
    for key, tex in names.items():
        symbol = known.get(key) if isinstance(key, str) else key
        if not isinstance(symbol, sympy.Symbol):
            raise InvalidParameterError(
                f"notation: {key!r} is not a symbol (use a SymPy Symbol or one of "
                f"{', '.join(sorted(known))})")
        if not isinstance(tex, str) or not tex.strip() or "$" in tex:
            raise InvalidParameterError(
                f"notation: the name of {symbol} must be LaTeX math without $, got {tex!r}")
        if tex.count("{") != tex.count("}"):
            raise InvalidParameterError(
                f"notation: the name of {symbol} has unbalanced braces: {tex!r}")
        out[symbol] = tex
    return out


def subscripted(symbol: sympy.Symbol, names: Mapping[sympy.Symbol, str]) -> str | None:
    r"""The name of ``symbol`` when it is a renamed symbol with a subscript, else None.

    ``w_0`` or a coordinate ``w_1`` follows ``w`` when ``names`` renames ``w``.

    >>> from symreg.symbols import w
    >>> subscripted(sympy.Symbol("w_1", real=True), {w: r"\beta"})
    '\\beta_{1}'
    >>> subscripted(sympy.Symbol("w_1", real=True), {}) is None
    True
    """
    base, sep, index = symbol.name.partition("_")
    if not sep:
        return None
    renamed = next((tex for known, tex in names.items() if known.name == base), None)
    if renamed is None:
        return None
    grouped = f"{{{renamed}}}" if "_" in renamed or "^" in renamed else renamed
    return f"{grouped}_{{{index}}}"


def _with_subscripts(names: dict[sympy.Symbol, str]) -> dict[sympy.Symbol, str]:
    """``names``, plus the subscripted symbols of a renamed one (``w_0`` follows ``w``).

    The norms of ``u`` and ``z`` follow them too.
    """
    out = dict(names)
    for symbol in by_name().values():
        renamed = subscripted(symbol, names)
        if renamed is not None and symbol not in names:
            out[symbol] = renamed
    for norm, of in ((norm_u, u), (norm_z, z)):
        if of in names and norm not in names:
            out[norm] = rf"\lVert {names[of]} \rVert_{{2}}"
    return out


@contextmanager
def notation(names: Mapping[sympy.Symbol | str, str] | None) -> Iterator[Notation]:
    r"""Print symbols under the reader's names inside the block.

    Keys are symbols (or symreg's names for them, ``"lam"``), values the LaTeX
    they print as. Everything symreg renders in the block (derivations,
    statements, conventions, figures, listings) uses them; the math itself is
    unchanged. A symbol with a subscript follows its base (``w_0`` prints as
    ``\\beta_{0}`` when ``w`` is ``\\beta``) unless it is named too. Blocks nest,
    the inner names winning.

    Raises:
        InvalidParameterError: a key that is not a symbol, or a name that is
            not LaTeX math (empty, with ``$`` or unbalanced braces). What the
            LaTeX may contain is checked when it is rendered.

    >>> from symreg.printing import latex
    >>> from symreg.symbols import lam, w
    >>> with notation({w: r"\beta", "lam": r"\alpha"}):
    ...     latex(lam * abs(w))
    '\\alpha \\left|{\\beta}\\right|'
    >>> latex(lam * abs(w))
    '\\lambda \\left|{w}\\right|'
    """
    checked = _with_subscripts(_checked_notation(names or {}))
    token = _NOTATION.set(MappingProxyType({**_NOTATION.get(), **checked}))
    try:
        yield _NOTATION.get()
    finally:
        _NOTATION.reset(token)


def current_notation() -> Notation:
    """The names in force (see :func:`notation`); empty outside any block.

    >>> dict(current_notation())
    {}
    """
    return _NOTATION.get()
