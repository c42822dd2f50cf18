"""Printing: symreg's symbol names in LaTeX."""

from __future__ import annotations

import pytest
import sympy

from symreg import printing, symbols
from symreg.errors import InvalidParameterError


@pytest.mark.parametrize(("expr", "expected"), [
    (symbols.lam * sympy.Abs(symbols.w), r"\lambda \left|{w}\right|"),
    (symbols.eps * symbols.eta, r"\eta \varepsilon"),
    (symbols.lam1, r"\lambda_{1}"),
    (symbols.lam2, r"\lambda_{2}"),
    (symbols.sigma, r"\sigma"),
    (symbols.alpha * symbols.beta, r"\alpha \beta"),
    (symbols.w0, r"w_{0}"),
    (symbols.theta, r"\theta"),
    (symbols.w, "w"),
])
def test_latex_names(expr, expected):
    assert printing.latex(expr) == expected


def test_latex_symbol_names_extend_and_override():
    out = printing.latex(symbols.lam * symbols.w, symbol_names={symbols.w: r"\omega"})
    assert out == r"\lambda \omega"
    out = printing.latex(symbols.lam, symbol_names={symbols.lam: "L"})
    assert out == "L"


def test_latex_passes_other_settings():
    assert printing.latex(symbols.lam / 2, fold_short_frac=True) == r"\lambda / 2"


def test_latex_does_not_mutate_the_canonical_names():
    printing.latex(symbols.lam, symbol_names={symbols.lam: "L"})
    assert symbols.LATEX_NAMES[symbols.lam] == r"\lambda"
    with pytest.raises(TypeError):
        symbols.LATEX_NAMES[symbols.w] = "x"  # type: ignore[index]


# ---------------------------------------------------------------------------
# the printer: settings, conditions, sums, bars

lam, w, z, eta = symbols.lam, symbols.w, symbols.z, symbols.eta


def test_unknown_setting_is_a_type_error_the_sympy_way():
    with pytest.raises(TypeError, match=r"^Unknown setting 'colour'\.$"):
        printing.latex(w, colour="red")


@pytest.mark.parametrize(("cond", "expected"), [
    (sympy.Ne(w, 0), r"w \neq 0"),
    (w >= 1, r"w \geq 1"),
    (sympy.Lt(1, w, evaluate=False), "w > 1"),
    ((w > 0) & (w < 1), "0 < w < 1"),
    ((z >= -eta * lam) & (z <= eta * lam), r"- \eta \lambda \le z \le \eta \lambda"),
    ((w > 0) & (lam > 1), r"\lambda > 1,\ w > 0"),
    ((w < -1) | (w > 1), r"w > 1 \ \text{or}\ w < -1"),
    (((w > 0) & (w < 1)) | (w > 2), r"w > 2 \ \text{or}\ \left(0 < w < 1\right)"),
    (sympy.Not(sympy.Eq(w, 0) | sympy.Eq(z, 0), evaluate=False),
     r"\neg\left(w = 0 \ \text{or}\ z = 0\right)"),
])
def test_conditions(cond, expected):
    assert printing.latex(cond) == expected


def test_conditions_inside_cases_read_the_same_way():
    pw = sympy.Piecewise((w, (w > 0) & (w < 1)), (0, True))
    assert r"\text{for}\: 0 < w < 1" in printing.latex(pw)


@pytest.mark.parametrize("value", [
    lam * w**2 - 2 * lam * w + sympy.Abs(z) - 3,
    w / 2 + z,
    eta - (w + 1),
    w - sympy.Float(0.5),
    sympy.Add(w, sympy.Add(z, 1, evaluate=False), evaluate=False),
    sympy.Union(sympy.Interval(-sympy.oo, -1), sympy.Interval(1, sympy.oo)),
    sympy.Interval(0, 1),
    sympy.Abs(w),
])
def test_sums_and_unions_print_as_sympy_does_and_their_pieces_join_to_it(value):
    out = printing.latex(value)
    assert out == sympy.latex(value, symbol_names=dict(symbols.LATEX_NAMES))
    assert " ".join(printing.pieces(value)) == out


# ---------------------------------------------------------------------------
# products in a reader's order


@pytest.mark.parametrize(("value", "expected"), [
    (2 * symbols.eps * lam * w, r"2 \lambda \varepsilon w"),
    (symbols.eps * lam * (2 * w - symbols.eps),
     r"\lambda \varepsilon \left(2 w - \varepsilon\right)"),
    (-symbols.eps * lam * (2 * w - symbols.eps) / 2,
     r"- \frac{\lambda \varepsilon \left(2 w - \varepsilon\right)}{2}"),
    ((symbols.y[symbols.i] - symbols.x[symbols.i] * w) ** 2,
     r"\left({y}_{i} - {x}_{i} w\right)^{2}"),
    (w * (1 - 2 * eta * lam), r"\left(1 - 2 \eta \lambda\right) w"),
    (-2 * symbols.eps * lam * w * sympy.sign(w),
     r"- 2 \lambda \varepsilon w \operatorname{sign}{\left(w \right)}"),
    (symbols.k * eta * lam, r"k \eta \lambda"),
    (lam * symbols.p * w ** (symbols.p - 1), r"\lambda p w^{p - 1}"),
    (2 * lam * symbols.eps / (eta * w), r"\frac{2 \lambda \varepsilon}{\eta w}"),
    (symbols.s**2 * w**2 / symbols.sigma**2, r"\frac{s^{2} w^{2}}{\sigma^{2}}"),
    (lam * sympy.Abs(w), r"\lambda \left|{w}\right|"),
])
def test_products_print_in_a_readers_order(value, expected):
    assert printing.latex(value) == expected


def test_a_product_with_a_value_put_in_for_a_symbol_stays_as_written():
    # lam_2 = 0 substituted into 2 eta lam_2 reads 2 eta 0, not 0 2 eta
    written = sympy.Mul(2, eta, 0, evaluate=False)
    assert printing.latex(written + 1) == r"2 \eta 0 + 1"
    assert printing.latex(sympy.Mul(eta, 0, evaluate=False)) == r"\eta 0"


def test_the_factor_order_keeps_the_order_of_the_terms_inside_a_factor():
    # The factors print in reading order; a sum among them keeps its own rule.
    value = symbols.eps * lam * (z - eta * lam)
    assert printing.latex(value) == r"\lambda \varepsilon \left(z - \eta \lambda\right)"
    assert printing.latex(value, order="none").startswith(r"\varepsilon \lambda")


def test_pieces_of_a_sum_carry_their_signs():
    assert printing.pieces(lam * w**2 - w + 1) == (r"\lambda w^{2}", "- w", "+ 1")
    assert printing.pieces(sympy.Union(sympy.Interval(-2, -1), sympy.Interval(1, 2))) == (
        r"\left[-2, -1\right]", r"\cup \left[1, 2\right]")


def test_table_safe_prints_no_bar():
    x = sympy.Symbol("x")
    for value in (lam * sympy.Abs(w), sympy.Abs(x) ** 3, sympy.Abs(w - z) / 2):
        plain, safe = printing.latex(value), printing.latex(value, table_safe=True)
        assert "|" in plain
        assert "|" not in safe
    assert printing.latex(sympy.Abs(x) ** 3, table_safe=True) == (
        r"\left\vert {x}\right\vert ^{3}")


def test_objects_print_themselves_through_the_printer():
    class Norm(sympy.Expr):
        def _latex(self, printer):
            return rf"\left\Vert {printer._print(self.args[0])}\right\Vert "

    assert printing.latex(Norm(lam * w)) == r"\left\Vert \lambda w\right\Vert "


# ---------------------------------------------------------------------------
# the reader's notation


def test_a_notation_renames_symbols_inside_its_block_only():
    with printing.notation({w: r"\beta", "lam": r"\alpha"}) as names:
        assert printing.latex(lam * sympy.Abs(w)) == r"\alpha \left|{\beta}\right|"
        assert names[w] == r"\beta"
        assert names[lam] == r"\alpha"
        with printing.notation({w: r"\theta_{1}"}):
            assert printing.latex(lam * w**2) == r"\alpha \theta_{1}^{2}"
        assert printing.latex(w) == r"\beta"
    assert printing.latex(lam * sympy.Abs(w)) == r"\lambda \left|{w}\right|"
    assert dict(printing.current_notation()) == {}


def test_a_notation_is_undone_when_its_block_fails():
    with pytest.raises(ZeroDivisionError), printing.notation({w: r"\beta"}):
        _ = 1 / 0
    assert printing.latex(w) == "w"


def test_an_explicit_symbol_name_wins_over_the_notation():
    with printing.notation({w: r"\beta"}):
        assert printing.latex(w, symbol_names={w: "x"}) == "x"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({"omega": r"\omega"}, r"^notation: 'omega' is not a symbol \(use a SymPy Symbol or "
                               r"one of alpha, b, .*, z\)$"),
        ({w: ""}, r"^notation: the name of w must be LaTeX math without \$, got ''$"),
        ({w: "$x$"}, r"^notation: the name of w must be LaTeX math without \$, got '\$x\$'$"),
        ({w: 3}, r"^notation: the name of w must be LaTeX math without \$, got 3$"),
        ({w: r"\frac{1"}, r"^notation: the name of w has unbalanced braces: '\\\\frac\{1'$"),
        ([(w, "x")], r"^notation must map symbols to LaTeX, got list$"),
    ],
)
def test_a_bad_notation_is_refused(names, message):
    with pytest.raises(InvalidParameterError, match=message), printing.notation(names):
        pass


def test_a_subscripted_symbol_follows_its_base():
    with printing.notation({w: r"\beta", "lam": r"\theta_{a}"}):
        assert printing.latex(symbols.w0) == r"\beta_{0}"
        assert printing.latex(symbols.lam1) == r"{\theta_{a}}_{1}"
    with printing.notation({w: r"\beta", symbols.w0: r"\beta^{\star}"}):
        assert printing.latex(symbols.w0) == r"\beta^{\star}"


def test_mathtext_prints_plain_bars():
    assert printing.latex(lam * sympy.Abs(w), mathtext=True) == r"\lambda |w|"
    assert printing.latex(sympy.Abs(sympy.Symbol("x")) ** 3, mathtext=True) == r"|x|^{3}"


@pytest.mark.parametrize(("value", "read"), [
    (z - eta * lam, r"z - \eta \lambda"),
    (1 - 2 * eta * lam, r"1 - 2 \eta \lambda"),
    (-w / 2 + z, r"z - \frac{w}{2}"),
    (-2 * z + eta, r"\eta - 2 z"),
    (w**2 - 2 * w + 1, r"w^{2} - 2 w + 1"),
    (-w - 1, r"- w - 1"),
    (-w**2 + 2 * w + 1, r"2 w + 1 - w^{2}"),
])
def test_a_sum_opens_without_a_minus_sign_when_it_can(value, read):
    assert printing.latex(value) == read
    assert " ".join(printing.pieces(value)) == read


def test_equal_bounds_read_as_an_equation():
    both = sympy.And(sympy.Ge(z, 0, evaluate=False), sympy.Le(z, 0, evaluate=False),
                     evaluate=False)
    assert printing.latex(both) == "z = 0"
    assert printing.latex(sympy.And(z >= -eta * lam, z <= eta * lam)) == (
        r"- \eta \lambda \le z \le \eta \lambda")
    assert printing.latex(sympy.And(z >= 0, z < 1)) == "0 \\le z < 1"


def test_finer_pieces_break_a_product_before_each_compound_factor():
    value = 2 * lam * sympy.sign(w) * sympy.Max(0, w - z) - w
    assert printing.finer_pieces(value) == (
        r"2 \lambda \operatorname{sign}{\left(w \right)}",
        r"\cdot \max\left(0, w - z\right)", "- w")
    # a product that is not of compound factors, and a fraction, stay whole
    assert printing.finer_pieces(2 * eta * lam * w) == (r"2 \eta \lambda w",)
    assert printing.finer_pieces(sympy.sign(w) * sympy.Max(0, w) / z) == (
        printing.latex(sympy.sign(w) * sympy.Max(0, w) / z),)


def test_finer_pieces_break_a_closing_sum_with_brackets_as_tall_as_the_whole():
    inner = sympy.UnevaluatedExpr(sympy.exp(-w**2 / 2) + sympy.Abs(z))
    pieces = printing.finer_pieces(2 * lam * inner)
    tall = r"\vphantom{" + printing.latex(inner.args[0]) + "}"
    first, second = printing.pieces(inner.args[0])
    assert pieces == (rf"2 \lambda \left({tall} {first}\right.",
                      rf"\left.{tall} {second}\right)")


# ---------------------------------------------------------------------------
# notebooks


class _Formatter:
    def __init__(self):
        self.printers = {}

    def for_type(self, kind, printer):
        self.printers[kind] = printer


class _Shell:
    def __init__(self):
        self.display_formatter = type("DisplayFormatter", (), {})()
        self.display_formatter.formatters = {"text/latex": _Formatter()}


def test_init_printing_shows_sympy_results_with_symreg_names_in_a_notebook():
    shell = _Shell()
    printing.init_printing(shell)
    show = shell.display_formatter.formatters["text/latex"].printers[sympy.Basic]
    assert show(lam * w**2) == r"$\lambda w^{2}$"
    assert show(z - eta * lam) == r"$z - \eta \lambda$"
    soft = sympy.Piecewise((z - eta * lam, z > eta * lam), (0, True))
    assert r"z - \eta \lambda & \text{for}\: z > \eta \lambda" in show(soft)
    with printing.notation({lam: r"\alpha"}):
        assert show(lam * w) == r"$\alpha w$"


def test_init_printing_outside_a_notebook_says_so():
    from symreg.errors import UnsupportedError

    with pytest.raises(UnsupportedError,
                       match=r"^init_printing needs a running IPython or Jupyter session$"):
        printing.init_printing()


# ---------------------------------------------------------------------------
# macros


def test_macros_print_abs_and_sign_inside_their_block_only():
    x = symbols.w
    expr = sympy.sign(x) ** 2 + sympy.Abs(x - 1) + sympy.sign(x - 1) / 2
    plain = printing.latex(expr)
    with printing.macros():
        assert printing.macros_enabled()
        tex = printing.latex(expr)
        # a figure label (mathtext) and a Markdown table cell keep their own bars
        assert printing.latex(sympy.Abs(x), mathtext=True) == "|w|"
        assert printing.latex(sympy.Abs(x), table_safe=True) == r"\left\vert {w}\right\vert "
    assert not printing.macros_enabled()
    assert tex == (r"\abs{w - 1} + \sign^{2}{\left(w \right)} "
                   r"+ \frac{\sign{\left(w - 1 \right)}}{2}")
    # without the macros: as before they existed
    assert plain == (r"\left|{w - 1}\right| + \operatorname{sign}^{2}{\left(w \right)} "
                     r"+ \frac{\operatorname{sign}{\left(w - 1 \right)}}{2}")


def test_a_printer_setting_overrides_the_block():
    with printing.macros():
        assert printing.latex(sympy.Abs(symbols.w), macros=False) == r"\left|{w}\right|"
    assert printing.latex(sympy.Abs(symbols.w), macros=True) == r"\abs{w}"


def test_every_macro_is_defined_once_with_providecommand():
    definitions = printing.macro_definitions()
    names = [name for name, _ in printing.MACROS]
    assert names == ["abs", "sign", "prox", "argmin"]
    assert [d.split("}", 1)[0] for d in definitions] == [
        rf"\providecommand{{\{name}" for name in names]


@pytest.mark.parametrize(("name", "plain"), [("prox", r"\mathrm{prox}"),
                                             ("argmin", r"\operatorname*{arg\,min}")])
def test_operators_are_named_by_their_macro_inside_the_block(name, plain):
    assert printing.operator(name) == plain
    with printing.macros():
        assert printing.operator(name) == f"\\{name}"


def test_bad_macro_arguments_are_refused():
    with (pytest.raises(InvalidParameterError, match=r"^macros must be True or False, got 1$"),
          printing.macros(1)):  # type: ignore[arg-type]
        pass
    with pytest.raises(InvalidParameterError,
                       match=r"^operator must be one of prox, argmin, got 'max'$"):
        printing.operator("max")


# ---------------------------------------------------------------------------
# words: math in text, printed from SymPy objects under the notation in force

#: A notation renaming every symbol of symreg.symbols to a name symreg never prints.
EVERY_SYMBOL_RENAMED = {name: rf"\mathcal{{{letter}}}"
                        for name, letter in zip(symbols.by_name(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                                strict=False)}


def test_the_renaming_notation_renames_every_symbol():
    assert len(EVERY_SYMBOL_RENAMED) == len(symbols.by_name())
    assert len(set(EVERY_SYMBOL_RENAMED.values())) == len(EVERY_SYMBOL_RENAMED)


def test_words_print_their_objects_as_math_in_the_notation_in_force():
    reason = printing.words("one step from {}, for {}", symbols.weights[symbols.k],
                            symbols.w0 > 0)
    assert reason == r"one step from ${w}_{k}$, for $w_{0} > 0$"
    with printing.notation({"w": r"\beta", "k": "t"}):
        assert printing.shown(reason) == r"one step from ${\beta}_{t}$, for $\beta_{0} > 0$"
        # built inside a notation, the words still compare as symreg's own text
        assert printing.words("at {}", symbols.w) == "at $w$"
    with printing.macros():
        assert printing.shown(printing.words("{}", sympy.Abs(symbols.u))) == r"$\abs{u}$"


def test_an_object_inside_math_joins_the_formula():
    t = symbols.eta * symbols.lam
    chain = printing.words(r"${} \le {} \le {}$", symbols.u * symbols.z,
                           sympy.Abs(symbols.u) * sympy.Abs(symbols.z), t * sympy.Abs(symbols.u))
    assert chain == (r"$u z \le \left|{u}\right| \left|{z}\right| \le "
                     r"\eta \lambda \left|{u}\right|$")
    with printing.notation({"eta": r"\tau", "u": "x"}):
        assert printing.shown(chain) == (r"$x z \le \left|{x}\right| \left|{z}\right| \le "
                                         r"\tau \lambda \left|{x}\right|$")


def test_text_objects_stand_as_they_are_and_words_join_words():
    every = printing.words(" (for {})", symbols.i)
    joined = printing.words("coordinate {}{}", symbols.i, every)
    assert joined == "coordinate $i$ (for $i$)"
    assert printing.words("as {}", "text") == "as text"
    prose = "Plain words." + printing.words(" With {}.", symbols.eps)
    assert isinstance(prose, printing.Words)
    with printing.notation({"eps": "h", "i": "m"}):
        assert printing.shown(joined) == "coordinate $m$ (for $m$)"
        assert printing.shown(prose) == "Plain words. With $h$."


def test_as_written_passes_printer_settings():
    written = printing.as_written(1 + symbols.w, order="none")
    assert printing.words("{}", written) == "$1 + w$"
    assert printing.words("{}", 1 + symbols.w) == "$w + 1$"


def test_words_refuse_places_without_objects():
    with pytest.raises(InvalidParameterError,
                       match=r"^words: 2 places \(\{\}\) for 1 objects in 'a \{\} b \{\}'$"):
        printing.words("a {} b {}", symbols.w)


def test_shown_leaves_plain_text_alone():
    with printing.notation({"w": r"\beta"}):
        assert printing.shown("for $w > 0$") == "for $w > 0$"


def test_words_travel_as_written():
    import pickle

    from symreg.printing._words import text_data, text_from_data

    positive = sympy.StrictGreaterThan(symbols.eta, 0, evaluate=False)  # would evaluate: True
    reason = printing.words("scaling by {}, at {}", positive,
                            printing.as_written(1 + symbols.w, order="none"))
    for back in (pickle.loads(pickle.dumps(reason)),
                 text_from_data(text_data(reason, lambda obj: obj), lambda obj: obj)):
        assert isinstance(back, printing.Words)
        assert back == reason == r"scaling by $\eta > 0$, at $1 + w$"
        with printing.notation({"eta": r"\tau"}):
            assert printing.shown(back) == r"scaling by $\tau > 0$, at $1 + w$"
    assert text_data("plain", str) == "plain"
    with pytest.raises(TypeError, match=r"^not text data: 3$"):
        text_from_data(3, str)


def test_coordinates_norms_and_vectors_follow_their_symbol():
    from symreg.priors import RESIDUAL, VECTOR_W, Norm

    w1 = symbols.coordinates("w", 2)[0]
    with printing.notation({"w": r"\beta", "u": r"\mu"}):
        assert printing.latex(w1) == r"\beta_{1}"
        assert printing.latex(symbols.norm_u) == r"\lVert \mu \rVert_{2}"
        assert printing.latex(Norm(RESIDUAL, 2)) == r"\left\| y - X \beta \right\|_{2}"
        assert printing.latex(Norm(VECTOR_W, 1)) == r"\left\| \beta \right\|_{1}"
    assert (printing.latex(w1), printing.latex(symbols.norm_u)) == (
        "w_{1}", r"\lVert u \rVert_{2}")


@pytest.mark.parametrize("name", __import__("symreg.catalogue").catalogue.names())
def test_every_catalogue_entry_prints_in_the_readers_notation(name):
    """Built under symreg's names or the reader's, an entry renders in the reader's alone."""
    from symreg import catalogue
    from symreg.render.snippet import snippet
    from symreg.render.text import names_left

    built = catalogue.get(name)
    with printing.notation(EVERY_SYMBOL_RENAMED):
        for derivation in (built, catalogue.get(name)):
            for rendered in (snippet(derivation), derivation.latex(),
                             derivation.markdown(), derivation.markdown(flavor="gfm")):
                assert names_left(rendered) == [], rendered
