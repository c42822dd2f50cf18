"""Numeric implementations checked against exact expressions: :func:`assert_implements`.

Part of :mod:`symreg.testing` (which re-exports it), kept apart for size.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

import sympy

from symreg import symbols as _symbols
from symreg._answers import SymbolsArg, coerce_answer
from symreg.errors import InvalidParameterError, VerificationError
from symreg.proof import sample_points, value_at

__all__ = ["assert_implements"]

# Parameter names accepted for a symbol besides its canonical Python name.
_ALIASES: Mapping[str, str] = {
    "lambda_": "lam",
    "lmbda": "lam",
    "lam_": "lam",
    "epsilon": "eps",
}


def _fail(message: str) -> NoReturn:
    __tracebackhide__ = True
    raise VerificationError(message)




def _symbol_for(name: str, free: Iterable[sympy.Symbol]) -> sympy.Symbol | None:
    by_sympy_name = {s.name: s for s in free}
    if name in by_sympy_name:
        return by_sympy_name[name]
    canonical = _symbols.by_name()
    key = _ALIASES.get(name, name)
    return canonical.get(key)


def _to_float(value: Any) -> float:
    try:
        return float(value)
    except TypeError:
        item = getattr(value, "item", None)
        if callable(item):
            return float(item())
        raise


def _close(got: float, want: float, rtol: float, atol: float) -> bool:
    if math.isnan(got) or math.isnan(want):
        return False
    if math.isinf(got) or math.isinf(want):
        return got == want
    return abs(got - want) <= atol + rtol * abs(want)


def _exact(expr: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> float | None:
    """``expr`` at ``point`` as a float, or None where it is undefined or complex.

    The exact value comes from the prover's evaluator (:func:`symreg.proof.value_at`).
    """
    val = value_at(expr, point)
    if val is None or val.has(sympy.nan, sympy.zoo) or val.free_symbols:
        return None
    num = sympy.N(val, 30)
    if not num.is_real:
        return None
    return float(num)


def assert_implements(
    fn: Callable[..., Any],
    expr: Any,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
    points: Iterable[Mapping[Any, Any]] | None = None,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    limit: int = 60,
) -> int:
    """Assert that the numeric function ``fn`` computes ``expr``.

    ``fn`` (plain Python or NumPy) is called with floats, its parameters matched
    to the symbols of ``expr`` by name (the Python names of
    :mod:`symreg.symbols`; ``lam``, ``lambda_`` or ``lmbda`` for lambda,
    ``eps`` or ``epsilon``). It is compared with the exact value of ``expr``
    at exact sample points that include 0, negative values, every breakpoint
    (such as ``z = lam``) and points beside them; points where ``expr`` is
    undefined are skipped. At a point whose float rounding matters (a
    discontinuity), the value of ``expr`` at the rounded floats is accepted
    too.

    Args:
        fn: the implementation.
        expr: the expression (text, LaTeX with ``latex=True``, or SymPy).
        latex: parse text as LaTeX.
        symbols: more names for the parser (see :func:`symreg.check.parse`).
        points: explicit points (mappings from symbol or name to value)
            instead of the automatic ones.
        rtol: relative tolerance.
        atol: absolute tolerance.
        limit: at most this many automatic points.

    Returns:
        The number of points compared.

    Raises:
        AssertionError: ``fn`` differs at a point (the message shows the
            expression, the point, both values), or raised there.
        InvalidParameterError: the parameters of ``fn`` do not match the
            symbols of ``expr``.

    >>> assert_implements(lambda w, lam: lam * w * w, "lam w^2") > 10
    True
    >>> assert_implements(lambda w, lam: lam * w, "lam w^2")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: fn does not implement lam*w**2
      at lam = 1, w = -1: fn returned -1.0, expected 1.0 (exact: 1)...
    """
    __tracebackhide__ = True
    target = coerce_answer(expr, "expr", latex=latex, symbols=symbols)
    if not isinstance(target, sympy.Expr):
        raise InvalidParameterError(f"expr must be an expression, got {target!r}")
    free = sorted((s for s in target.free_symbols if isinstance(s, sympy.Symbol)),
                  key=lambda s: s.name)
    params = _match_parameters(fn, free)
    extra = [sym for _, sym, _ in params if sym not in free]
    if points is None:
        chosen = sample_points([target, *extra], limit=limit)
    else:
        chosen = [_point(p, free, extra) for p in points]
    checked = 0
    for point in chosen:
        want_exact = _exact(target, point)
        if want_exact is None:
            continue
        floats = {sym: float(sympy.N(val, 30)) for sym, val in point.items()}
        rounded = {sym: sympy.Rational(f) for sym, f in floats.items()}
        positional = [floats[sym] for _, sym, kind in params if kind == "positional"]
        keywords = {name: floats[sym] for name, sym, kind in params if kind == "keyword"}
        shown = ", ".join(f"{s} = {point[s]}" for s in sorted(point, key=lambda s: s.name))
        try:
            got = _to_float(fn(*positional, **keywords))
        except Exception as exc:
            raise VerificationError(
                f"fn raised {type(exc).__name__}: {exc}\n  at {shown} "
                f"(expression: {sympy.sstr(target)})") from exc
        if _close(got, want_exact, rtol, atol):
            checked += 1
            continue
        want_rounded = _exact(target, rounded)
        if want_rounded is not None and _close(got, want_rounded, rtol, atol):
            checked += 1
            continue
        exact_value = target.xreplace(dict(point)).doit()
        message = (f"fn does not implement {sympy.sstr(target)}\n"
                   f"  at {shown}: fn returned {got!r}, expected {want_exact!r} "
                   f"(exact: {exact_value})")
        error = abs(got - want_exact) if math.isfinite(got) else math.inf
        assert error <= atol + rtol * abs(want_exact), message
        raise VerificationError(message)  # pragma: no cover - NaN, or python -O
    if checked == 0:
        _fail(f"no point where {sympy.sstr(target)} is defined was checked")
    return checked


def _match_parameters(fn: Callable[..., Any], free: list[sympy.Symbol]
                      ) -> list[tuple[str, sympy.Symbol, str]]:
    """(parameter name, symbol, "positional" or "keyword") for the parameters of ``fn``."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"cannot read the parameters of {fn!r}") from exc
    matched: list[tuple[str, sympy.Symbol, str]] = []
    for param in sig.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        sym = _symbol_for(param.name, free)
        if sym is None:
            if param.default is param.empty:
                names = ", ".join(s.name for s in free) or "none"
                raise InvalidParameterError(
                    f"parameter {param.name!r} of fn matches no symbol "
                    f"(symbols of the expression: {names})")
            continue
        kind = "positional" if param.kind == param.POSITIONAL_ONLY else "keyword"
        matched.append((param.name, sym, kind))
    covered = {sym for _, sym, _ in matched}
    for sym in free:
        if sym not in covered:
            accepted = [n for n, s in _symbols.by_name().items() if s == sym]
            accepted += [a for a, n in _ALIASES.items() if n in accepted]
            hint = " or ".join(accepted) or sym.name
            raise InvalidParameterError(
                f"fn has no parameter for the symbol {sym.name!r} (name one {hint})")
    return matched


def _point(raw: Mapping[Any, Any], free: list[sympy.Symbol], extra: list[sympy.Symbol]
           ) -> dict[sympy.Symbol, sympy.Expr]:
    known = {s.name: s for s in [*free, *extra]}
    for name, sym in _symbols.by_name().items():
        known.setdefault(name, sym)
    out: dict[sympy.Symbol, sympy.Expr] = {}
    for key, value in raw.items():
        sym = key if isinstance(key, sympy.Symbol) else known.get(_ALIASES.get(key, key))
        if sym is None:
            raise InvalidParameterError(f"unknown symbol {key!r} in a point")
        out[sym] = coerce_answer(value, "a point's value", latex=False, symbols=None)
    missing = [s.name for s in [*free, *extra] if s not in out]
    if missing:
        raise InvalidParameterError(f"a point has no value for {', '.join(missing)}")
    return out


