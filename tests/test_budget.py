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
