"""Tests of symreg.render._mathparse: one mathtext parse per formula while figures are drawn."""

from __future__ import annotations

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser

from symreg.render._mathparse import shared_parses


def test_each_formula_is_parsed_once_whichever_parser_asks():
    font = FontProperties(family="serif", size=9.0)
    with shared_parses() as kept:
        first = MathTextParser("path").parse(r"$\mathdefault{-1}$", 72, font)
        again = MathTextParser("path").parse(r"$\mathdefault{-1}$", 72, font.copy())
        other = MathTextParser("path").parse(r"$\mathdefault{-1}$", 150, font)
        raster = MathTextParser("agg").parse(r"$\mathdefault{-1}$", 72, font)
        assert len(kept) == 3  # the resolution and the kind of output tell parses apart
    assert again is first
    assert other is not first
    assert other.width > first.width
    assert type(raster) is not type(first)
    assert not kept  # dropped at the end of the block


def test_a_shared_parse_is_the_parse_matplotlib_makes():
    font = FontProperties(family="serif", size=9.0)
    alone = MathTextParser("path").parse(r"$\lambda w^{2}$", 72, font)
    with shared_parses():
        shared = MathTextParser("path").parse(r"$\lambda w^{2}$", 72, font)
    assert shared == alone


def test_matplotlib_parses_as_it_did_after_the_block_even_after_an_error():
    before = MathTextParser.__dict__["_parse_cached"]
    inside = []

    def fail():
        with shared_parses():
            inside.append(MathTextParser.__dict__["_parse_cached"])
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail()
    assert inside[0] is not before
    assert MathTextParser.__dict__["_parse_cached"] is before
