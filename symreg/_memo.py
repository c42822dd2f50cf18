"""Memoising functions of values: a result shared per process for hashable arguments.

Penalties, conventions and SymPy expressions are immutable values, so a result
computed from them (a crossover, a descent) can be shared by every caller in
the process. Arguments that cannot be hashed (a list, say) are still accepted;
their results are simply not shared.

>>> calls = []
>>> @memo_values(maxsize=8)
... def square(x):
...     calls.append(x)
...     return x * x
>>> square(3), square(3), len(calls)
(9, 9, 1)
>>> square([2][0]), len(calls)
(4, 2)
>>> square.cache_clear()
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

__all__ = ["forget_results", "forgotten_with_results", "memo_values", "results_memo"]

P = ParamSpec("P")
R = TypeVar("R")


# What forget_results() clears: every memo_values and results_memo memo, and what
# forgotten_with_results registered.
_CLEARS: list[Callable[[], None]] = []


def forgotten_with_results(clear: Callable[[], None]) -> Callable[[], None]:
    """Register ``clear`` (a memo's ``cache_clear``) with :func:`forget_results`; returns it."""
    _CLEARS.append(clear)
    return clear


def results_memo(maxsize: int) -> Callable[[Callable[..., R]], functools._lru_cache_wrapper[R]]:
    """``functools.lru_cache(maxsize)`` for a function whose results hold derivations,
    forgotten by :func:`forget_results` with the others."""
    def decorate(function: Callable[..., R]) -> functools._lru_cache_wrapper[R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CLEARS.append(cached.cache_clear)
        return cached
    return decorate


def forget_results() -> None:
    """Forget every memoised result of the package.

    After a batch of verifications fails (:func:`symreg.derivation.verified_together`),
    a memo may hold a result whose derivation was recorded but not verified; the
    next call then derives it again and verifies it at once.
    """
    for clear in _CLEARS:
        clear()


class _Memoised(Generic[P, R]):
    """``function`` with a per-process memo for calls whose arguments hash."""

    def __init__(self, function: Callable[P, R], maxsize: int) -> None:
        self._function = function
        self._memo = functools.lru_cache(maxsize=maxsize)(function)
        self._shared: Callable[..., R] = self._memo  # called with hashable arguments only
        functools.update_wrapper(self, function)
        _CLEARS.append(self.cache_clear)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            hash((args, tuple(sorted(kwargs.items()))))
        except TypeError:
            return self._function(*args, **kwargs)
        return self._shared(*args, **kwargs)

    def cache_clear(self) -> None:
        """Forget every shared result."""
        self._memo.cache_clear()

    def cache_info(self) -> Any:
        """Hits, misses and size of the memo (as :func:`functools.lru_cache` reports them)."""
        return self._memo.cache_info()


def memo_values(maxsize: int = 256) -> Callable[[Callable[P, R]], _Memoised[P, R]]:
    """Decorate a function of values so each hashable call is computed once per process."""
    def decorate(function: Callable[P, R]) -> _Memoised[P, R]:
        return _Memoised(function, maxsize)
    return decorate
