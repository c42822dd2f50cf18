r"""The whole report as one LaTeX document: preamble, results, conventions, figures, listings.

The opening text and section sentences are shared with the Markdown report
(:mod:`symreg.render.markdown`); both documents verify every derivation before
rendering it.

>>> print(DEFAULT_TITLE)
L1 and L2 regularization: verified derivations
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import sympy

from symreg import printing, symbols
from symreg.convention import Convention
from symreg.derivation import Derivation
from symreg.render._numbered import FIGURE_SOURCES, cited_labels, equation_labels, references
from symreg.render.latex import derivation_theorem, expr
from symreg.render.references import CITATIONS, ELASTIC_NET_CITATION, TABLE_CITATION
from symreg.render.text import label, latex_text

if TYPE_CHECKING:
    from symreg.render.figures import Figure
    from symreg.render.listings import Listing

__all__ = [
    "DEFAULT_TITLE",
    "REPORT_WIDTH_EM",
    "SECTION_TEXT",
    "ConventionRowLike",
    "definitions",
    "document",
    "intro",
    "listing_heading",
]

class ConventionRowLike(Protocol):
    """What :func:`document` reads from a row of the conventions table."""

    @property
    def quantity(self) -> str: ...

    @property
    def full(self) -> Any: ...

    @property
    def half(self) -> Any: ...

    @property
    def note(self) -> str: ...


_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
% Reproducible output: no dates, no trailer id, no pdfTeX file information.
\ifdefined\pdfinfoomitdate \pdfinfoomitdate=1 \fi
\ifdefined\pdftrailerid \pdftrailerid{} \fi
\ifdefined\pdfsuppressptexinfo \pdfsuppressptexinfo=-1 \fi
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb,amsthm}
\allowdisplaybreaks % long derivations may continue on the next page
\usepackage{graphicx}
\usepackage{array,booktabs,longtable}
\setlength{\LTcapwidth}{\linewidth}
\usepackage{microtype}
\usepackage[hidelinks,bookmarksnumbered]{hyperref}
% Let two figures share a page with a little text.
\renewcommand{\topfraction}{0.9}
\renewcommand{\bottomfraction}{0.8}
\renewcommand{\textfraction}{0.07}
\renewcommand{\floatpagefraction}{0.7}
% Compact displays: the derivations are long chains of short rows.
\setlength{\jot}{1.5pt}
\AtBeginDocument{%
  \setlength{\abovedisplayskip}{5pt plus 2pt minus 2pt}%
  \setlength{\belowdisplayskip}{5pt plus 2pt minus 2pt}}
\newtheorem{theorem}{Theorem}
\theoremstyle{remark}
\newtheorem*{remark}{Remark}
% \fitmath{math}: the math at its natural size, scaled down to the line if wider.
\newsavebox{\symregbox}
\newcommand{\fitmath}[1]{%
  \sbox{\symregbox}{$\displaystyle #1$}%
  \ifdim\wd\symregbox>\linewidth
    \resizebox{\linewidth}{!}{\usebox{\symregbox}}%
  \else
    \usebox{\symregbox}%
  \fi}
"""

DEFAULT_TITLE = "L1 and L2 regularization: verified derivations"

#: Width budget of the report's math, in em: 11pt on A4 with 2 cm margins is a
#: 481pt text width, 43.7 em; the budget leaves room for the estimate's error.
REPORT_WIDTH_EM = 42.0

#: The opening sentences of the report's sections (text with ``$`` math).
SECTION_TEXT: dict[str, str] = {
    "results": (
        "Each theorem states its results as numbered equations. Its proof cites each "
        "equation that one step establishes, with the reason that step holds, and displays "
        "every longer chain of steps in full."
    ),
    "conventions": (
        "Each result that involves the L2 penalty, under both of its scalings; a row "
        "whose two entries agree is a result the scaling leaves unchanged"
    ),
    "figures": (
        "Every curve is a lambdified symbolic result, and every marked point comes from a "
        "verified crossover or descent; the only numbers chosen by hand are the plotting "
        "parameters, given in each caption."
    ),
    "implementation": (
        "Reference Python functions of each penalty, its derivative and its proximal "
        "operator, typeset from their source code by latexify-py. Before the document was "
        "built, each was evaluated against the lambdified symbolic result at points that "
        "include 0, negative values, and inputs inside, on and outside the threshold of "
        "the proximal operator."
    ),
}


def definitions() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    r"""The report's definitions: ``(term, text with $ math, BibTeX keys)``.

    The symbols print in the notation in force (see :func:`symreg.printing.notation`).

    >>> [term for term, _, _ in definitions()]
    ['Symbols', 'Subdifferential', 'Proximal operator', 'MAP estimate']
    """
    def m(obj: Any) -> str:
        return "$" + printing.latex(obj) + "$"

    def positive(x: sympy.Symbol) -> str:
        return m(sympy.StrictGreaterThan(x, 0, evaluate=False))

    w, z, u, lam, eta, eps = (symbols.w, symbols.z, symbols.u, symbols.lam, symbols.eta,
                              symbols.eps)
    W, Z, U, G = (printing.latex(x) for x in (w, z, u, symbols.g))
    ETA = printing.latex(eta)
    return (
        ("Symbols",
         f"{m(w)} is a real weight, {positive(lam)} the strength of a penalty $P$, "
         f"{positive(eta)} a step size and {positive(eps)} the size of one step toward zero. "
         "A region written next to a step is where that step holds", ()),
        ("Subdifferential",
         f"a subgradient of a convex $P$ at {m(w)} is a slope ${G}$ with "
         f"$P(v) \\ge P({W}) + {G}\\,(v - {W})$ for every real $v$; the subdifferential "
         f"$\\partial P({W})$ is the set of them, and it is $\\{{P'({W})\\}}$ where $P$ "
         "is differentiable", ("rockafellar1970convex",)),
        ("Proximal operator",
         f"the proximal step of $P$ with step {m(eta)} maps {m(z)} to the minimiser over "
         f"{m(u)} of $\\frac{{1}}{{2}}({U} - {Z})^{{2}} + {ETA} P({U})$, written "
         f"${printing.operator('prox')}_{{{ETA} P}}({Z})$", ("parikh2014proximal",)),
        ("MAP estimate",
         "the maximum a posteriori estimate maximises the posterior density, the "
         "likelihood times the prior; taking logarithms, it minimises the negative "
         f"log-likelihood plus $-\\log p({W})$, so a prior acts as the penalty "
         f"$-\\log p({W})$ up to a constant", ()),
    )


def intro(count: int) -> str:
    """The opening paragraph of the report (text with ``$`` math, for LaTeX and Markdown).

    It says how the steps were verified, in words that hold whether this run
    proved them or took them from the verification cache: the document is
    byte-identical either way, and ``symreg report`` says on stderr how many
    steps this run proved and how many it took from the cache (see the
    caching guide).

    >>> "3 results" in intro(3)
    True
    """
    from symreg import __version__

    tex = printing.latex
    positive = ", ".join(f"${tex(x)}$" for x in (symbols.lam, symbols.eta)) + (
        f", ${tex(sympy.StrictGreaterThan(symbols.eps, 0, evaluate=False))}$")
    real = f"${tex(symbols.w)}$, ${tex(symbols.z)}$"
    return (
        f"This document was generated by symreg {__version__}. Each of the {count} "
        "results below is a sequence of steps, and every step was checked exactly with "
        "SymPy before it was typed: equalities and inequalities under the assumptions on "
        f"the symbols ({positive}, {real} real), on the "
        "region written next to the step. Each step comes with the reason it holds. A "
        "step was proved in the run that built this document or, identically, by an "
        "earlier run: symreg's verification cache holds a proof only for exactly the same "
        "step (both sides, the relation, the region and the assumptions on every symbol) "
        "under the same versions of symreg, SymPy and the prover, and proves again any entry "
        "whose checksum fails; with the cache turned off every step is proved in one run, "
        "and the document is the same. The "
        "figures plot the same symbolic results, and the reference implementations were "
        "evaluated against them before the document was built."
    )


def _conventions_table(rows: Sequence[ConventionRowLike]) -> str:
    lam, w = symbols.lam, symbols.w
    full = expr(lam * w**2)
    half = expr(lam * w**2 / 2)
    spec = (r"@{}>{\raggedright\arraybackslash}p{0.22\linewidth}"
            r">{\centering\arraybackslash}p{0.25\linewidth}"
            r">{\centering\arraybackslash}p{0.25\linewidth}"
            r">{\raggedright\arraybackslash}p{0.2\linewidth}@{}")
    lines = [
        rf"\begin{{longtable}}{{{spec}}}",
        r"\caption{How each result depends on the scaling of the L2 penalty.}"
        r"\label{tab:conventions}\\",
        r"\toprule",
        rf"Quantity & under ${full}$ & under ${half}$ & Note \\",
        r"\midrule",
        r"\endfirsthead",
        # On a following page the head is repeated without the caption (a
        # repeated \label would be defined twice).
        rf"Quantity & under ${full}$ & under ${half}$ & Note \\",
        r"\midrule",
        r"\endhead",
    ]
    for row in rows:
        cells = (
            latex_text(row.quantity),
            rf"\fitmath{{{expr(row.full)}}}",
            rf"\fitmath{{{expr(row.half)}}}",
            latex_text(row.note),
        )
        lines.append(" & ".join(cells) + r" \\[0.6ex]")
    lines += [r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines)


def _definitions(cite: bool) -> str:
    lines = [r"\section{Notation and definitions}", r"\begin{description}"]
    for term, text, keys in definitions():
        citation = rf"~\cite{{{','.join(keys)}}}" if cite and keys else ""
        lines.append(rf"\item[{term}.] {latex_text(text)}{citation}.")
    lines.append(r"\end{description}")
    return "\n".join(lines)


def _sources(fig: Figure, labels: frozenset[str]) -> str:
    r"""`` (Theorem~\ref{...}, \eqref{...})``: what the figure plots, as far as the
    document contains it."""
    if fig.name not in FIGURE_SOURCES:
        return ""
    refs = references(cited_labels(*FIGURE_SOURCES[fig.name]), labels)
    return f" ({', '.join(refs)})" if refs else ""


def _figure(fig: Figure, figure_dir: str, labels: frozenset[str]) -> str:
    path = f"{figure_dir}/{fig.file}" if figure_dir else fig.file
    caption = latex_text(fig.caption) + _sources(fig, labels)
    return "\n".join([
        r"\begin{figure}[htbp]",
        r"\centering",
        # Three to a page, their labels at about the size of the text's footnotes.
        rf"\includegraphics[width=0.8\linewidth]{{{path}}}",
        rf"\caption{{{caption}}}\label{{{label('fig', fig.name)}}}",
        r"\end{figure}",
    ])


def listing_heading(penalty: str, convention: Convention) -> str:
    r"""The heading of a penalty's listings: its name and convention, as text with ``$`` math.

    >>> from symreg.symbols import lam, w
    >>> listing_heading("L2", Convention(label="L2 penalty", expr=lam * w**2 / 2))
    'L2, $\\frac{\\lambda w^{2}}{2}$'
    """
    return f"{penalty}, ${printing.latex(convention.expr)}$"


def _listings(items: Sequence[Listing]) -> str:
    """The listings as one table: each penalty's functions under its heading, each with
    the outcome of its check beside it (what the points include is said before)."""
    spec = (r"@{}>{\raggedright\arraybackslash}p{0.74\linewidth}"
            r">{\raggedleft\arraybackslash\small}p{0.22\linewidth}@{}")
    lines = [rf"\begin{{longtable}}{{{spec}}}"]
    for (penalty, convention), group in itertools.groupby(
        items, key=lambda item: (item.penalty, item.convention)
    ):
        heading = latex_text(listing_heading(penalty, convention))
        lines.append(rf"\multicolumn{{2}}{{@{{}}l}}{{\textbf{{{heading}}}}} \\*[2pt]")
        lines += [rf"\fitmath{{{item.latex}}} & {latex_text(item.check.brief)} \\[4pt]"
                  for item in group]
    lines.append(r"\end{longtable}")
    return "\n".join(lines)


def document(
    *,
    derivations: Sequence[Derivation],
    conventions: Sequence[ConventionRowLike],
    figures: Sequence[Figure],
    listings: Sequence[Listing],
    title: str = DEFAULT_TITLE,
    figure_dir: str = "",
    bibliography: str = "",
    macros: bool = False,
) -> str:
    r"""Build the complete ``.tex`` report.

    Args:
        derivations: rendered as theorems with proofs, in this order (each is
            verified first).
        conventions: rows of the conventions table.
        figures: figure files (see :func:`symreg.render.figures.make_figures`).
        listings: checked reference implementations
            (see :func:`symreg.render.listings.listings`).
        title: the document title.
        figure_dir: the directory of the figure files, relative to the document.
        bibliography: the name (without ``.bib``) of the BibTeX file of
            :func:`symreg.render.references.bibtex`, next to the document;
            empty for a report without citations.
        macros: write ``\abs``, ``\sign`` and ``\prox`` in the math and define
            them in the preamble (see :func:`symreg.printing.macros`).

    Returns:
        The LaTeX source, ending with a newline; identical for identical inputs.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="Square", steps=(
    ...     Step(sympy.Pow(sympy.Abs(w), 2, evaluate=False), w**2,
    ...          reason="w is real"),))
    >>> tex = document(derivations=[d], conventions=[], figures=[], listings=[])
    >>> tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    True
    """
    for derivation in derivations:
        derivation.verify()
    with printing.macros(macros):
        return _source(derivations=derivations, conventions=conventions, figures=figures,
                       listings=listings, title=title, figure_dir=figure_dir,
                       bibliography=bibliography)


def _source(*, derivations: Sequence[Derivation], conventions: Sequence[ConventionRowLike],
            figures: Sequence[Figure], listings: Sequence[Listing], title: str,
            figure_dir: str, bibliography: str) -> str:
    cite = bool(bibliography)
    preamble = _PREAMBLE
    if printing.macros_enabled():
        preamble += "\n".join(["% symreg's macros (symreg report --macros)",
                               *printing.macro_definitions()]) + "\n"
    parts = [
        preamble,
        r"\hypersetup{pdftitle={" + latex_text(title) + r"}, pdfauthor={symreg}, "
        r"pdfsubject={Verified derivations about L1 and L2 regularization}, "
        r"pdfkeywords={lasso, ridge, subdifferential, proximal operator, MAP}}",
        rf"\title{{{latex_text(title)}}}",
        r"\author{symreg}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        latex_text(intro(len(derivations))),
        _definitions(cite),
        r"\section{Results}",
        latex_text(SECTION_TEXT["results"]),
    ]
    parts += [derivation_theorem(d, cite=CITATIONS.get(d.name, ()) if cite else (),
                                 width=REPORT_WIDTH_EM)
              for d in derivations]
    labels = frozenset(key for d in derivations
                       for key in (label("thm", d.name), *equation_labels(d)))
    if conventions:
        crossings = references([key for name in ("value-crossover", "gradient-crossover")
                                 for key in cited_labels(name, ("l2", "l2-half"))[1:]], labels)
        crossings_text = (" Its crossovers are those of " + ", ".join(crossings[:-1])
                          + " and " + crossings[-1] + ".") if len(crossings) > 1 else ""
        key, where = TABLE_CITATION
        source = rf" The orthonormal-design case follows~\cite[{where}]{{{key}}}." if cite else ""
        parts += [
            r"\section{Conventions}",
            latex_text(SECTION_TEXT["conventions"]) + r" (Table~\ref{tab:conventions})."
            + crossings_text + source,
            _conventions_table(conventions),
        ]
    if listings:
        net = rf" The elastic net is that of~\cite{{{ELASTIC_NET_CITATION}}}." if cite else ""
        parts += [r"\section{Implementation}",
                  latex_text(SECTION_TEXT["implementation"]) + net, _listings(listings)]
    if figures:
        # After the listings: no figure can be placed on a page a long table is
        # being set on, so figures before them would all pile up at the end.
        parts += [r"\section{Figures}", latex_text(SECTION_TEXT["figures"])]
        parts += [_figure(f, figure_dir, labels) for f in figures]
    if cite:
        # The figures first, so that none is left alone after the references.
        parts += [*([r"\clearpage"] if figures else []), r"\bibliographystyle{plain}",
                  rf"\bibliography{{{bibliography}}}"]
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"
