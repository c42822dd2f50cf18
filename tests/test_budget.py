"""The hard-deadline runner (symreg._budget): results, timeouts, errors, no signals."""

from __future__ import annotations

import math
import signal
import time

import pytest

from symreg import _budget
from symreg.errors import InvalidParameterError
from symreg.proof import clear_caches


def test_a_result_comes_back():
    assert _budget.run(math.factorial, (6,), timeout=60) == ("ok", 720)


@pytest.mark.slow
def test_a_slow_task_is_killed_at_its_deadline():
    started = time.monotonic()
    assert _budget.run(time.sleep, (60,), timeout=0.5) == ("timeout", None)
    assert time.monotonic() - started < 30
    # the next task gets a fresh worker
    assert _budget.run(math.factorial, (3,), timeout=60) == ("ok", 6)


def test_an_exception_becomes_an_error():
    kind, message = _budget.run(math.factorial, (-1,), timeout=60)
    assert kind == "error"
    assert message == "ValueError: factorial() not defined for negative values"


def test_symreg_errors_are_raised_in_the_caller():
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        _budget.run(_budget_check_timeout, (0,), timeout=60)


def test_the_callers_timer_is_left_alone():
    old = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        assert _budget.run(clear_caches, (), timeout=60) == ("ok", None)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 60
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_IGN
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_stop_workers_is_idempotent():
    _budget.stop_workers()
    _budget.stop_workers()
    assert _budget.run(abs, (-2,), timeout=60) == ("ok", 2)


# a module-level task that raises a SymregError
from symreg._answers import check_timeout as _budget_check_timeout  # noqa: E402


def test_a_timeout_beyond_the_longest_wait_is_no_limit():
    # Once an OverflowError: a lock cannot wait 1e10 seconds.
    assert _budget.run(abs, (-3,), timeout=1e10) == ("ok", 3)


# ---------------------------------------------------------------------------
# start: a task that runs while the caller works on


@pytest.mark.slow
def test_a_started_task_runs_beside_the_caller():
    task = _budget.start(time.sleep, (0.3,), timeout=60)
    # the caller is free meanwhile, and its own tasks get another worker
    assert _budget.run(math.factorial, (4,), timeout=60) == ("ok", 24)
    assert task.outcome() == ("ok", None)
    task.stop()  # over already: the outcome stays
    assert task.outcome() == ("ok", None)


@pytest.mark.slow
def test_a_started_task_keeps_its_deadline():
    started = time.monotonic()
    task = _budget.start(time.sleep, (60,), timeout=0.3)
    assert task.outcome() == ("timeout", None)
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_a_started_task_raises_symreg_errors_in_the_caller():
    task = _budget.start(_budget_check_timeout, (0,), timeout=60)
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        task.outcome()
    kind, message = _budget.start(math.factorial, (-1,), timeout=60).outcome()
    assert (kind, message) == ("error", "ValueError: factorial() not defined for negative values")


def test_stopping_a_started_task_kills_its_worker():
    task = _budget.start(time.sleep, (60,), timeout=120)
    deadline = time.monotonic() + 30
    while task._worker is None and time.monotonic() < deadline:  # the task is under way
        time.sleep(0.01)
    worker = task._worker
    assert worker is not None
    started = time.monotonic()
    task.stop()
    assert time.monotonic() - started < 10
    assert worker.proc.poll() is not None  # the process is gone
    assert task.outcome()[0] == "error"
    assert _budget.run(abs, (-5,), timeout=60) == ("ok", 5)  # later tasks get a fresh worker


def test_a_task_that_cannot_be_sent_is_an_error():
    import threading

    lock = threading.Lock()  # cannot be pickled
    assert _budget.run(abs, (lock,), timeout=60) == (
        "error", "worker process failed: cannot pickle '_thread.lock' object")
    assert _budget.start(abs, (lock,), timeout=60).outcome() == (
        "error", "worker process failed: cannot pickle '_thread.lock' object")


def test_a_worker_killed_while_its_task_is_sent_is_an_error(monkeypatch):
    # Pending.stop closes the pipe of the worker; a task being written to it then fails
    # with ValueError. Its thread reports that as the outcome (pytest would flag an
    # exception escaping the thread).
    def closed(stream, obj):
        raise ValueError("write to closed file")

    assert _budget.run(abs, (-1,), timeout=60) == ("ok", 1)  # an idle worker, its module loaded
    monkeypatch.setattr(_budget, "_write_frame", closed)
    assert _budget.start(abs, (-1,), timeout=60).outcome() == (
        "error", "worker process failed: write to closed file")
    monkeypatch.undo()
    assert _budget.run(abs, (-5,), timeout=60) == ("ok", 5)  # later tasks get a fresh worker


def test_here_runs_in_this_process_and_reports_as_a_worker_does():
    import os

    assert _budget.here(os.getpid, ()) == ("ok", os.getpid())
    assert _budget.here(math.factorial, (-1,)) == (
        "error", "ValueError: factorial() not defined for negative values")
    with pytest.raises(InvalidParameterError, match=r"^timeout must be a positive number"):
        _budget.here(_budget_check_timeout, (0,))
