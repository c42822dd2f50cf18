"""Tests of symreg.render.figures: files, captions from derived numbers, reproducibility."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest
import sympy

from symreg import _budget, printing, prox, symbols
from symreg.analysis import crossover, descent
from symreg.errors import InvalidParameterError, RenderError
from symreg.penalties import L1, L2
from symreg.render import _figworker
from symreg.render import figures as fg

_NAMES = ["penalties", "gradients", "step-ratio", "prox", "descent"]


@pytest.fixture(scope="module")
def svg_figures(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("svg")
    return outdir, fg.make_figures(outdir, fmt="svg")


@pytest.mark.slow
def test_every_figure_is_written_with_a_caption(svg_figures):
    outdir, figures = svg_figures
    assert [f.name for f in figures] == _NAMES
    assert [f.file for f in figures] == [f"{n}.svg" for n in _NAMES]
    for figure in figures:
        content = (outdir / figure.file).read_text(encoding="utf-8")
        assert content.startswith("<?xml")
        assert "<dc:date>" not in content
        assert figure.caption.endswith(".")
        assert figure.caption.count("$") % 2 == 0


@pytest.mark.slow
def test_figures_speak_the_readers_notation(tmp_path):
    with printing.notation({symbols.w: r"\beta", symbols.lam: r"\alpha"}):
        figures = fg.make_figures(tmp_path, fmt="svg")
    captions = " ".join(f.caption for f in figures)
    assert r"$\alpha = 1$" in captions
    assert r"$\beta > 0$" in captions
    assert r"\lambda" not in captions
    assert "$w" not in captions
    assert r"\alpha \left|{\beta}\right|" in captions


@pytest.mark.slow
def test_a_worker_draws_the_same_files(svg_figures, tmp_path, monkeypatch):
    # The report draws its figures in a worker process (symreg.render._figworker)
    # while it builds the catalogue: the same figures, byte for byte.
    outdir, figures = svg_figures
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    drawing = _figworker.start(tmp_path, "svg")
    assert drawing is not None
    assert _figworker.finish(drawing, tmp_path, "svg") == figures
    for figure in figures:
        assert (tmp_path / figure.file).read_bytes() == (outdir / figure.file).read_bytes()


@pytest.mark.slow
def test_the_readers_matplotlib_configuration_does_not_reach_the_figures(svg_figures, tmp_path,
                                                                         monkeypatch):
    # A matplotlibrc of the reader's (here set in the process) changes nothing: the
    # figures, and the cache keys standing for them, depend on symreg's style alone.
    import matplotlib

    outdir, figures = svg_figures
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    with matplotlib.rc_context({"lines.linewidth": 5.0, "axes.facecolor": "red",
                                "font.size": 20.0, "axes.prop_cycle": matplotlib.cycler(
                                    color=["k"])}):
        again = fg.make_figures(tmp_path, fmt="svg")
    assert again == figures
    for figure in figures:
        assert (tmp_path / figure.file).read_bytes() == (outdir / figure.file).read_bytes()


def test_a_worker_is_told_the_notation_the_macros_and_the_cache_in_force(tmp_path, monkeypatch):
    import contextlib

    from symreg.render import _figdata

    told = []
    derived_here = []

    class Over:
        """A task of _budget.start, over at once."""

        def __init__(self, *args):
            told.append(args)

        def outcome(self):
            return ("ok", ())

    @contextlib.contextmanager
    def in_this_process():
        derived_here.append(True)
        yield

    monkeypatch.setattr(_budget, "start", Over)
    monkeypatch.setattr(_figdata, "results",
                        lambda eps: [("derived", eps, bool(derived_here))])
    monkeypatch.setattr(prox, "transfers", lambda: [("prox", "derived")])
    monkeypatch.setattr(prox, "in_this_process", in_this_process)
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    with printing.notation({"lam": r"\alpha"}) as names, printing.macros():
        drawing = _figworker.start(tmp_path / "a", "pdf")
    assert drawing.outcome() == ("ok", ())
    assert names[symbols.lam] == r"\alpha"
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    assert _figworker.start(tmp_path / "b", "svg").outcome() == ("ok", ())
    # A worker is set going first (loading matplotlib when no cache may hold the
    # figures), then given the results derived here (not in workers of their own).
    given = [("derived", fg._EPS, True)]
    assert told == [
        (_figworker.ready, (), math.inf),
        (_figworker.draw, (str(tmp_path / "a"), "pdf", dict(names), True,
                           str(tmp_path / "cache"), given, [("prox", "derived")]), math.inf),
        (_figworker.warm, ("svg",), math.inf),
        (_figworker.draw, (str(tmp_path / "b"), "svg", {}, False, None,
                           given, [("prox", "derived")]), math.inf)]
    # and the worker draws in them (here, in this process)
    with printing.notation({"w": r"\beta"}):
        in_force = dict(printing.current_notation())
    seen = []

    def make_figures(outdir, *, fmt):
        seen.append((outdir, fmt, dict(printing.current_notation()), printing.macros_enabled(),
                     os.environ.get("SYMREG_NO_CACHE"), os.environ.get("SYMREG_CACHE_DIR")))
        return ()

    monkeypatch.setattr(fg, "make_figures", make_figures)
    assert _figworker.draw(str(tmp_path), "svg", in_force, True, "/elsewhere") == ()
    assert seen == [(tmp_path, "svg", in_force, True, None, "/elsewhere")]
    assert os.environ.get("SYMREG_NO_CACHE") == "1"  # as it was
    assert os.environ.get("SYMREG_CACHE_DIR") == str(tmp_path / "cache")


@pytest.mark.slow
def test_a_worker_given_other_work_first_draws_the_same_files(svg_figures, tmp_path,
                                                              monkeypatch):
    # A report that gives its worker catalogue entries first passes that task as
    # `after`: the drawing follows it in the same worker. The same figures, byte for byte.
    outdir, figures = svg_figures
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    first = _budget.start(_figworker.ready, (), math.inf)
    drawing = _figworker.start(tmp_path, "svg", after=first)
    assert drawing is not None
    assert _figworker.finish(drawing, tmp_path, "svg") == figures
    for figure in figures:
        assert (tmp_path / figure.file).read_bytes() == (outdir / figure.file).read_bytes()


@pytest.mark.slow
def test_a_task_follows_another_in_its_worker_and_stops_with_it():
    import time

    first = _budget.start(os.getpid, (), math.inf)
    then = _figworker.Then(first, os.getpid, ())
    assert then.outcome() == first.outcome()  # the same worker process
    assert first.outcome()[1] != os.getpid()
    slow = _budget.start(time.sleep, (30,), math.inf)
    never = _figworker.Then(slow, os.getpid, ())
    never.stop()
    assert slow.outcome()[0] == "error"
    assert never.outcome() == ("error", "stopped before it ran")


@pytest.mark.slow
def test_the_figures_results_cross_to_another_process_as_written(svg_figures):
    # The report derives the figures' results and a worker draws them (_figworker):
    # every result crosses, and comes back written exactly as it was derived.
    import pickle

    from symreg.render import _figdata

    data = _figdata.figure_data(fg._PARAMETERS, fg._EPS)
    found = pickle.loads(pickle.dumps(_figdata.results(fg._EPS)))
    assert [key for key, _ in found] == [(f.__name__, *args)
                                         for f, args in _figdata._calls(fg._EPS)]
    with _figdata.given(found):
        assert _figdata._GIVEN
        assert _figdata.figure_data(fg._PARAMETERS, fg._EPS) == data
    assert not _figdata._GIVEN


def test_the_worker_adopts_the_reports_prox_derivations_instead_of_deriving(monkeypatch):
    # The report hands its prox derivations to the worker (prox.transfers), which
    # takes them (prox.adopt) instead of deriving them in a worker of its own.
    import pickle

    from symreg.prox import _transfer

    prox.prox(L1())
    (expr, name, convention, step, hypothesis, _), transfer = next(
        item for item in prox.transfers() if item[0][1] == "L1")
    note = " (adopted in a test)"
    arrived = pickle.loads(pickle.dumps(
        [((expr, name, convention, step, hypothesis, note), transfer)]))

    def no_worker(*args, **options):
        raise AssertionError("derived again")

    monkeypatch.setattr(_budget, "run", no_worker)
    prox.adopt(arrived)
    adopted = prox._derive(expr, name, convention, step, hypothesis, 60.0, "L1()", note)
    assert adopted.verified
    frozen = _transfer.freeze_derivation(adopted)
    assert sympy.srepr(adopted.results["prox"]) == sympy.srepr(
        _transfer.thaw_derivation(transfer.derivation).results["prox"])
    assert frozen == transfer.derivation


def test_the_workers_errors_are_raised_as_they_would_be_here(tmp_path):
    # symreg's own error comes back from the worker and is raised as it is
    task = _budget.start(_figworker.draw, (str(tmp_path), "jpg", {}, False, None), math.inf)
    with pytest.raises(InvalidParameterError, match=r"^fmt must be one of pdf, svg, png, "
                                                   r"got 'jpg'$"):
        _figworker.finish(task, tmp_path, "jpg")  # type: ignore[arg-type]
    # any other error is not explained by the worker: the figures are drawn again here,
    # where the same error is raised as itself
    blocked = tmp_path / "a file"
    blocked.write_text("")
    task = _budget.start(_figworker.draw, (str(blocked), "svg", {}, False, None), math.inf)
    assert task.outcome() == ("error", f"FileExistsError: [Errno 17] File exists: "
                                       f"{str(blocked)!r}")
    with pytest.raises(FileExistsError, match=r"^\[Errno 17\] File exists: "):
        _figworker.finish(task, blocked, "svg")


def test_a_worker_draws_only_the_packages_own_figures_and_only_on_two_cores(
        tmp_path, monkeypatch):
    monkeypatch.setattr(_figworker, "_cores", lambda: 1)
    assert _figworker.start(tmp_path, "svg") is None
    monkeypatch.setattr(_figworker, "_cores", lambda: 2)
    monkeypatch.setattr(fg, "make_figures", lambda outdir, *, fmt: ())
    assert _figworker.start(tmp_path, "svg") is None
    assert _figworker.finish(None, tmp_path, "svg") == ()
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_captions_quote_the_derived_crossovers(svg_figures):
    _, figures = svg_figures
    captions = {f.name: f.caption for f in figures}
    lam = symbols.lam
    value = crossover(L1(), L2()).points.subs(lam, 1)
    gradient = crossover(L1(), L2(), kind="gradient").points.subs(lam, 1)
    assert f"$w = {printing.latex(value.args[0])}$ against" in captions["penalties"]
    assert f"$w = {printing.latex(gradient.args[0])}$ under" in captions["gradients"]
    step = crossover(L1(), L2(), kind="step").points.subs(symbols.eps, fg._EPS)
    assert isinstance(step, sympy.FiniteSet)
    assert f"$w = {printing.latex(step.args[0])}$ for" in captions["step-ratio"]
    run = descent(L1(), method="proximal")
    steps = run.zero_after.subs({symbols.w0: fg._W0, symbols.eta: fg._ETA_DESCENT,
                                 symbols.lam: fg._LAM})
    assert f"reaches 0 exactly after {steps} steps" in captions["descent"]


def test_the_plotted_values_are_the_lambdified_symbolic_results():
    w, lam = symbols.w, symbols.lam
    points = np.array([-2.0, -0.5, 0.0, 0.25, 1.0, 3.0])
    for expr in (L1().expr, L2().expr, sympy.Abs(L1().derivative()), fg._gradient_magnitude(L2()),
                 L1().prox(step=symbols.eta).subs(symbols.z, w)):
        curve = fg._numeric(expr, w, {lam: sympy.Integer(2), symbols.eta: sympy.Rational(1, 4)})
        got = curve(points)
        for x, y in zip(points, got, strict=True):
            exact = expr.subs({w: sympy.nsimplify(x), lam: 2, symbols.eta: sympy.Rational(1, 4)})
            assert y == pytest.approx(float(exact), abs=1e-12)
        assert float(curve(0.0)) == pytest.approx(
            float(expr.subs({w: 0, lam: 2, symbols.eta: sympy.Rational(1, 4)})))


def test_plotting_refuses_an_unset_symbol():
    with pytest.raises(RenderError, match=r"^cannot plot lam\*Abs\(w\): lam unset$"):
        fg._numeric(L1().expr, symbols.w, {})


def test_crossover_points_are_taken_at_the_plotting_parameters():
    points = crossover(L1(), L2(), kind="step").points
    assert fg._points(points, {symbols.eps: sympy.Rational(1, 10), symbols.lam: 1}) == [
        sympy.Rational(11, 20)]
    with pytest.raises(RenderError, match=r"^crossover .* is not a finite set at .*$"):
        fg._points(points, {symbols.eps: 3})


@pytest.mark.slow
def test_png_files_are_identical_and_carry_no_version(tmp_path):
    first = fg.make_figures(tmp_path / "a", fmt="png")
    fg.make_figures(tmp_path / "b", fmt="png")
    for figure in first:
        data = (tmp_path / "a" / figure.file).read_bytes()
        assert data.startswith(b"\x89PNG")
        assert b"Software" not in data
        assert data == (tmp_path / "b" / figure.file).read_bytes()


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(InvalidParameterError, match=r"^fmt must be one of pdf, svg, png, "
                                                   r"got 'jpg'$"):
        fg.make_figures(tmp_path, fmt="jpg")


@pytest.mark.slow
def test_matplotlib_is_imported_only_when_figures_are_made():
    code = ("import sys, symreg, symreg.render.figures, symreg.render.report, "
            "symreg.render.latex, symreg.render.markdown, symreg.render.document; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_pdf_figures_embed_outline_fonts_and_labels_read_right(tmp_path, capfd):
    import re

    figures = fg.make_figures(tmp_path, fmt="pdf")
    assert capfd.readouterr().err == ""  # the font subsetter's notes stay quiet
    for figure in figures:
        content = (tmp_path / figure.file).read_bytes()
        kinds = set(re.findall(rb"/Subtype\s*/(\w+)", content))
        assert b"Type3" not in kinds, figure.file
        assert b"CIDFontType2" in kinds  # TrueType outlines
    # matplotlib's mathtext draws \left| tiny: legends print plain bars
    assert fg._mpl(symbols.lam * sympy.Abs(symbols.w)) == r"$\lambda |w|$"


@pytest.fixture(scope="module")
def cached_svg(tmp_path_factory):
    """Figures drawn once into a fresh cache: (cache dir, drawn dir, figures)."""
    cache = tmp_path_factory.mktemp("figure-cache")
    outdir = tmp_path_factory.mktemp("drawn")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SYMREG_CACHE_DIR", str(cache))
        mp.delenv("SYMREG_NO_CACHE", raising=False)
        figures = fg.make_figures(outdir, fmt="svg")
    return cache, outdir, figures


def _no_drawing():
    raise AssertionError("a figure was drawn")


@pytest.mark.slow
def test_figures_drawn_from_the_same_data_come_from_the_cache(cached_svg, tmp_path,
                                                               monkeypatch):
    cache, drawn, figures = cached_svg
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(cache))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    monkeypatch.setattr(fg, "_style", _no_drawing)
    again = fg.make_figures(tmp_path, fmt="svg")
    assert again == figures
    for figure in figures:
        assert (tmp_path / figure.file).read_bytes() == (drawn / figure.file).read_bytes()
    # Other data (the reader's notation is part of it) is another key.
    with printing.notation({symbols.w: r"\beta"}), pytest.raises(AssertionError,
                                                                  match=r"^a figure was drawn$"):
        fg.make_figures(tmp_path / "beta", fmt="svg")
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    with pytest.raises(AssertionError, match=r"^a figure was drawn$"):
        fg.make_figures(tmp_path / "off", fmt="svg")


@pytest.mark.slow
def test_an_edited_figure_entry_is_drawn_again(cached_svg, tmp_path, monkeypatch):
    import base64
    import json

    cache, drawn, figures = cached_svg
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(cache))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    entries = sorted((cache / "symreg-cache-1" / "figures").rglob("*.json"))
    assert len(entries) == len(figures)
    edited = next(p for p in entries if json.loads(p.read_bytes())["content"]["name"] == "prox")
    entry = json.loads(edited.read_bytes())
    entry["content"]["data"] = base64.b64encode(b"<svg>not the figure</svg>").decode()
    edited.write_text(json.dumps(entry), encoding="utf-8")
    redrawn: list[str] = []
    style = fg._style

    def counting():
        redrawn.append("style")
        return style()

    monkeypatch.setattr(fg, "_style", counting)
    again = fg.make_figures(tmp_path, fmt="svg")
    assert redrawn == ["style"]
    assert again == figures
    assert (tmp_path / "prox.svg").read_bytes() == (drawn / "prox.svg").read_bytes()
    assert json.loads(edited.read_bytes())["content"]["data"] != entry["content"]["data"]


def test_figures_are_drawn_with_one_parse_per_formula():
    # Each figure is laid out and drawn by three renderers, each with a mathtext
    # parser of its own: while figures are drawn, they share their parses
    # (symreg.render._mathparse), the files unchanged (the tests above compare bytes).
    from matplotlib.mathtext import MathTextParser

    own = MathTextParser.__dict__["_parse_cached"]
    with fg._style():
        first = MathTextParser("path").parse("$w$")
        assert MathTextParser("path").parse("$w$") is first
        assert MathTextParser.__dict__["_parse_cached"] is not own
    assert MathTextParser.__dict__["_parse_cached"] is own
