"""Tests of symreg.render.latex: expressions, conventions, derivations as align*, theorems."""

from __future__ import annotations

import pytest
import sympy

from symreg.convention import Convention
from symreg.derivation import Derivation, Step, calc, gt, solutions
from symreg.errors import InvalidParameterError, RenderError, VerificationError
from symreg.render import latex as rl
from symreg.render.layout import estimate_width
from symreg.symbols import eps, eta, lam, w, z


def _rows(block: str) -> list[str]:
    """The rows of an alignment, without the \\begin/\\end lines."""
    inner = block.split("\n")[1:-1]
    return [row.removesuffix(" \\\\") for row in inner]


def _l1_derivation() -> Derivation:
    return Derivation(
        name="l1-derivative",
        title="Derivative of $\\lambda|w|$",
        steps=(calc(sympy.Derivative(lam * sympy.Abs(w), w),
                    ("=", lam * sympy.sign(w), "chain rule", sympy.Ne(w, 0)),
                    ("=", lam, "sign(w) = 1 for $w > 0$", w > 0),
                    ("<", lam * w, "multiply by w > 1", w > 1)),),
        prose="For $w > 1$ the derivative of $\\lambda|w|$ is below $\\lambda w$.",
        conventions=(Convention(label="L1 penalty", expr=lam * sympy.Abs(w)),),
        remarks=("The same bound fails for w < 1.",),
    )


# ---------------------------------------------------------------------------
# expressions, conditions, text


def test_expr_uses_the_canonical_latex_names():
    assert rl.expr(lam * eps * eta) == r"\eta \lambda \varepsilon"
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
def test_conditions_print_through_symreg_printing(cond, expected):
    assert rl.expr(cond) == expected


def test_expr_refuses_what_is_not_sympy():
    with pytest.raises(sympy.SympifyError):
        rl.expr("lam*w")


def test_a_convention_prints_its_label_as_text_and_its_expression_as_math():
    c = Convention(label="L2 penalty, 50% & half", expr=lam * w**2 / 2)
    assert rl.convention(c) == r"L2 penalty, 50\% \& half $\frac{\lambda w^{2}}{2}$"
    dollar = Convention(label="costs $1", expr=lam)
    assert rl.convention(dollar) == r"costs \$1 $\lambda$"


def test_render_never_parses_strings():
    import symreg.render.latex as module

    assert not hasattr(module, "convention_text")


# ---------------------------------------------------------------------------
# derivation_align


@pytest.mark.parametrize(
    ("relation", "lhs", "rhs", "symbol"),
    [
        ("eq", w**2, sympy.Mul(w, w, evaluate=False), "="),
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
    assert row == f"{rl.expr(lhs)} &{symbol} {rl.expr(rhs)} \\tag*{{why}}"


def test_steps_continue_a_chain_and_show_their_regions():
    block = rl.derivation_align(_l1_derivation())
    assert block.startswith("\\begin{align*}\n")
    assert block.endswith("\n\\end{align*}")
    rows = _rows(block)
    assert rows[0].startswith(r"\frac{\partial}{\partial w} \lambda \left|{w}\right| &= ")
    assert rows[0].endswith(r"\quad (w \neq 0) \tag*{chain rule}")
    assert rows[1] == (r"&= \lambda \quad (w > 0) \tag*{sign(w) = 1 for $w > 0$}")
    assert rows[2] == r"&< \lambda w \quad (w > 1) \tag*{multiply by w > 1}"


def test_a_solve_step_reads_as_an_equivalence_with_its_domain():
    d = Derivation(name="s", title="s", steps=(
        Step(sympy.Eq(lam * w, lam * w**2), sympy.FiniteSet(1), relation="solve", variable=w,
             domain=sympy.Interval.open(0, sympy.oo), reason="divide by lam w"),
    ))
    (row,) = _rows(rl.derivation_align(d))
    assert row == (r"\lambda w = \lambda w^{2} &\iff w \in \left\{1\right\} "
                   r"\quad (w \in \left(0, \infty\right)) \tag*{divide by lam w}")


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
    bad = Derivation(name="l1-derivative", title=good.title, steps=tuple(steps))
    with pytest.raises(
        VerificationError,
        match=r"^derivation 'l1-derivative' \(Derivative of \$\\lambda\|w\|\$\), chain 2, "
              r"step 1 \(sign\(w\) = 1 for \$w > 0\$\): false at .*$",
    ):
        rl.derivation_align(bad)
    with pytest.raises(VerificationError, match=r"^derivation 'l1-derivative' .*chain 2, step 1 "):
        rl.derivation_theorem(bad)


def test_a_long_sum_is_broken_after_a_term_to_fit_the_width():
    long = sum(lam**i * w**i / (i + 1) for i in range(1, 16))
    i = sympy.Symbol("i", integer=True, positive=True)
    written = sympy.Sum(lam**i * w**i / (i + 1), (i, 1, 15))  # narrow: the sum unexpanded
    d = Derivation(name="long", title="long", steps=(Step(written, sympy.expand(long),
                                                          reason="expand"),))
    rows = _rows(rl.derivation_align(d, width=30))
    assert len(rows) > 2
    for row in rows:
        _, _, right = row.partition("&")
        assert estimate_width(right.split("&&")[0]) <= 30
    assert rows[1].startswith(r"&\qquad + ") or rows[1].startswith(r"&\qquad - ")


def test_reasons_that_do_not_fit_go_on_their_own_line():
    # In a document a reason is a tag, which TeX moves under its step when it
    # does not fit beside it; inside ``aligned`` the layout does that itself.
    reason = "a reason long enough not to fit at the right of this rather wide step"
    d = Derivation(name="r", title="r", steps=(
        Step(sympy.Abs(w) + sympy.Abs(-z, evaluate=False), sympy.Abs(z) + sympy.Abs(w),
             reason=reason),
    ))
    assert _rows(rl.derivation_align(d, width=30))[0].endswith(rf"\tag*{{{reason}}}")
    rows = _rows(rl.derivation_align(d, width=30, environment="aligned"))
    assert rows[0].endswith(r"\left|{z}\right|")
    assert rows[1] == rf"&\qquad \text{{{reason}}}"


def test_fit_scales_down_what_cannot_be_broken():
    wide = sympy.Piecewise(*[(w**i + lam * i + eta * i**2, w < i) for i in range(1, 4)],
                           (0, True))
    wider = sympy.Piecewise((wide * w + wide * z + wide * eta, z > 0), (0, True))
    d = Derivation(name="wide", title="wide",
                   steps=(Step(sympy.UnevaluatedExpr(wider), wider, reason="fit"),))
    plain = rl.derivation_align(d, width=20)
    fitted = rl.derivation_align(d, width=20, fit=True)
    assert r"\resizebox" not in plain
    assert r"\resizebox{\ifdim\width>" in fitted
    assert r"\parbox" not in plain


def test_claim_of_a_chain_combines_relations_and_regions():
    claim = rl.claim(_l1_derivation())
    assert _rows(claim) == [r"\frac{\partial}{\partial w} \lambda \left|{w}\right| &< \lambda w "
                            r"\quad (w > 1)"]


def test_a_claim_renders_each_conjunct_with_its_region_and_the_hypotheses():
    d = Derivation(name="h", title="H", hypotheses=eta * lam < 1, steps=(
        calc(1 - eta * lam, (">", 0, "the step is short")),
        Step(sympy.Eq(w**2, 1), sympy.FiniteSet(1), relation="solve", variable=w,
             domain=sympy.Interval.open(0, sympy.oo), reason="the positive root"),
    ), claim=(gt(1 - eta * lam, 0),
              solutions(w, sympy.Eq(w**2, 1), sympy.FiniteSet(1),
                        domain=sympy.Interval.open(0, sympy.oo))))
    assert rl.hypotheses(d) == r"Let $\eta \lambda < 1$. Then"
    assert _rows(rl.claim(d)) == [
        r"1 - \eta \lambda &> 0",
        r"w^{2} = 1 &\iff w \in \left\{1\right\} \quad (w \in \left(0, \infty\right))"]
    statement = rl.statement(d)
    assert statement.startswith("Let $\\eta \\lambda < 1$. Then\n\\begin{align*}")


# ---------------------------------------------------------------------------
# theorems


def test_theorem_has_statement_conventions_proof_and_remarks():
    out = rl.derivation_theorem(_l1_derivation())
    assert out.startswith(
        r"\begin{theorem}[{Derivative of $\lambda|w|$}]\label{thm:l1-derivative}"
    )
    assert "For $w > 1$ the derivative of $\\lambda|w|$ is below $\\lambda w$." in out
    assert r"\textit{Convention:} L1 penalty $\lambda \left|{w}\right|$." in out
    assert "\\begin{proof}\\allowdisplaybreaks\n\\begin{align*}" in out
    assert ("\\end{align*}\nThe chain above proves \\eqref{eq:l1-derivative:1}.\n"
            "\\end{proof}") in out
    assert "\\begin{remark}\nThe same bound fails for w < 1.\n\\end{remark}" in out


def test_theorem_without_prose_states_the_claim():
    written = sympy.Pow(sympy.Abs(w), 2, evaluate=False)
    d = Derivation(name="sq", title="Square", steps=(Step(written, w**2, reason="w is real"),))
    assert ("\\label{thm:sq}\\allowdisplaybreaks\n\\begin{align}\n"
            "\\left|{w}\\right|^{2} &= w^{2} \\label{eq:sq:1}\n"
            "\\end{align}\n\\end{theorem}") in rl.derivation_theorem(d)


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
    written = sympy.UnevaluatedExpr(value)
    d = Derivation(name="same", title="same", steps=(Step(written, value, reason=""),))
    (row,) = _rows(rl.derivation_align(d))
    assert row == f"{rl.expr(written)} &= {rl.expr(value)}"


def _reasoned(reason: str, *, symbol: sympy.Symbol = w) -> Derivation:
    return Derivation(name="sq", title="Square",
                      steps=(Step((symbol - 1) ** 2, symbol**2 - 2*symbol + 1, reason=reason),))


@pytest.mark.parametrize("render", [rl.derivation_align, rl.derivation_theorem])
def test_tex_commands_in_a_reason_are_refused(render):
    with pytest.raises(RenderError,
                       match=r"^\\input is not allowed in math: '\\\\input\{/etc/passwd\}'$"):
        render(_reasoned(r"by $\input{/etc/passwd}$"))


def test_tex_commands_outside_math_are_printed_as_text():
    out = rl.derivation_align(_reasoned(r"by \input{/etc/passwd}"))
    assert r"\tag*{by \textbackslash{}input\{/etc/passwd\}}" in out
    assert r"\input{" not in out


def test_a_symbol_name_cannot_carry_tex():
    x = sympy.Symbol(r"\input{/etc/passwd}", real=True)
    with pytest.raises(RenderError, match=r"^\\input is not allowed in math: .*$"):
        rl.derivation_align(_reasoned("square", symbol=x))


@pytest.mark.parametrize("region", [
    sympy.And(w > 0, w > 1, evaluate=False),
    sympy.And(w > 0, w < sympy.Rational(1, 2)),
    sympy.And(w >= -1, w <= 1, w > 0),
    sympy.And(w**2 < 4, w > -3),  # a polynomial relation
    sympy.And(1 / w > 2, w > -5),  # a rational one, undefined at 0
    sympy.And((w**2 - w) / (w - 1) > 0, w > -1),  # undefined at 1, which stays out
    sympy.And(w > 1, w < 0),  # empty
    sympy.And(abs(w) < 1, w > 0),  # not rational: the general solver
])
def test_a_region_of_one_variable_is_its_simplest_relation(region):
    simplest = rl._simplest(region)
    assert simplest.as_set() == region.as_set()  # the same set of w
    assert len(simplest.atoms(sympy.core.relational.Relational)) <= 2
    for value in (-5, -3, -2, -1, 0, sympy.Rational(1, 4), sympy.Rational(1, 2), 1, 2, 3):
        try:  # a point where a side is undefined (1/w at 0) is outside the region
            holds = bool(region.subs(w, value))
        except TypeError:
            holds = False
        assert bool(simplest.subs(w, value)) == holds
