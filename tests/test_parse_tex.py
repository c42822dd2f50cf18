"""Tests of symreg.parse._tex: the TeX vocabulary and the math-mode delimiters.

Error messages are API: they are matched anchored.
"""

from __future__ import annotations

import pytest
import sympy

from symreg.errors import ParseError
from symreg.parse import parse
from symreg.parse._tex import _GREEK, _TEX_FORBIDDEN, _TEX_SPACES, _math_delimiters
from symreg.symbols import lam, w


@pytest.mark.parametrize(
    ("text", "bounds"),
    [("w", (0, 1)), (" $w$ ", (2, 3)), ("$$w$$", (2, 3)), (r"\(w\)", (2, 3)),
     (r"\[w\]", (2, 3)), ("  w  ", (2, 3))],
)
def test_math_delimiters_are_stripped(text, bounds):
    assert _math_delimiters(text) == bounds


def test_a_dollar_inside_is_refused():
    with pytest.raises(ParseError, match=r"^unexpected '\$' at position 2$"):
        _math_delimiters("w $z$")


@pytest.mark.parametrize("word", sorted(_TEX_FORBIDDEN))
def test_every_forbidden_command_is_refused(word):
    with pytest.raises(ParseError, match=rf"^forbidden TeX command '\\{word}' at position 2$"):
        parse(rf"w \{word}", latex=True)


@pytest.mark.parametrize("word", sorted(_TEX_SPACES))
def test_every_spacing_command_is_a_space(word):
    spaced = parse(rf"\lambda\{word} w", latex=True)
    assert spaced.free_symbols == {lam, w}
    assert sympy.expand(spaced - lam * w) == 0


def test_greek_letters_are_names_to_look_up():
    assert {"lambda", "epsilon", "eta", "sigma", "pi"} <= _GREEK
    with pytest.raises(ParseError, match=r"^unknown name '\\omega' at position 0$"):
        parse(r"\omega", latex=True)
