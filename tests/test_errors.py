"""The exception hierarchy: every symreg error is also the matching built-in."""

from __future__ import annotations

import pytest
from conftest import assert_sorted_all

from symreg import errors
from symreg.errors import (
    InvalidParameterError,
    ParseError,
    RenderError,
    SymregError,
    UnsupportedError,
    VerificationError,
)

PAIRS = [
    (InvalidParameterError, ValueError),
    (ParseError, ValueError),
    (VerificationError, AssertionError),
    (UnsupportedError, NotImplementedError),
    (RenderError, RuntimeError),
]


@pytest.mark.parametrize(("cls", "builtin"), PAIRS, ids=[c.__name__ for c, _ in PAIRS])
def test_subclass_of_base_and_builtin(cls, builtin):
    assert issubclass(cls, SymregError)
    assert issubclass(cls, builtin)


@pytest.mark.parametrize(("cls", "builtin"), PAIRS, ids=[c.__name__ for c, _ in PAIRS])
def test_caught_as_builtin_with_message(cls, builtin):
    with pytest.raises(builtin, match=r"^boom$"):
        raise cls("boom")


def test_base_is_an_exception_not_a_builtin_subtype():
    assert issubclass(SymregError, Exception)
    assert not issubclass(SymregError, (ValueError, AssertionError, RuntimeError))


def test_distinct_classes():
    assert not issubclass(InvalidParameterError, ParseError)
    assert not issubclass(ParseError, InvalidParameterError)
    assert not issubclass(UnsupportedError, InvalidParameterError)


def test_all_is_sorted_and_complete():
    assert_sorted_all(errors.__all__)
    for name in errors.__all__:
        obj = getattr(errors, name)
        assert isinstance(obj, type)
        assert issubclass(obj, SymregError)


def test_library_raises_invalid_parameter_as_value_error():
    from symreg import L1

    with pytest.raises(ValueError, match=r"^strength must be positive \(> 0\), got -1$"):
        L1(strength=-1)
    with pytest.raises(SymregError):
        L1(strength=0)


def test_library_raises_verification_error_as_assertion_error():
    import sympy

    from symreg import Derivation, Step
    from symreg.symbols import w

    bad = Derivation(name="bad", title="Bad", steps=(Step(sympy.Abs(w), w, reason="r"),))
    with pytest.raises(AssertionError, match=r"^derivation 'bad' \(Bad\), chain 1, step 1 \(r\): "
                                             r"false at w = -1$"):
        bad.verify()


def test_library_raises_unsupported_error_as_not_implemented():
    import sympy

    from symreg import Lp

    with pytest.raises(NotImplementedError, match=r"^the prox of Lp\(p=1/2, strength=lam\) "):
        Lp(sympy.Rational(1, 2)).prox()
