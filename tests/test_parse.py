"""Tests of symreg.parse.parse, end to end: what is accepted, what is refused, and where.

Parsed expressions are compared by equivalence (:func:`assert_same`: a proof
plus exact agreement at rational points including 0 and negative values), never
with structural ``==``. Error messages are API: they are matched anchored. The
modules of the package have their own files (``test_parse_lexer.py``,
``test_parse_build.py``, ``test_parse_names.py``, ``test_parse_pratt.py``).
"""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import time

import pytest
import sympy
from conftest import evaluate, rational_points, values_equal

import symreg.check
import symreg.parse
import symreg.symbols
from symreg.errors import ParseError
from symreg.parse import _build, _lexer, _names, _pratt, _tex, parse
from symreg.proof import prove
from symreg.symbols import b, eps, eta, lam, lam1, lam2, sigma, w, z

R = sympy.Rational


def assert_same(a, b):
    """``a`` equals ``b``: proved (by the prover, else by ``simplify``) and equal
    exactly at rational points including 0 and negative values."""
    if prove(a, b).status != "proved":  # a proof either way
        assert sympy.simplify(a - b) == 0, f"{a} != {b}"
    points = rational_points(a, b)
    for pt in points:
        assert values_equal(evaluate(a, pt), evaluate(b, pt)), f"{a} != {b} at {pt}"
    assert points

# ---------------------------------------------------------------------------
# accepted input means exactly what it says

PLAIN = [
    ("2 lam |w|", 2 * lam * abs(w)),
    ("2*lam*w", 2 * lam * w),
    ("lam/2 * w^2", lam * w**2 / 2),
    ("lam w**2", lam * w**2),
    ("(lam/2) w^2", lam * w**2 / 2),
    ("w(w-1)(w-2)(w-3)", w * (w - 1) * (w - 2) * (w - 3)),
    ("-w^2", -(w**2)),
    ("2^-1 w", w / 2),
    ("w^2^3", w**8),
    ("w**2**3", w**8),
    ("|w - |z||", abs(w - abs(z))),
    ("||w||", abs(w)),
    ("|w| |z|", abs(w) * abs(z)),
    ("2|w|", 2 * abs(w)),
    ("sqrt(w^2)", abs(w)),
    ("log(sigma^2)/2", sympy.log(sigma)),
    ("exp(-w^2/(2 sigma^2))", sympy.exp(-(w**2) / (2 * sigma**2))),
    ("sign(z)*max(|z| - eta*lam, 0)", sympy.sign(z) * sympy.Max(abs(z) - eta * lam, 0)),
    ("Max(w, 0) + Min(w, 0)", w),
    ("abs(w) + Abs(z)", abs(w) + abs(z)),
    ("sgn(w)", sympy.sign(w)),
    ("ln(b)", sympy.log(b)),
    ("lambda w + λ z", lam * (w + z)),
    ("eps + epsilon + ε", 3 * eps),
    ("eta η", eta**2),
    ("sigma \u03c3", sigma**2),
    ("pi π", sympy.pi**2),
    ("w \u2212 z \u00b7 2 \u00d7 lam", w - 2 * lam * z),
    ("  w\t+\nz ", w + z),
    ("w\u00a0+ z", w + z),
    ("max(w, z, 0)", sympy.Max(w, z, 0)),
    ("--w", w),
    ("+w", w),
    ("2 (w + 1)", 2 * w + 2),
    ("(w)(z)", w * z),
]

NUMBERS = [
    ("0.029999", R(29999, 1000000)),
    ("0.1", R(1, 10)),
    (".5", R(1, 2)),
    ("5.", 5),
    ("1e-3", R(1, 1000)),
    ("2.5E2", 250),
    ("1.5e+1", 15),
    ("007", 7),
    ("3.14159", R(314159, 100000)),
]

LATEX = [
    (r"\lambda \left| w \right|", lam * abs(w)),
    (r"\frac{\lambda}{2} w^{2}", lam * w**2 / 2),
    (r"\frac12 w^2", w**2 / 2),
    (r"\frac{1}{2}\lambda w^2", lam * w**2 / 2),
    (r"\frac\lambda2", lam / 2),
    (r"\sqrt{w^2}", abs(w)),
    (r"\sqrt w", sympy.sqrt(w)),
    (r"\sqrt{\lambda^{2}}", lam),
    (r"\operatorname{sign}(z)\max(|z| - \lambda, 0)",
     sympy.sign(z) * sympy.Max(abs(z) - lam, 0)),
    (r"\mathrm{sgn}(w) \lambda", lam * sympy.sign(w)),
    (r"\operatorname{sgn}(w)", sympy.sign(w)),
    (r"\log \sigma^2", sympy.log(sigma**2)),
    (r"\ln b + \log(2)", sympy.log(2 * b)),
    (r"\exp\left(-\frac{w^2}{2\sigma^2}\right)", sympy.exp(-(w**2) / (2 * sigma**2))),
    (r"$\lambda w$", lam * w),
    (r"$$\lambda w$$", lam * w),
    (r"\(\lambda w\)", lam * w),
    (r"\[\lambda w\]", lam * w),
    (r"\max\{0, z\}", sympy.Max(0, z)),
    (r"\max\left(0, z\right)", sympy.Max(0, z)),
    (r"\min(w, \eta)", sympy.Min(w, eta)),
    (r"\left| w \right|^2", w**2),
    (r"2\lambda\cdot w", 2 * lam * w),
    (r"2\lambda\times w", 2 * lam * w),
    (r"\frac{z}{1+2\eta\lambda}", z / (1 + 2 * eta * lam)),
    (r"\left(w\right)", w),
    (r"\left[w + 1\right]^{2}", (w + 1) ** 2),
    (r"\lvert w \rvert", abs(w)),
    (r"\left\lvert w \right\rvert", abs(w)),
    (r"\bigl( w \bigr) z", w * z),
    (r"\vert w \vert", abs(w)),
    (r"\epsilon \varepsilon \pi", sympy.pi * eps**2),
    (r"w\,z\;\!\: b", w * z * b),
    (r"w ~ z", w * z),
    (r"\displaystyle \lambda", lam),
    (r"{w}^{2}", w**2),
    (r"w^{-1}", 1 / w),
    (r"10^{-3}", R(1, 1000)),
    (r"\sigma^{2}", sigma**2),
    (r"\left| w - |z| \right|", abs(w - abs(z))),
    (r"\frac{\left|w\right|}{b} + \ln 2", abs(w) / b + sympy.log(2)),
    (r"\abs{w}", abs(w)),
    (r"0.5 w", w / 2),
    (r"λ w", lam * w),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_plain_text_means_what_it_says(text, expected):
    assert_same(parse(text), expected)


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_decimals_are_exact_rationals(text, expected):
    got = parse(text)
    assert got.is_Rational
    assert got - sympy.Rational(expected) == 0


@pytest.mark.parametrize(("text", "expected"), LATEX)
def test_latex_means_what_it_says(text, expected):
    assert_same(parse(text, latex=True), expected)


# LaTeX as people write it (copied from papers, notebooks and answer boxes).
REAL_WORLD_LATEX = [
    (r"[w + 1]^{2}", (w + 1) ** 2),
    (r"\lambda [w - z]", lam * (w - z)),
    (r"\{w + 1\}^{2}", (w + 1) ** 2),
    (r"w\,z\;b\!\:w\>z", w**2 * z**2 * b),
    (r"w \quad z \qquad b", w * z * b),
    (r"w\thinspace z\enspace b\medspace w\thickspace z\enskip b", w**2 * z**2 * b**2),
    (r"w\negthinspace z\negmedspace b\negthickspace w", w**2 * z * b),
    (r"\frac12 w", w / 2),
    (r"w^\frac12", sympy.sqrt(w)),
    (r"\sigma^\frac{1}{2}", sympy.sqrt(sigma)),
    (r"\dfrac12 + \tfrac{\lambda}{2}", (1 + lam) / 2),
    (r"\lvert w\rvert", abs(w)),
    (r"\|w\|", abs(w)),
    (r"\left\| w - z \right\|", abs(w - z)),
    (r"\lVert w\rVert + \Vert z \Vert", abs(w) + abs(z)),
    (r"\| |w| - z \|", abs(abs(w) - z)),
    (r"\mathrm{sign}(w)", sympy.sign(w)),
    (r"\operatorname{sgn}(w)", sympy.sign(w)),
    (r"\operatorname{sign}(z)", sympy.sign(z)),
    (r"\max\{w, 0\}", sympy.Max(w, 0)),
    (r"\min\left\{w, z\right\}", sympy.Min(w, z)),
    (r"e^{w}", sympy.exp(w)),
    (r"e^{-\frac{w^2}{2\sigma^2}}", sympy.exp(-(w**2) / (2 * sigma**2))),
    (r"\mathrm{e}^{w}", sympy.exp(w)),
    (r"\sqrt[3]{w}", sympy.sign(w) * abs(w) ** R(1, 3)),
    (r"\sqrt[3]{-8}", -2),
    (r"\sqrt[4]{\sigma}", sigma ** R(1, 4)),
    (r"\sqrt[2]{w^2}", abs(w)),
    (r"2 \cdot w \times z", 2 * w * z),
    (r"\lambda_{1} w", lam1 * w),
    (r"\lambda_1 + \lambda_{2}", lam1 + lam2),
]


@pytest.mark.parametrize(("text", "expected"), REAL_WORLD_LATEX)
def test_real_world_latex(text, expected):
    assert_same(parse(text, latex=True, symbols=[lam1, lam2]), expected)


def test_a_symbol_named_e_is_not_eulers_number():
    e = sympy.Symbol("e", real=True)
    assert parse("e^{2}", latex=True, symbols={"e": e}) == e**2


def test_latex_division_operator():
    assert_same(parse(r"w \div 2", latex=True), w / 2)


def test_parse_returns_canonical_symbols():
    got = parse("lam w z eps eta sigma b")
    assert {str(x) for x in got.free_symbols} == {"lam", "w", "z", "eps", "eta", "sigma", "b"}
    assert got.free_symbols == {lam, w, z, eps, eta, sigma, b}


def test_domains_follow_the_canonical_symbols():
    # w is real: sqrt(w^2) is |w|; sigma is positive: sqrt(sigma^2) is sigma.
    assert_same(parse("sqrt(w^2)"), abs(w))
    assert_same(parse("sqrt(sigma^2)"), sigma)


def test_non_string_input_is_a_type_error():
    with pytest.raises(TypeError, match=r"^text must be a str, got bytes$"):
        parse(b"w")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# refusals: what was wrong, and where


@pytest.mark.parametrize(
    ("text", "latex", "message"),
    [
        ("", False, r"^empty input$"),
        ("   ", False, r"^empty input$"),
        ("2 foo", False, r"^unknown name 'foo' at position 2$"),
        ("w)", False, r"^unmatched '\)' at position 1$"),
        ("(w", False, r"^missing '\)' for '\(' at position 0$"),
        ("()", False, r"^empty group '\(\)' at position 0$"),
        ("|w", False, r"^missing closing '\|' for '\|' at position 0$"),
        ("w +", False, r"^unexpected end of input at position 3$"),
        ("* w", False, r"^unexpected '\*' at position 0$"),
        ("w, z", False, r"^unexpected ',' at position 1$"),
        ("max(w, )", False, r"^unexpected '\)' at position 7$"),
        ("max()", False, r"^'max' needs an argument at position 3$"),
        ("abs(w, z)", False, r"^'abs' takes 1 argument, got 2 at position 0$"),
        ("sign w", False, r"^expected '\(' after 'sign' at position 5$"),
        ("2 3", False, r"^missing operator between numbers at position 2$"),
        ("lam/2 w^2", False, r"^ambiguous implicit multiplication after '/' \(write a/\(b\*c\) "
                             r"or \(a/b\)\*c\) at position 6$"),
        ("1/0", False, r"^division by zero at position 1$"),
        ("w/(w - w)", False, r"^division by zero at position 1$"),
        ("0^-1", False, r"^division by zero at position 1$"),
        ("log(0)", False, r"^logarithm of zero at position 0$"),
        ("w^1001", False, r"^exponent too large \(limit 1000\) at position 1$"),
        ("w^(1/1001)", False, r"^exponent too large \(limit 1000\) at position 1$"),
        ("1000^1000", False, r"^power too large \(more than 4096 bits\) at position 4$"),
        ("w^", False, r"^unexpected end of input at position 2$"),
        ("w \\ z", False, r"^backslash in plain text \(use latex=True for LaTeX\) at position 2$"),
        ("w % 2", False, r"^unexpected character '%' at position 2$"),
        ("w²", False, r"^unexpected character '²' at position 1$"),
        ("[w", False, r"^missing '\]' for '\[' at position 0$"),
        ("{w}^2", False, r"^a set cannot be part of an expression at position 3$"),
        ("2 {w}", False, r"^ambiguous braces after an operand \(write a product with \\cdot or "
                         r"parentheses\) at position 2$"),
        ("sign(w)", True, r"^ambiguous letters 'sign' \(write single-letter symbols apart, "
                          r"or a function as \\operatorname\{\.\.\.\}\) at position 0$"),
        ("xy", True, r"^ambiguous letters 'xy'"),
        (r"\frac123", True, r"^ambiguous digits after '\\frac' \(use braces\) at position 7$"),
        ("w^23", True, r"^ambiguous digits after '\^' \(use braces\) at position 3$"),
        ("w^2.5", True, r"^ambiguous number after '\^' \(use braces\) at position 2$"),
        ("w^12.5", True, r"^ambiguous number after '\^' \(use braces\) at position 2$"),
        (r"\frac12.5", True, r"^ambiguous number after '\\frac' \(use braces\) at position 5$"),
        (r"\frac1.5", True, r"^ambiguous number after '\\frac' \(use braces\) at position 5$"),
        ("w^-1", True, r"^expected a braced argument after '\^' at position 2$"),
        (r"\frac{1}", True, r"^missing argument after '\\frac' at position 8$"),
        (r"\sqrt[w]{2}", True, r"^the index of a root must be an integer from 2 to 1000 "
                               r"at position 5$"),
        (r"\log w z", True, r"^ambiguous argument of '\\log' \(use parentheses\) at position 7$"),
        (r"\max w", True, r"^expected '\(' after '\\max' at position 5$"),
        (r"\left(w)", True, r"^mismatched '\)' \(expected '\\right\)'\) at position 7$"),
        (r"\left. w", True, r"^unsupported delimiter '\.' after '\\left' at position 0$"),
        (r"\left) w", True, r"^'\\left\)' does not open anything at position 0$"),
        (r"\right( w", True, r"^'\\right\(' does not close anything at position 0$"),
        (r"\alpha", True, r"^unknown name '\\alpha' at position 0$"),
        (r"\lambda_1", True, r"^unknown name '\\lambda_1' at position 0$"),
        (r"\foo", True, r"^unknown LaTeX command '\\foo' at position 0$"),
        (r"\operatorname{foo}(w)", True, r"^unknown function '\\operatorname\{foo\}' "
                                         r"at position 0$"),
        (r"\max_{w} w", True, r"^unexpected subscript '_' at position 4$"),
        (r"w_", True, r"^invalid subscript at position 1$"),
        ("w**2", True, r"^'\*\*' is not LaTeX \(use \^\) at position 1$"),
        ("$w$ + $z$", True, r"^unexpected '\$' at position 0$"),
        ("w'", True, r"^unexpected character \"'\" at position 1$"),
        ("\\", True, r"^lone backslash at position 0$"),
        (r"\sqrt[1001]{2}", True, r"^the index of a root must be an integer from 2 to 1000 "
                                  r"at position 5$"),
        (r"\sqrt[]{2}", True, r"^empty root index '\[\]' at position 5$"),
        (r"\sqrt[3{2}", True, r"^ambiguous braces after an operand \(write a product with "
                              r"\\cdot or parentheses\) at position 7$"),
        (r"\sqrt[3)", True, r"^mismatched '\)' \(expected '\]'\) at position 7$"),
        (r"\frac\frac12 2", True, r"^expected a braced argument after '\\frac' at position 5$"),
        (r"[w + 1", True, r"^missing '\]' for '\[' at position 0$"),
        (r"w + 1]", True, r"^unmatched '\]' at position 5$"),
        (r"|w\|", True, r"^missing closing '\\\|' for '\\\|' at position 2$"),
        ("2e1", True, r"^ambiguous 'e' after a number \(write 10\^\{\.\.\.\} for a power "
                      r"of ten, or e\^\{\.\.\.\}\) at position 1$"),
    ],
)
def test_refusals_name_the_problem_and_position(text, latex, message):
    with pytest.raises(ParseError, match=message):
        parse(text, latex=latex)


def test_check_parse_is_this_parser():
    assert_same(symreg.check.parse(r"\frac{\lambda}{2} w^{2}", latex=True), lam * w**2 / 2)
    with pytest.raises(ParseError, match=r"^unknown name 'foo' at position 2$"):
        symreg.check.parse("2 foo")


def test_parse_error_is_a_value_error():
    with pytest.raises(ValueError, match=r"^unknown name 'x' at position 0$"):
        parse("x")


# ---------------------------------------------------------------------------
# hostile input: refused, quickly, without side effects

_DANGEROUS_MODULES = {"os", "subprocess", "shutil", "socket", "ctypes", "pty", "pickle",
                      "importlib", "runpy", "code", "codeop"}


@pytest.fixture
def guard(monkeypatch, tmp_path):
    """A context manager that fails the test if the code inside runs anything.

    Inside it, ``os.system``, ``os.popen``, ``subprocess``, ``eval``, ``exec``,
    ``compile``, ``open``, ``sympify`` and SymPy's string parsers are replaced
    by sentinels, and imports of dangerous modules are recorded. Afterwards no
    attribute of ``os``, ``builtins``, ``sympy``, ``sys``, ``symreg.symbols``
    or the modules of ``symreg.parse`` may have changed, and the file a payload would create
    must not exist.
    """
    import contextlib

    import sympy.parsing.sympy_parser as sympy_parser

    calls: list[str] = []
    real_import = builtins.__import__

    def sentinel(name):
        def fail(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called by the parser")

        return fail

    def recording_import(name, *args, **kwargs):
        if name.split(".")[0] in _DANGEROUS_MODULES:
            calls.append(f"import {name}")
        return real_import(name, *args, **kwargs)

    marker = tmp_path / "pwned"
    watched = [os, builtins, sympy, sys, symreg.symbols, symreg.parse, _build, _lexer,
               _names, _pratt, _tex]

    @contextlib.contextmanager
    def inside():
        before = {m.__name__: {k: id(v) for k, v in vars(m).items()} for m in watched}
        with monkeypatch.context() as patch:
            for owner, attr in [
                (os, "system"), (os, "popen"), (os, "execv"), (os, "spawnv"),
                (subprocess, "Popen"), (subprocess, "run"),
                (builtins, "eval"), (builtins, "exec"), (builtins, "compile"),
                (builtins, "open"), (sympy_parser, "parse_expr"), (sympy_parser, "eval_expr"),
                (sympy, "sympify"), (sympy, "parse_expr"),
            ]:
                patch.setattr(owner, attr, sentinel(f"{owner.__name__}.{attr}"))
            patch.setattr(builtins, "__import__", recording_import)
            yield marker
        after = {m.__name__: {k: id(v) for k, v in vars(m).items()} for m in watched}
        assert after == before, "a module attribute changed"
        assert not marker.exists(), "the payload created a file"
        assert calls == [], calls

    return inside


HOSTILE = [
    ("__import__('os').system('touch {marker}')", False,
     r"^unknown name '__import__' at position 0$"),
    ("eval('1')", False, r"^unknown name 'eval' at position 0$"),
    ("exec(\"import os\")", False, r"^unknown name 'exec' at position 0$"),
    ("os.system('touch {marker}')", False, r"^unknown name 'os' at position 0$"),
    ("import os", False, r"^unknown name 'import' at position 0$"),
    ("lambda: 0", False, r"^unexpected character ':' at position 6$"),
    ("w.__class__.__bases__", False, r"^attribute access is not allowed at position 1$"),
    ("().__class__", False, r"^attribute access is not allowed at position 2$"),
    ("w .real", False, r"^attribute access is not allowed at position 2$"),
    ("'w'", False, r"^strings are not allowed at position 0$"),
    ("\"{marker}\"", False, r"^strings are not allowed at position 0$"),
    ("w; import os", False, r"^unexpected character ';' at position 1$"),
    ("w if 1 else 0", False, r"^unknown name 'if' at position 2$"),
    ("getattr(w, 'x')", False, r"^unknown name 'getattr' at position 0$"),
    ("sympify('w')", False, r"^unknown name 'sympify' at position 0$"),
    ("Symbol('w')", False, r"^unknown name 'Symbol' at position 0$"),
    ("open('{marker}', 'w')", False, r"^unknown name 'open' at position 0$"),
    ("`ls`", False, r"^unexpected character '`' at position 0$"),
    ("w @ w", False, r"^unexpected character '@' at position 2$"),
    ("[w for w in ()]", False, r"^unknown name 'for' at position 3$"),
    ("w\x00", False, r"^control character U\+0000 at position 1$"),
    ("w\x1b[2J", False, r"^control character U\+001B at position 1$"),
    ("w\u202e + z", False, r"^control character U\+202E at position 1$"),
    ("w\u200b", False, r"^control character U\+200B at position 1$"),
    ("9**9**9**9", False, r"^exponent too large \(limit 1000\) at position 4$"),
    ("10**10**10", False, r"^exponent too large \(limit 1000\) at position 2$"),
    ("((w**1000)**1000)", False, r"^exponent too large \(limit 1000\) at position 10$"),
    ("(9**999)**999", False, r"^power too large \(more than 4096 bits\) at position 8$"),
    ("1e99999", False, r"^exponent of number too large \(limit 1000\) at position 0$"),
    ("1" * 1001, False, r"^number too long \(more than 1000 digits\) at position 0$"),
    ("(" * 4999 + "w" + ")" * 4999, False, r"^nesting too deep \(limit 200\) at position 200$"),
    ("-" * 5000 + "w", False, r"^nesting too deep \(limit 200\) at position 200$"),
    ("w" + "^w" * 300, False, r"^nesting too deep \(limit 200\) at position 400$"),
    ("abs(" * 300 + "w" + ")" * 300, False, r"^nesting too deep \(limit 200\) at position 800$"),
    ("w" * 10_001, False, r"^input too long \(10001 characters, limit 10000\)$"),
    ("max(" + "w, " * 40 + "w)", False, r"^too many arguments \(limit 32\) at position 98$"),
    (r"\input{{{marker}}}", True, r"^forbidden TeX command '\\input' at position 0$"),
    (r"\include{{{marker}}}", True, r"^forbidden TeX command '\\include' at position 0$"),
    (r"\write18{{touch {marker}}}", True, r"^forbidden TeX command '\\write' at position 0$"),
    (r"\immediate\write18{{touch {marker}}}", True,
     r"^forbidden TeX command '\\immediate' at position 0$"),
    (r"\def\x{{w}}\x", True, r"^forbidden TeX command '\\def' at position 0$"),
    (r"\newcommand{{\x}}{{w}}", True, r"^forbidden TeX command '\\newcommand' at position 0$"),
    (r"\catcode`\^=7", True, r"^forbidden TeX command '\\catcode' at position 0$"),
    (r"\csname input\endcsname", True, r"^forbidden TeX command '\\csname' at position 0$"),
    (r"\expandafter\input", True, r"^forbidden TeX command '\\expandafter' at position 0$"),
    (r"\begin{{verbatim}}w\end{{verbatim}}", True,
     r"^LaTeX environments other than cases are not allowed \('\\begin'\) at position 0$"),
    (r"\usepackage{{shellesc}}", True, r"^forbidden TeX command '\\usepackage' at position 0$"),
    (r"^^5cinput{{{marker}}}", True, r"^TeX character code '\^\^' is not allowed at position 0$"),
    (r"\lambda w % \input{{{marker}}}", True,
     r"^comment character '%' is not allowed at position 10$"),
    (r"\operatorname{{system}}(w)", True,
     r"^unknown function '\\operatorname\{system\}' at position 0$"),
    (r"\text{{rm -rf}}", True, r"^unknown function '\\text\{rm -rf\}' at position 0$"),
    (r"\lambda \left| w", True, r"^missing '\\right\|' for '\\left\|' at position 8$"),
    ("\\lambda\x07", True, r"^control character U\+0007 at position 7$"),
]


@pytest.mark.parametrize(("payload", "latex", "message"), HOSTILE,
                         ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_input_is_refused_without_side_effects(guard, tmp_path, payload, latex,
                                                       message):
    text = payload.format(marker=tmp_path / "pwned")
    started = time.monotonic()
    with pytest.raises(ParseError, match=message), guard():
        parse(text, latex=latex)
    assert time.monotonic() - started < 5, "refusal took too long"


def test_the_guard_catches_a_side_effect(guard):
    with pytest.raises(AssertionError, match=r"builtins\.eval was called"), guard():
        builtins.eval("1")


def test_hostile_suite_is_large():
    assert len(HOSTILE) >= 30
