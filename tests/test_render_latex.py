"""Tests of symreg.render.latex: expressions, derivations as align*, theorems, the document."""

from __future__ import annotations

import re

import pytest
import sympy

from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, RenderError, VerificationError
from symreg.render import latex as rl
from symreg.symbols import eps, eta, lam, w, z


def _rows(block: str) -> list[str]:
    """The rows of an alignment, without the \\begin/\\end lines."""
    inner = block.split("\n")[1:-1]
    return [row.removesuffix(" \\\\") for row in inner]


def _l1_derivation() -> Derivation:
    return Derivation(
        name="l1-derivative",
        title="Derivative of lam*|w|",
        steps=(
            Step(sympy.Derivative(lam * sympy.Abs(w), w), lam * sympy.sign(w),
                 reason="chain rule", where=sympy.Ne(w, 0)),
            Step(lam * sympy.sign(w), lam, reason="sign(w) = 1 for $w > 0$", where=w > 0),
            Step(lam, lam * w, relation="lt", reason="multiply by w > 1", where=w > 1),
        ),
        statement="For $w > 1$ the derivative of $\\lambda|w|$ is below $\\lambda w$.",
        conventions=("lam*|w|",),
        remarks=("The same bound fails for w < 1.",),
    )


# ---------------------------------------------------------------------------
# expressions, conditions, text


def test_expr_uses_the_canonical_latex_names():
    assert rl.expr(lam * eps * eta) == r"\varepsilon \eta \lambda"
    assert rl.expr(sympy.Interval(-lam, lam)) == r"\left[- \lambda, \lambda\right]"


def test_expr_renders_a_piecewise_of_sets_as_cases():
    sub = sympy.Piecewise((sympy.Interval(-lam, lam), sympy.Eq(w, 0)),
                          (sympy.FiniteSet(lam * sympy.sign(w)), True))
    out = rl.expr(sub)
    assert out.startswith(r"\begin{cases}")
    assert out.endswith(r"\end{cases}")
    assert r"\left[- \lambda, \lambda\right]" in out


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        (sympy.Ne(w, 0), r"w \neq 0"),
        ((w > 0) & (w < 1), "0 < w < 1"),
        ((z >= -eta * lam) & (z <= eta * lam), r"- \eta \lambda \le z \le \eta \lambda"),
        ((w > 0) & (lam > 1), r"\lambda > 1,\ w > 0"),
        ((w < -1) | (w > 1), r"w > 1 \ \text{or}\ w < -1"),
    ],
)
def test_condition(cond, expected):
    assert rl.condition(cond) == expected


def test_text_escapes_specials_outside_math_only():
    assert rl.text("5% & #1 of w_1 ~ {x} $a_1 \\le b$") == (
        r"5\% \& \#1 of w\_1 \textasciitilde{} \{x\} $a_1 \le b$"
    )


def test_text_turns_unicode_math_into_math():
    assert rl.text("\u03bb \u2264 1 \u2013 done") == (
        r"\ensuremath{\lambda} \ensuremath{\le} 1 -- done"
    )


def test_text_refuses_unbalanced_dollars():
    with pytest.raises(RenderError, match=r"^unbalanced \$ in text: 'costs \$5'$"):
        rl.text("costs $5")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("lam*w**2", r"$\lambda w^{2}$"),
        ("L2 penalty lam/2*w**2", r"L2 penalty $\frac{\lambda w^{2}}{2}$"),
        ("lam*|w|", r"$\lambda \left|{w}\right|$"),
        ("l1*|w| + l2*w**2", r"$\lambda_{1} \left|{w}\right| + \lambda_{2} w^{2}$"),
        ("for w > eta*lam", r"for w > $\eta \lambda$"),
        ("step-decrease of foo*bar", "step-decrease of foo*bar"),
        ("already $x*y$ math", "already $x*y$ math"),
    ],
)
def test_convention_text(source, expected):
    assert rl.convention_text(source) == expected


def test_estimate_width_grows_with_content_and_reads_fractions_and_cases():
    narrow, wide = rl.estimate_width("w"), rl.estimate_width("w + w + w + w")
    assert 0 < narrow < wide
    frac = rl.estimate_width(r"\frac{aaaaaaaa}{b}")
    assert frac == pytest.approx(rl.estimate_width("aaaaaaaa") + 0.3)
    cases = rl.estimate_width(r"\begin{cases} aaaa & x \\ a & y \end{cases}")
    assert rl.estimate_width("aaaa") < cases < rl.estimate_width("aaaa a x y") + 4


# ---------------------------------------------------------------------------
# derivation_align


@pytest.mark.parametrize(
    ("relation", "lhs", "rhs", "symbol"),
    [
        ("eq", w**2, w * w, "="),
        ("le", w**2, w**2 + 1, r"\le"),
        ("lt", w**2, w**2 + 1, "<"),
        ("ge", w**2 + 1, w**2, r"\ge"),
        ("gt", w**2 + 1, w**2, ">"),
        ("in", lam * sympy.sign(w) / 2, sympy.Interval(-lam, lam), r"\in"),
    ],
)
def test_each_relation_is_rendered(relation, lhs, rhs, symbol):
    d = Derivation(name="r", title="r", steps=(Step(lhs, rhs, reason="why", relation=relation),))
    (row,) = _rows(rl.derivation_align(d))
    assert row == f"{rl.expr(lhs)} &{symbol} {rl.expr(rhs)} && \\text{{why}}"


def test_steps_continue_a_chain_and_show_their_regions():
    block = rl.derivation_align(_l1_derivation())
    assert block.startswith("\\begin{align*}\n")
    assert block.endswith("\n\\end{align*}")
    rows = _rows(block)
    assert rows[0].startswith(r"\frac{\partial}{\partial w} \lambda \left|{w}\right| &= ")
    assert rows[0].endswith(r"\quad (w \neq 0) && \text{chain rule}")
    assert rows[1] == (r"&= \lambda \quad (w > 0) && \text{sign(w) = 1 for $w > 0$}")
    assert rows[2] == r"&< \lambda w \quad (w > 1) && \text{multiply by w > 1}"


def test_a_solve_step_reads_as_an_equivalence_with_its_domain():
    d = Derivation(name="s", title="s", steps=(
        Step(sympy.Eq(lam * w, lam * w**2), sympy.FiniteSet(1), relation="solve", variable=w,
             domain=sympy.Interval.open(0, sympy.oo), reason="divide by lam w"),
    ))
    (row,) = _rows(rl.derivation_align(d))
    assert row == (r"\lambda w = \lambda w^{2} &\iff w \in \left\{1\right\} "
                   r"\quad (w \in \left(0, \infty\right)) && \text{divide by lam w}")


def test_a_solve_step_on_an_expression_equates_it_to_zero():
    d = Derivation(name="s", title="s", steps=(
        Step(w**2 - 1, sympy.FiniteSet(-1, 1), relation="solve", variable=w, reason="roots"),
    ))
    (row,) = _rows(rl.derivation_align(d))
    assert row.startswith(r"w^{2} - 1 = 0 &\iff w \in \left\{-1, 1\right\}")


def test_aligned_environment_for_jupyter():
    d = _l1_derivation()
    block = rl.derivation_align(d, environment="aligned")
    assert block.startswith("\\begin{aligned}\n")
    assert block.endswith("\n\\end{aligned}")
    assert d._repr_latex_() == "$$" + block + "$$"
    assert d.latex() == rl.derivation_align(d)


def test_unknown_environment_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^environment must be one of align\*, aligned, got 'equation'$"):
        rl.derivation_align(_l1_derivation(), environment="equation")


def test_a_tampered_step_stops_rendering_with_the_step_named():
    good = _l1_derivation()
    steps = list(good.steps)
    steps[1] = Step(lam * sympy.sign(w), 2 * lam, reason="sign(w) = 1 for $w > 0$", where=w > 0)
    bad = Derivation(name="l1-derivative", title="Derivative of lam*|w|", steps=tuple(steps))
    with pytest.raises(
        VerificationError,
        match=r"^derivation 'l1-derivative' \(Derivative of lam\*\|w\|\), step 2 "
              r"\(sign\(w\) = 1 for \$w > 0\$\): false at .*$",
    ):
        rl.derivation_align(bad)
    with pytest.raises(VerificationError, match=r"^derivation 'l1-derivative' .*step 2 "):
        rl.derivation_theorem(bad)


def test_a_long_sum_is_broken_after_a_term_to_fit_the_width():
    long = sum(lam**i * w**i / (i + 1) for i in range(1, 16))
    d = Derivation(name="long", title="long", steps=(Step(long, sympy.expand(long),
                                                          reason="expand"),))
    rows = _rows(rl.derivation_align(d, width=30))
    assert len(rows) > 2
    for row in rows:
        _, _, right = row.partition("&")
        assert rl.estimate_width(right.split("&&")[0]) <= 30
    assert rows[1].startswith(r"&\qquad + ") or rows[1].startswith(r"&\qquad - ")


def test_reasons_that_do_not_fit_go_on_their_own_line():
    reason = "a reason long enough not to fit at the right of this rather wide step"
    d = Derivation(name="r", title="r", steps=(
        Step(sympy.Abs(w) + sympy.Abs(z), sympy.Abs(z) + sympy.Abs(w), reason=reason),
    ))
    rows = _rows(rl.derivation_align(d, width=30))
    assert rows[0].endswith(r"\left|{z}\right|")
    assert rows[1] == rf"&\qquad \text{{{reason}}}"


def test_fit_scales_down_what_cannot_be_broken():
    wide = sympy.Piecewise(*[(w**i + lam * i + eta * i**2, w < i) for i in range(1, 4)],
                           (0, True))
    wider = sympy.Piecewise((wide * w + wide * z + wide * eta, z > 0), (0, True))
    d = Derivation(name="wide", title="wide",
                   steps=(Step(wider, wider, reason="nothing to do"),))
    plain = rl.derivation_align(d, width=20)
    fitted = rl.derivation_align(d, width=20, fit=True)
    assert r"\resizebox" not in plain
    assert r"\resizebox{\ifdim\width>" in fitted
    assert r"\parbox" not in plain


def test_claim_of_a_chain_combines_relations_and_regions():
    claim = rl.claim(_l1_derivation())
    assert claim == (r"\frac{\partial}{\partial w} \lambda \left|{w}\right| < \lambda w "
                     r"\quad (w > 1)")


# ---------------------------------------------------------------------------
# theorem and document


def test_theorem_has_statement_conventions_proof_and_remarks():
    out = rl.derivation_theorem(_l1_derivation())
    assert out.startswith(
        r"\begin{theorem}[{Derivative of $\lambda \left|{w}\right|$}]\label{thm:l1-derivative}"
    )
    assert "For $w > 1$ the derivative of $\\lambda|w|$ is below $\\lambda w$." in out
    assert r"\textit{Convention:} $\lambda \left|{w}\right|$." in out
    assert "\\begin{proof}\n\\begin{align*}" in out
    assert "\\end{align*}\n\\end{proof}" in out
    assert "\\begin{remark}\nThe same bound fails for w < 1.\n\\end{remark}" in out


def test_theorem_without_statement_states_the_claim():
    d = Derivation(name="sq", title="Square", steps=(Step(sympy.Abs(w) ** 2, w**2,
                                                          reason="w is real"),))
    assert "The following holds:\n\\begin{align*}\nw^{2} &= w^{2}\n\\end{align*}" in (
        rl.derivation_theorem(d))


class _Row:
    def __init__(self, quantity, full, half, note=""):
        self.quantity, self.full, self.half, self.note = quantity, full, half, note


def test_document_is_complete_and_reproducible():
    rows = [_Row("gradient of L2", 2 * lam * w, lam * w, "halved"),
            _Row("|w| at the crossover", sympy.Abs(w), sympy.Abs(w), "a | bar")]
    kwargs = {"derivations": [_l1_derivation()], "conventions": rows, "figures": [],
              "listings": []}
    tex = rl.document(**kwargs)
    assert tex == rl.document(**kwargs)
    assert tex.startswith("\\documentclass[11pt,a4paper]{article}\n")
    assert tex.endswith("\\end{document}\n")
    for needle in (r"\pdfinfoomitdate=1", r"\pdftrailerid{}", r"\pdfsuppressptexinfo=-1",
                   r"\date{}", r"\newtheorem{theorem}{Theorem}", r"\label{tab:conventions}",
                   r"\fitmath{2 \lambda w}", r"\section{Conventions}"):
        assert needle in tex
    assert r"\today" not in tex
    assert tex.count(r"\begin{theorem}") == 1


def test_document_verifies_every_derivation():
    bad = Derivation(name="bad", title="Bad", steps=(Step(sympy.Abs(w), w, reason="drop"),))
    with pytest.raises(VerificationError, match=r"^derivation 'bad' \(Bad\), step 1 \(drop\)"):
        rl.document(derivations=[bad], conventions=[], figures=[], listings=[])


def test_document_lists_figures_and_listings():
    from symreg.render.figures import Figure
    from symreg.render.listings import Check, Listing

    figure = Figure(name="penalties", file="penalties.pdf", caption="The $w$ penalty; 50%.")
    check = Check(points=7, max_error=0.0, includes=("0", "negative values"))
    listings = [Listing(penalty="L2", convention="lam*w**2", role=role, function=f"l2_{role}",
                        latex=rf"\mathrm{{l2\_{role}}}(w) = w", check=check)
                for role in ("penalty", "derivative")]
    tex = rl.document(derivations=[], conventions=[], figures=[figure], listings=listings,
                      figure_dir="out-figures")
    assert r"\includegraphics[width=\linewidth]{out-figures/penalties.pdf}" in tex
    assert r"\caption{The $w$ penalty; 50\%.}\label{fig:penalties}" in tex
    assert tex.count(r"\subsection*{L2, $\lambda w^{2}$}") == 1
    assert tex.count(r"\fitmath{\mathrm{l2\_") == 2
    assert re.search(r"Agrees with the symbolic result at 7 points", tex)


@pytest.mark.parametrize(
    "value",
    [
        lam * w**2 - 2 * eps * w * lam + sympy.Abs(z) - 3,
        -w / 2 + z,
        -(w + 1) * z + eta,
        sympy.Union(sympy.Interval(-sympy.oo, -1), sympy.Interval(1, sympy.oo)),
    ],
)
def test_a_right_side_that_fits_reads_as_sympy_prints_it(value):
    d = Derivation(name="same", title="same", steps=(Step(value, value, reason=""),))
    (row,) = _rows(rl.derivation_align(d))
    assert row == f"{rl.expr(value)} &= {rl.expr(value)}"


@pytest.mark.parametrize(
    "value",
    ["||y - X w||^2 + lam*||w||^2", "eta is in {1/(2*lam)}", "a factor (2*lam"],
)
def test_convention_text_leaves_other_notation_alone(value):
    assert rl.convention_text(value) == value


def test_convention_text_never_evaluates_code(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parse_expr must not be called")

    monkeypatch.setattr(sympy, "parse_expr", refuse)
    assert rl.convention_text("lam*|w|") == r"$\lambda \left|{w}\right|$"
