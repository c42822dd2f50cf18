"""Tests of symreg.render.markdown: derivations as $$ math, and the Markdown report."""

from __future__ import annotations

import pytest
import sympy

from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, RenderError, VerificationError
from symreg.render import markdown as md
from symreg.render.latex import claim, derivation_align
from symreg.symbols import lam, w


def _derivation() -> Derivation:
    return Derivation(
        name="l2-gradient",
        title="Gradient of $\\lambda w^{2}$",
        steps=(
            Step(sympy.Derivative(lam * w**2, w), 2 * lam * w, reason="power rule"),
            Step(2 * lam * w, 2 * lam, relation="ge", where=w >= 1, reason="w is at least 1"),
        ),
        prose="The gradient of $\\lambda w^2$ is $2 \\lambda w$.",
        conventions=(Convention(label="L2 penalty", expr=lam * w**2),
                     Convention(label="w_0 is *not* used, nor $", expr=lam)),
        remarks=("Halve it under $\\frac{\\lambda w^{2}}{2}$.",),
    )


def test_derivation_markdown_has_heading_statement_math_and_remarks():
    d = _derivation()
    out = md.derivation_markdown(d)
    blocks = out.split("\n\n")
    assert blocks[0] == r"### Gradient of $\lambda w^{2}$"
    assert blocks[1] == "The gradient of $\\lambda w^2$ is $2 \\lambda w$."
    assert blocks[2] == "$$\n" + claim(d, environment="aligned") + "\n$$"
    assert blocks[3] == (r"*Conventions:* L2 penalty $\lambda w^{2}$; "
                         r"w\_0 is \*not\* used, nor \$ $\lambda$.")
    assert blocks[4] == "*Proof.*"
    assert blocks[5] == "$$\n" + derivation_align(d, environment="aligned") + "\n$$"
    assert blocks[6] == r"*Remark.* Halve it under $\frac{\lambda w^{2}}{2}$."
    assert d.markdown() == out


def test_heading_level_is_checked():
    assert md.derivation_markdown(_derivation(), level=2).startswith("## ")
    with pytest.raises(InvalidParameterError, match=r"^level must be between 1 and 6, got 7$"):
        md.derivation_markdown(_derivation(), level=7)


def test_a_tampered_derivation_is_not_rendered():
    steps = list(_derivation().steps)
    steps[0] = Step(sympy.Derivative(lam * w**2, w), lam * w, reason="power rule")
    bad = Derivation(name="l2-gradient", title="Gradient", steps=tuple(steps))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'l2-gradient' \(Gradient\), "
                             r"chain 1, step 1 \(power rule\): "
                             r"false at .*$"):
        md.derivation_markdown(bad)


def test_text_escapes_markup_but_not_math():
    assert md.text("a *b* [c] | d $x_1 * y$") == r"a \*b\* \[c\] \| d $x_1 * y$"
    with pytest.raises(RenderError, match=r"^unbalanced \$ in text: 'a \$ b'$"):
        md.text("a $ b")


class _Row:
    def __init__(self, quantity, full, half, note=""):
        self.quantity, self.full, self.half, self.note = quantity, full, half, note


def test_document_has_every_section_and_a_table_without_stray_bars():
    from symreg.render.figures import Figure
    from symreg.render.listings import Check, Listing

    rows = [_Row("penalty at w", lam * sympy.Abs(w), lam * sympy.Abs(w) / 2, "a note")]
    figures = [Figure(name="prox", file="prox.svg", caption="Prox at $\\eta = 1$.")]
    check = Check(points=3, max_error=0.0, includes=("0",))
    l1 = Convention(label="L1 penalty", expr=lam * sympy.Abs(w))
    listings = [Listing(penalty="L1", convention=l1, role="penalty",
                        function="l1_penalty", latex=r"\mathrm{l1\_penalty}(w) = |w|",
                        check=check)]
    kwargs = {"derivations": [_derivation()], "conventions": rows, "figures": figures,
              "listings": listings}
    out = md.document(**kwargs, figure_dir="report-figures")
    assert out == md.document(**kwargs, figure_dir="report-figures")
    assert out.endswith("\n")
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# L1 and L2 regularization: verified derivations",
        "## Notation and definitions",
        "## Results",
        r"### Gradient of $\lambda w^{2}$",
        "## Conventions",
        "## Figures",
        "## Implementation",
        r"### L1, $\lambda \left|{w}\right|$",
        "## References",
    ]
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(table) == 3
    for line in table:
        # four cells: five separators, none from the math
        assert line.count("|") == 5
    assert r"$\lambda \left\vert {w}\right\vert $" in table[2]
    assert "![Figure 1: prox](report-figures/prox.svg)" in out
    assert "*Figure 1.* Prox at $\\eta = 1$." in out
    assert "$$\n\\mathrm{l1\\_penalty}(w) = |w|\n$$" in out



def _with(*, reason: str = "w is real", title: str = "Square",
          remark: str = "") -> Derivation:
    return Derivation(name="sq", title=title, remarks=(remark,) if remark else (),
                      steps=(Step((w - 1) ** 2, w**2 - 2*w + 1, reason=reason),))


def test_tex_in_a_reason_is_refused_in_markdown():
    with pytest.raises(RenderError, match=r"^\\input is not allowed in math: .*$"):
        md.derivation_markdown(_with(reason=r"by $\input{/etc/passwd}$"))


def test_html_in_text_is_escaped_and_in_math_refused():
    out = md.derivation_markdown(_with(title="<img src=x onerror=alert(1)>"))
    assert out.splitlines()[0] == r"### \<img src=x onerror=alert(1)\>"
    with pytest.raises(RenderError, match=r"^'<i' is not allowed in math: .*$"):
        md.derivation_markdown(_with(remark="see $<img src=x onerror=alert(1)>$"))


def test_a_symbol_name_cannot_carry_markup():
    x = sympy.Symbol("<img src=x>")
    d = Derivation(name="x", title="t", steps=(Step((x + 1)**2, x**2 + 2*x + 1, reason="add"),))
    with pytest.raises(RenderError, match=r"^'<i' is not allowed in math: .*$"):
        md.derivation_markdown(d)


# ---------------------------------------------------------------------------
# Markdown flavours, read back by a Markdown parser


def _formulas(source: str, flavor: str) -> list[str]:
    """The formulas a reader of ``flavor`` finds in ``source``, in order."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser = MarkdownIt("commonmark").enable("table")
    if flavor == "myst":
        parser = parser.use(dollarmath_plugin)
    found: list[str] = []
    for token in parser.parse(source):
        if token.type == "math_block" or (token.type == "fence" and token.info == "math"):
            found.append(token.content.strip())
        children = token.children or []
        for at, child in enumerate(children):
            ticked = (flavor == "gfm" and child.type == "code_inline"
                      and 0 < at < len(children) - 1
                      and children[at - 1].content.endswith("$")
                      and children[at + 1].content.startswith("$"))
            if child.type == "math_inline" or ticked:
                found.append(child.content.strip())
    return found


def _written(d: Derivation) -> int:
    """How many formulas the derivation's Markdown holds: the math of the prose, the
    hypotheses and the remarks, the claim's display, one per convention, and the proof's."""
    from symreg.render.latex import hypotheses

    inline = (d.prose + hypotheses(d) + "".join(d.remarks)).count("$") // 2
    return inline + 1 + len(d.conventions) + 1


def _catalogue_names() -> list[str]:
    from symreg import catalogue

    return list(catalogue.names())


@pytest.mark.parametrize("name", _catalogue_names())
def test_every_formula_survives_both_markdown_flavours(name):
    from symreg import catalogue

    d = catalogue.get(name)
    myst = _formulas(md.derivation_markdown(d, flavor="myst"), "myst")
    gfm = _formulas(md.derivation_markdown(d, flavor="gfm"), "gfm")
    assert len(myst) == _written(d)
    assert myst == gfm


def test_the_gfm_flavour_fences_display_math_and_ticks_inline_math():
    out = md.derivation_markdown(_derivation(), flavor="gfm")
    assert "```math\n\\begin{aligned}" in out
    assert "$`2 \\lambda w`$" in out
    assert "$$" not in out


def test_the_whole_report_survives_the_gfm_flavour():
    doc = md.document(derivations=[_derivation()], conventions=[], figures=[], listings=[],
                      flavor="gfm")
    mathjax = md.document(derivations=[_derivation()], conventions=[], figures=[],
                          listings=[])
    found = _formulas(doc, "gfm")
    assert found == _formulas(mathjax, "myst")
    assert len(found) >= _written(_derivation()) + 1  # and the title's formula


def test_an_unknown_flavour_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^unknown Markdown flavor 'github': use one of myst, gfm$"):
        md.derivation_markdown(_derivation(), flavor="github")
