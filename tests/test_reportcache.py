"""Tests of symreg.render._reportcache: a whole report kept, taken back, and rebuilt when edited.

Most tests build a small report (two derivations, two tiny figure files, no
listings) in a cache directory of their own, with the real renderers, so
they are cheap; one test writes the package's own report twice.
"""

from __future__ import annotations

import json
import re

import pytest
import sympy

from symreg import _cache
from symreg import catalogue as real_catalogue
from symreg.derivation import Derivation, Step
from symreg.render import _reportcache, figures, listings, report
from symreg.render.figures import Figure
from symreg.symbols import eps, lam, w


def _derivations() -> tuple[Derivation, ...]:
    return (
        Derivation(name="step-gain", title="One step toward zero", steps=(
            Step(lam * w**2 - lam * (w - eps) ** 2, 2 * eps * lam * w - eps**2 * lam,
                 reason="expand the square", where=w >= eps),)),
        Derivation(name="square", title="A square", steps=(
            Step(sympy.Pow(sympy.Abs(w), 2, evaluate=False), w**2, reason="w is real"),)),
    )


class _Counted:
    """The small report's sources, counting how often the report was built."""

    def __init__(self) -> None:
        self.builds = 0
        self.drawn = b"%PDF-fake penalties\n"

    def derivations(self) -> tuple[Derivation, ...]:
        self.builds += 1
        return _derivations()

    def make_figures(self, outdir, *, fmt):
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / f"penalties.{fmt}").write_bytes(self.drawn)
        return (Figure(name="penalties", file=f"penalties.{fmt}", caption="$w$ and $|w|$"),)


@pytest.fixture
def small(monkeypatch, tmp_path):
    """The small report, with a cache of its own, kept as if it were the package's own."""
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    sources = _Counted()
    monkeypatch.setattr(real_catalogue, "derivations", sources.derivations)
    monkeypatch.setattr(real_catalogue, "conventions_table", lambda: ())
    monkeypatch.setattr(figures, "make_figures", sources.make_figures)
    monkeypatch.setattr(listings, "listings", lambda: ())
    # The replaced sources make genuine() refuse the cache; these tests keep the small
    # report in their own directory, where no real report can meet it.
    monkeypatch.setattr(_reportcache, "genuine", lambda: True)
    (tmp_path / "out").mkdir()
    return sources, tmp_path / "out"


def _files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _entries(tmp_path):
    return sorted((tmp_path / "cache" / _cache.FORMAT / "reports").rglob("*.json"))


def test_a_second_identical_report_is_taken_from_the_cache_byte_for_byte(small, tmp_path):
    sources, out = small
    report.write_report(out / "r.tex")
    first = _files(out)
    assert sources.builds == 1
    assert len(_entries(tmp_path)) == 1
    for path in out.rglob("*"):
        if path.is_file():
            path.unlink()
    taken = _reportcache.taken()
    report.write_report(out / "r.tex")
    assert sources.builds == 1  # nothing was built again
    assert _reportcache.taken() == taken + 1
    assert _files(out) == first
    assert sorted(first) == ["r-figures/penalties.pdf", "r-references.bib", "r.tex"]


def test_the_report_with_the_cache_off_is_the_same_and_leaves_no_entry(small, tmp_path):
    sources, out = small
    report.write_report(out / "r.md")
    kept = _files(out)
    with _cache.disabled():
        report.write_report(out / "r.md")
        report.write_report(out / "r.md")
    assert sources.builds == 3
    assert _files(out) == kept
    assert len(_entries(tmp_path)) == 1


@pytest.mark.parametrize("edit", ["source", "figure", "mac", "truncate"])
def test_an_edited_entry_is_detected_and_the_report_rebuilt(small, tmp_path, edit):
    sources, out = small
    report.write_report(out / "r.tex")
    first = _files(out)
    (entry,) = _entries(tmp_path)
    stored = json.loads(entry.read_bytes())
    if edit == "source":
        stored["content"]["source"] = stored["content"]["source"].replace("square", "cube")
    elif edit == "figure":
        stored["content"]["figures"][0][3] = "JVBERi1ldmls"  # other bytes, valid base64
    elif edit == "mac":
        stored["mac"] = "0" * 64
    data = json.dumps(stored).encode()
    entry.write_bytes(data[:-9] if edit == "truncate" else data)
    rejected = _cache.stats().rejected
    report.write_report(out / "r.tex")
    assert sources.builds == 2  # rebuilt, not trusted
    assert _cache.stats().rejected == rejected + 1
    assert _files(out) == first
    report.write_report(out / "r.tex")  # the entry was replaced by a good one
    assert sources.builds == 2
    assert _files(out) == first


def test_another_input_is_another_entry(small, tmp_path):
    sources, out = small
    report.write_report(out / "r.md")
    report.write_report(out / "r.md", md_flavor="gfm")
    report.write_report(out / "r.md", notation={"w": r"\beta"})
    report.write_report(out / "r.tex")
    report.write_report(out / "s.tex")  # its figures folder and bibliography are named s-
    report.write_report(out / "s.tex", macros=True)
    assert sources.builds == 6
    assert len(_entries(tmp_path)) == 6
    assert r"\beta" in (out / "r.md").read_text(encoding="utf-8")
    report.write_report(out / "r.md")  # the first report again: from the cache
    assert sources.builds == 6
    assert r"\beta" not in (out / "r.md").read_text(encoding="utf-8")


def test_the_key_names_every_input():
    base = _reportcache.report_key("md", figure_dir="r-figures", bibliography="",
                                   md_flavor="myst")
    assert base[:4] == ["md", "r-figures", "", "myst"]
    assert any(re.fullmatch(r"python 3\..*", part) for part in base)
    assert {p.split()[0] for p in base[5:]} >= {"mpmath", "matplotlib", "numpy", "latexify-py"}
    from symreg import printing

    with printing.notation({"w": r"\beta"}):
        named = _reportcache.report_key("md", figure_dir="r-figures", bibliography="",
                                        md_flavor="myst")
    assert named != base
    assert r"\\beta" in named[4]
    assert _reportcache.report_key("tex", figure_dir="r-figures", bibliography="",
                                   md_flavor="myst") != base
    assert _reportcache.report_key("md", figure_dir="r-figures", bibliography="",
                                   md_flavor="myst", macros=True) != base


def test_the_source_of_every_module_is_in_the_key():
    sources = _reportcache._sources()
    assert any(s.endswith("catalogue/proximal.py") for s in sources)
    assert any(s.endswith("render/latex.py") for s in sources)
    assert any(s.endswith("proof/_prove.py") for s in sources)
    assert list(sources) == sorted(sources)


def test_a_replaced_catalogue_or_renderer_is_never_cached(monkeypatch):
    assert _reportcache.genuine()
    monkeypatch.setattr(real_catalogue, "derivations", lambda: ())
    assert not _reportcache.genuine()
    monkeypatch.undo()
    monkeypatch.setattr(figures, "make_figures", lambda outdir, *, fmt: ())
    assert not _reportcache.genuine()
    monkeypatch.undo()
    from symreg.catalogue import registry

    entry = registry.Entry(name="x", title="X", build=lambda title: _derivations()[0])
    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, "x": entry})
    assert not _reportcache.genuine()


def test_a_replaced_catalogue_writes_no_entry(monkeypatch, tmp_path):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    monkeypatch.setattr(real_catalogue, "derivations", _derivations)
    monkeypatch.setattr(real_catalogue, "conventions_table", lambda: ())
    monkeypatch.setattr(figures, "make_figures", _Counted().make_figures)
    monkeypatch.setattr(listings, "listings", lambda: ())
    report.write_report(tmp_path / "r.md")
    assert _entries(tmp_path) == []


@pytest.mark.parametrize("item", [
    ["p", "../p.pdf", "c", "AAAA"], ["p", ".hidden", "c", "AAAA"], ["p", "p.pdf", "c", "*"],
    ["p", "p.pdf", "c"], "p.pdf",
])
def test_an_entry_naming_a_file_outside_the_figures_folder_is_not_used(tmp_path, monkeypatch,
                                                                         item):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    parts = ["md", "r-figures", "", "myst"]
    _reportcache._store().put(parts, {"source": "x", "bib": "", "figures": [item]})
    assert _reportcache.load(parts, tmp_path / "figures") is None
    assert not (tmp_path / "figures").exists()
    assert not (tmp_path / "p.pdf").exists()
