"""The prover's memo: every cache it keeps is registered here, and cleared by clear_caches()."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

__all__ = ["cache_size", "clear_caches", "memoised"]

P = ParamSpec("P")
R = TypeVar("R")

# The lru_cache wrappers of the prover, in the order they were created.
_CACHES: list[Any] = []


def memoised(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``functools.lru_cache(maxsize)``, registered so that :func:`clear_caches` empties it.

    >>> @memoised(4)
    ... def double(x):
    ...     return 2 * x
    >>> double(3)
    6
    """

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cast(Callable[P, R], cached)

    return wrap


def cache_size() -> int:
    """How many results the prover's caches hold in all.

    >>> clear_caches()
    >>> cache_size()
    0
    """
    return sum(int(cache.cache_info().currsize) for cache in _CACHES)


def clear_caches() -> None:
    """Empty every cache the prover keeps (simplified, cancelled and factored forms,
    signs read from coefficients, Piecewise rewrites, breakpoints, decided
    conditions, evaluated sums and integrals, the bounds of regions, the
    candidate and undefined points of conditions of definedness, the truth of
    claims at sample points, and the claims :func:`~symreg.proof.prove`
    decided without a time budget).

    SymPy's own cache is SymPy's: clear it with ``sympy.core.cache.clear_cache``.

    >>> import sympy
    >>> from symreg.proof import prove
    >>> from symreg.symbols import w
    >>> _ = prove(sympy.Abs(w) ** 2, w**2)
    >>> clear_caches()
    >>> cache_size()
    0
    """
    for cache in _CACHES:
        cache.cache_clear()
