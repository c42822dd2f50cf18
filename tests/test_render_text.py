"""Tests of symreg.render.text: prose escaped for LaTeX and Markdown, math kept, never parsed."""

from __future__ import annotations

import pytest

from symreg.errors import RenderError
from symreg.render import text


def test_latex_text_escapes_specials_outside_math_only():
    assert text.latex_text("5% & #1 of w_1 ~ {x} $a_1 \\le b$") == (
        r"5\% \& \#1 of w\_1 \textasciitilde{} \{x\} $a_1 \le b$"
    )


def test_latex_text_turns_unicode_math_into_math():
    assert text.latex_text("\u03bb \u2264 1 \u2013 done") == (
        r"\ensuremath{\lambda} \ensuremath{\le} 1 -- done"
    )


@pytest.mark.parametrize("escape", [text.latex_text, text.markdown_text])
def test_unbalanced_dollars_are_refused(escape):
    with pytest.raises(RenderError, match=r"^unbalanced \$ in text: 'costs \$5'$"):
        escape("costs $5")


def test_without_math_a_dollar_is_text():
    assert text.latex_text("costs $5", math=False) == r"costs \$5"
    assert text.markdown_text("costs $5 *now*", math=False) == r"costs \$5 \*now\*"


def test_markdown_text_escapes_markup_but_not_math():
    assert text.markdown_text("a *b* [c] | d $x_1 * y$") == r"a \*b\* \[c\] \| d $x_1 * y$"


@pytest.mark.parametrize("value", ["lam*w**2", "lam/2*w**2 + l1*|w|", "2*s**2 > 0"])
def test_python_arithmetic_in_prose_stays_prose(value):
    # Prose is escaped, never parsed: mathematics comes from SymPy objects.
    assert text.latex_text(value) == value
    assert "$" not in text.markdown_text(value)


def test_labels_are_safe_keys():
    assert text.label("thm", "l1 vs l2_prox") == "thm:l1-vs-l2-prox"
    assert text.label("fig", "a.b:c-d") == "fig:a.b:c-d"
