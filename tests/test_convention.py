"""Conventions as data: validation and the values they carry."""

from __future__ import annotations

import pytest
import sympy

from symreg.convention import Convention
from symreg.errors import InvalidParameterError
from symreg.symbols import lam, w


def test_holds_its_expression_and_label():
    c = Convention(label="penalty", expr=lam * w**2)
    assert c.label == "penalty"
    assert sympy.expand(c.expr - lam * w**2) == 0


@pytest.mark.parametrize("label", ["", "   ", 3, None])
def test_label_must_be_words(label):
    with pytest.raises(InvalidParameterError, match=r"^label must be a non-empty string, got "):
        Convention(label=label, expr=lam)


def test_expr_must_be_sympy():
    with pytest.raises(InvalidParameterError,
                       match=r"^expr must be a SymPy expression, got str$"):
        Convention(label="penalty", expr="lam*w**2")  # type: ignore[arg-type]


def test_is_frozen():
    c = Convention(label="penalty", expr=lam)
    with pytest.raises(AttributeError):
        c.label = "other"  # type: ignore[misc]
