"""Tests of symreg._memo: results of values shared per process."""

from __future__ import annotations

from symreg import L1, L2, crossover, descent
from symreg._memo import memo_values


def test_a_hashable_call_is_computed_once():
    calls: list[tuple[object, ...]] = []

    @memo_values(maxsize=4)
    def pair(a: object, *, b: object = 0) -> tuple[object, object]:
        calls.append((a, b))
        return (a, b)

    assert pair(1, b=2) is pair(1, b=2)
    assert calls == [(1, 2)]
    assert pair.cache_info().hits == 1


def test_an_unhashable_argument_is_computed_every_time():
    calls: list[object] = []

    @memo_values()
    def length(items: list[int]) -> int:
        calls.append(items)
        return len(items)

    assert (length([1, 2]), length([1, 2])) == (2, 2)
    assert len(calls) == 2
    assert length.cache_info().currsize == 0


def test_clearing_forgets_shared_results():
    @memo_values()
    def box(x: int) -> list[int]:
        return [x]

    first = box(1)
    box.cache_clear()
    assert box(1) is not first
    assert box.__name__ == "box"


def test_crossover_and_descent_are_shared_values():
    assert crossover(L1(), L2()) is crossover(L1(), L2())
    assert descent(L1()) is descent(L1())


def test_forget_results_clears_every_memo_and_each_registered_cache(monkeypatch):
    from symreg import _memo
    from symreg._memo import forget_results, forgotten_with_results, memo_values

    # (the package's own memos stay warm for the other tests)
    monkeypatch.setattr(_memo, "_CLEARS", [])
    calls: list[int] = []

    @memo_values()
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    kept: dict[str, int] = {"derivation": 1}
    forgotten_with_results(kept.clear)
    square(3)
    square(3)
    assert calls == [3]
    forget_results()
    assert kept == {}
    square(3)
    assert calls == [3, 3]  # computed again


def test_a_results_memo_is_forgotten_with_the_others(monkeypatch):
    from symreg import _memo
    from symreg._memo import forget_results, results_memo

    monkeypatch.setattr(_memo, "_CLEARS", [])  # (the package's own memos stay warm)
    calls: list[int] = []

    @results_memo(8)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert double(2) == double(2) == 4
    assert calls == [2]
    forget_results()
    assert double(2) == 4
    assert calls == [2, 2]
