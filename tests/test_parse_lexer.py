"""Tests of symreg.parse._lexer: tokens, in plain text and LaTeX.

Error messages are API: they are matched anchored.
"""

from __future__ import annotations

import pytest
import sympy

from symreg.errors import ParseError
from symreg.parse import symbol_table
from symreg.parse._lexer import _Lexer, _Token
from symreg.symbols import lam, w

R = sympy.Rational


def tokens(text: str, *, latex: bool = False) -> list[_Token]:
    return _Lexer(text, symbol_table(), latex=latex, start=0, end=len(text)).run()


def kinds(text: str, *, latex: bool = False) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokens(text, latex=latex)]


def test_plain_tokens_carry_kind_text_and_position():
    toks = tokens("2.5 lam*|w| ** 2")
    assert [(t.kind, t.text, t.pos) for t in toks] == [
        ("num", "2.5", 0), ("atom", "lam", 4), ("op", "*", 7), ("bar", "|", 8),
        ("atom", "w", 9), ("bar", "|", 10), ("op", "^", 12), ("num", "2", 15), ("end", "", 16),
    ]
    assert toks[0].value == R(5, 2)
    assert toks[1].value is lam


def test_plain_function_names_are_function_tokens():
    assert kinds("sgn(w)") == [("func", "sgn"), ("open", "("), ("atom", "w"), ("close", ")"),
                               ("end", "")]
    assert tokens("Max(w)")[0].value == "max"


def test_latex_tokens():
    toks = tokens(r"\frac{\lambda}2 \cdot \left| w \right|", latex=True)
    assert [(t.kind, t.text) for t in toks] == [
        ("frac", r"\frac"), ("open", "{"), ("atom", "lambda"), ("close", "}"), ("num", "2"),
        ("op", "*"), ("open", r"\left|"), ("atom", "w"), ("close", r"\right|"), ("end", ""),
    ]
    assert toks[2].value is lam
    assert toks[7].value is w
    assert toks[6].is_abs
    assert toks[8].is_abs


def test_latex_numbers_have_no_exponent_part():
    assert kinds("2.5", latex=True)[:1] == [("num", "2.5")]
    for text in ("2e1", "1e-3", "2.5E+2"):
        with pytest.raises(ParseError, match=r"^ambiguous 'e' after a number \(write "
                                             r"10\^\{\.\.\.\} for a power of ten, or "
                                             r"e\^\{\.\.\.\}\) at position \d$"):
            tokens(text, latex=True)


def test_latex_spaces_produce_no_tokens():
    assert kinds(r"w\,\;\!\:\ \quad\qquad~\displaystyle w", latex=True) == [
        ("atom", "w"), ("atom", "w"), ("end", "")]


@pytest.mark.parametrize(
    ("text", "latex", "message"),
    [
        ("w\x00", False, r"^control character U\+0000 at position 1$"),
        ("w\u2028z", False, r"^control character U\+2028 at position 1$"),
        ("x", False, r"^unknown name 'x' at position 0$"),
        ("w.real", False, r"^attribute access is not allowed at position 1$"),
        (r"\write", True, r"^forbidden TeX command '\\write' at position 0$"),
        (r"\begin", True,
         r"^LaTeX environments other than cases are not allowed \('\\begin'\) at position 0$"),
        (r"\@", True, r"^unknown LaTeX command '\\@' at position 0$"),
        (r"\operatorname w", True, r"^expected '\{' after '\\operatorname' at position 14$"),
        (r"\mathrm{}", True, r"^expected a function name in \\mathrm\{\.\.\.\} "
                             r"at position 7$"),
        (r"\left", True, r"^expected a delimiter after '\\left' at position 0$"),
    ],
)
def test_lexer_refusals(text, latex, message):
    with pytest.raises(ParseError, match=message):
        tokens(text, latex=latex)
