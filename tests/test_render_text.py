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


# ---------------------------------------------------------------------------
# math in text: a whitelist, so that text can neither run TeX nor open HTML


@pytest.mark.parametrize("source", [
    r"\frac{\lambda}{2} \le \left|{w}\right| + \varepsilon",
    r"\operatorname{sign}{\left(w \right)} \in \left[-1, 1\right]",
    r"\begin{cases} z & \text{for}\: z > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"w < 0, \quad w > \eta \lambda, \; \lim_{w \to \infty} \log w",
    r"\left\{1\right\}^{2} \cdot \sqrt{x} \ne \max(a, b)'",
])
def test_ordinary_math_passes(source):
    assert text.check_math(source) == source
    assert text.latex_text(f"by ${source}$") == f"by ${source}$"


@pytest.mark.parametrize(("source", "offender"), [
    (r"\input{/etc/passwd}", r"\\input"),
    (r"\write18{rm -rf}", r"\\write"),
    (r"\include{x}", r"\\include"),
    (r"\immediate\openout1=x", r"\\immediate"),
    (r"\def\x{y}", r"\\def"),
    (r"\catcode`\^=7", r"\\catcode"),
    (r"\url{http://x}", r"\\url"),
    (r"\href{x}{y}", r"\\href"),
    (r"\special{ps:x}", r"\\special"),
    (r"\csname input\endcsname", r"\\csname"),
    (r"^^5cinput{x}", "'\\^\\^'"),
    (r"\begin{verbatim}", r"\\begin\{verbatim\}"),
    (r"\end", r"\\end without an environment"),
    (r"\%", r"\\%"),
    ("a % comment", "'%'"),
    ("<img src=x onerror=alert(1)>", "'<i'"),
    ("</script>", "'</'"),
    ("&lt;", "'&l'"),
    ("\u03bb", "'\u03bb'"),
])
def test_dangerous_math_is_refused_with_the_offender_named(source, offender):
    with pytest.raises(RenderError, match=rf"^{offender} is not allowed in math: .*$"):
        text.check_math(source)


@pytest.mark.parametrize("escape", [text.latex_text, text.markdown_text])
def test_dangerous_math_in_text_is_refused(escape):
    with pytest.raises(RenderError,
                       match=r"^\\input is not allowed in math: '\\\\input\{/etc/passwd\}'$"):
        escape(r"by $\input{/etc/passwd}$")
    with pytest.raises(RenderError, match=r"^'<i' is not allowed in math: '<img src=x>'$"):
        escape("see $<img src=x>$")


def test_tex_and_html_outside_math_are_inert():
    assert text.latex_text(r"by \input{/etc/passwd}") == (
        r"by \textbackslash{}input\{/etc/passwd\}")
    assert text.markdown_text("see <img src=x onerror=alert(1)>") == (
        r"see \<img src=x onerror=alert(1)\>")


# ---------------------------------------------------------------------------
# reading the math of rendered output back


def test_math_segments_of_latex_and_markdown():
    tex = (r"Costs \$5 for $w > 0$." "\n"
           r"\begin{align}a &= b \tag*{$|u|$} \\ c\end{align} \[d\]")
    assert text.math_segments(tex) == ["w > 0", r"a &= b \tag*{$|u|$} \\ c", "d"]
    md = "$$\nx\n$$ and $`y`$ and $z$\n```math\nv\n```\n```python\nlam = '$w$'\n```"
    assert text.math_segments(md) == ["\nx\n", "y", "z", "v\n"]


@pytest.mark.parametrize(("math", "tokens"), [
    (r"\eta \lambda \left|{w}\right|", [r"\eta", r"\lambda", r"\left", "w", r"\right"]),
    (r"\operatorname{sign}{\left(z \right)}", [r"\left", "z", r"\right"]),
    (r"\text{the step on $\lambda w^2$}", [r"\lambda", "w"]),
    (r"\frac{d}{d w} w^{2} + \int f\, dw", [r"\frac", "w", "w", r"\int", "f", "w"]),
    (r"\mathbb{R} \ni -\log p(w)", [r"\ni", r"\log", "w"]),
    (r"\log{\left(p{\left(y \right)} \right)}", [r"\log", r"\left", r"\left", "y", r"\right",
                                                 r"\right"]),
    (r"\tag*{with $k$} \label{eq:k}", ["k"]),
])
def test_math_tokens_are_symbols_not_words_fonts_or_functions(math, tokens):
    assert text.math_tokens(math) == tokens


def test_names_left_finds_symregs_own_names_only():
    assert text.names_left(r"a $w_{0} > 0$ and $\lambda_{1} \mathcal{W}$ for w") == [
        "w", r"\lambda"]
    assert text.names_left(r"$\mathcal{A} \operatorname{sign}(\mathcal{B})$") == []
