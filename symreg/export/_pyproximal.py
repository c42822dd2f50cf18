"""A penalty as a ``pyproximal.ProxOperator`` whose prox is symreg's derived closed form."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from symreg import symbols
from symreg.errors import InvalidParameterError
from symreg.export._arguments import COORDINATE
from symreg.export._numpy import numpy
from symreg.prox import ProxPenalty
from symreg.prox import prox as scalar_prox
from symreg.vector import VectorPenalty

__all__ = ["pyproximal"]


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
    parameters = {s for s in free if not (COORDINATE.match(s.name) or s.name in ("z", "w"))}
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
