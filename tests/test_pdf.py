"""Tests of symreg.render.pdf: the pdflatex build, its errors and its reproducibility."""

from __future__ import annotations

import os
import shutil

import pytest
import sympy

from symreg.derivation import Derivation, Step
from symreg.errors import RenderError
from symreg.render import document, pdf
from symreg.symbols import eta, lam, w, z

_MINIMAL = "\\documentclass{article}\n\\begin{document}\n%s\n\\end{document}\n"
_MISSING = (
    r"^pdflatex was not found on PATH, so no PDF can be built; install it with "
    r"'apt-get install texlive-latex-base texlive-latex-recommended "
    r"texlive-fonts-recommended lmodern', or write the report as \.tex or \.md$"
)


def _require_pdflatex():
    # Outside CI a machine without TeX skips; under CI the build must run (and fail if absent).
    if shutil.which("pdflatex") is None and os.environ.get("CI") != "true":
        pytest.skip("pdflatex is not installed")


def test_overfull_boxes_are_parsed_from_the_log():
    log = "\n".join([
        "Overfull \\hbox (12.5pt too wide) in paragraph at lines 7--9",
        "[]\\T1/cmr/m/n/10 text",
        "Overfull \\hbox (3.00002pt too wide) detected at line 41",
        "Overfull \\vbox (1.5pt too high) has occurred while \\output is active",
    ])
    boxes = pdf.overfull_boxes(log)
    assert [(b.kind, b.points, b.line) for b in boxes] == [
        ("hbox", 12.5, 7), ("hbox", 3.00002, 41), ("vbox", 1.5, None)]
    assert boxes[0].where == "in paragraph at lines 7--9"


def test_without_pdflatex_the_error_names_the_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.have_pdflatex() is False
    with pytest.raises(RenderError, match=_MISSING):
        pdf.build_pdf(_MINIMAL % "Hello", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_without_pdflatex_via_which(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match=_MISSING):
        pdf.require_pdflatex()


@pytest.mark.slow
@pytest.mark.pdflatex
def test_a_document_with_a_figure_builds_reproducibly(tmp_path):
    _require_pdflatex()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    figure.savefig(tmp_path / "line.pdf", metadata={"CreationDate": None})
    source = ("\\documentclass{article}\n\\usepackage{graphicx}\n"
              "\\pdfinfoomitdate=1 \\pdftrailerid{} \\pdfsuppressptexinfo=-1\n"
              "\\begin{document}\nSee Figure~\\ref{f}.\n"
              "\\begin{figure}\\includegraphics{figs/line.pdf}\\caption{A line}\\label{f}"
              "\\end{figure}\n\\end{document}\n")
    first = pdf.build_pdf(source, tmp_path / "a" / "one.pdf",
                          assets={"figs/line.pdf": tmp_path / "line.pdf"})
    second = pdf.build_pdf(source, tmp_path / "two.pdf",
                           assets={"figs/line.pdf": tmp_path / "line.pdf"})
    assert first == tmp_path / "a" / "one.pdf"
    data = first.read_bytes()
    assert data.startswith(b"%PDF")
    assert data == second.read_bytes()
    assert b"/CreationDate" not in data
    assert b"/ID [" not in data


@pytest.mark.slow
@pytest.mark.pdflatex
def test_a_latex_error_is_reported_with_its_line(tmp_path):
    _require_pdflatex()
    with pytest.raises(RenderError,
                       match=r"^pdflatex failed: \./report\.tex:3: Undefined control sequence\. "
                             r"l\.3 \\nosuchcommand$"):
        pdf.build_pdf(_MINIMAL % "\\nosuchcommand", tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.slow
@pytest.mark.pdflatex
def test_an_overfull_box_fails_the_build_with_the_box_named(tmp_path):
    _require_pdflatex()
    body = "\\noindent\\hbox to 1.5\\linewidth{wide}"
    with pytest.raises(RenderError,
                       match=r"^overfull \\hbox \(172\.5pt too wide\) in paragraph at lines "
                             r"3--4: \\noindent\\hbox to 1\.5\\linewidth\{wide\}$"):
        pdf.build_pdf(_MINIMAL % body, tmp_path / "out.pdf")
    # A box below the limit is tolerated.
    slight = "\\noindent\\hbox to \\dimexpr\\linewidth+5pt\\relax{slight}"
    assert pdf.build_pdf(_MINIMAL % slight, tmp_path / "ok.pdf").exists()


def test_missing_assets_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "require_pdflatex", lambda: "pdflatex")
    with pytest.raises(RenderError, match=r"^asset 'a\.pdf' not found at .*nothing\.pdf$"):
        pdf.build_pdf(_MINIMAL % "x", tmp_path / "o.pdf",
                      assets={"a.pdf": tmp_path / "nothing.pdf"})
    with pytest.raises(RenderError, match=r"^asset name '\.\./a\.pdf' must be a relative path "
                                          r"inside the build$"):
        pdf.build_pdf(_MINIMAL % "x", tmp_path / "o.pdf",
                      assets={"../a.pdf": tmp_path / "nothing.pdf"})


def _wide_derivations() -> list[Derivation]:
    long_sum = sum(lam**i * w**i / (i + 1) for i in range(1, 18))
    cases = sympy.Piecewise(*[(w**i + lam * i + eta * i**2 + z, w < i) for i in range(1, 5)],
                            (0, True))
    nested = sympy.Piecewise((cases * w + cases * z + cases * eta + cases * lam, z > 0),
                             (0, True))
    reason = ("a reason that is long enough to need a line of its own under the step, and "
              "then some more words so that it has to wrap inside that line as well")
    return [
        Derivation(name="long-sum", title="A long sum", steps=(
            Step(sympy.factor(long_sum), sympy.expand(long_sum), reason="expand"),
            Step(sympy.expand(long_sum), sympy.factor(long_sum), reason=reason),
        )),
        Derivation(name="wide-cases", title="A wide Piecewise", steps=(
            Step(sympy.UnevaluatedExpr(nested), nested, reason="as written"),
            Step(w**2, 0, relation="ge", reason="a square"),
        ), prose="A statement with 100% of the $w$."),
    ]


@pytest.mark.slow
@pytest.mark.pdflatex
def test_wide_derivations_fit_the_page(tmp_path):
    _require_pdflatex()
    source = document.document(derivations=_wide_derivations(), conventions=[], figures=[],
                               listings=[])
    assert pdf.build_pdf(source, tmp_path / "wide.pdf").stat().st_size > 0


def _derivation_with(reason: str) -> Derivation:
    return Derivation(name="sq", title="Square",
                      steps=(Step((w - 1) ** 2, w**2 - 2*w + 1, reason=reason),))


def test_tex_commands_in_math_never_reach_pdflatex(tmp_path):
    with pytest.raises(RenderError, match=r"^\\input is not allowed in math: .*$"):
        document.document(derivations=[_derivation_with(r"by $\input{/etc/passwd}$")],
                          conventions=[], figures=[], listings=[])


@pytest.mark.slow
@pytest.mark.pdflatex
def test_tex_commands_in_text_are_printed_inert(tmp_path):
    _require_pdflatex()
    source = document.document(derivations=[_derivation_with(r"by \input{/etc/passwd}")],
                               conventions=[], figures=[], listings=[])
    assert r"\input{/etc/passwd}" not in source
    out = pdf.build_pdf(source, tmp_path / "inert.pdf")
    assert b"root:" not in out.read_bytes()


_CITING = ("\\documentclass{article}\n\\begin{document}\nAs shown by~\\cite{%s}.\n"
           "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n")


@pytest.mark.slow
@pytest.mark.pdflatex
def test_a_document_that_cites_runs_bibtex(tmp_path):
    _require_pdflatex()
    from symreg.render.references import bibtex

    (tmp_path / "refs.bib").write_text(bibtex(), encoding="utf-8")
    out = pdf.build_pdf(_CITING % "hoerl1970ridge", tmp_path / "c.pdf",
                        assets={"refs.bib": tmp_path / "refs.bib"})
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(RenderError, match=r"^bibtex failed: Warning--I didn't find a database "
                                          r"entry for \"nobody2020\"$"):
        pdf.build_pdf(_CITING % "nobody2020", tmp_path / "d.pdf",
                      assets={"refs.bib": tmp_path / "refs.bib"})


@pytest.mark.pdflatex
def test_without_bibtex_a_citing_document_says_what_to_install(tmp_path, monkeypatch):
    _require_pdflatex()
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "bibtex"
                        else real(name, *a, **k))
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    with pytest.raises(RenderError, match=r"^the report cites its sources, which needs bibtex: "
                                          r"install it with 'apt-get install texlive-binaries' "
                                          r"\(it comes with TeX Live\)$"):
        pdf.build_pdf(_CITING % "x", tmp_path / "e.pdf",
                      assets={"refs.bib": tmp_path / "refs.bib"})


@pytest.mark.slow
@pytest.mark.pdflatex
def test_pdflatex_runs_only_as_often_as_the_log_asks(tmp_path, monkeypatch):
    _require_pdflatex()
    passes: list[str] = []
    run = pdf._run

    def counted(*args):
        passes.append(args[2])
        return run(*args)

    monkeypatch.setattr(pdf, "_run", counted)
    pdf.build_pdf(_MINIMAL % "No references.", tmp_path / "a.pdf")
    assert len(passes) == 1
    passes.clear()
    pdf.build_pdf(_MINIMAL % "\\section{A}\\label{a} See Section~\\ref{a}.", tmp_path / "b.pdf")
    assert len(passes) == 2  # the first pass writes the label, the second reads it


def test_a_log_asking_for_another_pass_is_recognised():
    for line in ("LaTeX Warning: Label(s) may have changed. Rerun to get cross-references "
                 "right.", "Package longtable Warning: Table widths have changed. Rerun LaTeX.",
                 "Package rerunfilecheck Warning: File `report.out' has changed.\n"
                 "(rerunfilecheck)                Rerun to get outlines right"):
        assert pdf._RERUN.search(line)
    assert not pdf._RERUN.search("Output written on report.pdf (3 pages, 1234 bytes).")


@pytest.mark.slow
@pytest.mark.pdflatex
def test_a_report_with_macros_compiles(tmp_path):
    from symreg import catalogue

    _require_pdflatex()
    derivations = [catalogue.get(name) for name in ("near-zero", "descent", "map")]
    source = document.document(derivations=derivations, conventions=[], figures=[],
                               listings=[], macros=True)
    assert source.count("\\abs{") > 10
    assert "\\sign{\\left(" in source
    assert pdf.build_pdf(source, tmp_path / "macros.pdf").stat().st_size > 0
