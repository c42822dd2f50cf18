"""Local Sphinx extension: pages generated from the installed symreg at build time.

On ``builder-inited`` it writes, under ``docs/catalogue/generated/`` (gitignored):

* one page per catalogue derivation, ``<name>.md``: the verified derivation as
  rendered by :func:`symreg.render.markdown.derivation_markdown`, how to
  reproduce it, and the figures that illustrate it;
* ``figures.md`` and ``figures/*.svg``: every figure of
  :func:`symreg.render.figures.make_figures`;
* ``toctree.inc.md``: the toctree of those pages, in catalogue order (included
  by ``catalogue/index.md``);
* ``conventions-table.inc.md`` and ``map-table.inc.md``: the conventions table
  of :func:`symreg.catalogue.conventions_table` and the MAP strengths of each
  prior (included by ``conventions.md``);
* ``public-names.inc.md``: an autosummary of the names exported by the
  ``symreg`` package, each linked to the module that defines and documents it
  (included by ``api/index.md``).

Nothing of a derivation is typed in here: every formula comes from the package.
A file is rewritten only when its content changes, so incremental builds stay
incremental. ``SYMREG_DOCS_SKIP_GENERATE=1`` keeps whatever is already there
(for quick edits of the hand-written pages).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

GENERATED = Path("catalogue") / "generated"

# Which catalogue page shows which figure, by the figure's name. A figure that
# is in no entry here is still on the figures page; an entry naming a figure or
# derivation that no longer exists fails the build (see _check_figure_map).
FIGURE_PAGES: dict[str, str] = {
    "penalties": "value-crossover",
    "gradients": "gradient-crossover",
    "step-ratio": "epsilon-step",
    "prox": "prox",
    "descent": "descent",
}


def _write(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` unless it is already there; True if written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8", newline="\n")
    return True


def _sync_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return
    shutil.copyfile(source, target)


def _math(obj: Any) -> str:
    from symreg.printing import latex

    return "$" + latex(obj) + "$"


def _figure_block(figure: Any, prefix: str, *, label: bool = False) -> str:
    """A MyST figure; ``label`` gives it the target ``figure-<name>`` (once per site)."""
    from symreg.render.markdown import text

    return "\n".join([
        f":::{{figure}} {prefix}{figure.file}",
        *([f":name: figure-{figure.name}"] if label else []),
        f":alt: {figure.name}",
        "",
        text(figure.caption),
        ":::",
    ])


def _derivation_page(name: str, derivation: Any, figures: Iterable[Any]) -> str:
    from symreg.render.markdown import derivation_markdown

    blocks = [f"(catalogue-{name})=", derivation_markdown(derivation, level=1)]
    shown = list(figures)
    if shown:
        blocks.append("## Figures")
        blocks += [_figure_block(f, "figures/") for f in shown]
    blocks += [
        "## Reproduce it",
        "Every step above was checked by `Derivation.verify()` when this page was "
        "built. The same derivation, as LaTeX or Markdown:\n\n"
        f"```console\n$ symreg derive {name} --format latex\n"
        f"$ symreg derive {name} --format markdown\n```",
        "and from Python:\n\n```python\nfrom symreg import catalogue\n\n"
        f'd = catalogue.get("{name}")  # built and verified\n'
        "print(d.latex())  # the steps as an align* block\n"
        "print(d.markdown())  # this page's derivation, as Markdown\n```",
    ]
    return "\n\n".join(blocks) + "\n"


def _figures_page(figures: Iterable[Any]) -> str:
    blocks = [
        "(catalogue-figures)=",
        "# Figures",
        "Every curve is a lambdified symbolic result and every marked point a "
        "computed crossover; the captions state the plotting parameters. The same "
        "files (as PDF) go into the LaTeX report.",
    ]
    blocks += [_figure_block(f, "figures/", label=True) for f in figures]
    return "\n\n".join(blocks) + "\n"


def _toctree(names: Iterable[str]) -> str:
    lines = ["```{toctree}", ":maxdepth: 1", ""]
    lines += [f"generated/{name}" for name in names]
    lines += ["generated/figures", "```"]
    return "\n".join(lines) + "\n"


def _list_table(header: list[str], rows: list[list[str]], widths: str = "auto") -> str:
    lines = ["```{list-table}", ":header-rows: 1", f":widths: {widths}", ""]
    for row in [header, *rows]:
        first, *rest = row
        lines.append(f"* - {first}")
        lines += [f"  - {cell}" for cell in rest]
    lines.append("```")
    return "\n".join(lines) + "\n"


def _conventions_table() -> str:
    from symreg import catalogue
    from symreg.penalties import L2
    from symreg.render.markdown import text

    rows = [
        [text(row.quantity), _math(row.full), _math(row.half), text(row.note) or ""]
        for row in catalogue.conventions_table()
    ]
    header = ["Quantity", f"under {_math(L2().expr)}", f"under {_math(L2(half=True).expr)}",
              "Note"]
    return _list_table(header, rows)


def _map_table() -> str:
    """MAP strengths of each prior, as a penalty and in linear regression."""
    import sympy

    from symreg.map import map_penalty, regression_map
    from symreg.printing import latex
    from symreg.priors import Gaussian, GeneralizedGaussian, Laplace
    from symreg.symbols import lam, w

    rows = []
    for prior in (Gaussian(), Laplace(), GeneralizedGaussian()):
        full, half = map_penalty(prior), map_penalty(prior, half=True)
        strengths = [f"{_math(sympy.Eq(lam, full.strength))} in {_math(full.convention.expr)}"]
        if half.penalty != full.penalty:
            strengths.append(f"{_math(sympy.Eq(lam, half.strength))} in "
                             f"{_math(half.convention.expr)}")
        regressions = []
        for fit in (regression_map(prior), regression_map(prior, half=True)):
            # data fit first, then the penalty, as the objective is usually written
            objective = f"{latex(fit.data_fit)} + {latex(lam * fit.regularizer)}"
            regressions.append(f"{_math(sympy.Eq(lam, fit.lam))} in ${objective}$")
        rows.append([
            f"{prior.name}: {_math(prior.density(w))}",
            _math(full.penalty.expr),
            "; ".join(strengths),
            *regressions,
        ])
    header = ["Prior on $w$", "$-\\log p(w)$, up to a constant", "as a penalty",
              "regression", "regression, halved objective"]
    return _list_table(header, rows, widths="2 1 2 3 3")


def _public_names() -> str:
    """An autosummary of every name exported by ``symreg``, linked to where it is documented."""
    import symreg

    lines = ["```{eval-rst}", ".. autosummary::", ""]
    for name in sorted(n for n in symreg.__all__ if not n.startswith("_")):
        lines.append(f"   ~{getattr(symreg, name).__module__}.{name}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def _check_figure_map(names: Iterable[str], figures: Iterable[Any]) -> None:
    known_figures = {f.name for f in figures}
    known_names = set(names)
    for figure, page in FIGURE_PAGES.items():
        if figure not in known_figures or page not in known_names:
            raise RuntimeError(
                f"docs/_ext/symreg_pages.py: FIGURE_PAGES maps figure {figure!r} to page "
                f"{page!r}, but the package has figures {sorted(known_figures)} and "
                f"derivations {sorted(known_names)}")


def generate(srcdir: Path) -> list[Path]:
    """Write every generated page under ``srcdir``; return the files (re)written."""
    from symreg import catalogue
    from symreg.render.figures import make_figures

    out = Path(srcdir) / GENERATED
    written: list[Path] = []

    def put(relative: str, content: str) -> None:
        if _write(out / relative, content):
            written.append(out / relative)

    with tempfile.TemporaryDirectory(prefix="symreg-docs-") as tmp:
        figures = make_figures(Path(tmp), fmt="svg")
        for figure in figures:
            _sync_file(Path(tmp) / figure.file, out / "figures" / figure.file)
    names = catalogue.names()
    _check_figure_map(names, figures)
    for name in names:
        shown = [f for f in figures if FIGURE_PAGES.get(f.name) == name]
        put(f"{name}.md", _derivation_page(name, catalogue.get(name), shown))
    put("figures.md", _figures_page(figures))
    put("toctree.inc.md", _toctree(names))
    put("conventions-table.inc.md", _conventions_table())
    put("map-table.inc.md", _map_table())
    put("public-names.inc.md", _public_names())
    # Pages of derivations that left the catalogue would linger as orphans.
    expected = {f"{name}.md" for name in names} | {
        "figures.md", "toctree.inc.md", "conventions-table.inc.md", "map-table.inc.md",
        "public-names.inc.md"}
    for stale in out.glob("*.md"):
        if stale.name not in expected:
            stale.unlink()
    expected_figures = {f.file for f in figures}
    for stale in (out / "figures").glob("*"):
        if stale.name not in expected_figures:
            stale.unlink()
    return written


def undocumented_data(modname: str) -> list[str]:
    """Public names of ``modname`` that ``automodule`` leaves out.

    ``automodule :members:`` documents classes and functions, and data with a
    ``#:`` comment; module-level data without one (symbols, type aliases) would
    be missing from the reference although ``__all__`` exports it.
    """
    import importlib
    import inspect

    from sphinx.pycode import ModuleAnalyzer

    module = importlib.import_module(modname)
    commented = {name for (scope, name) in ModuleAnalyzer.for_module(modname).find_attr_docs()
                 if scope == ""}
    missing = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
            continue
        if name not in commented:
            missing.append(name)
    return missing


def _assumptions(symbol: Any) -> str:
    """The assumptions of a SymPy symbol that matter here, in words."""
    words = [word for word, flag in (("integer", symbol.is_integer),
                                      ("positive", symbol.is_positive),
                                      ("nonnegative", symbol.is_nonnegative and
                                       not symbol.is_positive),
                                      ("real", symbol.is_real and not symbol.is_integer
                                       and not symbol.is_positive))
             if flag]
    return ", ".join(words) or "no assumptions"


def _data_entry(modname: str, name: str) -> list[str]:
    """A ``py:data`` entry for one public datum (its value's own docstring is not used)."""
    import importlib

    import sympy

    obj = getattr(importlib.import_module(modname), name)
    if isinstance(obj, sympy.Symbol):
        return [f".. py:data:: {name}", f"   :module: {modname}",
                f"   :value: {obj.name}", "",
                f"   The symbol ``{obj.name}`` ({_assumptions(obj)}).", ""]
    value = " ".join(repr(obj).split())
    if len(value) > 160:
        value = value[:157] + "..."
    return [f".. py:data:: {name}", f"   :module: {modname}", f"   :value: {value}", ""]


def _public_data_directive() -> Any:
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class PublicData(SphinxDirective):
        """``.. symreg-public-data:: MODULE``: autodata for its undocumented public data."""

        required_arguments = 1

        def run(self) -> list[Any]:
            modname = self.arguments[0]
            lines: list[str] = []
            for name in undocumented_data(modname):
                lines += _data_entry(modname, name)
            if not lines:
                return []
            container = nodes.container()
            source = self.get_source_info()[0] or "<symreg-public-data>"
            self.state.nested_parse(StringList(lines, source), self.content_offset, container)
            return container.children

    return PublicData


def _on_builder_inited(app: Any) -> None:
    if os.environ.get("SYMREG_DOCS_SKIP_GENERATE") and (Path(app.srcdir) / GENERATED).is_dir():
        return
    generate(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    app.add_directive("symreg-public-data", _public_data_directive())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
