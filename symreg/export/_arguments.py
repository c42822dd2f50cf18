"""The arguments of an exported function: which symbols, in which order, bound how."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import sympy

from symreg import symbols
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError, UnsupportedError

__all__ = ["COORDINATE", "Order", "arguments", "as_result", "bind", "is_vector", "named"]

INPUTS = ("z", "w", "u", "g")
COORDINATE = re.compile(r"^(z|w|u|g)_([1-9][0-9]*)$")

#: (argument name, the symbols it carries), in the order of the arguments.
Order = tuple[tuple[str, tuple[sympy.Symbol, ...]], ...]


def arguments(result: Any) -> tuple[tuple[str, tuple[sympy.Symbol, ...]], ...]:
    """The arguments of the exported function: (name, the symbols it carries), in order.

    >>> from symreg import Norm1
    >>> from symreg.symbols import eta
    >>> [name for name, _ in arguments(Norm1(dim=3).prox(step=eta))]
    ['z', 'eta', 'lam']
    >>> arguments(Norm1(dim=2).prox(step=eta))[0]
    ('z', (z_1, z_2))
    """
    expr = as_result(result)
    free = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol)]
    vectors: dict[str, dict[int, sympy.Symbol]] = {}
    scalars: dict[str, sympy.Symbol] = {}
    rest = []
    for sym in free:
        found = COORDINATE.match(sym.name)
        if found and sym.is_real:
            vectors.setdefault(found.group(1), {})[int(found.group(2))] = sym
        elif sym.name in INPUTS:
            scalars[sym.name] = sym
        else:
            rest.append(sym)
    order: list[tuple[str, tuple[sympy.Symbol, ...]]] = []
    for name in INPUTS:
        if name in vectors and name in scalars:
            raise UnsupportedError(
                f"the result has both the scalar {name} and coordinates of a vector {name}")
        if name in vectors:
            found_coords = vectors[name]
            dim = max(found_coords)
            # Coordinates the result does not use still take their place in the vector.
            order.append((name, symbols.coordinates(name, dim)))
        elif name in scalars:
            order.append((name, (scalars[name],)))
    order += [(s.name, (s,)) for s in sorted(rest, key=lambda s: s.name)]
    return tuple(order)


def is_vector(syms: tuple[sympy.Symbol, ...]) -> bool:
    """Whether an argument is a vector (its coordinates along the last axis)."""
    return len(syms) > 1 or COORDINATE.match(syms[0].name) is not None


def as_result(result: Any) -> Any:
    """The exportable object of ``result``: an expression or a vector ``ImmutableMatrix``."""
    if isinstance(result, Derivation):
        named = result.verify().results
        if len(named) != 1:
            raise UnsupportedError(
                f"derivation {result.name!r} has {len(named)} named results; export one of "
                "them: derivation.results[KEY]" if named else
                f"derivation {result.name!r} names no result to export")
        (result,) = named.values()
    if isinstance(result, sympy.MatrixBase):
        if result.cols != 1 and result.rows != 1:
            raise UnsupportedError("only a vector (one row or one column) can be exported")
        return sympy.ImmutableMatrix(list(result))
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        result = sympy.sympify(result)
    if not isinstance(result, sympy.Expr):
        raise UnsupportedError(
            f"cannot export a {type(result).__name__}: only an expression, a vector Matrix "
            "or a derivation with such a result becomes a function")
    if result.has(sympy.Indexed):
        raise UnsupportedError(f"cannot export {result}: indexed data is not an argument")
    return result


def bind(order: Order, args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> list[Any]:
    """The values of the arguments, in order, from positional and keyword ones."""
    names = [name for name, _ in order]
    if len(args) > len(names):
        raise InvalidParameterError(
            f"expected at most {len(names)} arguments ({', '.join(names)}), got {len(args)}")
    values = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in names:
            raise InvalidParameterError(f"unexpected argument {key!r}; the arguments are "
                                        f"{', '.join(names)}")
        if key in values:
            raise InvalidParameterError(f"argument {key!r} given twice")
        values[key] = value
    missing = [n for n in names if n not in values]
    if missing:
        raise InvalidParameterError(f"missing argument(s): {', '.join(missing)}")
    return [values[n] for n in names]


def named(function: Callable[..., Any],
          order: Order, library: str) -> Callable[..., Any]:
    """``function`` with the signature and ``arguments`` of ``order``, documented."""
    names = tuple(name for name, _ in order)
    function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names])
    function.arguments = names  # type: ignore[attr-defined]
    function.__doc__ = f"A {library} function of ({', '.join(names)}), exported by symreg."
    return function
