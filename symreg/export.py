r"""Verified results as numeric functions: NumPy, JAX, PyTorch, and PyProximal operators.

:func:`numpy` turns a verified result (an expression, a column ``Matrix`` such
as a vector prox, or a verified :class:`~symreg.derivation.Derivation`) into a
vectorised function. Its arguments, in order (:func:`arguments`):

1. the **inputs**: the coordinates ``z_1, ..., z_d`` of a vector (and
   likewise ``w_i``, ``u_i``, ``g_i``) become **one** array argument named
   after the vector (``z``), with the coordinates along its last axis; the
   scalars ``z``, ``w``, ``u``, ``g`` are each one argument; inputs come in the
   order ``z``, ``w``, ``u``, ``g``;
2. then every other symbol (``eta``, ``lam``, ``lam_1``, ...), sorted by name.

Arguments broadcast against each other like NumPy arrays. A vector result
(a ``Matrix``) returns its coordinates along the last axis.

**Branches are kept.** A ``Piecewise`` is evaluated branch by branch, each
branch only where its condition selects it (the first condition that holds
wins), so an inactive branch is never computed: no ``nan`` and no warning
from it (``eta*lam/||z||`` is not evaluated at ``z = 0``), and the dead zone
of a prox is exactly 0.

>>> import numpy as np
>>> from symreg import L1, Norm2
>>> from symreg.symbols import eta
>>> soft = numpy(L1().prox(step=eta))
>>> soft.arguments
('z', 'eta', 'lam')
>>> soft(np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), 1.0, 1.0)
array([-1.,  0.,  0.,  0.,  1.])
>>> block = numpy(Norm2(dim=2).prox(step=eta))
>>> block(np.array([[3.0, 4.0], [0.0, 0.0], [0.3, 0.4]]), 1.0, 1.0)
array([[2.4, 3.2],
       [0. , 0. ],
       [0. , 0. ]])

:func:`jax` and :func:`torch` give the same function for those libraries
(there the branches are chosen with the library's ``select``/``where``: the
values are the same, but an inactive branch is computed and discarded).
:func:`pyproximal` wraps a penalty as a ``pyproximal.ProxOperator``. None of
JAX, PyTorch and PyProximal is needed by symreg itself: each is imported when
its function is called, with a clear error when it is missing.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from symreg import symbols
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.prox import ProxPenalty
from symreg.prox import prox as scalar_prox
from symreg.vector import VectorPenalty

__all__ = ["arguments", "jax", "numpy", "pyproximal", "torch"]

_INPUTS = ("z", "w", "u", "g")
_COORDINATE = re.compile(r"^(z|w|u|g)_([1-9][0-9]*)$")


def arguments(result: Any) -> tuple[tuple[str, tuple[sympy.Symbol, ...]], ...]:
    """The arguments of the exported function: (name, the symbols it carries), in order.

    >>> from symreg import Norm1
    >>> from symreg.symbols import eta
    >>> [name for name, _ in arguments(Norm1(dim=3).prox(step=eta))]
    ['z', 'eta', 'lam']
    >>> arguments(Norm1(dim=2).prox(step=eta))[0]
    ('z', (z_1, z_2))
    """
    expr = _as_result(result)
    free = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol)]
    vectors: dict[str, dict[int, sympy.Symbol]] = {}
    scalars: dict[str, sympy.Symbol] = {}
    rest = []
    for sym in free:
        found = _COORDINATE.match(sym.name)
        if found and sym.is_real:
            vectors.setdefault(found.group(1), {})[int(found.group(2))] = sym
        elif sym.name in _INPUTS:
            scalars[sym.name] = sym
        else:
            rest.append(sym)
    order: list[tuple[str, tuple[sympy.Symbol, ...]]] = []
    for name in _INPUTS:
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
    expr = _as_result(result)
    order = arguments(expr)
    entries = list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]
    compiled = [_compile(e) for e in entries]
    vector_result = isinstance(expr, sympy.MatrixBase)

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        values = _bind(order, args, kwargs)
        env, shape = _broadcast(order, values)
        outs = [c(env, int(np.prod(shape, dtype=int))).reshape(shape) for c in compiled]
        if vector_result:
            return np.stack(outs, axis=-1)
        out = outs[0]
        return out[()] if out.ndim == 0 else out

    return _named(evaluate, order, "numpy")


def jax(result: Any) -> Callable[..., Any]:
    """The result as a JAX function (needs JAX; arguments as for :func:`numpy`)."""
    return _library_function(result, "jax", "jax.numpy")


def torch(result: Any) -> Callable[..., Any]:
    """The result as a PyTorch function (needs PyTorch; arguments as for :func:`numpy`)."""
    return _library_function(result, "torch", "torch")


def pyproximal(penalty: Any, **values: Any) -> Any:
    r"""The penalty as a ``pyproximal.ProxOperator`` with symreg's derived prox.

    PyProximal's ``prox(x, tau)`` minimises ``tau * f(u) + 1/2 ||u - x||**2``,
    which is symreg's ``prox(step=eta)`` with ``eta = tau`` and ``z = x``. A
    vector penalty of dimension d takes vectors ``x`` of length d; a scalar
    penalty acts on every entry of ``x`` (``f(x) = sum_i P(x_i)``). Symbols
    other than the step (the strength ``lam``, ...) get their values from
    ``values`` (or write numbers into the penalty).

    Raises:
        ImportError: PyProximal is not installed.
        InvalidParameterError: not a penalty, or a symbol without a value.

    >>> import numpy as np
    >>> from symreg import Norm1
    >>> op = pyproximal(Norm1(dim=3), lam=0.5)
    >>> op.prox(np.array([2.0, -0.2, -1.0]), 1.0)
    array([ 1.5,  0. , -0.5])
    """
    try:
        base = importlib.import_module("pyproximal").ProxOperator
    except ImportError as exc:
        raise ImportError(
            "symreg.export.pyproximal needs PyProximal: install the package pyproximal") from exc
    # The step is eta (its derivations are cached); a penalty that uses eta itself gets a
    # fresh symbol for the step instead.
    tau = symbols.eta
    if isinstance(penalty, (VectorPenalty, ProxPenalty)) and (
            symbols.eta in penalty.expr.free_symbols):
        tau = sympy.Dummy("tau", positive=True)
    if isinstance(penalty, VectorPenalty):
        step_expr = penalty.prox(step=tau)
        dim: int | None = penalty.dim
        value_expr = penalty.expr
    elif isinstance(penalty, ProxPenalty):
        step_expr = scalar_prox(penalty, tau)
        dim, value_expr = None, penalty.expr
    else:
        raise InvalidParameterError(
            f"penalty must be a Penalty or a vector penalty, got {type(penalty).__name__}")
    prox_fn, value_fn = _with_values(step_expr, values, tau), _with_values(value_expr, values)

    def check(x: Any) -> Any:
        array = np.asarray(x, dtype=float)
        if dim is not None and array.shape != (dim,):
            raise InvalidParameterError(
                f"x must be a vector of length {dim}, got shape {array.shape}")
        return array

    class SymregProx(base):  # type: ignore[misc, valid-type]
        """A symreg-derived proximal operator (see :func:`symreg.export.pyproximal`)."""

        def __init__(self) -> None:
            super().__init__(None, False)
            self.penalty = penalty

        def __call__(self, x: Any) -> float:
            return float(np.sum(value_fn(check(x))))

        def prox(self, x: Any, tau: float, **kwargs: Any) -> Any:
            if np.any(np.asarray(tau) <= 0):
                raise ValueError("tau must be positive")
            return prox_fn(check(x), tau)

        def __repr__(self) -> str:
            return f"pyproximal operator of {penalty!r}"

    return SymregProx()


# ---------------------------------------------------------------------------
# helpers


def _as_result(result: Any) -> Any:
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


def _bind(order: tuple[tuple[str, tuple[sympy.Symbol, ...]], ...], args: tuple[Any, ...],
          kwargs: dict[str, Any]) -> list[Any]:
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


def _broadcast(order: tuple[tuple[str, tuple[sympy.Symbol, ...]], ...],
               values: list[Any]) -> tuple[dict[sympy.Symbol, Any], tuple[int, ...]]:
    """Symbol -> flat float array, all of one broadcast shape."""
    columns: list[tuple[sympy.Symbol, Any]] = []
    for (name, syms), value in zip(order, values, strict=True):
        array = np.asarray(value, dtype=float)
        if len(syms) > 1 or _COORDINATE.match(syms[0].name):
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


def _named(function: Callable[..., Any],
           order: tuple[tuple[str, tuple[sympy.Symbol, ...]], ...],
           library: str) -> Callable[..., Any]:
    names = tuple(name for name, _ in order)
    function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names])
    function.arguments = names  # type: ignore[attr-defined]
    function.__doc__ = f"A {library} function of ({', '.join(names)}), exported by symreg."
    return function


def _library_function(result: Any, library: str, module: str) -> Callable[..., Any]:
    try:
        backend = importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"symreg.export.{library} needs {library}: install the package {library}") from exc
    expr = _as_result(result)
    order = arguments(expr)
    flat = [s for _, syms in order for s in syms]
    entries = list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]
    compiled = [sympy.lambdify(flat, e, modules=library) for e in entries]
    vector_result = isinstance(expr, sympy.MatrixBase)

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        values = _bind(order, args, kwargs)
        columns: list[Any] = []
        for (_, syms), value in zip(order, values, strict=True):
            if len(syms) > 1 or _COORDINATE.match(syms[0].name):
                columns += [value[..., k] for k in range(len(syms))]
            else:
                columns.append(value)
        outs = [c(*columns) for c in compiled]
        return backend.stack(outs, -1) if vector_result else outs[0]

    return _named(evaluate, order, library)


def _with_values(expr: Any, values: dict[str, Any],
                 step: sympy.Symbol | None = None) -> Callable[..., Any]:
    """``expr`` with the named symbols set, as a NumPy function of (x[, tau])."""
    function = numpy(_substitute(expr, values, keep=step))
    names = function.arguments  # type: ignore[attr-defined]
    step_name = None if step is None else step.name

    def apply(x: Any, tau: Any = None) -> Any:
        return function(**{n: tau if n == step_name else x for n in names})

    return apply


def _substitute(expr: Any, values: dict[str, Any], *, keep: sympy.Symbol | None) -> Any:
    free = {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)} - {keep}
    parameters = {s for s in free if not (_COORDINATE.match(s.name) or s.name in ("z", "w"))}
    by_name = {s.name: s for s in parameters}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise InvalidParameterError(
            f"no symbol named {', '.join(unknown)} in the penalty; its parameters are "
            f"{', '.join(sorted(by_name)) or 'none'}")
    missing = sorted(set(by_name) - set(values))
    if missing:
        raise InvalidParameterError(f"give a value for {', '.join(missing)}")
    subs = {}
    for name, value in values.items():
        number = sympy.sympify(value, strict=True) if not isinstance(value, float) else (
            sympy.Float(value))
        sym = by_name[name]
        if sym.is_positive and not (number.is_positive):
            raise InvalidParameterError(f"{name} must be positive (> 0), got {value}")
        subs[sym] = number
    return expr.xreplace(subs)
