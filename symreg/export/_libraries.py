"""The JAX and PyTorch backends (each imported when its function is called)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import sympy

from symreg.export._arguments import arguments, as_result, bind, is_vector, named

__all__ = ["jax", "torch"]


def jax(result: Any) -> Callable[..., Any]:
    """The result as a JAX function (needs JAX; arguments as for :func:`numpy`)."""
    return _library_function(result, "jax", "jax.numpy")


def torch(result: Any) -> Callable[..., Any]:
    """The result as a PyTorch function (needs PyTorch; arguments as for :func:`numpy`)."""
    return _library_function(result, "torch", "torch")


def _library_function(result: Any, library: str, module: str) -> Callable[..., Any]:
    try:
        backend = importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"symreg.export.{library} needs {library}: install the package {library}") from exc
    expr = as_result(result)
    order = arguments(expr)
    flat = [s for _, syms in order for s in syms]
    entries = list(expr) if isinstance(expr, sympy.MatrixBase) else [expr]
    compiled = [sympy.lambdify(flat, e, modules=library) for e in entries]
    vector_result = isinstance(expr, sympy.MatrixBase)

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        values = [_array(backend, library, v) for v in bind(order, args, kwargs)]
        columns: list[Any] = []
        for (_, syms), value in zip(order, values, strict=True):
            if is_vector(syms):
                columns += [value[..., k] for k in range(len(syms))]
            else:
                columns.append(value)
        outs = [c(*columns) for c in compiled]
        return backend.stack(outs, -1) if vector_result else outs[0]

    return named(evaluate, order, library)


def _array(backend: Any, library: str, value: Any) -> Any:
    """``value`` as the library's floating-point array (a Python number too)."""
    if library == "torch":
        tensor = backend.as_tensor(value)
        return tensor if tensor.is_floating_point() else tensor.to(backend.get_default_dtype())
    array = backend.asarray(value)
    return array if backend.issubdtype(array.dtype, backend.floating) else array.astype(float)
