"""The one hard-deadline runner: tasks in worker processes that are killed at their deadline.

A worker runs tasks from this process only, fed length-prefixed pickles and
answering with them. It is reused while it answers in time, killed at a
deadline, capped in memory (POSIX), and it exits when its caller dies. On
Linux it is forked from this process's zygote (:mod:`symreg._zygote`), a
subprocess that has loaded the tasks' modules and run their warm-ups once, so
that replacing a killed worker costs a fork, not an interpreter; elsewhere,
or when the zygote fails, it is a fresh interpreter running
:func:`symreg._serve.serve` on its stdin and stdout (what runs inside a worker
is :mod:`symreg._serve`'s). Either way the caller never forks (it may have threads)
and its ``__main__`` is never imported again, unlike with multiprocessing's
spawn and forkserver. No signal handlers (SIGALRM) are involved: the caller's
timers stay untouched.

>>> import math
>>> run(math.factorial, (5,), timeout=60)
('ok', 120)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any, Literal

from symreg import _zygote
from symreg._serve import outcome as _outcome
from symreg._serve import read_frame as _read_frame
from symreg._serve import write_frame as _write_frame

__all__ = ["Outcome", "Pending", "cores", "here", "prepare", "run", "start", "stop_workers"]

#: ``("ok", result)``, ``("timeout", None)`` or ``("error", message)``.
Outcome = tuple[Literal["ok", "timeout", "error"], Any]

_WORKER_START_TIMEOUT = 60.0
_MAX_IDLE_WORKERS = 2
# Seconds a task's reply is waited for past its budget. A task that keeps its own
# deadline (the prover) replies within about 0.08 s of it; one that does not computes
# on until killed, so the grace is also its overshoot. A worker forked from the zygote
# is cheap to replace; a fresh interpreter costs over 0.5 s of CPU: a longer grace.
_GRACE_FORKED = 0.1
_GRACE_FRESH = 0.25
_TIMEOUT = object()
_MAX_WAIT = threading.TIMEOUT_MAX / 2  # seconds; a longer wait raises OverflowError


def _worker_env() -> dict[str, str]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env


#: This process's zygote (see :mod:`symreg._zygote`), started on first need.
_ZYGOTES = _zygote.Keeper(
    "from symreg._serve import zygote_main; zygote_main({caller}, {fd})",
    _WORKER_START_TIMEOUT)


class _Worker:
    """A worker process, with a reader thread that queues its replies."""

    def __init__(self, module: str | None = None,
                 warmup: Callable[[], object] | None = None) -> None:
        forked = None if module is None else _ZYGOTES.fork(
            module, (warmup.__module__, warmup.__qualname__) if warmup else None,
            _worker_env())
        self.proc: subprocess.Popen[bytes] | _zygote.Forked
        self.grace = _GRACE_FRESH if forked is None else _GRACE_FORKED
        if forked is None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c",
                 f"from symreg._serve import serve; serve({os.getpid()})"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=_worker_env(),
            )
            self.loaded: set[str] = set()
        else:
            self.proc, self.loaded = forked
        self.replies: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._read, name="symreg-worker", daemon=True).start()
        first = self.wait(_WORKER_START_TIMEOUT)
        if not (isinstance(first, tuple) and first[0] == "ready"):
            self.kill()
            raise RuntimeError("the worker process did not start")

    def _read(self) -> None:
        while True:
            try:
                self.replies.put(_read_frame(self.proc.stdout))
            except Exception:  # EOF, or the process was killed
                self.replies.put(None)
                return

    def wait(self, timeout: float) -> Any:
        try:
            # A budget beyond what a lock can wait for (1e10 s) is no limit in practice.
            return self.replies.get(timeout=min(timeout, _MAX_WAIT))
        except queue.Empty:
            return _TIMEOUT

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
            warmup: Callable[[], object] | None) -> Any:
        if fn.__module__ not in self.loaded:
            # Importing the task's module (SymPy with it) and warming it up are not
            # part of the task's budget.
            first = (warmup.__module__, warmup.__qualname__) if warmup else (fn.__module__, None)
            _write_frame(self.proc.stdin, (*first, ()))
            loaded = self.wait(_WORKER_START_TIMEOUT)
            if not (isinstance(loaded, tuple) and loaded[0] == "ok"):
                self.kill()
                raise RuntimeError(f"the worker process could not import {fn.__module__}")
            self.loaded.add(fn.__module__)
        _write_frame(self.proc.stdin, (fn.__module__, fn.__qualname__, args))
        reply = self.wait(timeout)
        if reply is _TIMEOUT:
            self.kill()
            return ("timeout", None)
        if reply is None:
            self.kill()
            return ("error", "the worker process died")
        return reply

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()

    def alive(self) -> bool:
        return self.proc.poll() is None


_IDLE_WORKERS: list[_Worker] = []
_IDLE_LOCK = threading.Lock()


def run(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float, *,
        warmup: Callable[[], object] | None = None) -> Outcome:
    """Run ``fn(*args)`` in a worker process that is killed after ``timeout`` seconds.

    ``fn`` must be a module-level function (it is named, not pickled); ``args``
    and the result must pickle. A :class:`~symreg.errors.SymregError` raised
    by ``fn`` is raised here; any other exception becomes an ``"error"``. A
    worker imports ``fn``'s module, and runs ``warmup()`` (a module-level
    function of the same module) once, before its first task of that module,
    outside the budget.

    Returns:
        ``("ok", result)``, ``("timeout", None)`` or ``("error", message)``.

    A ``timeout`` longer than the platform's longest wait (about 290 years)
    waits that long.

    >>> import time
    >>> run(time.sleep, (30,), timeout=0.5)
    ('timeout', None)
    >>> run(abs, (-2,), timeout=1e10)
    ('ok', 2)
    """
    return _raised(_run(fn, args, timeout, warmup, None))


def here(fn: Callable[..., Any], args: tuple[Any, ...]) -> Outcome:
    """``fn(*args)`` in this process, without a deadline, its outcome as :func:`run` gives it.

    For a caller that knows the task ends (the package's own derivations) and has
    nothing to do meanwhile: a worker process would load its modules again.

    >>> here(abs, (-2,))
    ('ok', 2)
    >>> here(int, ("x",))
    ('error', "ValueError: invalid literal for int() with base 10: 'x'")
    """
    return _raised(_outcome(fn, args))


def _raised(result: Any) -> Outcome:
    """The outcome of a task, its :class:`~symreg.errors.SymregError` raised here."""
    if result[0] == "raise":
        raise result[1]
    return (result[0], result[1])


def _run(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
         warmup: Callable[[], object] | None,
         attach: Callable[[_Worker | None], bool] | None) -> Any:
    """Run the task in an idle or a new worker.

    ``attach`` is told the worker before the task is sent (False: stop, the task
    unrun) and None once the task is over (before the worker serves another).
    """
    with _IDLE_LOCK:
        worker = _IDLE_WORKERS.pop() if _IDLE_WORKERS else None
    try:
        if worker is not None and not worker.alive():
            worker.kill()  # it died idle: release what is left of it
            worker = None
        if worker is None:
            worker = _Worker(fn.__module__, warmup)
        if attach is not None and not attach(worker):
            worker.kill()
            return ("error", "stopped before it ran")
        result = worker.run(fn, args, timeout + worker.grace, warmup)
    except (OSError, RuntimeError, EOFError, pickle.PicklingError, AttributeError,
            TypeError, ValueError) as exc:
        # TypeError: a task that cannot be pickled; ValueError: its worker was killed
        # (Pending.stop) while the task was being sent, closing the pipe.
        if worker is not None:
            worker.kill()
        return ("error", f"worker process failed: {exc}")
    finally:
        if attach is not None:
            attach(None)
    if worker.alive():
        with _IDLE_LOCK:
            if len(_IDLE_WORKERS) < _MAX_IDLE_WORKERS:
                _IDLE_WORKERS.append(worker)
                worker = None
        if worker is not None:
            worker.kill()
    return result


class Pending:
    """A task started by :func:`start`: it runs in a worker process while the caller works on.

    :meth:`outcome` waits for it and answers as :func:`run` does; :meth:`stop`
    kills its worker (when the caller no longer needs the result), after which
    the outcome is an ``"error"``.
    """

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
                 warmup: Callable[[], object] | None) -> None:
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._stopped = False
        self._result: Any = ("error", "the task did not finish")
        self._done = threading.Event()
        threading.Thread(target=self._serve, args=(fn, args, timeout, warmup),
                         name="symreg-task", daemon=True).start()

    def _serve(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
               warmup: Callable[[], object] | None) -> None:
        try:
            self._result = _run(fn, args, timeout, warmup, self._attach)
        except Exception as exc:  # the caller hears of every failure, as an outcome
            self._result = ("error", f"worker process failed: {exc}")
        finally:
            self._done.set()

    def _attach(self, worker: _Worker | None) -> bool:
        with self._lock:
            self._worker = worker
            return not self._stopped

    def outcome(self) -> Outcome:
        """Wait for the task; ``("ok", result)``, ``("timeout", None)`` or ``("error", message)``.

        A :class:`~symreg.errors.SymregError` raised by the task is raised here.
        """
        self._done.wait()
        return _raised(self._result)

    def stop(self) -> None:
        """Kill the task's worker, unless the task is over, and wait until it is gone."""
        with self._lock:
            self._stopped = True
            if self._worker is not None:  # the task is running: end it
                self._worker.kill()
        self._done.wait()


def start(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float, *,
          warmup: Callable[[], object] | None = None) -> Pending:
    """Start ``fn(*args)`` in a worker process as :func:`run` would, without waiting for it.

    >>> import math, time
    >>> task = start(math.factorial, (5,), timeout=60)
    >>> task.outcome()
    ('ok', 120)
    >>> task = start(time.sleep, (30,), timeout=60)
    >>> task.stop()
    >>> task.outcome()[0]
    'error'
    """
    return Pending(fn, args, timeout, warmup)


def cores() -> int:
    """How many cores this process may run on.

    >>> cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


def prepare(module: str, warmup: str | None = None) -> None:
    """Have the workers' template import ``module`` now, while this process works on.

    On Linux, in a thread of this process: the zygote is started (unless it
    is already), imports ``module`` (SymPy with it) and runs its function
    ``warmup``, if named, so that a task of ``module`` started later (with
    that warm-up) forks a worker at once instead of waiting for an interpreter
    to import it. For a caller about to import SymPy itself, which the zygote
    imports on the other core meanwhile; the module is named, so that the
    caller imports nothing for it. Elsewhere nothing is done.
    """
    if _zygote.SUPPORTED:
        threading.Thread(target=_ZYGOTES.prepare,
                         args=(module, None if warmup is None else (module, warmup),
                               _worker_env()),
                         name="symreg-prepare", daemon=True).start()


@atexit.register
def stop_workers() -> None:
    """Stop the idle worker processes and the zygote (a later :func:`run` starts afresh).

    >>> stop_workers()
    """
    with _IDLE_LOCK:
        workers = list(_IDLE_WORKERS)
        _IDLE_WORKERS.clear()
    for worker in workers:
        worker.kill()
    _ZYGOTES.stop()
