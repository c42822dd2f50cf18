"""The NumPy backend: each branch of a ``Piecewise`` evaluated only where it is selected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from symreg.errors import InvalidParameterError
from symreg.export._arguments import Order, arguments, as_result, bind, is_vector, named

__all__ = ["numpy"]


def numpy(result: Any) -> Callable[..., Any]:
    """A vectorised NumPy function of a verified result (see the module for its arguments).

    >>> import numpy as np
    >>> from symreg import ElasticNet
    >>> from symreg.symbols import eta
    >>> f = numpy(ElasticNet().prox(step=eta))
    >>> f.arguments
    ('z', 'eta', 'lam_1', 'lam_2')
    >>> f(np.array([-3.0, 0.5, 3.0]), 1.0, 1.0, 0.5)
    array([-1.,  0.,  1.])
    """
    expr = as_result(result)
    order = arguments(expr)
    entries = list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]
    compiled = [_compile(e) for e in entries]
    vector_result = isinstance(expr, sympy.MatrixBase)

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        values = bind(order, args, kwargs)
        env, shape = _broadcast(order, values)
        outs = [c(env, int(np.prod(shape, dtype=int))).reshape(shape) for c in compiled]
        if vector_result:
            return np.stack(outs, axis=-1)
        out = outs[0]
        return out[()] if out.ndim == 0 else out

    return named(evaluate, order, "numpy")


def _broadcast(order: Order, values: list[Any]) -> tuple[dict[sympy.Symbol, Any], tuple[int, ...]]:
    """Symbol -> flat float array, all of one broadcast shape."""
    columns: list[tuple[sympy.Symbol, Any]] = []
    for (name, syms), value in zip(order, values, strict=True):
        array = np.asarray(value, dtype=float)
        if is_vector(syms):
            if array.ndim == 0 or array.shape[-1] != len(syms):
                raise InvalidParameterError(
                    f"{name} must have its {len(syms)} coordinates along the last axis, "
                    f"got shape {array.shape}")
            columns += [(s, array[..., k]) for k, s in enumerate(syms)]
        else:
            columns.append((syms[0], array))
    shape = np.broadcast_shapes(*[np.shape(a) for _, a in columns]) if columns else ()
    return ({s: np.broadcast_to(a, shape).reshape(-1) for s, a in columns}, shape)


Evaluator = Callable[[dict[sympy.Symbol, Any], int], Any]


def _compile(expr: sympy.Basic) -> Evaluator:
    """An evaluator of ``expr`` on flat arrays that computes each branch only where it holds."""
    if isinstance(expr, sympy.Piecewise):
        pieces = [(_compile(e), _compile(c)) for e, c in expr.args]

        def piecewise(env: dict[sympy.Symbol, Any], n: int) -> Any:
            out = np.full(n, np.nan)
            remaining = np.ones(n, dtype=bool)
            for value, condition in pieces:
                if not remaining.any():
                    break
                sub = {s: a[remaining] for s, a in env.items()}
                chosen = np.zeros(n, dtype=bool)
                chosen[remaining] = np.asarray(
                    condition(sub, int(remaining.sum())), dtype=bool)
                if chosen.any():
                    out[chosen] = value({s: a[chosen] for s, a in env.items()},
                                        int(chosen.sum()))
                remaining &= ~chosen
            return out

        return piecewise
    inner = sorted(_outer_piecewise(expr), key=sympy.default_sort_key)
    holes = [sympy.Dummy(f"piece{k}") for k in range(len(inner))]
    body = expr.xreplace(dict(zip(inner, holes, strict=True)))
    syms = sorted(body.free_symbols - set(holes), key=lambda s: s.name)
    function = sympy.lambdify([*syms, *holes], body, modules="numpy")
    parts = [_compile(p) for p in inner]

    def plain(env: dict[sympy.Symbol, Any], n: int) -> Any:
        filled = [part(env, n) for part in parts]
        value = function(*[env[s] for s in syms], *filled)
        return np.broadcast_to(np.asarray(value), (n,))

    return plain


def _outer_piecewise(expr: sympy.Basic) -> set[sympy.Basic]:
    """The Piecewise subexpressions of ``expr`` not inside another one."""
    if isinstance(expr, sympy.Piecewise):
        return {expr}
    found: set[sympy.Basic] = set()
    for arg in expr.args:
        found |= _outer_piecewise(arg)
    return found
