"""The names the parser understands: default symbols, function names, the symbol table."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import sympy

from symreg import symbols as _symbols
from symreg.errors import InvalidParameterError
from symreg.parse._build import MAX_ARGS

#: Names understood by default, in plain text and (as ``\name``) in LaTeX.
DEFAULT_NAMES: Mapping[str, sympy.Basic] = {
    "w": _symbols.w,
    "z": _symbols.z,
    "lam": _symbols.lam,
    "lambda": _symbols.lam,
    "\u03bb": _symbols.lam,  # λ
    "eps": _symbols.eps,
    "epsilon": _symbols.eps,
    "varepsilon": _symbols.eps,
    "\u03b5": _symbols.eps,  # ε
    "\u03f5": _symbols.eps,  # ϵ
    "eta": _symbols.eta,
    "\u03b7": _symbols.eta,  # η
    "sigma": _symbols.sigma,
    "\u03c3": _symbols.sigma,  # small sigma
    "b": _symbols.b,
    "pi": sympy.pi,
    "\u03c0": sympy.pi,  # π
}

# function name -> (canonical name, minimum arguments, maximum arguments)
_FUNCTIONS: dict[str, tuple[str, int, int]] = {
    "abs": ("abs", 1, 1),
    "Abs": ("abs", 1, 1),
    "sign": ("sign", 1, 1),
    "sgn": ("sign", 1, 1),
    "sqrt": ("sqrt", 1, 1),
    "log": ("log", 1, 1),
    "ln": ("log", 1, 1),
    "exp": ("exp", 1, 1),
    "max": ("max", 1, MAX_ARGS),
    "Max": ("max", 1, MAX_ARGS),
    "min": ("min", 1, MAX_ARGS),
    "Min": ("min", 1, MAX_ARGS),
}

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def symbol_table(extra: Mapping[str, sympy.Basic] | Iterable[sympy.Symbol] | None = None
                 ) -> dict[str, sympy.Basic]:
    """The names understood by the parser: the defaults plus ``extra``.

    ``extra`` is a mapping from name to symbol, or an iterable of symbols (each
    named by its canonical Python name when it is one of
    :mod:`symreg.symbols`, else by its SymPy name). A name may not change the
    meaning of a default name, and a symbol may not reuse the name of a
    canonical symbol with other assumptions.

    >>> from symreg.symbols import s, w0
    >>> table = symbol_table([s, w0])
    >>> table["s"] is s, table["w0"] is w0
    (True, True)
    """
    table = dict(DEFAULT_NAMES)
    if extra is None:
        return table
    canonical = _symbols.by_name()
    python_name = {sym: name for name, sym in canonical.items()}
    by_sympy_name = {sym.name: sym for sym in canonical.values()}
    if isinstance(extra, Mapping):
        items = list(extra.items())
    else:
        try:
            items = [(python_name.get(sym, getattr(sym, "name", None)), sym) for sym in extra]
        except TypeError as exc:
            raise InvalidParameterError(
                f"symbols must be a mapping or an iterable of symbols, got {extra!r}"
            ) from exc
    for name, sym in items:
        if not isinstance(sym, sympy.Symbol):
            raise InvalidParameterError(f"symbols must map names to SymPy symbols, got {sym!r}")
        if not isinstance(name, str) or not (
            _IDENT.fullmatch(name) or (len(name) == 1 and name.isidentifier())
        ):
            raise InvalidParameterError(f"invalid symbol name {name!r}")
        if name in _FUNCTIONS:
            raise InvalidParameterError(f"symbol name {name!r} is a function name")
        same_name = by_sympy_name.get(sym.name)
        if same_name is not None and same_name != sym:
            raise InvalidParameterError(
                f"symbol {sym.name!r} has other assumptions than symreg's canonical "
                f"{sym.name!r}: use symreg.symbols"
            )
        if table.get(name, sym) != sym:
            raise InvalidParameterError(f"name {name!r} already means {table[name]}")
        table[name] = sym
    return table


def subscripted(names: Mapping[str, sympy.Basic], name: str) -> sympy.Basic | None:
    """The symbol that the subscripted name ``base_sub`` means, if any.

    It is the symbol of ``names`` whose SymPy name is the SymPy name of
    ``base``'s symbol, then ``_sub``: with ``lam1`` (SymPy name ``lam_1``) in
    the table, ``lambda_1`` and ``lam_1`` mean ``lam1``. Underscores are never
    just dropped: ``l_a_m`` is not ``lam`` and ``e_ta`` is not ``eta``, and an
    exact entry (``x_1``) stays apart from another (``x1``).

    >>> from symreg.symbols import lam1
    >>> subscripted(symbol_table([lam1]), "lambda_1") is lam1
    True
    >>> subscripted(symbol_table(), "e_ta") is None
    True
    """
    base, _, sub = name.partition("_")
    if not base or not sub or not sub.isalnum():
        return None
    root = names.get(base)
    if not isinstance(root, sympy.Symbol):
        return None
    wanted = f"{root.name}_{sub}"
    for sym in names.values():
        if isinstance(sym, sympy.Symbol) and sym.name == wanted:
            return sym
    return None
