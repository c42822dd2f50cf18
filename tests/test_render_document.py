"""Tests of symreg.render.document: the complete LaTeX report."""

from __future__ import annotations

import pytest
import sympy

from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import VerificationError
from symreg.render import document as rd
from symreg.symbols import lam, w


def _derivation() -> Derivation:
    return Derivation(
        name="l1-bound", title="A bound on $\\lambda|w|$",
        steps=(Step(lam * sympy.sign(w), lam, reason="sign(w) = 1 for $w > 0$", where=w > 0),),
        conventions=(Convention(label="L1 penalty", expr=lam * sympy.Abs(w)),),
    )


class _Row:
    def __init__(self, quantity, full, half, note=""):
        self.quantity, self.full, self.half, self.note = quantity, full, half, note


def test_document_is_complete_and_reproducible():
    rows = [_Row("gradient of L2", 2 * lam * w, lam * w, "halved"),
            _Row("|w| at the crossover", sympy.Abs(w), sympy.Abs(w), "a | bar")]
    kwargs = {"derivations": [_derivation()], "conventions": rows, "figures": [],
              "listings": []}
    tex = rd.document(**kwargs)
    assert tex == rd.document(**kwargs)
    assert tex.startswith("\\documentclass[11pt,a4paper]{article}\n")
    assert tex.endswith("\\end{document}\n")
    for needle in (r"\pdfinfoomitdate=1", r"\pdftrailerid{}", r"\pdfsuppressptexinfo=-1",
                   r"\date{}", r"\newtheorem{theorem}{Theorem}", r"\label{tab:conventions}",
                   r"\fitmath{2 \lambda w}", r"\section{Conventions}",
                   r"under $\lambda w^{2}$ & under $\frac{\lambda w^{2}}{2}$",
                   r"\textit{Convention:} L1 penalty $\lambda \left|{w}\right|$."):
        assert needle in tex
    assert r"\today" not in tex
    assert tex.count(r"\begin{theorem}") == 1


def test_document_verifies_every_derivation():
    bad = Derivation(name="bad", title="Bad", steps=(Step(sympy.Abs(w), w, reason="drop"),))
    with pytest.raises(VerificationError, match=r"^derivation 'bad' \(Bad\), "
                                                r"chain 1, step 1 \(drop\)"):
        rd.document(derivations=[bad], conventions=[], figures=[], listings=[])


def test_listing_heading_prints_the_convention_expression():
    c = Convention(label="L2 penalty", expr=lam * w**2 / 2)
    assert rd.listing_heading("L2", c) == r"L2, $\frac{\lambda w^{2}}{2}$"


def test_document_lists_figures_and_listings():
    from symreg.render.figures import Figure
    from symreg.render.listings import Check, Listing

    figure = Figure(name="penalties", file="penalties.pdf", caption="The $w$ penalty; 50%.")
    check = Check(points=7, max_error=0.0, includes=("0", "negative values"))
    convention = Convention(label="L2 penalty", expr=lam * w**2)
    listings = [Listing(penalty="L2", convention=convention, role=role, function=f"l2_{role}",
                        latex=rf"\mathrm{{l2\_{role}}}(w) = w", check=check)
                for role in ("penalty", "derivative")]
    tex = rd.document(derivations=[], conventions=[], figures=[figure], listings=listings,
                      figure_dir="out-figures")
    assert r"\includegraphics[width=0.8\linewidth]{out-figures/penalties.pdf}" in tex
    assert r"\caption{The $w$ penalty; 50\%.}\label{fig:penalties}" in tex
    # the listings are one table: a heading row per penalty, a row per function
    assert tex.count(r"\textbf{L2, $\lambda w^{2}$}") == 1
    assert tex.count(r"\fitmath{\mathrm{l2\_") == 2
    assert tex.count("& agrees at 7 points; largest difference 0 \\\\") == 2


def test_intro_counts_the_results():
    assert "Each of the 3 results below" in rd.intro(3)


def test_intro_says_how_steps_are_verified_in_words_that_do_not_depend_on_the_cache():
    from symreg import _cache

    text = rd.intro(3)
    with _cache.disabled():
        assert rd.intro(3) == text
    assert "verification cache" in text
    assert "with the cache turned off every step is proved in one run" in text
    assert "--" not in text  # no option names: TeX would print an en dash


def test_captions_and_text_cite_the_theorems_and_equations_they_draw_on():
    from symreg import catalogue
    from symreg.render.figures import Figure

    derivations = [catalogue.get("value-crossover"), catalogue.get("gradient-crossover")]
    figures = [Figure(name="penalties", file="p.pdf", caption="The penalties."),
               Figure(name="prox", file="q.pdf", caption="Proximal maps.")]
    rows = [_Row("value crossover", 1, 2)]
    tex = rd.document(derivations=derivations, conventions=rows, figures=figures, listings=[])
    assert (r"\caption{The penalties. (Theorem~\ref{thm:value-crossover}, "
            r"\eqref{eq:value-crossover:l2}, \eqref{eq:value-crossover:l2-half})}") in tex
    # the prox theorem is not in this document: its figure cites nothing
    assert r"\caption{Proximal maps.}" in tex
    assert (r"Its crossovers are those of \eqref{eq:value-crossover:l2}, "
            r"\eqref{eq:value-crossover:l2-half}, \eqref{eq:gradient-crossover:l2} and "
            r"\eqref{eq:gradient-crossover:l2-half}.") in tex
    for key in ("eq:value-crossover:l2", "eq:gradient-crossover:l2-half"):
        assert tex.count(rf"\label{{{key}}}") == 1


def test_a_document_with_macros_defines_them_in_its_preamble_and_uses_them():
    from symreg import printing

    kwargs = {"derivations": [_derivation()], "conventions": [], "figures": [], "listings": []}
    plain, tex = rd.document(**kwargs), rd.document(**kwargs, macros=True)
    assert plain == rd.document(**kwargs, macros=False)
    preamble = tex.split("\\begin{document}", 1)[0]
    for definition in printing.macro_definitions():
        assert definition in preamble
    assert "\\prox_{\\eta P}(z)" in tex
    assert "\\mathrm{prox}_{\\eta P}(z)" in plain
    assert "\\sign{\\left(w \\right)}" in tex
    assert "\\operatorname{sign}" in plain
    assert "\\providecommand" not in plain


def test_the_report_text_prints_every_symbol_in_the_readers_notation():
    """The catalogue, the conventions table and the report's own paragraphs, in LaTeX and
    Markdown, under a notation renaming every symbol: none of symreg's names is left."""
    from symreg import catalogue, printing, symbols
    from symreg.render import markdown
    from symreg.render.text import names_left

    renamed = {name: rf"\mathcal{{{letter}}}"
               for name, letter in zip(symbols.by_name(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                       strict=False)}
    derivations = [catalogue.get(name) for name in catalogue.names()]
    rows = catalogue.conventions_table()
    with printing.notation(renamed):
        documents = [rd.document(derivations=derivations, conventions=rows, figures=[],
                                 listings=[]),
                     *(markdown.document(derivations=derivations, conventions=rows,
                                         figures=[], listings=[], flavor=flavor)
                       for flavor in ("myst", "gfm"))]
    for text in documents:
        assert names_left(text) == []
    # and the check sees symreg's names where they are printed
    assert names_left(rd.document(derivations=derivations[:1], conventions=rows, figures=[],
                                  listings=[]))
