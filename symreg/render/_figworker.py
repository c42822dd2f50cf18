"""The report's figures drawn in a worker process while the report's derivations are built.

The results the figures plot (proxes, crossovers, descents) are mostly
derived by the catalogue too, so the report's process derives them, each once
(:mod:`symreg.render._figdata`). Drawing is independent of building and
verifying the catalogue, and a good part of a cold report. So on a machine
with more than one core the report first sets a worker process of
:mod:`symreg._budget` going (:func:`start`), which loads matplotlib
(:func:`warm`, unless the cache is on and may hold the figures already) while
the report derives the shared results in its own process (of the package's
own penalties, which finish, so no worker is waited for:
:func:`symreg.prox.in_this_process`), descents included (the catalogue's
descent entry quotes the L1 one). A report that has given its worker other work first (catalogue
entries: :mod:`symreg.catalogue._elsewhere`) passes that task as ``after``:
the drawing then follows it in the same worker. Then that worker (see
:class:`Drawing`) draws the figures, given the results (frozen as written;
one that would not come back as written is derived there), the reader's notation, the
LaTeX macros in force and the state of the cache; the report collects the
figures when its text is ready (:func:`finish`). The worker writes exactly
the files that :func:`symreg.render.figures.make_figures` writes in the caller.

A worker that could not draw (it did not start, or it failed with an error
that is not one of symreg's) is not trusted to explain itself: the figures
are then drawn again in the caller, where the same error is raised as it
would have been without the worker. A :class:`~symreg.errors.SymregError`
raised in the worker is raised in the caller as it is. When the report stops
early (a step fails to verify), it stops the drawing (:meth:`Drawing.stop`),
which kills the worker, before the report's temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symreg import _budget, _cache, printing

if TYPE_CHECKING:
    from symreg.render.figures import Figure, FigureFormat

__all__ = ["Drawing", "Then", "draw", "finish", "ready", "start", "warm"]

#: A drawn figure as it crosses between processes: (name, file name, caption).
Drawn = tuple[str, str, str]


def _cores() -> int:
    """How many cores this process may run on (:func:`symreg._budget.cores`).

    >>> _cores() >= 1
    True
    """
    return _budget.cores()


def draw(outdir: str, fmt: FigureFormat, notation: Mapping[Any, str], macros: bool,
         cache: str | None, results: Sequence[Any] = (), proxes: Sequence[Any] = ()
         ) -> tuple[Drawn, ...]:
    """Draw the report's figures into ``outdir`` (run in the worker process).

    ``cache`` is the cache directory of the caller, or None when its cache is
    off: a worker process may have been started under other settings.
    ``results`` are the figures' results derived by the caller
    (:func:`symreg.render._figdata.results`), ``proxes`` its prox derivations
    (:func:`symreg.prox.transfers`, for any result derived here). The errors are those of
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


def warm(fmt: FigureFormat) -> None:
    """Load what drawing in ``fmt`` takes: matplotlib's figures, its backend, and numpy.

    The task that sets the drawing's worker going (see :class:`Drawing`).
    """
    import importlib

    import matplotlib.figure
    import matplotlib.style  # noqa: F401

    importlib.import_module(f"matplotlib.backends.backend_{'agg' if fmt == 'png' else fmt}")


def ready() -> None:
    """Nothing: the task that sets a worker going when the figures may come from the cache."""


class Then:
    """``fn(*args)`` started in a worker process once the task ``first`` is over.

    In the worker ``first`` ran in, unless another task took it first: a task
    that follows another in its worker finds what that one loaded.
    :meth:`outcome` and :meth:`stop` are those of :class:`symreg._budget.Pending`.
    """

    def __init__(self, first: _budget.Pending | Then, fn: Callable[..., Any],
                 args: tuple[Any, ...]) -> None:
        self._first = first
        self._lock = threading.Lock()
        self._stopped = False
        self._task: _budget.Pending | None = None
        self._handed = threading.Event()
        threading.Thread(target=self._hand, args=(fn, args), name="symreg-then",
                         daemon=True).start()

    def _hand(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            with contextlib.suppress(Exception):  # a worker that failed to load: go on anyway
                self._first.outcome()
            with self._lock:
                if not self._stopped:
                    # No deadline of its own, in a worker or not.
                    self._task = _budget.start(fn, args, math.inf)
        finally:
            self._handed.set()

    def outcome(self) -> _budget.Outcome:
        """Wait for the task: as :meth:`symreg._budget.Pending.outcome`."""
        self._handed.wait()
        if self._task is None:
            return ("error", "stopped before it ran")
        return self._task.outcome()

    def stop(self) -> None:
        """Stop both tasks, and wait until their worker is gone."""
        with self._lock:
            self._stopped = True
        self._first.stop()
        self._handed.wait()
        if self._task is not None:
            self._task.stop()


class Drawing(Then):
    """The figures being drawn: a worker set going at once, then the drawing given to it.

    ``going`` is the task that sets a worker going (:func:`warm` loads
    matplotlib in it, :func:`ready` nothing, or other work followed by
    :func:`warm`); once it is over, its worker is idle, and the drawing
    (:func:`draw` of ``args``) is started, in that worker unless another task
    took it first.
    """

    def __init__(self, going: _budget.Pending | Then, args: tuple[Any, ...]) -> None:
        super().__init__(going, draw, args)


def start(outdir: Path, fmt: FigureFormat, *, after: _budget.Pending | None = None
          ) -> Drawing | None:
    """Start drawing the figures in a worker, deriving the shared results meanwhile; or None.

    None where a worker would not pay: it pays on more than one core, and only for
    the package's own figures (a caller that replaced
    :func:`~symreg.render.figures.make_figures` in this process draws with its
    own, in the process). ``after`` is a task already running in a worker: the
    drawing follows it there (matplotlib loaded after it, while this process
    derives), instead of a worker set going for it.
    """
    from symreg import prox
    from symreg.render import _figdata, _reportcache, figures

    own = getattr(figures.make_figures, "__qualname__", "") == "make_figures" and getattr(
        figures.make_figures, "__module__", "") == figures.__name__
    if _cores() < 2 or not own or not _reportcache.genuine():
        return None
    cache = str(_cache.cache_dir()) if _cache.enabled() else None
    # A worker is set going while this process derives; without the cache, it loads
    # matplotlib meanwhile (with it, the figures may all be there: no matplotlib).
    going: _budget.Pending | Then
    if after is None:
        going = (_budget.start(warm, (fmt,), math.inf) if cache is None
                 else _budget.start(ready, (), math.inf))
    else:  # after the work already given to it, matplotlib is loaded meanwhile too
        going = Then(after, warm, (fmt,)) if cache is None else after
    try:
        # The package's own penalties: derived here, not in a worker to be waited for.
        with prox.in_this_process():
            results = _figdata.results(figures._EPS)
    except BaseException:
        going.stop()
        raise
    return Drawing(going, (str(outdir), fmt, dict(printing.current_notation()),
                           printing.macros_enabled(), cache, results, prox.transfers()))


def finish(drawing: Drawing | None, outdir: Path, fmt: FigureFormat
           ) -> tuple[Figure, ...]:
    """The figures drawn by ``drawing`` into ``outdir`` (without one, drawn now, here)."""
    from symreg.render import figures

    if drawing is not None:
        kind, drawn = drawing.outcome()
        if kind == "ok":
            return tuple(figures.Figure(name=name, file=file, caption=caption)
                         for name, file, caption in drawn)
    return figures.make_figures(outdir, fmt=fmt)
