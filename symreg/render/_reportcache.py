"""A whole report remembered on disk: an identical report is written again, not rebuilt.

A build system does not rebuild a target whose inputs have not changed.
The inputs of a report are few and cheap to name: the format and the names
it writes (the figures folder, the bibliography), the Markdown flavor, the
LaTeX macros asked for, the reader's notation, the catalogue's entries, the source of symreg (every
module: the catalogue builds its derivations from the whole model, and the
renderers print them) and the versions of Python, SymPy, mpmath, matplotlib,
numpy and latexify-py (:class:`symreg._cache.Store` adds symreg's and SymPy's).
:func:`report_key` writes them all down without building anything; a report
built under a key is stored under it (its text, its bibliography and the
bytes of its figures) and taken back only on an exact match, MAC-checked by
the store. So a second ``symreg report`` with nothing changed proves, derives
and draws nothing, and a change anywhere (one line of a builder, another
notation) rebuilds the report, then from the finer caches of proved steps
and drawn figures.

Only the package's own report is kept: when a caller has replaced the
catalogue or a renderer in this process (tests do), nothing is taken from or
put in the cache, since the source no longer says what the report holds.

>>> parts = report_key("tex", figure_dir="x-figures", bibliography="x-references")
>>> parts[:3]
['tex', 'x-figures', 'x-references']
"""

from __future__ import annotations

import base64
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from symreg import _cache, printing

__all__ = ["Kept", "genuine", "load", "report_key", "save", "taken"]

_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def _sources() -> tuple[str, ...]:
    """Every source file of the package, in a fixed order."""
    return tuple(str(p) for p in sorted(_PACKAGE.rglob("*.py")))


def _store() -> _cache.Store:
    return _cache.Store(_cache.REPORTS, code=_sources())


def taken() -> int:
    """How many reports this process wrote from the cache of an identical earlier build.

    >>> taken() >= 0
    True
    """
    return _cache.stats().events_of("reports taken")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:
        return f"{package} absent"


def report_key(kind: str, *, figure_dir: str, bibliography: str,
               md_flavor: str = "", macros: bool = False) -> list[str]:
    """Everything a report of ``kind`` (``tex``, ``md``, ``pdf``) depends on, besides the source.

    The notation in force is read here, so call it inside the notation block.
    """
    import sympy

    notation = sorted((sympy.srepr(k), v) for k, v in printing.current_notation().items())
    versions = [f"python {sys.version}", *(_version(p) for p in (
        "mpmath", "matplotlib", "numpy", "latexify-py"))]
    return [kind, figure_dir, bibliography, md_flavor, repr(notation), *versions,
            f"macros {macros}"]


# What the report is built from, by module: (attribute, its own qualified name).
_OWN = {
    "symreg.catalogue": (("derivations", "symreg.catalogue.registry.derivations"),
                         ("conventions_table",
                          "symreg.catalogue.conventions.conventions_table")),
    "symreg.render.figures": (("make_figures", "symreg.render.figures.make_figures"),),
    "symreg.render.listings": (("listings", "symreg.render.listings.listings"),),
    "symreg.render.document": (("document", "symreg.render.document.document"),),
    "symreg.render.markdown": (("document", "symreg.render.markdown.document"),),
    "symreg.render.references": (("bibtex", "symreg.render.references.bibtex"),),
}


def _qualified(obj: object) -> str:
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"


def genuine() -> bool:
    """Whether the catalogue and the renderers the report calls are the package's own.

    A module not loaded yet cannot have been replaced, so nothing is imported
    here; the catalogue's registry must hold builders of the catalogue only.

    >>> genuine()
    True
    """
    for module_name, attributes in _OWN.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue
        # vars(): an attribute the catalogue loads on first use is not loaded here
        # (absent, it cannot have been replaced).
        if any(attribute in vars(module) and _qualified(vars(module)[attribute]) != own
               for attribute, own in attributes):
            return False
    registry = sys.modules.get("symreg.catalogue.registry")
    if registry is None:
        return True
    entries = getattr(registry, "_REGISTRY", None)
    return isinstance(entries, MappingProxyType) and all(
        getattr(e.build, "__module__", "").startswith("symreg.catalogue.")
        for e in entries.values())


@dataclass(frozen=True, slots=True)
class Kept:
    """A report as stored: its text, its bibliography, its figures (name, file, caption)."""

    source: str
    bib: str
    figures: tuple[tuple[str, str, str], ...]


def _figure(item: object) -> tuple[str, str, str, bytes] | None:
    if not (isinstance(item, list) and len(item) == 4 and all(isinstance(x, str) for x in item)):
        return None
    name, file, caption, data = item
    if not file or Path(file).name != file or file.startswith("."):
        return None
    try:
        return name, file, caption, base64.b64decode(data, validate=True)
    except ValueError:
        return None


def load(parts: Sequence[str], figures_dir: Path) -> Kept | None:
    """The report stored under ``parts``, its figures written into ``figures_dir``; or None."""
    content = _store().get(parts)
    if not isinstance(content, dict):
        return None
    source, bib, items = (content.get(k) for k in ("source", "bib", "figures"))
    if not (isinstance(source, str) and isinstance(bib, str) and isinstance(items, list)):
        return None
    figures = [_figure(item) for item in items]
    if any(f is None for f in figures):
        return None
    figures_dir.mkdir(parents=True, exist_ok=True)
    kept = []
    for figure in figures:
        assert figure is not None
        name, file, caption, raw = figure
        (figures_dir / file).write_bytes(raw)
        kept.append((name, file, caption))
    _cache.stats().note("reports taken")
    return Kept(source=source, bib=bib, figures=tuple(kept))


def save(parts: Sequence[str], kept: Kept, figures_dir: Path) -> None:
    """Store the report just built under ``parts`` (its figures read from ``figures_dir``)."""
    if not _cache.enabled():
        return
    items = [[name, file, caption,
              base64.b64encode((figures_dir / file).read_bytes()).decode("ascii")]
             for name, file, caption in kept.figures]
    _store().put(parts, {"source": kept.source, "bib": kept.bib, "figures": items})
