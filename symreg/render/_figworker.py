"""The report's figures drawn in a worker process while the report's derivations are built.

The results the figures plot (proxes, crossovers, descents) are mostly
derived by the catalogue too, so the report's process derives them, each once
(:mod:`symreg.render._figdata`); the proximal descents only the figures plot.
Drawing is independent of building and verifying the catalogue, and a good
part of a cold report. So on a machine with more than one core the report
derives the shared results first, then starts a worker process of
:mod:`symreg._budget` (:func:`start`) that derives the figures' own results
and draws them, given the shared results (frozen as written), the reader's
notation, the LaTeX macros in force and the state of the cache; the report
collects the figures when its text is ready (:func:`finish`). The worker
writes exactly the files that :func:`symreg.render.figures.make_figures`
writes in the caller.

A worker that could not draw (it did not start, or it failed with an error
that is not one of symreg's) is not trusted to explain itself: the figures
are then drawn again in the caller, where the same error is raised as it
would have been without the worker. A :class:`~symreg.errors.SymregError`
raised in the worker is raised in the caller as it is. When the report stops
early (a step fails to verify), it stops the task (:meth:`symreg._budget.Pending.stop`),
which kills the worker, before the report's temporary folder is removed.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symreg import _budget, _cache, printing

if TYPE_CHECKING:
    from symreg.render.figures import Figure, FigureFormat

__all__ = ["draw", "finish", "start"]

#: A drawn figure as it crosses between processes: (name, file name, caption).
Drawn = tuple[str, str, str]


def _cores() -> int:
    """How many cores this process may run on.

    >>> _cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


def draw(outdir: str, fmt: FigureFormat, notation: Mapping[Any, str], macros: bool,
         cache: str | None, results: Sequence[Any] = (), proxes: Sequence[Any] = ()
         ) -> tuple[Drawn, ...]:
    """Draw the report's figures into ``outdir`` (run in the worker process).

    ``cache`` is the cache directory of the caller, or None when its cache is
    off: a worker process may have been started under other settings.
    ``results`` are the figures' results derived by the caller
    (:func:`symreg.render._figdata.results`), ``proxes`` its prox derivations
    (:func:`symreg.prox.transfers`, for the descents derived here). The errors are those of
    :func:`~symreg.render.figures.make_figures`:

    >>> draw("figures", "jpg", {}, False, None)  # type: ignore[arg-type]
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: fmt must be one of pdf, svg, png, got 'jpg'
    """
    from symreg import prox
    from symreg.render import _figdata
    from symreg.render.figures import make_figures

    prox.adopt(proxes)

    with _cache.in_force(cache), printing.notation(notation), printing.macros(macros), \
            _figdata.given(results):
        figures = make_figures(Path(outdir), fmt=fmt)
    return tuple((f.name, f.file, f.caption) for f in figures)


def start(outdir: Path, fmt: FigureFormat) -> _budget.Pending | None:
    """Derive the shared results, and start drawing the figures in a worker; or None.

    None where a worker would not pay: it pays on more than one core, and only for
    the package's own figures (a caller that replaced
    :func:`~symreg.render.figures.make_figures` in this process draws with its
    own, in the process).
    """
    from symreg import prox
    from symreg.render import _figdata, _reportcache, figures

    own = getattr(figures.make_figures, "__qualname__", "") == "make_figures" and getattr(
        figures.make_figures, "__module__", "") == figures.__name__
    if _cores() < 2 or not own or not _reportcache.genuine():
        return None
    cache = str(_cache.cache_dir()) if _cache.enabled() else None
    # The proximal descents are the figures' own (the catalogue derives the gradient
    # descent of L2 only): the worker derives them, while this process builds.
    l1, l2, _ = _figdata._penalties()
    leave = {("_descent", l1, "proximal"), ("_descent", l2, "proximal")}
    results = _figdata.results(figures._EPS, leave=leave)
    args = (str(outdir), fmt, dict(printing.current_notation()), printing.macros_enabled(),
            cache, results, prox.transfers())
    # Drawing has no deadline of its own, in a worker or not.
    return _budget.start(draw, args, math.inf)


def finish(drawing: _budget.Pending | None, outdir: Path, fmt: FigureFormat
           ) -> tuple[Figure, ...]:
    """The figures drawn by ``drawing`` into ``outdir`` (without one, drawn now, here)."""
    from symreg.render import figures

    if drawing is not None:
        kind, drawn = drawing.outcome()
        if kind == "ok":
            return tuple(figures.Figure(name=name, file=file, caption=caption)
                         for name, file, caption in drawn)
    return figures.make_figures(outdir, fmt=fmt)
