"""Tests of symreg.render.report: formats, verification before writing, reproducibility."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sympy

from symreg import catalogue as real_catalogue
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, RenderError, VerificationError
from symreg.render import references, report
from symreg.symbols import eps, lam, w

_FIGURES = ["penalties", "gradients", "step-ratio", "prox", "descent"]


def _require_pdflatex():
    # Outside CI a machine without TeX skips; under CI the build must run (and fail if absent).
    if shutil.which("pdflatex") is None and os.environ.get("CI") != "true":
        pytest.skip("pdflatex is not installed")


class _Row:
    def __init__(self, quantity, full, half, note=""):
        self.quantity, self.full, self.half, self.note = quantity, full, half, note


def _derivations() -> list[Derivation]:
    return [
        Derivation(
            name="step-gain",
            title="One step toward zero",
            steps=(
                Step(lam * w**2 - lam * (w - eps) ** 2, 2 * eps * lam * w - eps**2 * lam,
                     reason="expand the square", where=w >= eps),
                Step(2 * eps * lam * w - eps**2 * lam, eps * lam, relation="gt",
                     reason="for $w > (1 + \\varepsilon)/2$", where=2 * w > 1 + eps),
            ),
            prose="A step of $\\varepsilon$ earns more under L2 once $w$ is large.",
            conventions=(Convention(label="L2 penalty", expr=lam * w**2),),
            remarks=("Under $\\lambda w^2/2$ the threshold doubles.",),
        ),
        Derivation(
            name="subgradient",
            title="A subgradient of $\\lambda|w|$ everywhere",
            steps=(
                Step(lam * sympy.sign(w),
                     sympy.Piecewise((sympy.FiniteSet(-lam), w < 0),
                                     (sympy.Interval(-lam, lam), sympy.Eq(w, 0)),
                                     (sympy.FiniteSet(lam), True)),
                     relation="in", reason="sign(0) = 0 lies in the interval at the kink"),
            ),
        ),
    ]


def _fake_catalogue(patch, derivations):
    """Make the catalogue serve ``derivations`` and a two-row conventions table."""
    patch.setattr(real_catalogue, "derivations", lambda: tuple(derivations))
    patch.setattr(real_catalogue, "conventions_table", lambda: (
        _Row("gradient of L2", 2 * lam * w, lam * w, "halved"),
        _Row("gradient crossover", sympy.FiniteSet(sympy.Rational(1, 2)), sympy.FiniteSet(1)),
    ))


@pytest.fixture
def catalogue(monkeypatch):
    _fake_catalogue(monkeypatch, _derivations())
    return real_catalogue


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The .tex and .md reports of the fake catalogue, written once, without pdflatex."""
    outdir = tmp_path_factory.mktemp("report")
    (outdir / "sub").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        _fake_catalogue(patch, _derivations())
        patch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
        tex = report.write_report(outdir / "sub" / "my report.tex")
        md = report.write_report(outdir / "sub" / "my report.md")
    return outdir, tex, md


@pytest.mark.slow
def test_tex_report_with_figures_next_to_it(written):
    outdir, tex_path, _ = written
    assert tex_path == outdir / "sub" / "my report.tex"
    tex = tex_path.read_text(encoding="utf-8")
    assert tex.startswith("\\documentclass")
    assert tex.count("\\begin{theorem}") == 2
    assert tex.count("\\begin{proof}") == 2
    assert "\\label{tab:conventions}" in tex
    assert "\\section{Implementation}" in tex
    assert "&\\in \\begin{cases}" in tex  # the set-valued map
    assert r"\textit{Convention:} L2 penalty $\lambda w^{2}$." in tex
    for name in _FIGURES:
        assert f"\\includegraphics[width=0.8\\linewidth]{{my_report-figures/{name}.pdf}}" in tex
        assert (outdir / "sub" / "my_report-figures" / f"{name}.pdf").is_file()
    # definitions first, sources cited, and the bibliography written next to it
    assert tex.index("\\section{Notation and definitions}") < tex.index("\\section{Results}")
    assert "\\cite{rockafellar1970convex}" in tex
    assert "\\cite[Section 3.4, Table 3.4]{hastie2009elements}" in tex
    assert tex.rstrip().endswith("\\bibliography{my_report-references}\n\n\\end{document}")
    bib = outdir / "sub" / "my_report-references.bib"
    assert bib.read_text(encoding="utf-8") == references.bibtex()
    assert "\\hypersetup{pdftitle={L1 and L2 regularization: verified derivations}" in tex


@pytest.mark.slow
def test_md_report_with_svg_figures(written):
    outdir, _, md_path = written
    text = md_path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "$$\n\\begin{aligned}" in text
    for name in _FIGURES:
        assert f"(my_report-figures/{name}.svg)" in text
        assert (outdir / "sub" / "my_report-figures" / f"{name}.svg").is_file()
    assert text.index("## Notation and definitions") < text.index("## Results")
    assert "(Rockafellar (1970))" in text
    assert text.rstrip().splitlines()[-1].startswith("- Rockafellar, R. Tyrrell (1970).")
    assert "## References" in text


def test_unknown_extension_is_refused(catalogue, tmp_path):
    with pytest.raises(InvalidParameterError,
                       match=r"^cannot write a report to 'report\.html': the extension must be "
                             r"\.tex, \.md or \.pdf$"):
        report.write_report(tmp_path / "report.html")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_a_tampered_catalogue_stops_the_report_before_anything_is_written(monkeypatch, tmp_path):
    # The figures are drawn in a worker meanwhile (as for the package's own report):
    # the failure stops the worker before the report's temporary folder is removed.
    from symreg import _budget
    from symreg.render import _figdata, _figworker, _reportcache

    started: list[tuple[object, _budget.Pending]] = []

    def start(*args, **options):
        started.append((args[0], _budget.Pending(*args, options.get("warmup"))))
        return started[-1][1]

    monkeypatch.setattr(_budget, "start", start)
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)  # the session's cache is on
    monkeypatch.setattr(_figdata, "results", lambda eps: [])  # the worker derives them
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    monkeypatch.setattr(_reportcache, "genuine", lambda: True)
    good = _derivations()[0]
    steps = list(good.steps)
    steps[0] = Step(lam * w**2 - lam * (w - eps) ** 2, 2 * eps * lam * w + eps**2 * lam,
                    reason="expand the square", where=w >= eps)
    bad = Derivation(name="step-gain", title="One step toward zero", steps=tuple(steps))
    _fake_catalogue(monkeypatch, [bad])
    with pytest.raises(VerificationError,
                       match=r"^derivation 'step-gain' \(One step toward zero\), chain 1, step 1 "
                             r"\(expand the square\): false at .*$"):
        report.write_report(tmp_path / "report.tex")
    assert not list(tmp_path.iterdir())
    # The worker was set going; the drawing was stopped (or never given to it), not drawn.
    assert started[0][0] is _figworker.ready
    assert all(task.outcome()[0] == "error" for fn, task in started if fn is _figworker.draw)


def test_without_pdflatex_pdf_fails_clearly(catalogue, monkeypatch, tmp_path):
    # The .tex and .md reports of the `written` fixture are built without pdflatex.
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    with pytest.raises(
        RenderError,
        match=r"^pdflatex was not found on PATH, so no PDF can be built; install it with "
              r"'apt-get install texlive-latex-base texlive-latex-recommended "
              r"texlive-fonts-recommended lmodern', or write the report as \.tex or \.md$",
    ):
        report.write_report(tmp_path / "report.pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.pdflatex
def test_pdf_report_builds_reproducibly(catalogue, tmp_path):
    _require_pdflatex()
    out = report.write_report(tmp_path / "report.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/CreationDate" not in data
    assert _info(data, b"Title") == "L1 and L2 regularization: verified derivations"
    assert _info(data, b"Subject") == "Verified derivations about L1 and L2 regularization"
    assert not (tmp_path / "report-figures").exists()
    (tmp_path / "again").mkdir()
    again = report.write_report(tmp_path / "again" / "report.pdf")
    assert again.read_bytes() == data


@pytest.mark.slow
@pytest.mark.pdflatex
def test_the_report_fits_in_fourteen_pages(tmp_path):
    """The whole report of the real catalogue, figures and listings included: A4, 11pt."""
    _require_pdflatex()
    data = report.write_report(tmp_path / "report.pdf").read_bytes()
    pages = _pages(data)
    assert 0 < pages <= 14, pages


def _pages(pdf: bytes) -> int:
    """The page count of a PDF: the /Count of its page tree (also inside object streams)."""
    import re
    import zlib

    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompress(stream.group(1)))
    trees = [tree.group(0) for text in texts
             for tree in re.finditer(rb"<<[^<>]*/Type\s*/Pages\b[^<>]*>>", text)]
    return max((int(count) for tree in trees
                for count in re.findall(rb"/Count\s+(\d+)", tree)), default=0)


def _info(pdf: bytes, key: bytes) -> str:
    """A text field of a PDF's document information (hyperref writes it in UTF-16)."""
    import re

    raw = re.search(rb"/" + key + rb"\s*\(((?:\\.|[^\\)])*)\)", pdf)
    assert raw is not None, key
    data = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw.group(1))
    data = re.sub(rb"\\(.)", rb"\1", data)
    return data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


_SCRIPT = textwrap.dedent('''
    import sys
    from pathlib import Path
    import pytest
    sys.path.insert(0, {tests!r})
    import test_report as t
    from symreg.render.report import write_report
    out = Path(sys.argv[1])
    with pytest.MonkeyPatch.context() as patch:
        t._fake_catalogue(patch, t._derivations())
        (out / "sub").mkdir(parents=True)
        write_report(out / "sub" / "my report.tex")
        write_report(out / "sub" / "my report.md")
''')


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.slow
def test_tex_and_md_are_byte_identical_across_hash_seeds(written, tmp_path):
    # This process wrote `written` under its own hash seed (random unless PYTHONHASHSEED
    # is set); a fresh process with another seed must write the same bytes.
    seed = "4242" if os.environ.get("PYTHONHASHSEED") == "0" else "0"
    outdir = tmp_path / seed
    script = _SCRIPT.format(tests=str(Path(__file__).parent))
    env = {**os.environ, "PYTHONHASHSEED": seed}
    if os.environ.get("SYMREG_CACHE_DIR"):
        # The child may take this run's proofs, but draws every figure itself:
        # a figure taken from the cache would say nothing about its bytes under
        # another seed.
        env["SYMREG_CACHE_DIR"] = str(tmp_path / "cache")
        shutil.copytree(os.environ["SYMREG_CACHE_DIR"], env["SYMREG_CACHE_DIR"],
                        ignore=shutil.ignore_patterns("figures"))
    child = subprocess.run([sys.executable, "-c", script, str(outdir)], env=env, timeout=600,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.returncode == 0, child.stderr
    first, second = _tree(written[0]), _tree(outdir)
    assert sorted(first) == sorted(second)
    assert len(first) == 3 + 2 * len(_FIGURES)  # .tex, .bib, .md and the figures
    for name in first:
        assert first[name] == second[name], name


# ---------------------------------------------------------------------------
# places a report cannot be written to: one clear error, nothing left behind


def _contents(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_a_directory_in_the_way_is_refused(catalogue, tmp_path):
    (tmp_path / "r.tex").mkdir()
    with pytest.raises(RenderError, match=r"^cannot write .*r\.tex: it is a directory$"):
        report.write_report(tmp_path / "r.tex")
    assert _contents(tmp_path) == ["r.tex"]


def test_a_missing_directory_is_refused(catalogue, tmp_path):
    with pytest.raises(RenderError,
                       match=r"^cannot write .*r\.md: the directory .*missing does not exist$"):
        report.write_report(tmp_path / "missing" / "r.md")
    assert _contents(tmp_path) == []


def test_a_file_where_the_directory_should_be_is_refused(catalogue, tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(RenderError,
                       match=r"^cannot write .*r\.pdf: the directory .*plain is not a "
                             r"directory$"):
        report.write_report(tmp_path / "plain" / "r.pdf")
    assert _contents(tmp_path) == ["plain"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions are not enforced for root")
def test_an_unwritable_directory_is_refused(catalogue, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(RenderError,
                           match=r"^cannot write .*r\.tex: the directory .*locked is not "
                                 r"writable$"):
            report.write_report(locked / "r.tex")
        assert _contents(locked) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("suffix", [".tex", ".md"])
def test_a_file_where_the_figures_go_is_refused(catalogue, tmp_path, suffix):
    (tmp_path / "r-figures").write_text("mine")
    with pytest.raises(RenderError,
                       match=rf"^cannot write .*r\{suffix}: its figures go to .*r-figures, "
                             r"which is not a directory$"):
        report.write_report(tmp_path / f"r{suffix}")
    assert _contents(tmp_path) == ["r-figures"]
    assert (tmp_path / "r-figures").read_text() == "mine"


@pytest.mark.slow
def test_a_failure_while_writing_leaves_nothing_behind(catalogue, monkeypatch, tmp_path):
    from symreg.render import figures

    def broken(outdir, *, fmt):
        outdir.mkdir(parents=True)
        (outdir / "half.svg").write_text("<svg")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(figures, "make_figures", broken)
    with pytest.raises(RenderError, match=r"^cannot write .*r\.md: No space left on device$"):
        report.write_report(tmp_path / "r.md")
    assert _contents(tmp_path) == []


@pytest.mark.slow
def test_rewriting_a_report_replaces_it_and_its_figures(written):
    outdir, tex, _ = written
    with pytest.MonkeyPatch.context() as patch:
        _fake_catalogue(patch, _derivations())
        patch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
        again = report.write_report(tex)
    assert again.read_text(encoding="utf-8") == tex.read_text(encoding="utf-8")
    assert not [p for p in (outdir / "sub").iterdir() if p.name.startswith(".")]


def test_macros_are_refused_for_markdown_before_any_work(catalogue, tmp_path):
    with pytest.raises(InvalidParameterError, match=r"^cannot write 'r\.md' with macros: "
                                                    r"they are for a \.tex or \.pdf report$"):
        report.write_report(tmp_path / "r.md", macros=True)
    with pytest.raises(InvalidParameterError, match=r"^macros must be True or False, got 'y'$"):
        report.write_report(tmp_path / "r.tex", macros="y")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_a_tex_report_with_macros_defines_and_uses_them(written, tmp_path):
    _, plain_path, _ = written
    with pytest.MonkeyPatch.context() as patch:
        _fake_catalogue(patch, _derivations())
        tex = report.write_report(tmp_path / "my report.tex", macros=True).read_text("utf-8")
    plain = plain_path.read_text(encoding="utf-8")
    assert "\\providecommand{\\abs}[1]" in tex
    assert "\\providecommand" not in plain
    assert "\\abs{" in tex
    assert "\\sign{\\left(" in tex
    assert "\\prox_{" in tex
    assert "\\abs{" not in plain
    assert "\\mathrm{prox}_{" in plain


def test_entries_go_to_a_worker_only_for_the_packages_own_catalogue_on_two_cores(
        monkeypatch):
    from symreg.catalogue import _elsewhere, registry
    from symreg.render import _figworker

    started = []
    monkeypatch.setattr(_elsewhere, "start", lambda names: started.append(names) or "going")
    monkeypatch.setattr(_figworker, "_cores", lambda: 1)
    assert report._elsewhere() is None
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    assert report._elsewhere() == "going"
    assert started == [report.IN_A_WORKER]
    # Entries that share derivations with the figures stay in the report's process.
    assert set(report.IN_A_WORKER) <= set(registry.names())
    assert not set(report.IN_A_WORKER) & {"prox", "descent", "value-crossover",
                                          "gradient-crossover", "epsilon-step"}
    for replaced in ("derivations", "get", "names"):
        with monkeypatch.context() as patch:
            patch.setattr(real_catalogue, replaced, lambda *args: ())
            assert report._elsewhere() is None
    assert len(started) == 1
