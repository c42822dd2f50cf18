"""Reading answers inside the time budget (symreg._reading): what a worker shares."""

from __future__ import annotations

import pytest
import sympy
from conftest import assert_same

from symreg import _reading
from symreg._answers import symbols_from_spec
from symreg._decide import thaw
from symreg.errors import ParseError
from symreg.symbols import w


@pytest.fixture
def fresh():
    """The worker's shared readings, empty before and after the test."""
    _reading._read_text.cache_clear()
    yield _reading._read_text
    _reading._read_text.cache_clear()


def _read(*texts: str, symbols=None, latex: bool = False):
    out, _seconds = _reading._read_texts(
        tuple((text, "answer", latex, True) for text in texts), symbols)
    return out


def test_a_text_read_again_is_taken_from_the_worker_s_readings(fresh):
    first = _read("w/w + 1/2", "|w - 1|")
    second = _read("|w - 1|", "w/w + 1/2")
    assert fresh.cache_info().hits == 2
    assert [thaw(f) for f, _ in first] == [thaw(f) for f, _ in reversed(second)]
    # the form as written is kept, not its value
    written = thaw(second[1][0])
    assert written.has(sympy.Pow(w, -1))
    assert_same(written, sympy.Rational(3, 2), where=sympy.Ne(w, 0))


def test_the_warnings_of_a_reading_come_with_it(fresh):
    for _ in range(2):
        [(_form, warnings)] = _read("x + 1")
        assert warnings == ("x was not declared; it is read as a real symbol",)
    assert fresh.cache_info().hits == 1


def test_a_refusal_is_not_kept(fresh):
    for _ in range(2):
        [refused] = _read("2 +* w")
        assert isinstance(refused, _reading._Refused)
        assert isinstance(refused.error, ParseError)
        assert str(refused.error) == "unexpected '*' at position 3"
    assert fresh.cache_info().currsize == 0


def test_the_same_text_with_other_names_is_read_again(fresh):
    [(plain, _)] = _read("x")
    [(positive, _)] = _read("x", symbols=symbols_from_spec("x: positive"))
    [(listed, _)] = _read("x", symbols=[sympy.Symbol("x", positive=True)])
    assert fresh.cache_info().hits == 0
    assert thaw(plain).is_positive is None
    assert thaw(positive).is_positive
    assert thaw(listed).is_positive
    # the names given as a list another time: the same key
    _read("x", symbols=(sympy.Symbol("x", positive=True),))
    assert fresh.cache_info().hits == 1


def test_only_names_that_can_be_a_key_are_shared():
    class Unhashable(dict):
        __hash__ = None  # type: ignore[assignment]

    names = {"x": sympy.Symbol("x", positive=True)}
    assert _reading._names_key(names) is not _reading._UNSHARED
    assert _reading._names_key([Unhashable()]) is _reading._UNSHARED


def test_a_latex_reading_and_a_plain_one_of_a_text_are_two_readings(fresh):
    names = {"x": sympy.Symbol("x", positive=True)}
    _read("x", symbols=names)
    _read("x", symbols=names, latex=True)
    assert fresh.cache_info().currsize == 2
